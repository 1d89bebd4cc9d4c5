import fc from 'fast-check';

/** One edit of a text: the kinds of damage a hand-edited YAML file suffers. */
export type TextEdit =
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'swap-lines'; readonly a: number; readonly b: number }
  | { readonly kind: 'duplicate-line'; readonly line: number };

/** Random edits; inserted text is drawn from `bits` (fragments likely to confuse a parser) or anything. */
export function textEdit(bits: fc.Arbitrary<string>): fc.Arbitrary<TextEdit> {
  return fc.oneof(
    fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 20 }),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(bits, fc.string({ maxLength: 8 })),
    }),
    fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  );
}

/** `text` with `e` applied; positions wrap around, so every edit applies to any text. */
export function applyEdit(text: string, e: TextEdit): string {
  if (e.kind === 'delete' || e.kind === 'insert') {
    const at = e.at % (text.length + 1);
    return e.kind === 'delete'
      ? text.slice(0, at) + text.slice(at + e.length)
      : text.slice(0, at) + e.text + text.slice(at);
  }
  const lines = text.split('\n');
  if (e.kind === 'swap-lines') {
    const [a, b] = [e.a % lines.length, e.b % lines.length];
    [lines[a], lines[b]] = [lines[b], lines[a]];
  } else {
    const i = e.line % lines.length;
    lines.splice(i, 0, lines[i]);
  }
  return lines.join('\n');
}
