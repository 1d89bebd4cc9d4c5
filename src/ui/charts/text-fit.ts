/**
 * Text sizes without a browser to measure them: an estimate of a label's width at the charts' font
 * size, a word wrap for captions and a truncation for long names. The estimate errs wide (about the
 * width of a digit), which is what layout needs to avoid overlaps.
 */

/** Estimated width of `text` at 11 px in a system sans-serif font, px. */
export function textWidth(text: string, fontSize = 11): number {
  return Math.ceil(text.length * fontSize * 0.6);
}

/** Splits `text` at spaces into lines of at most `maxChars` characters (a longer word stays whole). */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= maxChars) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `text` cut to at most `maxChars` characters, ending in an ellipsis when cut. */
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

/**
 * A name (a variant's, a component's) over lines of at most `maxChars` characters, whole: broken at
 * spaces, else after a hyphen, underscore, dot or slash, else anywhere. Nothing is cut, so a legend
 * grows a line instead of hiding the end of a name.
 */
export function wrapName(name: string, maxChars: number): string[] {
  const width = Math.max(1, Math.floor(maxChars));
  // Pieces end after a break character or before a space; spaces themselves are dropped at line ends.
  const pieces = name.match(/[^\s_./-]*[_./-]+|[^\s_./-]+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  let spaced = false;
  const push = (): void => {
    if (line !== '') lines.push(line);
    line = '';
  };
  let rest = name;
  for (const piece of pieces) {
    const at = rest.indexOf(piece);
    spaced = at > 0 && /\s/.test(rest.slice(0, at));
    rest = rest.slice(at + piece.length);
    const joined = line === '' ? piece : `${line}${spaced ? ' ' : ''}${piece}`;
    if (joined.length <= width) {
      line = joined;
      continue;
    }
    push();
    let chunk = piece;
    while (chunk.length > width) {
      lines.push(chunk.slice(0, width));
      chunk = chunk.slice(width);
    }
    line = chunk;
  }
  push();
  return lines.length > 0 ? lines : [''];
}
