import { grow } from './event-queue';

/**
 * Per-bucket sums of named columns over simulated time (default bucket 1 s), e.g. completions by
 * status class each second. Columns are typed arrays that grow with time, so a frame can be sent
 * across a worker boundary without copying object graphs.
 */
export class TimeSeries {
  private readonly data: Float64Array[];
  private buckets = 0;

  /**
   * @param columns names of the columns, in order
   * @param bucketMs width of one bucket, ms
   */
  constructor(
    readonly columns: readonly string[],
    readonly bucketMs = 1000,
  ) {
    this.data = columns.map(() => new Float64Array(64));
  }

  /** Number of buckets that have received a value. */
  get length(): number {
    return this.buckets;
  }

  /** Adds `amount` to column `column` (an index into `columns`) in the bucket holding time `t`. */
  add(column: number, t: number, amount = 1): void {
    this.addAt(column, this.bucketOf(t), amount);
  }

  /** The bucket holding time `t`, for `addAt`: one division for several columns at one time. */
  bucketOf(t: number): number {
    return Math.floor(t / this.bucketMs);
  }

  /** Adds `amount` to column `column` in bucket `bucket` (from `bucketOf`). */
  addAt(column: number, bucket: number, amount: number): void {
    if (bucket >= this.data[column].length) this.growTo(bucket + 1);
    this.data[column][bucket] += amount;
    if (bucket >= this.buckets) this.buckets = bucket + 1;
  }

  /** A column's values for buckets 0 .. length-1. */
  column(column: number): Float64Array {
    return this.data[column].subarray(0, this.buckets);
  }

  private growTo(n: number): void {
    let size = this.data[0].length;
    while (size < n) size *= 2;
    for (let i = 0; i < this.data.length; i++) this.data[i] = grow(this.data[i], size);
  }
}
