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
