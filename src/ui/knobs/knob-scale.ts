/**
 * The ranges of the knobs: bounds and steps on the 1-2-5 ladder (…, 0.5, 1, 2, 5, 10, 20, …), so a
 * slider moves by round amounts whatever the value the file wrote.
 */

/** A slider's range: `min` ≤ the written value ≤ `max`, moved by `step`. */
export interface KnobRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** Options of `scaledRange`. */
export interface ScaledRangeOptions {
  /** The lowest `min` offered (it is lowered to the value when the value is below it). */
  readonly lowest: number;
  /** The highest `max` offered (raised to the value when the value is above it); default unbounded. */
  readonly highest?: number;
  /** Whole steps only (counts of requests, not rates). Default false. */
  readonly integer?: boolean;
}

/** Positions a slider aims at over its whole range. */
const POSITIONS = 100;
const MANTISSAS = [1, 2, 5] as const;

/** `x` without binary noise: `0.1 + 0.2` -> `0.3`. */
export function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/** m × 10^k, computed so that it prints exactly (`5 / 100`, not `5 * 0.01`). */
function ladder(m: number, k: number): number {
  return k >= 0 ? m * 10 ** k : m / 10 ** -k;
}

/** The largest number of the 1-2-5 ladder at or below `x` (`x` > 0): 340 -> 200. */
export function niceFloor(x: number): number {
  const k = Math.floor(Math.log10(x));
  for (let j = k + 1; j >= k - 1; j--) {
    for (let i = MANTISSAS.length - 1; i >= 0; i--) {
      const n = ladder(MANTISSAS[i], j);
      if (n <= x * (1 + 1e-12)) return n;
    }
  }
  return ladder(1, k - 1);
}

/** The smallest number of the 1-2-5 ladder at or above `x` (`x` > 0): 340 -> 500. */
export function niceCeil(x: number): number {
  const k = Math.floor(Math.log10(x));
  for (let j = k - 1; j <= k + 1; j++) {
    for (const m of MANTISSAS) {
      const n = ladder(m, j);
      if (n >= x * (1 - 1e-12)) return n;
    }
  }
  return ladder(1, k + 2);
}

/** True when `value` is a whole number of `step`s. */
function onGrid(value: number, step: number): boolean {
  const n = value / step;
  return Math.abs(n - Math.round(n)) < 1e-9;
}

/**
 * The step for `span` in about `POSITIONS` positions. When one of the two next finer steps of the
 * ladder lands on `value` exactly, that one is taken, so that the written value is a slider position
 * (14 500 over 1 000..100 000: 500, not 1 000).
 */
export function niceStep(span: number, value: number, integer = false): number {
  const coarse = span > 0 ? niceCeil(span / POSITIONS) : 1;
  const finer = niceFloor(coarse * (1 - 1e-9));
  const candidates = [coarse, finer, niceFloor(finer * (1 - 1e-9))].filter((s) => !integer || s >= 1);
  const step = candidates.find((s) => onGrid(value, s)) ?? coarse;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/**
 * 0.1x to 5x of `value`, rounded outwards to the ladder and kept within `lowest`..`highest`, but
 * always holding `value` itself; `min` is a whole number of steps. A value of 0 gets `lowest`..10x
 * `lowest` (0..10 for `lowest` 0).
 */
export function scaledRange(value: number, options: ScaledRangeOptions): KnobRange {
  const { lowest, highest = Infinity, integer = false } = options;
  const low = value > 0 ? niceFloor(value / 10) : 0;
  const high = value > 0 ? niceCeil(value * 5) : Math.max(10, lowest * 10);
  let min = Math.min(Math.max(low, lowest), value);
  const max = Math.max(Math.min(high, highest), value);
  const step = niceStep(max - min, value, integer);
  min = Math.max(0, tidy(Math.floor(min / step + 1e-9) * step));
  return { min, max: tidy(Math.ceil(max / step - 1e-9) * step), step };
}

/**
 * A count of instances or workers: 1..max(10, 3x), step 1; a range of more than `POSITIONS` * 2
 * positions moves by a ladder step instead, starting at one step (a pool of 1 000 workers: 50..3 000
 * by 50).
 */
export function countRange(value: number): KnobRange {
  const max = Math.max(10, Math.ceil(3 * value));
  const min = Math.min(1, value);
  if (max - min <= POSITIONS * 2) return { min, max, step: 1 };
  const step = niceStep(max - min, value, true);
  return { min: Math.min(step, value), max: Math.ceil(max / step) * step, step };
}

/** Retries after the first try: 0..max(10, x), step 1. */
export function attemptsRange(value: number): KnobRange {
  return { min: 0, max: Math.max(10, Math.ceil(value)), step: 1 };
}

/**
 * A count the format bounds to `lowest`..`highest` (a breaker's threshold, a balancer's draws): as
 * `countRange`, but from `lowest` (0 where the format allows it, which turns some checks off) while
 * it moves by 1, and never above `highest`.
 */
export function boundedCountRange(value: number, lowest: number, highest = Infinity): KnobRange {
  const range = countRange(value);
  const min = range.step === 1 ? Math.min(lowest, value) : Math.max(range.min, lowest);
  return { min, max: Math.max(value, Math.min(range.max, highest)), step: range.step };
}

/** A percentage: `lowest`..`highest` (0..100 unless the format says otherwise) by 1. */
export function percentRange(value: number, lowest = 0, highest = 100): KnobRange {
  return { min: Math.min(lowest, value), max: Math.max(highest, value), step: 1 };
}
