/**
 * The diagram's live window of edge traffic: a frame's per-edge counts for its own slice, and the
 * same counts with a p99 over the last second of simulated time before the frame's end, the way
 * Kiali's graph shows a rate window. Kept in the worker, so the page only reads columns.
 */
import type { Histogram } from '../engine';
import { sliceHistogram, type EdgeSlice } from '../model/observe';
import type { EdgeFrame } from './frames';

/** Simulated time the live window covers before a frame's end, ms (a slice longer than this is its own window). */
export const EDGE_WINDOW_MS = 1000;

/** The five counts a slice keeps per edge, in the order of `StoredSlice.counts`' rows. */
const COUNTS = 5;

/** One slice's counts, copied out of the model's slice counters. */
interface StoredSlice {
  from: number;
  /**
   * `COUNTS` rows of one per edge: tries started, tries ended, errors, client errors, unreached.
   * Reused for a later slice once this one leaves the window.
   */
  readonly counts: Int32Array;
  /** Latency per edge; undefined for an edge without tries in the slice. */
  readonly latency: (Histogram | undefined)[];
  /** The edges that have a latency histogram, in ascending order. */
  readonly timed: number[];
}

/** The slices of the last `EDGE_WINDOW_MS`, for `edges` edges (the topology's). */
export class EdgeWindow {
  private readonly slices: StoredSlice[] = [];
  /** Slices gone from the window, to reuse: their arrays are the next slices'. */
  private readonly spareSlices: StoredSlice[] = [];
  /** Histograms of slices gone, to reuse. */
  private readonly spare: Histogram[] = [];
  /** An empty histogram for a slice that gives one up: a spare, else a new one (made once, not per edge). */
  private readonly emptyHistogram = (): Histogram => this.spare.pop() ?? sliceHistogram();
  /**
   * Each edge's latency over the kept slices: a slice's histogram is merged in as it comes and taken
   * out as it goes, where merging the ten kept slices anew for every edge at every frame cost a
   * hundred-service playback a fifth of its recording.
   */
  private readonly latency: (Histogram | undefined)[];
  /** The kept slices' counts summed, rows as a slice's: a slice's are added as it comes and taken off as it goes. */
  private readonly sum: Int32Array;

  constructor(private readonly edges: number) {
    this.latency = new Array<Histogram | undefined>(edges);
    this.sum = new Int32Array(COUNTS * edges);
  }

  /**
   * Takes the counts of the slice [from, to) and returns the frame's edge columns: the slice's own,
   * and the window's, which starts at the oldest slice kept (whole slices starting at most
   * `EDGE_WINDOW_MS` before `to`; always the newest).
   */
  add(from: number, to: number, slice: EdgeSlice): EdgeFrame {
    const n = this.edges;
    const stored = this.spareSlices.pop() ?? {
      from,
      counts: new Int32Array(COUNTS * n),
      latency: new Array<Histogram | undefined>(n).fill(undefined),
      timed: [],
    };
    stored.from = from;
    const counts = stored.counts;
    counts.set(slice.started.subarray(0, n), 0);
    counts.set(slice.tries.subarray(0, n), n);
    counts.set(slice.errors.subarray(0, n), 2 * n);
    counts.set(slice.clientErrors.subarray(0, n), 3 * n);
    counts.set(slice.unreached.subarray(0, n), 4 * n);
    for (let e = 0; e < n; e++) {
      // The slice's own histogram is kept, an empty one given in its place: no copy of its buckets.
      const taken = slice.takeLatency(e, this.emptyHistogram);
      if (taken === undefined) continue;
      stored.latency[e] = taken;
      stored.timed.push(e);
      (this.latency[e] ??= sliceHistogram()).merge(taken);
    }
    this.slices.push(stored);
    this.count(counts, 1);
    // Keep whole slices that start inside the window (a tolerance for float sums of slice ends).
    while (this.slices.length > 1 && this.slices[0].from < to - EDGE_WINDOW_MS - 1e-6) {
      const gone = this.slices.shift()!;
      this.count(gone.counts, -1);
      for (const e of gone.timed) {
        const h = gone.latency[e]!;
        this.latency[e]!.unmerge(h);
        h.reset();
        this.spare.push(h);
        gone.latency[e] = undefined;
      }
      gone.timed.length = 0;
      this.spareSlices.push(gone);
    }
    // The frame's columns: views of one buffer for the counts, which crosses to the page whole.
    const columns = new Int32Array(2 * COUNTS * n);
    columns.set(counts, 0);
    columns.set(this.sum, COUNTS * n);
    const column = (row: number) => columns.subarray(row * n, (row + 1) * n);
    return {
      started: column(0),
      tries: column(1),
      errors: column(2),
      clientErrors: column(3),
      unreached: column(4),
      windowFrom: this.slices[0].from,
      windowStarted: column(5),
      windowTries: column(6),
      windowErrors: column(7),
      windowClientErrors: column(8),
      windowUnreached: column(9),
      windowP99: this.windowP99(),
    };
  }

  /** Each edge's p99 over the window, clamped to the exact bounds of what the window holds; NaN without tries. */
  private windowP99(): Float64Array {
    const n = this.edges;
    const p99 = new Float64Array(n).fill(NaN);
    const tries = this.sum.subarray(n, 2 * n);
    for (let e = 0; e < n; e++) {
      const window = this.latency[e];
      if (tries[e] === 0 || !window || window.count === 0) continue;
      let min = Infinity;
      let max = -Infinity;
      for (const s of this.slices) {
        const h = s.latency[e];
        if (h === undefined) continue;
        if (h.min < min) min = h.min;
        if (h.max > max) max = h.max;
      }
      p99[e] = Math.min(max, Math.max(min, window.quantile(0.99)));
    }
    return p99;
  }

  /** Adds (`sign` 1) or takes off (-1) a slice's counts to the window's. */
  private count(counts: Int32Array, sign: 1 | -1): void {
    const sum = this.sum;
    for (let i = 0; i < sum.length; i++) sum[i] += sign * counts[i];
  }
}

/** Edge columns for `edges` edges with no traffic (a window from `from`), for frames made by hand. */
export function emptyEdgeFrame(edges: number, from = 0): EdgeFrame {
  return {
    started: new Int32Array(edges),
    tries: new Int32Array(edges),
    errors: new Int32Array(edges),
    clientErrors: new Int32Array(edges),
    unreached: new Int32Array(edges),
    windowFrom: from,
    windowStarted: new Int32Array(edges),
    windowTries: new Int32Array(edges),
    windowErrors: new Int32Array(edges),
    windowClientErrors: new Int32Array(edges),
    windowUnreached: new Int32Array(edges),
    windowP99: new Float64Array(edges).fill(NaN),
  };
}
