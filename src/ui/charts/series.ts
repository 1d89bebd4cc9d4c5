/**
 * The page's record of what the worker has streamed so far: per variant, one row per frame (one slice
 * of simulated time), kept as growable typed-array columns so that adding a frame allocates nothing but
 * the occasional doubling. The charts read these columns directly; nothing here touches the DOM.
 */
import { OUTCOMES, type FrameData } from '../../worker/frames';
import type { RunSeries } from '../../worker/protocol';

/** Number of outcome classes; `rate` holds this many values per row. */
export const OUTCOME_COUNT = OUTCOMES.length;

/** What a store reads of a frame: one slice of one variant (a `FrameData` is one). */
export type SeriesRow = Pick<
  FrameData,
  'variant' | 'from' | 'to' | 'answered' | 'latency' | 'attempts' | 'retries'
>;

/** `[min, max]`; both NaN when there is nothing to measure. */
export type Extent = readonly [min: number, max: number];

/**
 * The columns of one variant. Only rows `0 .. length - 1` are valid, and the arrays are replaced when
 * they grow: read them anew after every `add`, never keep one.
 */
export interface VariantSeries {
  /** Rows (frames) received. */
  readonly length: number;
  /** Slice start and end, simulated ms. */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /**
   * Requests answered per second of the slice, by outcome, row-major: the rate of outcome `o` in row
   * `i` is `rate[i * OUTCOME_COUNT + o]` (`o` an index into `OUTCOMES`).
   */
  readonly rate: Float64Array;
  /** Latency percentiles of the requests answered in the slice, ms; NaN when none was answered. */
  readonly p50: Float64Array;
  readonly p90: Float64Array;
  readonly p99: Float64Array;
  /** Retry amplification, attempts / (attempts - retries); NaN when the slice has no first try. */
  readonly amplification: Float64Array;
  /**
   * Calls between components in the slice, and how many of them were retries (counts), so that a view
   * can aggregate amplification over several slices: sum(attempts) / sum(attempts - retries).
   */
  readonly attempts: Float64Array;
  readonly retries: Float64Array;
}

/** The accumulator; see `createSeriesStore`. */
export interface SeriesStore {
  /** Number of variants, fixed at creation. */
  readonly variants: number;
  /** Changes on every `add` and `clear`, so that a view can tell whether to redraw. */
  readonly version: number;
  /** The columns of a variant. */
  series(variant: number): VariantSeries;
  /**
   * Appends one frame to its variant's columns. A frame that starts before the end of the last frame
   * of its variant begins a new run: every variant is cleared first, since the others' rows belong to
   * the earlier run.
   */
  add(frame: SeriesRow): void;
  /** Forgets every row of every variant. */
  clear(): void;
  /**
   * Number of rows of `variant` whose slice ends at or before `t` (simulated ms): rows `0 .. n - 1`
   * are what a view tied to playback time `t` shows.
   */
  upTo(variant: number, t: number): number;
  /** First slice start and last slice end, ms, of one variant or (without `variant`) all of them. */
  timeExtent(variant?: number): Extent;
  /** Smallest positive and largest finite latency percentile, ms. */
  latencyExtent(variant?: number): Extent;
  /** Smallest and largest total answered per second (the top of the stacked outcomes). */
  rateExtent(variant?: number): Extent;
  /** Smallest and largest finite retry amplification. */
  amplificationExtent(variant?: number): Extent;
}

const INITIAL_CAPACITY = 256;
const NO_EXTENT: Extent = [NaN, NaN];

/** One variant's columns plus running extents, so that queries never scan. */
class Columns implements VariantSeries {
  length = 0;
  start = new Float64Array(INITIAL_CAPACITY);
  end = new Float64Array(INITIAL_CAPACITY);
  rate = new Float64Array(INITIAL_CAPACITY * OUTCOME_COUNT);
  p50 = new Float64Array(INITIAL_CAPACITY);
  p90 = new Float64Array(INITIAL_CAPACITY);
  p99 = new Float64Array(INITIAL_CAPACITY);
  amplification = new Float64Array(INITIAL_CAPACITY);
  attempts = new Float64Array(INITIAL_CAPACITY);
  retries = new Float64Array(INITIAL_CAPACITY);
  latencyMin = Infinity;
  latencyMax = -Infinity;
  rateMin = Infinity;
  rateMax = -Infinity;
  amplificationMin = Infinity;
  amplificationMax = -Infinity;

  add(frame: SeriesRow): void {
    const i = this.length;
    if (i === this.start.length) this.grow(i * 2);
    const seconds = (frame.to - frame.from) / 1000;
    this.start[i] = frame.from;
    this.end[i] = frame.to;
    let total = 0;
    for (let o = 0; o < OUTCOME_COUNT; o++) {
      const rate = (frame.answered[o] ?? 0) / seconds;
      this.rate[i * OUTCOME_COUNT + o] = rate;
      total += rate;
    }
    if (total < this.rateMin) this.rateMin = total;
    if (total > this.rateMax) this.rateMax = total;
    const latency = frame.latency;
    this.p50[i] = latency[0] ?? NaN;
    this.p90[i] = latency[1] ?? NaN;
    this.p99[i] = latency[2] ?? NaN;
    for (let p = 0; p < 3; p++) {
      const value = latency[p];
      if (!Number.isFinite(value)) continue;
      if (value > 0 && value < this.latencyMin) this.latencyMin = value;
      if (value > this.latencyMax) this.latencyMax = value;
    }
    this.attempts[i] = frame.attempts;
    this.retries[i] = frame.retries;
    const first = frame.attempts - frame.retries;
    const amplification = first > 0 ? frame.attempts / first : NaN;
    this.amplification[i] = amplification;
    if (amplification < this.amplificationMin) this.amplificationMin = amplification;
    if (amplification > this.amplificationMax) this.amplificationMax = amplification;
    this.length = i + 1;
  }

