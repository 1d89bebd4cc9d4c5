/**
 * The Results tab's panel: the table drawn when the tab shows or once idle, the stale marks, and the
 * compare view's code awaited before a table that has a comparison to show, so that both appear together.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  comparesSomething,
  createResultsPanel,
  resultsNoteText,
  type ResultsPanelHooks,
} from '../../../src/ui/app/results-panel';
import type { CompareDrawn } from '../../../src/ui/app/comparison-view';
import type { Replications } from '../../../src/ui/app/replication-runs';
import type { CompareTable } from '../../../src/ui/compare-table';
import type { Report, VariantReport } from '../../../src/worker/protocol';
import { asHtml, installFakeDocument, manualLoad, type FakeElement } from './fake-dom';

function variant(name: string): VariantReport {
  return {
    name,
    requests: { generated: 1200, ok: 1190, failed: 10, inFlight: 0, byStatus: { '200': 1190, '503': 10 } },
    latencyMs: { mean: 6.1, p50: 4.2, p90: 11.5, p99: 30.25, p999: 80, max: 123.4 },
    latencyHistogram: { boundsMs: [], counts: [] },
    throughput: { offered: 200, goodput: 198.3 },
    attempts: { total: 1200, retries: 0, amplification: 1 },
    components: {},
    edges: [],
    timeline: [],
    events: 5000,
    wallMs: 12.5,
  } as unknown as VariantReport;
}
const report = (...names: string[]): Report =>
  ({ scenario: 'Shop', seed: 42, variants: names.map(variant) }) as Report;
const replicationsOf = (first: Report, count: number): Replications => ({
  id: 1,
  count,
  seed: 42,
  workers: 1,
  reports: [first],
  claims: [],
  done: 1,
  state: count > 1 ? 'running' : 'complete',
});

let results: FakeElement;
let note: FakeElement;
let replications: Replications | undefined;
let shown: boolean;
const hooks: ResultsPanelHooks = {
  replications: () => replications,
  keyFigures: () => [],
  shown: () => shown,
  onCompareChange: () => undefined,
};
const compareTableOf = (variants: readonly string[]) => ({ variants }) as unknown as CompareTable;
/** A compare view that draws a `div.compare` into its host. */
const compareModule = {
  comparisonOf: (r: Replications) => compareTableOf(r.reports[0].variants.map((v) => v.name)),
  drawComparison(host: HTMLElement, r: Replications): CompareDrawn {
    const view = document.createElement('div');
    view.setAttribute('data-testid', 'compare');
    host.replaceChildren(view);
    return { of: r, complete: r.state === 'complete', table: compareModule.comparisonOf(r) };
  },
};
const tableShown = (): boolean => results.byTestId('results-table').length === 1;

beforeEach(() => {
  const doc = installFakeDocument();
  results = doc.createElement('section');
  note = doc.createElement('p');
  replications = undefined;
  shown = false;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('createResultsPanel', () => {
  test('says where results will appear; a run draws its table once idle when the tab is not shown', async () => {
    const panel = createResultsPanel(asHtml(results), asHtml(note), hooks, manualLoad(compareModule).load);
    expect(results.textContent).toBe('Results appear here when the run ends.');
    panel.showRun(report('base'), 60_000);
    expect(note.textContent).toBe(resultsNoteText(report('base'), 60_000));
    expect(tableShown()).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(tableShown()).toBe(true);
  });

  test('with the tab shown the table is drawn at once; draw() draws a waiting one', () => {
    const panel = createResultsPanel(asHtml(results), asHtml(note), hooks, manualLoad(compareModule).load);
    shown = true;
    panel.showRun(report('base'), 60_000);
    expect(tableShown()).toBe(true);
    shown = false;
    panel.showRun(report('base'), 60_000);
    panel.draw();
    expect(results.byTestId('results-table')).toHaveLength(1);
  });

  test('the stale marks: no results yet says why; older results are kept and marked', () => {
    const panel = createResultsPanel(asHtml(results), asHtml(note), hooks, manualLoad(compareModule).load);
    panel.markStale('The last run failed.');
    expect(results.textContent).toBe('No results yet. The last run failed.');
    shown = true;
    panel.showRun(report('base'), 1000);
    panel.markStale('The last run was stopped.');
    expect(results.classList.contains('stale')).toBe(true);
    expect(tableShown()).toBe(true);
    expect(note.textContent).toBe(
      'The last run was stopped. Below are the results of the last successful run.',
    );
    panel.showRun(report('base'), 1000);
    expect(results.classList.contains('stale')).toBe(false);
  });

  test('a run with setups to compare: table and compare view appear together, once the view has loaded', async () => {
    const compare = manualLoad(compareModule);
    const panel = createResultsPanel(asHtml(results), asHtml(note), hooks, compare.load);
    const two = report('gateway', 'mesh');
    replications = replicationsOf(two, 1);
    shown = true;
    panel.showRun(two, 1000);
    expect(compare.loads()).toBe(1);
    expect(tableShown()).toBe(false);
    compare.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(tableShown()).toBe(true);
    expect(results.byTestId('compare')).toHaveLength(1);
    expect(panel.comparedVariants).toBe(2);
  });

  test('one setup run once has no compare view and no comparison in its CSV', async () => {
    const panel = createResultsPanel(asHtml(results), asHtml(note), hooks, manualLoad(compareModule).load);
    const one = report('base');
    replications = replicationsOf(one, 1);
    shown = true;
    panel.showRun(one, 1000);
    panel.showReplications();
    expect(tableShown()).toBe(true);
    expect(results.byTestId('compare')).toHaveLength(0);
    expect(panel.comparedVariants).toBe(0);
    expect(await panel.csvComparison(one)).toBeUndefined();
  });

  test('the CSV of a report with replications holds their comparison; of another report, none', async () => {
    const compare = manualLoad(compareModule);
    compare.resolve();
    const panel = createResultsPanel(asHtml(results), asHtml(note), hooks, compare.load);
    const one = report('base');
    replications = replicationsOf(one, 5);
    expect(await panel.csvComparison(one)).toEqual(compareTableOf(['base']));
    expect(await panel.csvComparison(report('base'))).toBeUndefined();
  });
});

test('comparesSomething: several setups, or one setup over several seeds', () => {
  expect(comparesSomething(replicationsOf(report('a'), 1))).toBe(false);
  expect(comparesSomething(replicationsOf(report('a'), 3))).toBe(true);
  expect(comparesSomething(replicationsOf(report('a', 'b'), 1))).toBe(true);
});
