/**
 * Bounds on the work of reading a file, each checked before the work it bounds: the bytes before
 * parsing, the documents and aliases of the whole file before any alias is expanded, and (in
 * shape-limits.ts) the variants and schedule steps before any field is checked. They hold per file,
 * not per document, so that many small documents cannot add up to what one large one may not do.
 * The figures are far above what real files need (the biggest file in the scenario library is 12 kB
 * with 100 aliases, 14 documents, 10 schedule steps and 5 variants).
 */
import { type Document, isAlias } from 'yaml';
import type { Pos, Reporter } from './diagnostics';
import { forEachNode } from './yaml-walk';

/**
 * The largest file read, in bytes of UTF-8 (512 KiB), on the command line and in the page's files and
 * links: 40 times the biggest real file, and parsing YAML takes about 2 ms a kB, so at most a second.
 */
export const MAX_FILE_BYTES = 512 * 1024;
/** The most YAML documents in one file (a bundle of product config). */
export const MAX_DOCUMENTS = 1_000;
/** The most aliases (`*name`) in one file, over all its documents. */
export const MAX_ALIASES = 1_000;
/** The most values one file may expand to, aliases expanded, over all its documents. */
export const MAX_VALUES = 200_000;
/**
 * The most values a file's aliases may add, over all its documents: 40 times what the biggest real
 * file's add (1,170, the hundred services' lesson), and far fewer than MAX_VALUES, which a file of
 * written-out values needs 400 KB to reach. Twelve aliases nested five deep (a 990-character file)
 * added 111,000 values, whose import printed 1.6 MB and took 4 s.
 */
export const MAX_ALIAS_VALUES = 50_000;
/** The longest string value (a description, lesson text), in characters. */
export const MAX_TEXT_CHARS = 100_000;
/** The longest mapping key (a field, header or consumer name), in characters. */
export const MAX_KEY_CHARS = 1_000;
/** The longest id (of a client, gateway, service or route), in characters. */
export const MAX_ID_CHARS = 200;

const START: Pos = { line: 1, column: 1 };

/** `1048576` -> `1,048,576`: figures a reader compares with a limit. */
export const figure = (n: number): string => n.toLocaleString('en-US');

/** Bytes of `text` in UTF-8, counted without encoding it. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    // A surrogate pair is one 4-byte character, counted 2 + 2; a lone surrogate encodes as 3.
    else if (c >= 0xd800 && c < 0xe000) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** The message for a file of `bytes` bytes over MAX_FILE_BYTES; the same on every path. */
export function fileTooLarge(bytes: number): string {
  return `the file is ${figure(bytes)} bytes, over the limit of ${figure(MAX_FILE_BYTES)} (${MAX_FILE_BYTES / 1024} KiB)`;
}

/** What to lower when a file is too large. */
export const FILE_TOO_LARGE_HINT =
  'make it smaller: fewer variants, schedule steps or services, shorter text, or split a bundle into several files';

/** Refuses text over MAX_FILE_BYTES before it is parsed; returns whether it may be parsed. */
export function checkFileBytes(text: string, r: Reporter): boolean {
  // Each UTF-16 unit is at most 3 bytes: only a text that might be over the limit is counted.
  if (text.length * 3 <= MAX_FILE_BYTES) return true;
  const bytes = utf8Bytes(text);
  if (bytes <= MAX_FILE_BYTES) return true;
  r.error(START, [], { message: fileTooLarge(bytes), hint: FILE_TOO_LARGE_HINT });
  return false;
}

/** Flow brackets open at once (`[[[…` or `{{{…`) past which a file is refused before it is parsed. */
export const MAX_OPEN_BRACKETS = 1_000;

/**
 * Refuses a text with more than MAX_OPEN_BRACKETS flow brackets open at one point, at that point.
 * The yaml parser recurses once per bracket: 100,000 of them took seconds and, unbalanced, could
 * exhaust the process; the located tree refuses nesting past MAX_DEPTH anyway, so no file that could
 * load is refused here. Brackets in strings and comments count too, which only matters for a text
 * holding a thousand unmatched ones. Returns whether the text may be parsed.
 */
export function checkOpenBrackets(text: string, r: Reporter): boolean {
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++open <= MAX_OPEN_BRACKETS) continue;
      const before = text.slice(0, i);
      const line = before.split('\n').length;
      r.error({ line, column: i - before.lastIndexOf('\n') }, [], {
        message: `more than ${figure(MAX_OPEN_BRACKETS)} brackets are open at once here`,
        hint: 'close the [ and { brackets; values nest at most 64 levels deep',
      });
      return false;
    }
    if ((c === 0x5d || c === 0x7d) && open > 0) open--;
  }
  return true;
}

/**
 * Refuses a file of more than MAX_DOCUMENTS documents, or of more than MAX_ALIASES aliases in all,
 * at the first document or alias over the limit; nothing has been expanded yet. `at` turns an offset
 * into a position. Returns whether the documents may be read.
 */
export function checkDocuments(
  docs: readonly Document.Parsed[],
  at: (offset: number) => Pos,
  r: Reporter,
): boolean {
  if (docs.length > MAX_DOCUMENTS) {
    r.error(at(docs[MAX_DOCUMENTS].range[0]), [], {
      message: `the file holds ${figure(docs.length)} YAML documents, over the limit of ${figure(MAX_DOCUMENTS)}`,
      hint: 'split it into several files',
    });
    return false;
  }
  let aliases = 0;
  let over: number | undefined;
  for (const doc of docs)
    forEachNode(doc, (n) => {
      if (isAlias(n) && ++aliases === MAX_ALIASES + 1) over = n.range?.[0] ?? doc.range[0];
    });
  if (over === undefined) return true;
  const where = docs.length > 1 ? ` in its ${figure(docs.length)} documents` : '';
  r.error(at(over), [], {
    message: `the file uses ${figure(aliases)} aliases (*name)${where}, over the limit of ${figure(MAX_ALIASES)}`,
    hint: 'write the values out in full, or use fewer aliases',
  });
  return false;
}

/** How many values the documents of one file may still expand to; shared by all its documents. */
export interface ValueBudget {
  /** Values of any kind. */
  left: number;
  /** Values built by expanding an alias (or a `<<` merge of one). */
  aliasLeft: number;
}

/** A fresh budget of MAX_VALUES, MAX_ALIAS_VALUES of them through aliases, for one file. */
export function valueBudget(): ValueBudget {
  return { left: MAX_VALUES, aliasLeft: MAX_ALIAS_VALUES };
}
