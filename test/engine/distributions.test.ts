import { describe, expect, it } from 'vitest';
import {
  meanOf,
  Sampler,
  standardNormal,
  ZipfSampler,
  type DistributionSpec,
} from '../../src/engine/distributions';
import { RandomStreams, type Uniform } from '../../src/engine/random';

/*
 * Statistical checks. Every check compares a sample statistic over N draws with its theoretical value,
 * allowing Z = 5 standard errors. The streams are seeded, so each run is the same run and the tests
 * cannot flake; the tolerance matters when a seed or N changes: with about 40 such checks here, the
 * chance that a correct sampler fails any of them is below 40 * 5.7e-7 (the two-sided normal tail
 * beyond 5 sigma), about 2e-5, while a wrong parameter (say sigma off by a few percent) fails by many
 * standard errors.
 *
 * Standard errors used (large-sample, i.i.d.):
 *   mean:       sigma / sqrt(N)
 *   variance:   sqrt((mu4 - sigma^4) / N), mu4 the 4th central moment (needs it finite)
 *   sd:         SE(variance) / (2 sigma), by the delta method
 *   p-quantile: sqrt(p (1 - p) / N) / f(x_p), f the density at the true quantile
 *   frequency:  sqrt(p (1 - p) / N)
 */
const N = 200_000;
const Z = 5;
const SEED = 20_240_611;

function streamFor(name: string): Uniform {
  return new RandomStreams(SEED).stream(name);
}

function draws(spec: DistributionSpec, name: string, n = N): Float64Array {
  const sampler = new Sampler(spec);
  const random = streamFor(name);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = sampler.sample(random);
  return xs;
}

/** Sample mean and unbiased sample variance (two passes, for accuracy). */
function moments(xs: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { mean, variance: ss / (xs.length - 1) };
}

/** Central moments (variance, 4th) from raw moments E[X^k], k = 1..4. */
function centralFromRaw(raw: (k: number) => number): { mean: number; variance: number; mu4: number } {
  const m = raw(1);
  const variance = raw(2) - m * m;
  const mu4 = raw(4) - 4 * m * raw(3) + 6 * m * m * raw(2) - 3 * m ** 4;
  return { mean: m, variance, mu4 };
}

/** Asserts the sample mean and variance of `xs` against theory, each within Z standard errors. */
function expectMoments(xs: Float64Array, theory: { mean: number; variance: number; mu4?: number }): void {
  const got = moments(xs);
  const n = xs.length;
  expect(Math.abs(got.mean - theory.mean)).toBeLessThan(Z * Math.sqrt(theory.variance / n));
  if (theory.mu4 !== undefined) {
    const seVariance = Math.sqrt((theory.mu4 - theory.variance ** 2) / n);
    expect(Math.abs(got.variance - theory.variance)).toBeLessThan(Z * seVariance);
  }
}

function sorted(xs: Float64Array): Float64Array {
  return Float64Array.from(xs).sort();
}

/** The ceil(p N)-th smallest value (nearest rank). */
function empiricalQuantile(sortedXs: Float64Array, p: number): number {
  return sortedXs[Math.max(1, Math.ceil(p * sortedXs.length)) - 1];
}

function share(xs: Float64Array, predicate: (x: number) => boolean): number {
  let k = 0;
  for (const x of xs) if (predicate(x)) k++;
  return k / xs.length;
}

function expectShare(observed: number, p: number, n = N): void {
  expect(Math.abs(observed - p)).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / n));
}

const phi = (z: number): number => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
const Z99 = 2.3263478740408408;

/** A Uniform that counts its calls and returns a fixed sequence (cycled). */
function scripted(values: number[]): Uniform & { calls: number } {
  const f = Object.assign(() => values[f.calls++ % values.length], { calls: 0 });
  return f;
}

