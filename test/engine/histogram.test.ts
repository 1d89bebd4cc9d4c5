import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/engine/histogram';

/** Seed of every property test in this file; pass it to `fc.assert` to replay a failure exactly. */
const SEED = 19_733;
// Arrays say `size: 'max'`: fast-check's default size keeps them to about 10 items whatever
// maxLength says, too short to grow the arrays or build deep heaps.

/**
 * Positive values spread over 59 powers of two, [2^-19, 2^40): every one has a bucket of its own in
 * the default layout (lowest 2^-20, highest 2^40), from about a microsecond to about 35 years in ms.
 */
const magnitudeArb = fc
  .tuple(fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }), fc.integer({ min: -19, max: 39 }))
  .map(([mantissa, exponent]) => mantissa * 2 ** exponent);
/** The same with some exact zeros and repeated values mixed in. */
const valueArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constantFrom(1, 250, 1000) },
  { weight: 8, arbitrary: magnitudeArb },
);
const valuesArb = fc.array(valueArb, { minLength: 1, maxLength: 400, size: 'max' });
const QS = [0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

/** The exact sample quantile the histogram documents: the ceil(q n)-th smallest value. */
function exactQuantile(sortedValues: number[], q: number): number {
  return sortedValues[Math.max(1, Math.ceil(q * sortedValues.length)) - 1];
}

function recordAll(h: Histogram, values: number[]): Histogram {
  for (const v of values) h.record(v);
  return h;
}

const ascending = (x: number, y: number): number => x - y;

/**
 * `expect(actual).toBe(expected)`, made only when the two differ (by `Object.is`, as `toBe` compares):
 * the merge tests compare hundreds of figures in each of hundreds of runs, where an `expect` that
 * passes costs more than the figure it checks.
 */
function expectSame(actual: number, expected: number): void {
  if (!Object.is(actual, expected)) expect(actual).toBe(expected);
}

/** How many values of `sorted` (ascending) are at most `v`: `filter((x) => x <= v).length`, by bisection. */
function countAtMost(sorted: readonly number[], v: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= v) low = middle + 1;
    else high = middle;
  }
  return low;
}

