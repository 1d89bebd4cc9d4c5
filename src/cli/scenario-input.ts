/**
 * What `run`, `validate`, `compare` and `check` read: a meshsim scenario file, or a bundle of Kong,
 * Istio or Consul config (one file or several, with or without a scenario document), imported as
 * `meshsim import` imports it and then loaded as the scenario it makes. The import's diagnostics name
 * the bundle's own files; the loader's, if the made scenario does not load, name the line the
 * bundle's scenario document wrote, or `<imported>` (what `meshsim import` prints) for a value that
 * came from product config.
 */
import { formatDiagnostic, importedYaml, importSources, loadScenario, type ImportSource } from '../scenario';
import { isConfigBundle } from '../scenario/import/bundle-detect';
import { relocateLoad } from '../scenario/import/relocate';
import { plural } from '../report/figure-format';
import type { CliIo } from './io';
import { readConfigSources } from './config-sources';
import { readScenarioFile, type ReadResult } from './scenario-file';

/** The name the loader's diagnostics give an imported scenario. */
export const IMPORTED = '<imported>';

/**
 * Reads `paths` as one input: a scenario file alone, else a bundle imported and loaded. Every
 * diagnostic goes to standard error as `file:line:col: ...`; when not ok, the reasons are there.
 */
export function readScenarioInput(paths: readonly string[], io: CliIo): ReadResult {
  const sources = readConfigSources(paths, io, 'scenario file ');
  if (sources === undefined) return { ok: false };
  if (sources.length === 1 && paths.length === 1 && !isConfigBundle(sources[0].text, sources[0].fileName))
    return readScenarioFile(paths[0], io, sources[0].text);
  return importInput(sources, paths, io);
}

/** Imports a bundle and loads the scenario it makes, as `meshsim import` would print it. */
function importInput(sources: readonly ImportSource[], paths: readonly string[], io: CliIo): ReadResult {
  // The paths as given: a folder or a zip is named once, not by each of its files.
  const names = paths;
  const result = importSources(sources);
  for (const d of [...result.warnings, ...result.errors]) io.stderr(`${formatDiagnostic(d)}\n`);
  if (result.errors.length > 0) {
    io.stderr(`meshsim: cannot import ${names.join(' ')} (${plural(result.errors.length, 'error')})\n`);
    return { ok: false };
  }
  const printed = importedYaml(result, names);
  const loaded = relocateLoad(
    loadScenario(printed, IMPORTED, { budget: io.budget }),
    printed,
    result.document,
  );
  for (const d of loaded.warnings) io.stderr(`${formatDiagnostic(d)}\n`);
  if (!loaded.ok) {
    for (const d of loaded.errors) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(
      `meshsim: the scenario imported from ${names.join(' ')} does not load (${plural(loaded.errors.length, 'error')}); 'meshsim import ${names.join(' ')}' prints it\n`,
    );
    return { ok: false };
  }
  return {
    ok: true,
    file: loaded.file,
    warnings: result.warnings.length + loaded.warnings.length,
    imported: true,
  };
}
