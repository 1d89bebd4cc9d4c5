/**
 * The final latency distribution of every variant of a run: a cumulative line per variant on a log
 * latency axis, with a marker at each percentile the report gives, and above the plot a table that
 * is also the legend: each variant's line and marker, its name (wrapped, never cut) and its
 * percentiles. The table holds every value, so the labels beside the markers are a help for the eye
 * only: they go where they overlap nothing, and a marker without room keeps its value in the table.
 *
 * The line passes through the report's percentiles, and between them through the histogram's running
 * share where the two agree (see `cdfKnots`): the markers sit on the line they describe.
 *
 * The vertical axis is stretched toward the tail by default (equal steps for 50 %, 90 %, 99 %, 99.9 %),
 * because the tail is where gateways and meshes differ and on a linear axis p99, p99.9 and the maximum
 * sit within a pixel of each other.
 */
import { scaleLinear, scaleLog } from 'd3';
import { formatMsTick, logDomain, logTickValues, xAxis, yAxis, type Tick } from './axis';
import { chartRoot } from './chart-root';
import {
  cdfKnots,
  densityPerDecade,
  histogramBars,
  knotPath,
  placeLabels,
  shareScale,
  stepPath,
  type DistributionBar,
  type DistributionLabel,
  type DistributionMarker,
  type LabelSide,
  type LatencyHistogram,
} from './distribution-marks';
import {
  BACKGROUND,
  FONT_SIZE,
  INK,
  MUTE,
  VARIANT_STYLES,
  marker,
  variantsDrawn,
  type VariantStyle,
} from './encoding';
import { el, px, textEl, type SvgNode } from './scene';
import { createStaticChart, type StaticChart } from './static-chart';
import { wrapName, wrapText } from './text-fit';
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
  /** Height of the plot itself, px (default 170); the chart grows with its table and caption. */
  readonly plotHeight?: number;
}

/** The chart's `<title>`. */
export const DISTRIBUTION_CHART_TITLE = 'Latency distribution';
/** What moment the chart shows: a report covers the whole run. */
export const DISTRIBUTION_MOMENT = 'whole run';
/** Default height of the plot, px. */
export const DISTRIBUTION_PLOT_HEIGHT = 170;

/** The known points of the cumulative distribution: the report's percentiles. */
const POINTS = [
  { key: 'p50', label: 'p50', share: 0.5 },
  { key: 'p90', label: 'p90', share: 0.9 },
  { key: 'p99', label: 'p99', share: 0.99 },
  { key: 'p999', label: 'p99.9', share: 0.999 },
  { key: 'max', label: 'max', share: 1 },
] as const;
type PointKey = (typeof POINTS)[number]['key'];

/** Table columns, dropped from the first of this list while the names would get too little room. */
const DROPPABLE: readonly PointKey[] = ['p999', 'p90'];

const MARGIN = { left: 46, right: 14 } as const;
const PAD = 4;
/** The swatch column of the table: a line with the variant's marker, px. */
const SWATCH = 30;
/** A value column of the table, px: `23.8 ms` and `1.12 s` fit. */
const COLUMN = 50;
/** Names get at least this much room before a column is dropped, px. */
const MIN_NAME = 84;
const ROW_LINE = 14;
const ROW_GAP = 3;
const AXIS_HEIGHT = 26;
const CAPTION_LINE = 14;
/** Room between the table and the plot, for labels above the top markers, px. */
const TABLE_GAP = 16;

/** Caption lines: what a step line means, what the line and bars mean, and the stretched share axis. */
export const STEP_CAPTION =
  'Steps through the reported percentiles (p50, p90, p99, p99.9, max): only these are known, so the true curve passes through every marker and stays within each step.';
export const HISTOGRAM_CAPTION =
  'Lines: share of requests answered within a latency, through the percentiles and the histogram.';
export const BARS_CAPTION = 'Bars: share of requests per decade of latency.';
export const TAIL_CAPTION = 'The vertical axis is stretched toward the tail.';

