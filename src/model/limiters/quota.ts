import type { Millis } from '../../scenario/types';
import { alignedStart, type AlignedLimit } from './fixed-window';
import { ceilSeconds, finite, positive, positiveInteger, type LimitDecision, type Limiter } from './limiter';

/** Apigee Quota's `<TimeUnit>`. */
export type QuotaTimeUnit = 'minute' | 'hour' | 'day' | 'week' | 'month';

/** Apigee Quota's `type`: `default` is the policy without a `type` attribute. */
export type QuotaType = 'default' | 'calendar' | 'flexi' | 'rollingwindow';

const DAY = 86_400_000;

/**
 * Length of each time unit, ms. A month is 30 days, as in `PERIOD_MS`. Simulated time 0 is taken
 * to be midnight GMT on a Sunday that also starts a month, so `default` weeks end at Sunday
 * midnight as Apigee's do.
 */
export const QUOTA_UNIT_MS: Readonly<Record<QuotaTimeUnit, Millis>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: DAY,
  week: 7 * DAY,
  month: 30 * DAY,
};

/** Options of a `QuotaLimiter`, as Apigee's Quota policy takes them. */
export interface QuotaOptions {
  /** `<Allow count>`: requests per period, above 0. No default. */
  readonly allow: number;
  /** `<Interval>`: time units per period, a whole number; default 1. */
  readonly interval?: number;
  /** `<TimeUnit>`. No default. */
  readonly timeUnit: QuotaTimeUnit;
  /** The `type` attribute; default `default`. */
  readonly type?: QuotaType;
  /** `<StartTime>` of a `calendar` quota, simulated ms (may be negative); required for it, refused otherwise. */
  readonly startTime?: Millis;
  /** Calendar time at simulated time 0, ms, for `default` periods; default 0. */
  readonly clockOffset?: Millis;
}

/** One key's (one `<Identifier>`'s) quota counter. */
export interface QuotaState {
  /** Start (simulated ms) of the current period; for `flexi`, -Infinity until the first request. */
  start: Millis;
  /** Requests let through in the current period (`rollingwindow`: in the last period). */
  count: number;
  /** `rollingwindow` only: times of the requests let through in the last period, a ring. */
  log: Float64Array | null;
  /** Index in `log` of the oldest time. */
  head: number;
}

/**
 * Apigee's Quota policy: `allow` requests per `interval x timeUnit`, per identifier. Violations
 * answer 429 (`policies.ratelimit.QuotaViolation`). Also fits AWS usage-plan quotas (per key, per
 * DAY, WEEK or MONTH, 429 until the period resets, no Retry-After).
 *
 * Period starts by type (Apigee's reset table):
 * - `default`: aligned to the clock, so a period ends at the top of the next minute or hour, at
 *   midnight GMT, at Sunday midnight or at the month's end. With an interval above 1, periods are
 *   aligned to multiples of the whole period from simulated 0 (UNVERIFIED).
 * - `calendar`: periods of `interval x timeUnit` counted from `startTime`.
 * - `flexi`: a period starts at the key's first request and lasts `interval x timeUnit`; the first
 *   request after it ends starts the next.
 * - `rollingwindow`: no periods; at each request, count those let through in the `interval x
 *   timeUnit` just before it, `(now - period, now]`.
 *
 * Algorithm, for one request at `now`:
 * 1. Bring the period up to date (start a new one at count 0 if `now` is past its end; for
 *    `rollingwindow`, forget the times older than one period).
 * 2. Pass if the count is below `allow`; if so, count it (and log its time).
 * 3. Limit `allow`, remaining `allow - count`, reset the seconds until the period ends (for
 *    `rollingwindow`, until the oldest counted request leaves the window), Retry-After the same.
 *
 * Counting: only requests let through are counted, so the counter never exceeds `allow` and a
 * client hammering an exhausted quota does not push its own reset back. Apigee documents that
 * "rate-limiting begins after the Nth message" and tracks excess separately
 * (`ratelimit.<name>.exceed.count`); whether a rejected request also increments its used count is
 * not documented (UNVERIFIED). Apigee's distributed counters sync about every 10 s and so overshoot
 * slightly; model that with `ClusterCounter` over `alignedLimits()` (`default` and `calendar` only).
 */
export class QuotaLimiter implements Limiter<QuotaState> {
  /** Requests per period. */
  readonly allow: number;
  /** Period length, ms: `interval x timeUnit`. */
  readonly period: Millis;
  /** How periods start. */
  readonly type: QuotaType;
  /** Calendar time at simulated 0 for `default` periods, or minus the `calendar` start time. */
  private readonly offset: Millis;

