import type { Millis, PerSecond } from '../../scenario/types';
import { ceilSeconds, EPSILON, positive, type LimitDecision, type Limiter } from './limiter';

/**
 * Options of a `TokenBucketLimiter`. Give either `rate` (continuous refill, AWS API Gateway) or
 * `fillInterval` (discrete refill, Envoy's local rate limit), not both.
 */
export interface TokenBucketOptions {
  /** Bucket size, and the tokens it starts with: AWS's burst, Envoy's `max_tokens`. Above 0. */
  readonly burst: number;
  /** Continuous refill, tokens per second: AWS's rate (account default 10 000, burst 5 000). */
  readonly rate?: PerSecond;
  /** Envoy's `fill_interval`, ms: every this often, `tokensPerFill` tokens are added at once. */
  readonly fillInterval?: Millis;
  /** Envoy's `tokens_per_fill`; default 1. Only with `fillInterval`. */
  readonly tokensPerFill?: number;
}

/** One key's bucket. */
export interface TokenBucketState {
  /** Tokens in the bucket at `last`, 0 to `burst`; fractional in continuous mode. */
  tokens: number;
  /** Simulated time (ms) at which `tokens` was brought up to date. */
  last: Millis;
}

/**
 * A token bucket, one token a request, that starts full: AWS API Gateway's throttling (rate and
 * burst, per account, stage, method or usage-plan key) and Envoy's local rate limit filter (per
 * proxy, `max_tokens`, `tokens_per_fill` every `fill_interval`).
 *
 * Algorithm, for one request at `now`:
 * 1. Refill. Continuous: add `(now - last) x rate / 1000` tokens. Discrete: add `tokensPerFill`
 *    for every fill tick (a multiple of `fillInterval` since simulated 0, when the proxy's timer
 *    started) in `(last, now]`. Never above `burst`. Set `last = now`.
 * 2. If a whole token is there (up to `EPSILON`, for float refills), take it and pass; else reject.
 *    A rejected request takes nothing.
 * 3. RateLimit-Limit is `burst`, RateLimit-Remaining the whole tokens left, RateLimit-Reset the
 *    seconds until the bucket is full again, and Retry-After the seconds until the next token
 *    (rounded up, at least 1). AWS sends no Retry-After on a throttle; the caller may drop it.
 *
 * AWS's worked examples with rate 10 000/s and burst 5 000, counting milliseconds from 1 as AWS
 * does (the "first millisecond" is [0, 1), the "101st" is [100, 101)):
 * - 10 000 requests at t = 0: the full bucket serves 5 000, the rest are throttled.
 * - 5 000 at t = 0 empty the bucket; 100 ms later it holds 100 x 10 000 / 1000 = 1 000 tokens, so
 *   of 5 000 more at t = 100 ms, 1 000 pass: 6 000 in all. Sent at t = 101 ms, the continuous
 *   bucket would hold 1 010 and serve 6 010; AWS's 6 000 is the 100 ms gap.
 * - 5 000 at t = 0 and 5 000 spread evenly over the remaining 999 ms: about 2 tokens arrive per
 *   request, so all 10 000 pass.
 *
 * Envoy's documentation describes the discrete fill; recent Envoy versions may refill in finer
 * steps (UNVERIFIED), which the continuous mode with `rate = tokensPerFill / fillInterval` models.
 */
export class TokenBucketLimiter implements Limiter<TokenBucketState> {
  /** Bucket size and starting tokens. */
  readonly burst: number;
  /** Continuous refill, tokens per second; 0 in discrete mode. */
  readonly rate: PerSecond;
  /** Discrete refill interval, ms; 0 in continuous mode. */
  readonly fillInterval: Millis;
  /** Tokens added per discrete fill. */
  readonly tokensPerFill: number;

  constructor(options: TokenBucketOptions) {
    this.burst = positive('burst', options.burst);
    if ((options.rate === undefined) === (options.fillInterval === undefined)) {
      throw new RangeError('rate, fillInterval: expected exactly one of them');
    }
    if (options.rate !== undefined) {
      if (options.tokensPerFill !== undefined) {
        throw new RangeError('tokensPerFill: only with fillInterval, not with rate');
      }
      this.rate = positive('rate', options.rate);
      this.fillInterval = 0;
      this.tokensPerFill = 0;
    } else {
      this.rate = 0;
      this.fillInterval = positive('fillInterval', options.fillInterval!);
      this.tokensPerFill = positive('tokensPerFill', options.tokensPerFill ?? 1);
    }
  }

  /** A full bucket at `now`. */
  init(now: Millis): TokenBucketState {
    return { tokens: this.burst, last: now };
  }

  /** Decides on one request at `now` (see the class comment for the steps). */
  decide(state: TokenBucketState, now: Millis, out: LimitDecision): boolean {
    const tokens = this.refilled(state, now);
    const allowed = tokens >= 1 - EPSILON;
    const left = allowed ? Math.max(0, tokens - 1) : tokens;
    state.tokens = left;
    state.last = now;
    out.allowed = allowed;
    out.limit = this.burst;
    out.remaining = Math.floor(left + EPSILON);
    out.reset = ceilSeconds(this.timeToHold(this.burst, left, now));
    out.retryAfter = allowed ? 0 : Math.max(1, ceilSeconds(this.timeToHold(1, left, now)));
    return allowed;
  }

  /** Tokens the bucket holds at `now` (after refill, before any request). Reads `state` only. */
  tokensAt(state: TokenBucketState, now: Millis): number {
    return this.refilled(state, now);
  }

  private refilled(state: TokenBucketState, now: Millis): number {
    let added: number;
    if (this.fillInterval === 0) {
      // Multiply before dividing: (100 ms x 10 000) / 1000 is exact, 100 x 10 is not always.
      added = ((now - state.last) * this.rate) / 1000;
    } else {
      const ticks = Math.floor(now / this.fillInterval) - Math.floor(state.last / this.fillInterval);
      added = ticks * this.tokensPerFill;
    }
    return Math.min(this.burst, state.tokens + added);
  }

  /** Ms from `now` until a bucket holding `tokens` holds `target` (0 if it already does). */
  private timeToHold(target: number, tokens: number, now: Millis): Millis {
    const missing = target - tokens;
    if (missing <= EPSILON) return 0;
    if (this.fillInterval === 0) return (missing * 1000) / this.rate;
    const fills = Math.ceil(missing / this.tokensPerFill - EPSILON);
    const nextTick = (Math.floor(now / this.fillInterval) + 1) * this.fillInterval;
    return nextTick - now + (fills - 1) * this.fillInterval;
  }
}
