import { describe, expect, test } from 'vitest';
import { createSeriesStore, OUTCOME_COUNT, seriesStoreOf } from '../../../src/ui/charts/series';
import { frame } from './frames';

describe('createSeriesStore', () => {
  test('add(frame) turns counts into rates per second of the slice', () => {
    const store = createSeriesStore(1);
    store.add(frame({ from: 0, to: 500, answered: [40, 1, 2, 3, 4], latency: [4, 9, 20] }));
    store.add(frame({ from: 500, to: 1500, answered: [100, 0, 0, 10, 0], latency: [5, 12, 30] }));
    const s = store.series(0);
    expect(s.length).toBe(2);
    expect(Array.from(s.start.subarray(0, 2))).toEqual([0, 500]);
    expect(Array.from(s.end.subarray(0, 2))).toEqual([500, 1500]);
    expect(OUTCOME_COUNT).toBe(5);
    expect(Array.from(s.rate.subarray(0, 10))).toEqual([80, 2, 4, 6, 8, 100, 0, 0, 10, 0]);
    expect(Array.from(s.p50.subarray(0, 2))).toEqual([4, 5]);
    expect(Array.from(s.p90.subarray(0, 2))).toEqual([9, 12]);
    expect(Array.from(s.p99.subarray(0, 2))).toEqual([20, 30]);
  });

  test('retry amplification is attempts / (attempts - retries), NaN without a first try', () => {
    const store = createSeriesStore(1);
    store.add(frame({ from: 0, to: 100, attempts: 30, retries: 10 }));
    store.add(frame({ from: 100, to: 200, attempts: 0, retries: 0 }));
    store.add(frame({ from: 200, to: 300, attempts: 4, retries: 4 }));
    store.add(frame({ from: 300, to: 400, attempts: 8, retries: 0 }));
    expect(Array.from(store.series(0).amplification.subarray(0, 4))).toEqual([1.5, NaN, NaN, 1]);
    expect(store.amplificationExtent()).toEqual([1, 1.5]);
    // The counts stay, so that a view can aggregate over several slices.
    expect(Array.from(store.series(0).attempts.subarray(0, 4))).toEqual([30, 0, 4, 8]);
    expect(Array.from(store.series(0).retries.subarray(0, 4))).toEqual([10, 0, 4, 0]);
  });

  test('slices without answers keep NaN percentiles and leave the latency extent alone', () => {
    const store = createSeriesStore(1);
    store.add(frame({ from: 0, to: 100 }));
    expect(store.latencyExtent()).toEqual([NaN, NaN]);
    store.add(frame({ from: 100, to: 200, answered: [1, 0, 0, 0, 0], latency: [0, 3, 7] }));
    // Zero is no lower end for a log axis: the smallest positive value is.
    expect(store.latencyExtent()).toEqual([3, 7]);
    expect(Number.isNaN(store.series(0).p50[0])).toBe(true);
  });

  test('columns grow past their first capacity and keep every row', () => {
    const store = createSeriesStore(1);
    for (let i = 0; i < 1000; i++) {
      store.add(
        frame({
          from: i * 10,
          to: (i + 1) * 10,
          answered: [i, 0, 0, 0, 0],
          latency: [i + 1, i + 2, i + 3],
          attempts: i,
          retries: i % 3,
        }),
      );
    }
    const s = store.series(0);
    expect([s.attempts[0], s.attempts[999], s.retries[998], s.retries[999]]).toEqual([0, 999, 2, 0]);
    expect(s.length).toBe(1000);
    expect(s.end[999]).toBe(10_000);
    expect(s.rate[999 * OUTCOME_COUNT]).toBe(99_900);
    expect(s.p99[999]).toBe(1002);
    expect(store.rateExtent()).toEqual([0, 99_900]);
    expect(store.latencyExtent()).toEqual([1, 1002]);
  });

  test('upTo(variant, t) counts the slices that end at or before t', () => {
    const store = createSeriesStore(2);
    for (let i = 0; i < 5; i++) store.add(frame({ from: i * 100, to: (i + 1) * 100 }));
    expect(store.upTo(0, -1)).toBe(0);
    expect(store.upTo(0, 99.9)).toBe(0);
    expect(store.upTo(0, 100)).toBe(1);
    expect(store.upTo(0, 250)).toBe(2);
    expect(store.upTo(0, 500)).toBe(5);
    expect(store.upTo(0, 1e9)).toBe(5);
    expect(store.upTo(1, 1e9)).toBe(0);
  });

  test('extents per variant and over all variants', () => {
    const store = createSeriesStore(2);
    store.add(frame({ variant: 0, from: 0, to: 1000, answered: [10, 0, 0, 0, 0], latency: [2, 4, 8] }));
    store.add(frame({ variant: 0, from: 1000, to: 2000, answered: [30, 0, 0, 0, 2], latency: [3, 5, 9] }));
    store.add(frame({ variant: 1, from: 0, to: 1000, answered: [20, 0, 0, 0, 0], latency: [6, 40, 90] }));
    expect(store.timeExtent()).toEqual([0, 2000]);
    expect(store.timeExtent(1)).toEqual([0, 1000]);
    expect(store.latencyExtent(0)).toEqual([2, 9]);
    expect(store.latencyExtent()).toEqual([2, 90]);
    expect(store.rateExtent(0)).toEqual([10, 32]);
    expect(store.rateExtent()).toEqual([10, 32]);
    expect(store.amplificationExtent()).toEqual([NaN, NaN]);
  });

  test('a frame that starts before the end of its variant’s last one is a restart: all variants clear', () => {
    const store = createSeriesStore(2);
    store.add(frame({ variant: 0, from: 0, to: 100 }));
    store.add(frame({ variant: 0, from: 100, to: 200 }));
    store.add(frame({ variant: 1, from: 0, to: 100 }));
    const before = store.version;
    store.add(frame({ variant: 0, from: 0, to: 100, answered: [5, 0, 0, 0, 0] }));
    expect(store.series(0).length).toBe(1);
    expect(store.series(1).length).toBe(0);
    expect(store.series(0).rate[0]).toBe(50);
    expect(store.version).toBeGreaterThan(before);
  });

  test('a later gap is no restart', () => {
    const store = createSeriesStore(1);
    store.add(frame({ from: 0, to: 100 }));
    store.add(frame({ from: 300, to: 400 }));
    expect(store.series(0).length).toBe(2);
  });

  test('clear() forgets every row and bumps the version', () => {
    const store = createSeriesStore(1);
    store.add(frame({ from: 0, to: 100, answered: [1, 0, 0, 0, 0], latency: [1, 2, 3] }));
    const v = store.version;
    store.clear();
    expect(store.version).toBe(v + 1);
    expect(store.series(0).length).toBe(0);
    expect(store.timeExtent()).toEqual([NaN, NaN]);
    expect(store.latencyExtent()).toEqual([NaN, NaN]);
    expect(store.rateExtent()).toEqual([NaN, NaN]);
  });

  test('errors name the bad value', () => {
    expect(() => createSeriesStore(0)).toThrow('variants must be a positive integer, got 0');
    const store = createSeriesStore(2);
    expect(() => store.add(frame({ variant: 2, from: 0, to: 1 }))).toThrow(
      'frame.variant must be an integer in 0..1, got 2',
    );
    expect(() => store.add(frame({ from: 5, to: 5 }))).toThrow(
      'frame.to must be after frame.from, got [5, 5)',
    );
    expect(() => store.upTo(3, 0)).toThrow('variant must be an integer in 0..1, got 3');
  });
});

