/**
 * Confidence intervals of a mean over independent replications: Student's t, two-sided 95 %.
 * Used for the mean of a figure over seeds and for the mean of paired differences between variants
 * run on the same seeds (common random numbers make those differences far less noisy).
 */

/** A mean with the half-width of its 95 % interval (NaN with fewer than two values). */
export interface Estimate {
  readonly mean: number;
  readonly halfWidth: number;
  /** Values it was estimated from. */
  readonly n: number;
}

// t(0.975, df) for df = 1..30, from the standard tables.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z975 = 1.959964;

/** The 97.5th percentile of Student's t with `df` degrees of freedom (df >= 1). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df <= T975.length) return T975[Math.floor(df) - 1];
  // Cornish-Fisher expansion; within 0.001 of the table beyond 30 degrees of freedom.
  const z = Z975;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** The mean of `values` and its 95 % half-width; NaN values are left out. */
export function estimateMean(values: readonly number[]): Estimate {
  const xs = values.filter((x) => !Number.isNaN(x));
  const n = xs.length;
  if (n === 0) return { mean: NaN, halfWidth: NaN, n };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, halfWidth: NaN, n };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, halfWidth: tQuantile975(n - 1) * Math.sqrt(variance / n), n };
}
