/**
 * The marks of the latency distribution chart, as pure functions of its scales: the share axis, the
 * cumulative line (a step through known percentiles, or a line through them and a histogram's running
 * share), histogram bars and the labels of the percentile markers, placed so that they do not overlap.
 */
import { px } from './scene';
import { textWidth } from './text-fit';

/** Latency counts by bin, as a report carries them. */
export interface LatencyHistogram {
  /** Bin edges, ms, ascending: bin i covers `[boundsMs[i], boundsMs[i + 1])`. */
  readonly boundsMs: readonly number[];
  /** Requests per bin; one fewer than the edges. */
  readonly counts: readonly number[];
}

/** A known point of a cumulative line: a percentile (or the maximum) at its place, px. */
export interface DistributionMarker {
  readonly label: string;
  readonly ms: number;
  /** Share of requests at or below `ms`, 0 to 1. */
  readonly share: number;
  readonly x: number;
  readonly y: number;
}

/** A marker's label, anchored at `x` (its start or end) on baseline `y`, px. */
export interface DistributionLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'end';
}

/** A histogram bar, px. */
export interface DistributionBar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The plot's box and scales: latency (ms) to x, share (0 to 1) to y; px. */
export interface DistributionFrame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** Width of the whole chart, which labels must not leave. */
  readonly width: number;
  readonly x: (ms: number) => number;
  readonly y: (share: number) => number;
}

/** The tail axis shows -log10(1 - share) up to this (99.99 %), the maximum at the top. */
const TAIL_TOP = 4;

/** Position on the share axis, 0 (bottom) to 1 (top), of a cumulative share. */
export function shareScale(scale: 'tail' | 'linear'): (share: number) => number {
  if (scale === 'linear') return (share) => Math.min(1, Math.max(0, share));
  return (share) => (share >= 1 ? 1 : Math.min(TAIL_TOP, Math.max(0, -Math.log10(1 - share))) / TAIL_TOP);
}

/** The step through the markers: flat at 0 up to the first, up at each, flat after the last. */
export function stepPath(markers: readonly DistributionMarker[], frame: DistributionFrame): string {
  let d = `M${frame.left},${frame.y(0)}`;
  for (const m of markers) d += `H${m.x}V${m.y}`;
  return `${d}H${frame.right}`;
}

/** A point of a cumulative line: `share` (0 to 1) of the requests took at most `ms`. */
export interface CdfKnot {
  readonly ms: number;
  readonly share: number;
}

/**
 * The points a variant's cumulative line passes through: the report's percentiles (`points`, which
 * the markers show, so the markers sit on the line by construction) and, between them, the running
 * share of the histogram at each bin edge where it agrees with them. The histogram's bins are
 * coarser than the percentiles (a bin edge inside a fine bucket counts that bucket whole), so an edge
 * whose share would make the line go back, or cross a percentile, is left out. In ascending `ms`,
 * with `share` never decreasing; the histogram's first edge starts the line at 0.
 */
export function cdfKnots(points: readonly CdfKnot[], h: LatencyHistogram | null): CdfKnot[] {
  const fixed = points.filter((p) => Number.isFinite(p.ms)).sort((a, b) => a.ms - b.ms || a.share - b.share);
  if (h === null || fixed.length === 0) return fixed;
  const total = h.counts.reduce((a, b) => a + b, 0);
  const last = fixed[fixed.length - 1];
  const extra: CdfKnot[] = [];
  let cumulative = 0;
  for (let i = 0; i <= h.counts.length; i++) {
    if (i > 0) cumulative += h.counts[i - 1];
    const knot = { ms: h.boundsMs[i], share: total > 0 ? cumulative / total : 0 };
    if (!(knot.ms < last.ms)) break;
    // The percentiles on either side of the edge bound its share.
    let below: CdfKnot | undefined;
    let above: CdfKnot | undefined;
    for (const p of fixed) {
      if (p.ms <= knot.ms) below = p;
      else if (above === undefined) above = p;
    }
    if (below !== undefined && (knot.ms === below.ms || knot.share < below.share)) continue;
    if (above !== undefined && knot.share > above.share) continue;
    extra.push(knot);
  }
  return [...extra, ...fixed].sort((a, b) => a.ms - b.ms || a.share - b.share);
}