describe('seriesStoreOf', () => {
  test("holds every slice of a run's series, a variant per series, as the frames would", () => {
    const run = (attempts: number) => ({
      length: 2,
      from: Float64Array.from([0, 100]),
      to: Float64Array.from([100, 200]),
      answered: Int32Array.from([3, 0, 1, 0, 0, 4, 0, 0, 2, 0]),
      latency: Float64Array.from([NaN, NaN, NaN, 5, 9, 12]),
      attempts: Float64Array.from([attempts, 6]),
      retries: Float64Array.from([1, 0]),
    });
    const store = seriesStoreOf([run(4), run(8)]);
    expect(store.variants).toBe(2);
    const s = store.series(1);
    expect(s.length).toBe(2);
    expect(Array.from(s.end.subarray(0, 2))).toEqual([100, 200]);
    // 3 ok and a 429 in 100 ms: 30 and 10 a second.
    expect(Array.from(s.rate.subarray(0, 5))).toEqual([30, 0, 10, 0, 0]);
    expect([s.p50[1], s.p90[1], s.p99[1]]).toEqual([5, 9, 12]);
    expect(Number.isNaN(s.p50[0])).toBe(true);
    expect(Array.from(s.attempts.subarray(0, 2))).toEqual([8, 6]);
    expect(store.upTo(0, Infinity)).toBe(2);
    expect(seriesStoreOf([]).variants).toBe(1);
  });
});
