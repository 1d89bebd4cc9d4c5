/**
 * A whole run's figures over simulated time, slice by slice, as the page's charts over time draw
 * them: answers by outcome, latency percentiles over the trailing second, and calls with their
 * retries. The playback streams the same figures frame by frame as it goes; a run that records them
 * gives the whole run at once, so that a chart exported early in the playback still holds its end.
 * Columns are typed arrays: they cross the worker boundary without being walked.
 */
import { FrameProbe } from './frame-probe';
import { OUTCOMES, outcomeOf } from '../report/outcome';
import type { Simulation } from './simulation';

/** Slices of a run's series, simulated ms: the playback's at normal speed, for runs up to 40 s. */
export const SERIES_SLICE_MS = 100;
/** Most slices a run's series is cut into: a chart is rarely wider, in px, and each redraw walks them. */
export const SERIES_MAX_SLICES = 400;

/**
 * The slice of a run of `durationMs` simulated ms: `SERIES_SLICE_MS`, or a whole multiple of it so
 * that the run has at most `SERIES_MAX_SLICES` (a 60 s run has 200 ms slices, a 10 min run 1.5 s).
 */
export function seriesSliceMs(durationMs: number): number {
  const slices = Math.ceil(durationMs / SERIES_SLICE_MS / SERIES_MAX_SLICES);
  return SERIES_SLICE_MS * Math.max(1, slices);
}
/** Latency percentiles of a slice cover this much simulated time before its end, ms (as a frame's). */
export const SERIES_LATENCY_WINDOW_MS = 1000;

/** One variant's series: `length` rows, one per slice `[from[i], to[i])`, warmup included. */
export interface RunSeries {
  readonly length: number;
  /** Slice bounds, simulated ms. */
  readonly from: Float64Array;
  readonly to: Float64Array;
  /** Requests answered at the clients in the slice by `OUTCOMES` index, row-major (`OUTCOMES.length` a row). */
  readonly answered: Int32Array;
  /**
   * p50, p90, p99 of the latencies answered in the `SERIES_LATENCY_WINDOW_MS` before the slice's end
   * (the value at rank ceil(q n), as the report's histogram ranks), ms, row-major (3 a row); NaN when none.
   */
  readonly latency: Float64Array;
  /** Calls between components in the slice, and how many of them were retries. */
  readonly attempts: Float64Array;
  readonly retries: Float64Array;
}

/**
 * The simulation's probe while a series is recorded: the answers by outcome, and each latency as it
 * is (a slice holds few), where the playback's probe keeps a fine histogram. Merging ten of those
 * for every slice's trailing second costs a millisecond and more; sorting the second's own
 * latencies costs microseconds at the rates lessons run, and gives the sample's exact percentiles.
 */
class RawLatencyProbe extends FrameProbe {
  values = new Float64Array(64);
  count = 0;

  override requestAnswered(status: number, latency: number): void {
    this.answered[outcomeOf(status)]++;
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.count * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = latency;
  }

  override reset(): void {
    this.answered.fill(0);
    this.count = 0;
  }
}

/** The value at rank ceil(q n) of the `n` sorted values. */
function rank(sorted: Float64Array, n: number, q: number): number {
  return sorted[Math.max(1, Math.ceil(q * n - 1e-9)) - 1];
}

/**
 * Records a simulation's series: make it before the run, call `sample(to)` at the end of every
 * slice, in order, and read `series()` at the end. Its probe observes the simulation meanwhile.
 */
export class RunSeriesRecorder {
  private readonly probe = new RawLatencyProbe();
  /** The latencies of the slices in the trailing window, oldest first, with their slices' ends. */
  private readonly window: { end: number; values: Float64Array }[] = [];
  private scratch = new Float64Array(256);
  private rows = 0;
  private from: Float64Array;
  private to: Float64Array;
  private answered: Int32Array;
  private latency: Float64Array;
  private attempts: Float64Array;
  private retries: Float64Array;
  private reached = 0;
  private lastAttempts = 0;
  private lastRetries = 0;
  /** Unregisters the probe from the simulation. */
  private readonly detach: () => void;

