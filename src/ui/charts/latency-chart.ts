/**
 * Latency percentiles over simulated time: p50, p90 and p99 of the requests answered in each slice,
 * one panel per variant on a shared time axis and a shared latency axis (log by default), drawn up
 * to the playback time. Each percentile has its own colour and dash, and the values at the end of
 * the lines are labelled, so the chart reads without colour.
 *
 * Panels rather than overlaid variants: three percentiles of two variants would be six lines in one
 * plot, and stacked panels on the same axes let the eye compare gateway-only and mesh at one moment
 * straight down. The axes cover every row received, not only those shown, so that they hold still
 * while playback moves.
 */
import { scaleLinear, scaleLog } from 'd3';
import { formatMsTick, formatTime, latencyTicks, logDomain, xAxis, yAxis, type Tick } from './axis';
import { chartRoot } from './chart-root';
import { dodge } from './dodge';
import { FONT_SIZE, INK, PERCENTILE_STYLES, type PercentileStyle } from './encoding';
import { el, px, textEl, type SvgNode } from './scene';
import { textWidth } from './text-fit';
import type { SeriesStore, VariantSeries } from './series';
import { createTimeChart, type SizeOptions, type TimeChart } from './time-chart';
import {
  chartVariants,
  cursorNode,
  cursorX,
  emptyNote,
  panelTitle,
  timeFrame,
  type TimeChartOptions,
  type TimeFrame,
  type TimePanel,
  warmupNode,
} from './time-layout';

/** Options of the latency chart (and of `TimeChartOptions`). */
export interface LatencyChartOptions extends TimeChartOptions {
  /** The latency axis: `log` (default; a tail ten times the median stays readable) or `linear`. */
  readonly scale?: 'log' | 'linear';
}

/**
 * Room left of the plots for latency ticks and right of them for end labels, px; the right grows to
 * fit the labels at the end of the data (`endLabelRoom`).
 */
const MARGIN = { left: 52, right: 70 } as const;
const LABEL_GAP = 12;
/** The chart's `<title>`. */
export const LATENCY_CHART_TITLE = 'Latency percentiles over time';

/** One percentile's line in a panel. */
export interface LatencyLine extends PercentileStyle {
  /** SVG path through the slices shown; gaps where a slice answered nothing. */
  readonly d: string;
}

/** A label beside the end of a line: the percentile and its last value. */
export interface EndLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/** One variant's panel: ticks, lines and end labels, px. */
export interface LatencyPanel extends TimePanel {
  /** Rows shown (those ending at or before t). */
  readonly shown: number;
  readonly ticks: readonly Tick[];
  readonly lines: readonly LatencyLine[];
  readonly labels: readonly EndLabel[];
  /** The last row shown that answered something: its end (ms) and percentiles (ms); null if none. */
  readonly last: {
    readonly at: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
  } | null;
}

/** Everything the latency chart draws but the cursor, in px. */
export interface LatencyChartModel {
  readonly frame: TimeFrame;
  readonly log: boolean;
  /** The latency axis, ms, shared by every panel. */
  readonly yDomain: readonly [number, number];
  readonly panels: readonly LatencyPanel[];
  /** The summary a screen reader announces. */
  readonly label: string;
}

function columnOf(series: VariantSeries, style: PercentileStyle): Float64Array {
  return series[style.key];
}

/**
 * The path through rows `0 .. shown - 1` at (x(end), y(value)); a row whose value is not finite breaks
 * the line, and a point with no neighbour is drawn as a dot (`h0` with a round cap).
 */
export function linePath(
  end: Float64Array,
  values: Float64Array,
  shown: number,
  x: (ms: number) => number,
  y: (value: number) => number,
): string {
  let d = '';
  let run = 0;
  for (let i = 0; i < shown; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) {
      if (run === 1) d += 'h0';
      run = 0;
      continue;
    }
    d += `${run === 0 ? 'M' : 'L'}${px(x(end[i]))},${px(y(value))}`;
    run++;
  }
  if (run === 1) d += 'h0';
  return d;
}

function lastAnswered(series: VariantSeries, shown: number): LatencyPanel['last'] {
  for (let i = shown - 1; i >= 0; i--) {
    if (Number.isFinite(series.p50[i])) {
      return { at: series.end[i], p50: series.p50[i], p90: series.p90[i], p99: series.p99[i] };
    }
  }
  return null;
}

function yDomainOf(
  store: SeriesStore,
  variants: readonly number[],
  log: boolean,
  count: number,
): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of variants) {
    const [min, max] = store.latencyExtent(v);
    if (min < lo) lo = min;
    if (max > hi) hi = max;
  }
  if (!(hi > 0)) return log ? [1, 100] : [0, 100];
  if (log) return logDomain(lo, hi);
  const nice = scaleLinear()
    .domain([0, hi])
    .nice(Math.max(5, 2 * count))
    .domain();
  return [nice[0], nice[1]];
}

function summary(model: Omit<LatencyChartModel, 'label'>): string {
  const parts = [`${LATENCY_CHART_TITLE}, ${model.log ? 'log' : 'linear'} scale.`];
  for (const panel of model.panels) {
    const last = panel.last;
    parts.push(
      last === null
        ? `${panel.name}: no answers yet.`
        : `${panel.name} at ${formatTime(last.at)}: p50 ${formatMsTick(last.p50)}, p90 ${formatMsTick(last.p90)}, p99 ${formatMsTick(last.p99)}.`,
    );
  }
  return parts.join(' ');
}

/**
 * Room right of the plots for the end labels of the last answered slice of every variant, px: at
 * the run's end they sit 6 px past the plot's right edge, and must not run off the chart.
 */
