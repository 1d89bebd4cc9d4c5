/**
 * The lesson library: every lesson loads cleanly, teaches (a description, things to try, claims),
 * keeps its claims on three seeds as `meshsim check` runs them, accounts for every request, and
 * matches its golden summary.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runFile } from '../../src/model/run';
import { loadScenario } from '../../src/scenario';
import { applySettings, resolvePath } from '../../src/ui/knobs/try-this';
import { parseDocument } from 'yaml';
import { cli } from '../cli/fake-io';
import { expectGolden, goldenReport } from '../support/golden';
import { loadLibraryScenario, scenarioPath } from '../support/load';

const LESSONS = readdirSync(scenarioPath('lessons'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const golden = (file: string) =>
  fileURLToPath(new URL(`../golden/lessons/${file.replace(/\.yaml$/, '.json')}`, import.meta.url));

/** Seeds each lesson's claims must hold on. */
const SEEDS = 3;

it('the library has a lesson for each of the seventeen topics, or more', () => {
  expect(LESSONS.length).toBeGreaterThanOrEqual(17);
});

describe.each(LESSONS)('lessons/%s', (file) => {
  const path = `lessons/${file}`;
  const text = readFileSync(scenarioPath(path), 'utf8');

  it('loads without errors or warnings', () => {
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

  it('accounts for every request and matches its golden summary', () => {
    const report = runFile(loadLibraryScenario(path));
    for (const v of report.variants) {
      const { generated, ok, failed, inFlight } = v.requests;
      expect(ok + failed + inFlight, v.name).toBe(generated);
    }
    expectGolden(golden(file), goldenReport(report));
  });
});
