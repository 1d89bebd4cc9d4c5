/**
 * `meshsim import FILE...`: Kong declarative config, Istio resources, Consul config entries and
 * bundles of them (with at most one meshsim scenario document) to the equivalent scenario, printed
 * as YAML on standard output. Every warning goes to standard error as `file:line:col: ...`. The
 * printed scenario is loaded again before it is printed, so what comes out is known to load; if it
 * does not (a bundle's scenario document may be wrong), it is still printed, with the loader's
 * diagnostics, and the exit code is 1.
 */
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../scenario';
import { relocateLoad } from '../../scenario/import/relocate';
import { UsageError, parseArgs } from '../args';
import { readConfigSources } from '../config-sources';
import { plural } from '../../report/figure-format';
import { ExitCode, type CliIo } from '../io';

/** What the loader's diagnostics about the printed scenario are attributed to. */
const PRINTED = '<stdout>';

/** Imports the files named in `args`; returns 0, or 1 when a file cannot be read or imported. */
export function importCommand(args: readonly string[], io: CliIo): number {
  const files = parseArgs(args, [], 'import').positionals;
  if (files.length === 0)
    throw new UsageError("'import' needs at least one FILE (Kong, Istio or Consul config, or a bundle)");
  const sources = readConfigSources(files, io);
  if (sources === undefined) return ExitCode.invalid;
  const result = importSources(sources);
  for (const d of [...result.warnings, ...result.errors]) io.stderr(`${formatDiagnostic(d)}\n`);
  if (result.errors.length > 0) {
    io.stderr(`meshsim: cannot import ${files.join(' ')} (${plural(result.errors.length, 'error')})\n`);
    return ExitCode.invalid;
  }
  const text = importedYaml(result, files);
  io.stdout(text);
  // What the bundle's scenario document wrote is reported at its own lines, the rest at the printed ones.
  const check = relocateLoad(loadScenario(text, PRINTED), text, result.document);
  for (const d of check.warnings) io.stderr(`${formatDiagnostic(d)}\n`);
  if (!check.ok) {
    for (const d of check.errors) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(`meshsim: the imported scenario does not load (${plural(check.errors.length, 'error')})\n`);
    return ExitCode.invalid;
  }
  return ExitCode.ok;
}
