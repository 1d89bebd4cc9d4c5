/**
 * What the page's hand-made SVG shares: the namespace elements are created in, and how coordinates
 * are written (two decimals: short attributes, and the same text for the same place, so an update
 * that moves nothing writes nothing new).
 */

/** The SVG namespace, for `createElementNS`. */
export const SVG = 'http://www.w3.org/2000/svg';

/** `x` rounded to two decimals, for an SVG attribute. */
export function r2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Sets `name` to `value` unless it already holds it: an SVG attribute written, even with its own value,
 * makes the browser lay the element out again on the next frame.
 */
export function write(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/**
 * Appends a new SVG `tag` element to `parent` and returns it: with `className` as its class (none
 * when empty) and each of `attributes` written rounded by `r2` (coordinates in layout units).
 */
export function svgChild<K extends keyof SVGElementTagNameMap>(
  parent: Element,
  tag: K,
  className: string,
  attributes: Readonly<Record<string, number>> = {},
): SVGElementTagNameMap[K] {
  const element = parent.ownerDocument.createElementNS(SVG, tag) as SVGElementTagNameMap[K];
  if (className) element.setAttribute('class', className);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(r2(value)));
  parent.appendChild(element);
  return element;
}
