/** Scratch for reading a float's bits: `BITS` views `SCRATCH`'s 8 bytes as two 32-bit words. */
const SCRATCH = new Float64Array(1);
const BITS = new Uint32Array(SCRATCH.buffer);

/**
 * A log-linear (HDR-style) histogram of non-negative values such as latencies in ms.
 *
 * Each power of two is split into 2^subBits linear buckets, so every recorded value lands in a bucket
 * whose width is at most 2^-subBits of the value: with the default 8 bits a percentile is within 0.2 %
 * (half a bucket) of the exact sample percentile. The bucket index is read straight from the float's
 * exponent and top mantissa bits, so recording costs a few integer operations.
 * Count, sum, min and max are exact; memory does not grow with the number of values.
 *
 * A power of two's buckets are allocated when a value first lands in it: latencies fill a few of the
 * 61 powers of two of the default range, and a simulation keeps hundreds of these histograms (one a
 * component, an edge and a mesh edge), which at 125 kB each cost a large mesh's run some 30 MB of
 * zeroed memory.
 */
export class Histogram {
  readonly subBits: number;
  /** Buckets of one power of two. */
  private readonly width: number;
  /** Each power of two's buckets, from `minExponent`; undefined until a value lands there. */
  private readonly chunks: (Float64Array | undefined)[];
  /** Bucket 0: zero and values below `lowest`. */
  private zeros = 0;
  /** Buckets in all, bucket 0 included: bucket i > 0 is chunk (i - 1) >> subBits. */
  private readonly buckets: number;
  /** Smallest and largest biased exponent with a bucket of their own. */
  private readonly minExponent: number;
  private readonly maxExponent: number;
  private total = 0;
  private sum = 0;
  private minimum = Infinity;
  private maximum = -Infinity;

  /**
   * @param subBits linear buckets per power of two, as a power of two (default 8: 256 buckets)
   * @param lowest smallest value told apart from zero (default 2^-20 ms, about 1 ns)
   * @param highest largest value with its own bucket; larger ones share the top bucket (default 2^40 ms)
   */
  constructor(subBits = 8, lowest = 2 ** -20, highest = 2 ** 40) {
    this.subBits = subBits;
    this.width = 1 << subBits;
    this.minExponent = Math.floor(Math.log2(lowest)) + 1023;
    this.maxExponent = Math.floor(Math.log2(highest)) + 1023;
    const exponents = this.maxExponent - this.minExponent + 1;
    this.chunks = new Array<Float64Array | undefined>(exponents).fill(undefined);
    this.buckets = 1 + exponents * this.width;
  }

  /** Number of values recorded. */
  get count(): number {
    return this.total;
  }

  /** Exact mean; NaN when empty. */
  get mean(): number {
    return this.total > 0 ? this.sum / this.total : NaN;
  }

  /** Exact smallest value; NaN when empty. */
  get min(): number {
    return this.total > 0 ? this.minimum : NaN;
  }

  /** Exact largest value; NaN when empty. */
  get max(): number {
    return this.total > 0 ? this.maximum : NaN;
  }

  /** Records one value (negative values count as zero). */
  record(value: number): void {
    // Clamp here, not only in the bucket index, so that min, mean and the quantiles agree.
    if (value < 0) value = 0;
    const index = this.indexOf(value);
    if (index === 0) this.zeros++;
    else {
      const i = index - 1;
      (this.chunks[i >>> this.subBits] ??= new Float64Array(this.width))[i & (this.width - 1)]++;
    }
    this.total++;
    this.sum += value;
    if (value < this.minimum) this.minimum = value;
    if (value > this.maximum) this.maximum = value;
  }

  /** Adds every value of `other`, which must have the same layout. */
  merge(other: Histogram): void {
    this.combine(other, 1);
    if (other.total === 0) return;
    this.total += other.total;
    this.sum += other.sum;
    if (other.minimum < this.minimum) this.minimum = other.minimum;
    if (other.maximum > this.maximum) this.maximum = other.maximum;
  }

  /**
   * Takes away every value of `other`, which was merged into this one before (a sliding window lets
   * its oldest slice go): the buckets, count and sum are those of what is left, but its smallest and
   * largest value cannot be read from the buckets, so `min` and `max` stay as they were, bounds of
   * what is left rather than exact, until it is empty. A quantile clamped to the exact bounds of what
   * is left, known otherwise, is the quantile of a histogram merged anew from it.
   */
  unmerge(other: Histogram): void {
    this.combine(other, -1);
    if (other.total === 0) return;
    this.total -= other.total;
    this.sum -= other.sum;
    if (this.total === 0) {
      this.sum = 0;
      this.minimum = Infinity;
      this.maximum = -Infinity;
    }
  }

  /** Forgets every value. */
  reset(): void {
    // Only the powers of two between the smallest and largest value can hold anything (an empty
    // histogram holds nothing): a playback resets a hundred edges' histograms at every frame.
    if (this.total > 0) {
      this.zeros = 0;
      const last = this.chunkOf(this.maximum);
      for (let k = this.chunkOf(this.minimum); k <= last; k++) this.chunks[k]?.fill(0);
    }
    this.total = 0;
    this.sum = 0;
    this.minimum = Infinity;
    this.maximum = -Infinity;
  }