describe('Sampler', () => {
  it('Sampler constant returns its value, reports isConstant and consumes no randomness', () => {
    const s = new Sampler({ dist: 'constant', value: 12.5 });
    const random = scripted([0.3]);
    for (let i = 0; i < 10; i++) expect(s.sample(random)).toBe(12.5);
    expect(random.calls).toBe(0);
    expect(s.isConstant).toBe(true);
    expect(s.mean).toBe(12.5);
  });

  it('Sampler.isConstant is false for every random kind, each of which draws once per sample', () => {
    const specs: DistributionSpec[] = [
      { dist: 'exponential', mean: 1 },
      { dist: 'uniform', min: 0, max: 1 },
      { dist: 'pareto', min: 1, alpha: 2 },
    ];
    for (const spec of specs) {
      const s = new Sampler(spec);
      const random = scripted([0.25]);
      s.sample(random);
      expect(s.isConstant).toBe(false);
      expect(random.calls).toBe(1);
    }
    // The lognormal draws a standard normal by Box-Muller: two uniforms.
    const random = scripted([0.25, 0.5]);
    new Sampler({ dist: 'lognormal', median: 1, p99: 2 }).sample(random);
    expect(random.calls).toBe(2);
  });

  it('Sampler.sample inverts the CDF of the exponential, uniform and pareto', () => {
    // u -> x with F(x) = u: exponential F = 1 - exp(-x/m), pareto F = 1 - (min/x)^alpha.
    const exp = new Sampler({ dist: 'exponential', mean: 4 });
    expect(exp.sample(scripted([1 - Math.exp(-1)]))).toBeCloseTo(4, 12);
    const uni = new Sampler({ dist: 'uniform', min: 2, max: 10 });
    expect(uni.sample(scripted([0]))).toBe(2);
    expect(uni.sample(scripted([0.5]))).toBe(6);
    const par = new Sampler({ dist: 'pareto', min: 3, alpha: 2 });
    expect(par.sample(scripted([0]))).toBe(3);
    expect(par.sample(scripted([0.75]))).toBeCloseTo(6, 12);
  });

  it('Sampler exponential has mean m, variance m^2 and P(X <= m) = 1 - 1/e', () => {
    const m = 25;
    const xs = draws({ dist: 'exponential', mean: m }, 'exponential');
    // Exponential: variance m^2, 4th central moment 9 m^4.
    expectMoments(xs, { mean: m, variance: m * m, mu4: 9 * m ** 4 });
    expect(share(xs, (x) => x < 0)).toBe(0);
    expectShare(
      share(xs, (x) => x <= m),
      1 - Math.exp(-1),
    );
    expect(new Sampler({ dist: 'exponential', mean: m }).mean).toBe(m);
  });

  it('Sampler uniform stays in [min, max) and has mean (min+max)/2 and variance w^2/12', () => {
    const [a, b] = [5, 45];
    const w = b - a;
    const xs = draws({ dist: 'uniform', min: a, max: b }, 'uniform');
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of xs) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    expect(lo).toBeGreaterThanOrEqual(a);
    expect(hi).toBeLessThan(b);
    // The extremes approach the bounds: P(min > a + 20 w / N) = (1 - 20/N)^N ~ e^-20.
    expect(lo - a).toBeLessThan((20 * w) / N);
    expect(b - hi).toBeLessThan((20 * w) / N);
    // Uniform: variance w^2/12, 4th central moment w^4/80.
    expectMoments(xs, { mean: (a + b) / 2, variance: (w * w) / 12, mu4: w ** 4 / 80 });
    expect(new Sampler({ dist: 'uniform', min: a, max: b }).mean).toBe(25);
  });

  it('Sampler lognormal median+p99 gives that empirical median and p99', () => {
    const median = 20;
    const p99 = 200;
    const xs = sorted(draws({ dist: 'lognormal', median, p99 }, 'lognormal:median'));
    const sigma = Math.log(p99 / median) / Z99;
    // Density of the lognormal at its p-quantile x_p = exp(mu + sigma z_p): phi(z_p) / (x_p sigma).
    const density = (x: number, z: number): number => phi(z) / (x * sigma);
    const seMedian = Math.sqrt(0.25 / N) / density(median, 0); // ~0.055 ms
    const seP99 = Math.sqrt((0.99 * 0.01) / N) / density(p99, Z99); // ~1.65 ms
    expect(Math.abs(empiricalQuantile(xs, 0.5) - median)).toBeLessThan(Z * seMedian);
    expect(Math.abs(empiricalQuantile(xs, 0.99) - p99)).toBeLessThan(Z * seP99);
    // And its mean is exp(mu + sigma^2 / 2), as reported.
    const mu = Math.log(median);
    const raw = (k: number): number => Math.exp(k * mu + (k * k * sigma * sigma) / 2);
    const theory = centralFromRaw(raw);
    expectMoments(xs, { mean: theory.mean, variance: theory.variance });
    expect(meanOf({ dist: 'lognormal', median, p99 })).toBeCloseTo(theory.mean, 10);
  });

  it('Sampler lognormal mean+sd gives that mean and sd', () => {
    const mean = 100;
    const sd = 50;
    const xs = draws({ dist: 'lognormal', mean, sd }, 'lognormal:mean');
    const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
    const mu = Math.log(mean) - sigma2 / 2;
    const theory = centralFromRaw((k) => Math.exp(k * mu + (k * k * sigma2) / 2));
    expect(theory.mean).toBeCloseTo(mean, 10);
    expect(theory.variance).toBeCloseTo(sd * sd, 8);
    const got = moments(xs);
    expect(Math.abs(got.mean - mean)).toBeLessThan((Z * sd) / Math.sqrt(N));
    const seSd = Math.sqrt((theory.mu4 - sd ** 4) / N) / (2 * sd); // ~0.15 ms
    expect(Math.abs(Math.sqrt(got.variance) - sd)).toBeLessThan(Z * seSd);
    expect(new Sampler({ dist: 'lognormal', mean, sd }).mean).toBeCloseTo(mean, 10);
  });

  it('Sampler pareto never goes below min and matches its mean and tail', () => {
    // alpha = 3: finite variance (alpha > 2), so the sample mean has a standard error; the 4th
    // moment is infinite, so the sample variance is not checked at this alpha.
    const min = 10;
    const alpha = 3;
    const xs = draws({ dist: 'pareto', min, alpha }, 'pareto:3');
    expect(share(xs, (x) => x < min)).toBe(0);
    const mean = (alpha * min) / (alpha - 1);
    const variance = (min * min * alpha) / ((alpha - 1) ** 2 * (alpha - 2));
    expectMoments(xs, { mean, variance });
    // Survival P(X > x) = (min / x)^alpha.
    expectShare(
      share(xs, (x) => x > 2 * min),
      1 / 8,
    );
    expectShare(
      share(xs, (x) => x > 5 * min),
      1 / 125,
    );
    expect(new Sampler({ dist: 'pareto', min, alpha }).mean).toBe(15);
  });

  it('Sampler pareto with alpha > 4 matches its variance too', () => {
    const min = 10;
    const alpha = 5;
    const xs = draws({ dist: 'pareto', min, alpha }, 'pareto:5');
    // E[X^k] = alpha min^k / (alpha - k) for k < alpha.
    expectMoments(
      xs,
      centralFromRaw((k) => (alpha * min ** k) / (alpha - k)),
    );
  });

  it('Sampler.mean is Infinity for a pareto with alpha <= 1', () => {
    expect(new Sampler({ dist: 'pareto', min: 1, alpha: 1 }).mean).toBe(Infinity);
    expect(new Sampler({ dist: 'pareto', min: 1, alpha: 0.5 }).mean).toBe(Infinity);
  });
});

