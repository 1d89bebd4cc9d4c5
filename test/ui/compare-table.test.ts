import { describe, expect, test } from 'vitest';
import { renderComparisonTable } from '../../src/cli/comparison';
import { compareReplications, type Comparison } from '../../src/report/comparison';
import { loadScenario } from '../../src/scenario/index';
import { compareCaption, compareTable, type CompareTable } from '../../src/ui/compare-table';
import type { Report } from '../../src/worker/protocol';
import { leadFromKeyFigures } from '../../src/report/key-figure-lead';
import { keyFigureData, resolveKeyFigures } from '../../src/report/key-figures';
import { report, variant } from '../cli/fixtures';
import { twoReplicas } from '../support/two-replicas';
import { runReplicationsWithinBudget } from '../support/event-budget';

/** Two variants on the same arrivals: one catalog replica or two. */
const TEXT = twoReplicas('10s');

function reportsOf(text: string, count?: number): Report[] {
  const loaded = loadScenario(text, 'two.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return runReplicationsWithinBudget(loaded.file, { count });
}

/** The command line's table as rows of cells (its columns are two or more spaces apart), headings and footnote left out. */
function cliRows(comparison: Comparison): string[][] {
  const headings = ['', 'Components', 'Counts and rates'];
  return renderComparisonTable(comparison)
    .split('\n')
    .slice(2)
    .filter((line) => !headings.includes(line.trim()) && !line.includes('Δ%') && !line.startsWith('Engine:'))
    .map((line) => line.trim().split(/\s{2,}/));
}

/** The page's rows as the command line lays them out: section on its first row, label, non-empty cells. */
function pageRows(table: CompareTable): string[][] {
  return table.sections.flatMap((section) =>
    section.rows.map((row, i) => [
      ...(i === 0 ? [section.title] : []),
      row.label,
      ...row.cells.map((c) => c.text).filter((t) => t !== ''),
    ]),
  );
}

describe('the compare view', () => {
  const reports = reportsOf(TEXT);
  const comparison = compareReplications(reports);
  const table = compareTable(comparison);

  test('has the rows and the text of meshsim compare, cell for cell', () => {
    expect(pageRows(table)).toEqual(cliRows(comparison));
  });

  test('captions the seeds and the base variant', () => {
    expect(table.caption).toBe('3 replications (seeds 7 to 9) · 95 % intervals · Δ against one');
    expect(table.replicated).toBe(true);
    expect(table.variants).toEqual(['one', 'two']);
    expect(compareCaption([42], ['base', 'mesh'])).toBe(
      'Seed 42 · a single run, no intervals · Δ against base',
    );
    // One setup over several seeds: intervals, nothing to compare against.
    expect(compareCaption([1, 2, 3], ['base'])).toBe('3 replications (seeds 1 to 3) · 95 % intervals');
  });

  test('splits each cell into its mean and its ± half-width, and marks a change clear of 0', () => {
    const p50 = table.sections.flatMap((s) => s.rows).find((r) => r.key === 'p50')!;
    const [one, two, delta, relative] = p50.cells;
    expect(one.column).toBe('value');
    expect(one.text).toBe(`${one.main} ${one.interval}`);
    expect(one.interval).toMatch(/^± [\d.]+ ms$/);
    expect(two.variant).toBe('two');
    expect(delta.column).toBe('delta');
    expect(delta.main).toMatch(/^-[\d.]+ ms$/);
    expect(delta.clear).toBe(true);
    expect(delta.text).toBe(`${delta.main} ${delta.interval} *`);
    expect(delta.value).toBeCloseTo(two.value! - one.value!, 9);
    expect(relative.column).toBe('relative');
    expect(relative.value).toBeCloseTo(delta.value! / one.value!, 9);
  });

  test("groups rows by section: the learner's figures, then the counts, then the components; no engine", () => {
    const titles = table.sections.map((s) => `${s.group} ${s.title}`);
    expect(titles).toEqual([
      'figures Latency',
      'figures Outcome',
      'figures Load and cost',
      'counts Requests',
      'counts Status',
      'counts Throughput',
      'counts Attempts',
      'components catalog',
    ]);
    expect(table.sections[0].rows.map((r) => r.key)).toEqual(['p50', 'p90', 'p99', 'p999', 'mean', 'max']);
    const keys = table.sections.at(-1)!.rows.map((r) => r.key);
    expect(keys).toEqual([
      'catalog_utilization',
      'catalog_meanQueue',
      'catalog_meanWaitMs',
      'catalog_served',
      'catalog_rejected',
    ]);
  });

  test('colours a change only when its interval leaves out 0 and its figure has a better direction', () => {
    const rows = table.sections.flatMap((s) => s.rows);
    const delta = (key: string) => rows.find((r) => r.key === key)!.cells.find((c) => c.column === 'delta')!;
    const relative = (key: string) =>
      rows.find((r) => r.key === key)!.cells.find((c) => c.column === 'relative')!;
    // A second replica: a clear drop of the median, for the better.
    expect(delta('p50').clear).toBe(true);
    expect(delta('p50').sense).toBe('better');
    expect(relative('p50').sense).toBe('better');
    // Utilization halves, clearly, but has no better direction.
    expect(delta('catalog_utilization').clear).toBe(true);
    expect(delta('catalog_utilization').sense).toBe('neutral');
    // The same arrivals: generated does not change at all.
    expect(delta('generated').text).toBe('0 ± 0');
    expect(delta('generated').sense).toBe('neutral');
    for (const cell of rows.flatMap((r) => r.cells)) {
      if (cell.sense === 'better' || cell.sense === 'worse') {
        expect(cell.column === 'relative' || cell.clear, `${cell.text} is coloured`).toBe(true);
      }
      if (cell.column === 'delta' && cell.clear === false) expect(cell.sense).toBe('neutral');
    }
  });

  test('a change from a zero base: its Δ may be coloured, its missing Δ% never is', () => {
    const retrying = (retries: number) =>
      variant('mesh', { attempts: { total: 24_006, retries, amplification: 1 } });
    const none = variant('plain', { attempts: { total: 24_006, retries: 0, amplification: 1 } });
    const lead = leadFromKeyFigures(keyFigureData(resolveKeyFigures([])));
    const t = compareTable(
      compareReplications(
        [report(none, retrying(10)), report(none, retrying(12)), report(none, retrying(14))],
        {
          lead,
        },
      ),
    );
    const row = t.sections[0].rows.find((r) => r.label === 'retries per request')!;
    const [, , delta, relative] = row.cells;
    expect(delta.text).toBe('+0.001 ± 0.000 *');
    expect(delta.sense).toBe('worse');
    expect(relative.text).toBe('—');
    expect(relative.sense).toBe('neutral');
  });

  test('leads with the figures asked for, under Key figures', () => {
    const led = compareTable(
      compareReplications(reports, { lead: ['p99', 'components.catalog.utilization'] }),
    );
    expect(led.sections[0].group).toBe('lead');
    expect(led.sections[0].title).toBe('Key figures');
    expect(led.sections[0].rows.map((r) => [r.key, r.label])).toEqual([
      ['p99', 'p99'],
      ['catalog_utilization', 'catalog utilization'],
    ]);
    expect(led.sections[1].rows.map((r) => r.key)).toEqual(['p50', 'p90', 'p999', 'mean', 'max']);
  });

  test('over one run: no intervals, plain changes', () => {
    const single = compareTable(compareReplications([reports[0]]));
    expect(single.replicated).toBe(false);
    const cells = single.sections.flatMap((s) => s.rows).flatMap((r) => r.cells);
    expect(cells.every((c) => c.interval === undefined && c.clear === undefined)).toBe(true);
    // One seed cannot tell an effect from noise: nothing is coloured.
    expect(cells.every((c) => c.sense === undefined || c.sense === 'neutral')).toBe(true);
    expect(pageRows(single)).toEqual(cliRows(compareReplications([reports[0]])));
  });

  test('a component one variant lacks shows a dash and no change', () => {
    const lacking = `${TEXT.replace('replications: 3', 'replications: 2')}  - name: cached
    services:
      - { id: catalog, serviceTime: 8ms }
      - { id: cache, serviceTime: 1ms }
`;
    const withCache = compareReplications(reportsOf(lacking));
    const t = compareTable(withCache);
    expect(pageRows(t)).toEqual(cliRows(withCache));
    const cache = t.sections.find((s) => s.component && s.title === 'cache')!;
    const served = cache.rows.find((r) => r.label === 'served')!;
    // one lacks the cache, two lacks it, cached has it; neither change has a base to start from.
    expect(served.cells.map((c) => c.text)).toEqual(['—', '—', '—', '', '0 ± 0', '—', '']);
  });
});
