/** The messages between the fuzz pool and its worker threads, and a case's printable summary. */
import type { CaseResult } from './check-case';
import type { FuzzCase } from './fuzz-case';
import type { InputKind } from './corpus';

/** Run case `index` of the run seeded `seed`. */
export interface WorkerRequest {
  readonly seed: number;
  readonly index: number;
}

/** What a case is, without its files: enough to name it in a finding and to count it. */
export interface CaseSummary {
  readonly input: string;
  readonly kind: InputKind;
  readonly argv: readonly string[];
  readonly mutations: readonly string[];
  /** Total size of the case's files, characters. */
  readonly size: number;
}

/** A worker's messages: loaded, starting a case, a case's result, or the fuzzer itself failed. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'start'; readonly index: number; readonly summary: CaseSummary }
  | { readonly type: 'done'; readonly index: number; readonly result: CaseResult }
  | { readonly type: 'fuzzer error'; readonly index: number; readonly message: string };

/**
 * `text` safe to print to a terminal: control characters and lone surrogates as `\u` escapes, cut
 * to `max` characters. Mutations and findings quote hostile values; the fuzzer's own report must not
 * act on them.
 */
export function printable(text: string, max = 200): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(UNPRINTABLE, (ch, pair: string | undefined) =>
    pair !== undefined ? pair : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A surrogate pair (kept, group 1), or a control, line or direction character, or a lone surrogate. */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- control characters are what it escapes
  /([\ud800-\udbff][\udc00-\udfff])|[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\ud800-\udfff]/g;

/** The summary of a case, printable; long mutation descriptions are cut. */
export function summarize(c: FuzzCase): CaseSummary {
  return {
    input: c.input,
    kind: c.kind,
    argv: c.argv.map((a) => printable(a)),
    mutations: c.mutations.map((m) => printable(m)),
    size: c.files.reduce((n, f) => n + f.text.length, 0),
  };
}
