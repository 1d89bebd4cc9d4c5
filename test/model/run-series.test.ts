/**
 * A run's series, slice by slice: what the page's charts over time draw of the whole run, exact where
 * the semantics are exact, and a run that records it reports the same, byte for byte.
 */
import { describe, expect, it, test } from 'vitest';
import { runFile, type Report } from '../../src/model';
import { SERIES_SLICE_MS, seriesSliceMs, type RunSeries } from '../../src/model/run-series';
import { loaded, yaml } from '../scenario/helpers';

/** Runs `lines` and gives the report and the series of each variant, by name. */
function recorded(...lines: string[]): { report: Report; series: Record<string, RunSeries> } {
  const series: Record<string, RunSeries> = {};
  const report = runFile(loaded(yaml(...lines)), { onSeries: (name, s) => (series[name] = s) });
  return { report, series };
}

const RETRYING = [
  'duration: 1s',
  'clients: [ { id: c, target: a, arrival: { process: constant, rate: 20 } } ]',
  'services:',
  '  - { id: a, serviceTime: 5ms, calls: [ { service: b } ] }',
  '  - { id: b, serviceTime: 2ms, errorRate: 1 }',
  'mesh: { enabled: true, defaults: { retries: { attempts: 2, retryOn: [5xx], backoff: { base: 0ms, max: 0ms } } } }',
];

describe('seriesSliceMs', () => {
  test('100 ms up to 40 s of run, then whole multiples so that a run has at most 400 slices', () => {
    expect([1000, 30_000, 40_000, 40_001, 60_000, 600_000].map(seriesSliceMs)).toEqual([
      100, 100, 100, 200, 200, 1500,
    ]);
  });
});

describe('RunSeriesRecorder, through runFile', () => {
  it('one row per 100 ms slice of the whole run, counting every answer, call and retry', () => {
    const { report, series } = recorded(...RETRYING);
    const s = series.base;
    expect(SERIES_SLICE_MS).toBe(100);
    expect(s.length).toBe(10);
    expect(Array.from(s.from)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(Array.from(s.to)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    // Constant arrivals every 50 ms: two answers a slice, each a 500 after three tries of b.
    const v = report.variants[0];
    const answered = Array.from(s.answered);
    expect(answered.reduce((a, b) => a + b, 0)).toBe(v.requests.ok + v.requests.failed);
    const fiveHundreds = answered.filter((_, i) => i % 5 === 3);
    expect(fiveHundreds.reduce((a, b) => a + b, 0)).toBe(v.requests.failed);
    expect(Array.from(s.attempts).reduce((a, b) => a + b, 0)).toBe(v.attempts.total);
    expect(Array.from(s.retries).reduce((a, b) => a + b, 0)).toBe(v.attempts.retries);
  });

  it('latency percentiles over the trailing second of each slice; NaN before the first answer', () => {
    const { series } = recorded(
      'duration: 500ms',
      'clients: [ { id: c, target: a, arrival: { process: constant, rate: 10 } } ]',
      'services: [ { id: a, serviceTime: 150ms, concurrency: 4 } ]',
    );
    const s = series.base;
    const rows = Array.from({ length: s.length }, (_, i) => Array.from(s.latency.subarray(i * 3, i * 3 + 3)));
    // No request is answered before 150 ms; then each takes exactly its service time.
    expect(rows).toEqual([
      [NaN, NaN, NaN],
      [150, 150, 150],
      [150, 150, 150],
      [150, 150, 150],
      [150, 150, 150],
    ]);
  });

  it('recording the series changes nothing in the report', () => {
    const plain = runFile(loaded(yaml(...RETRYING)));
    const { report } = recorded(...RETRYING);
    const strip = (r: Report) =>
      JSON.stringify({ ...r, variants: r.variants.map((v) => ({ ...v, wallMs: 0 })) });
    expect(strip(report)).toBe(strip(plain));
  });

  it('every variant gets its series, in file order, over its own duration', () => {
    const { series } = recorded(
      ...RETRYING,
      'variants:',
      '  - { name: short, duration: 250ms }',
      '  - { name: long }',
    );
    expect(Object.keys(series)).toEqual(['short', 'long']);
    expect(Array.from(series.short.to)).toEqual([100, 200, 250]);
    expect(series.long.length).toBe(10);
  });
});
