/**
 * Retry amplification over simulated time: calls between components per first try, one line per
 * variant in a single plot on the time axis of the other charts, drawn up to the playback time. Each
 * variant has its own colour and dash, a legend names them and the value at the end of each line is
 * labelled with the variant's name, so the chart reads without colour.
 *
 * One plot rather than panels: two lines of one quantity compare best on the same axis. A 100 ms slice
 * holds few calls, so its own ratio jumps about; each point is the ratio over the trailing second,
 * sum(attempts) / sum(attempts - retries), summed from the store's counts rather than averaged from the
 * per-slice ratios (which would weigh a quiet slice as much as a busy one). The axis covers every row
 * received, not only those shown, so that it holds still while playback moves.
 */
import { scaleLinear, ticks as niceTicks } from 'd3';
import { formatTime, shortNumber, xAxis, yAxis, type Tick } from './axis';
import { chartRoot } from './chart-root';
import { dodge } from './dodge';
import { FONT_SIZE, INK, MUTE, VARIANT_STYLES, variantsDrawn } from './encoding';
import { linePath } from './latency-chart';
import { el, px, textEl, type SvgNode } from './scene';
import { textWidth, truncate, wrapName } from './text-fit';
import type { SeriesStore, VariantSeries } from './series';
import { createTimeChart, type SizeOptions, type TimeChart } from './time-chart';
import {
  chartVariants,
  cursorNode,
  cursorX,
  defaultTimeChartHeight,
  emptyNote,
  MOMENT_LINE,
  timeFrame,
  variantName,
  type TimeChartOptions,
  type TimeFrame,
  warmupNode,
} from './time-layout';

/** Options of the amplification chart: those of every chart over time. */
export type AmplificationChartOptions = TimeChartOptions;

/** The trailing window each point aggregates, simulated ms. */
export const TRAILING_MS = 1000;
/** The chart's `<title>`. */
export const AMPLIFICATION_CHART_TITLE = 'Retry amplification over time';

/** Room left of the plot for ticks, px; the right margin fits the end labels. */
const MARGIN_LEFT = 44;
const LABEL_GAP = 12;
/** Names are cut to this many characters in the end labels (the legend has them whole). */
const NAME_CHARS = 14;
/** A legend line, px; the first one's baseline is at 14. */
const LEGEND_LINE = 16;
/** The axis reaches at least this high, so that a run without retries shows a flat line at 1×. */
const MIN_TOP = 2;

/** How one variant's line is drawn. */
export interface AmplificationStyle {
  readonly color: string;
  /** `stroke-dasharray`; empty for a solid line. */
  readonly dash: string;
}

/**
 * The style of variant `variant`'s line, the same whichever variants are drawn: the `VARIANT_STYLES`
 * of the other comparisons (ink solid, blue dashed, orange dotted, green dash-dot, ...).
 */
export function amplificationStyle(variant: number): AmplificationStyle {
  const { color, dash } = VARIANT_STYLES[variant % VARIANT_STYLES.length];
  return { color, dash };
}

/** One variant's line in the plot. */
export interface AmplificationLine extends AmplificationStyle {
  readonly variant: number;
  readonly name: string;
  /** Rows shown (those ending at or before t). */
  readonly shown: number;
  /** SVG path through the trailing ratios of the rows shown; gaps where a second had no first try. */
  readonly d: string;
  /** The last row shown with a ratio: its end (ms) and the trailing ratio there; null if none. */
  readonly last: { readonly at: number; readonly value: number } | null;
}

