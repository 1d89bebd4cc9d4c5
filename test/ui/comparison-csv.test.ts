import { describe, expect, test } from 'vitest';
import { compareReplications } from '../../src/report/comparison';
import { loadScenario } from '../../src/scenario/index';
import { compareTable } from '../../src/ui/compare-table';
import { comparisonCsvLines, resultsCsv } from '../../src/ui/results-csv';
import { twoReplicas } from '../support/two-replicas';
import { runReplicationsWithinBudget } from '../support/event-budget';

const TEXT = twoReplicas('5s');

const loaded = loadScenario(TEXT, 'two.yaml');
if (!loaded.ok) throw new Error('the test scenario does not load');
const reports = runReplicationsWithinBudget(loaded.file);

describe('the compare view in the CSV export', () => {
  test('over replications: each mean with its half-width, each change with its own and Δ% as a fraction', () => {
    const comparison = compareReplications(reports);
    const lines = comparisonCsvLines(compareTable(comparison));
    expect(lines[0]).toBe('comparison,3 replications (seeds 7 to 9) · 95 % intervals · Δ against one');
    expect(lines[1]).toBe(
      'section,metric,one mean,one mean ±95%,two mean,two mean ±95%,two Δ,two Δ ±95%,two Δ%',
    );
    const p50 = lines.find((l) => l.startsWith('Latency,p50,'))!.split(',');
    const row = comparison.rows.find((r) => r.metric.id === 'p50')!;
    expect(Number(p50[2])).toBe(row.values[0]!.mean);
    expect(Number(p50[3])).toBe(row.values[0]!.halfWidth);
    expect(Number(p50[6])).toBe(row.deltas[0]!.mean);
    expect(Number(p50[7])).toBe(row.deltas[0]!.halfWidth);
    expect(Number(p50[8])).toBeCloseTo(row.deltas[0]!.mean / row.values[0]!.mean, 12);
    // A points row has no Δ%.
    expect(lines.find((l) => l.startsWith('Outcome,success,'))!.endsWith(',')).toBe(true);
    expect(lines.some((l) => l.startsWith('catalog,utilization,'))).toBe(true);
  });

  test('over one run: one number per cell', () => {
    const lines = comparisonCsvLines(compareTable(compareReplications([reports[0]])));
    expect(lines[1]).toBe('section,metric,one,two,two Δ,two Δ%');
  });

  test('follows the results table after an empty line; without it the export is unchanged', () => {
    const plain = resultsCsv(reports[0]);
    const both = resultsCsv(reports[0], compareTable(compareReplications(reports)));
    expect(both.startsWith(`${plain}\r\ncomparison,`)).toBe(true);
    expect(both.endsWith('\r\n')).toBe(true);
  });
});
