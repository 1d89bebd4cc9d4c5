/**
 * Every scenario users learn from (scenarios/) and every real-shaped importer fixture
 * (test/fixtures/real/, each file and each folder as one bundle) fits the resource budget at its own
 * settings, with its replications, and under `check`'s default seeds: the guard refuses hostile
 * files, never the ones the project ships.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../src/scenario';
import { isConfigBundle } from '../../src/scenario/import/bundle-detect';
import { budgetDiagnostic } from '../../src/scenario/limits';
import type { ScenarioFile } from '../../src/scenario/types';
import { bundleFilesUnder, configFilesUnder, foldersUnder } from '../support/config-files';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Seeds `meshsim check` runs by default. */
const CHECK_SEEDS = 3;

/** Loads `paths` as `meshsim run` reads them: a scenario file, else a bundle imported. */
function load(paths: readonly string[]): ScenarioFile {
  const sources = paths.map((path) => ({ text: readFileSync(path, 'utf8'), fileName: relative(REPO, path) }));
  const text =
    sources.length === 1 && !isConfigBundle(sources[0].text, sources[0].fileName)
      ? sources[0].text
      : importedYaml(
          importSources(sources),
          sources.map((s) => s.fileName),
        );
  const loaded = loadScenario(text, sources[0].fileName);
  if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
  return loaded.file;
}

const scenarios = configFilesUnder(join(REPO, 'scenarios')).map((p) => [relative(REPO, p), [p]] as const);
const real = join(REPO, 'test/fixtures/real');
const fixtures = [
  ...configFilesUnder(real).map((p) => [relative(REPO, p), [p]] as const),
  // Each product's folders (a tutorial's steps, an app's manifests) are bundles; the products' own are not.
  ...readdirSync(real)
    .map((name) => join(real, name))
    .filter((path) => statSync(path).isDirectory())
    .flatMap(foldersUnder)
    .map((dir) => [`${relative(REPO, dir)}/`, bundleFilesUnder(dir)] as const),
].filter(([, paths]) => paths.length > 0);

describe('every shipped scenario fits the budget', () => {
  test.each([...scenarios, ...fixtures])('%s', (_name, paths) => {
    const file = load(paths);
    const runs = Math.max(file.base.replications, CHECK_SEEDS);
    expect(budgetDiagnostic(file, { runs })).toBeUndefined();
    // The page runs every variant at once and records frames of every instance.
    expect(budgetDiagnostic(file, { runs, together: true, frames: true })).toBeUndefined();
  });
});
