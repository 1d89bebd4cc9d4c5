/**
 * Markdown lesson text turned into plain blocks for the placeholder page. The result is only ever
 * put into the page as text (`textContent`), so nothing here needs to be, or is, HTML-safe.
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
export function plainBlocks(markdown: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let paragraph: string | undefined;
  let items: string[] = [];
  const endParagraph = (): void => {
    if (paragraph === undefined) return;
    const bold = /^(\*\*|__)[^*_]+\1$/.test(paragraph);
    blocks.push({ kind: bold ? 'heading' : 'paragraph', text: stripInline(paragraph) });
    paragraph = undefined;
  };
  const endList = (): void => {
    if (items.length > 0) blocks.push({ kind: 'list', items: items.map(stripInline) });
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
