/**
 * The XML of an Apigee API proxy bundle as a small tree of elements, each with the line and column
 * where its start tag opens, so that every warning about a policy or an endpoint names its place.
 * saxes does the parsing (a well-kept, strict, streaming parser that reports positions); this module
 * only builds the tree. A file that is not well-formed XML is one error at the parser's position.
 */
import { SaxesParser } from 'saxes';
import type { Pos, Reporter } from '../diagnostics';

/** An attribute as written, with where its name starts. */
export interface XmlAttribute {
  readonly value: string;
  readonly pos: Pos;
}

/** One element: its name, attributes, child elements in order, and its own text (trimmed). */
export interface XmlElement {
  readonly name: string;
  readonly pos: Pos;
  readonly attrs: ReadonlyMap<string, XmlAttribute>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

/** Elements deeper than this are refused: no bundle nests so deep, and a tree that did would only cost memory. */
const MAX_XML_DEPTH = 64;

interface OpenElement {
  readonly name: string;
  readonly pos: Pos;
  readonly start: number;
  readonly attrs: Map<string, XmlAttribute>;
  readonly children: XmlElement[];
  text: string;
}

/** The root element of `text`, or undefined with an error at its place when it is not well-formed XML. */
export function parseXml(text: string, r: Reporter): XmlElement | undefined {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const posOf = (index: number): Pos => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - lineStarts[lo] + 1 };
  };

  const parser = new SaxesParser({ position: true });
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let failed: { message: string; pos: Pos } | undefined;
  const fail = (message: string, pos: Pos) => {
    failed ??= { message, pos };
  };

  parser.on('opentagstart', (tag) => {
    const start = Math.max(0, text.lastIndexOf(`<${tag.name}`, parser.position));
    stack.push({ name: tag.name, pos: posOf(start), start, attrs: new Map(), children: [], text: '' });
    if (stack.length > MAX_XML_DEPTH) fail(`elements nest deeper than ${MAX_XML_DEPTH}`, posOf(start));
  });
  parser.on('attribute', (attr) => {
    const open = stack[stack.length - 1];
    const at = text.indexOf(attr.name, open.start + open.name.length + 1);
    open.attrs.set(attr.name, { value: attr.value, pos: posOf(at === -1 ? open.start : at) });
  });
  const addText = (t: string) => {
    const open = stack[stack.length - 1];
    if (open !== undefined) open.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const open = stack.pop();
    if (open === undefined) return;
    const element: XmlElement = {
      name: open.name,
      pos: open.pos,
      attrs: open.attrs,
      children: open.children,
      text: open.text.trim(),
    };
    const parent = stack[stack.length - 1];
    if (parent === undefined) root ??= element;
    else parent.children.push(element);
  });
  parser.on('error', (e) => {
    // saxes prefixes its messages with the position, which the diagnostic carries already.
    fail(e.message.replace(/^\d+:\d+: /, ''), { line: parser.line, column: parser.column + 1 });
  });
  try {
    parser.write(text).close();
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e), { line: parser.line, column: parser.column + 1 });
  }
  if (failed !== undefined) {
    r.error(failed.pos, [], { message: `not well-formed XML: ${failed.message}` });
    return undefined;
  }
  if (root === undefined) r.error({ line: 1, column: 1 }, [], { message: 'no XML element in the file' });
  return root;
}

/** Whether `text` starts as XML does (a declaration, a comment or an element), past white space and a byte-order mark. */
export function looksLikeXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text);
}
