import type { Millis } from '../../scenario/types';
import { newDecision, type LimitDecision, type Limiter } from './limiter';

/**
 * The counters of one limiter, one state per key (consumer, credential, IP, ... whatever the
 * plugin's `limit_by` or the policy's `<Identifier>` picks). A key's state is made on its first
 * request.
 *
 * `policy: local` (Kong's default) is one store per gateway instance: the caller builds one store
 * for each node, so N nodes behind a round-robin balancer admit up to N x the limit
 * (docs/behaviour.md#what-meshsim-reproduces, item 2). A single store shared by every node is a
 * perfectly synchronised cluster; for the realistic kind that syncs periodically and overshoots, see
 * `ClusterCounter`.
 */
export class LimiterStore<S> {
  /** The policy deciding for every key. */
  readonly limiter: Limiter<S>;
  /**
   * The decision object `decide` writes when given none: read it before the next call. Reusing it
   * keeps the per-request path free of allocation.
   */
  readonly result: LimitDecision = newDecision();
  private readonly states = new Map<string, S>();

  constructor(limiter: Limiter<S>) {
    this.limiter = limiter;
  }

  /** Decides on one request of `key` at simulated time `now` (ms) into `out`, and returns `out`. */
  decide(key: string, now: Millis, out: LimitDecision = this.result): LimitDecision {
    let state = this.states.get(key);
    if (state === undefined) {
      state = this.limiter.init(now);
      this.states.set(key, state);
    }
    this.limiter.decide(state, now, out);
    return out;
  }

  /** The state of `key`, if it has been seen (for reports and tests; do not change it). */
  state(key: string): S | undefined {
    return this.states.get(key);
  }

  /** Keys seen so far. */
  get size(): number {
    return this.states.size;
  }

  /** Forgets every key, as a gateway restart would. */
  clear(): void {
    this.states.clear();
  }
}
