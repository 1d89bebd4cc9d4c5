import type { Millis } from '../../scenario/types';
import { finite, positive, type LimitDecision, type Limiter } from './limiter';

/** A period of Kong's rate-limiting plugin (`config.second` ... `config.year`). */
export type CalendarPeriod = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

/** Kong's periods, shortest first. */
export const CALENDAR_PERIODS: readonly CalendarPeriod[] = [
  'second',
  'minute',
  'hour',
  'day',
  'month',
  'year',
];

const DAY = 86_400_000;

/**
 * Length of each period, ms. A month is 30 days and a year 365 days: Kong's own `EXPIRATION` table
 * (2 592 000 s and 31 536 000 s), which it uses for RateLimit-Reset. The simulated calendar has no
 * leap years and no months of 28 or 31 days, so month and year windows are plain multiples of these
 * lengths from the epoch (12 months are 360 days and do not fill a year).
 */
export const PERIOD_MS: Readonly<Record<CalendarPeriod, Millis>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: DAY,
  month: 30 * DAY,
  year: 365 * DAY,
};

/**
 * A counter over windows aligned to a clock: window k covers calendar times
 * `[k * length, (k + 1) * length)`, and simulated time t is calendar time `t + offset`.
 */
export interface AlignedLimit {
  /** Requests admitted per window. */
  readonly limit: number;
  /** Window length, ms. */
  readonly length: Millis;
  /** Calendar time at simulated time 0, ms. */
  readonly offset: Millis;
}

/** Simulated time (ms) at which the window of `length` ms that contains `now` started. */
export function alignedStart(now: Millis, length: Millis, offset: Millis): Millis {
  return Math.floor((now + offset) / length) * length - offset;
}

/** Options of a `FixedWindowLimiter`, as Kong's rate-limiting plugin takes them. */
export interface FixedWindowOptions {
  /** Requests allowed per period, above 0; at least one period. No default. */
  readonly limits: Partial<Record<CalendarPeriod, number>>;
  /**
   * Calendar time at simulated time 0, ms; default 0, so simulated 0 is midnight at the start of a
   * day, a month and a year. A lesson can start at 0:59 into a minute with `clockOffset: 59_000`.
   */
  readonly clockOffset?: Millis;
}

/** One key's counters, one slot per period of `FixedWindowLimiter.periods`. */
export interface FixedWindowState {
  /** Simulated time (ms) at which the window each count belongs to started. */
  readonly start: Float64Array;
  /** Requests admitted in that window. */
  readonly count: Float64Array;
}

/**
 * Kong's rate-limiting plugin (OSS, `kong/plugins/rate-limiting/handler.lua`): fixed windows aligned
 * to the calendar clock, several periods at once, with `policy: local`'s per-node counters. For
 * `policy: cluster` or `redis` see `ClusterCounter`.
 *
 * Algorithm, for one request at `now`:
 * 1. For each configured period, if `now` is past the window its count belongs to, start the
 *    window that contains `now` (aligned to the calendar, not to the first request) at count 0.
 * 2. The request passes if every period's count is below its limit (Kong stops when
 *    `limit - usage <= 0`).
 * 3. If it passes, add 1 to every period's count. A rejected request is counted nowhere, so it
 *    uses no quota (Kong increments only after the access check passed).
 * 4. Each period's remaining is `max(0, limit - count)` after step 3 (Kong subtracts this request
 *    when it passes, and reports 0 for the period that stopped it).
 * 5. The most constrained period is the one with the least remaining; on a tie, the longest.
 *    RateLimit-Limit and RateLimit-Remaining are its values; RateLimit-Reset is
 *    `max(1, window seconds - floor(seconds elapsed in its window))`, the whole seconds left,
 *    rounded up.
 * 6. A rejection carries Retry-After equal to that reset: the seconds left in the window of the
 *    exhausted period (the longest one, if several are exhausted), at least 1.
 *
 * Not modelled: Kong increments the shared-memory counter in a zero-delay timer, so requests of the
 * same instant could in principle read a stale count; here the count is updated at once.
 */
