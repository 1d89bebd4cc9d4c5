import { describe, expect, test } from 'vitest';
import { createSimulationApi } from '../../src/worker/simulation';
import { twoReplicas } from '../support/two-replicas';

const TEXT = twoReplicas('2s', '');

describe("the worker's run and the series of the charts over time", () => {
  test('asked for, each variant has its whole run slice by slice, and the report is the same', () => {
    const api = createSimulationApi();
    const plain = api.run(TEXT, 'two.yaml', { seed: 8 }, undefined);
    const withSeries = api.run(TEXT, 'two.yaml', { seed: 8, series: true }, undefined);
    expect(plain.ok && withSeries.ok).toBe(true);
    if (!plain.ok || !withSeries.ok) return;
    expect('series' in plain).toBe(false);
    const series = withSeries.series ?? [];
    expect(series).toHaveLength(withSeries.report.variants.length);
    for (const [k, s] of series.entries()) {
      // Twenty 100 ms slices to the run's end, every answer counted.
      expect([s.length, s.to[s.length - 1]]).toEqual([20, 2000]);
      const v = withSeries.report.variants[k];
      expect(Array.from(s.answered).reduce((a, b) => a + b, 0)).toBe(v.requests.ok + v.requests.failed);
    }
    const strip = (r: typeof plain.report) => r.variants.map((v) => ({ ...v, wallMs: 0 }));
    expect(strip(withSeries.report)).toEqual(strip(plain.report));
    // Typed arrays cross the worker boundary as they are.
    expect(structuredClone(series)[0].latency).toBeInstanceOf(Float64Array);
  });
});
