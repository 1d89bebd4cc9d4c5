/**
 * How the diagram fills its stage. The layout is laid out twice: first in no room at all, which gives
 * the least room its boxes need (`natural`); then in the stage's room divided by the scale the
 * natural layout can be drawn at, so that the gaps between columns and rows spread out to the stage's
 * shape and the drawing fills it instead of floating small in its middle. A small topology is drawn
 * larger (up to `MAX_FIT_SCALE`), a large one smaller.
 *
 * On a narrow stage (a phone) the diagram is stacked top to bottom (`stacked-layout.ts`) and drawn as
 * tall as it then needs (`fitStacked`). When even that is too small to read (a band of many boxes),
 * it is laid out as tall as the stage at `READABLE_SCALE` and opens zoomed in on its left part
 * (clients and gateway first), the reader panning to the rest or zooming out to the whole. Pure, so
 * that it is tested in Node.
 */

import type { Rect } from './node-box';
import { SPACING } from './layout';

/** Most screen px per layout unit: a three-box topology fills its stage without looking like a poster. */
export const MAX_FIT_SCALE = 1.6;

/**
 * Screen px per layout unit at which the diagram's smallest text is readable: its fonts are at least
 * 11 layout units (`topology.css`), so 11 px at this scale.
 */
export const READABLE_SCALE = 1;

/** A stage narrower than this, CSS px, opens zoomed in when the whole would be under `READABLE_SCALE`. */
export const NARROW_STAGE_PX = 600;

/** A width and a height, layout units or CSS px as said. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Where and at what scale a topology is laid out and shown. */
export interface StageFit {
  /** Room to lay the topology out in, layout units. */
  readonly room: Size;
  /** Screen px per layout unit of the opening view. */
  readonly scale: number;
  /** True when the opening view shows only part of the layout, zoomed in to `scale` (a narrow stage). */
  readonly zoomedIn: boolean;
}

/**
 * The fit of a layout whose least room is `natural` (layout units) to a `stage` of CSS px. A stage
 * with no size (not yet laid out by the browser) is treated as the natural size at scale 1.
 */
export function fitStage(natural: Size, stage: Size): StageFit {
  const w = Math.max(1, natural.width);
  const h = Math.max(1, natural.height);
  if (!(stage.width > 0 && stage.height > 0))
    return { room: { width: w, height: h }, scale: 1, zoomedIn: false };
  const whole = Math.min(MAX_FIT_SCALE, stage.width / w, stage.height / h);
  if (whole >= READABLE_SCALE || stage.width >= NARROW_STAGE_PX) {
    return {
      room: { width: stage.width / whole, height: stage.height / whole },
      scale: whole,
      zoomedIn: false,
    };
  }
  // As tall as the stage at the readable scale (a layout taller than that keeps its height), and as
  // wide as the boxes need: the reader pans sideways.
  const scale = Math.min(READABLE_SCALE, MAX_FIT_SCALE);
  return { room: { width: w, height: Math.max(h, stage.height / scale) }, scale, zoomedIn: true };
}

/** Room kept on each side of an edge label in a column gap of a panned layout, layout units. */
const LABEL_AIR = 8;

/**
 * The fit of one of several variants side by side on a wide stage when its whole layout would draw
 * its text under the readable size (three diagrams one above the other each get a short box): laid
 * out at `READABLE_SCALE`, as tall as the stage, with column gaps wide enough to hold an edge label
 * of `labelWidth` layout units between two columns (there is no room above or below the boxes); the
 * reader pans sideways to the rest, the variants together. `natural` is the least room of the
 * layout's `columns` columns without rows for labels; `whole` (returned as is when it reads) is
 * `fitStage`'s fit of the whole.
 */
export function fitPanned(
  whole: StageFit,
  natural: Size,
  columns: number,
  labelWidth: number,
  stage: Size,
): StageFit {
  if (whole.scale >= READABLE_SCALE || !(stage.width > 0 && stage.height > 0)) return whole;
  const scale = READABLE_SCALE;
  const widen = Math.max(0, labelWidth + 2 * LABEL_AIR - SPACING.minColumnGap);
  const width = Math.max(natural.width + Math.max(0, columns - 1) * widen, stage.width / scale);
  const height = Math.max(natural.height, stage.height / scale);
  const zoomedIn = width * scale > stage.width + 0.5 || height * scale > stage.height + 0.5;
  return { room: { width, height }, scale, zoomedIn };
}

