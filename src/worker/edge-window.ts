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
  /** Scratch for a window's merged latency. */
  private readonly merged = sliceHistogram();

  constructor(private readonly edges: number) {}

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
      const source = slice.latency[e];
      if (source === undefined || source.count === 0) continue;
      const copy = this.spare.pop() ?? sliceHistogram();
      copy.reset();
      copy.merge(source);
      stored.latency[e] = copy;
    }
    this.slices.push(stored);
    // Keep whole slices that start inside the window (a tolerance for float sums of slice ends).
    while (this.slices.length > 1 && this.slices[0].from < to - EDGE_WINDOW_MS - 1e-6) {
      for (const h of this.slices.shift()!.latency) if (h) this.spare.push(h);
    }
    const windowStarted = new Int32Array(n);
    const windowTries = new Int32Array(n);
    const windowErrors = new Int32Array(n);
    const windowClientErrors = new Int32Array(n);
    const windowUnreached = new Int32Array(n);
    const windowP99 = new Float64Array(n).fill(NaN);
    for (const s of this.slices) {
      for (let e = 0; e < n; e++) {
        windowStarted[e] += s.started[e];
        windowTries[e] += s.tries[e];
        windowErrors[e] += s.errors[e];
        windowClientErrors[e] += s.clientErrors[e];
        windowUnreached[e] += s.unreached[e];
      }
    }
    const merged = this.merged;
    for (let e = 0; e < n; e++) {
      if (windowTries[e] === 0) continue;
      merged.reset();
      for (const s of this.slices) {
        const h = s.latency[e];
        if (h) merged.merge(h);
      }
      windowP99[e] = merged.count > 0 ? merged.quantile(0.99) : NaN;
    }
    // Copies: the frame's columns cross to the page as transferables, and the window keeps its own.
    return {
      started: stored.started.slice(),
      tries: stored.tries.slice(),
      errors: stored.errors.slice(),
      clientErrors: stored.clientErrors.slice(),
      unreached: stored.unreached.slice(),
      windowFrom: this.slices[0].from,
      windowStarted,
      windowTries,
      windowErrors,
      windowClientErrors,
      windowUnreached,
      windowP99,
    };
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
