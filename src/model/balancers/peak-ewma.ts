import type { Balancer } from './balancer';
import { checkedCount, checkedOption, drawIndex, listEligible } from './balancer';

/** Options of `PeakEwmaBalancer`. */
export interface PeakEwmaOptions {
  /** Time constant τ of the decay, ms; > 0. Default 10 000 (Linkerd's `decay`, Kong's DECAY_TIME). */
  readonly decayMs?: number;
  /** RTT estimate of an endpoint before its first response, ms; > 0. Default 30 (Linkerd's). */
  readonly defaultRttMs?: number;
  /** When the endpoints were discovered, simulated ms; their default RTT decays from then. Default 0. */
  readonly startAt?: number;
}

/**
 * Peak EWMA with power of two choices: Linkerd's balancer (tower's `load::PeakEwma` in a
 * `p2c` pool, itself Finagle's `PeakEwma`). The cost of an endpoint is the RTT estimate times
 * (active + 1), so a slow endpoint and a busy one both look expensive.
 *
 * RTT estimate per endpoint (`rtt`, with the time it was last touched, `at`):
 * 1. Start: rtt = defaultRttMs, at = startAt.
 * 2. A response after `latencyMs` at `now`: if latencyMs > rtt, rtt = latencyMs at once (the peak);
 *    else with d = exp(-(now - at) / τ), rtt = rtt * d + latencyMs * (1 - d). Then at = now.
 *    Successes and failures count alike: Linkerd measures every response, so a pod that answers
 *    429 in 1 ms looks fast and attracts traffic (item 13 of
 *    docs/behaviour.md#what-meshsim-reproduces).
 * 3. Reading the cost at `now` first decays the estimate towards 0 as a response of 0 ms would:
 *    rtt = rtt * exp(-(now - at) / τ), at = now (tower mutates it on every read too). An idle
 *    endpoint's cost therefore falls until it is tried again.
 * 4. cost = rtt * (active + 1).
 *
 * Pick:
 * 1. List the eligible endpoints (m). None: -1. One: it, with no draw and no cost read.
 * 2. Draw two distinct ones as Linkerd's `gen_pair` does: a = floor(r1 * m),
 *    b = floor(r2 * (m - 1)), and b + 1 if b >= a.
 * 3. Read cost(a), then cost(b); return a if cost(a) <= cost(b), else b.
 *
 * Endpoint weights play no part (Linkerd ignores them). Kong's `latency` algorithm uses the same
 * decay but is not this: a plain EWMA (no peak) divided by the target weight, without the
 * (active + 1) factor, comparing the first two targets of a Lua table rather than a random pair.
 */
export class PeakEwmaBalancer implements Balancer {
  /** Number of endpoints. */
  readonly count: number;
  /** Requests in flight per endpoint. */
  readonly active: Int32Array;
  /** Time constant of the decay, ms. */
  readonly decayMs: number;
  /** Starting RTT estimate, ms. */
  readonly defaultRttMs: number;
  private readonly rtt: Float64Array;
  private readonly at: Float64Array;
  private readonly candidates: Int32Array;

  /** `count`: the number of endpoints, >= 1. */
  constructor(count: number, options: PeakEwmaOptions = {}) {
    const name = 'peak-ewma';
    this.count = checkedCount(name, count);
    const positive = (v: number) => Number.isFinite(v) && v > 0;
    this.decayMs = checkedOption(name, 'decayMs', options.decayMs ?? 10_000, positive, 'a number > 0');
    this.defaultRttMs = checkedOption(
      name,
      'defaultRttMs',
      options.defaultRttMs ?? 30,
      positive,
      'a number > 0',
    );
    const startAt = checkedOption(name, 'startAt', options.startAt ?? 0, Number.isFinite, 'a finite number');
    this.active = new Int32Array(count);
    this.rtt = new Float64Array(count).fill(this.defaultRttMs);
    this.at = new Float64Array(count).fill(startAt);
    this.candidates = new Int32Array(count);
  }

  pick(eligible: Uint8Array, now: number, random: () => number, _hashKey: number): number {
    const m = listEligible(eligible, this.count, this.candidates);
    if (m === 0) return -1;
    if (m === 1) return this.candidates[0];
    const ia = drawIndex(random, m);
    let ib = drawIndex(random, m - 1);
    if (ib >= ia) ib++;
    const a = this.candidates[ia];
    const b = this.candidates[ib];
    const costA = this.cost(a, now);
    const costB = this.cost(b, now);
    return costA <= costB ? a : b;
  }

  started(endpoint: number, _now: number): void {
    this.active[endpoint]++;
  }

  finished(endpoint: number, now: number, latencyMs: number, _ok: boolean): void {
    this.active[endpoint]--;
    if (this.rtt[endpoint] < latencyMs) {
      this.rtt[endpoint] = latencyMs;
    } else {
      const d = Math.exp(-Math.max(0, now - this.at[endpoint]) / this.decayMs);
      this.rtt[endpoint] = this.rtt[endpoint] * d + latencyMs * (1 - d);
    }
    this.at[endpoint] = now;
  }

  /** The endpoint's cost at `now`, ms: decays its estimate first (step 3), as a pick does. */
  cost(endpoint: number, now: number): number {
    const d = Math.exp(-Math.max(0, now - this.at[endpoint]) / this.decayMs);
    this.rtt[endpoint] *= d;
    this.at[endpoint] = now;
    return this.rtt[endpoint] * (this.active[endpoint] + 1);
  }

  /** The stored RTT estimate, ms, as of the last time it was touched (no decay applied). */
  estimate(endpoint: number): number {
    return this.rtt[endpoint];
  }

  /** Forgets what was learnt of `endpoint` (rediscovered at `now`): back to the default RTT. */
  reset(endpoint: number, now: number): void {
    this.rtt[endpoint] = this.defaultRttMs;
    this.at[endpoint] = now;
  }
}
