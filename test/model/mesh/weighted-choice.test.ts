import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine';
import { WeightedChoice } from '../../../src/model/mesh';

const SEED = 9010;

describe('WeightedChoice', () => {
  it('pick(u) returns the entry whose share of [0, 1) holds u', () => {
    const split = new WeightedChoice([1, 3]);
    expect(split.pick(0)).toBe(0);
    expect(split.pick(0.2499)).toBe(0);
    expect(split.pick(0.25)).toBe(1);
    expect(split.pick(0.9999)).toBe(1);
    const three = new WeightedChoice([20, 30, 50]);
    expect([0, 0.1999, 0.2, 0.4999, 0.5, 0.99].map((u) => three.pick(u))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(three.total).toBe(100);
    expect([0, 1, 2].map((i) => three.share(i))).toEqual([0.2, 0.3, 0.5]);
  });

  it('never picks a zero-weight entry, at the start, in the middle or at the end', () => {
    const split = new WeightedChoice([0, 2, 0, 2, 0]);
    expect(split.pick(0)).toBe(1);
    expect(split.pick(0.4999999)).toBe(1);
    expect(split.pick(0.5)).toBe(3);
    expect(split.pick(1 - 2 ** -53)).toBe(3);
    expect(new WeightedChoice([0, 0, 7]).pick(0)).toBe(2);
    expect(new WeightedChoice([7, 0, 0]).pick(0.999999)).toBe(0);
  });

  it('sends draws at or past the edges to the first or last entry of positive weight', () => {
    const split = new WeightedChoice([0, 1, 1, 0]);
    expect(split.pick(1)).toBe(2);
    expect(split.pick(5)).toBe(2);
    expect(split.pick(-0.5)).toBe(1);
    expect(split.pick(NaN)).toBe(1);
  });

  it('splits 100 000 seeded draws 90/10 within 4 standard deviations', () => {
    // Binomial(100 000, 0.1): sd 94.9, 4 sd 380.
    const split = new WeightedChoice([90, 10]);
    const random = new RandomStreams(SEED).stream('split');
    let canary = 0;
    for (let k = 0; k < 100_000; k++) if (split.pick(random()) === 1) canary++;
    expect(Math.abs(canary - 10_000)).toBeLessThan(380);
  });

  it('refuses weights that cannot be split, naming the entry and value', () => {
    expect(() => new WeightedChoice([])).toThrow('weights: expected at least one weight');
    expect(() => new WeightedChoice([0, 0])).toThrow('weights: expected a positive sum, got 0, 0');
    expect(() => new WeightedChoice([1, -1])).toThrow(
      'weights.1: expected a finite number of 0 or more, got -1',
    );
    expect(() => new WeightedChoice([NaN])).toThrow(
      'weights.0: expected a finite number of 0 or more, got NaN',
    );
    expect(() => new WeightedChoice([Infinity])).toThrow('weights.0');
  });

  it(`picks an entry of positive weight whose interval holds u x total (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc
          .array(
            fc.oneof(
              fc.constant(0),
              fc.integer({ min: 1, max: 1000 }),
              fc.double({ min: 0, max: 50, noNaN: true }),
            ),
            {
              minLength: 1,
              maxLength: 20,
            },
          )
          .filter((w) => w.some((x) => x > 0)),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (weights, u) => {
          const split = new WeightedChoice(weights);
          const i = split.pick(u);
          expect(weights[i]).toBeGreaterThan(0);
          let before = 0;
          for (let k = 0; k < i; k++) before += weights[k];
          const x = u * split.total;
          expect(x).toBeGreaterThanOrEqual(before);
          // The last positive entry also takes a draw that rounds up to the total.
          if (weights.slice(i + 1).some((w) => w > 0)) expect(x).toBeLessThan(before + weights[i]);
        },
      ),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
