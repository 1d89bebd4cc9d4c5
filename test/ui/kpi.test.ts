import { describe, expect, it } from 'vitest';
import { kpiTiles } from '../../src/ui/kpi';
import type { VariantReport } from '../../src/worker/protocol';

const variant = (name: string, p50: number, ok: number, failed: number, mesh?: number): VariantReport =>
  ({
    name,
    requests: { generated: ok + failed, ok, failed, inFlight: 0, byStatus: { '200': ok, '429': failed } },
    latencyMs: { mean: p50, p50, p90: p50 * 2, p99: p50 * 4, p999: p50 * 5, max: p50 * 6 },
    attempts: { total: 10, retries: 1, amplification: 1.1111 },
    ...(mesh === undefined ? {} : { mesh: { cpuMsPer1000Requests: mesh } }),
  }) as unknown as VariantReport;

describe('kpiTiles', () => {
  it('shows the last variant against the first, better or worse by each figure’s sense', () => {
    const tiles = kpiTiles([variant('gateway-only', 30, 990, 10), variant('mesh', 34.1, 995, 5, 210)]);
    const byKey = Object.fromEntries(tiles.map((t) => [t.key, t]));
    expect(byKey.p50).toMatchObject({ value: '34.1 ms', delta: '+4.10 ms vs gateway-only', better: false });
    expect(byKey.success).toMatchObject({ value: '99.5%', delta: '+0.5 pts vs gateway-only', better: true });
    expect(byKey.throttled).toMatchObject({ value: '0.5%', better: true });
    expect(byKey.sidecar).toMatchObject({ value: '210 ms', delta: '+210 ms vs gateway-only', better: false });
    expect(byKey.amplification).toMatchObject({ value: '1.11×', delta: '±0× vs gateway-only' });
    expect(byKey.amplification.better).toBeUndefined();
    // A change too small to print is no change: neither better nor worse.
    const tiny = kpiTiles([variant('a', 30, 9999, 1), variant('b', 30, 99_990, 10)]);
    expect(tiny.find((t) => t.key === 'success')).toMatchObject({ delta: '±0.0 pts vs a' });
    expect(tiny.find((t) => t.key === 'success')?.better).toBeUndefined();
  });

  it('one variant: no deltas, and no sidecar tile without the mesh', () => {
    const tiles = kpiTiles([variant('base', 5, 10, 0)]);
    expect(tiles.map((t) => t.key)).toEqual(['p50', 'p99', 'success', 'amplification', 'throttled']);
    expect(tiles.every((t) => t.delta === '')).toBe(true);
    expect(kpiTiles([])).toEqual([]);
  });
});
