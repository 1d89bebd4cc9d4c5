import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter, newDecision, type LimitDecision } from '../../../src/model/limiters';

const SEED = 52_331;
const MINUTE = 60_000;

/** Sends one request every `gap` ms from `from` (inclusive) to `to` (exclusive); returns the times that passed. */
function steady(limiter: SlidingWindowLimiter, from: number, to: number, gap: number): number[] {
  const state = limiter.init(from);
  const out = newDecision();
  const passed: number[] = [];
  for (let t = from; t < to; t += gap) if (limiter.decide(state, t, out)) passed.push(t);
  return passed;
}

describe('SlidingWindowLimiter', () => {
  it('BEHAVIOUR 3: a client sending 12/min against 10/min stays blocked, because its 429s count', () => {
    const limiter = new SlidingWindowLimiter({ windows: [{ limit: 10, size: MINUTE }] });
    // One request every 5 s for ten minutes: the first ten pass, then nothing ever again. In each
    // later minute the estimate before its k-th request (k = 0..11) is 12 x (60 - 5k) / 60 + k = 12,
    // which with the request's own increment is 13 > 10.
    expect(steady(limiter, 0, 10 * MINUTE, 5000)).toEqual([
      0, 5000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000,
    ]);
  });

  it('SlidingWindowLimiter with disablePenalty lets the same client through at about the limit', () => {
    const limiter = new SlidingWindowLimiter({
      windows: [{ limit: 10, size: MINUTE }],
      disablePenalty: true,
    });
    const passed = steady(limiter, 0, 3 * MINUTE, 5000);
    const s = (t: number) => t / 1000;
    // Minute 1, previous 10: estimate + 1 at k = 0..11 is 11, 10.17, 9.33, 9.5, 9.67, 9.83, 10, 10.17, 9.33, ...
    expect(passed.filter((t) => t >= MINUTE && t < 2 * MINUTE).map(s)).toEqual([
      70, 75, 80, 85, 90, 100, 105, 110, 115,
    ]);
    // Minute 2, previous 9: 10, 10.25, 9.5, 9.75, 10, 10.25, 9.5, 9.75, 10, 10.25, 9.5, 9.75.
    expect(passed.filter((t) => t >= 2 * MINUTE).map(s)).toEqual([
      120, 130, 135, 140, 150, 155, 160, 170, 175,
    ]);
  });

  it('SlidingWindowLimiter.estimate weighs the previous window by the part of it still inside the sliding window', () => {
    const limiter = new SlidingWindowLimiter({ windows: [{ limit: 10, size: MINUTE }] });
    const state = limiter.init(0);
    const out = newDecision();
    for (let i = 0; i < 8; i++) limiter.decide(state, 10_000, out);
    expect(limiter.estimate(state, 0, 10_000)).toBe(8);
    // 30 s into the next minute: 8 x (60 - 30) / 60 + 0.
    expect(limiter.estimate(state, 0, 90_000)).toBe(4);
    const passed: boolean[] = [];
    for (let i = 0; i < 7; i++) passed.push(limiter.decide(state, 90_000, out));
    // Estimates after each increment: 5, 6, 7, 8, 9, 10 pass (10 <= 10); 11 does not, and stays counted.
    expect(passed).toEqual([true, true, true, true, true, true, false]);
    expect(limiter.estimate(state, 0, 90_000)).toBe(11);
    // 45 s in: 8 x 15 / 60 + 7 = 9, so one more passes at exactly the limit.
    expect(limiter.estimate(state, 0, 105_000)).toBe(9);
    expect(limiter.decide(state, 105_000, out)).toBe(true);
    // Two minutes later both windows have gone.
    expect(limiter.estimate(state, 0, 240_000)).toBe(0);
  });

  it('SlidingWindowLimiter rejects at a fractional estimate of 9.5 against 10 (Kong tests estimate + 1 > limit, not estimate >= limit)', () => {
    const limiter = new SlidingWindowLimiter({ windows: [{ limit: 10, size: MINUTE }] });
    const state = limiter.init(0);
    const out = newDecision();
    for (let i = 0; i < 10; i++) limiter.decide(state, 0, out);
    expect(limiter.estimate(state, 0, 63_000)).toBe(9.5);
    limiter.decide(state, 63_000, out);
    // Reset: 57 s left in the window, plus (10.5 - 10) / 10 x 60 = 3 s for the excess.
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: false,
      limit: 10,
      remaining: 0,
      reset: 60,
      retryAfter: 60,
    });
    expect(limiter.estimate(state, 0, 63_000)).toBe(10.5);
  });

  it('SlidingWindowLimiter.decide reports remaining and reset of an admitted request', () => {
    const limiter = new SlidingWindowLimiter({ windows: [{ limit: 10, size: MINUTE }] });
    const state = limiter.init(0);
    const out = newDecision();
    limiter.decide(state, 12_500, out);
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: true,
      limit: 10,
      remaining: 9,
      reset: 48,
      retryAfter: 0,
    });
  });

  it('SlidingWindowLimiter with several windows stops incrementing at the first that rejects', () => {
    const limiter = new SlidingWindowLimiter({
      windows: [
        { limit: 2, size: 1000 },
        { limit: 3, size: MINUTE },
      ],
    });
    const state = limiter.init(0);
    const out = newDecision();
    const passed = [0, 0, 0].map(() => limiter.decide(state, 0, out));
    expect(passed).toEqual([true, true, false]);
    // The third was counted in the 1 s window that rejected it, not in the minute.
    expect(limiter.estimate(state, 0, 0)).toBe(3);
    expect(limiter.estimate(state, 1, 0)).toBe(2);
    // The rejecting window is the most constrained one: reset 1 s plus (3 - 2) / 2 x 1 s.
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: false,
      limit: 2,
      remaining: 0,
      reset: 2,
      retryAfter: 2,
    });
    // At 1.5 s the 1 s window's estimate is 3 x 0.5 = 1.5, so 2.5 > 2 rejects (and counts); at 2 s
    // it is 1 x 1 + 1 = 2, which passes.
    expect(limiter.decide(state, 1500, out)).toBe(false);
    expect(limiter.decide(state, 2000, out)).toBe(true);
    expect(limiter.estimate(state, 1, 2000)).toBe(3);
    // The minute is now full: at 3 s the 1 s window passes (1 + 1), the minute stops it (3 + 1 > 3)
    // and, tied at 0 remaining, the longer window is reported.
    expect(limiter.decide(state, 3000, out)).toBe(false);
    expect(out.limit).toBe(3);
  });

  it('SlidingWindowLimiter windowType fixed ignores the previous window but still counts rejections', () => {
    const limiter = new SlidingWindowLimiter({ windows: [{ limit: 2, size: 1000 }], windowType: 'fixed' });
    const state = limiter.init(0);
    const out = newDecision();
    expect([0, 0, 0].map(() => limiter.decide(state, 0, out))).toEqual([true, true, false]);
    expect(limiter.estimate(state, 0, 999)).toBe(3);
    expect(limiter.decide(state, 1000, out)).toBe(true);
    expect(limiter.estimate(state, 0, 1000)).toBe(1);
  });

  it('SlidingWindowLimiter refuses bad options with the option and the value', () => {
    expect(() => new SlidingWindowLimiter({ windows: [] })).toThrow('windows: expected at least one');
    expect(() => new SlidingWindowLimiter({ windows: [{ limit: 0, size: 1000 }] })).toThrow(
      'windows.0.limit: expected a number above 0, got 0',
    );
    expect(() => new SlidingWindowLimiter({ windows: [{ limit: 1, size: -1 }] })).toThrow('windows.0.size');
    expect(
      () => new SlidingWindowLimiter({ windows: [{ limit: 1, size: 1 }], windowType: 'rolling' as never }),
    ).toThrow('windowType: expected sliding or fixed, got rolling');
  });

  it(`SlidingWindowLimiter admits at most the limit in any aligned window, with or without penalty (fast-check seed ${SEED})`, () => {
    const arb = fc.record({
      limit: fc.integer({ min: 1, max: 8 }),
      size: fc.constantFrom(1000, 5000, 60_000),
      disablePenalty: fc.boolean(),
      gaps: fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 300 }),
    });
    fc.assert(
      fc.property(arb, ({ limit, size, disablePenalty, gaps }) => {
        const limiter = new SlidingWindowLimiter({ windows: [{ limit, size }], disablePenalty });
        const state = limiter.init(0);
        const out = newDecision();
        const perWindow = new Map<number, number>();
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          const before = limiter.estimate(state, 0, now);
          limiter.decide(state, now, out);
          expect(out.allowed).toBe(before + 1 <= limit + 1e-9);
          if (out.allowed) {
            const w = Math.floor(now / size);
            perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
          }
        }
        for (const n of perWindow.values()) expect(n).toBeLessThanOrEqual(limit);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
