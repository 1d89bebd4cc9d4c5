import { expect, test } from 'vitest';
import {
  diagnosticMessage,
  placeDiagnostics,
  splitLines,
  tokenAt,
} from '../../src/ui/editor/diagnostic-ranges';
import type { DiagnosticData } from '../../src/worker/protocol';

/** A diagnostic of `default.yaml` at `line`:`column`. */
function at(line: number, column: number, extra: Partial<DiagnosticData> = {}): DiagnosticData {
  const file = extra.file ?? 'default.yaml';
  return {
    file,
    line,
    column,
    path: 'x',
    message: 'bad value',
    text: `${file}:${line}:${column}: bad value`,
    ...extra,
  };
}

/** The text each placed diagnostic covers. */
function covered(text: string, errors: DiagnosticData[], fileName?: string): string[] {
  const lf = splitLines(text)
    .map((l) => l.text)
    .join('\n');
  return placeDiagnostics(text, errors, [], fileName).map((d) => lf.slice(d.from, d.to));
}

const doc = [
  'name: shop',
  'seed: 42',
  'services:',
  '  - id: catalog',
  '    serviceTime: { p50: 5ms, p99: 3ms }',
].join('\n');

test('placeDiagnostics covers the token at the line and column', () => {
  expect(covered(doc, [at(1, 7), at(2, 1), at(4, 9), at(5, 35)])).toEqual(['shop', 'seed', 'catalog', '3ms']);
});

test('placeDiagnostics puts errors before warnings, each with its severity and data', () => {
  const error = at(2, 7);
  const warning = at(1, 1, { message: 'unused' });
  const placed = placeDiagnostics(doc, [error], [warning]);
  expect(placed.map((d) => [d.severity, d.from, d.to, d.data, d.displaced])).toEqual([
    ['error', 17, 19, error, false],
    ['warning', 0, 4, warning, false],
  ]);
});

test('placeDiagnostics stops a plain token at flow punctuation and a mapping colon, not at a URL colon', () => {
  expect(covered(doc, [at(5, 20), at(5, 25)])).toEqual(['p50', '5ms']);
  expect(covered('url: http://catalog:8080, x', [at(1, 6)])).toEqual(['http://catalog:8080']);
  expect(covered('key:', [at(1, 1)])).toEqual(['key']);
});

test('placeDiagnostics covers a quoted string up to its closing quote', () => {
  expect(covered(`name: "a \\" b" # c`, [at(1, 7)])).toEqual([`"a \\" b"`]);
  expect(covered(`name: 'it''s here' # c`, [at(1, 7)])).toEqual([`'it''s here'`]);
  expect(covered(`name: 'never closed`, [at(1, 7)])).toEqual([`'never closed`]);
});

test('placeDiagnostics covers one character at a space or punctuation, never zero', () => {
  expect(covered('a:  b', [at(1, 3)])).toEqual([' ']);
  expect(covered('x: [1, 2]', [at(1, 4), at(1, 6)])).toEqual(['[', ',']);
  const placed = placeDiagnostics('a: 1\nb: 2', [at(1, 5), at(2, 5)], []);
  expect(placed.map((d) => d.to - d.from)).toEqual([1, 1]);
});

test('placeDiagnostics takes a column past the end of the line as its last character', () => {
  expect(covered(doc, [at(1, 99), at(2, 9)])).toEqual(['p', '2']);
  const placed = placeDiagnostics(doc, [at(1, 99)], []);
  expect([placed[0].from, placed[0].to]).toEqual([9, 10]);
});

test('placeDiagnostics reads columns below 1 and non-numbers as column 1', () => {
  expect(covered(doc, [at(2, 0), at(2, -4), at(2, Number.NaN)])).toEqual(['seed', 'seed', 'seed']);
});

test('placeDiagnostics leaves a point on an empty line, the only place with no character', () => {
  const placed = placeDiagnostics('a: 1\n\nb: 2', [at(2, 1)], []);
  expect([placed[0].from, placed[0].to, placed[0].displaced]).toEqual([5, 5, false]);
  expect(placeDiagnostics('', [at(1, 1)], []).map((d) => [d.from, d.to])).toEqual([[0, 0]]);
});

