/**
 * The marks of the latency distribution chart, as pure functions of its scales: the share axis, the
 * cumulative line (a step through known percentiles, or a histogram's running share), histogram bars
 * and the labels of the percentile markers, placed so that they do not overlap.
 */
import { dodge, separate } from './dodge';
import { formatMsTick } from './axis';
import { px } from './scene';
import { textWidth } from './text-fit';

/** Latency counts by bin, when a report has them (it does not yet). */
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
/** Labels are at least this far apart, px. */
const LABEL_GAP = 12;

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

/** The histogram's running share at each bin's upper edge, straight between edges. */
export function histogramPath(h: LatencyHistogram, frame: DistributionFrame): string {
  const total = h.counts.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  let d = `M${px(frame.x(h.boundsMs[0]))},${frame.y(0)}`;
  h.counts.forEach((count, i) => {
    cumulative += count;
    d += `L${px(frame.x(h.boundsMs[i + 1]))},${frame.y(cumulative / total)}`;
  });
  return `${d}H${frame.right}`;
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

/**
 * Labels of one variant's markers: `both` (`p99 30 ms`) or the `value` only, above-left of the
 * markers when `above` and below-right otherwise (a cumulative line leaves room on both sides),
 * apart from each other and turned around where they would leave the plot.
 */
export function markerLabels(
  markers: readonly DistributionMarker[],
  text: 'both' | 'value',
  above: boolean,
  frame: DistributionFrame,
): DistributionLabel[] {
  const wanted = markers.map((m) => (above ? m.y - 6 : m.y + 14));
  const ys = dodge(wanted, LABEL_GAP, frame.top + 10, frame.bottom - 2);
  return markers.map((m, i) => {
    const label = text === 'value' ? formatMsTick(m.ms) : `${m.label} ${formatMsTick(m.ms)}`;
    const w = textWidth(label);
    let anchor: 'start' | 'end' = above ? 'end' : 'start';
    if (anchor === 'start' && m.x + 6 + w > frame.width - 2) anchor = 'end';
    else if (anchor === 'end' && m.x - 6 - w < frame.left) anchor = 'start';
    return { text: label, x: px(anchor === 'start' ? m.x + 6 : m.x - 6), y: px(ys[i]), anchor };
  });
}

/** Moves labels (of two variants, or turned at an edge) that would overlap onto free lines. */
export function apart<S extends { readonly labels: readonly DistributionLabel[] }>(
  series: readonly S[],
  frame: DistributionFrame,
): S[] {
  const all = series.flatMap((s) => s.labels);
  const ys = separate(
    all.map((l) => {
      const w = textWidth(l.text);
      return { x0: l.anchor === 'start' ? l.x : l.x - w, x1: l.anchor === 'start' ? l.x + w : l.x, y: l.y };
    }),
    LABEL_GAP,
    frame.top + 10,
    frame.bottom - 2,
  );
  let i = 0;
  return series.map((s) => ({ ...s, labels: s.labels.map((l) => ({ ...l, y: px(ys[i++]) })) }));
}
