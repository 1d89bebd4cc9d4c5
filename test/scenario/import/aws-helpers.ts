/**
 * Running AWS API Gateway fixtures as `meshsim run` runs a bundle: the fixture, with a scenario
 * document beside it (clients, service times), imported, loaded and run.
 */
import { readFileSync } from 'node:fs';
import { importSources } from '../../../src/scenario';
import type { ImportResult } from '../../../src/scenario/import/types';
import { runImportedBase } from '../../support/imported-run';

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
  return runImportedBase([...names.map(fixture), { text: doc, fileName: 'scenario.yaml' }], ms);
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
