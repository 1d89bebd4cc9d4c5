/**
 * What the two charts over simulated time share: one panel per variant stacked top to bottom on a
 * common time axis (so that the same moment lines up in every panel, and gateway-only and mesh read
 * one above the other), a legend row on top, and the cursor at the playback time across all panels.
 */
import { scaleLinear } from 'd3';
import { formatTime, timeTicks, type Tick } from './axis';
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
  /** Where the legend row's legend ends, px: the playback time is written right of it if it fits. */
  readonly legendEnd: number;
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

/**
 * Lays out a `width` x `height` chart of the given variants with `margin` px left and right of the
 * plots and a legend `legendWidth` px wide; the time axis runs from 0 (or the first slice, if
 * earlier) to `options.durationMs` or the last slice received.
 */
export function timeFrame(
  store: SeriesStore,
  variants: readonly number[],
  options: TimeChartOptions,
  width: number,
  height: number,
  margin: { readonly left: number; readonly right: number },
  legendWidth: number,
): TimeFrame {
  const n = Math.max(1, variants.length);
  const plotHeight = Math.max(
    MIN_PLOT_HEIGHT,
    (height - LEGEND_HEIGHT - AXIS_HEIGHT - n * TITLE_HEIGHT - (n - 1) * PANEL_GAP) / n,
  );
  const panels = variants.map((variant, k) => {
    const top = px(LEGEND_HEIGHT + k * (TITLE_HEIGHT + plotHeight + PANEL_GAP) + TITLE_HEIGHT);
    return { variant, name: variantName(options, variant), top, bottom: px(top + plotHeight) };
  });
  const [first, last] = store.timeExtent();
  const start = Math.min(0, Number.isFinite(first) ? first : 0);
  let end = options.durationMs ?? (Number.isFinite(last) ? last : 1000);
  if (!(end > start)) end = start + 1000;
  const left = margin.left;
  const right = Math.max(left + 10, width - margin.right);
  const x = scaleLinear().domain([start, end]).range([left, right]);
  const axisY = panels.length > 0 ? panels[panels.length - 1].bottom : LEGEND_HEIGHT + TITLE_HEIGHT;
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
  };
}

/** Where the cursor is drawn for playback time `t`, or null when `t` is off the time axis. */
export function cursorX(frame: TimeFrame, t: number): number | null {
  if (!Number.isFinite(t) || t < frame.domain[0] || t > frame.domain[1]) return null;
  return px(frame.x(t));
}

/**
 * The cursor line over every panel, and the playback time at the right of the legend row (left out
 * where the legend leaves no room: the time axis and the playback controls still tell it).
 */
export function cursorNode(frame: TimeFrame, x: number | null, t: number): SvgNode {
  const top = frame.panels.length > 0 ? frame.panels[0].top : LEGEND_HEIGHT;
  const time = Number.isFinite(t) ? `at ${formatTime(t)}` : '';
  const fits = frame.legendEnd + 12 + textWidth(time) <= frame.right;
  return el('g', { 'aria-hidden': 'true' }, [
    x === null
      ? null
      : el('line', { x1: x, x2: x, y1: top, y2: frame.axisY, stroke: INK, 'stroke-dasharray': '3 3' }),
    textEl(
      'text',
      { x: frame.right, y: 14, 'text-anchor': 'end', fill: MUTE, 'font-size': 11 },
      fits ? time : '',
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