export class FixedWindowLimiter implements Limiter<FixedWindowState> {
  /** The configured periods, shortest first. */
  readonly periods: readonly CalendarPeriod[];
  /** Limit and window of each period, in the order of `periods`. */
  readonly limits: readonly AlignedLimit[];
  /** Calendar time at simulated time 0, ms. */
  readonly clockOffset: Millis;
  // Parallel arrays of `limits`, for the per-request loop.
  private readonly limit: Float64Array;
  private readonly length: Float64Array;

  constructor(options: FixedWindowOptions) {
    this.clockOffset = finite('clockOffset', options.clockOffset ?? 0);
    const periods: CalendarPeriod[] = [];
    for (const key of Object.keys(options.limits)) {
      if (!(CALENDAR_PERIODS as readonly string[]).includes(key)) {
        throw new RangeError(`limits.${key}: expected one of ${CALENDAR_PERIODS.join(', ')}`);
      }
    }
    let previous: CalendarPeriod | undefined;
    for (const period of CALENDAR_PERIODS) {
      const value = options.limits[period];
      if (value === undefined) continue;
      positive(`limits.${period}`, value);
      // Kong's schema refuses a longer period with a lower limit than a shorter one.
      if (previous !== undefined && value < options.limits[previous]!) {
        throw new RangeError(
          `limits.${period}: the limit for ${period} (${value}) cannot be lower than the limit for ` +
            `${previous} (${options.limits[previous]})`,
        );
      }
      periods.push(period);
      previous = period;
    }
    if (periods.length === 0) {
      throw new RangeError(`limits: expected at least one of ${CALENDAR_PERIODS.join(', ')}`);
    }
    this.periods = periods;
    this.limits = periods.map((p) => ({
      limit: options.limits[p]!,
      length: PERIOD_MS[p],
      offset: this.clockOffset,
    }));
    this.limit = Float64Array.from(this.limits, (l) => l.limit);
    this.length = Float64Array.from(this.limits, (l) => l.length);
  }

  /** Counters at 0 in the windows that contain `now`. */
  init(now: Millis): FixedWindowState {
    const n = this.periods.length;
    const start = new Float64Array(n);
    for (let p = 0; p < n; p++) start[p] = alignedStart(now, this.length[p], this.clockOffset);
    return { start, count: new Float64Array(n) };
  }

  /** Decides on one request at `now` (see the class comment for the steps). */
  decide(state: FixedWindowState, now: Millis, out: LimitDecision): boolean {
    const { start, count } = state;
    const n = this.periods.length;
    let allowed = true;
    for (let p = 0; p < n; p++) {
      const windowStart = alignedStart(now, this.length[p], this.clockOffset);
      if (windowStart !== start[p]) {
        start[p] = windowStart;
        count[p] = 0;
      }
      if (count[p] >= this.limit[p]) allowed = false;
    }
    let best = 0;
    let bestRemaining = Infinity;
    for (let p = 0; p < n; p++) {
      if (allowed) count[p] += 1;
      const remaining = Math.max(0, this.limit[p] - count[p]);
      // `<=` because periods run shortest first and a tie goes to the longest.
      if (remaining <= bestRemaining) {
        best = p;
        bestRemaining = remaining;
      }
    }
    const lengthSeconds = this.length[best] / 1000;
    const reset = Math.max(1, lengthSeconds - Math.floor((now - start[best]) / 1000));
    out.allowed = allowed;
    out.limit = this.limit[best];
    out.remaining = bestRemaining;
    out.reset = reset;
    out.retryAfter = allowed ? 0 : reset;
    return allowed;
  }

  /**
   * Requests still allowed in the current window of `periods[index]` at `now` (Kong's
   * `X-RateLimit-Remaining-<Period>` before the next request). Reads `state` without changing it.
   */
  remainingIn(state: FixedWindowState, index: number, now: Millis): number {
    const windowStart = alignedStart(now, this.length[index], this.clockOffset);
    const used = windowStart === state.start[index] ? state.count[index] : 0;
    return Math.max(0, this.limit[index] - used);
  }
}