  /**
   * The value at quantile q (0..1): the middle of the bucket holding the ceil(q * count)-th smallest
   * value, clamped to the exact min and max. q = 1 gives the exact max. NaN when empty.
   */
  quantile(q: number): number {
    if (this.total === 0) return NaN;
    if (q >= 1) return this.maximum;
    // The epsilon keeps 0.07 * 100 = 7.000000000000001 at rank 7.
    const rank = Math.max(1, Math.ceil(q * this.total - 1e-9));
    // No bucket outside the smallest and largest value's holds anything: a high quantile is found
    // from the top down, a low one from the bottom up (a playback reads a p99 per edge every frame).
    if (rank > this.total / 2) return this.fromTop(this.total - rank + 1);
    const first = this.indexOf(this.minimum);
    let seen = 0;
    if (first === 0) {
      seen = this.zeros;
      if (seen >= rank) return Math.min(this.maximum, Math.max(this.minimum, 0));
    }
    const start = Math.max(0, first - 1);
    for (let k = start >>> this.subBits; k < this.chunks.length; k++) {
      const chunk = this.chunks[k];
      if (chunk === undefined) continue;
      for (let j = k === start >>> this.subBits ? start & (this.width - 1) : 0; j < this.width; j++) {
        seen += chunk[j];
        if (seen >= rank) return this.clampedMiddle(1 + k * this.width + j);
      }
    }
    return this.maximum;
  }

  /** The value of the bucket holding the `rankFromTop`-th largest value (1: the largest's), clamped. */
  private fromTop(rankFromTop: number): number {
    const last = this.indexOf(this.maximum);
    let seen = 0;
    if (last > 0) {
      const end = last - 1;
      for (let k = end >>> this.subBits; k >= 0; k--) {
        const chunk = this.chunks[k];
        if (chunk === undefined) continue;
        for (let j = k === end >>> this.subBits ? end & (this.width - 1) : this.width - 1; j >= 0; j--) {
          seen += chunk[j];
          if (seen >= rankFromTop) return this.clampedMiddle(1 + k * this.width + j);
        }
      }
    }
    return Math.min(this.maximum, Math.max(this.minimum, 0));
  }

  /** The middle of bucket `index`, clamped to the exact min and max. */
  private clampedMiddle(index: number): number {
    return Math.min(this.maximum, Math.max(this.minimum, this.bucketMiddle(index)));
  }

  /** Share of recorded values at or below `value` (bucket resolution). */
  cdf(value: number): number {
    if (this.total === 0) return NaN;
    const last = this.indexOf(value);
    let seen = this.zeros;
    if (last === 0) return seen / this.total;
    // Buckets 1..last in order, a power of two at a time: one that no value reached has no chunk,
    // and its 256 empty buckets are passed over at once.
    const lastChunk = (last - 1) >>> this.subBits;
    for (let k = 0; k <= lastChunk; k++) {
      const chunk = this.chunks[k];
      if (chunk === undefined) continue;
      const end = k === lastChunk ? ((last - 1) & (this.width - 1)) + 1 : this.width;
      for (let j = 0; j < end; j++) seen += chunk[j];
    }
    return seen / this.total;
  }

  /** Adds (`sign` 1) or takes away (-1) the buckets of `other`, a histogram of the same layout. */
  private combine(other: Histogram, sign: 1 | -1): void {
    if (other.buckets !== this.buckets || other.subBits !== this.subBits)
      throw new Error('histogram layouts differ');
    if (other.total === 0) return;
    this.zeros += sign * other.zeros;
    // Only the powers of two between `other`'s smallest and largest value hold anything.
    const last = other.chunkOf(other.maximum);
    for (let k = other.chunkOf(other.minimum); k <= last; k++) {
      const source = other.chunks[k];
      if (source === undefined) continue;
      const target = (this.chunks[k] ??= new Float64Array(this.width));
      for (let j = 0; j < this.width; j++) target[j] += sign * source[j];
    }
  }

  /** The power of two (chunk) holding `value`'s bucket; 0 for the zero bucket's values. */
  private chunkOf(value: number): number {
    const index = this.indexOf(value);
    return index === 0 ? 0 : (index - 1) >>> this.subBits;
  }

  private indexOf(value: number): number {
    if (!(value > 0)) return 0;
    SCRATCH[0] = value;
    const high = BITS[1]; // little-endian: word 1 holds sign, exponent and top mantissa bits
    const exponent = (high >>> 20) & 0x7ff;
    if (exponent < this.minExponent) return 0;
    if (exponent > this.maxExponent) return this.buckets - 1;
    const sub = (high & 0xfffff) >>> (20 - this.subBits);
    return 1 + ((exponent - this.minExponent) << this.subBits) + sub;
  }

  private bucketMiddle(index: number): number {
    if (index === 0) return 0;
    const i = index - 1;
    const exponent = (i >>> this.subBits) + this.minExponent - 1023;
    const sub = i & ((1 << this.subBits) - 1);
    const width = 2 ** exponent / (1 << this.subBits);
    return 2 ** exponent + (sub + 0.5) * width;
  }
}