/** One cell of the table: a value, right-aligned at `x`. */
export interface TableCell {
  readonly text: string;
  readonly x: number;
}

/** One variant's row of the table, px. */
export interface TableRow {
  /** Baseline of the row's first line. */
  readonly y: number;
  /** The name over as many lines as it needs. */
  readonly nameLines: readonly string[];
  readonly cells: readonly TableCell[];
}

/** One variant's marks. */
export interface DistributionSeries {
  readonly name: string;
  readonly mean: number;
  readonly style: VariantStyle;
  /** The cumulative line: through the percentiles and the histogram's share, or steps between them. */
  readonly cdf: string;
  readonly fromHistogram: boolean;
  readonly markers: readonly DistributionMarker[];
  /** Labels beside the markers that have room; the table has every value. */
  readonly labels: readonly DistributionLabel[];
  readonly bars: readonly DistributionBar[];
  readonly row: TableRow;
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
  /** The table's header: the moment in the name column, then the columns' percentiles. */
  readonly header: { readonly y: number; readonly moment: string; readonly cells: readonly TableCell[] };
  /** Where the names of the table start, px. */
  readonly nameX: number;
  readonly series: readonly DistributionSeries[];
  /** Caption lines under the axis (first, any variants not drawn). */
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

function summary(variants: readonly DistributionVariant[], note: string): string {
  const parts = [`${DISTRIBUTION_CHART_TITLE}, ${DISTRIBUTION_MOMENT}.`];
  for (const v of variants) {
    const s = v.latencyMs;
    const points = POINTS.map((p) => `${p.label} ${formatMsTick(s[p.key])}`).join(', ');
    parts.push(`${v.name}: ${points}, mean ${formatMsTick(s.mean)}.`);
  }
  if (note !== '') parts.push(note);
  return parts.join(' ');
}

/** The table's columns for a chart `width` px wide: every percentile, or fewer so that names fit. */
function tableColumns(width: number): PointKey[] {
  const keys: PointKey[] = POINTS.map((p) => p.key);
  for (const drop of DROPPABLE) {
    if (width - 2 * PAD - SWATCH - keys.length * COLUMN >= MIN_NAME) break;
    keys.splice(keys.indexOf(drop), 1);
  }
  return keys;
}

/**
 * The sides a label tries: with one variant below-right first; with two, the one with the lower
 * median above-left and the other below-right (a cumulative line leaves room on both sides).
 */
function sidesOf(count: number, leftmost: boolean): LabelSide[] {
  if (count === 2 && leftmost) return ['above-left', 'left', 'below-left', 'above-right'];
  return ['below-right', 'right', 'above-right', 'below-left', 'left', 'above-left'];
}

/**
 * The view model of the distribution chart of `variants`, `width` px wide (its height follows from
 * the table, the plot and the caption): axes, a cumulative line per variant, markers on it, the
 * table, labels that overlap nothing, bars for one or two variants, and the caption.
 */
export function distributionChartModel(
  all: readonly DistributionVariant[],
  width: number,
  options: DistributionChartOptions = {},
): DistributionChartModel {
  const drawn = variantsDrawn(all.map((v) => v.name));
  const variants = all.slice(0, drawn.count);
  const scale = options.scale ?? 'tail';
  const plotHeight = options.plotHeight ?? DISTRIBUTION_PLOT_HEIGHT;
  const left = MARGIN.left;
  const right = Math.max(left + 10, width - MARGIN.right);

  // The table: header, then a row per variant as tall as its wrapped name.
  const columns = tableColumns(width);
  const cellX = (c: number): number => width - PAD - (columns.length - 1 - c) * COLUMN;
  const nameX = PAD + SWATCH;
  const nameChars = Math.max(4, Math.floor((cellX(0) - COLUMN + 6 - nameX) / 6.6));
  const header = {
    y: 12,
    moment: DISTRIBUTION_MOMENT,
    cells: columns.map((key, c) => ({ text: POINTS.find((p) => p.key === key)!.label, x: cellX(c) })),
  };
  let rowY = header.y + ROW_LINE + 2;
  const rows = variants.map((v): TableRow => {
    const nameLines = wrapName(v.name, nameChars);
    const row = {
      y: rowY,
      nameLines,
      cells: columns.map((key, c) => ({ text: formatMsTick(v.latencyMs[key]), x: cellX(c) })),
    };
    rowY += nameLines.length * ROW_LINE + ROW_GAP;
    return row;
  });

  const [lo, hi] = xExtent(variants);
  const drawable = lo > 0 && hi >= lo;
  const anyHistogram = variants.some((v) => histogramOf(v) !== null);
  const anySteps = variants.some((v) => histogramOf(v) === null);
  // Bars of more than two variants would cover each other: the lines tell those apart.
  const withBars = anyHistogram && variants.length <= 2;
  const captionText = [
    anySteps ? STEP_CAPTION : '',
    anyHistogram ? HISTOGRAM_CAPTION : '',
    withBars ? BARS_CAPTION : '',
    scale === 'tail' ? TAIL_CAPTION : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  const chars = Math.max(20, Math.floor((width - 8) / 6.6));
  const caption = [
    ...(drawn.note === '' ? [] : wrapText(drawn.note, chars)),
    ...(drawable ? wrapText(captionText, chars) : []),
  ];
  const top = rowY - ROW_LINE + TABLE_GAP;
  const bottom = top + plotHeight;
  const height = bottom + AXIS_HEIGHT + caption.length * CAPTION_LINE + 4;
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
  const base = {
    width,
    height,
    left,
    right,
    top,
    bottom,
    scale,
    xDomain,
    xTicks,
    yTicks,
    header,
    nameX,
    caption,
  };
  if (!drawable) {
    const note = all.length === 0 ? 'No finished run yet' : 'No request completed';
    return { ...base, series: [], note, label: `${DISTRIBUTION_CHART_TITLE}: ${note.toLowerCase()}.` };
  }

  const densities = variants.map((v) => {
    const h = histogramOf(v);
    return h === null || !withBars ? [] : densityPerDecade(h, xDomain[0]);
  });
  const densest = Math.max(0, ...densities.flat());
  const barHeight = scaleLinear()
    .domain([0, densest || 1])
    .range([0, 0.35 * (bottom - top)]);
  const frame = { left, right, top, bottom, width, x, y };

  const parts = variants.map((v) => {
    const s = v.latencyMs;
    const h = histogramOf(v);
    const markers = POINTS.filter((p) => Number.isFinite(s[p.key])).map((p) => ({
      label: p.label,
      ms: s[p.key],
      share: p.share,
      x: px(x(s[p.key])),
      y: y(p.share),
    }));
    const cdf = h === null ? stepPath(markers, frame) : knotPath(cdfKnots(markers, h), frame);
    return { v, h, markers, cdf };
  });
  // Direct labels for one or two variants; with more, the table carries the values alone.
  const leftmost = variants.length === 2 && variants[1].latencyMs.p50 < variants[0].latencyMs.p50 ? 1 : 0;
  const wishes =
    variants.length > 2
      ? []
      : parts.flatMap((part, k) =>
          part.markers.map((m) => ({
            series: k,
            x: m.x,
            y: m.y,
            text: variants.length === 2 ? formatMsTick(m.ms) : `${m.label} ${formatMsTick(m.ms)}`,
            sides: sidesOf(variants.length, k === leftmost),
          })),
        );
  const placed = placeLabels(
    wishes,
    parts.flatMap((p) => p.markers),
    frame,
  );
  const series = parts.map(({ v, h, markers, cdf }, k): DistributionSeries => ({
    name: v.name,
    mean: v.latencyMs.mean,
    style: VARIANT_STYLES[k],
    cdf,
    fromHistogram: h !== null,
    markers,
    labels: placed.filter((l, i): l is DistributionLabel => l !== null && wishes[i].series === k),
    bars: h === null || !withBars ? [] : histogramBars(h, densities[k], barHeight, frame),
    row: rows[k],
  }));
  return { ...base, series, note: '', label: summary(variants, drawn.note) };
}

function table(model: DistributionChartModel): SvgNode {
  const cell = (c: TableCell, y: number, fill: string) =>
    textEl('text', { x: c.x, y, 'text-anchor': 'end', fill, 'font-size': FONT_SIZE }, c.text);
  return el('g', { 'data-part': 'table' }, [
    textEl(
      'text',
      { x: model.nameX, y: model.header.y, fill: MUTE, 'font-size': FONT_SIZE, 'font-style': 'italic' },
      model.header.moment,
    ),
    ...model.header.cells.map((c) => cell(c, model.header.y, MUTE)),
    ...model.series.flatMap((s) => {
      const y = s.row.y - 4;
      return [
        el('line', {
          x1: PAD,
          x2: PAD + 24,
          y1: y,
          y2: y,
          stroke: s.style.color,
          'stroke-width': 1.75,
          'stroke-dasharray': s.style.dash || null,
        }),
        marker(s.style.marker, PAD + 12, y, s.style.color, 6),
        ...s.row.nameLines.map((line, i) =>
          textEl(
            'text',
            {
              x: model.nameX,
              y: s.row.y + i * ROW_LINE,
              fill: INK,
              'font-size': FONT_SIZE,
              'data-part': 'name',
            },
            line,
          ),
        ),
        ...s.row.cells.map((c) => cell(c, s.row.y, INK)),
      ];
    }),
  ]);
}

function seriesNode(s: DistributionSeries): SvgNode {
  const { color, dash } = s.style;
  return el('g', { 'data-variant': s.name }, [
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
      'data-part': 'cdf',
    }),
    el(
      'g',
      { 'data-part': 'markers' },
      // The centre is written on each marker, so that a check of the drawing needs no geometry of shapes.
      s.markers.map((m) => {
        const node = marker(s.style.marker, m.x, m.y, color);
        return { ...node, attrs: { ...node.attrs, 'data-x': m.x, 'data-y': m.y, 'data-label': m.label } };
      }),
    ),
  ]);
}

