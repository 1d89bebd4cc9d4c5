/**
 * Markdown lesson text turned into blocks of text runs. The page builds them into elements whose
 * content is only ever set as text (`textContent`), so the result is safe by construction: no HTML
 * of a scenario file is ever parsed, and nothing needs sanitizing. A run may carry a link's address,
 * but only an http or https one (`safe-link.ts`). Reading is linear in the text's length
 * (`inline-markdown.ts`): lesson text comes from any file or share link.
 */
import { CodeScanner, EmphasisScanner, flattenLinks, isWordCode, stripTraced } from './inline-markdown';
import { ForwardSearch, nextStart } from './forward-search';
import { safeHref } from './safe-link';
import { slice, traced, type TracedText } from './traced-text';

/** Inline Markdown markup removed: emphasis, code spans, links and images (their text stays). */
export function stripInline(line: string): string {
  return stripTraced(traced(line, false)).text;
}

/** A block of the lesson text, in plain text. */
export type TextBlock =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] };

/**
 * Splits Markdown into plain blocks. Blank lines separate blocks; wrapped lines (of a paragraph or a
 * list item) join with a space; consecutive list items (`-`, `*`, `+`, `1.`) form a list; quotes lose
 * their marker. A `#` heading, or a paragraph that is one bold phrase (`**What to watch**`), is a heading.
 */
export function plainBlocks(markdown: string, keepInline = false): TextBlock[] {
  const inline = keepInline ? (text: string) => text : stripInline;
  const blocks: TextBlock[] = [];
  let paragraph: string | undefined;
  let items: string[] = [];
  const endParagraph = (): void => {
    if (paragraph === undefined) return;
    const bold = /^(\*\*|__)[^*_]+\1$/.test(paragraph);
    blocks.push({
      kind: bold ? 'heading' : 'paragraph',
      text: bold ? stripInline(paragraph) : inline(paragraph),
    });
    paragraph = undefined;
  };
  const endList = (): void => {
    if (items.length > 0) blocks.push({ kind: 'list', items: items.map(inline) });
    items = [];
  };
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '' || /^(-{3,}|\*{3,}|_{3,})$/.test(line)) {
      endParagraph();
      endList();
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      endParagraph();
      endList();
      blocks.push({ kind: 'heading', text: stripInline(heading[1]) });
      continue;
    }
    const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      endParagraph();
      items.push(item[1]);
      continue;
    }
    const text = line.replace(/^>\s?/, '');
    if (items.length > 0) items[items.length - 1] += ` ${text}`;
    else paragraph = paragraph === undefined ? text : `${paragraph} ${text}`;
  }
  endParagraph();
  endList();
  return blocks;
}

/** A stretch of inline text and how it is set. */
export interface TextRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly code?: boolean;
  /** The address of the link the text is, only ever an absolute http or https one. */
  readonly href?: string;
}

type Style = 'bold' | 'italic' | 'code' | undefined;

/** A run before it is cut at the ends of links: its text traced to the line with links flattened. */
interface StyledText {
  readonly text: TracedText;
  readonly style: Style;
}

/**
 * Splits one line of Markdown into runs: `code`, **bold**, *italic* (or _italic_); links and images
 * keep their text, and a link to an http or https address is a run with that `href` (any other link
 * is its text alone). Unclosed markers stay as written.
 */
export function inlineRuns(line: string): TextRun[] {
  const { flat, links } = flattenLinks(traced(line, false));
  const hrefs = links.map((link) => safeHref(link.destination));
  // Positions from here on are the flattened line's, where the links' places are known; they are
  // traced through emphasis only when some link is to be followed.
  const followable = hrefs.some((href) => href !== undefined);
  const local = traced(flat.text, followable);
  const text = local.text;
  const scanners = { code: new CodeScanner(text), emphasis: new EmphasisScanner(text, false) };
  const styled: StyledText[] = [];
  // A run can only start at a backtick, a star or an underscore.
  const starts = ['`', '*', '_'].map((marker) => new ForwardSearch(text, marker));
  let last = 0;
  for (let i = nextStart(starts, 0, 0, text.length); i < text.length;) {
    const found = styledAt(local, i, scanners);
    if (found === undefined) {
      i = nextStart(starts, i + 1, 0, text.length);
      continue;
    }
    if (i > last) styled.push({ text: slice(local, last, i), style: undefined });
    styled.push(found.run);
    i = last = found.end;
    i = nextStart(starts, i, 0, text.length);
  }
  if (last < text.length) styled.push({ text: slice(local, last, text.length), style: undefined });
  if (!followable) return styled.map(({ text, style }) => run(text.text, style, undefined));
  return cutAtLinks(styled, links, hrefs, text.length);
}

/**
 * The code span, bold or italic run that starts at `i`, tried in that order, as the alternation
 * `` `([^`]+)` `` | `(\*\*|__)(?=\S)(.+?)(?<=\S)\2` | `(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])` |
 * `(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)` would; emphasis keeps its content's text without its markup.
 */
function styledAt(
  t: TracedText,
  i: number,
  scanners: { readonly code: CodeScanner; readonly emphasis: EmphasisScanner },
): { run: StyledText; end: number } | undefined {
  const text = t.text;
  const code = scanners.code.endAt(i);
  if (code >= 0) return { run: { text: slice(t, i + 1, code), style: 'code' }, end: code + 1 };
  const bold = scanners.emphasis.endAt(i, 2);
  if (bold >= 0) return { run: { text: stripTraced(slice(t, i + 2, bold)), style: 'bold' }, end: bold + 2 };
  const c = text.charCodeAt(i);
  const before = i === 0 ? NaN : text.charCodeAt(i - 1);
  const opens = !isWordCode(before) && (c === 0x5f || before !== 0x2a);
  const italic = opens ? scanners.emphasis.endAt(i, 1) : -1;
  if (italic >= 0)
    return { run: { text: stripTraced(slice(t, i + 1, italic)), style: 'italic' }, end: italic + 1 };
  return undefined;
}

/**
 * The runs cut where a followable link's text begins and ends, that part carrying its `href`. A link
 * whose address may not be followed stays plain text, as it always was.
 */
function cutAtLinks(
  styled: readonly StyledText[],
  links: readonly { from: number; to: number }[],
  hrefs: readonly (string | undefined)[],
  length: number,
): TextRun[] {
  const linkAt = new Int32Array(length).fill(-1);
  links.forEach((link, k) => {
    if (hrefs[k] !== undefined) linkAt.fill(k, link.from, link.to);
  });
  const runs: TextRun[] = [];
  for (const { text, style } of styled) {
    if (text.text.length === 0) runs.push(run(text.text, style, undefined));
    for (let from = 0; from < text.text.length;) {
      const origin = text.origin!;
      const link = linkAt[origin[from]];
      let to = from + 1;
      while (to < text.text.length && linkAt[origin[to]] === link) to++;
      runs.push(run(text.text.slice(from, to), style, link < 0 ? undefined : hrefs[link]));
      from = to;
    }
  }
  return runs;
}

function run(text: string, style: Style, href: string | undefined): TextRun {
  const base: { -readonly [K in keyof TextRun]: TextRun[K] } = { text };
  if (style !== undefined) base[style] = true;
  if (href !== undefined) base.href = href;
  return base;
}
