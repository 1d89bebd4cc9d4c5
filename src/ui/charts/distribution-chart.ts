/**
 * The final latency distribution of one variant, or two overlaid (say gateway-only and mesh): a
 * cumulative line on a log latency axis with a marker and a label at every known percentile, and
 * histogram bars when the report carries a histogram. The report now carries only summary percentiles,
 * so the line is a step through them and the caption says so.
 *
 * The vertical axis is stretched toward the tail by default (equal steps for 50 %, 90 %, 99 %, 99.9 %),
 * because the tail is where gateways and meshes differ and on a linear axis p99, p99.9 and the maximum
 * sit within a pixel of each other.
 */
import { scaleLinear, scaleLog } from 'd3';
import { formatMsTick, logDomain, logTickValues, xAxis, yAxis, type Tick } from './axis';
import { chartRoot } from './chart-root';
import {
  apart,
  densityPerDecade,
  histogramBars,
  histogramPath,
  markerLabels,
  shareScale,
  stepPath,
  type DistributionBar,
  type DistributionLabel,
  type DistributionMarker,
  type LatencyHistogram,
} from './distribution-marks';
import { FONT_SIZE, INK, MUTE, VARIANT_STYLES, marker, type VariantStyle } from './encoding';
import { el, px, textEl, type SvgNode } from './scene';
import { createStaticChart, type StaticChart } from './static-chart';
import { truncate, wrapText } from './text-fit';
import type { LatencySummary } from '../../worker/protocol';

export {
  shareScale,
  type DistributionBar,
  type DistributionLabel,
  type DistributionMarker,
  type LatencyHistogram,
};

/** What the chart reads of a variant's report (a `VariantReport` is one). */
export interface DistributionVariant {
  readonly name: string;
  readonly latencyMs: LatencySummary;
  readonly latencyHistogram?: LatencyHistogram;
}

/** Options of the distribution chart. */
export interface DistributionChartOptions {
  /** The share axis: `tail` (default, stretched toward 100 %) or `linear`. */
  readonly scale?: 'tail' | 'linear';
}

/** The chart's `<title>`. */
export const DISTRIBUTION_CHART_TITLE = 'Latency distribution';
/** Default height of the chart, px. */
export const DISTRIBUTION_CHART_HEIGHT = 280;

/** The known points of the cumulative distribution: the report's percentiles. */
const POINTS = [
  { key: 'p50', label: 'p50', share: 0.5 },
  { key: 'p90', label: 'p90', share: 0.9 },
  { key: 'p99', label: 'p99', share: 0.99 },
  { key: 'p999', label: 'p99.9', share: 0.999 },
  { key: 'max', label: 'max', share: 1 },
] as const;

const MARGIN = { left: 46, right: 14 } as const;
const LEGEND_ROW = 16;
const AXIS_HEIGHT = 26;
const CAPTION_LINE = 14;

/** Caption lines: what a step line means, what bars mean, and the stretched share axis. */
export const STEP_CAPTION =
  'Steps through the reported percentiles (p50, p90, p99, p99.9, max): only these are known, so the true curve passes through every marker and stays within each step.';
export const HISTOGRAM_CAPTION =
  'Bars: share of requests per decade of latency; line: their cumulative share.';
export const TAIL_CAPTION = 'The vertical axis is stretched toward the tail.';

/** One variant's marks. */
export interface DistributionSeries {
  readonly name: string;
  readonly mean: number;
  readonly style: VariantStyle;
  /** The cumulative line: steps through the percentiles, or the histogram's cumulative share. */
  readonly cdf: string;
  readonly fromHistogram: boolean;
  readonly markers: readonly DistributionMarker[];
  readonly labels: readonly DistributionLabel[];
  readonly bars: readonly DistributionBar[];
}

/** Everything the distribution chart draws, in px. */
export interface DistributionChartModel {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  /** Top and bottom of the plot, px. */
  readonly top: number;
  readonly bottom: number;
  readonly scale: 'tail' | 'linear';
  /** Latency axis, ms (log). */
  readonly xDomain: readonly [number, number];
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly series: readonly DistributionSeries[];
  /** Caption lines under the axis. */
  readonly caption: readonly string[];
  /** Shown instead of a plot when there is nothing to draw; empty otherwise. */
  readonly note: string;
  readonly label: string;
}

function histogramOf(variant: DistributionVariant): LatencyHistogram | null {
  const h = variant.latencyHistogram;
  if (h === undefined || h.counts.length === 0 || h.boundsMs.length !== h.counts.length + 1) return null;
  return h.counts.some((c) => c > 0) ? h : null;
}

