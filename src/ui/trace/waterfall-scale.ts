/**
 * The waterfall's time axis: a linear map from ms after the trace's start to pixels (or percent),
 * with ticks at round values (1, 2 or 5 times a power of ten) labelled in µs, ms or s. Also the
 * formatting of a span's duration, which uses the same units.
 */

/** The unit an axis is labelled in: µs below a millisecond, s from a second, ms between. */
export type TimeUnit = 'µs' | 'ms' | 's';

/** One tick of the axis. */
export interface AxisTick {
  /** Time after the trace's start, ms. */
  readonly ms: number;
  /** Position, 0 to the scale's width. */
  readonly x: number;
  /** `0`, `250 µs`, `20 ms`, `1.5 s`. */
  readonly label: string;
}

/** A time axis for one trace. */
export interface WaterfallScale {
  /** The time at the right end, ms after the trace's start: the latest end of a row (1 ms when
   * every row is empty, so that the axis has a length). */
  readonly extent: number;
  /** Width of the axis in the caller's unit: pixels, or 100 for percentages. */
  readonly width: number;
  readonly unit: TimeUnit;
  /** Distance between ticks, ms. */
  readonly step: number;
  /** From 0, every `step`, up to the extent. */
  readonly ticks: readonly AxisTick[];
  /** The position of a time (ms after the trace's start), clamped to [0, width]. */
  x(ms: number): number;
}

const UNIT_FACTOR: Readonly<Record<TimeUnit, number>> = { µs: 1000, ms: 1, s: 0.001 };

/**
 * The axis for `rows` (anything with an `end`, ms after the trace's start) drawn `width` wide, with
 * about `tickCount` ticks (default 5). Throws a RangeError naming the bad argument.
 */
export function waterfallScale(
  rows: readonly { readonly end: number }[],
  width: number,
  tickCount = 5,
): WaterfallScale {
  if (!(Number.isFinite(width) && width > 0))
    throw new RangeError(`waterfallScale: width must be a positive number, got ${width}`);
  if (!(Number.isInteger(tickCount) && tickCount > 0))
    throw new RangeError(`waterfallScale: tickCount must be a positive integer, got ${tickCount}`);
  let latest = 0;
  for (const row of rows) if (Number.isFinite(row.end) && row.end > latest) latest = row.end;
  const extent = latest > 0 ? latest : 1;
  const unit: TimeUnit = extent < 1 ? 'µs' : extent < 1000 ? 'ms' : 's';
  const { step, tickAt } = niceStep(extent / tickCount);
  const x = (ms: number) => Math.min(width, Math.max(0, (ms / extent) * width));
  const decimals = Math.max(0, Math.ceil(-Math.log10(step * UNIT_FACTOR[unit]) - 1e-9));
  const ticks: AxisTick[] = [];
  // A hair of slack so that a tick landing on the extent, up to rounding, is kept.
  for (let i = 0; i * step <= extent * (1 + 1e-9); i++) {
    const ms = tickAt(i);
    ticks.push({ ms, x: x(ms), label: tickLabel(ms, unit, decimals) });
  }
  return { extent, width, unit, step, ticks, x };
}

/**
 * The round step (1, 2 or 5 times a power of ten) nearest `rough`, and the i-th multiple of it
 * computed from integers, so that 3 x 0.1 is 0.3 and not 0.30000000000000004 (as d3-array does).
 */
function niceStep(rough: number): { step: number; tickAt: (i: number) => number } {
  const power = Math.floor(Math.log10(rough));
  const error = rough / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  if (power >= 0) return { step: factor * 10 ** power, tickAt: (i) => i * factor * 10 ** power };
  const inverse = 10 ** -power;
  return { step: factor / inverse, tickAt: (i) => (i * factor) / inverse };
}

function tickLabel(ms: number, unit: TimeUnit, decimals: number): string {
  return ms === 0 ? '0' : `${(ms * UNIT_FACTOR[unit]).toFixed(decimals)} ${unit}`;
}

/**
 * A duration with three significant digits and its unit: `420 µs`, `1.5 ms`, `12.3 ms`, `250 ms`,
 * `1.23 s`; `0 ms` for zero and an em dash for what is not a number.
 */
export function formatSpanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms === 0) return '0 ms';
  // Rounded first, so that 999.7 ms becomes 1 s and not 1000 ms.
  const inMs = Number(ms.toPrecision(3));
  if (Math.abs(inMs) < 1) {
    const us = ms * 1000;
    return `${Math.abs(us) < 1 ? Number(us.toFixed(3)) : Number(us.toPrecision(3))} µs`;
  }
  if (Math.abs(inMs) < 1000) return `${inMs} ms`;
  return `${Number((ms / 1000).toPrecision(3))} s`;
}