  constructor(
    private readonly sim: Simulation,
    /** Slices expected (a guess: the columns grow past it). */
    capacity: number,
  ) {
    const n = Math.max(1, Math.ceil(capacity));
    this.from = new Float64Array(n);
    this.to = new Float64Array(n);
    this.answered = new Int32Array(n * OUTCOMES.length);
    this.latency = new Float64Array(n * 3);
    this.attempts = new Float64Array(n);
    this.retries = new Float64Array(n);
    this.detach = sim.observe(this.probe);
  }

  /** Closes the slice ending at `to` (ms), which the simulation has just reached. */
  sample(to: number): void {
    if (!(to > this.reached)) return;
    const i = this.rows;
    if (i === this.from.length) this.grow(i * 2);
    this.from[i] = this.reached;
    this.to[i] = to;
    this.answered.set(this.probe.answered, i * OUTCOMES.length);
    this.trailingLatency(to, i * 3);
    const metrics = this.sim.metrics;
    this.attempts[i] = metrics.attempts - this.lastAttempts;
    this.retries[i] = metrics.retries - this.lastRetries;
    this.lastAttempts = metrics.attempts;
    this.lastRetries = metrics.retries;
    this.probe.reset();
    this.reached = to;
    this.rows = i + 1;
  }

  /**
   * A copy of the last slice closed by `sample` (the playback's frame of it): its answers by
   * `OUTCOMES` index, its p50, p90 and p99 over the trailing window (ms, NaN when none), and its calls
   * and retries. Copies, so that a frame owns them and may move them to the page.
   */
  lastRow(): { answered: Int32Array; latency: Float64Array; attempts: number; retries: number } {
    const i = Math.max(0, this.rows - 1);
    const width = OUTCOMES.length;
    return {
      answered: this.answered.slice(i * width, i * width + width),
      latency: this.latency.slice(i * 3, i * 3 + 3),
      attempts: this.attempts[i],
      retries: this.retries[i],
    };
  }

  /** The rows recorded, trimmed to their number; the recorder lets go of the simulation's probe. */
  series(): RunSeries {
    this.detach();
    const n = this.rows;
    return {
      length: n,
      from: this.from.slice(0, n),
      to: this.to.slice(0, n),
      answered: this.answered.slice(0, n * OUTCOMES.length),
      latency: this.latency.slice(0, n * 3),
      attempts: this.attempts.slice(0, n),
      retries: this.retries.slice(0, n),
    };
  }

  /** Adds the slice's latencies to the window, drops the slices past it, and writes its percentiles. */
  private trailingLatency(to: number, at: number): void {
    this.window.push({ end: to, values: this.probe.values.slice(0, this.probe.count) });
    while (this.window[0].end <= to - SERIES_LATENCY_WINDOW_MS) this.window.shift();
    let n = 0;
    for (const slice of this.window) n += slice.values.length;
    if (n === 0) {
      this.latency.fill(NaN, at, at + 3);
      return;
    }
    if (n > this.scratch.length) this.scratch = new Float64Array(Math.max(n, this.scratch.length * 2));
    let k = 0;
    for (const slice of this.window) {
      this.scratch.set(slice.values, k);
      k += slice.values.length;
    }
    const sorted = this.scratch.subarray(0, n).sort();
    this.latency[at] = rank(sorted, n, 0.5);
    this.latency[at + 1] = rank(sorted, n, 0.9);
    this.latency[at + 2] = rank(sorted, n, 0.99);
  }

  private grow(capacity: number): void {
    const grown = <T extends Float64Array | Int32Array>(a: T, size: number): T => {
      const next = new (a.constructor as new (n: number) => T)(size);
      next.set(a);
      return next;
    };
    this.from = grown(this.from, capacity);
    this.to = grown(this.to, capacity);
    this.answered = grown(this.answered, capacity * OUTCOMES.length);
    this.latency = grown(this.latency, capacity * 3);
    this.attempts = grown(this.attempts, capacity);
    this.retries = grown(this.retries, capacity);
  }
}
