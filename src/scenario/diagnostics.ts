/**
 * Diagnostics: what the loader reports instead of throwing. Each one names a position in the file,
 * the field path inside the scenario, and (where it helps) the expected form and the value found.
 */

import { ECHO_PREFIX, shortMiddle, shortPrefix, terminalSafe } from './echo';

/** A 1-based line and column in the source text. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

/** One problem found in a scenario file. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units like every JavaScript string index. */
  readonly column: number;
  /** e.g. "services[1].serviceTime.median"; empty for the document as a whole. */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
}

/** One step of a field path: a mapping key or a list index. */
export type PathSeg = string | number;
/** A field path from the document root. */
export type Path = readonly PathSeg[];

/** What a check knows about a problem; the reporter adds file, position and path. */
export interface Problem {
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
}

// Keys that read well after a dot; service ids often contain '-', so that is allowed too.
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Renders a path the way a reader writes it: `services[1].serviceTime.median`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

// Messages from the YAML library or from odd input may hold line breaks; a diagnostic is one line.
// (A white-space run holding a break becomes one space; `\s+` cannot backtrack, so this is linear.)
const oneLine = (s: string): string => s.replace(/\s+/g, (run) => (/[\r\n]/.test(run) ? ' ' : run));

// Each part may quote values from the file. Characters a terminal acts on are shown as escapes; a
// value (path, expected, found) is cut to a prefix, and the sentences (message, hint) are cut in their
// middle only when the line would pass LINE_MAX: a 1 MB id makes a line of under 1 KB, not of 2 MB.
const LINE_MAX = 1000;
const echoed = (text: string) => terminalSafe(oneLine(text));
const value = (text: string, max: number) => shortPrefix(echoed(text), max);

/** `text` in at most about `max` characters, cut in its middle (the cut's note takes ~30 of them). */
function fitSentence(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = Math.max(max - 30, 60);
  return shortMiddle(text, Math.ceil((kept * 2) / 3), Math.floor(kept / 3));
}

/**
 * `file:line:col: path: message (expected X, found Y) hint`, one line, no stack. Warnings say so after
 * the position. Characters a terminal would act on are shown as escapes (`terminalSafe`), and long
 * parts are cut so that the line stays short.
 */
export function formatDiagnostic(d: Diagnostic): string {
  let head = echoed(`${d.file}:${d.line}:${d.column}: `);
  if (d.severity === 'warning') head += 'warning: ';
  if (d.path !== '') head += `${value(d.path, 100)}: `;
  const detail = [
    d.expected === undefined ? undefined : `expected ${value(d.expected, 160)}`,
    d.found === undefined ? undefined : `found ${value(d.found, ECHO_PREFIX)}`,
  ].filter((x) => x !== undefined);
  const details = detail.length > 0 ? ` (${detail.join(', ')})` : '';
  let message = echoed(d.message);
  let hint = d.hint === undefined ? '' : echoed(d.hint);
  const room = Math.max(LINE_MAX - head.length - details.length, 240);
  if (message.length + hint.length > room) {
    hint = fitSentence(hint, Math.min(hint.length, Math.floor(room / 2)));
    message = fitSentence(message, room - hint.length);
  }
  return `${head}${message}${details}${d.hint === undefined ? '' : ` ${hint}`}`;
}

/** Collects the diagnostics of one validation pass over one document (the base or one variant). */
export class Reporter {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];

  constructor(readonly file: string) {}

  /** Records an error at `pos`, about the field at `path`. */
  error(pos: Pos, path: Path, problem: Problem): void {
    this.errors.push(this.make('error', pos, path, problem));
  }

  /** Records a warning: the file loads, but probably does not say what its author meant. */
  warn(pos: Pos, path: Path, problem: Problem): void {
    this.warnings.push(this.make('warning', pos, path, problem));
  }

  private make(severity: Diagnostic['severity'], pos: Pos, path: Path, p: Problem): Diagnostic {
    const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
      severity,
      file: this.file,
      line: pos.line,
      column: pos.column,
      path: formatPath(path),
      message: p.message,
    };
    // Absent rather than undefined, so that diagnostics compare equal with toEqual in tests.
    if (p.expected !== undefined) d.expected = p.expected;
    if (p.found !== undefined) d.found = p.found;
    if (p.hint !== undefined) d.hint = p.hint;
    return d;
  }
}
