/**
 * Requests answered per second over simulated time, stacked by outcome (ok at the bottom, then 4xx,
 * 429, 5xx, timeouts), one panel per variant on shared axes, up to the playback time. Each outcome has
 * its Okabe-Ito colour and a hatch of its own, and the bands are labelled where the data ends, so the
 * chart reads without colour.
 */
import { scaleLinear, ticks as niceTicks } from 'd3';
import { formatRateTick, formatTime, xAxis, yAxis, type Tick } from './axis';
import { chartRoot } from './chart-root';
import { dodge } from './dodge';
import { FONT_SIZE, INK, OUTCOME_STYLES, outcomeFill, outcomePatterns } from './encoding';
import { el, px, textEl, type SvgNode } from './scene';
import { textWidth } from './text-fit';
import { OUTCOME_COUNT, type SeriesStore, type VariantSeries } from './series';
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

/** Options of the throughput chart: those of every chart over time. */
export type ThroughputChartOptions = TimeChartOptions;

/** Room left of the plots for rate ticks and right of them for the band labels, px. */
const MARGIN = { left: 44, right: 88 } as const;
const LABEL_GAP = 12;
/** The chart's `<title>`. */
export const THROUGHPUT_CHART_TITLE = 'Requests answered per second, by outcome';

/** One outcome's band: an index into `OUTCOMES` and the closed SVG path of its area. */
export interface ThroughputBand {
  readonly outcome: number;
  readonly d: string;
}

/** A label beside the end of a band: the outcome and its last rate. */
export interface BandLabel {
  readonly outcome: number;
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/** One variant's panel: ticks, bands and labels, px. */
export interface ThroughputPanel extends TimePanel {
  /** Rows shown (those ending at or before t). */
  readonly shown: number;
  readonly ticks: readonly Tick[];
  /** Bands of the outcomes answered at least once in the rows shown, bottom first. */
  readonly bands: readonly ThroughputBand[];
  readonly labels: readonly BandLabel[];
  /** The last row shown: its end (ms) and its rates by outcome (per s); null before the first. */
  readonly last: { readonly at: number; readonly rates: readonly number[] } | null;
}

/** Everything the throughput chart draws but the cursor, in px. */
export interface ThroughputChartModel {
  readonly frame: TimeFrame;
  /** The rate axis, answered per second, shared by every panel. */
  readonly yDomain: readonly [number, number];
  readonly panels: readonly ThroughputPanel[];
  readonly label: string;
}

/**
 * The closed area of outcome `o` stacked on the ones before it, over rows `0 .. shown - 1`: each row
 * is a step at its rate from its slice's start to its end (a rate holds over its slice), along the
 * top left to right and back along the bottom; empty when the outcome is 0 in every row shown.
 */
export function bandPath(
  series: VariantSeries,
  o: number,
  shown: number,
  x: (ms: number) => number,
  y: (rate: number) => number,
): string {
  let any = false;
  const below = new Float64Array(shown);
  for (let i = 0; i < shown; i++) {
    let sum = 0;
    for (let k = 0; k < o; k++) sum += series.rate[i * OUTCOME_COUNT + k];
    below[i] = sum;
    if (series.rate[i * OUTCOME_COUNT + o] > 0) any = true;
  }
  if (!any) return '';
  const path = new StepPath();
  for (let i = 0; i < shown; i++) {
    const top = px(y(below[i] + series.rate[i * OUTCOME_COUNT + o]));
    path.to(px(x(series.start[i])), top);
    path.to(px(x(series.end[i])), top);
  }
  for (let i = shown - 1; i >= 0; i--) {
    const bottom = px(y(below[i]));
    path.to(px(x(series.end[i])), bottom);
    path.to(px(x(series.start[i])), bottom);
  }
  return `${path.d}Z`;
}

/** A polyline that skips a point equal to the one before (where one slice ends, the next starts). */
class StepPath {
  d = '';
  private x = NaN;
  private y = NaN;

