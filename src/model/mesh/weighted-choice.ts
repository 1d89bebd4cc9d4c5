/**
 * A choice among entries by weight, from one uniform draw: the traffic split of a VirtualService
 * (`weight / sum`), a canary's subsets, a mirror's share. The cumulative table is built once;
 * `pick` is a binary search with no allocation.
 *
 * Entry i covers `[c(i-1), c(i))` of `[0, total)`, where c is the running sum of the weights, and
 * `pick(u)` returns the entry whose interval holds `u x total`. A zero-weight entry covers an empty
 * interval and is never picked, whatever `u`. Draws at or past the edges (u < 0, or u x total rounding
 * up to total) go to the first or the last entry of positive weight.
 */
export class WeightedChoice {
  /** Number of entries. */
  readonly count: number;
  /** Sum of the weights, > 0. */
  readonly total: number;
  // cumulative[i]: sum of weights 0..i.
  private readonly cumulative: Float64Array;
  private readonly first: number;
  private readonly last: number;

  /** `weights`: one finite number >= 0 per entry, at least one of them > 0. */
  constructor(weights: readonly number[]) {
    if (!Array.isArray(weights) || weights.length === 0) {
      throw new RangeError('weights: expected at least one weight');
    }
    const n = weights.length;
    this.cumulative = new Float64Array(n);
    let sum = 0;
    let first = -1;
    let last = -1;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        throw new RangeError(`weights.${i}: expected a finite number of 0 or more, got ${String(w)}`);
      }
      if (w > 0) {
        if (first < 0) first = i;
        last = i;
      }
      sum += w;
      this.cumulative[i] = sum;
    }
    if (first < 0) throw new RangeError(`weights: expected a positive sum, got ${weights.join(', ')}`);
    this.count = n;
    this.total = sum;
    this.first = first;
    this.last = last;
  }

  /** The entry that the uniform draw `u` (in [0, 1)) lands on. */
  pick(u: number): number {
    const x = u * this.total;
    if (!(x >= 0)) return this.first;
    const c = this.cumulative;
    // The first i with c[i] > x: a zero-weight entry has c[i] === c[i - 1], so never comes first.
    let lo = 0;
    let hi = this.count - 1;
    if (!(c[hi] > x)) return this.last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The share of draws that entry `i` receives, `weight / total`. */
  share(i: number): number {
    return (this.cumulative[i] - (i === 0 ? 0 : this.cumulative[i - 1])) / this.total;
  }
}
