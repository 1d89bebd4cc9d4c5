/**
 * The traffic of every edge during one slice of simulated time, warmup included, for a playback's
 * live window: an observer of the simulation's tries. Counted on the hot path while a playback
 * watches: typed-array columns, and nothing allocated but an edge's histogram on its first try.
 */
import { grow, Histogram } from '../../engine';
import type { SimulationObserver } from './observer';

/** The counters of one slice of simulated time, per edge (the run's edge list), for a playback's frames. */
export class EdgeSlice implements SimulationObserver {
  /** Tries that left their caller during the slice (counted as they leave, not as they end). */
  started: Int32Array;
  /** Tries that ended during the slice, and of them errors, client errors and those that never reached the callee. */
  tries: Int32Array;
  errors: Int32Array;
  clientErrors: Int32Array;
  /** Tries that never reached the callee (refused or answered by the caller's side). */
  unreached: Int32Array;
  /** Latency of the tries that ended in the slice, per edge, ms; made on an edge's first try. */
  readonly latency: (Histogram | undefined)[] = [];

  /** Room for `edges` edges to begin with; an edge found later in the run makes room for itself. */
  constructor(edges: number) {
    const n = Math.max(4, edges);
    this.started = new Int32Array(n);
    this.tries = new Int32Array(n);
    this.errors = new Int32Array(n);
    this.clientErrors = new Int32Array(n);
    this.unreached = new Int32Array(n);
  }

  tryStarted(edge: number): void {
    if (edge >= this.started.length) this.ensure(edge + 1);
    this.started[edge]++;
  }

  tryEnded(edge: number, error: boolean, clientError: boolean, reached: boolean, latencyMs: number): void {
    if (edge >= this.tries.length) this.ensure(edge + 1);
    this.tries[edge]++;
    if (error) this.errors[edge]++;
    else if (clientError) this.clientErrors[edge]++;
    if (!reached) this.unreached[edge]++;
    (this.latency[edge] ??= sliceHistogram()).record(latencyMs);
  }

  /** Forgets the slice's counts, to start the next one. */
  reset(): void {
    this.started.fill(0);
    this.tries.fill(0);
    this.errors.fill(0);
    this.clientErrors.fill(0);
    this.unreached.fill(0);
    for (const h of this.latency) h?.reset();
  }

  /**
   * Hands over edge `edge`'s latency histogram of the slice, taking an empty one from `empty` in its
   * place; none for an edge without tries in the slice. A live window keeps a slice's histograms for
   * a second without copying them.
   */
  takeLatency(edge: number, empty: () => Histogram): Histogram | undefined {
    const taken = this.latency[edge];
    if (taken === undefined || taken.count === 0) return undefined;
    this.latency[edge] = empty();
    return taken;
  }

  /** Room for `edges` edges. */
  ensure(edges: number): void {
    if (this.tries.length >= edges) return;
    const n = Math.max(edges, this.tries.length * 2);
    this.started = grow(this.started, n);
    this.tries = grow(this.tries, n);
    this.errors = grow(this.errors, n);
    this.clientErrors = grow(this.clientErrors, n);
    this.unreached = grow(this.unreached, n);
  }
}

/**
 * A histogram of a slice's latencies: coarser than the report's (16 buckets per power of two, within
 * 3 %, 16 us to 17 min), since a live label's p99 needs no more and a window merges ten of them.
 */
export function sliceHistogram(): Histogram {
  return new Histogram(4, 2 ** -6, 2 ** 20);
}