/** The line through `knots`, straight between them on the chart's scales, flat after the last. */
export function knotPath(knots: readonly CdfKnot[], frame: DistributionFrame): string {
  if (knots.length === 0) return '';
  let d = '';
  knots.forEach((k, i) => {
    d += `${i === 0 ? 'M' : 'L'}${px(frame.x(k.ms))},${px(frame.y(k.share))}`;
  });
  return `${d}H${px(frame.right)}`;
}

/**
 * Each bin's share of requests per decade of latency (bins below `lowest` ms start there), so that
 * bars of different widths on a log axis compare by height.
 */
export function densityPerDecade(h: LatencyHistogram, lowest: number): number[] {
  const total = h.counts.reduce((a, b) => a + b, 0);
  return h.counts.map((count, i) => {
    const from = Math.max(h.boundsMs[i], lowest);
    const to = h.boundsMs[i + 1];
    return count > 0 && to > from ? count / total / Math.log10(to / from) : 0;
  });
}

/** A bar per bin with a density, `height(density)` px tall, standing on the plot's bottom. */
export function histogramBars(
  h: LatencyHistogram,
  densities: readonly number[],
  height: (density: number) => number,
  frame: DistributionFrame,
): DistributionBar[] {
  return densities.flatMap((density, i) => {
    if (density === 0) return [];
    // The x scale clamps, so a bin reaching below the axis starts at its left end.
    const x0 = px(frame.x(h.boundsMs[i]));
    const x1 = px(frame.x(h.boundsMs[i + 1]));
    const tall = px(height(density));
    return [{ x: x0, y: px(frame.bottom - tall), width: px(x1 - x0), height: tall }];
  });
}

/** Where a label may go around its marker, tried in the order given. */
export type LabelSide = 'below-right' | 'above-left' | 'above-right' | 'below-left' | 'right' | 'left';

/** A marker to label: its centre (px), its text and the sides to try. */
export interface LabelWish {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly sides: readonly LabelSide[];
}

/** A label's box, px: `x0..x1` across, `y0..y1` down. */
export interface Box {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** Height of a label's box above and below its baseline, px (11 px text). */
const ASCENT = 9;
const DESCENT = 3;
/** Room kept clear around a marker, px (markers are 7 px across). */
const MARKER_CLEAR = 4.5;

/** The box of `text` anchored at `x` on baseline `y`. */
export function labelBox(text: string, x: number, y: number, anchor: 'start' | 'end'): Box {
  const w = textWidth(text);
  return {
    x0: anchor === 'start' ? x : x - w,
    x1: anchor === 'start' ? x + w : x,
    y0: y - ASCENT,
    y1: y + DESCENT,
  };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function candidate(wish: LabelWish, side: LabelSide): DistributionLabel {
  const right = side === 'below-right' || side === 'above-right' || side === 'right';
  const dy = side.startsWith('below') ? 14 : side.startsWith('above') ? -7 : 4;
  const dx = side === 'right' || side === 'left' ? 8 : 6;
  return {
    text: wish.text,
    x: px(right ? wish.x + dx : wish.x - dx),
    y: px(wish.y + dy),
    anchor: right ? 'start' : 'end',
  };
}

/**
 * Labels for `wishes`, in the order given (earlier ones win a contested place): each takes the first
 * of its sides where its box stays inside the plot (`frame.left` to the chart's right edge,
 * `frame.top` to `frame.bottom`) and overlaps no label placed before it and no marker. A wish with
 * no such side gets no label (null): the chart's table holds every value, so nothing is lost.
 */
export function placeLabels(
  wishes: readonly LabelWish[],
  markers: readonly { readonly x: number; readonly y: number }[],
  frame: DistributionFrame,
): (DistributionLabel | null)[] {
  const taken: Box[] = markers.map((m) => ({
    x0: m.x - MARKER_CLEAR,
    x1: m.x + MARKER_CLEAR,
    y0: m.y - MARKER_CLEAR,
    y1: m.y + MARKER_CLEAR,
  }));
  return wishes.map((wish) => {
    for (const side of wish.sides) {
      const label = candidate(wish, side);
      const box = labelBox(label.text, label.x, label.y, label.anchor);
      const inside =
        box.x0 >= frame.left + 2 &&
        box.x1 <= frame.width - 2 &&
        box.y0 >= frame.top - 6 &&
        box.y1 <= frame.bottom - 1;
      if (!inside || taken.some((t) => overlaps(t, box))) continue;
      taken.push(box);
      return label;
    }
    return null;
  });
}
