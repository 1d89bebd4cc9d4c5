/** `meshsim validate FILE`: load a scenario file and report whether it is valid. */
import { onlyFile, parseArgs } from '../args';
import { plural } from '../format';
import { ExitCode, type CliIo } from '../io';
import { readScenarioFile } from '../scenario-file';

/**
 * Prints `ok FILE: "NAME": N clients, a gateway, N services, N variants` and returns 0 when the file is
 * valid; otherwise its diagnostics are on standard error and the result is 1. Warnings never fail.
 */
export function validateCommand(args: readonly string[], io: CliIo): number {
  const path = onlyFile(parseArgs(args, [], 'validate'), 'validate');
  const loaded = readScenarioFile(path, io);
  if (!loaded.ok) return ExitCode.invalid;
  const { base, variants } = loaded.file;
  const counts = [
    plural(base.clients.length, 'client'),
    base.gateway ? 'a gateway' : 'no gateway',
    plural(base.services.length, 'service'),
    plural(variants.length, 'variant'),
  ];
  const warnings = loaded.warnings > 0 ? ` (${plural(loaded.warnings, 'warning')})` : '';
  io.stdout(`ok ${path}: ${JSON.stringify(base.name)}: ${counts.join(', ')}${warnings}\n`);
  return ExitCode.ok;
}
