/**
 * Running AWS API Gateway fixtures as `meshsim run` runs a bundle: the fixture, with a scenario
 * document beside it (clients, service times), imported, loaded and run.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../../src/scenario';
import type { ImportResult } from '../../../src/scenario/import/types';
import { runFileWithinBudget } from '../../support/event-budget';

const DIR = new URL('../../fixtures/real/aws/', import.meta.url);

/** A fixture of test/fixtures/real/aws as an import source. */
export function fixture(name: string): { text: string; fileName: string } {
  return { text: readFileSync(new URL(name, DIR), 'utf8'), fileName: name };
}

/** Imports the fixture alone. */
export function importFixture(name: string): ImportResult {
  return importSources([fixture(name)]);
}

/**
 * The fixtures (one name, or the files of a bundle in order) and a scenario document, imported
 * without errors, loaded and run for `ms`.
 */
export function runWith(name: string | readonly string[], doc: string, ms: number) {
  const names = typeof name === 'string' ? [name] : name;
  const files = [...names.map(fixture), { text: doc, fileName: 'scenario.yaml' }];
  const r = importSources(files);
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  const loaded = loadScenario(
    importedYaml(
      r,
      files.map((f) => f.fileName),
    ),
    'imported.yaml',
  );
  if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
  const report = runFileWithinBudget({
    ...loaded.file,
    base: { ...loaded.file.base, duration: ms, warmup: 0 },
    variants: [],
  });
  return report.variants[0];
}

/**
 * How many of `n` requests arriving every `gapMs` from `firstMs` a token bucket of `rate` a second
 * and `burst` tokens admits, starting full; one token a request, refilled continuously. Counted in
 * thousandths of a token, so the arithmetic is exact.
 */
export function bucketAdmits(n: number, gapMs: number, firstMs: number, rate: number, burst: number): number {
  const cap = burst * 1000;
  let tokens = cap;
  let last = 0;
  let admitted = 0;
  for (let k = 0; k < n; k++) {
    const t = firstMs + k * gapMs;
    tokens = Math.min(cap, tokens + (t - last) * rate);
    last = t;
    if (tokens >= 1000) {
      tokens -= 1000;
      admitted++;
    }
  }
  return admitted;
}