  constructor(options: QuotaOptions) {
    this.allow = positive('allow', options.allow);
    const interval = positiveInteger('interval', options.interval ?? 1);
    const unit = QUOTA_UNIT_MS[options.timeUnit];
    if (unit === undefined) {
      throw new RangeError(
        `timeUnit: expected one of ${Object.keys(QUOTA_UNIT_MS).join(', ')}, got ${String(options.timeUnit)}`,
      );
    }
    this.period = interval * unit;
    const type = options.type ?? 'default';
    if (!['default', 'calendar', 'flexi', 'rollingwindow'].includes(type)) {
      throw new RangeError(`type: expected default, calendar, flexi or rollingwindow, got ${String(type)}`);
    }
    this.type = type;
    if (type === 'calendar') {
      if (options.startTime === undefined) throw new RangeError('startTime: required for a calendar quota');
      this.offset = -finite('startTime', options.startTime);
    } else {
      if (options.startTime !== undefined) {
        throw new RangeError(`startTime: only for a calendar quota, not ${type}`);
      }
      this.offset = finite('clockOffset', options.clockOffset ?? 0);
    }
  }

  /**
   * The quota as an aligned counter, for `ClusterCounter`; undefined for `flexi` and
   * `rollingwindow`, whose periods are not aligned.
   */
  alignedLimits(): readonly AlignedLimit[] | undefined {
    if (this.type === 'flexi' || this.type === 'rollingwindow') return undefined;
    return [{ limit: this.allow, length: this.period, offset: this.offset }];
  }

  /** A counter at 0 in the period that contains `now` (`flexi`: no period yet). */
  init(now: Millis): QuotaState {
    switch (this.type) {
      case 'flexi':
        return { start: -Infinity, count: 0, log: null, head: 0 };
      case 'rollingwindow':
        return { start: 0, count: 0, log: new Float64Array(Math.min(16, Math.ceil(this.allow))), head: 0 };
      default:
        return { start: alignedStart(now, this.period, this.offset), count: 0, log: null, head: 0 };
    }
  }

  /** Decides on one request at `now` (see the class comment for the steps). */
  decide(state: QuotaState, now: Millis, out: LimitDecision): boolean {
    if (this.type === 'rollingwindow') return this.decideRolling(state, now, out);
    if (this.type === 'flexi') {
      if (now >= state.start + this.period) {
        state.start = now;
        state.count = 0;
      }
    } else {
      const start = alignedStart(now, this.period, this.offset);
      if (start !== state.start) {
        state.start = start;
        state.count = 0;
      }
    }
    const allowed = state.count < this.allow;
    if (allowed) state.count += 1;
    const reset = ceilSeconds(state.start + this.period - now);
    this.write(out, allowed, state.count, reset);
    return allowed;
  }

  /** Requests let through in the current period at `now` (Apigee's `used.count`). Reads only. */
  used(state: QuotaState, now: Millis): number {
    if (this.type === 'rollingwindow') {
      let count = state.count;
      const log = state.log!;
      for (let i = 0; i < state.count; i++) {
        if (log[(state.head + i) % log.length] > now - this.period) break;
        count--;
      }
      return count;
    }
    if (this.type === 'flexi') return now < state.start + this.period ? state.count : 0;
    return alignedStart(now, this.period, this.offset) === state.start ? state.count : 0;
  }

  private decideRolling(state: QuotaState, now: Millis, out: LimitDecision): boolean {
    let log = state.log!;
    const horizon = now - this.period;
    while (state.count > 0 && log[state.head] <= horizon) {
      state.head = (state.head + 1) % log.length;
      state.count--;
    }
    const allowed = state.count < this.allow;
    if (allowed) {
      if (state.count === log.length) log = this.grow(state);
      log[(state.head + state.count) % log.length] = now;
      state.count++;
    }
    const reset = ceilSeconds(log[state.head] + this.period - now);
    this.write(out, allowed, state.count, reset);
    return allowed;
  }

  /** Doubles the ring (never past `allow` entries, all a period can hold), oldest first. */
  private grow(state: QuotaState): Float64Array {
    const old = state.log!;
    const next = new Float64Array(Math.min(Math.ceil(this.allow), old.length * 2));
    for (let i = 0; i < state.count; i++) next[i] = old[(state.head + i) % old.length];
    state.log = next;
    state.head = 0;
    return next;
  }

  private write(out: LimitDecision, allowed: boolean, count: number, reset: number): void {
    out.allowed = allowed;
    out.limit = this.allow;
    out.remaining = Math.max(0, this.allow - count);
    out.reset = reset;
    out.retryAfter = allowed ? 0 : Math.max(1, reset);
  }
}
