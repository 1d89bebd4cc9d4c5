/**
 * What the two charts over simulated time share: one panel per variant stacked top to bottom on a
 * common time axis (so that the same moment lines up in every panel, and gateway-only and mesh read
 * one above the other), a legend row on top, and the cursor at the playback time across all panels.
 */
import { scaleLinear } from 'd3';
import { timeTicks, type Tick } from './axis';
import { INK, MUTE } from './encoding';
import { el, px, textEl, type SvgNode } from './scene';
import type { SeriesStore } from './series';
import { textWidth } from './text-fit';

/** Height of the legend row, px. */
export const LEGEND_HEIGHT = 22;
/** Height of a panel's title row, px. */
export const TITLE_HEIGHT = 16;
/** Space between panels, px. */
export const PANEL_GAP = 10;
/** Height of the time axis under the last panel, px. */
export const AXIS_HEIGHT = 24;
/** A panel's plot is never drawn shorter than this, px. */
export const MIN_PLOT_HEIGHT = 30;
/** Height of the line the moment takes when the legend row leaves it no room, px. */
export const MOMENT_LINE = 14;
/** The widest moment a chart writes, for room: the clock never shows more than 99 minutes. */
const WIDEST_MOMENT = 'up to 00:00.0';

/** Options every chart over time takes. */
export interface TimeChartOptions {
  /** Variant names for the panel titles, by variant index; default `variant 1`, `variant 2`, ... */
  readonly names?: readonly string[];
  /** Which variants to draw, in order; default all of the store's. */
  readonly variants?: readonly number[];
  /**
   * End of the time axis, simulated ms; default the end of the data received. Set it to the run's
   * duration so that the axis stays put while frames stream in.
   */
  readonly durationMs?: number;
  /**
   * End of the warmup, simulated ms (default 0, none): the report leaves out requests sent before
   * it, so the plots shade that stretch and name it.
   */
  readonly warmupMs?: number;
}

/** One variant's panel: where its plot is, in px from the top of the chart. */
export interface TimePanel {
  readonly variant: number;
  readonly name: string;
  /** Top and bottom of the plot area (the title sits in the row above `top`). */
  readonly top: number;
  readonly bottom: number;
}

/** The frame shared by a chart over time. */
export interface TimeFrame {
  readonly width: number;
  readonly height: number;
  /** Left and right end of every plot, px. */
  readonly left: number;
  readonly right: number;
  readonly panels: readonly TimePanel[];
  /** Time axis: domain (ms), scale, ticks and the y of its line. */
  readonly domain: readonly [number, number];
  readonly x: (ms: number) => number;
  readonly ticks: readonly Tick[];
  readonly axisY: number;
  /** Where the legend row's legend ends, px. */
  readonly legendEnd: number;
  /** Right end of the warmup's shade, px; null without a warmup. */
  readonly warmupX: number | null;
  /**
   * Where the moment shown (`up to 00:12.3`, `whole run`) is written: at the right of the legend
   * row, or, where the legend leaves no room, on a line of its own under it, at the left.
   */
  readonly moment: { readonly x: number; readonly y: number; readonly anchor: 'start' | 'end' };
}

/** The variant indices a chart draws, checked against the store. */
export function chartVariants(store: SeriesStore, options: TimeChartOptions): readonly number[] {
  const variants = options.variants ?? Array.from({ length: store.variants }, (_, i) => i);
  for (const v of variants) {
    if (!Number.isInteger(v) || v < 0 || v >= store.variants) {
      throw new RangeError(`options.variants: ${v} is not a variant of the store (0..${store.variants - 1})`);
    }
  }
  return variants;
}

/** The name shown for `variant`. */
export function variantName(options: TimeChartOptions, variant: number): string {
  return options.names?.[variant] || `variant ${variant + 1}`;
}

/** The default height of a chart over time with `panels` panels, px. */
export function defaultTimeChartHeight(panels: number): number {
  return LEGEND_HEIGHT + AXIS_HEIGHT + Math.max(1, panels) * (TITLE_HEIGHT + 120) + (panels - 1) * PANEL_GAP;
}

/** The clock's reading of `ms`: `00:12.3`, as the playback controls show it. */
export function clockReading(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds - minutes * 60;
  return `${String(minutes).padStart(2, '0')}:${rest.toFixed(1).padStart(4, '0')}`;
}

/**
 * What moment a chart tied to the playback shows at time `t`: `up to 00:12.3` while the playhead is
 * inside the run, `whole run` from its end on (and for an export, drawn at `Infinity`).
 */
export function momentText(frame: TimeFrame, t: number): string {
  if (Number.isNaN(t)) return '';
  return t >= frame.domain[1] ? 'whole run' : `up to ${clockReading(t)}`;
}

/**
 * Lays out a `width` x `height` chart of the given variants with `margin` px left and right of the
 * plots and a legend `legendWidth` px wide and `legendHeight` px tall (default one row); the time
 * axis runs from 0 (or the first slice, if earlier) to `options.durationMs` or the last slice
 * received.
 */
