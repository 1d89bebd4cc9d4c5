import { describe, expect, it } from 'vitest';
import { TimeSeries } from '../../src/engine/time-series';

describe('TimeSeries', () => {
  it('TimeSeries.add sums into the bucket holding t, buckets being [i w, (i+1) w)', () => {
    const ts = new TimeSeries(['ok', 'failed']);
    expect(ts.bucketMs).toBe(1000);
    expect(ts.length).toBe(0);
    ts.add(0, 0);
    ts.add(0, 999.999);
    ts.add(0, 1000);
    ts.add(1, 2500, 3);
    ts.add(1, 2999, 0.5);
    expect(ts.length).toBe(3);
    expect(Array.from(ts.column(0))).toEqual([2, 1, 0]);
    expect(Array.from(ts.column(1))).toEqual([0, 0, 3.5]);
  });

  it('TimeSeries.length counts up to the latest bucket touched, gaps included', () => {
    const ts = new TimeSeries(['a'], 100);
    ts.add(0, 450);
    expect(ts.length).toBe(5);
    ts.add(0, 10); // an earlier bucket does not shorten the series
    expect(ts.length).toBe(5);
    expect(Array.from(ts.column(0))).toEqual([1, 0, 0, 0, 1]);
  });

  it('TimeSeries.add grows every column past the initial 64 buckets and keeps earlier sums', () => {
    const ts = new TimeSeries(['a', 'b', 'c'], 10);
    for (let i = 0; i < 64; i++) ts.add(0, 10 * i, i);
    ts.add(2, 10 * 1000 + 5, 7); // bucket 1000: several doublings at once
    expect(ts.length).toBe(1001);
    const a = ts.column(0);
    const b = ts.column(1);
    const c = ts.column(2);
    expect([a.length, b.length, c.length]).toEqual([1001, 1001, 1001]);
    for (let i = 0; i < 64; i++) expect(a[i]).toBe(i);
    expect(a.subarray(64).every((v) => v === 0)).toBe(true);
    expect(b.every((v) => v === 0)).toBe(true);
    expect(c[1000]).toBe(7);
    // Adding into a grown column still works for all columns.
    ts.add(1, 10 * 999, 2);
    expect(ts.column(1)[999]).toBe(2);
  });

  it('TimeSeries.column is a Float64Array view of buckets 0 .. length-1', () => {
    const ts = new TimeSeries(['a']);
    ts.add(0, 1500, 4);
    const col = ts.column(0);
    expect(col).toBeInstanceOf(Float64Array);
    expect(col.length).toBe(2);
    // A view, not a copy: it shares the series' buffer (so it is cheap to take each frame), and a
    // later add to an existing bucket shows through it.
    ts.add(0, 1200, 1);
    expect(col[1]).toBe(5);
  });
});
