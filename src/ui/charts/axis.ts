/**
 * Ticks and their labels for the charts' axes: simulated time, latency on a linear or a log scale,
 * rates and shares. Tick choice is pure (value, pixel position, label); `xAxis` and `yAxis` turn ticks
 * into scene nodes.
 */
import { ticks as niceTicks } from 'd3';
import { FONT_SIZE, GRID, LINE, MUTE } from './encoding';
import { el, px, textEl, type SvgNode } from './scene';
import { textWidth } from './text-fit';

/** One tick: its value in data units, its pixel position and its label. */
export interface Tick {
  readonly value: number;
  readonly pos: number;
  readonly label: string;
}

/** Up to three significant digits, no trailing zeros, never an exponent for chart-sized values. */
export function shortNumber(x: number): string {
  if (x === 0) return '0';
  return String(Number(x.toPrecision(3)));
}

/** A latency tick: `0.5 ms`, `20 ms`, `1 s`, `2.5 s`. */
export function formatMsTick(ms: number): string {
  return ms >= 1000 ? `${shortNumber(ms / 1000)} s` : `${shortNumber(ms)} ms`;
}

/** A rate tick: `0.5`, `40`, `900`, `1.5k`, `12k`. */
export function formatRateTick(perSecond: number): string {
  return perSecond >= 1000 ? `${shortNumber(perSecond / 1000)}k` : shortNumber(perSecond);
}

/** A playback time, for a cursor: `850 ms`, `23.4 s`, `120 s`. */
export function formatTime(ms: number): string {
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  return `${String(Number((ms / 1000).toFixed(ms < 100_000 ? 1 : 0)))} s`;
}

/**
 * About `count` ticks over simulated time `domain` (ms), placed by `scale`: seconds on a domain of
 * 2 s or more (`10 s`), else milliseconds (`250 ms`, and `1 s` for a whole second).
 */
export function timeTicks(
  domain: readonly [number, number],
  scale: (ms: number) => number,
  count: number,
): Tick[] {
  const [d0, d1] = domain;
  if (d1 - d0 < 2000) {
    return niceTicks(d0, d1, count).map((ms) => ({
      value: ms,
      pos: px(scale(ms)),
      label: Math.abs(ms) >= 1000 ? `${ms / 1000} s` : `${ms} ms`,
    }));
  }
  return niceTicks(d0 / 1000, d1 / 1000, count).map((s) => ({
    value: s * 1000,
    pos: px(scale(s * 1000)),
    label: `${s} s`,
  }));
}

/** Value `m * 10^e` without the rounding noise of `0.1 * 3`. */
function decade(m: number, e: number): number {
  return e >= 0 ? m * 10 ** e : m / 10 ** -e;
}

const STEPS = [1, 2, 5];
const EPSILON = 1e-9;

/** The 1-2-5 values (…, 0.5, 1, 2, 5, 10, …) from the decade below `lo` to the one above `hi`. */
function oneTwoFive(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e++) {
    for (const m of STEPS) out.push(decade(m, e));
  }
  return out;
}

/**
 * A log-scale domain covering `[min, max]` whose ends are 1-2-5 values (3..400 becomes 2..500), so
 * that the end ticks are labelled; a single value gets the step below and above it. Without a positive
 * `min` and a finite `max`, 1..100.
 */
export function logDomain(min: number, max: number): [number, number] {
  if (!(min > 0) || !Number.isFinite(max) || max < min) return [1, 100];
  const steps = oneTwoFive(min, max);
  let lo = steps[0];
  let hi = steps[steps.length - 1];
  for (const s of steps) if (s <= min * (1 + EPSILON)) lo = s;
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i] >= max * (1 - EPSILON)) hi = steps[i];
  if (lo === hi) {
    const i = steps.indexOf(lo);
    return [steps[i - 1], steps[i + 1]];
  }
  return [lo, hi];
}

/** Mantissas of the tick values of a log axis, densest first. */
const LOG_LEVELS = [[1, 2, 5], [1, 3], [1]];

/**
 * Tick values of a log scale over `domain`, the densest of these that gives at most `maxTicks`:
 * 1-2-5 values, then 1-3 (evenly spaced half decades), then powers of ten (every second or third one
 * when there are still too many).
 */
export function logTickValues(domain: readonly [number, number], maxTicks: number): number[] {
  const [lo, hi] = domain;
  const inside = (v: number): boolean => v >= lo * (1 - EPSILON) && v <= hi * (1 + EPSILON);
  let values: number[] = [];
  for (const mantissas of LOG_LEVELS) {
    values = [];
    for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e++) {
      for (const m of mantissas) if (inside(decade(m, e))) values.push(decade(m, e));
    }
    if (values.length <= maxTicks) return values;
  }
  const stride = Math.ceil(values.length / Math.max(1, maxTicks));
  return values.filter((_, i) => i % stride === 0);
}

/** Ticks of a latency axis (ms), linear or log, placed by `scale`. */
export function latencyTicks(
  domain: readonly [number, number],
  scale: (ms: number) => number,
  log: boolean,
  count: number,
): Tick[] {
  const values = log ? logTickValues(domain, count + 2) : niceTicks(domain[0], domain[1], count);
  return values.map((v) => ({ value: v, pos: px(scale(v)), label: formatMsTick(v) }));
}

/** Horizontal grid lines from `x0` to `x1` with labels right-aligned left of `x0`. */
export function yAxis(ticks: readonly Tick[], x0: number, x1: number): SvgNode {
  return el(
    'g',
    { 'aria-hidden': 'true' },
    ticks.flatMap((t) => [
      el('line', { x1: x0, x2: x1, y1: t.pos, y2: t.pos, stroke: GRID }),
      textEl(
        'text',
        { x: x0 - 6, y: t.pos, dy: '0.32em', 'text-anchor': 'end', fill: MUTE, 'font-size': FONT_SIZE },
        t.label,
      ),
    ]),
  );
}

/**
 * An axis line at `y` from `x0` to `x1`, with tick marks and labels below it. A label that would run
 * past the chart's edge (0 or `width`) is aligned to its tick instead of centred on it, and one that
 * would touch the label before it is left out (its tick mark stays).
 */
export function xAxis(ticks: readonly Tick[], y: number, x0: number, x1: number, width = Infinity): SvgNode {
  let lastEnd = -Infinity;
  return el('g', { 'aria-hidden': 'true' }, [
    el('line', { x1: x0, x2: x1, y1: y, y2: y, stroke: LINE }),
    ...ticks.flatMap((t) => {
      const w = textWidth(t.label);
      const anchor = t.pos + w / 2 > width ? 'end' : t.pos - w / 2 < 0 ? 'start' : 'middle';
      const start = anchor === 'start' ? t.pos : anchor === 'end' ? t.pos - w : t.pos - w / 2;
      const room = start >= lastEnd + 4;
      if (room) lastEnd = start + w;
      return [
        el('line', { x1: t.pos, x2: t.pos, y1: y, y2: y + 4, stroke: LINE }),
        room
          ? textEl(
              'text',
              { x: t.pos, y: y + 15, 'text-anchor': anchor, fill: MUTE, 'font-size': FONT_SIZE },
              t.label,
            )
          : null,
      ];
    }),
  ]);
}
