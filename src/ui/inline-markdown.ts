/**
 * Inline Markdown of lesson text (code spans, emphasis, links and images) read in linear time. Each
 * pass scans left to right once, as a global regex replace would, but asks a `ForwardSearch` for the
 * closer of an opener instead of searching the rest of the line again: a line of `**a ` repeated,
 * where no opener closes, is read once rather than once per opener. The passes match exactly what
 * the regexes in their comments match.
 *
 * A link's destination ends at the `)` that balances its `(` (as in CommonMark), so
 * `[text](javascript:alert(1))` is one link whose text is `text`; without a balancing `)` the text is
 * not a link and stays as written.
 */
import { ForwardSearch, nextStart } from './forward-search';
import { TracedBuilder, type TracedText } from './traced-text';

const BACKTICK = 0x60;
const STAR = 0x2a;
const UNDERSCORE = 0x5f;
const BANG = 0x21;
const OPEN_BRACKET = 0x5b;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;

/** JavaScript's `\s`: white space and line terminators. */
function isSpaceCode(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** What a regex's `.` does not match. */
function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/** JavaScript's `\w`. NaN (past either end of the text) is no word character. */
export function isWordCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === UNDERSCORE;
}

/**
 * For each `(` of `text`, the index of the `)` that balances it, or -1 when none does (and -1 at
 * every other index). One pass with a stack; a `(`'s partner depends only on what follows it.
 */
export function balancingParens(text: string): Int32Array {
  const partner = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_PAREN) open.push(i);
    else if (c === CLOSE_PAREN && open.length > 0) partner[open.pop()!] = i;
  }
  return partner;
}

/** A link or image found by {@link LinkScanner.at}. */
export interface LinkMatch {
  /** Its text (an image's alternative text), as indices of the text scanned. */
  readonly textFrom: number;
  readonly textTo: number;
  /** What is inside its parentheses. */
  readonly destination: string;
  /** Just past its closing `)`. */
  readonly end: number;
}

/** Finds links (or images) in one text, asked at increasing positions. */
class LinkScanner {
  private readonly closeBracket: ForwardSearch;
  private partner: Int32Array | undefined;

  constructor(
    private readonly text: string,
    private readonly image: boolean,
  ) {
    this.closeBracket = new ForwardSearch(text, ']');
  }

  /**
   * The link (`[text](destination)`, text not empty) or image (`![alt](destination)`, alt may be
   * empty) that starts at `i`, if one does: the text runs to the first `]`, the `(` follows it at
   * once and the destination ends at the `)` that balances that `(`.
   */
  at(i: number): LinkMatch | undefined {
    const text = this.text;
    if (this.image && text.charCodeAt(i) !== BANG) return undefined;
    const open = this.image ? i + 1 : i;
    if (text.charCodeAt(open) !== OPEN_BRACKET) return undefined;
    const close = this.closeBracket.from(open + 1);
    if (close >= text.length || (!this.image && close === open + 1)) return undefined;
    if (text.charCodeAt(close + 1) !== OPEN_PAREN) return undefined;
    // Built on the first `](`: most lines have none.
    this.partner ??= balancingParens(text);
    const end = this.partner[close + 1];
    if (end < 0) return undefined;
    return { textFrom: open + 1, textTo: close, destination: text.slice(close + 2, end), end: end + 1 };
  }
}

/**
 * Runs one global replace over `t`: `matchAt(i)` says whether a match starts at `i`, and where it
 * ends and which of its ranges stay; a scan resumes after each match, as `String.replace` does. A
 * match can only start at 0 or where one of `markers` stands `offset` units further on, so the scan
 * jumps from one such place to the next (`indexOf`) instead of asking at every index.
 */
