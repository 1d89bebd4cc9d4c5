import { describe, expect, it } from 'vitest';
import { DEFAULT_KEY_FIGURES, keyFigureData } from '../../src/report/key-figures';
import { figuresShown, kpiRows } from '../../src/ui/kpi';

const figures = keyFigureData(DEFAULT_KEY_FIGURES);
const index = (key: string) => figures.findIndex((f) => f.key === key);
/** Whole-run values in the order of the page's own figures: p50, p99, success, 429, retries, sidecar. */
const gatewayOnly = [30, 120, 0.99, 0.01, 0, 0];
const mesh = [34.1, 110, 0.995, 0.005, 0.2, 210];
const names = ['gateway-only', 'mesh'];

describe('kpiRows', () => {
  it('shows the variant drawn, named, against the first variant, better or worse by each figure’s sense', () => {
    const [row] = kpiRows({ figures, names, whole: [gatewayOnly, mesh], shown: [1] });
    expect(row.name).toBe('mesh');
    const byKey = Object.fromEntries(row.tiles.map((t) => [t.key, t]));
    expect(byKey.p50).toMatchObject({ value: '34.1 ms', delta: '+4.10 ms vs gateway-only', better: false });
    expect(byKey.p99).toMatchObject({ value: '110 ms', delta: '−10.0 ms vs gateway-only', better: true });
    expect(byKey.successRate).toMatchObject({
      value: '99.5%',
      delta: '+0.5 pp vs gateway-only',
      better: true,
    });
    expect(byKey['share.429']).toMatchObject({ value: '0.5%', better: true });
    expect(byKey['mesh.cpuMsPer1000Requests']).toMatchObject({ value: '210 ms', better: false });
    // The whole run is the moment shown: no second value beside it.
    expect(row.tiles.every((t) => t.whole === '')).toBe(true);
  });

  it('the first variant drawn has no deltas; switching the variant changes every value', () => {
    const [first] = kpiRows({ figures, names, whole: [gatewayOnly, mesh], shown: [0] });
    expect(first.name).toBe('gateway-only');
    expect(first.tiles.every((t) => t.delta === '')).toBe(true);
    expect(first.tiles.find((t) => t.key === 'p50')?.value).toBe('30.0 ms');
  });

  it('side by side: one row per variant, in drawing order', () => {
    const rows = kpiRows({ figures, names, whole: [gatewayOnly, mesh], shown: [0, 1] });
    expect(rows.map((r) => r.name)).toEqual(['gateway-only', 'mesh']);
    expect(rows[0].tiles.map((t) => t.key)).toEqual(rows[1].tiles.map((t) => t.key));
  });

  it('during playback: the value up to the playhead, the whole run beside it, deltas at the same moment', () => {
    const now = [Float64Array.from([20, 60, 1, 0, 0, 0]), Float64Array.from([25, 70, 1, 0, 0.1, 200])];
    const [row] = kpiRows({ figures, names, whole: [gatewayOnly, mesh], shown: [1], now });
    const p50 = row.tiles.find((t) => t.key === 'p50')!;
    expect(p50).toMatchObject({ value: '25.0 ms', whole: '34.1 ms', raw: 25, wholeRaw: 34.1 });
    expect(p50.delta).toBe('+5.00 ms vs gateway-only');
    // Before the warmup ends nothing is measured: no value, no delta.
    const warming = [new Float64Array(6).fill(NaN), new Float64Array(6).fill(NaN)];
    const [early] = kpiRows({ figures, names, whole: [gatewayOnly, mesh], shown: [1], now: warming });
    expect(early.tiles[0]).toMatchObject({ value: '—', whole: '34.1 ms', delta: '' });
  });

  it('a change within rounding or under 1 % is neither better nor worse', () => {
    const [row] = kpiRows({
      figures,
      names,
      whole: [
        [30, 100, 0.9999, 0, 0, 0],
        [30.1, 100, 0.99991, 0, 0, 0],
      ],
      shown: [1],
    });
    const byKey = Object.fromEntries(row.tiles.map((t) => [t.key, t]));
    expect(byKey.p50.delta).toBe('+0.100 ms vs gateway-only');
    expect(byKey.p50.better).toBeUndefined();
    expect(byKey.successRate.delta).toBe('±0.0 pp vs gateway-only');
    expect(byKey.successRate.better).toBeUndefined();
  });

  it('hides the page’s own figures that no variant has, never a lesson’s', () => {
    const none = [5, 10, 1, 0, 0, 0];
    expect(figuresShown(figures, [none]).map((i) => figures[i].key)).toEqual(['p50', 'p99', 'successRate']);
    const retried = [5, 10, 1, 0, 0.3, 0];
    expect(figuresShown(figures, [none, retried])).toContain(index('attempts.retries / requests.generated'));
    const own = [{ key: 'share.429', label: 'answered 429', unit: 'share' as const }];
    expect(figuresShown(own, [[0]])).toEqual([0]);
    expect(kpiRows({ figures, names: [], whole: [], shown: [0] })).toEqual([]);
  });
});

describe('kpiRows after a change: was → now', () => {
  it('each tile holds the run before’s value at the same moment, painted by the figure’s sense', () => {
    const before = [Float64Array.from([30, 120, 0.99, 0.01, 0, 0])];
    const [row] = kpiRows({
      figures,
      names: ['base'],
      whole: [[24, 150, 0.99, 0.01, 0, 0]],
      shown: [0],
      was: before,
    });
    const byKey = Object.fromEntries(row.tiles.map((t) => [t.key, t]));
    expect(byKey.p50).toMatchObject({ value: '24.0 ms', was: '30.0 ms', wasRaw: 30, wasBetter: true });
    expect(byKey.p99).toMatchObject({ value: '150 ms', was: '120 ms', wasBetter: false });
    // The same value: no sense to paint.
    expect(byKey.successRate).toMatchObject({ was: '99.0%', value: '99.0%' });
    expect(byKey.successRate.wasBetter).toBeUndefined();
  });

  it('no run before (a file just opened), or a variant it did not have: no "was"', () => {
    const [fresh] = kpiRows({ figures, names, whole: [gatewayOnly, mesh], shown: [1] });
    expect(fresh.tiles.every((t) => t.was === '' && t.wasBetter === undefined)).toBe(true);
    const [added] = kpiRows({
      figures,
      names,
      whole: [gatewayOnly, mesh],
      shown: [1],
      was: [Float64Array.from(gatewayOnly), undefined],
    });
    expect(added.tiles.every((t) => t.was === '')).toBe(true);
  });

  it('while the whole run is still going, its value is not shown', () => {
    const now = [Float64Array.from([20, 60, 1, 0, 0, 0])];
    const [row] = kpiRows({
      figures,
      names: ['base'],
      whole: [gatewayOnly],
      shown: [0],
      now,
      wholePending: true,
    });
    expect(row.tiles[0]).toMatchObject({ value: '20.0 ms', whole: '…' });
    expect(row.tiles[0].wholeRaw).toBeNaN();
  });
});
