import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine';
import { backoffCeiling, backoffDelay } from '../../../src/model/mesh';

const SEED = 25_250;

describe('backoffDelay', () => {
  it('BEHAVIOUR 7: Envoy base 25 ms, max 250 ms: ceilings 25, 75, 175, then 250 from the 4th retry', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffCeiling(n, 25, 250))).toEqual([
      25, 75, 175, 250, 250, 250, 250,
    ]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 25, 250, 0.5))).toEqual([12.5, 37.5, 87.5, 125]);
  });

  it('waits u x ceiling: 0 at u = 0, just under the ceiling as u nears 1', () => {
    expect(backoffDelay(1, 25, 250, 0)).toBe(0);
    const justUnder = 1 - 2 ** -53;
    expect(backoffDelay(3, 25, 250, justUnder)).toBeLessThan(175);
    expect(backoffDelay(3, 25, 250, justUnder)).toBeGreaterThan(174.9999);
  });

  it('waits 0 before the first retry and with a zero base', () => {
    expect(backoffDelay(0, 25, 250, 0.5)).toBe(0);
    expect(backoffDelay(-3, 25, 250, 0.5)).toBe(0);
    expect(backoffDelay(2, 0, 250, 0.5)).toBe(0);
    expect(backoffDelay(2, 25, 0, 0.5)).toBe(0);
  });

  it('survives huge retry numbers: no Infinity x 0, no NaN', () => {
    for (const n of [63, 1023, 1024, 1025, 100_000, Number.MAX_SAFE_INTEGER, Infinity]) {
      expect(backoffCeiling(n, 25, 250)).toBe(250);
      expect(backoffDelay(n, 25, 250, 0.5)).toBe(125);
      expect(backoffDelay(n, 25, 250, 0)).toBe(0);
      expect(backoffDelay(n, 0, 250, 0.5)).toBe(0);
    }
    expect(backoffDelay(NaN, 25, 250, 0.5)).toBe(0);
  });

  it('is fully jittered: 20 000 waits of the 3rd retry are uniform on [0, 175) ms (mean within 4 sd)', () => {
    // A uniform on [0, 175) has sd 175 / sqrt(12) = 50.5; the mean of 20 000 has sd 0.357, so 4 sd is 1.43.
    const random = new RandomStreams(SEED).stream('backoff');
    let sum = 0;
    let below = 0;
    for (let k = 0; k < 20_000; k++) {
      const d = backoffDelay(3, 25, 250, random());
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(175);
      sum += d;
      if (d < 87.5) below++;
    }
    expect(Math.abs(sum / 20_000 - 87.5)).toBeLessThan(1.43);
    // Half below the midpoint: Binomial(20 000, 0.5) has sd 70.7; 4 sd is 283.
    expect(Math.abs(below - 10_000)).toBeLessThan(283);
  });

  it(`stays in [0, min(max, base x (2^n - 1))) for any retry, base, max and u (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e4, noNaN: true })),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, base, max, u) => {
          const d = backoffDelay(retry, base, max, u);
          expect(Number.isFinite(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(max);
          const ceiling = backoffCeiling(retry, base, max);
          expect(d).toBeLessThanOrEqual(ceiling);
          if (ceiling > 0 && u < 1) expect(d < ceiling || d === 0).toBe(true);
          // The ceiling never shrinks from one retry to the next.
          expect(backoffCeiling(retry + 1, base, max)).toBeGreaterThanOrEqual(ceiling);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });
});