function replaceAll(
  t: TracedText,
  markers: string,
  offset: 0 | 1,
  matchAt: (i: number) => { readonly end: number; readonly keep: readonly number[] } | undefined,
): TracedText {
  const text = t.text;
  const out = new TracedBuilder(t);
  const starts = Array.from(markers, (marker) => new ForwardSearch(text, marker));
  let copied = 0;
  for (let i = 0; i < text.length;) {
    const match = matchAt(i);
    if (match === undefined) {
      i = nextStart(starts, i + 1, offset, text.length);
      continue;
    }
    out.copy(copied, i);
    for (let k = 0; k < match.keep.length; k += 2) out.copy(match.keep[k], match.keep[k + 1]);
    i = copied = match.end;
    i = nextStart(starts, i, offset, text.length);
  }
  out.copy(copied, text.length);
  return out.done();
}

/** Keeps the text of every link (or, with `image`, every image) and drops its markup. */
function linkPass(t: TracedText, image: boolean): TracedText {
  if (!t.text.includes(image ? '![' : '[')) return t;
  const links = new LinkScanner(t.text, image);
  return replaceAll(t, image ? '!' : '[', 0, (i) => {
    const link = links.at(i);
    return link && { end: link.end, keep: [link.textFrom, link.textTo] };
  });
}

/** Finds code spans in one text, asked at increasing positions. */
export class CodeScanner {
  private readonly tick: ForwardSearch;

  constructor(private readonly text: string) {
    this.tick = new ForwardSearch(text, '`');
  }

  /** The closing backtick of a code span (`` `([^`]+)` ``) opening at `i`, or -1. */
  endAt(i: number): number {
    if (this.text.charCodeAt(i) !== BACKTICK) return -1;
    const end = this.tick.from(i + 1);
    return end < this.text.length && end > i + 1 ? end : -1;
  }
}

/** `` /`([^`]+)`/g `` replaced by its content. */
function codePass(t: TracedText): TracedText {
  if (!t.text.includes('`')) return t;
  const code = new CodeScanner(t.text);
  return replaceAll(t, '`', 0, (i) => {
    const end = code.endAt(i);
    return end < 0 ? undefined : { end: end + 1, keep: [i + 1, end] };
  });
}

/**
 * Finds where emphasis closes in one text, asked at increasing positions. A closer follows a
 * non-space (`(?<=\S)`); a double one is `**` or `__`; a single `_` is not followed by a word
 * character (`(?!\w)`), nor is a single `*`, which with `starBeforeStar` false may not be followed
 * by another `*` either (`(?![\w*])`). Emphasis never spans a line break (a regex's `.` stops there).
 */
export class EmphasisScanner {
  /** For each index, the least line break at or after it; undefined when the text has none. */
  private readonly nextBreak: Int32Array | undefined;
  private readonly closers = new Map<string, ForwardSearch>();

  constructor(
    private readonly text: string,
    private readonly starBeforeStar: boolean,
  ) {
    this.nextBreak = LINE_BREAK.test(text) ? nextLineBreaks(text) : undefined;
  }

  /**
   * The closer of emphasis whose marker (`*` or `_`, `width` 1 or 2 of them) starts at `i`, if it
   * opens there: the opener is followed by a non-space, and the closer is the first one after at
   * least one character of content, with no line break before it. -1 when there is none.
   */
  endAt(i: number, width: 1 | 2): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c !== STAR && c !== UNDERSCORE) return -1;
    if (width === 2 && text.charCodeAt(i + 1) !== c) return -1;
    const from = i + width;
    if (from >= text.length || isSpaceCode(text.charCodeAt(from))) return -1;
    const close = this.closer((c === STAR ? '*' : '_').repeat(width)).from(from + 1);
    if (close >= text.length) return -1;
    return this.nextBreak === undefined || close <= this.nextBreak[from] ? close : -1;
  }

  /** The search for closers `marker` (`*`, `_`, `**` or `__`), made when first needed. */
  private closer(marker: string): ForwardSearch {
    let search = this.closers.get(marker);
    if (search === undefined) {
      const text = this.text;
      const starAfter = this.starBeforeStar || marker !== '*';
      const afterNonSpace = (j: number) => j > 0 && !isSpaceCode(text.charCodeAt(j - 1));
      const holds =
        marker.length === 2
          ? afterNonSpace
          : (j: number) => {
              const after = text.charCodeAt(j + 1);
              return afterNonSpace(j) && !isWordCode(after) && (starAfter || after !== STAR);
            };
      search = new ForwardSearch(text, marker, holds);
      this.closers.set(marker, search);
    }
    return search;
  }
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** For each index of `text`, the least line break at or after it, or the text's length. */
function nextLineBreaks(text: string): Int32Array {
  const next = new Int32Array(text.length + 1);
  next[text.length] = text.length;
  for (let i = text.length - 1; i >= 0; i--) next[i] = isLineTerminator(text.charCodeAt(i)) ? i : next[i + 1];
  return next;
}