describe('standardNormal', () => {
  it('standardNormal uses two uniforms and has mean 0, variance 1 and P(Z <= 1.96) = 0.975', () => {
    const random = streamFor('normal');
    const counting = Object.assign(() => (counting.calls++, random()), { calls: 0 });
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = standardNormal(counting);
    expect(counting.calls).toBe(2 * N);
    // Normal: 4th central moment 3.
    expectMoments(xs, { mean: 0, variance: 1, mu4: 3 });
    expectShare(
      share(xs, (x) => x <= 1.959963984540054),
      0.975,
    );
    expect(xs.every(Number.isFinite)).toBe(true);
  });
});

describe('ZipfSampler', () => {
  it('ZipfSampler.probability sums to 1 and falls as 1/(k+1)^s', () => {
    for (const [count, s] of [
      [1, 1],
      [10, 0.8],
      [1000, 1],
      [5000, 1.2],
    ]) {
      const zipf = new ZipfSampler(count, s);
      let total = 0;
      for (let k = 0; k < count; k++) total += zipf.probability(k);
      expect(total).toBeCloseTo(1, 12);
      for (const k of [1, Math.floor(count / 2), count - 1]) {
        if (k <= 0 || k >= count) continue;
        expect(zipf.probability(k) / zipf.probability(0)).toBeCloseTo(1 / (k + 1) ** s, 10);
      }
    }
  });

  it('ZipfSampler with exponent 0 is uniform over the keys', () => {
    const zipf = new ZipfSampler(8, 0);
    for (let k = 0; k < 8; k++) expect(zipf.probability(k)).toBeCloseTo(1 / 8, 15);
  });

  it('ZipfSampler.sample draws keys in range with the frequencies of probability(k)', () => {
    const count = 1000;
    const zipf = new ZipfSampler(count, 1);
    const random = streamFor('zipf');
    const hits = new Float64Array(count);
    let outOfRange = 0;
    for (let i = 0; i < N; i++) {
      const k = zipf.sample(random);
      if (Number.isInteger(k) && k >= 0 && k < count) hits[k]++;
      else outOfRange++;
    }
    expect(outOfRange).toBe(0);
    // The ten most popular keys each within Z binomial standard errors of probability(k).
    for (let k = 0; k < 10; k++) expectShare(hits[k] / N, zipf.probability(k));
    // And the long tail as a whole.
    let tail = 0;
    let tailP = 0;
    for (let k = 100; k < count; k++) {
      tail += hits[k];
      tailP += zipf.probability(k);
    }
    expectShare(tail / N, tailP);
  });

  it('ZipfSampler.sample maps the uniform through the CDF, including its ends', () => {
    const zipf = new ZipfSampler(4, 1);
    expect(zipf.sample(() => 0)).toBe(0);
    expect(zipf.sample(() => 1 - 2 ** -53)).toBe(3);
    // Just below and at the first CDF step: P(0) = 1 / H_4 = 12/25.
    expect(zipf.sample(() => 0.47)).toBe(0);
    expect(zipf.sample(() => 0.49)).toBe(1);
    // Key k takes u in [cdf(k-1), cdf(k)): a u exactly on a step belongs to the next key.
    const step = zipf.probability(0);
    expect(zipf.sample(() => step)).toBe(1);
  });
});
