import type { Millis } from '../../scenario/types';
import { nonNegative, positive } from '../limiters/limiter';

/**
 * A retry budget: caps retries as a share of the traffic, so that an outage cannot multiply the
 * load on a failing destination (item 9 of docs/behaviour.md#what-meshsim-reproduces). One per caller
 * proxy and destination. The caller tells it when requests and retries start and end; it answers
 * whether a retry may start.
 */
export interface RetryBudget {
  /** A request (its first try) starts. */
  requestStarted(now: Millis): void;
  /** A request is finished, after its last try (Envoy counts active requests). */
  requestEnded(now: Millis): void;
  /** True if a retry may start now; it then counts as started. False counts in `denied`. */
  tryRetry(now: Millis): boolean;
  /** A retry that `tryRetry` let start has ended. */
  retryEnded(now: Millis): void;
  /** Retries refused so far. */
  denied: number;
}

/**
 * Envoy's cluster `retry_budget`: retries in flight may be at most `percent` of the active requests,
 * but at least `minConcurrent`: a retry may start while `inFlight + 1 <= max(minConcurrent,
 * percent x active / 100)`, which is Envoy's `count < max` with its max truncated to a whole number.
 *
 * Envoy counts as active the upstream requests in flight and pending (retries included); here
 * `active` is what the caller reports through `requestStarted` / `requestEnded`. Reporting each
 * try there, not each request, gives Envoy's count exactly. Envoy holds a retry's slot from the
 * moment it decides to retry (the backoff included) until that retry's result is in: call
 * `tryRetry` when deciding, `retryEnded` when the retry's try ends.
 */
export class EnvoyRetryBudget implements RetryBudget {
  /** Retries refused so far. */
  denied = 0;
  /** Requests active now. */
  active = 0;
  /** Retries in flight now. */
  inFlight = 0;

  /** `percent`: 0 to 100 (Envoy 20). `minConcurrent`: whole, >= 0 (Envoy 3). */
  constructor(
    readonly percent: number,
    readonly minConcurrent: number,
  ) {
    if (typeof percent !== 'number' || !(percent >= 0 && percent <= 100)) {
      throw new RangeError(`retries.budget.percent: expected a number from 0 to 100, got ${String(percent)}`);
    }
    if (!Number.isInteger(minConcurrent) || minConcurrent < 0) {
      throw new RangeError(
        `retries.budget.minConcurrent: expected a whole number of 0 or more, got ${String(minConcurrent)}`,
      );
    }
  }

  requestStarted(_now: Millis): void {
    this.active++;
  }

  requestEnded(_now: Millis): void {
    if (this.active > 0) this.active--;
  }

  tryRetry(_now: Millis): boolean {
    // percent x active first: 20 x 15 / 100 is exactly 3, 0.2 x 15 is not.
    if (this.inFlight + 1 <= Math.max(this.minConcurrent, (this.percent * this.active) / 100 + 1e-9)) {
      this.inFlight++;
      return true;
    }
    this.denied++;
    return false;
  }

  retryEnded(_now: Millis): void {
    if (this.inFlight > 0) this.inFlight--;
  }
}

/** Buckets of the sliding window, each `ttl / BUCKETS` long (tower's `TpsBudget` uses 10). */
const BUCKETS = 10;

/**
 * Linkerd's retry budget (ServiceProfile `retryBudget`; tower's `TpsBudget`): retries started in
 * about the last `ttl` may be at most `ratio` x the requests started in it, plus `minPerSecond x
 * ttl / 1000` (Linkerd 0.2, 10/s, 10 s: 20 % more traffic plus 100 retries a window).
 *
 * The window is counted as tower counts it: time is cut into buckets of `ttl / 10` (here aligned
 * to multiples of it from simulated 0), and the window is the current bucket plus the 10 before
 * it, so it spans from `ttl` to `1.1 x ttl` back. A retry may start when
 * `retries + 1 <= ratio x requests + minPerSecond x ttl / 1000` over the window. Tower keeps
 * integer deposits and withdrawals (`1 / ratio` rounded down, so 0.3 behaves as 1/3); here the
 * counts are whole and the ratio exact. Requests' ends play no part.
 */
export class LinkerdRetryBudget implements RetryBudget {
  /** Retries refused so far. */
  denied = 0;
  /** The fixed allowance of a window, retries: `minPerSecond x ttl / 1000`. */
  readonly reserve: number;
  private readonly width: Millis;
  private readonly requests = new Float64Array(BUCKETS + 1);
  private readonly retries = new Float64Array(BUCKETS + 1);
  private bucket = 0;
  private requestSum = 0;
  private retrySum = 0;

  /** `ratio`: >= 0 (Linkerd 0.2). `minPerSecond`: >= 0 (10). `ttl`: ms, > 0 (10 000). */
  constructor(
    readonly ratio: number,
    readonly minPerSecond: number,
    readonly ttl: Millis,
  ) {
    nonNegative('retries.budget.ratio', ratio);
    nonNegative('retries.budget.minPerSecond', minPerSecond);
    positive('retries.budget.ttl', ttl);
    this.reserve = (minPerSecond * ttl) / 1000;
    this.width = ttl / BUCKETS;
  }

  requestStarted(now: Millis): void {
    const slot = this.roll(now);
    this.requests[slot]++;
    this.requestSum++;
  }

  requestEnded(_now: Millis): void {}

  tryRetry(now: Millis): boolean {
    const slot = this.roll(now);
    if (this.retrySum + 1 <= this.ratio * this.requestSum + this.reserve + 1e-9) {
      this.retries[slot]++;
      this.retrySum++;
      return true;
    }
    this.denied++;
    return false;
  }

  retryEnded(_now: Millis): void {}

  /** Retries the window would still allow at `now` (fractional), without counting anything. */
  allowance(now: Millis): number {
    this.roll(now);
    return this.ratio * this.requestSum + this.reserve - this.retrySum;
  }

  /** Brings the window to the bucket holding `now`, dropping those that left it; returns `now`'s slot. */
  private roll(now: Millis): number {
    const bucket = Math.floor(now / this.width);
    const slots = BUCKETS + 1;
    if (bucket > this.bucket) {
      // Each bucket entering the window reuses the slot of the one 11 buckets older, which leaves it.
      const steps = Math.min(bucket - this.bucket, slots);
      for (let k = 1; k <= steps; k++) {
        const slot = (this.bucket + k) % slots;
        this.requestSum -= this.requests[slot];
        this.retrySum -= this.retries[slot];
        this.requests[slot] = 0;
        this.retries[slot] = 0;
      }
      this.bucket = bucket;
    }
    return this.bucket % slots;
  }
}
