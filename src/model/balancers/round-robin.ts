import type { Balancer, Weights } from './balancer';
import { checkedWeights } from './balancer';

/**
 * Smooth weighted round robin, as nginx does it (`ngx_http_upstream_get_peer`), which is what
 * Kong's and Apigee's round robin and Envoy's and Consul's ROUND_ROBIN amount to in the long run.
 *
 * Each endpoint keeps a running `current` score. On every pick:
 * 1. For every eligible endpoint, add its weight to its `current`, and sum those weights (`total`).
 *    Ineligible endpoints are skipped: their `current` is left as it was, as nginx skips a down peer.
 * 2. The eligible endpoint with the highest `current` wins; on a tie the lowest index wins (nginx
 *    replaces the best only on a strictly greater score).
 * 3. Subtract `total` from the winner's `current`. No eligible endpoint: -1, nothing changes.
 *
 * Weights 3:1 give `a a b a` repeated: the heavy endpoint's picks are spread out rather than sent
 * in a burst. Equal weights give plain rotation 0, 1, ..., N - 1.
 *
 * Differences from the real systems, all of order rather than share:
 * - nginx lowers a peer's effective weight after a failure and raises it back by 1 per pick; here
 *   the effective weight is the weight (health is the caller's, through `eligible`).
 * - Envoy uses an earliest-deadline-first schedule (deadline += 1 / weight) with random start
 *   offsets, so each proxy starts somewhere else in the cycle; its shares are the same.
 * - Kong's round robin walks a "wheel" holding each target weight / gcd times, shuffled at random
 *   when targets change: same shares per turn of the wheel, in a random order.
 * Active counts and latencies play no part, so `started` and `finished` do nothing.
 */
export class RoundRobinBalancer implements Balancer {
  /** Weight of each endpoint. */
  readonly weights: Float64Array;
  /** Running score of each endpoint (nginx's `current_weight`). */
  readonly current: Float64Array;

  /** `weights`: one positive weight per endpoint (equal weights give plain rotation). */
  constructor(weights: Weights) {
    this.weights = checkedWeights('round-robin', weights);
    this.current = new Float64Array(this.weights.length);
  }

  pick(eligible: Uint8Array, _now: number, _random: () => number, _hashKey: number): number {
    const weights = this.weights;
    const current = this.current;
    let total = 0;
    let best = -1;
    for (let i = 0; i < weights.length; i++) {
      if (eligible[i] !== 1) continue;
      current[i] += weights[i];
      total += weights[i];
      if (best < 0 || current[i] > current[best]) best = i;
    }
    if (best >= 0) current[best] -= total;
    return best;
  }

  started(_endpoint: number, _now: number): void {}

  finished(_endpoint: number, _now: number, _latencyMs: number, _ok: boolean): void {}
}