function labelsNode(model: DistributionChartModel): SvgNode {
  return el(
    'g',
    { 'data-part': 'labels', 'aria-hidden': 'true' },
    model.series.flatMap((s) =>
      s.labels.map((l) =>
        textEl(
          'text',
          {
            x: l.x,
            y: l.y,
            'text-anchor': l.anchor,
            fill: INK,
            'font-size': FONT_SIZE,
            // A halo keeps a label legible where it crosses another variant's line.
            stroke: BACKGROUND,
            'stroke-width': 3,
            'paint-order': 'stroke',
          },
          l.text,
        ),
      ),
    ),
  );
}

/** The chart as a scene. */
export function distributionChartScene(model: DistributionChartModel): SvgNode {
  const captionTop = model.bottom + AXIS_HEIGHT + CAPTION_LINE - 2;
  return chartRoot(model.width, model.height, DISTRIBUTION_CHART_TITLE, model.label, [
    table(model),
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
    labelsNode(model),
    el(
      'g',
      {},
      model.caption.map((line, i) =>
        textEl('text', { x: 4, y: captionTop + i * CAPTION_LINE, fill: MUTE, 'font-size': FONT_SIZE }, line),
      ),
    ),
  ]);
}

/** The distribution chart on the page; `update` takes the variants of a report. */
export type DistributionChart = StaticChart<readonly DistributionVariant[]>;

/** Mounts a distribution chart in `container`, empty until `update`. */
export function createDistributionChart(
  container: Element,
  options: DistributionChartOptions = {},
): DistributionChart {
  return createStaticChart<readonly DistributionVariant[]>(container, [], (variants, width) =>
    distributionChartScene(distributionChartModel(variants, width, options)),
  );
}