  clear(): void {
    // The arrays keep their capacity: a rerun of the same scenario needs as many rows again.
    this.length = 0;
    this.latencyMin = this.rateMin = this.amplificationMin = Infinity;
    this.latencyMax = this.rateMax = this.amplificationMax = -Infinity;
  }

  private grow(capacity: number): void {
    this.start = grown(this.start, capacity);
    this.end = grown(this.end, capacity);
    this.rate = grown(this.rate, capacity * OUTCOME_COUNT);
    this.p50 = grown(this.p50, capacity);
    this.p90 = grown(this.p90, capacity);
    this.p99 = grown(this.p99, capacity);
    this.amplification = grown(this.amplification, capacity);
    this.attempts = grown(this.attempts, capacity);
    this.retries = grown(this.retries, capacity);
  }
}

function grown(array: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(capacity);
  next.set(array);
  return next;
}

/** Combines per-variant `[min, max]` pairs; NaN pairs when no variant has a value. */
function combine(
  columns: readonly Columns[],
  min: (c: Columns) => number,
  max: (c: Columns) => number,
): Extent {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of columns) {
    if (c.length === 0) continue;
    lo = Math.min(lo, min(c));
    hi = Math.max(hi, max(c));
  }
  return lo <= hi ? [lo, hi] : NO_EXTENT;
}

/**
 * A store for `variants` variants (at least 1). Frames of one variant must arrive in time order; see
 * `SeriesStore.add` for what happens when they go back.
 */
export function createSeriesStore(variants: number): SeriesStore {
  if (!Number.isInteger(variants) || variants < 1) {
    throw new RangeError(`variants must be a positive integer, got ${variants}`);
  }
  const columns = Array.from({ length: variants }, () => new Columns());
  let version = 0;

  function pick(variant: number | undefined): readonly Columns[] {
    if (variant === undefined) return columns;
    return [columnsOf(variant)];
  }

  function columnsOf(variant: number): Columns {
    const found = columns[variant];
    if (found === undefined || !Number.isInteger(variant)) {
      throw new RangeError(`variant must be an integer in 0..${variants - 1}, got ${variant}`);
    }
    return found;
  }

  function clear(): void {
    for (const c of columns) c.clear();
    version++;
  }

  return {
    variants,
    get version() {
      return version;
    },
    series: columnsOf,
    add(frame) {
      const target = columns[frame.variant];
      if (target === undefined || !Number.isInteger(frame.variant)) {
        throw new RangeError(`frame.variant must be an integer in 0..${variants - 1}, got ${frame.variant}`);
      }
      if (!(frame.to > frame.from)) {
        throw new RangeError(`frame.to must be after frame.from, got [${frame.from}, ${frame.to})`);
      }
      if (target.length > 0 && frame.from < target.end[target.length - 1]) clear();
      target.add(frame);
      version++;
    },
    clear,
    upTo(variant, t) {
      const c = columnsOf(variant);
      // Binary search for the first row ending after t; ends ascend within a run.
      let lo = 0;
      let hi = c.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (c.end[mid] <= t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    timeExtent: (variant) =>
      combine(
        pick(variant),
        (c) => c.start[0],
        (c) => c.end[c.length - 1],
      ),
    latencyExtent: (variant) =>
      finite(
        combine(
          pick(variant),
          (c) => c.latencyMin,
          (c) => c.latencyMax,
        ),
      ),
    rateExtent: (variant) =>
      combine(
        pick(variant),
        (c) => c.rateMin,
        (c) => c.rateMax,
      ),
    amplificationExtent: (variant) =>
      finite(
        combine(
          pick(variant),
          (c) => c.amplificationMin,
          (c) => c.amplificationMax,
        ),
      ),
  };
}

/** Rows without a finite value leave the running extents infinite; report those as no extent. */
function finite(extent: Extent): Extent {
  return Number.isFinite(extent[0]) && Number.isFinite(extent[1]) ? extent : NO_EXTENT;
}

/**
 * A store holding every slice of a run's `series` (one per variant, in report order): the whole run
 * at once, which the charts draw up to the playhead and an export draws whole.
 */
export function seriesStoreOf(series: readonly RunSeries[]): SeriesStore {
  const store = createSeriesStore(Math.max(1, series.length));
  series.forEach((s, variant) => {
    for (let i = 0; i < s.length; i++) {
      store.add({
        variant,
        from: s.from[i],
        to: s.to[i],
        answered: s.answered.subarray(i * OUTCOME_COUNT, (i + 1) * OUTCOME_COUNT),
        latency: s.latency.subarray(i * 3, i * 3 + 3),
        attempts: s.attempts[i],
        retries: s.retries[i],
      });
    }
  });
  return store;
}
