/**
 * A chart as plain data: a tree of SVG elements with their attributes and text. Every chart builds one
 * from its view model; the page mounts it (`mount.ts`) and the export serializes it (`svgString`), so
 * both show the same picture and the serialization is testable without a DOM. Styles are presentation
 * attributes on the elements, never classes, so that an exported SVG renders alone.
 */

import { xmlEscape } from '../xml-text';

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** One SVG element. `text` is its whole content, as text; an element has text or children. */
export interface SvgNode {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string | number>>;
  readonly text?: string;
  readonly children: readonly SvgNode[];
  /** Let changes of its geometry animate when the reader allows motion. */
  readonly animate?: boolean;
}

type Child = SvgNode | null | undefined | false;
type Attrs = Readonly<Record<string, string | number | null | undefined | false>>;

function cleaned(attrs: Attrs): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    out[name] = value;
  }
  return out;
}

/** An element with children; `null`, `undefined`, `false` attributes and children are left out. */
export function el(tag: string, attrs: Attrs = {}, children: readonly Child[] = []): SvgNode {
  return { tag, attrs: cleaned(attrs), children: children.filter((c): c is SvgNode => !!c) };
}

/** An element whose content is `text` (a label, a title): text only, never markup. */
export function textEl(tag: string, attrs: Attrs, text: string): SvgNode {
  return { tag, attrs: cleaned(attrs), text, children: [] };
}

/** Marks a node so that the page animates changes of its geometry (unless motion is reduced). */
export function animated(node: SvgNode): SvgNode {
  return { ...node, animate: true };
}

/**
 * The node as SVG markup. The root gets the SVG namespace (and a standalone file needs nothing else:
 * colours, fonts and patterns are all inside). Names from files are escaped as XML text, and a
 * character XML cannot carry (a C0 control, a lone surrogate) becomes U+FFFD (`xml-text.ts`), so the
 * markup is well-formed XML whatever the names hold.
 */
export function svgString(root: SvgNode): string {
  const attrs =
    root.tag === 'svg' && !('xmlns' in root.attrs) ? { xmlns: SVG_NS, ...root.attrs } : root.attrs;
  return write({ ...root, attrs });
}

function write(node: SvgNode): string {
  let open = `<${node.tag}`;
  for (const [name, value] of Object.entries(node.attrs))
    open += ` ${name}="${xmlEscape(String(value), true)}"`;
  if (node.text !== undefined) return `${open}>${xmlEscape(node.text)}</${node.tag}>`;
  if (node.children.length === 0) return `${open}/>`;
  return `${open}>${node.children.map(write).join('')}</${node.tag}>`;
}

/** Rounds a pixel position to 0.1 px: finer is invisible, and it keeps paths short and testable. */
export function px(value: number): number {
  return Math.round(value * 10) / 10;
}
