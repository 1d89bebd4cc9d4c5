import type { Millis } from '../../scenario/types';
import { alignedStart, type AlignedLimit } from './fixed-window';
import { nonNegative, positiveInteger, newDecision, type LimitDecision } from './limiter';

/** Options of a `ClusterCounter`. */
export interface ClusterCounterOptions {
  /** Gateway nodes sharing the counter, a whole number of 1 or more. */
  readonly nodes: number;
  /**
   * How often each node pushes its local increments to the shared store and reads the total back,
   * ms: Kong's `sync_rate` (seconds, x 1000) for Rate Limiting Advanced or the OSS plugin's `redis`
   * policy; about 10 000 for Apigee's distributed Quota. 0 syncs on every request, as Kong's OSS
   * `cluster` and `redis` policies do by default (their store latency is not modelled).
   */
  readonly syncDelay: Millis;
}

/** One key's shared and per-node counts, one slot per limit (`delta`: one per limit per node). */
export interface ClusterCounterState {
  /** The sync tick (`floor(now / syncDelay)`) the counts were last brought up to. */
  tick: number;
  /** Start (simulated ms) of each limit's current window. */
  readonly start: Float64Array;
  /** Requests counted in the shared store for each window, as of the last sync. */
  readonly shared: Float64Array;
  /** Requests each node admitted since the last sync, at `limit * nodes + node`. */
  readonly delta: Float64Array;
}

/**
 * `policy: cluster` (or `redis`) with a sync interval: fixed windows whose count lives in a shared
 * store, while each of N gateway nodes decides from its own view, `shared + its own unsynced
 * admissions`. Nodes push their increments and re-read the total every `syncDelay`; between syncs
 * no node sees another's admissions. The windows and headers are the fixed window's (pass
 * `FixedWindowLimiter.limits`, or a calendar quota's `alignedLimits()`).
 *
 * Algorithm, for one request on `node` at `now`:
 * 1. Sync: if a sync tick (a multiple of `syncDelay`; every node syncs on the same ticks) has
 *    passed since the key's last decision, add every node's unsynced admissions to the shared
 *    count and clear them. Done lazily, this equals pushing at the tick: no decision happened in
 *    between.
 * 2. For each limit, start a new window at 0 (shared and unsynced) if `now` is past the old one.
 * 3. The node's view of each limit is `shared + its own delta`; the request passes if every view
 *    is below its limit, and then adds 1 to the node's delta in every window.
 * 4. Headers as `FixedWindowLimiter` step 4 to 6, from the node's view.
 *
 * How far it overshoots: after a sync the shared count is s, and each node may admit up to
 * `limit - s` before the next one, so one sync interval admits at most `N x (limit - s)` and a
 * window at most `N x limit` (reached when all N nodes take a burst before the first sync; a
 * `syncDelay` as long as the window is `policy: local`). With `syncDelay` 0 it admits exactly the
 * limit.
 */
export class ClusterCounter {
  /** The windows counted, each with its limit. */
  readonly limits: readonly AlignedLimit[];
  /** Gateway nodes. */
  readonly nodes: number;
  /** Sync interval, ms; 0: on every request. */
  readonly syncDelay: Millis;
  /** The decision object `decide` writes when given none. */
  readonly result: LimitDecision = newDecision();
  private readonly states = new Map<string, ClusterCounterState>();

  constructor(limits: readonly AlignedLimit[], options: ClusterCounterOptions) {
    if (limits.length === 0) throw new RangeError('limits: expected at least one');
    this.limits = limits;
    this.nodes = positiveInteger('nodes', options.nodes);
    this.syncDelay = nonNegative('syncDelay', options.syncDelay);
  }

  /** Decides on one request of `key` arriving at `node` (0 to nodes - 1) at `now`, into `out`. */
  decide(node: number, key: string, now: Millis, out: LimitDecision = this.result): LimitDecision {
    if (!(node >= 0 && node < this.nodes && Number.isInteger(node))) {
      throw new RangeError(`node: expected a whole number from 0 to ${this.nodes - 1}, got ${node}`);
    }
    const n = this.limits.length;
    const nodes = this.nodes;
    let state = this.states.get(key);
    if (state === undefined) {
      state = {
        tick: this.tickOf(now),
        start: Float64Array.from(this.limits, (l) => alignedStart(now, l.length, l.offset)),
        shared: new Float64Array(n),
        delta: new Float64Array(n * nodes),
      };
      this.states.set(key, state);
    }
    const { start, shared, delta } = state;
    const tick = this.tickOf(now);
    if (this.syncDelay === 0 || tick !== state.tick) {
      state.tick = tick;
      for (let p = 0; p < n; p++) {
        for (let k = 0; k < nodes; k++) {
          shared[p] += delta[p * nodes + k];
          delta[p * nodes + k] = 0;
        }
      }
    }
    let allowed = true;
    for (let p = 0; p < n; p++) {
      const { limit, length, offset } = this.limits[p];
      const windowStart = alignedStart(now, length, offset);
      if (windowStart !== start[p]) {
        start[p] = windowStart;
        shared[p] = 0;
        for (let k = 0; k < nodes; k++) delta[p * nodes + k] = 0;
      }
      if (shared[p] + delta[p * nodes + node] >= limit) allowed = false;
    }
    let best = 0;
    let bestRemaining = Infinity;
    for (let p = 0; p < n; p++) {
      if (allowed) delta[p * nodes + node] += 1;
      const remaining = Math.max(0, this.limits[p].limit - shared[p] - delta[p * nodes + node]);
      if (
        remaining < bestRemaining ||
        (remaining === bestRemaining && this.limits[p].length > this.limits[best].length)
      ) {
        best = p;
        bestRemaining = remaining;
      }
    }
    const reset = Math.max(1, this.limits[best].length / 1000 - Math.floor((now - start[best]) / 1000));
    out.allowed = allowed;
    out.limit = this.limits[best].limit;
    out.remaining = bestRemaining;
    out.reset = reset;
    out.retryAfter = allowed ? 0 : reset;
    return out;
  }

  /**
   * Requests of `key` admitted so far in window `index`'s current window, by all nodes, synced or
   * not: what the store would hold after a sync. Reads only.
   */
  admitted(key: string, index: number): number {
    const state = this.states.get(key);
    if (state === undefined) return 0;
    let total = state.shared[index];
    for (let k = 0; k < this.nodes; k++) total += state.delta[index * this.nodes + k];
    return total;
  }

  private tickOf(now: Millis): number {
    return this.syncDelay === 0 ? now : Math.floor(now / this.syncDelay);
  }
}