export function timeFrame(
  store: SeriesStore,
  variants: readonly number[],
  options: TimeChartOptions,
  width: number,
  height: number,
  margin: { readonly left: number; readonly right: number },
  legendWidth: number,
  legendHeight: number = LEGEND_HEIGHT,
): TimeFrame {
  const n = Math.max(1, variants.length);
  const left = margin.left;
  const right = Math.max(left + 10, width - margin.right);
  // The moment goes right of the legend's last row when it fits there, else on a line of its own.
  const beside = left + legendWidth + 12 + textWidth(WIDEST_MOMENT) <= right;
  const head = beside ? legendHeight : legendHeight + MOMENT_LINE;
  const moment = beside
    ? { x: right, y: legendHeight - 8, anchor: 'end' as const }
    : { x: left, y: legendHeight + 4, anchor: 'start' as const };
  const plotHeight = Math.max(
    MIN_PLOT_HEIGHT,
    (height - head - AXIS_HEIGHT - n * TITLE_HEIGHT - (n - 1) * PANEL_GAP) / n,
  );
  const panels = variants.map((variant, k) => {
    const top = px(head + k * (TITLE_HEIGHT + plotHeight + PANEL_GAP) + TITLE_HEIGHT);
    return { variant, name: variantName(options, variant), top, bottom: px(top + plotHeight) };
  });
  const [first, last] = store.timeExtent();
  const start = Math.min(0, Number.isFinite(first) ? first : 0);
  let end = options.durationMs ?? (Number.isFinite(last) ? last : 1000);
  if (!(end > start)) end = start + 1000;
  const x = scaleLinear().domain([start, end]).range([left, right]);
  const axisY = panels.length > 0 ? panels[panels.length - 1].bottom : head + TITLE_HEIGHT;
  const count = Math.max(2, Math.floor((right - left) / 80));
  return {
    width,
    height,
    left,
    right,
    panels,
    domain: [start, end],
    x,
    ticks: timeTicks([start, end], x, count),
    axisY,
    legendEnd: left + legendWidth,
    moment,
    warmupX: (options.warmupMs ?? 0) > 0 ? px(x(Math.min(options.warmupMs!, end))) : null,
  };
}

/** Where the cursor is drawn for playback time `t`, or null when `t` is off the time axis. */
export function cursorX(frame: TimeFrame, t: number): number | null {
  if (!Number.isFinite(t) || t < frame.domain[0] || t > frame.domain[1]) return null;
  return px(frame.x(t));
}

/**
 * The cursor line over every panel at `x` (none when null, or once the playhead is at the run's end),
 * and the moment the chart shows (`up to 00:12.3`, `whole run`) where the frame puts it.
 */
export function cursorNode(frame: TimeFrame, x: number | null, t: number): SvgNode {
  const top = frame.panels.length > 0 ? frame.panels[0].top : frame.axisY;
  const whole = t >= frame.domain[1];
  return el('g', { 'aria-hidden': 'true' }, [
    x === null || whole
      ? null
      : el('line', { x1: x, x2: x, y1: top, y2: frame.axisY, stroke: INK, 'stroke-dasharray': '3 3' }),
    textEl(
      'text',
      {
        x: frame.moment.x,
        y: frame.moment.y,
        'text-anchor': frame.moment.anchor,
        fill: MUTE,
        'font-size': 11,
        'data-part': 'moment',
      },
      momentText(frame, t),
    ),
  ]);
}

/**
 * A panel's title: the variant's name, as text, and at the right end of the row the first of `notes`
 * (say, the unit, long then short) that leaves room for the name.
 */
export function panelTitle(frame: TimeFrame, panel: TimePanel, notes: readonly string[] = []): SvgNode {
  const name = textEl(
    'text',
    { x: frame.left, y: panel.top - 4, fill: INK, 'font-size': 12, 'font-weight': 600 },
    panel.name,
  );
  const room = frame.right - frame.left - textWidth(panel.name, 12) - 12;
  const note = notes.find((n) => textWidth(n) <= room) ?? '';
  if (note === '') return name;
  return el('g', {}, [
    name,
    textEl(
      'text',
      { x: frame.right, y: panel.top - 4, 'text-anchor': 'end', fill: MUTE, 'font-size': 11 },
      note,
    ),
  ]);
}

/** Fill of the warmup's shade: a grey lighter than the grid, under everything. */
const WARMUP_FILL = '#f4f5f8';

/**
 * The warmup shaded in every panel, and named once in the first, small and muted at its top left
 * (where it fits): what the report leaves out, seen at a glance.
 */
export function warmupNode(frame: TimeFrame): SvgNode | null {
  const to = frame.warmupX;
  if (to === null || !(to > frame.left) || frame.panels.length === 0) return null;
  const first = frame.panels[0];
  const fits = to - frame.left >= textWidth('warmup', 10) + 6;
  return el('g', { 'aria-hidden': 'true', 'data-part': 'warmup' }, [
    ...frame.panels.map((panel) =>
      el('rect', {
        x: frame.left,
        y: panel.top,
        width: px(to - frame.left),
        height: px(panel.bottom - panel.top),
        fill: WARMUP_FILL,
      }),
    ),
    fits
      ? textEl('text', { x: frame.left + 3, y: first.top + 10, fill: MUTE, 'font-size': 10 }, 'warmup')
      : null,
  ]);
}

/** A note in the middle of an empty panel. */
export function emptyNote(frame: TimeFrame, panel: TimePanel, text: string): SvgNode {
  return textEl(
    'text',
    {
      x: px((frame.left + frame.right) / 2),
      y: px((panel.top + panel.bottom) / 2),
      dy: '0.32em',
      'text-anchor': 'middle',
      fill: MUTE,
      'font-size': 12,
    },
    text,
  );
}