function xExtent(variants: readonly DistributionVariant[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of variants) {
    const s = v.latencyMs;
    if (s.p50 > 0) lo = Math.min(lo, s.p50 / 2);
    if (Number.isFinite(s.max)) hi = Math.max(hi, s.max);
    const h = histogramOf(v);
    if (h === null) continue;
    for (let i = 0; i < h.counts.length; i++) {
      if (h.counts[i] <= 0) continue;
      if (h.boundsMs[i] > 0) lo = Math.min(lo, h.boundsMs[i]);
      hi = Math.max(hi, h.boundsMs[i + 1]);
    }
  }
  return [lo, hi];
}

function summary(variants: readonly DistributionVariant[]): string {
  const parts = [`${DISTRIBUTION_CHART_TITLE}.`];
  for (const v of variants) {
    const s = v.latencyMs;
    const points = POINTS.map((p) => `${p.label} ${formatMsTick(s[p.key])}`).join(', ');
    parts.push(`${v.name}: ${points}, mean ${formatMsTick(s.mean)}.`);
  }
  return parts.join(' ');
}

/**
 * The view model of the distribution chart of one or two variants, `width` x `height` px: axes, the
 * cumulative lines, markers, labels that do not overlap, bars and caption.
 */
export function distributionChartModel(
  variants: readonly DistributionVariant[],
  width: number,
  height: number = DISTRIBUTION_CHART_HEIGHT,
  options: DistributionChartOptions = {},
): DistributionChartModel {
  if (variants.length > 2) {
    throw new RangeError(`the distribution chart compares at most 2 variants, got ${variants.length}`);
  }
  const scale = options.scale ?? 'tail';
  const left = MARGIN.left;
  const right = Math.max(left + 10, width - MARGIN.right);
  const [lo, hi] = xExtent(variants);
  const drawable = lo > 0 && hi >= lo;
  const anyHistogram = variants.some((v) => histogramOf(v) !== null);
  const anySteps = variants.some((v) => histogramOf(v) === null);
  const captionText = [
    anySteps ? STEP_CAPTION : '',
    anyHistogram ? HISTOGRAM_CAPTION : '',
    scale === 'tail' ? TAIL_CAPTION : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  const caption = drawable ? wrapText(captionText, Math.max(20, Math.floor((width - 8) / 6.6))) : [];
  const top = 8 + Math.max(1, variants.length) * LEGEND_ROW + 10;
  const bottom = Math.max(top + 40, height - AXIS_HEIGHT - caption.length * CAPTION_LINE - 4);
  const xDomain = logDomain(lo, hi);
  const x = scaleLog().domain(xDomain).range([left, right]).clamp(true);
  const toY = shareScale(scale);
  const y = (share: number): number => px(bottom - toY(share) * (bottom - top));
  const xTicks = logTickValues(xDomain, Math.max(2, Math.floor((right - left) / 56))).map((v) => ({
    value: v,
    pos: px(x(v)),
    label: formatMsTick(v),
  }));
  const shares = scale === 'tail' ? [0.5, 0.9, 0.99, 0.999, 1] : [0, 0.25, 0.5, 0.75, 1];
  const yTicks = shares.map((s) => ({
    value: s,
    pos: y(s),
    label: `${String(Number((s * 100).toFixed(1)))}%`,
  }));
  const base = { width, height, left, right, top, bottom, scale, xDomain, xTicks, yTicks, caption };
  if (!drawable) {
    const note = variants.length === 0 ? 'No finished run yet' : 'No request completed';
    return { ...base, series: [], note, label: `${DISTRIBUTION_CHART_TITLE}: ${note.toLowerCase()}.` };
  }

  const densities = variants.map((v) => {
    const h = histogramOf(v);
    return h === null ? [] : densityPerDecade(h, xDomain[0]);
  });
  const densest = Math.max(0, ...densities.flat());
  const barHeight = scaleLinear()
    .domain([0, densest || 1])
    .range([0, 0.35 * (bottom - top)]);
  const frame = { left, right, top, bottom, width, x, y };

  // The variant with the lower median is the left curve: its labels go above-left of its markers and
  // the other's below-right, where a cumulative curve leaves room.
  const leftmost = variants.length === 2 && variants[1].latencyMs.p50 < variants[0].latencyMs.p50 ? 1 : 0;
  const series = variants.map((v, k): DistributionSeries => {
    const s = v.latencyMs;
    const h = histogramOf(v);
    const markers = POINTS.filter((p) => Number.isFinite(s[p.key])).map((p) => ({
      label: p.label,
      ms: s[p.key],
      share: p.share,
      x: px(x(s[p.key])),
      y: y(p.share),
    }));
    return {
      name: v.name,
      mean: s.mean,
      style: VARIANT_STYLES[k],
      cdf: h === null ? stepPath(markers, frame) : histogramPath(h, frame),
      fromHistogram: h !== null,
      markers,
      // With two variants the share axis names the percentile, and shorter labels crowd less.
      labels: markerLabels(
        markers,
        variants.length === 2 ? 'value' : 'both',
        variants.length === 2 && k === leftmost,
        frame,
      ),
      bars: h === null ? [] : histogramBars(h, densities[k], barHeight, frame),
    };
  });
  return { ...base, series: apart(series, frame), note: '', label: summary(variants) };
}

function legend(model: DistributionChartModel): SvgNode {
  const maxChars = Math.max(8, Math.floor((model.width - model.left - 40) / 6.6) - 18);
  return el(
    'g',
    {},
    model.series.flatMap((s, k) => {
      const y = 8 + k * LEGEND_ROW + 6;
      const x = model.left;
      return [
        el('line', {
          x1: x,
          x2: x + 24,
          y1: y,
          y2: y,
          stroke: s.style.color,
          'stroke-width': 1.75,
          'stroke-dasharray': s.style.dash || null,
        }),
        marker(s.style.marker, x + 12, y, s.style.color, 6),
        textEl(
          'text',
          { x: x + 30, y: y + 4, fill: INK, 'font-size': FONT_SIZE },
          `${truncate(s.name, maxChars)} · mean ${formatMsTick(s.mean)}`,
        ),
      ];
    }),
  );
}

function seriesNode(s: DistributionSeries): SvgNode {
  const { color, dash } = s.style;
  return el('g', {}, [
    ...s.bars.map((b) =>
      el('rect', {
        ...b,
        fill: dash === '' ? color : 'none',
        'fill-opacity': dash === '' ? 0.18 : null,
        stroke: dash === '' ? 'none' : color,
        'stroke-dasharray': dash || null,
      }),
    ),
    el('path', {
      d: s.cdf,
      fill: 'none',
      stroke: color,
      'stroke-width': 1.75,
      'stroke-dasharray': dash || null,
      'stroke-linejoin': 'round',
    }),
    ...s.markers.map((m) => marker(s.style.marker, m.x, m.y, color)),
    ...s.labels.map((l) =>
      textEl(
        'text',
        { x: l.x, y: l.y, 'text-anchor': l.anchor, fill: INK, 'font-size': FONT_SIZE, 'aria-hidden': 'true' },
        l.text,
      ),
    ),
  ]);
}

/** The chart as a scene. */
export function distributionChartScene(model: DistributionChartModel): SvgNode {
  const captionTop = model.bottom + AXIS_HEIGHT + CAPTION_LINE - 2;
  return chartRoot(model.width, model.height, DISTRIBUTION_CHART_TITLE, model.label, [
    legend(model),
    yAxis(model.yTicks, model.left, model.right),
    xAxis(model.xTicks, model.bottom, model.left, model.right, model.width),
    model.note === ''
      ? null
      : textEl(
          'text',
          {
            x: px((model.left + model.right) / 2),
            y: px((model.top + model.bottom) / 2),
            'text-anchor': 'middle',
            fill: MUTE,
            'font-size': 12,
          },
          model.note,
        ),
    ...model.series.map(seriesNode),
    el(
      'g',
      {},
      model.caption.map((line, i) =>
        textEl('text', { x: 4, y: captionTop + i * CAPTION_LINE, fill: MUTE, 'font-size': FONT_SIZE }, line),
      ),
    ),
  ]);
}

/** The distribution chart on the page; `update` takes one or two variants of a report. */
export type DistributionChart = StaticChart<readonly DistributionVariant[]>;

/** Mounts a distribution chart in `container`, empty until `update`. */
export function createDistributionChart(
  container: Element,
  options: DistributionChartOptions & { readonly height?: number } = {},
): DistributionChart {
  return createStaticChart<readonly DistributionVariant[]>(container, [], (variants, width) =>
    distributionChartScene(
      distributionChartModel(variants, width, options.height ?? DISTRIBUTION_CHART_HEIGHT, options),
    ),
  );
}
