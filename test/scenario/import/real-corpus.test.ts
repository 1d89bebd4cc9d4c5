/**
 * The real-shaped corpus in test/fixtures/real/: configuration written as Kong, Istio and Consul users
 * write it. Every file there must import on its own without an error, load, and run; so must every
 * folder, whose files are applied in name order as one bundle (a tutorial's steps, an app's manifests
 * with its policies), as `meshsim import` applies the files it is given. The behaviour each file should
 * show is checked by the tests of its translation; this test is the count the docs give: how many real
 * files of each product meshsim reads and runs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../../src/scenario';
import { bundleFilesUnder, configFilesUnder, foldersUnder } from '../../support/config-files';
import { runFileWithinBudget } from '../../support/event-budget';

const ROOT = fileURLToPath(new URL('../../fixtures/real/', import.meta.url));

/** Imports `paths` as one bundle, loads the result and runs it for two simulated seconds. */
function importsAndRuns(paths: readonly string[]): void {
  const sources = paths.map((path) => ({ text: readFileSync(path, 'utf8'), fileName: relative(ROOT, path) }));
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
  const base = { ...loaded.file.base, duration: 2_000, warmup: 0 };
  const report = runFileWithinBudget({ ...loaded.file, base, variants: [] });
  for (const v of report.variants) {
    const { generated, ok, failed, inFlight } = v.requests;
    expect(ok + failed + inFlight).toBe(generated);
  }
}

const SYSTEMS = readdirSync(ROOT)
  .filter((name) => statSync(join(ROOT, name)).isDirectory())
  .sort();

describe.each(SYSTEMS)('real %s configuration', (system) => {
  const dir = join(ROOT, system);
  const files = configFilesUnder(dir);
  const folders = foldersUnder(dir);

  test('has files', () => expect(files.length + folders.length).toBeGreaterThan(0));

  test.each(files.map((path) => [relative(ROOT, path), path]))('%s imports and runs', (_name, path) =>
    importsAndRuns([path]),
  );

  test.each(folders.map((path) => [relative(ROOT, path), path]))(
    '%s/ imports and runs as one bundle',
    (_name, path) => importsAndRuns(bundleFilesUnder(path)),
  );
});
