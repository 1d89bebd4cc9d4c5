/**
 * The diagram's live window of edge traffic: a frame's per-edge counts for its own slice, and the
 * same counts with a p99 over the last second of simulated time before the frame's end, the way
 * Kiali's graph shows a rate window. Kept in the worker, so the page only reads columns.
 */
import type { Histogram } from '../engine';
import { sliceHistogram, type EdgeSlice } from '../model/edge-traffic';
import type { EdgeFrame } from './frames';

/** Simulated time the live window covers before a frame's end, ms (a slice longer than this is its own window). */
export const EDGE_WINDOW_MS = 1000;

/** One slice's counts, copied out of the model's slice counters. */
interface StoredSlice {
  readonly from: number;
  readonly started: Int32Array;
  readonly tries: Int32Array;
  readonly errors: Int32Array;
  readonly clientErrors: Int32Array;
  readonly unreached: Int32Array;
  /** Latency per edge; undefined for an edge without tries in the slice. */
  readonly latency: (Histogram | undefined)[];
}

/** The slices of the last `EDGE_WINDOW_MS`, for `edges` edges (the topology's). */
export class EdgeWindow {
  private readonly slices: StoredSlice[] = [];
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
  /** The kept slices' counts summed: a slice's are added as it comes and taken off as it goes. */
  private readonly sum: Omit<StoredSlice, 'from' | 'latency'>;

  constructor(private readonly edges: number) {
    this.latency = new Array<Histogram | undefined>(edges);
    this.sum = {
      started: new Int32Array(edges),
      tries: new Int32Array(edges),
      errors: new Int32Array(edges),
      clientErrors: new Int32Array(edges),
      unreached: new Int32Array(edges),
    };
  }

  /**
   * Takes the counts of the slice [from, to) and returns the frame's edge columns: the slice's own,
   * and the window's, which starts at the oldest slice kept (whole slices starting at most
   * `EDGE_WINDOW_MS` before `to`; always the newest).
   */
  add(from: number, to: number, slice: EdgeSlice): EdgeFrame {
    const n = this.edges;
    const stored: StoredSlice = {
      from,
      started: slice.started.slice(0, n),
      tries: slice.tries.slice(0, n),
      errors: slice.errors.slice(0, n),
      clientErrors: slice.clientErrors.slice(0, n),
      unreached: slice.unreached.slice(0, n),
      latency: new Array<Histogram | undefined>(n),
    };
    for (let e = 0; e < n; e++) {
      // The slice's own histogram is kept, an empty one given in its place: no copy of its buckets.
      const taken = slice.takeLatency(e, this.emptyHistogram);
      if (taken === undefined) continue;
      stored.latency[e] = taken;
      (this.latency[e] ??= sliceHistogram()).merge(taken);
    }
    this.slices.push(stored);
    this.count(stored, 1);
    // Keep whole slices that start inside the window (a tolerance for float sums of slice ends).
    while (this.slices.length > 1 && this.slices[0].from < to - EDGE_WINDOW_MS - 1e-6) {
      const gone = this.slices.shift()!;
      this.count(gone, -1);
      gone.latency.forEach((h, e) => {
        if (!h) return;
        this.latency[e]!.unmerge(h);
        h.reset();
        this.spare.push(h);
      });
    }
    const windowP99 = new Float64Array(n).fill(NaN);
    for (let e = 0; e < n; e++) {
      const window = this.latency[e];
      if (this.sum.tries[e] === 0 || !window || window.count === 0) continue;
      // The exact bounds of what the window holds, from its slices' own: a quantile is clamped to them.
      let min = Infinity;
      let max = -Infinity;
      for (const s of this.slices) {
        const h = s.latency[e];
        if (h === undefined) continue;
        if (h.min < min) min = h.min;
        if (h.max > max) max = h.max;
      }
      windowP99[e] = Math.min(max, Math.max(min, window.quantile(0.99)));
    }
    // Copies: the frame's columns cross to the page as transferables, and the window keeps its own.
    return {
      started: stored.started.slice(),
      tries: stored.tries.slice(),
      errors: stored.errors.slice(),
      clientErrors: stored.clientErrors.slice(),
      unreached: stored.unreached.slice(),
      windowFrom: this.slices[0].from,
      windowStarted: this.sum.started.slice(),
      windowTries: this.sum.tries.slice(),
      windowErrors: this.sum.errors.slice(),
      windowClientErrors: this.sum.clientErrors.slice(),
      windowUnreached: this.sum.unreached.slice(),
      windowP99,
    };
  }

  /** Adds (`sign` 1) or takes off (-1) a slice's counts to the window's. */
  private count(slice: StoredSlice, sign: 1 | -1): void {
    const sum = this.sum;
    for (let e = 0; e < this.edges; e++) {
      sum.started[e] += sign * slice.started[e];
      sum.tries[e] += sign * slice.tries[e];
      sum.errors[e] += sign * slice.errors[e];
      sum.clientErrors[e] += sign * slice.clientErrors[e];
      sum.unreached[e] += sign * slice.unreached[e];
    }
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
