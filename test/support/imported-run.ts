/**
 * A bundle of product config (and its scenario document), imported as `meshsim import` imports it,
 * loaded as the scenario its import prints, and run: what the importers' tests check the simulated
 * behaviour on. The import must give no error, nor the load.
 */
import { expect } from 'vitest';
import type { VariantReport } from '../../src/report/report';
import {
  formatDiagnostic,
  importedYaml,
  importSources,
  loadScenario,
  type ImportSource,
} from '../../src/scenario';
import type { ScenarioFile } from '../../src/scenario/types';
import { runFileWithinBudget } from './event-budget';

/** `sources` imported as one bundle and loaded as the scenario its import prints. */
export function importedFile(sources: readonly ImportSource[]): ScenarioFile {
  const r = importSources(sources);
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  const loaded = loadScenario(
    importedYaml(
      r,
      sources.map((s) => s.fileName),
    ),
    'imported.yaml',
  );
  if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
  return loaded.file;
}

/**
 * The base scenario of `sources`' import run (its variants left out) as it says, or for `durationMs`
 * from time 0 without warmup: its report.
 */
export function runImportedBase(sources: readonly ImportSource[], durationMs?: number): VariantReport {
  const file = importedFile(sources);
  const base = durationMs === undefined ? file.base : { ...file.base, duration: durationMs, warmup: 0 };
  return runFileWithinBudget({ ...file, base, variants: [] }).variants[0];
}
