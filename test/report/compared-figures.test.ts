import { describe, expect, it } from 'vitest';
import { comparedMetrics, leadRowId } from '../../src/report/compared-figures';
import { compareReplications } from '../../src/report/comparison';
import { leadFromKeyFigures } from '../../src/report/key-figure-lead';
import { keyFigureData, resolveKeyFigures } from '../../src/report/key-figures';
import { parseFigureExpr } from '../../src/scenario/expectations';
import { variant, report } from '../cli/fixtures';

const mesh = variant('mesh', {
  requests: {
    generated: 12_003,
    ok: 11_950,
    failed: 50,
    inFlight: 3,
    byStatus: { '200': 11_950, '503': 50 },
  },
});
const variants = [variant('gateway-only'), mesh];

describe('comparedMetrics', () => {
  it("leads with the learner's figures, then the counts, then the components; no engine rows", () => {
    const { metrics, figuresFrom, countsFrom, componentsFrom } = comparedMetrics(variants);
    const ids = metrics.map((m) => m.id);
    expect(figuresFrom).toBe(0);
    expect(ids.slice(0, countsFrom)).toEqual([
      'p50',
      'p90',
      'p99',
      'p999',
      'mean',
      'max',
      'success',
      'share-500',
      'share-503',
      'amplification',
    ]);
    expect(ids.slice(countsFrom, componentsFrom)).toEqual([
      'generated',
      'ok',
      'failed',
      'inFlight',
      'status-200',
      'status-500',
      'status-503',
      'offered',
      'goodput',
      'attempts',
      'retries',
    ]);
    expect(ids.slice(componentsFrom, componentsFrom + 2)).toEqual(['edge.utilization', 'edge.meanQueue']);
    expect(ids).not.toContain('wall');
    expect(ids).not.toContain('events');
    expect(metrics.find((m) => m.id === 'success')?.section).toBe('Outcome');
    expect(metrics.find((m) => m.id === 'share-503')?.label).toBe('answered 503');
  });

  it('gives latencies, error shares and amplification a better direction, counts and utilization none', () => {
    const better = new Map(comparedMetrics(variants).metrics.map((m) => [m.id, m.better]));
    expect(better.get('p99')).toBe('lower');
    expect(better.get('success')).toBe('higher');
    expect(better.get('share-503')).toBe('lower');
    expect(better.get('amplification')).toBe('lower');
    expect(better.get('generated')).toBeUndefined();
    expect(better.get('ok')).toBeUndefined();
    expect(better.get('catalog.utilization')).toBeUndefined();
  });

  it('puts the lead asked for first, in its order, under Key figures; unknown keys lead nothing', () => {
    const { metrics, figuresFrom } = comparedMetrics(variants, [
      'components.catalog.served',
      'share.503',
      'p99',
      'requests.generated / nothing',
    ]);
    expect(figuresFrom).toBe(3);
    expect(metrics.slice(0, 3).map((m) => [m.id, m.section, m.label])).toEqual([
      ['catalog.served', 'Key figures', 'catalog served'],
      ['share-503', 'Key figures', 'answered 503'],
      ['p99', 'Key figures', 'p99'],
    ]);
    // Each row once: led rows leave their usual place.
    expect(metrics.filter((m) => m.id === 'p99')).toHaveLength(1);
  });

  it("leads with a lesson's key figures, a figure without a row of its own compared like the others", () => {
    const figures = resolveKeyFigures(
      ['components.catalog.served / requests.generated', 'p90'].map((text) => ({
        text,
        value: parseFigureExpr(text),
      })),
    );
    const c = compareReplications([report(...variants)], {
      lead: leadFromKeyFigures(keyFigureData(figures)),
    });
    expect(c.figuresFrom).toBe(2);
    const [perRequest, p90] = c.rows;
    expect([perRequest.metric.label, perRequest.metric.unit, perRequest.metric.section]).toEqual([
      'components.catalog.served / requests.generated',
      'decimal',
      'Key figures',
    ]);
    expect(perRequest.values[0]!.mean).toBeCloseTo(1000 / 12_003, 12);
    expect(p90.metric.id).toBe('p90');
    expect(p90.metric.label).toBe('p90 latency');
    expect(c.rows.filter((r) => r.metric.id === 'p90')).toHaveLength(1);
  });

  it("the page's own key figures lead without those that stay 0 in every variant", () => {
    const c = compareReplications([report(...variants)], {
      lead: leadFromKeyFigures(keyFigureData(resolveKeyFigures([]))),
    });
    // No 429 and no sidecars here: their figures do not lead.
    expect(c.rows.slice(0, c.figuresFrom).map((r) => r.metric.label)).toEqual([
      'p50 latency',
      'p99 latency',
      'success',
      'retries per request',
    ]);
  });

  it("a lesson's direction for a figure that has a row wins over the row's", () => {
    const busy = { key: 'components.catalog.utilization', label: 'catalog busy', unit: 'percent' as const };
    const { metrics } = comparedMetrics(variants, [{ ...busy, better: 'lower', value: () => NaN }, 'p99']);
    expect(metrics[0]).toMatchObject({ id: 'catalog.utilization', label: 'catalog busy', better: 'lower' });
    expect(comparedMetrics(variants, [{ ...busy, value: () => NaN }]).metrics[0].better).toBeUndefined();
    expect(metrics[1]).toMatchObject({ id: 'p99', better: 'lower' });
  });

  it('knows the figure names of claims and key figures', () => {
    expect(leadRowId('successRate')).toBe('success');
    expect(leadRowId('share.429')).toBe('share-429');
    expect(leadRowId('requests.byStatus.429')).toBe('status-429');
    expect(leadRowId('latencyMs.p999')).toBe('p999');
    expect(leadRowId('mesh.cpuMsPer1000Requests')).toBe('mesh-cpu');
    expect(leadRowId('mesh.outcomes.breakerRejected')).toBe('mesh-breaker-rejected');
    expect(leadRowId('components.api.v2.utilization')).toBe('api.v2.utilization');
    expect(leadRowId('p90')).toBe('p90');
  });

  it('the comparison keeps the engine apart, summed over every run', () => {
    const c = compareReplications([report(...variants), report(...variants)]);
    expect(c.rows.some((r) => r.metric.section === 'Engine')).toBe(false);
    expect(c.engine).toEqual({ events: 4 * 1_234_567, wallMs: 4 * 842.4 });
    expect(c.rows[0].metric.id).toBe('p50');
  });
});
