import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FixedWindowLimiter,
  LimiterStore,
  PERIOD_MS,
  newDecision,
  type LimitDecision,
} from '../../../src/model/limiters';

const SEED = 41_017;

/** Sends `count` requests at `now` and returns how many pass. */
function burst(store: LimiterStore<unknown>, now: number, count: number, key = 'k'): number {
  let admitted = 0;
  for (let i = 0; i < count; i++) if (store.decide(key, now).allowed) admitted++;
  return admitted;
}

/** A copy of a decision's fields, to compare whole. */
function fields(d: LimitDecision): LimitDecision {
  return { ...d };
}

describe('FixedWindowLimiter', () => {
  it('BEHAVIOUR 1: minute 100 admits 100 at 0:59.9 and 100 more at 1:00.0 (200 in 0.1 s)', () => {
    const store = new LimiterStore(new FixedWindowLimiter({ limits: { minute: 100 } }));
    expect(burst(store, 59_900, 100)).toBe(100);
    expect(burst(store, 60_000, 100)).toBe(100);
    expect(burst(store, 60_000, 1)).toBe(0);
  });

  it('BEHAVIOUR 1: Retry-After is the whole seconds left in the window, at least 1', () => {
    const store = new LimiterStore(new FixedWindowLimiter({ limits: { minute: 1 } }));
    store.decide('k', 0);
    expect(fields(store.decide('k', 15_300))).toEqual({
      allowed: false,
      limit: 1,
      remaining: 0,
      reset: 45,
      retryAfter: 45,
    });
    expect(store.decide('k', 59_000).retryAfter).toBe(1);
    expect(store.decide('k', 59_999).retryAfter).toBe(1);
    expect(store.decide('k', 60_000).allowed).toBe(true);
    expect(store.decide('k', 60_000).retryAfter).toBe(60);
  });

  it('BEHAVIOUR 1: a rejected request uses no quota, in its own period or any other', () => {
    const limiter = new FixedWindowLimiter({ limits: { second: 1, minute: 3 } });
    const state = limiter.init(0);
    const out = newDecision();
    const log: [number, boolean, number][] = [];
    for (const t of [0, 100, 200, 1000, 2000, 3000, 59_999, 60_000]) {
      limiter.decide(state, t, out);
      log.push([t, out.allowed, limiter.remainingIn(state, 1, t)]);
    }
    // The two rejections by the second limit at 100 and 200 ms leave the minute's count at 1.
    expect(log).toEqual([
      [0, true, 2],
      [100, false, 2],
      [200, false, 2],
      [1000, true, 1],
      [2000, true, 0],
      [3000, false, 0],
      [59_999, false, 0],
      [60_000, true, 2],
    ]);
  });

  it('FixedWindowLimiter.decide reports the most constrained period, as Kong sets RateLimit-*', () => {
    const limiter = new FixedWindowLimiter({ limits: { second: 5, minute: 6 } });
    const state = limiter.init(0);
    const out = newDecision();
    const at = (t: number) => fields((limiter.decide(state, t, out), out));
    expect(at(0)).toEqual({ allowed: true, limit: 5, remaining: 4, reset: 1, retryAfter: 0 });
    for (let i = 0; i < 3; i++) at(0);
    expect(at(0)).toEqual({ allowed: true, limit: 5, remaining: 0, reset: 1, retryAfter: 0 });
    // Stopped by the second: its remaining is 0; the minute's, not decremented, is 1.
    expect(at(0)).toEqual({ allowed: false, limit: 5, remaining: 0, reset: 1, retryAfter: 1 });
    // The sixth passes and exhausts the minute, which is now the most constrained.
    expect(at(1000)).toEqual({ allowed: true, limit: 6, remaining: 0, reset: 59, retryAfter: 0 });
    expect(at(2000)).toEqual({ allowed: false, limit: 6, remaining: 0, reset: 58, retryAfter: 58 });
  });

  it('FixedWindowLimiter.decide breaks a tie of remaining in favour of the longest period', () => {
    const limiter = new FixedWindowLimiter({ limits: { second: 10, minute: 10, hour: 10 } });
    const out = newDecision();
    limiter.decide(limiter.init(0), 1500, out);
    expect(fields(out)).toEqual({ allowed: true, limit: 10, remaining: 9, reset: 3599, retryAfter: 0 });
  });

  it('FixedWindowLimiter aligns windows to the clock, not to the first request', () => {
    const store = new LimiterStore(new FixedWindowLimiter({ limits: { minute: 2 } }));
    expect(burst(store, 50_000, 3)).toBe(2);
    // 10 s later is a new minute, though the first request was only 10 s ago.
    expect(burst(store, 60_000, 3)).toBe(2);
  });

  it('FixedWindowLimiter clockOffset shifts every window: simulated 0 at 0:30 into a minute', () => {
    const store = new LimiterStore(new FixedWindowLimiter({ limits: { minute: 2 }, clockOffset: 30_000 }));
    expect(burst(store, 0, 2)).toBe(2);
    expect(fields(store.decide('k', 29_000))).toEqual({
      allowed: false,
      limit: 2,
      remaining: 0,
      reset: 1,
      retryAfter: 1,
    });
    expect(burst(store, 30_000, 3)).toBe(2);
  });

  it('FixedWindowLimiter windows of hour, day, month (30 days) and year (365 days) end where documented', () => {
    const cases: [keyof typeof PERIOD_MS, number][] = [
      ['hour', 3_600_000],
      ['day', 86_400_000],
      ['month', 2_592_000_000],
      ['year', 31_536_000_000],
    ];
    for (const [period, length] of cases) {
      const store = new LimiterStore(new FixedWindowLimiter({ limits: { [period]: 1 } }));
      expect(store.decide('k', 0).reset, period).toBe(length / 1000);
      expect(store.decide('k', length - 1).retryAfter, period).toBe(1);
      expect(store.decide('k', length).allowed, period).toBe(true);
      expect(PERIOD_MS[period]).toBe(length);
    }
  });

  it('FixedWindowLimiter keeps keys apart', () => {
    const store = new LimiterStore(new FixedWindowLimiter({ limits: { second: 1 } }));
    expect(burst(store, 0, 2, 'alice')).toBe(1);
    expect(burst(store, 0, 2, 'bob')).toBe(1);
    expect(store.size).toBe(2);
  });

  it('FixedWindowLimiter refuses bad limits with the option and the value', () => {
    expect(() => new FixedWindowLimiter({ limits: {} })).toThrow(/^limits: expected at least one of second/);
    expect(() => new FixedWindowLimiter({ limits: { minute: 0 } })).toThrow(
      'limits.minute: expected a number above 0, got 0',
    );
    expect(() => new FixedWindowLimiter({ limits: { minute: -5 } })).toThrow('got -5');
    expect(() => new FixedWindowLimiter({ limits: { fortnight: 1 } as never })).toThrow(
      'limits.fortnight: expected one of second, minute, hour, day, month, year',
    );
    expect(() => new FixedWindowLimiter({ limits: { second: 10, minute: 5 } })).toThrow(
      'limits.minute: the limit for minute (5) cannot be lower than the limit for second (10)',
    );
    expect(() => new FixedWindowLimiter({ limits: { minute: 1 }, clockOffset: NaN })).toThrow('clockOffset');
  });

  it(`FixedWindowLimiter admits at most the limit in any aligned window of each period, and rejects only when one is full (fast-check seed ${SEED})`, () => {
    const arb = fc.record({
      second: fc.integer({ min: 1, max: 5 }),
      extra: fc.integer({ min: 0, max: 10 }),
      offset: fc.integer({ min: 0, max: 59_999 }),
      gaps: fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 400 }),
    });
    fc.assert(
      fc.property(arb, ({ second, extra, offset, gaps }) => {
        const minute = second + extra;
        const limiter = new FixedWindowLimiter({ limits: { second, minute }, clockOffset: offset });
        const state = limiter.init(0);
        const out = newDecision();
        const perSecond = new Map<number, number>();
        const perMinute = new Map<number, number>();
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          const s = Math.floor((now + offset) / 1000);
          const m = Math.floor((now + offset) / 60_000);
          const full = (perSecond.get(s) ?? 0) >= second || (perMinute.get(m) ?? 0) >= minute;
          limiter.decide(state, now, out);
          expect(out.allowed).toBe(!full);
          if (out.allowed) {
            perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
            perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
          } else {
            expect(out.retryAfter).toBeGreaterThanOrEqual(1);
          }
        }
        for (const n of perSecond.values()) expect(n).toBeLessThanOrEqual(second);
        for (const n of perMinute.values()) expect(n).toBeLessThanOrEqual(minute);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