test('placeDiagnostics counts a tab as one column, as the YAML parser does', () => {
  expect(covered('a:\tvalue\tb', [at(1, 4), at(1, 3)])).toEqual(['value', '\t']);
});

test('placeDiagnostics counts CRLF and CR breaks as one character each, as CodeMirror holds them', () => {
  const crlf = 'name: shop\r\nseed: 42\r\nduration: 60s';
  const placed = placeDiagnostics(crlf, [at(2, 7), at(3, 11)], []);
  expect(placed.map((d) => [d.from, d.to])).toEqual([
    [17, 19],
    [30, 33],
  ]);
  expect(covered(crlf, [at(2, 7), at(3, 11)])).toEqual(['42', '60s']);
  expect(covered('a: 1\rb: 22', [at(2, 4)])).toEqual(['22']);
});

test('placeDiagnostics counts columns in UTF-16 units and never splits a character', () => {
  // The YAML parser's columns are string offsets: the emoji takes two.
  const text = 'name: 🚀 rocket — ünïcode\nx: 1';
  expect(covered(text, [at(1, 7), at(1, 10), at(1, 19)])).toEqual(['🚀', 'rocket', 'ünïcode']);
  // Column 8 is the second half of the emoji: the range starts at the whole character.
  const [mid] = placeDiagnostics(text, [at(1, 8)], []);
  expect([mid.from, mid.to]).toEqual([6, 8]);
  // Past the end of a line that ends in an emoji: the whole emoji.
  expect(covered('a: 🚀', [at(1, 40)])).toEqual(['🚀']);
  expect(covered('a: [🚀]', [at(1, 5)])).toEqual(['🚀']);
});

test('placeDiagnostics puts a line that is not in the text on line 1, with its place in the message', () => {
  const placed = placeDiagnostics(doc, [at(99, 3), at(0, 1), at(2.5, 1)], []);
  expect(placed.map((d) => [d.from, d.to, d.displaced])).toEqual([
    [0, 4, true],
    [0, 4, true],
    [0, 4, true],
  ]);
  expect(placed[0].message).toBe('default.yaml:99:3: bad value');
});

test('placeDiagnostics puts a diagnostic of another file of a bundle on line 1', () => {
  const other = at(4, 9, { file: 'kong.yml' });
  const placed = placeDiagnostics(doc, [other, at(4, 9)], [], 'default.yaml');
  expect(placed.map((d) => [d.from, d.to, d.displaced])).toEqual([
    [0, 4, true],
    [38, 45, false],
  ]);
  expect(placed[0].message).toBe('kong.yml:4:9: bad value');
  // Without a file name every diagnostic is taken as the editor's.
  expect(placeDiagnostics(doc, [other], [])[0].displaced).toBe(false);
});

test('diagnosticMessage adds the expected form, the value found and the hint, one a line', () => {
  const d = at(5, 35, { expected: 'a duration > 5 ms', found: '3 ms', hint: 'use {dist: constant}' });
  expect(diagnosticMessage(d)).toBe(
    'bad value\nexpected: a duration > 5 ms\nfound: 3 ms\nuse {dist: constant}',
  );
  expect(diagnosticMessage(at(1, 1), true)).toBe('default.yaml:1:1: bad value');
});

test('splitLines gives each line its offset in the document', () => {
  expect(splitLines('a\r\nbc\rd\n')).toEqual([
    { from: 0, text: 'a' },
    { from: 2, text: 'bc' },
    { from: 5, text: 'd' },
    { from: 7, text: '' },
  ]);
});

test('tokenAt clamps to the line', () => {
  expect(tokenAt('abc', 10)).toEqual({ start: 2, end: 3 });
  expect(tokenAt('', 3)).toEqual({ start: 0, end: 0 });
  expect(tokenAt('abc def', Infinity)).toEqual({ start: 6, end: 7 });
});