/** `/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g` replaced by the content. */
function boldPass(t: TracedText): TracedText {
  if (!t.text.includes('**') && !t.text.includes('__')) return t;
  const emphasis = new EmphasisScanner(t.text, true);
  return replaceAll(t, '*_', 0, (i) => {
    const close = emphasis.endAt(i, 2);
    return close < 0 ? undefined : { end: close + 2, keep: [i + 2, close] };
  });
}

/**
 * `/(^|[^\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)/g` replaced by `$1$2` (with `marker` `*`), or
 * `/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g` (with `_`). The character before the opener is part of
 * the match, so a match is looked for where that character is, as the regex does.
 */
function italicPass(t: TracedText, marker: number): TracedText {
  const text = t.text;
  if (!text.includes(String.fromCharCode(marker))) return t;
  const emphasis = new EmphasisScanner(text, true);
  const prefixAllowed = (c: number) => !isWordCode(c) && (marker !== STAR || c !== STAR);
  return replaceAll(t, String.fromCharCode(marker), 1, (p) => {
    if (p === 0 && text.charCodeAt(0) === marker) {
      const close = emphasis.endAt(0, 1);
      if (close >= 0) return { end: close + 1, keep: [1, close] };
    }
    if (!prefixAllowed(text.charCodeAt(p)) || text.charCodeAt(p + 1) !== marker) return undefined;
    const close = emphasis.endAt(p + 1, 1);
    return close < 0 ? undefined : { end: close + 1, keep: [p, p + 1, p + 2, close] };
  });
}

/** The passes of {@link stripTraced}, in the order they have always run: images, links, code, bold, italic. */
const STRIP_PASSES: readonly ((t: TracedText) => TracedText)[] = [
  (t) => linkPass(t, true),
  (t) => linkPass(t, false),
  codePass,
  boldPass,
  (t) => italicPass(t, STAR),
  (t) => italicPass(t, UNDERSCORE),
];

const MARKUP = /[[`*_]/;

/** Inline markup removed from `t`: images, links, code spans, bold, italic (their text stays). */
export function stripTraced(t: TracedText): TracedText {
  // Most emphasis holds no markup inside it: no pass needs to look.
  if (!MARKUP.test(t.text)) return t;
  return STRIP_PASSES.reduce((x, pass) => pass(x), t);
}

/** A link found in a line: its text's place in the line once links are flattened, and its address. */
export interface FlatLink {
  readonly from: number;
  readonly to: number;
  readonly destination: string;
}

/**
 * Images and then links flattened to their text, as `stripTraced` begins, with where each link's
 * text now stands (so that runs can be cut at its ends).
 */
export function flattenLinks(t: TracedText): { readonly flat: TracedText; readonly links: FlatLink[] } {
  const withoutImages = linkPass(t, true);
  const scanner = new LinkScanner(withoutImages.text, false);
  const found: LinkMatch[] = [];
  const flat = replaceAll(withoutImages, '[', 0, (i) => {
    const link = scanner.at(i);
    if (link) found.push(link);
    return link && { end: link.end, keep: [link.textFrom, link.textTo] };
  });
  // Each link's markup before it shortens the text by what it dropped.
  const links: FlatLink[] = [];
  let dropped = 0;
  for (const link of found) {
    const start = link.textFrom - 1 - dropped;
    links.push({ from: start, to: start + link.textTo - link.textFrom, destination: link.destination });
    dropped += link.end - (link.textTo - link.textFrom) - (link.textFrom - 1);
  }
  return { flat, links };
}