  to(x: number, y: number): void {
    if (x === this.x && y === this.y) return;
    this.d += `${this.d === '' ? 'M' : 'L'}${x},${y}`;
    this.x = x;
    this.y = y;
  }
}

function summary(panels: readonly ThroughputPanel[]): string {
  const parts = [`${THROUGHPUT_CHART_TITLE}.`];
  for (const panel of panels) {
    if (panel.last === null) {
      parts.push(`${panel.name}: no data yet.`);
      continue;
    }
    const rates = panel.last.rates;
    const answered = OUTCOME_STYLES.flatMap((style, o) =>
      rates[o] > 0 ? [`${style.label} ${formatRateTick(rates[o])}/s`] : [],
    );
    parts.push(
      `${panel.name} at ${formatTime(panel.last.at)}: ${answered.length > 0 ? answered.join(', ') : 'nothing answered'}.`,
    );
  }
  return parts.join(' ');
}

/**
 * The view model of the throughput chart of `store` at playback time `t` (ms), `width` x `height` px:
 * panels, rate ticks, band paths and labels, all in px.
 */
export function throughputChartModel(
  store: SeriesStore,
  t: number,
  width: number,
  height: number,
  options: ThroughputChartOptions = {},
): ThroughputChartModel {
  const variants = chartVariants(store, options);
  const frame = timeFrame(store, variants, options, width, height, MARGIN, LEGEND.width);
  const plotHeight = frame.panels.length > 0 ? frame.panels[0].bottom - frame.panels[0].top : 0;
  const count = Math.max(2, Math.floor(plotHeight / 36));
  let max = 0;
  for (const v of variants) max = Math.max(max, store.rateExtent(v)[1] || 0);
  const nice = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .nice(Math.max(5, 2 * count))
    .domain();
  const yDomain: [number, number] = [nice[0], nice[1]];
  const panels = frame.panels.map((panel): ThroughputPanel => {
    const series = store.series(panel.variant);
    const shown = store.upTo(panel.variant, t);
    const y = scaleLinear().domain(yDomain).range([panel.bottom, panel.top]);
    const bands: ThroughputBand[] = [];
    for (let o = 0; o < OUTCOME_COUNT; o++) {
      const d = bandPath(series, o, shown, frame.x, y);
      if (d !== '') bands.push({ outcome: o, d });
    }
    const ticks = niceTicks(yDomain[0], yDomain[1], count).map((v) => ({
      value: v,
      pos: px(y(v)),
      label: formatRateTick(v),
    }));
    if (shown === 0) return { ...panel, shown, ticks, bands, labels: [], last: null };
    const row = shown - 1;
    const rates = Array.from({ length: OUTCOME_COUNT }, (_, o) => series.rate[row * OUTCOME_COUNT + o]);
    const present = rates.map((_, o) => o).filter((o) => rates[o] > 0);
    let below = 0;
    const middles: number[] = [];
    for (let o = 0; o < OUTCOME_COUNT; o++) {
      if (rates[o] > 0) middles.push(y(below + rates[o] / 2));
      below += rates[o];
    }
    const ys = dodge(middles, LABEL_GAP, panel.top + 4, panel.bottom - 4);
    const x = px(frame.x(series.end[row]) + 6);
    const labels = present.map((o, k) => ({
      outcome: o,
      text: `${OUTCOME_STYLES[o].label} ${formatRateTick(rates[o])}/s`,
      x,
      y: px(ys[k]),
    }));
    return { ...panel, shown, ticks, bands, labels, last: { at: series.end[row], rates } };
  });
  return { frame, yDomain, panels, label: summary(panels) };
}

/** Offsets of the legend's items from the left of the plots (a swatch, then the name), and its width. */
const LEGEND = (() => {
  const offsets: number[] = [];
  let x = 0;
  for (const style of OUTCOME_STYLES) {
    offsets.push(x);
    x += 14 + textWidth(style.label) + 10;
  }
  return { offsets, width: x - 10 };
})();

function legend(frame: TimeFrame, idPrefix: string): SvgNode {
  return el(
    'g',
    { 'aria-hidden': 'true' },
    OUTCOME_STYLES.flatMap((style, o) => {
      const x = frame.left + LEGEND.offsets[o];
      return [
        el('rect', { x, y: 4, width: 10, height: 10, fill: outcomeFill(idPrefix, o) }),
        textEl('text', { x: x + 14, y: 13, fill: INK, 'font-size': FONT_SIZE }, style.label),
      ];
    }),
  );
}

function panelNode(frame: TimeFrame, panel: ThroughputPanel, idPrefix: string): SvgNode {
  return el('g', {}, [
    panelTitle(frame, panel, ['answered per second', 'per second', '/s']),
    yAxis(panel.ticks, frame.left, frame.right),
    panel.last === null ? emptyNote(frame, panel, 'No data yet') : null,
    ...panel.bands.map((band) =>
      el('path', { d: band.d, fill: outcomeFill(idPrefix, band.outcome), stroke: 'none' }),
    ),
    ...panel.labels.map((label) =>
      el('g', { 'aria-hidden': 'true' }, [
        el('rect', {
          x: label.x,
          y: px(label.y - 4),
          width: 8,
          height: 8,
          fill: outcomeFill(idPrefix, label.outcome),
        }),
        textEl(
          'text',
          { x: label.x + 11, y: label.y, dy: '0.32em', fill: INK, 'font-size': FONT_SIZE },
          label.text,
        ),
      ]),
    ),
  ]);
}

/** Everything of the chart but the cursor; pattern ids start with `idPrefix`. */
export function throughputChartBody(model: ThroughputChartModel, idPrefix: string): SvgNode {
  const { frame } = model;
  return el('g', {}, [
    outcomePatterns(idPrefix),
    warmupNode(frame),
    legend(frame, idPrefix),
    ...model.panels.map((panel) => panelNode(frame, panel, idPrefix)),
    xAxis(frame.ticks, frame.axisY, frame.left, frame.right, frame.width),
  ]);
}

function root(model: ThroughputChartModel, body: SvgNode, cursor: SvgNode): SvgNode {
  return chartRoot(model.frame.width, model.frame.height, THROUGHPUT_CHART_TITLE, model.label, [
    body,
    cursor,
  ]);
}

/** The whole chart at playback time `t` as a scene; pattern ids start with `idPrefix`. */
export function throughputChartScene(
  model: ThroughputChartModel,
  t: number,
  idPrefix = 'throughput',
): SvgNode {
  return root(
    model,
    throughputChartBody(model, idPrefix),
    cursorNode(model.frame, cursorX(model.frame, t), t),
  );
}

/** The throughput chart on the page. */
export type ThroughputChart = TimeChart<ThroughputChartOptions & SizeOptions>;

/** Mounts a throughput chart in `container`; call `update(store, t)` as frames arrive and playback moves. */
export function createThroughputChart(
  container: Element,
  options: ThroughputChartOptions & SizeOptions = {},
): ThroughputChart {
  return createTimeChart(container, options, {
    idPrefix: 'throughput',
    model: throughputChartModel,
    body: throughputChartBody,
    root,
  });
}
