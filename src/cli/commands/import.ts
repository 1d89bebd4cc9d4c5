/** `meshsim import ...`: a placeholder until the gateway issue brings the importers. */
import { ExitCode, type CliIo } from '../io';

/** Says that import is not available yet and returns the usage exit code. */
export function importCommand(_args: readonly string[], io: CliIo): number {
  io.stderr('meshsim import arrives with the gateway issue\n');
  return ExitCode.usage;
}
