/**
 * Where the scenario layer's problems go in the editor: each `DiagnosticData` (a 1-based line and
 * column, no end) becomes a CodeMirror lint `Diagnostic` over a range of the document. Pure: it reads
 * the text and nothing else, so it is tested without a browser.
 */
import type { Diagnostic } from '@codemirror/lint';
import type { DiagnosticData } from '../../worker/protocol';

/** How bad a problem is; the editor draws errors and warnings apart. */
export type Severity = 'error' | 'warning';

/** A CodeMirror diagnostic together with the problem it shows. */
export interface PlacedDiagnostic extends Diagnostic {
  readonly severity: Severity;
  /** The problem as the worker reported it. */
  readonly data: DiagnosticData;
  /**
   * True when the problem could not be put where it says (it is about another file of a bundle, or
   * its line is not in the text): it is then shown on line 1 and its message starts with its place.
   */
  readonly displaced: boolean;
}

/** One line of the text: where it starts in the document and what it holds (without its break). */
interface Line {
  /** Offset of the line's first character in the document as CodeMirror holds it. */
  readonly from: number;
  readonly text: string;
}

/**
 * The lines of `text`, split as CodeMirror splits them: at `\r\n`, `\r` or `\n`, each break counting
 * as one character of the document. For text with `\n` breaks only, offsets are string offsets.
 */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let from = 0;
  for (const text_ of text.split(/\r\n?|\n/)) {
    lines.push({ from, text: text_ });
    from += text_.length + 1;
  }
  return lines;
}

/**
 * Places `errors` then `warnings` in `text`. `fileName`, when given, is the file the editor holds: a
 * problem reported for another file goes on line 1. So does one whose line is not in the text. A
 * column past the end of its line means the line's last character.
 *
 * The range starts at the problem's column and covers the token there: a quoted string up to its
 * closing quote, or a plain word up to a space, a flow bracket or comma, or a mapping colon. It is
 * never empty unless the line is (then CodeMirror draws a point).
 */
export function placeDiagnostics(
  text: string,
  errors: readonly DiagnosticData[],
  warnings: readonly DiagnosticData[],
  fileName?: string,
): PlacedDiagnostic[] {
  const lines = splitLines(text);
  return [
    ...errors.map((d) => placeDiagnostic(lines, d, 'error', fileName)),
    ...warnings.map((d) => placeDiagnostic(lines, d, 'warning', fileName)),
  ];
}

function placeDiagnostic(
  lines: readonly Line[],
  data: DiagnosticData,
  severity: Severity,
  fileName: string | undefined,
): PlacedDiagnostic {
  const elsewhere = fileName !== undefined && data.file !== fileName;
  const inText = Number.isInteger(data.line) && data.line >= 1 && data.line <= lines.length;
  const displaced = elsewhere || !inText;
  const line = lines[displaced ? 0 : data.line - 1];
  const column = displaced ? 1 : data.column;
  const { start, end } = tokenAt(line.text, column);
  return {
    from: line.from + start,
    to: line.from + end,
    severity,
    message: diagnosticMessage(data, displaced),
    data,
    displaced,
  };
}

/**
 * The full text of a problem as the editor's tooltip and lint panel read it: the message, then the
 * expected form, the value found and the hint, one a line. A displaced problem starts with its place.
 */
export function diagnosticMessage(data: DiagnosticData, displaced = false): string {
  const place = displaced ? `${data.file}:${data.line}:${data.column}: ` : '';
  const lines = [place + data.message];
  if (data.expected !== undefined) lines.push(`expected: ${data.expected}`);
  if (data.found !== undefined) lines.push(`found: ${data.found}`);
  if (data.hint !== undefined) lines.push(data.hint);
  return lines.join('\n');
}

/** Characters that end a plain YAML word: flow collection punctuation. */
const FLOW = new Set([',', '[', ']', '{', '}']);

/** The range (string offsets in `line`) of the token at 1-based `column`; see `placeDiagnostics`. */
export function tokenAt(line: string, column: number): { start: number; end: number } {
  if (line.length === 0) return { start: 0, end: 0 };
  let start = Math.min(Math.max(0, Number.isNaN(column) ? 0 : Math.floor(column) - 1), line.length);
  if (start === line.length) start = line.length - charLengthBefore(line, line.length);
  else if (isLowSurrogateOfPair(line, start)) start -= 1;

  const first = line[start];
  if (first === '"' || first === "'") return { start, end: closingQuote(line, start) };
  if (/\s/.test(first) || FLOW.has(first)) return { start, end: start + charLength(line, start) };
  let end = start;
  while (end < line.length) {
    const c = line[end];
    if (/\s/.test(c) || FLOW.has(c)) break;
    if (c === ':' && end > start && (end + 1 === line.length || /\s/.test(line[end + 1]))) break;
    end += 1;
  }
  return { start, end: Math.max(end, start + charLength(line, start)) };
}

/** The end (exclusive) of the quoted scalar opening at `start`, or the line's end if it is not closed. */
function closingQuote(line: string, start: number): number {
  const quote = line[start];
  for (let i = start + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i += 1;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'")
        i += 1; // '' is an escaped quote
      else return i + 1;
    }
  }
  return line.length;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when `at` is the second half of a surrogate pair (a column must not split a character). */
function isLowSurrogateOfPair(line: string, at: number): boolean {
  return at > 0 && isLowSurrogate(line.charCodeAt(at)) && isHighSurrogate(line.charCodeAt(at - 1));
}

/** UTF-16 length of the character starting at `at`: 2 for a surrogate pair, else 1. */
function charLength(line: string, at: number): number {
  return isHighSurrogate(line.charCodeAt(at)) && isLowSurrogate(line.charCodeAt(at + 1)) ? 2 : 1;
}

/** UTF-16 length of the character ending at `at`. */
function charLengthBefore(line: string, at: number): number {
  return at >= 2 && isLowSurrogateOfPair(line, at - 1) ? 2 : 1;
}
