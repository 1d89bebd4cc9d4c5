import { describe, expect, test } from 'vitest';
import { formatStatuses, resultsTable, testIdPart } from '../../src/ui/results-table';
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

describe('resultsTable', () => {
  test('one column per variant, in report order', () => {
    expect(resultsTable(report).variants).toEqual(['gateway-only', 'mesh']);
  });

  test('sections in reading order', () => {
    expect(resultsTable(report).sections.map((s) => s.title)).toEqual([
      'Requests',
      'Latency, ms',
      'Throughput, per second',
      'Utilization',
      'Engine',
    ]);
  });

  test('request counts and latencies carry their numbers and formatted text', () => {
    expect(row('generated').cells[0]).toEqual({ variant: 'gateway-only', text: '12,000', value: 12000 });
    expect(row('inFlight').cells[1].text).toBe('0');
    expect(row('p50').cells[0]).toEqual({ variant: 'gateway-only', text: '4.21', value: 4.2149 });
    expect(row('p99').cells.map((c) => c.text)).toEqual(['30.3', '30.3']);
    expect(row('max').cells[0].text).toBe('123');
    expect(row('goodput').cells[0].text).toBe('199');
  });

  test('statuses are listed in ascending order', () => {
    expect(row('byStatus').cells[0].text).toBe('200: 11,950 · 500: 40 · 503: 10');
    expect(row('byStatus').cells[0].value).toBeNull();
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

  test('a report without variants gives empty rows, not an error', () => {
    const table = resultsTable({ scenario: 'x', seed: 1, variants: [] });
    expect(table.variants).toEqual([]);
    expect(table.sections.find((s) => s.title === 'Utilization')!.rows).toEqual([]);
  });
});

test('formatStatuses with no statuses', () => {
  expect(formatStatuses({})).toBe('—');
});

test('testIdPart keeps safe characters only', () => {
  expect(testIdPart('catalog-v2_a')).toBe('catalog-v2_a');
  expect(testIdPart('a b/c"d')).toBe('a_b_c_d');
});