function endLabelRoom(store: SeriesStore, variants: readonly number[]): number {
  let widest = 0;
  for (const v of variants) {
    const series = store.series(v);
    const last = lastAnswered(series, series.length);
    if (last === null) continue;
    for (const style of PERCENTILE_STYLES) {
      widest = Math.max(widest, textWidth(`${style.key} ${formatMsTick(last[style.key])}`));
    }
  }
  return 6 + widest + 2;
}

/**
 * The view model of the latency chart of `store` at playback time `t` (ms), `width` x `height` px:
 * panels, ticks, line paths and end labels, all in px.
 */
export function latencyChartModel(
  store: SeriesStore,
  t: number,
  width: number,
  height: number,
  options: LatencyChartOptions = {},
): LatencyChartModel {
  const variants = chartVariants(store, options);
  const log = (options.scale ?? 'log') === 'log';
  const margin = { left: MARGIN.left, right: Math.max(MARGIN.right, endLabelRoom(store, variants)) };
  const frame = timeFrame(store, variants, options, width, height, margin, LEGEND_WIDTH);
  const plotHeight = frame.panels.length > 0 ? frame.panels[0].bottom - frame.panels[0].top : 0;
  const count = Math.max(2, Math.floor(plotHeight / 36));
  const yDomain = yDomainOf(store, variants, log, count);
  const panels = frame.panels.map((panel): LatencyPanel => {
    const series = store.series(panel.variant);
    const shown = store.upTo(panel.variant, t);
    const y = (log ? scaleLog() : scaleLinear()).domain(yDomain).range([panel.bottom, panel.top]).clamp(true);
    const lines = PERCENTILE_STYLES.map((style) => ({
      ...style,
      d: linePath(series.end, columnOf(series, style), shown, frame.x, y),
    }));
    const last = lastAnswered(series, shown);
    let labels: EndLabel[] = [];
    if (last !== null) {
      const values = PERCENTILE_STYLES.map((style) => last[style.key]);
      const ys = dodge(
        values.map((v) => y(v)),
        LABEL_GAP,
        panel.top + 4,
        // Kept off the axis line and the next panel's title: a label is centred on its y.
        panel.bottom - 4,
      );
      const x = px(frame.x(last.at) + 6);
      labels = PERCENTILE_STYLES.map((style, k) => ({
        text: `${style.key} ${formatMsTick(values[k])}`,
        x,
        y: px(ys[k]),
      }));
    }
    return { ...panel, shown, ticks: latencyTicks(yDomain, y, log, count), lines, labels, last };
  });
  const model = { frame, log, yDomain, panels };
  return { ...model, label: summary(model) };
}

/** Legend items are this far apart, px; each is a 22 px line, a gap and the percentile's name. */
const LEGEND_STEP = 64;
const LEGEND_WIDTH = (PERCENTILE_STYLES.length - 1) * LEGEND_STEP + 27 + textWidth('p99');

function legend(frame: TimeFrame): SvgNode {
  return el(
    'g',
    { 'aria-hidden': 'true' },
    PERCENTILE_STYLES.flatMap((style, k) => {
      const x = frame.left + k * LEGEND_STEP;
      return [
        el('line', {
          x1: x,
          x2: x + 22,
          y1: 10,
          y2: 10,
          stroke: style.color,
          'stroke-width': style.width,
          'stroke-dasharray': style.dash || null,
        }),
        textEl('text', { x: x + 27, y: 14, fill: INK, 'font-size': FONT_SIZE }, style.key),
      ];
    }),
  );
}

function panelNode(frame: TimeFrame, panel: LatencyPanel): SvgNode {
  return el('g', {}, [
    panelTitle(frame, panel),
    yAxis(panel.ticks, frame.left, frame.right),
    panel.last === null ? emptyNote(frame, panel, 'No answers yet') : null,
    ...panel.lines.map((line) =>
      el('path', {
        d: line.d,
        fill: 'none',
        stroke: line.color,
        'stroke-width': line.width,
        'stroke-dasharray': line.dash || null,
        'stroke-linejoin': 'round',
        'stroke-linecap': 'round',
      }),
    ),
    ...panel.labels.map((label) =>
      textEl(
        'text',
        { x: label.x, y: label.y, dy: '0.32em', fill: INK, 'font-size': FONT_SIZE, 'aria-hidden': 'true' },
        label.text,
      ),
    ),
  ]);
}

/** Everything of the chart but the cursor. */
export function latencyChartBody(model: LatencyChartModel): SvgNode {
  const { frame } = model;
  return el('g', {}, [
    warmupNode(frame),
    legend(frame),
    ...model.panels.map((panel) => panelNode(frame, panel)),
    xAxis(frame.ticks, frame.axisY, frame.left, frame.right, frame.width),
  ]);
}

function root(model: LatencyChartModel, body: SvgNode, cursor: SvgNode): SvgNode {
  return chartRoot(model.frame.width, model.frame.height, LATENCY_CHART_TITLE, model.label, [body, cursor]);
}

/** The whole chart at playback time `t` as a scene (what the page shows and the export writes). */
export function latencyChartScene(model: LatencyChartModel, t: number): SvgNode {
  return root(model, latencyChartBody(model), cursorNode(model.frame, cursorX(model.frame, t), t));
}

/** The latency chart on the page. */
export type LatencyChart = TimeChart<LatencyChartOptions & SizeOptions>;

/** Mounts a latency chart in `container`; call `update(store, t)` as frames arrive and playback moves. */
export function createLatencyChart(
  container: Element,
  options: LatencyChartOptions & SizeOptions = {},
): LatencyChart {
  return createTimeChart(container, options, {
    idPrefix: 'latency',
    model: latencyChartModel,
    body: latencyChartBody,
    root,
  });
}
