import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SpikeArrestLimiter,
  newDecision,
  parseSpikeRate,
  type LimitDecision,
} from '../../../src/model/limiters';

const SEED = 74_201;

/** Decides on one request at each time in turn; returns which passed. */
function run(limiter: SpikeArrestLimiter, times: readonly number[]): boolean[] {
  const state = limiter.init(times[0] ?? 0);
  const out = newDecision();
  return times.map((t) => limiter.decide(state, t, out));
}

describe('parseSpikeRate', () => {
  it('parseSpikeRate reads Apigee rates per second and per minute', () => {
    expect(parseSpikeRate('30ps')).toEqual({ count: 30, unit: 1000 });
    expect(parseSpikeRate('12pm')).toEqual({ count: 12, unit: 60_000 });
  });
  it('parseSpikeRate refuses anything else, naming the value', () => {
    for (const bad of ['10ph', '0ps', 'ps', '1.5ps', '-3pm', '']) {
      expect(() => parseSpikeRate(bad), bad).toThrow(
        `rate: expected a whole number of 1 or more then ps or pm`,
      );
    }
    expect(() => parseSpikeRate('10ph')).toThrow("got '10ph'");
  });
});

describe('SpikeArrestLimiter', () => {
  it('BEHAVIOUR 5: 12pm lets one request through every 5 s and rejects a second one 1 s after the first', () => {
    const limiter = new SpikeArrestLimiter({ rate: '12pm' });
    expect(limiter.interval).toBe(5000);
    expect(run(limiter, [0, 1000, 4999, 5000, 9999, 10_000])).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
  });

  it('SpikeArrestLimiter says when to retry: the seconds until the next slot', () => {
    const limiter = new SpikeArrestLimiter({ rate: '12pm' });
    const state = limiter.init(0);
    const out = newDecision();
    limiter.decide(state, 0, out);
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: true,
      limit: 1,
      remaining: 0,
      reset: 5,
      retryAfter: 0,
    });
    limiter.decide(state, 1000, out);
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: false,
      limit: 1,
      remaining: 0,
      reset: 4,
      retryAfter: 4,
    });
    limiter.decide(state, 4999, out);
    expect(out.retryAfter).toBe(1);
  });

  it('SpikeArrestLimiter 30ps smooths to one request per 33.3 ms; a rejected request does not push the next slot back', () => {
    const limiter = new SpikeArrestLimiter({ rate: '30ps' });
    expect(limiter.interval).toBeCloseTo(33.333, 3);
    // Requests exactly every 1000 / 30 ms all pass: 30 in the second.
    const even = Array.from({ length: 30 }, (_, k) => (k * 1000) / 30);
    expect(run(limiter, even).every(Boolean)).toBe(true);
    expect(run(limiter, [0, 20, 33, 34, 50, 67])).toEqual([true, false, false, true, false, false]);
    // Two at once: one passes, though the second's total is far below 30.
    expect(run(limiter, [500, 500])).toEqual([true, false]);
  });

  it('SpikeArrestLimiter 5ps allows one request per 200 ms', () => {
    const limiter = new SpikeArrestLimiter({ rate: '5ps' });
    const times = Array.from({ length: 20 }, (_, k) => k * 50);
    const passed = run(limiter, times);
    expect(times.filter((_, i) => passed[i])).toEqual([0, 200, 400, 600, 800]);
  });

  it('SpikeArrestLimiter with useEffectiveCount counts over the unit: 12 at once pass, the 13th does not', () => {
    const limiter = new SpikeArrestLimiter({ rate: '12pm', useEffectiveCount: true });
    const state = limiter.init(0);
    const out = newDecision();
    const passed = Array.from({ length: 13 }, () => limiter.decide(state, 0, out));
    expect(passed.filter(Boolean)).toHaveLength(12);
    expect(passed[12]).toBe(false);
    // Next minute at weight 12 x (60 - 5) / 60 = 11, so the first request that fits is at 65 s.
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: false,
      limit: 12,
      remaining: 0,
      reset: 60,
      retryAfter: 65,
    });
    expect(limiter.estimate(state, 60_000)).toBe(12);
    expect(limiter.decide(state, 60_000, out)).toBe(false);
    expect(out.retryAfter).toBe(5);
    expect(limiter.estimate(state, 65_000)).toBe(11);
    expect(limiter.decide(state, 65_000, out)).toBe(true);
    expect(limiter.decide(state, 65_000, out)).toBe(false);
  });

  it('SpikeArrestLimiter with useEffectiveCount admits a second request 1 s after the first (unlike BEHAVIOUR 5)', () => {
    const limiter = new SpikeArrestLimiter({ rate: '12pm', useEffectiveCount: true });
    expect(run(limiter, [0, 1000, 1000])).toEqual([true, true, true]);
  });

  it(`SpikeArrestLimiter passes requests at least one interval apart, or at most R per aligned unit with effective count (fast-check seed ${SEED})`, () => {
    const arb = fc.record({
      count: fc.integer({ min: 1, max: 40 }),
      perMinute: fc.boolean(),
      effective: fc.boolean(),
      gaps: fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 1, maxLength: 300 }),
    });
    fc.assert(
      fc.property(arb, ({ count, perMinute, effective, gaps }) => {
        const limiter = new SpikeArrestLimiter({
          rate: `${count}${perMinute ? 'pm' : 'ps'}`,
          useEffectiveCount: effective,
        });
        const unit = perMinute ? 60_000 : 1000;
        const state = limiter.init(0);
        const out = newDecision();
        const passed: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          if (limiter.decide(state, now, out)) passed.push(now);
          else expect(out.retryAfter).toBeGreaterThanOrEqual(1);
        }
        if (!effective) {
          for (let i = 1; i < passed.length; i++) {
            expect(passed[i] - passed[i - 1]).toBeGreaterThanOrEqual(unit / count - 1e-9);
          }
        }
        const perWindow = new Map<number, number>();
        for (const t of passed)
          perWindow.set(Math.floor(t / unit), (perWindow.get(Math.floor(t / unit)) ?? 0) + 1);
        for (const n of perWindow.values()) expect(n).toBeLessThanOrEqual(count);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
