import { describe, expect, test } from 'vitest';
import { utilizationMetrics, variantMetrics } from '../../src/report/report-figures';
import { resultsTable, testIdPart } from '../../src/ui/results-table';
import type { Report, VariantReport } from '../../src/worker/protocol';

function variant(name: string, overrides: Partial<VariantReport> = {}): VariantReport {
  return {
    name,
    requests: {
      generated: 12000,
      ok: 11950,
      failed: 50,
      inFlight: 0,
      byStatus: { '503': 10, '200': 11950, '500': 40 },
    },
    latencyMs: { mean: 6.1, p50: 4.2149, p90: 11.5, p99: 30.25, p999: 80, max: 123.4 },
    latencyHistogram: { boundsMs: [], counts: [] },
    throughput: { offered: 200, goodput: 199.1666 },
    attempts: { total: 24000, retries: 0, amplification: 1 },
    components: {
      edge: {
        utilization: 0.02,
        meanQueue: 0,
        served: 12000,
        servedByInstance: [12000],
        rejected: 0,
        meanWaitMs: 0,
        waitedShare: 0,
      },
      catalog: {
        utilization: 0.9123,
        meanQueue: 3.2,
        served: 9600,
        servedByInstance: [9600],
        rejected: 10,
        meanWaitMs: 2,
        waitedShare: 0.4,
      },
    },
    edges: [],
    timeline: [],
    events: 123456,
    wallMs: 87.6,
    ...overrides,
  };
}

const report: Report = {
  scenario: 'Shop',
  seed: 42,
  variants: [
    variant('gateway-only'),
    variant('mesh', {
      components: {
        edge: {
          utilization: 0.03,
          meanQueue: 0,
          served: 12000,
          servedByInstance: [12000],
          rejected: 0,
          meanWaitMs: 0,
          waitedShare: 0,
        },
        'orders v2': {
          utilization: 0.5,
          meanQueue: 0,
          served: 2400,
          servedByInstance: [2400],
          rejected: 0,
          meanWaitMs: 0,
          waitedShare: 0,
        },
      },
    }),
  ],
};

const row = (key: string) => {
  const found = resultsTable(report)
    .sections.flatMap((s) => s.rows)
    .find((r) => r.key === key);
  if (!found) throw new Error(`no row ${key}`);
  return found;
};

const keys = (table = resultsTable(report)) => table.sections.flatMap((s) => s.rows.map((r) => r.key));

describe('resultsTable', () => {
  test('one column per variant, in report order', () => {
    expect(resultsTable(report).variants).toEqual(['gateway-only', 'mesh']);
  });

  test('sections in reading order, the shared sections with the unit their cells leave out', () => {
    expect(resultsTable(report).sections.map((s) => s.title)).toEqual([
      'Requests',
      'Status',
      'Latency, ms',
      'Throughput, per second',
      'Attempts',
      'Utilization',
      'Engine',
    ]);
  });

  test('every shared row shows, in the shared order, with its shared label', () => {
    const shared = variantMetrics(report.variants);
    const shown = resultsTable(report).sections.flatMap((s) => s.rows);
    const ids = shared.map((m) => (m.id === 'wall' ? 'wallMs' : m.id));
    expect(keys().filter((k) => !k.startsWith('utilization-'))).toEqual(ids);
    for (const metric of shared) {
      const label = shown.find((r) => r.key === (metric.id === 'wall' ? 'wallMs' : metric.id))!.label;
      expect(label.startsWith(metric.label)).toBe(true);
    }
    const components = utilizationMetrics(report.variants).map((m) => `utilization-${testIdPart(m.label)}`);
    expect(keys().filter((k) => k.startsWith('utilization-'))).toEqual(components);
  });

  test('the page keeps the test ids of the rows it showed before', () => {
    for (const key of ['generated', 'ok', 'failed', 'inFlight', 'p50', 'p90', 'p99', 'max', 'offered']) {
      expect(keys()).toContain(key);
    }
    expect(keys()).toEqual(expect.arrayContaining(['goodput', 'events', 'wallMs', 'utilization-edge']));
  });

  test('request counts and latencies carry their numbers and the CLI text without the unit', () => {
    expect(row('generated').cells[0]).toEqual({ variant: 'gateway-only', text: '12,000', value: 12000 });
    expect(row('inFlight').cells[1].text).toBe('0');
    expect(row('p50').cells[0]).toEqual({ variant: 'gateway-only', text: '4.21', value: 4.2149 });
    expect(row('p99').cells.map((c) => c.text)).toEqual(['30.3', '30.3']);
    expect(row('max').cells[0].text).toBe('123');
    expect(row('goodput').cells[0].text).toBe('199.2');
    expect(row('success')).toMatchObject({ kind: 'share', better: 'higher' });
    expect(row('success').cells[0].text).toBe('99.58%');
    expect(row('amplification').cells[0].text).toBe('1.000x');
  });

  test('a section of several units names the unit in the row instead', () => {
    expect(row('events').label).toBe('events');
    expect(row('wallMs').label).toBe('wall, ms');
    expect(row('wallMs').cells[0]).toEqual({ variant: 'gateway-only', text: '87.6', value: 87.6 });
  });

  test('statuses have a row each, in ascending order', () => {
    const status = resultsTable(report).sections.find((s) => s.title === 'Status')!;
    expect(status.rows.map((r) => [r.key, r.label])).toEqual([
      ['status-200', '200'],
      ['status-500', '500'],
      ['status-503', '503'],
    ]);
    expect(row('status-503').cells[0]).toEqual({ variant: 'gateway-only', text: '10', value: 10 });
  });

  test('utilization has a row per component seen in any variant, a dash where one is missing', () => {
    const utilization = resultsTable(report).sections.find((s) => s.title === 'Utilization')!;
    expect(utilization.rows.map((r) => r.key)).toEqual([
      'utilization-edge',
      'utilization-catalog',
      'utilization-orders_v2',
    ]);
    expect(row('utilization-catalog').kind).toBe('share');
    expect(row('utilization-catalog').cells).toEqual([
      { variant: 'gateway-only', text: '91.2%', value: 0.9123 },
      { variant: 'mesh', text: '—', value: null },
    ]);
    expect(row('utilization-orders_v2').label).toBe('orders v2');
  });

  test('mesh rows show only when a variant has the mesh', () => {
    expect(resultsTable(report).sections.map((s) => s.title)).not.toContain('Mesh');
  });

  test('a report without variants gives empty rows, not an error', () => {
    const table = resultsTable({ scenario: 'x', seed: 1, variants: [] });
    expect(table.variants).toEqual([]);
    expect(table.sections.flatMap((s) => s.rows).every((r) => r.cells.length === 0)).toBe(true);
    expect(table.sections.find((s) => s.title === 'Utilization')).toBeUndefined();
  });
});

test('testIdPart keeps safe characters only', () => {
  expect(testIdPart('catalog-v2_a')).toBe('catalog-v2_a');
  expect(testIdPart('a b/c"d')).toBe('a_b_c_d');
});
