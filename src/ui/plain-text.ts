/**
 * Markdown lesson text turned into blocks of text runs. The page builds them into elements whose
 * content is only ever set as text (`textContent`), so the result is safe by construction: no HTML
 * of a scenario file is ever parsed, and nothing needs sanitizing.
 */

/** Inline Markdown markup removed: emphasis, code spans, links and images (their text stays). */
export function stripInline(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1$2');
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
}

/**
 * Splits one line of Markdown into runs: `code`, **bold**, *italic* (or _italic_); links and images
 * keep their text. Unclosed markers stay as written.
 */
export function inlineRuns(line: string): TextRun[] {
  const text = line.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
  const runs: TextRun[] = [];
  const pattern =
    /`([^`]+)`|(\*\*|__)(?=\S)(.+?)(?<=\S)\2|(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)/g;
  let last = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m.index > last) runs.push({ text: text.slice(last, m.index) });
    if (m[1] !== undefined) runs.push({ text: m[1], code: true });
    else if (m[3] !== undefined) runs.push({ text: stripInline(m[3]), bold: true });
    else runs.push({ text: stripInline(m[4] ?? m[5]), italic: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs;
}
