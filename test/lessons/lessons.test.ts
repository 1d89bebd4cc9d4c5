/**
 * The lesson library: every lesson loads cleanly, teaches (a description, things to try, claims),
 * keeps its claims on three seeds as `meshsim check` runs them, accounts for every request, and
 * matches its golden summary.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keyFigureData, keyFigureValues, resolveKeyFigures } from '../../src/report/key-figures';
import { figuresShown } from '../../src/ui/kpi';
import { loadScenario } from '../../src/scenario';
import { applySettings, resolvePath } from '../../src/ui/knobs/try-this';
import { parseDocument } from 'yaml';
import { cli } from '../cli/fake-io';
import { expectGolden, goldenReport } from '../support/golden';
import { libraryScenarioText, loadLibraryScenario, scenarioPath } from '../support/load';
import { runFileWithinBudget } from '../support/event-budget';

const LESSONS = readdirSync(scenarioPath('lessons'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const golden = (file: string) =>
  fileURLToPath(new URL(`../golden/lessons/${file.replace(/\.yaml$/, '.json')}`, import.meta.url));

/** The figure a lesson's text calls "the X tile" by, for each X it may say. */
const TILE_WORDS: Readonly<Record<string, string>> = {
  p50: 'p50',
  p90: 'p90',
  p99: 'p99',
  'p99.9': 'p999',
  mean: 'mean',
  max: 'max',
  success: 'successRate',
  CPU: 'mesh.cpuMsPer1000Requests',
};

/**
 * The key figures a lesson's text refers to as tiles ("the **success** tile", "the p90 tile", "the
 * sidecar CPU tile"); "the latency tiles" are its latency figures, at least two of them.
 */
function tilesNamed(description: string): string[] {
  const named = new Set<string>();
  for (const match of description.matchAll(/([\w.]+)\** tiles?\b/g)) {
    const word = match[1];
    if (word === 'latency') continue;
    expect(TILE_WORDS[word], `the lesson names a "${word}" tile, which no key figure is`).toBeDefined();
    named.add(TILE_WORDS[word]);
  }
  return [...named];
}

/** Seeds each lesson's claims must hold on. */
const SEEDS = 3;

it('the library has a lesson for each of the seventeen topics, or more', () => {
  expect(LESSONS.length).toBeGreaterThanOrEqual(17);
});

describe.each(LESSONS)('lessons/%s', (file) => {
  const path = `lessons/${file}`;
  // A lesson written as a bundle of product config is the scenario its import prints, as the page opens it.
  const { text, importWarnings } = libraryScenarioText(path);

  it('loads without errors or warnings', () => {
    expect(importWarnings).toEqual([]);
    const result = loadScenario(text, path);
    expect(result.ok ? [] : result.errors.map((d) => d.message)).toEqual([]);
    expect(result.warnings.map((d) => d.message)).toEqual([]);
  });

  it('teaches: a Markdown lesson, things to try and claims to check', () => {
    const { base } = loadLibraryScenario(path);
    expect(base.description).toMatch(/^## /);
    const words = base.description.split(/\s+/).length;
    expect(words).toBeGreaterThan(100);
    expect(words).toBeLessThan(600);
    expect(base.tryThis.length).toBeGreaterThanOrEqual(2);
    expect(base.expect.length).toBeGreaterThanOrEqual(2);
  });

  it('says once what each "try this" shows: beside its button, not again in the lesson text', () => {
    const { base } = loadLibraryScenario(path);
    for (const action of base.tryThis)
      expect(action.say?.trim().length ?? 0, `${action.label}: what to look for`).toBeGreaterThan(20);
    expect(base.description, 'a "Try this" section that repeats the buttons').not.toMatch(/\*\*Try this\*\*/);
  });

  it('every "try this" sets values the file has, and the result still loads', () => {
    const { base } = loadLibraryScenario(path);
    for (const action of base.tryThis) {
      const doc = parseDocument(text);
      for (const key of Object.keys(action.set)) {
        expect(resolvePath(doc, key), `${action.label}: ${key}`).toBeDefined();
      }
      const changed = loadScenario(applySettings(text, action.set), path);
      expect(changed.ok ? [] : changed.errors.map((d) => d.message), action.label).toEqual([]);
    }
  });

  it(`keeps its claims on ${SEEDS} seeds (meshsim check)`, async () => {
    const r = await cli(['check', scenarioPath(path), '--seeds', String(SEEDS)]);
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
  });

  it('accounts for every request, matches its golden summary, and shows every figure its text names', () => {
    const loaded = loadLibraryScenario(path);
    const report = runFileWithinBudget(loaded);
    const figures = resolveKeyFigures(loaded.base.keyFigures);
    const values = report.variants.map((v) => keyFigureValues(figures, v));
    const shown = figuresShown(keyFigureData(figures), values).map((i) => figures[i].key);
    const taught = [loaded.base.description, ...loaded.base.tryThis.map((a) => a.say ?? '')].join('\n\n');
    for (const key of tilesNamed(taught)) expect(shown, `the text names its ${key} tile`).toContain(key);
    if (/latency tiles/.test(taught)) {
      const latencies = shown.filter((key) => ['p50', 'p90', 'p99', 'p999', 'mean', 'max'].includes(key));
      expect(latencies.length, 'the text names its latency tiles').toBeGreaterThanOrEqual(2);
    }
    for (const i of figuresShown(keyFigureData(figures), values)) {
      const known = values.filter((v) => Number.isFinite(v[i]));
      expect(known.length, `key figure ${figures[i].key} has a value in some variant`).toBeGreaterThan(0);
    }
    for (const v of report.variants) {
      const { generated, ok, failed, inFlight } = v.requests;
      expect(ok + failed + inFlight, v.name).toBe(generated);
    }
    expectGolden(golden(file), goldenReport(report));
  });
});
