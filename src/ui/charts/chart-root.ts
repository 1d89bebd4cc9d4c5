/**
 * The `<svg>` element every chart's scene starts with: its size, an accessible name (role img, an
 * aria-label that summarises the data, and a `<title>`), the font, and a white background so that an
 * exported file reads the same on any viewer.
 */
import { BACKGROUND, FONT_FAMILY, FONT_SIZE, INK } from './encoding';
import { el, textEl, type SvgNode } from './scene';

/** The root of a chart's scene; `label` is the summary a screen reader announces. */
export function chartRoot(
  width: number,
  height: number,
  title: string,
  label: string,
  children: readonly (SvgNode | null)[],
): SvgNode {
  return el(
    'svg',
    {
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': label,
      'font-family': FONT_FAMILY,
      'font-size': FONT_SIZE,
      fill: INK,
    },
    [textEl('title', {}, title), el('rect', { width, height, fill: BACKGROUND }), ...children],
  );
}