/** A label beside the end of a line: the variant and its last ratio. */
export interface AmplificationLabel {
  readonly variant: number;
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/** Everything the amplification chart draws but the cursor, in px. */
export interface AmplificationChartModel {
  /** The time frame; its one panel is the plot every line shares. */
  readonly frame: TimeFrame;
  /** The ratio axis, from 1 up. */
  readonly yDomain: readonly [number, number];
  readonly ticks: readonly Tick[];
  readonly lines: readonly AmplificationLine[];
  readonly labels: readonly AmplificationLabel[];
  /** The legend, flowed over as many lines as the names need. */
  readonly legend: readonly AmplificationLegendItem[];
  /** Names the variants left out, when there are more than the chart draws apart; else empty. */
  readonly note: string;
  /** The summary a screen reader announces. */
  readonly label: string;
}

/** A legend item: a 22 px line at `x` and the name's lines right of it; `y` is the first baseline. */
export interface AmplificationLegendItem {
  readonly variant: number;
  readonly x: number;
  readonly y: number;
  readonly lines: readonly string[];
}

/**
 * Per row `0 .. rows - 1` of `series`, the retry amplification over the slices that started at most
 * `windowMs` before the row's end (the row itself always counts): sum(attempts) / sum(attempts -
 * retries), NaN when the window holds no first try. Over the first second of a run the window holds
 * only the slices so far. A row's value depends on no later row.
 */
export function trailingAmplification(
  series: VariantSeries,
  rows: number,
  windowMs: number = TRAILING_MS,
): Float64Array {
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
  const out = new Float64Array(rows);
  let lo = 0;
  let attempts = 0;
  let first = 0;
  // Counts are integers, so the running sums stay exact as rows enter and leave the window.
  for (let i = 0; i < rows; i++) {
    attempts += series.attempts[i];
    first += series.attempts[i] - series.retries[i];
    const from = series.end[i] - windowMs;
    while (lo < i && series.start[lo] < from) {
      attempts -= series.attempts[lo];
      first -= series.attempts[lo] - series.retries[lo];
      lo++;
    }
    out[i] = first > 0 ? attempts / first : NaN;
  }
  return out;
}

/** A ratio: `1×`, `1.5×`, `12×` (two significant digits). */
export function formatAmplification(ratio: number): string {
  return `${String(Number(ratio.toPrecision(2)))}×`;
}

/** A tick of the ratio axis: `1×`, `1.25×`, `10×`. */
function tickLabel(ratio: number): string {
  return `${shortNumber(ratio)}×`;
}

/**
 * The ratio axis for ratios up to `max`: from 1 to a nice value at or above `max` (and at least 2),
 * with about `count` ticks, 1× always among them.
 */
export function amplificationDomain(max: number, count: number): [number, number] {
  const hi = Number.isFinite(max) ? Math.max(MIN_TOP, max) : MIN_TOP;
  return [1, scaleLinear().domain([1, hi]).nice(count).domain()[1]];
}

/** Ticks of the ratio axis `domain`, placed by `scale`. */
export function amplificationTicks(
  domain: readonly [number, number],
  scale: (ratio: number) => number,
  count: number,
): Tick[] {
  const values = niceTicks(domain[0], domain[1], count);
  // Wide steps (2, 5, ...) start past 1; the base line is where the reading starts.
  if (values[0] !== 1) values.unshift(1);
  return values.map((v) => ({ value: v, pos: px(scale(v)), label: tickLabel(v) }));
}

/** The name a line is known by in the legend and its end label. */
function shortName(options: TimeChartOptions, variant: number): string {
  return truncate(variantName(options, variant), NAME_CHARS);
}

/**
 * The legend's items flowed from `x0` to `x1` over lines (a name too long for a line wraps, whole):
 * the items, the width of the last line and the height of the legend row, px.
 */
function legendLayout(
  names: readonly { readonly variant: number; readonly name: string }[],
  x0: number,
  x1: number,
): { items: AmplificationLegendItem[]; lastWidth: number; height: number } {
  const items: AmplificationLegendItem[] = [];
  let x = x0;
  let y = 14;
  let lineHeight = LEGEND_LINE;
  for (const { variant, name } of names) {
    const lines = wrapName(name, Math.max(4, Math.floor((x1 - x0 - 27) / 6.6)));
    const w = 27 + Math.max(...lines.map((l) => textWidth(l)));
    if (x > x0 && x + w > x1) {
      x = x0;
      y += lineHeight;
      lineHeight = LEGEND_LINE;
    }
    items.push({ variant, x, y, lines });
    lineHeight = Math.max(lineHeight, lines.length * 13 + 3);
    x += w + 14;
  }
  return { items, lastWidth: Math.max(0, x - 14 - x0), height: y - 14 + lineHeight + 6 };
}

function summary(lines: readonly AmplificationLine[]): string {
  const parts = [`${AMPLIFICATION_CHART_TITLE}, calls per first try over the trailing second.`];
  for (const line of lines) {
    parts.push(
      line.last === null
        ? `${line.name}: no calls yet.`
        : `${line.name} at ${formatTime(line.last.at)}: ${formatAmplification(line.last.value)}.`,
    );
  }
  return parts.join(' ');
}

/**
 * The view model of the amplification chart of `store` at playback time `t` (ms), `width` x `height`
 * px: the ratio axis, one line per variant and the end labels, all in px.
 */
export function amplificationChartModel(
  store: SeriesStore,
  t: number,
  width: number,
  height: number,
  options: AmplificationChartOptions = {},
): AmplificationChartModel {
  const asked = chartVariants(store, options);
  const drawn = variantsDrawn(asked.map((v) => variantName(options, v)));
  const variants = asked.slice(0, drawn.count);
  const names = variants.map((v) => shortName(options, v));
  // The end labels must fit whatever the value; `1.8×` is as wide as any below 1000×.
  const right = 6 + Math.max(0, ...names.map((n) => textWidth(`${n} 1.8×`))) + 4;
  const legend = legendLayout(
    variants.map((variant) => ({ variant, name: variantName(options, variant) })),
    MARGIN_LEFT,
    width - 4,
  );
  const noteHeight = drawn.note === '' ? 0 : LEGEND_LINE;
  // One plot for every line: the layout of a single panel.
  const frame = timeFrame(
    store,
    [variants[0] ?? 0],
    options,
    width,
    height,
    { left: MARGIN_LEFT, right },
    legend.lastWidth,
    legend.height + noteHeight,
  );
  const plot = frame.panels[0];
  const count = Math.max(2, Math.floor((plot.bottom - plot.top) / 36));
  const trailing = variants.map((v) => trailingAmplification(store.series(v), store.series(v).length));
  let max = -Infinity;
  for (const values of trailing) for (const value of values) if (value > max) max = value;
  const yDomain = amplificationDomain(max, count);
  const y = scaleLinear().domain(yDomain).range([plot.bottom, plot.top]).clamp(true);
  const lines = variants.map((variant, k): AmplificationLine => {
    const series = store.series(variant);
    const shown = store.upTo(variant, t);
    const values = trailing[k];
    let last: AmplificationLine['last'] = null;
    for (let i = shown - 1; i >= 0; i--) {
      if (Number.isFinite(values[i])) {
        last = { at: series.end[i], value: values[i] };
        break;
      }
    }
    return {
      ...amplificationStyle(variant),
      variant,
      name: variantName(options, variant),
      shown,
      d: linePath(series.end, values, shown, frame.x, y),
      last,
    };
  });
  const ended = lines.flatMap((line, k) => (line.last === null ? [] : [{ line, name: names[k] }]));
  const ys = dodge(
    ended.map(({ line }) => y(line.last!.value)),
    LABEL_GAP,
    plot.top + 4,
    // Half a line above the axis: a label at 1× would sit on the axis line, by the last tick's text.
    plot.bottom - 6,
  );
  const labels = ended.map(({ line, name }, k) => ({
    variant: line.variant,
    text: `${name} ${formatAmplification(line.last!.value)}`,
    x: px(frame.x(line.last!.at) + 6),
    y: px(ys[k]),
  }));
  const ticks = amplificationTicks(yDomain, y, count);
  const label = drawn.note === '' ? summary(lines) : `${summary(lines)} ${drawn.note}`;
  return { frame, yDomain, ticks, lines, labels, legend: legend.items, note: drawn.note, label };
}

function legend(model: AmplificationChartModel): SvgNode {
  const last = model.legend[model.legend.length - 1];
  return el('g', { 'aria-hidden': 'true', 'data-part': 'legend' }, [
    ...model.legend.flatMap((item) => {
      const { color, dash } = amplificationStyle(item.variant);
      return [
        el('line', {
          x1: item.x,
          x2: item.x + 22,
          y1: item.y - 4,
          y2: item.y - 4,
          stroke: color,
          'stroke-width': 1.75,
          'stroke-dasharray': dash || null,
        }),
        ...item.lines.map((line, i) =>
          textEl('text', { x: item.x + 27, y: item.y + i * 13, fill: INK, 'font-size': FONT_SIZE }, line),
        ),
      ];
    }),
    model.note === '' || last === undefined
      ? null
      : textEl(
          'text',
          { x: model.frame.left, y: last.y + last.lines.length * 13 + 3, fill: MUTE, 'font-size': FONT_SIZE },
          model.note,
        ),
  ]);
}

/** The row above the plot: what a point is, long then short, whichever fits. */
function caption(frame: TimeFrame): SvgNode {
  const plot = frame.panels[0];
  const room = frame.right - frame.left;
  const text =
    ['calls per first try, trailing 1 s', 'trailing 1 s'].find((note) => textWidth(note) <= room) ?? '';
  return textEl(
    'text',
    { x: frame.left, y: plot.top - 4, fill: MUTE, 'font-size': FONT_SIZE, 'aria-hidden': 'true' },
    text,
  );
}

/**
 * What an empty plot says: the report counts calls from the warmup's end on, and so do the frames and
 * the run's series, so with a warmup the longest of these notes that fits the plot says so.
 */
function emptyText(frame: TimeFrame): string {
  if (frame.warmupX === null) return 'No calls yet';
  const room = frame.right - frame.left - 8;
  const notes = ['Calls are counted after the warmup', 'Counted after the warmup', 'After the warmup'];
  return notes.find((note) => textWidth(note, 12) <= room) ?? '';
}

/** Everything of the chart but the cursor. */
export function amplificationChartBody(model: AmplificationChartModel): SvgNode {
  const { frame } = model;
  const plot = frame.panels[0];
  const empty = model.lines.every((line) => line.last === null);
  return el('g', {}, [
    warmupNode(frame),
    legend(model),
    caption(frame),
    yAxis(model.ticks, frame.left, frame.right),
    empty ? emptyNote(frame, plot, emptyText(frame)) : null,
    ...model.lines.map((line) =>
      el('path', {
        d: line.d,
        fill: 'none',
        stroke: line.color,
        'stroke-width': 1.75,
        'stroke-dasharray': line.dash || null,
        'stroke-linejoin': 'round',
        'stroke-linecap': 'round',
      }),
    ),
    ...model.labels.map((label) =>
      textEl(
        'text',
        { x: label.x, y: label.y, dy: '0.32em', fill: INK, 'font-size': FONT_SIZE, 'aria-hidden': 'true' },
        label.text,
      ),
    ),
    xAxis(frame.ticks, frame.axisY, frame.left, frame.right, frame.width),
  ]);
}

function root(model: AmplificationChartModel, body: SvgNode, cursor: SvgNode): SvgNode {
  return chartRoot(model.frame.width, model.frame.height, AMPLIFICATION_CHART_TITLE, model.label, [
    body,
    cursor,
  ]);
}

/** The whole chart at playback time `t` as a scene (what the page shows and the export writes). */
export function amplificationChartScene(model: AmplificationChartModel, t: number): SvgNode {
  return root(model, amplificationChartBody(model), cursorNode(model.frame, cursorX(model.frame, t), t));
}

/** The amplification chart on the page. */
export type AmplificationChart = TimeChart<AmplificationChartOptions & SizeOptions>;

/**
 * Mounts an amplification chart in `container` (default height: one 120 px plot, its legend and the moment); call
 * `update(store, t)` as frames arrive and playback moves.
 */
export function createAmplificationChart(
  container: Element,
  options: AmplificationChartOptions & SizeOptions = {},
): AmplificationChart {
  return createTimeChart(container, options, {
    idPrefix: 'amplification',
    // One plot, plus room for a legend that wraps (about two names a line) and the moment's line.
    defaultHeight: (variants) =>
      defaultTimeChartHeight(1) + MOMENT_LINE + LEGEND_LINE * Math.ceil(Math.max(0, variants - 2) / 2),
    model: amplificationChartModel,
    body: amplificationChartBody,
    root,
  });
}
