/** `meshsim validate FILE...`: load a scenario file, or import a bundle, and report whether it is valid. */
import { terminalSafe } from '../../scenario/echo';
import { inputFiles, parseArgs } from '../args';
import { plural } from '../../report/figure-format';
import { ExitCode, type CliIo } from '../io';
import { readScenarioInput } from '../scenario-input';

/**
 * Prints `ok FILE: "NAME": N clients, a gateway, N services, N variants` (`ok FILE... (imported): ...`
 * for a bundle) and returns 0 when the file is valid; otherwise its diagnostics are on standard error
 * and the result is 1. Warnings never fail.
 */
export function validateCommand(args: readonly string[], io: CliIo): number {
  const paths = inputFiles(parseArgs(args, [], 'validate'), 'validate');
  const path = paths.join(' ');
  const loaded = readScenarioInput(paths, io);
  if (!loaded.ok) return ExitCode.invalid;
  const { base, variants } = loaded.file;
  const counts = [
    plural(base.clients.length, 'client'),
    base.gateway ? 'a gateway' : 'no gateway',
    plural(base.services.length, 'service'),
    plural(variants.length, 'variant'),
  ];
  const warnings = loaded.warnings > 0 ? ` (${plural(loaded.warnings, 'warning')})` : '';
  const imported = loaded.imported ? ' (imported)' : '';
  // JSON quotes the name and escapes C0 controls; C1 controls and bidi overrides need terminalSafe.
  const name = terminalSafe(JSON.stringify(base.name));
  io.stdout(`ok ${path}${imported}: ${name}: ${counts.join(', ')}${warnings}\n`);
  return ExitCode.ok;
}
