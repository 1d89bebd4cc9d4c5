/** Positions in the editor's text. */

/**
 * The character offset of a 1-based `line` and `column` in `text`, clamped to the text (a line past
 * the end gives the end; a column past its line gives the line's end).
 */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd === -1 ? text.length : lineEnd;
  return Math.min(offset + Math.max(0, column - 1), end);
}
