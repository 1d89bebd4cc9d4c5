import type { Millis } from '../../scenario/types';
import { alignedStart } from './fixed-window';
import { ceilSeconds, EPSILON, type LimitDecision, type Limiter } from './limiter';

/** A SpikeArrest `<Rate>` parsed: `count` requests per `unit` ms (1 000 for `ps`, 60 000 for `pm`). */
export interface SpikeRate {
  /** Requests per unit, a whole number of 1 or more. */
  readonly count: number;
  /** The unit, ms: 1 000 (`ps`) or 60 000 (`pm`). */
  readonly unit: Millis;
}

/** Parses Apigee's `<Rate>` text, `30ps` or `12pm`; the error names the option and the value. */
export function parseSpikeRate(text: string): SpikeRate {
  const match = /^\s*(\d+)\s*(ps|pm)\s*$/.exec(text);
  const count = match ? Number(match[1]) : 0;
  if (!match || count < 1) {
    throw new RangeError(
      `rate: expected a whole number of 1 or more then ps or pm (e.g. 30ps, 12pm), got '${text}'`,
    );
  }
  return { count, unit: match[2] === 'ps' ? 1000 : 60_000 };
}

/** Options of a `SpikeArrestLimiter`, as Apigee's SpikeArrest policy takes them. */
export interface SpikeArrestOptions {
  /** `<Rate>`: `30ps`, `12pm`. No default. */
  readonly rate: string;
  /** `<UseEffectiveCount>`; default false (smoothing). */
  readonly useEffectiveCount?: boolean;
}

/** One key's (one `<Identifier>`'s) spike-arrest state. */
export interface SpikeArrestState {
  /** Smoothing: simulated time (ms) of the last request let through; -Infinity before any. */
  last: Millis;
  /** Effective count: start (simulated ms) of the current unit window. */
  start: Millis;
  /** Effective count: requests let through in the current unit window. */
  current: number;
  /** Effective count: requests let through in the window before it. */
  previous: number;
}

/**
 * Apigee's SpikeArrest policy. It smooths rather than counts: a rate of R per unit lets one request
 * through every `unit / R` (30ps: one per 33.3 ms; 12pm: one per 5 s), and a second request inside
 * that interval is rejected even when the unit's total is far below R
 * (docs/behaviour.md#apigee-spikearrest-and-quota; item 5 of docs/behaviour.md#what-meshsim-reproduces).
 * Violations answer 429 (`policies.ratelimit.SpikeArrestViolation`; legacy Edge answered 500); Apigee
 * sends no rate-limit headers, so `retryAfter` is for clients set to retry by themselves.
 *
 * Smoothing (default), for one request at `now`:
 * 1. The interval is `unit / R` ms.
 * 2. Pass if at least one interval has gone by since the last request let through (up to
 *    `EPSILON`, so requests sent exactly every interval all pass). Only a passing request moves
 *    `last`; a rejected one does not push the next slot back. (A bucket of one token refilled every
 *    interval, which Apigee's docs call its token bucket, behaves exactly so.)
 * 3. Limit 1 (one request per interval), remaining 0; reset and Retry-After are the seconds until
 *    the next slot, rounded up (at least 1 on a rejection).
 *
 * `useEffectiveCount` (Apigee X's `<UseEffectiveCount>true`), for one request at `now`:
 * 1. A sliding window counter over the rate's own unit (a second for `ps`, a minute for `pm`),
 *    aligned to the clock: `estimate = previous x (unit - elapsed) / unit + current`.
 * 2. Pass if `estimate + 1 <= R`; only passing requests are counted. So a burst of R passes at
 *    once, and the R + 1st is rejected until the weighted previous window has drained.
 * 3. Limit R, remaining `floor(R - estimate)`, reset the seconds to the end of the window,
 *    Retry-After the seconds until `estimate + 1 <= R` again.
 *
 * Each message processor keeps its own state unless effective count is on, when Apigee shares the
 * count across them: give each gateway node its own `LimiterStore` for the first and one shared
 * store for the second. UNVERIFIED: Apigee's exact effective-count algorithm is not published;
 * community reports of a burst allowance of about 10 % of the rate (`maxBurstMessageCount`) in the
 * smoothing mode are not modelled.
 */
