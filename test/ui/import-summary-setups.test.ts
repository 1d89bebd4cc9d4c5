/**
 * The import summary of a scenario with several setups: the real Kong example with a meshsim document
 * of three variants, each with its own limit. Each setup's striking result is explained by that
 * setup's limit, named, the one drawn marked; the summary says which setup the diagram draws.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { importBundle, importedYaml, loadScenario } from '../../src/scenario/index';
import { importFacts, setupFacts } from '../../src/scenario/import/import-facts';
import { setupReasons, setupsText, type ImportSummaryData } from '../../src/ui/import-summary';
import type { VariantReport } from '../../src/worker/protocol';
import { runFileWithinBudget } from '../support/event-budget';

const kong = readFileSync(new URL('../../scenarios/kong/kong.yml', import.meta.url), 'utf8');
/** The Kong example with three setups: its own limit of 100 a minute, 10 a second, and 200 a second. */
const bundle = `${kong}\n---\n${readFileSync(new URL('../scenario/import/kong-three-limits.yaml', import.meta.url), 'utf8')}`;

/** The bundle imported and run for 20 s as the page does: the summary's data with setup `drawn` drawn. */
function imported(drawn: readonly number[]): ImportSummaryData {
  const result = importBundle(bundle, 'kong.yml');
  expect(result.errors).toEqual([]);
  const loaded = loadScenario(importedYaml(result, ['kong.yml']), 'kong.yml');
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  const report = runFileWithinBudget(loaded.file, { duration: 20_000 });
  return {
    file: 'kong.yml',
    facts: importFacts(loaded.file.base, bundle, true),
    warnings: [],
    reports: report.variants as unknown as readonly VariantReport[],
    setups: setupFacts(loaded.file),
    drawn,
  };
}

/** Percent of `report`'s requests answered 429, as the summary writes it. */
function refused(report: VariantReport): string {
  return `${((100 * (report.requests.byStatus['429'] ?? 0)) / report.requests.generated).toFixed(1)}%`;
}

test('each setup’s striking result is explained by its own limit, the one drawn marked', () => {
  const data = imported([1]);
  const [configured, tenASecond] = data.reports!;
  const why = (limit: string, admits: string, report: VariantReport) =>
    `The rate-limiting plugin (${limit}, every route) admits ${admits} requests/s per consumer, and ` +
    `every request is alice's; the clients send 100/s, so ${refused(report)} are refused with 429 at ` +
    'the gateway: answered at once, hence a median latency of 0 ms.';
  expect(setupReasons(data)).toEqual([
    { setup: 'as configured', drawn: false, text: why('100 a minute', '1.67', configured) },
    { setup: 'ten a second', drawn: true, text: why('10 a second', '10', tenASecond) },
    // 200 a second admits every request: nothing striking, and the summary says so.
    { setup: 'relaxed', drawn: false, text: 'nothing stands out: 0.0% refused at the gateway.' },
  ]);
});

test('the summary says which setup the diagram draws, of how many', () => {
  expect(setupsText(imported([2]))).toBe(
    'relaxed drawn, of 3 setups: as configured, ten a second, relaxed. ' +
      "Read, Dropped and Load are the imported config's; each Why is its setup's own.",
  );
  expect(setupsText(imported([0, 1, 2]))).toMatch(/^all drawn side by side, of 3 setups: /);
});

test('a file of one setup reads as before: its reason alone, no word of setups', () => {
  const result = importBundle(kong, 'kong.yml');
  const loaded = loadScenario(importedYaml(result, ['kong.yml']), 'kong.yml');
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  const report = runFileWithinBudget(loaded.file, { duration: 20_000 })
    .variants as unknown as VariantReport[];
  const data: ImportSummaryData = {
    file: 'kong.yml',
    facts: importFacts(loaded.file.base, kong, true),
    warnings: [],
    reports: report,
    setups: setupFacts(loaded.file),
  };
  expect(setupsText(data)).toBeUndefined();
  expect(setupReasons(data).map((r) => [r.setup, r.drawn])).toEqual([['base', true]]);
  expect(setupReasons(data)[0].text).toMatch(
    /^The rate-limiting plugin \(100 a minute, every route\) admits 1\.67/,
  );
});

test('of several meshes compared, each says what its mesh did: retries, retries denied, ejections', () => {
  const text = readFileSync(
    new URL('../../scenarios/lessons/27-one-retry-policy-three-meshes.yaml', import.meta.url),
    'utf8',
  );
  const result = importBundle(text, '27.yaml');
  expect(result.errors).toEqual([]);
  const loaded = loadScenario(importedYaml(result, ['27.yaml']), '27.yaml');
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  const reports = runFileWithinBudget(loaded.file).variants as unknown as readonly VariantReport[];
  const data: ImportSummaryData = {
    file: '27.yaml',
    facts: importFacts(loaded.file.base, text, true),
    warnings: [],
    reports,
    setups: setupFacts(loaded.file),
  };
  const [istio, linkerd, consul] = reports;
  expect([istio.mesh!.outcomes.retriesDenied, consul.mesh!.outcomes.ejections]).toEqual([0, 2]);
  expect(setupReasons(data).map((r) => [r.setup, r.text])).toEqual([
    ['Istio', 'the mesh retried 1,556 calls (0.179 a request); 100.0% of the requests succeeded.'],
    [
      'Linkerd',
      'the mesh retried 1,392 calls (0.160 a request) and denied 200 retries (budget or breaker); 97.7% of the requests succeeded.',
    ],
    [
      'Consul',
      'the mesh retried 10 calls (0.001 a request) and ejected 2 instances; 100.0% of the requests succeeded.',
    ],
  ]);
  expect(linkerd.mesh!.outcomes.retriesDenied).toBe(linkerd.requests.byStatus['500']);
});