/** Most screen px per layout unit of a stacked diagram: readable, and not a screen high per box. */
export const MAX_STACKED_SCALE = 1.2;

/**
 * The fit of a stacked layout (`stacked-layout.ts`) whose least room is `natural` to a stage
 * `stageWidth` CSS px wide and as tall as the layout then is: scaled to the stage's width (at most
 * `MAX_STACKED_SCALE`), or undefined when even then its text would be under the readable size (a band of
 * many boxes), and the stage had better open zoomed in.
 */
export function fitStacked(natural: Size, stageWidth: number): StageFit | undefined {
  const scale = Math.min(MAX_STACKED_SCALE, stageWidth / Math.max(1, natural.width));
  if (!(scale >= READABLE_SCALE)) return undefined;
  return { room: { width: stageWidth / scale, height: natural.height }, scale, zoomedIn: false };
}

/**
 * The zoom that opens a view of `fit` on a layout of `layout` size drawn into `stage` (CSS px) with
 * the SVG's `xMidYMid meet`: `k` times the whole-diagram view, translated (`x`, `y`, in the SVG's
 * user units) so that the layout's top-left corner is at the stage's top-left. Identity when the
 * fit shows the whole layout.
 */
export function openingZoom(fit: StageFit, layout: Size, stage: Size): { k: number; x: number; y: number } {
  const meet = Math.min(stage.width / layout.width, stage.height / layout.height);
  if (!fit.zoomedIn || !(meet > 0)) return { k: 1, x: 0, y: 0 };
  const k = Math.min(MAX_ZOOM, Math.max(1, fit.scale / meet));
  // Margins that `meet` leaves around the layout, in user units: the stage's left edge is at -ox.
  const ox = (stage.width / meet - layout.width) / 2;
  const oy = (stage.height / meet - layout.height) / 2;
  return { k, x: -ox, y: -oy };
}

/** The diagram's largest zoom (`diagram.ts` lets the reader zoom from 1× to this). */
export const MAX_ZOOM = 12;

/** Room kept between a focused group's top or left edge and the view's, layout units. */
const FOCUS_MARGIN = 12;

/**
 * The zoom that opens a view on `focus` (an expanded group's hull, layout units) at `scale` screen px
 * per layout unit, for a layout of `layout` size drawn into `stage` (CSS px) with the SVG's
 * `xMidYMid meet`: `k` times the whole-diagram view, translated (`x`, `y`, the SVG's user units) so
 * that the focus is centred, or, when it is larger than the view, its top-left corner shows first
 * (where its name is); the view never goes past the layout's edges, so its neighbours fill the rest
 * as context. Identity when the whole layout already shows at `scale` or more.
 */
export function focusZoom(
  focus: Rect,
  layout: Size,
  stage: Size,
  scale: number,
): { k: number; x: number; y: number } {
  const meet = Math.min(stage.width / layout.width, stage.height / layout.height);
  if (!(meet > 0) || meet >= scale) return { k: 1, x: 0, y: 0 };
  const k = Math.min(MAX_ZOOM, scale / meet);
  // The view at zoom 1 spans [-o, size + o] of user units on each axis (the margins `meet` leaves).
  const axis = (size: number, view: number, start: number, length: number): number => {
    const o = (view - size) / 2;
    const centre = view / 2 - o;
    const wanted =
      (length + 2 * FOCUS_MARGIN) * k <= view
        ? centre - k * (start + length / 2)
        : -o - k * (start - FOCUS_MARGIN);
    // Shown: layout points from (-o - t) / k to (size + o - t) / k, kept within [0, size].
    const low = size + o - k * size;
    const high = -o;
    return low <= high ? Math.min(high, Math.max(low, wanted)) : (low + high) / 2;
  };
  return {
    k,
    x: axis(layout.width, stage.width / meet, focus.x, focus.w),
    y: axis(layout.height, stage.height / meet, focus.y, focus.h),
  };
}
