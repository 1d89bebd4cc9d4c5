/** `meshsim compare FILE`: simulate every variant of a file and show the changes against the first. */
import { type FlagSpec, onlyFile, parseArgs, runOverrides, UsageError } from '../args';
import { renderComparison } from '../comparison';
import { ExitCode, type CliIo } from '../io';
import { readScenarioFile } from '../scenario-file';
import { simulate } from '../simulate';

/** The flags of `compare`. */
export const COMPARE_FLAGS: readonly FlagSpec[] = [
  { name: 'seed', value: 'an integer seed, e.g. --seed 42' },
  { name: 'duration', value: 'a simulated time, e.g. --duration 30s' },
  { name: 'json', value: undefined },
];

/**
 * Runs every variant (the file needs at least two; fewer is a usage error) and prints them side by
 * side with deltas, or the plain report with `--json`. Returns 1 when the file is invalid.
 */
export function compareCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args, COMPARE_FLAGS, 'compare');
  const path = onlyFile(parsed, 'compare');
  const options = runOverrides(parsed);
  const loaded = readScenarioFile(path, io);
  if (!loaded.ok) return ExitCode.invalid;
  const count = loaded.file.variants.length;
  if (count < 2) {
    throw new UsageError(
      `'compare' needs a file with at least two variants; ${path} has ${count} (use 'meshsim run' for one)`,
    );
  }
  const { report, context } = simulate(loaded.file, options, io);
  io.stdout(
    parsed.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : renderComparison(report, context),
  );
  return ExitCode.ok;
}