describe('Histogram', () => {
  it('Histogram is empty at first: count 0 and NaN for mean, min, max, quantile and cdf', () => {
    const h = new Histogram();
    expect(h.count).toBe(0);
    expect(h.mean).toBeNaN();
    expect(h.min).toBeNaN();
    expect(h.max).toBeNaN();
    expect(h.quantile(0.5)).toBeNaN();
    expect(h.cdf(1)).toBeNaN();
  });

  it('Histogram count, mean, min and max are exact', () => {
    const values = [3.25, 0.001, 17, 1e6, 42.5, 0.5, 3.25];
    const h = recordAll(new Histogram(), values);
    expect(h.count).toBe(7);
    expect(h.min).toBe(0.001);
    expect(h.max).toBe(1e6);
    let sum = 0;
    for (const v of values) sum += v;
    expect(h.mean).toBe(sum / 7);
  });

  it(`Histogram.quantile is within 2^-(subBits+1) (0.2 % by default) of the exact sample quantile (fast-check seed ${SEED})`, () => {
    // A value v in [2^e, 2^(e+1)) lands in a bucket of width 2^e / 2^subBits; the bucket's middle is
    // within half a width of v, so the relative error is at most 2^-(subBits+1): 1/512 ~ 0.195 % for
    // the default 8 bits. Clamping to the exact min and max only moves the answer closer.
    fc.assert(
      fc.property(valuesArb, fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const h = recordAll(new Histogram(), values);
        const s = [...values].sort(ascending);
        for (const p of [...QS, q]) {
          const exact = exactQuantile(s, p);
          const error = Math.abs(h.quantile(p) - exact);
          expect(error).toBeLessThanOrEqual(exact * 2 ** -9);
          expect(error).toBeLessThanOrEqual(exact * 0.002);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it(`Histogram.quantile answers the clamped middle of the bucket holding the exact quantile, low or high q (fast-check seed ${SEED})`, () => {
    // A high quantile is found from the top bucket down, a low one from the bottom up: both must land
    // on the bucket of the ceil(q n)-th smallest value. The bucket is computed here from the value.
    const middleOfBucket = (v: number, subBits: number): number => {
      if (v === 0) return 0;
      let e = Math.floor(Math.log2(v));
      // Math.log2 rounds a value just under a power of two up to it.
      if (2 ** e > v) e--;
      const width = 2 ** e / 2 ** subBits;
      return 2 ** e + (Math.floor((v - 2 ** e) / width) + 0.5) * width;
    };
    fc.assert(
      fc.property(valuesArb, fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const h = recordAll(new Histogram(), values);
        const s = [...values].sort(ascending);
        const min = s[0];
        const max = s[s.length - 1];
        for (const p of [...QS.slice(0, -1), q]) {
          if (p >= 1) continue; // the exact max, tested apart
          const expected = Math.min(max, Math.max(min, middleOfBucket(exactQuantile(s, p), 8)));
          expect(h.quantile(p)).toBe(expected);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it(`Histogram.quantile error bound holds for other subBits (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(valuesArb, fc.integer({ min: 1, max: 12 }), (values, subBits) => {
        const h = recordAll(new Histogram(subBits), values);
        const s = [...values].sort(ascending);
        for (const p of QS) {
          const exact = exactQuantile(s, p);
          expect(Math.abs(h.quantile(p) - exact)).toBeLessThanOrEqual(exact * 2 ** -(subBits + 1));
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('Histogram.quantile(1) is the exact max, and quantile(0) is within the bound of the exact min', () => {
    const h = recordAll(new Histogram(), [1.2345678, 98765.4321, 3.3333333]);
    expect(h.quantile(1)).toBe(98765.4321);
    expect(h.quantile(1.5)).toBe(98765.4321);
    expect(Math.abs(h.quantile(0) - 1.2345678)).toBeLessThanOrEqual(1.2345678 * 2 ** -9);
  });

  it('Histogram with a single value answers every quantile with that value exactly', () => {
    // The bucket's middle is clamped to [min, max] = [v, v].
    const h = recordAll(new Histogram(), [123.456]);
    for (const q of QS) expect(h.quantile(q)).toBe(123.456);
  });

  it('Histogram records zeros exactly', () => {
    const h = recordAll(new Histogram(), [0, 0, 0, 5]);
    expect(h.quantile(0)).toBe(0);
    expect(h.quantile(0.75)).toBe(0);
    expect(h.quantile(0.76)).toBe(5); // the bucket's middle, 5.0078, clamped to the max
    expect(h.quantile(1)).toBe(5);
    expect(h.min).toBe(0);
    expect(h.mean).toBe(1.25);
    expect(h.cdf(0)).toBe(0.75);
  });

  it('Histogram puts values below `lowest` with zero: their quantiles are off by less than `lowest`', () => {
    const lowest = 2 ** -20;
    const values = [1e-9, 3e-9, 5e-9, 2e-7];
    const h = recordAll(new Histogram(), values);
    expect(h.min).toBe(1e-9);
    expect(h.max).toBe(2e-7);
    expect(h.quantile(1)).toBe(2e-7);
    const s = [...values].sort(ascending);
    for (const q of QS) expect(Math.abs(h.quantile(q) - exactQuantile(s, q))).toBeLessThan(lowest);
    // All four share bucket 0, so the cdf cannot tell them apart.
    expect(h.cdf(1e-9)).toBe(1);
    // Subnormals too.
    const tiny = recordAll(new Histogram(), [5e-324, 0]);
    expect(tiny.quantile(0.5)).toBe(0);
    expect(tiny.max).toBe(5e-324);
  });

  it('Histogram puts values above `highest` in the top bucket and still reports the exact max', () => {
    const h = recordAll(new Histogram(8, 2 ** -20, 2 ** 10), [1, 2 ** 12, 2 ** 20]);
    expect(h.quantile(1)).toBe(2 ** 20);
    expect(h.max).toBe(2 ** 20);
    // 2^12 and 2^20 share the top bucket ([2^11 - 4, 2^11) with this layout), so the cdf sees them together.
    expect(h.cdf(2 ** 12)).toBe(1);
    expect(h.cdf(1)).toBe(1 / 3);
  });

  it('Histogram.record counts a negative value as zero, in min and mean as well as in quantiles', () => {
    const h = recordAll(new Histogram(), [-3, 4]);
    expect(h.count).toBe(2);
    expect(h.min).toBe(0);
    expect(h.mean).toBe(2);
    expect(h.quantile(0)).toBe(0);
    expect(h.cdf(0)).toBe(0.5);
    const z = recordAll(new Histogram(), [0, 4]);
    for (const q of QS) expect(h.quantile(q)).toBe(z.quantile(q));
  });

  it(`Histogram.merge equals recording both sets of values (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(valueArb, { maxLength: 200, size: 'max' }),
        fc.array(valueArb, { maxLength: 200, size: 'max' }),
        (xs, ys) => {
          const merged = recordAll(new Histogram(), xs);
          merged.merge(recordAll(new Histogram(), ys));
          const both = recordAll(new Histogram(), [...xs, ...ys]);
          expect(merged.count).toBe(both.count);
          expect(merged.min).toBe(both.min); // NaN equals NaN for toBe (Object.is)
          expect(merged.max).toBe(both.max);
          // The sums are added in another order, so allow float rounding (a few ulps of the total).
          if (both.count > 0) expect(Math.abs(merged.mean - both.mean)).toBeLessThanOrEqual(1e-12 * both.max);
          for (const q of QS) expectSame(merged.quantile(q), both.quantile(q));
          for (const v of [...xs, ...ys, 0, 1e-3, 1e9]) expectSame(merged.cdf(v), both.cdf(v));
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it(`Histogram.unmerge leaves what recording the rest gives, quantiles clamped to its bounds (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(valueArb, { maxLength: 200, size: 'max' }),
        fc.array(valueArb, { maxLength: 200, size: 'max' }),
        fc.array(valueArb, { maxLength: 200, size: 'max' }),
        (xs, ys, zs) => {
          // A window of three slices lets its first go.
          const window = new Histogram();
          const first = recordAll(new Histogram(), xs);
          window.merge(first);
          window.merge(recordAll(new Histogram(), ys));
          window.merge(recordAll(new Histogram(), zs));
          window.unmerge(first);
          const rest = recordAll(new Histogram(), [...ys, ...zs]);
          expect(window.count).toBe(rest.count);
          if (rest.count === 0) {
            // Empty again: exact bounds (none), as a new histogram.
            expect([window.min, window.max, window.quantile(0.5)]).toEqual([NaN, NaN, NaN]);
            return;
          }
          expect(Math.abs(window.mean - rest.mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, rest.max));
          const clamp = (x: number) => Math.min(rest.max, Math.max(rest.min, x));
          for (const q of QS.filter((q) => q < 1)) expectSame(clamp(window.quantile(q)), rest.quantile(q));
          for (const v of [...ys, ...zs, 0, 1e-3, 1e9]) expectSame(window.cdf(v), rest.cdf(v));
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('Histogram.merge refuses a histogram of another layout', () => {
    expect(() => new Histogram(8).merge(new Histogram(7))).toThrow('histogram layouts differ');
  });

  it('Histogram.reset forgets every value, and the histogram then works as a new one', () => {
    const h = recordAll(new Histogram(), [1, 2, 3, 1e6]);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.mean).toBeNaN();
    expect(h.min).toBeNaN();
    expect(h.max).toBeNaN();
    expect(h.quantile(0.5)).toBeNaN();
    const values = [7, 0.5, 20];
    recordAll(h, values);
    const fresh = recordAll(new Histogram(), values);
    expect([h.count, h.mean, h.min, h.max]).toEqual([fresh.count, fresh.mean, fresh.min, fresh.max]);
    for (const q of QS) expect(h.quantile(q)).toBe(fresh.quantile(q));
    expect(h.cdf(1e6)).toBe(1);
  });

  it(`Histogram.cdf is monotone, 1 at the max and brackets the exact share (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(valuesArb, fc.array(magnitudeArb, { maxLength: 50, size: 'max' }), (values, probes) => {
        const h = recordAll(new Histogram(), values);
        const n = values.length;
        const sorted = [...values].sort(ascending);
        const points = [...probes, ...values, 0].sort(ascending);
        let previous = 0;
        // Each expect is made only when its comparison fails: there are over 100,000 of them.
        for (const v of points) {
          const c = h.cdf(v);
          if (!(c >= previous)) expect(c).toBeGreaterThanOrEqual(previous);
          previous = c;
          // The cdf counts v's whole bucket: every value <= v, and maybe some up to one bucket width
          // (at most v 2^-8) above it. The tiny extra factor absorbs rounding of the upper limit.
          const atOrBelow = countAtMost(sorted, v) / n;
          const upper = v * (1 + 2 ** -8) * (1 + 2 ** -50);
          const withinBucket = countAtMost(sorted, upper) / n;
          if (!(c >= atOrBelow)) expect(c).toBeGreaterThanOrEqual(atOrBelow);
          if (!(c <= withinBucket)) expect(c).toBeLessThanOrEqual(withinBucket);
        }
        expect(h.cdf(h.max)).toBe(1);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