export class SpikeArrestLimiter implements Limiter<SpikeArrestState> {
  /** The parsed rate. */
  readonly rate: SpikeRate;
  /** Smoothing interval, ms: `unit / count`. */
  readonly interval: Millis;
  /** Whether the effective-count sliding window is used instead of smoothing. */
  readonly useEffectiveCount: boolean;

  constructor(options: SpikeArrestOptions) {
    this.rate = parseSpikeRate(options.rate);
    this.interval = this.rate.unit / this.rate.count;
    this.useEffectiveCount = options.useEffectiveCount ?? false;
  }

  /** Nothing let through yet; the effective-count window is the one that contains `now`. */
  init(now: Millis): SpikeArrestState {
    return { last: -Infinity, start: alignedStart(now, this.rate.unit, 0), current: 0, previous: 0 };
  }

  /** Decides on one request at `now` (see the class comment for the steps). */
  decide(state: SpikeArrestState, now: Millis, out: LimitDecision): boolean {
    return this.useEffectiveCount
      ? this.decideCounted(state, now, out)
      : this.decideSmoothed(state, now, out);
  }

  /** The effective-count estimate at `now`, before counting a request. Reads `state` only. */
  estimate(state: SpikeArrestState, now: Millis): number {
    const unit = this.rate.unit;
    const start = alignedStart(now, unit, 0);
    if (start === state.start) return state.previous * ((unit - (now - start)) / unit) + state.current;
    const previous = start - state.start < 1.5 * unit ? state.current : 0;
    return previous * ((unit - (now - start)) / unit);
  }

  private decideSmoothed(state: SpikeArrestState, now: Millis, out: LimitDecision): boolean {
    const allowed = now - state.last >= this.interval - EPSILON;
    if (allowed) state.last = now;
    const wait = ceilSeconds(state.last + this.interval - now);
    out.allowed = allowed;
    out.limit = 1;
    out.remaining = 0;
    out.reset = wait;
    out.retryAfter = allowed ? 0 : Math.max(1, wait);
    return allowed;
  }

  private decideCounted(state: SpikeArrestState, now: Millis, out: LimitDecision): boolean {
    const { count: limit, unit } = this.rate;
    const start = alignedStart(now, unit, 0);
    if (start !== state.start) {
      state.previous = start - state.start < 1.5 * unit ? state.current : 0;
      state.current = 0;
      state.start = start;
    }
    const weighted = state.previous * ((unit - (now - start)) / unit);
    const allowed = weighted + state.current + 1 <= limit + EPSILON;
    if (allowed) state.current += 1;
    const estimate = weighted + state.current;
    out.allowed = allowed;
    out.limit = limit;
    out.remaining = Math.floor(Math.max(0, limit - estimate) + EPSILON);
    out.reset = ceilSeconds(start + unit - now);
    out.retryAfter = allowed ? 0 : Math.max(1, ceilSeconds(this.nextPass(state) - now));
    return allowed;
  }

  /** Simulated time at which `estimate + 1 <= R` again, if nothing else is let through. */
  private nextPass(state: SpikeArrestState): Millis {
    const { count: limit, unit } = this.rate;
    // Within this window the estimate falls as the previous window's weight does.
    if (state.current + 1 <= limit && state.previous > 0) {
      return state.start + unit * (1 - (limit - 1 - state.current) / state.previous);
    }
    // Otherwise wait for the next window, where this window's count becomes the previous one.
    const drained = state.current > 0 ? Math.max(0, 1 - (limit - 1) / state.current) : 0;
    return state.start + unit + unit * drained;
  }
}
