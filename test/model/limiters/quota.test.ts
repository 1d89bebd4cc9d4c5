import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  QuotaLimiter,
  newDecision,
  type LimitDecision,
  type QuotaOptions,
} from '../../../src/model/limiters';

const SEED = 85_009;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Decides on one request at each time in turn; returns the times that passed. */
function passed(options: QuotaOptions, times: readonly number[]): number[] {
  const limiter = new QuotaLimiter(options);
  const state = limiter.init(times[0] ?? 0);
  const out = newDecision();
  return times.filter((t) => limiter.decide(state, t, out));
}

describe('QuotaLimiter', () => {
  // The same traffic through each type: 2 a minute, first request at 0:45.
  const traffic = [45_000, 50_000, 55_000, 60_000, 70_000, 104_999, 105_000, 110_000, 120_000];

  it('QuotaLimiter default type resets at the top of the minute', () => {
    expect(passed({ allow: 2, timeUnit: 'minute' }, traffic)).toEqual([
      45_000, 50_000, 60_000, 70_000, 120_000,
    ]);
  });

  it('QuotaLimiter calendar type counts periods from its start time', () => {
    // Periods [30 s, 90 s), [90 s, 150 s).
    expect(passed({ allow: 2, timeUnit: 'minute', type: 'calendar', startTime: 30_000 }, traffic)).toEqual([
      45_000, 50_000, 104_999, 105_000,
    ]);
  });

  it('QuotaLimiter flexi type starts a period at the key first request, and the next at the first request after it', () => {
    // Periods [45 s, 105 s), then [105 s, 165 s).
    expect(passed({ allow: 2, timeUnit: 'minute', type: 'flexi' }, traffic)).toEqual([
      45_000, 50_000, 105_000, 110_000,
    ]);
  });

  it('QuotaLimiter rollingwindow counts the requests let through in the minute before each request', () => {
    // At 104.999 s the window (44.999, 104.999] still holds 45 and 50; at 105 s it holds only 50;
    // at 110 s it holds 105 and 50 has just left ((50, 110]).
    expect(passed({ allow: 2, timeUnit: 'minute', type: 'rollingwindow' }, traffic)).toEqual([
      45_000, 50_000, 105_000, 110_000,
    ]);
    expect(
      passed(
        { allow: 3, timeUnit: 'minute', type: 'rollingwindow' },
        [0, 20_000, 40_000, 59_000, 60_000, 61_000, 80_000],
      ),
    ).toEqual([0, 20_000, 40_000, 60_000, 80_000]);
  });

  it('QuotaLimiter.decide reports allowance, what is left and the seconds until the period ends', () => {
    const limiter = new QuotaLimiter({ allow: 2, timeUnit: 'minute' });
    const state = limiter.init(0);
    const out = newDecision();
    limiter.decide(state, 10_000, out);
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: true,
      limit: 2,
      remaining: 1,
      reset: 50,
      retryAfter: 0,
    });
    limiter.decide(state, 10_000, out);
    limiter.decide(state, 15_500, out);
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: false,
      limit: 2,
      remaining: 0,
      reset: 45,
      retryAfter: 45,
    });
    expect(limiter.used(state, 59_999)).toBe(2);
    expect(limiter.used(state, 60_000)).toBe(0);

    const rolling = new QuotaLimiter({ allow: 1, timeUnit: 'minute', type: 'rollingwindow' });
    const r = rolling.init(0);
    rolling.decide(r, 5000, out);
    rolling.decide(r, 20_000, out);
    // The one counted request leaves the window at 65 s.
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: false,
      limit: 1,
      remaining: 0,
      reset: 45,
      retryAfter: 45,
    });
  });

  it('QuotaLimiter counts only requests let through: hammering an exhausted quota does not delay its reset', () => {
    const hammer = Array.from({ length: 120 }, (_, i) => i * 500);
    expect(passed({ allow: 3, timeUnit: 'minute', type: 'flexi' }, hammer)).toEqual([0, 500, 1000]);
    expect(
      passed({ allow: 3, timeUnit: 'minute', type: 'rollingwindow' }, [...hammer, 60_000, 60_500, 61_000]),
    ).toEqual([0, 500, 1000, 60_000, 60_500, 61_000]);
  });

  it('QuotaLimiter periods of hours, days, weeks and 30-day months, with an interval', () => {
    expect(passed({ allow: 1, timeUnit: 'week' }, [0, 7 * DAY - 1, 7 * DAY])).toEqual([0, 7 * DAY]);
    expect(passed({ allow: 1, timeUnit: 'month' }, [0, 30 * DAY - 1, 30 * DAY])).toEqual([0, 30 * DAY]);
    expect(passed({ allow: 1, interval: 2, timeUnit: 'hour' }, [0, 3_600_000, 7_200_000])).toEqual([
      0, 7_200_000,
    ]);
    expect(passed({ allow: 1, timeUnit: 'day', clockOffset: DAY / 2 }, [0, DAY / 2 - 1, DAY / 2])).toEqual([
      0,
      DAY / 2,
    ]);
  });

  it('QuotaLimiter rollingwindow keeps exact times past its first ring size', () => {
    const times = Array.from({ length: 150 }, (_, i) => i * 100);
    const first = passed({ allow: 100, timeUnit: 'minute', type: 'rollingwindow' }, [
      ...times,
      60_000,
      60_099,
      60_100,
    ]);
    // 100 pass by 9.9 s; at 60 s the window (0, 60 s] has lost the request at 0 only, at 60.1 s the one at 100 ms too.
    expect(first).toEqual([...times.slice(0, 100), 60_000, 60_100]);
  });

  it('QuotaLimiter aligned types give ClusterCounter their windows; flexi and rollingwindow give none', () => {
    expect(new QuotaLimiter({ allow: 5, timeUnit: 'hour' }).alignedLimits()).toEqual([
      { limit: 5, length: 3_600_000, offset: 0 },
    ]);
    expect(
      new QuotaLimiter({ allow: 5, timeUnit: 'minute', type: 'calendar', startTime: 30_000 }).alignedLimits(),
    ).toEqual([{ limit: 5, length: MINUTE, offset: -30_000 }]);
    expect(new QuotaLimiter({ allow: 5, timeUnit: 'minute', type: 'flexi' }).alignedLimits()).toBeUndefined();
    expect(
      new QuotaLimiter({ allow: 5, timeUnit: 'minute', type: 'rollingwindow' }).alignedLimits(),
    ).toBeUndefined();
  });

  it('QuotaLimiter refuses bad options with the option and the value', () => {
    expect(() => new QuotaLimiter({ allow: 0, timeUnit: 'minute' })).toThrow(
      'allow: expected a number above 0, got 0',
    );
    expect(() => new QuotaLimiter({ allow: 1, timeUnit: 'year' as never })).toThrow(
      'timeUnit: expected one of minute, hour, day, week, month, got year',
    );
    expect(() => new QuotaLimiter({ allow: 1, interval: 1.5, timeUnit: 'minute' })).toThrow(
      'interval: expected a whole number of 1 or more, got 1.5',
    );
    expect(() => new QuotaLimiter({ allow: 1, timeUnit: 'minute', type: 'calendar' })).toThrow(
      'startTime: required for a calendar quota',
    );
    expect(() => new QuotaLimiter({ allow: 1, timeUnit: 'minute', type: 'flexi', startTime: 0 })).toThrow(
      'startTime: only for a calendar quota, not flexi',
    );
    expect(() => new QuotaLimiter({ allow: 1, timeUnit: 'minute', type: 'sliding' as never })).toThrow(
      'type: expected default, calendar, flexi or rollingwindow, got sliding',
    );
  });

  it(`QuotaLimiter never lets more than allow through in any period, nor in any rolling window (fast-check seed ${SEED})`, () => {
    const arb = fc.record({
      allow: fc.integer({ min: 1, max: 30 }),
      type: fc.constantFrom('default', 'calendar', 'flexi', 'rollingwindow' as const),
      startTime: fc.integer({ min: -MINUTE, max: MINUTE }),
      gaps: fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 300 }),
    });
    fc.assert(
      fc.property(arb, ({ allow, type, startTime, gaps }) => {
        const limiter = new QuotaLimiter({
          allow,
          timeUnit: 'minute',
          type,
          startTime: type === 'calendar' ? startTime : undefined,
        });
        const state = limiter.init(0);
        const out = newDecision();
        const times: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          if (limiter.decide(state, now, out)) times.push(now);
          expect(out.remaining).toBeGreaterThanOrEqual(0);
        }
        if (type === 'rollingwindow' || type === 'flexi') {
          // Any window of a minute, ending at a pass: rolling counts it exactly; flexi periods may
          // straddle it, so allow twice the quota there.
          const cap = type === 'rollingwindow' ? allow : 2 * allow;
          for (const end of times)
            expect(times.filter((t) => t > end - MINUTE && t <= end).length).toBeLessThanOrEqual(cap);
        } else {
          const offset = type === 'calendar' ? startTime : 0;
          const perWindow = new Map<number, number>();
          for (const t of times) {
            const w = Math.floor((t - offset) / MINUTE);
            perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
          }
          for (const n of perWindow.values()) expect(n).toBeLessThanOrEqual(allow);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
