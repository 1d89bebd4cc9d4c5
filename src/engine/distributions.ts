import type { Uniform } from './random';

/**
 * A distribution as a scenario states it (values in ms). The same shape as the scenario's `Dist`; the
 * engine declares its own so that it imports nothing from the layers above it.
 */
export type DistributionSpec =
  | { readonly dist: 'constant'; readonly value: number }
  | { readonly dist: 'exponential'; readonly mean: number }
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number }
  | { readonly dist: 'lognormal'; readonly median: number; readonly p99: number }
  | { readonly dist: 'lognormal'; readonly mean: number; readonly sd: number }
  | { readonly dist: 'pareto'; readonly min: number; readonly alpha: number };

/** z such that P(Z <= z) = 0.99 for a standard normal Z. */
const Z99 = 2.3263478740408408;

const CONSTANT = 0;
const EXPONENTIAL = 1;
const UNIFORM = 2;
const LOGNORMAL = 3;
const PARETO = 4;

/**
 * Draws from one distribution. One class with a kind tag rather than a class per kind, so the call
 * site in the model stays monomorphic; parameters are precomputed once here.
 */
export class Sampler {
  private readonly kind: number;
  private readonly p1: number;
  private readonly p2: number;
  /** Mean of the distribution, ms (Infinity for a Pareto with alpha <= 1). */
  readonly mean: number;

  constructor(spec: DistributionSpec) {
    switch (spec.dist) {
      case 'constant':
        this.kind = CONSTANT;
        this.p1 = spec.value;
        this.p2 = 0;
        this.mean = spec.value;
        break;
      case 'exponential':
        this.kind = EXPONENTIAL;
        this.p1 = spec.mean;
        this.p2 = 0;
        this.mean = spec.mean;
        break;
      case 'uniform':
        this.kind = UNIFORM;
        this.p1 = spec.min;
        this.p2 = spec.max - spec.min;
        this.mean = (spec.min + spec.max) / 2;
        break;
      case 'lognormal': {
        // p1 = mu, p2 = sigma of the underlying normal.
        this.kind = LOGNORMAL;
        if ('median' in spec) {
          this.p1 = Math.log(spec.median);
          this.p2 = Math.log(spec.p99 / spec.median) / Z99;
        } else {
          const variance = Math.log(1 + (spec.sd * spec.sd) / (spec.mean * spec.mean));
          this.p1 = Math.log(spec.mean) - variance / 2;
          this.p2 = Math.sqrt(variance);
        }
        this.mean = Math.exp(this.p1 + (this.p2 * this.p2) / 2);
        break;
      }
      case 'pareto':
        this.kind = PARETO;
        this.p1 = spec.min;
        this.p2 = 1 / spec.alpha;
        this.mean = spec.alpha > 1 ? (spec.alpha * spec.min) / (spec.alpha - 1) : Infinity;
        break;
    }
  }

  /** True when every draw is the same value (no randomness is consumed). */
  get isConstant(): boolean {
    return this.kind === CONSTANT;
  }

  /** One draw, using `random` for its randomness. */
  sample(random: Uniform): number {
    switch (this.kind) {
      case CONSTANT:
        return this.p1;
      case EXPONENTIAL:
        return -this.p1 * Math.log(1 - random());
      case UNIFORM:
        return this.p1 + this.p2 * random();
      case LOGNORMAL:
        return Math.exp(this.p1 + this.p2 * standardNormal(random));
      default:
        return this.p1 / Math.pow(1 - random(), this.p2);
    }
  }
}

/** A standard normal draw by Box-Muller; uses two uniforms and keeps no state between calls. */
export function standardNormal(random: Uniform): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Mean of a distribution spec, ms. */
export function meanOf(spec: DistributionSpec): number {
  return new Sampler(spec).mean;
}

/**
 * Zipf over keys 0 .. count-1: P(k) proportional to 1 / (k + 1)^exponent. The cumulative weights are
 * computed once; a draw is a binary search.
 */
export class ZipfSampler {
  private readonly cdf: Float64Array;

  constructor(
    readonly count: number,
    readonly exponent: number,
  ) {
    this.cdf = new Float64Array(count);
    let total = 0;
    for (let k = 0; k < count; k++) {
      total += 1 / Math.pow(k + 1, exponent);
      this.cdf[k] = total;
    }
    for (let k = 0; k < count; k++) this.cdf[k] /= total;
  }

  /** Probability of key `k`. */
  probability(k: number): number {
    return k === 0 ? this.cdf[0] : this.cdf[k] - this.cdf[k - 1];
  }

  /** One key. */
  sample(random: Uniform): number {
    const u = random();
    const cdf = this.cdf;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
