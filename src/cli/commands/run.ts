/** `meshsim run FILE...`: simulate a scenario file, or a bundle of product config, and print its report. */
import { flagText, type FlagSpec, inputFiles, parseArgs, runOverrides } from '../args';
import { ExitCode, type CliIo } from '../io';
import { readScenarioInput } from '../scenario-input';
import { simulate } from '../simulate';
import { renderRunReport } from '../summary';
import type { Report } from '../../report/report';
import type { Trace } from '../../model/trace';
import { jsonTerminalSafe } from '../../scenario/echo';

/** The flags of `run`. */
export const RUN_FLAGS: readonly FlagSpec[] = [
  { name: 'seed', value: 'an integer seed, e.g. --seed 42' },
  { name: 'duration', value: 'a simulated time, e.g. --duration 30s' },
  { name: 'variant', value: 'the name of a variant of the file' },
  { name: 'json', value: undefined },
  { name: 'trace', value: 'a file to write traces to' },
];

/**
 * Runs the file (or the scenario imported from the bundle of files) with the flags' overrides and
 * prints the text report, or with `--json` `JSON.stringify(report, null, 2)` and a newline, with the
 * characters a terminal acts on that it leaves raw written as `\u` escapes (`jsonTerminalSafe`).
 * Returns 1 when the file is invalid or the bundle does not import.
 */
export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, RUN_FLAGS, 'run');
  const paths = inputFiles(parsed, 'run');
  const options = {
    ...runOverrides(parsed),
    variant: flagText(parsed, 'variant'),
  };
  const tracePath = flagText(parsed, 'trace');
  const loaded = readScenarioInput(paths, io);
  if (!loaded.ok) return ExitCode.invalid;
  const traced: { name: string; traces: Trace[] }[] = [];
  const { report, context } = await simulate(
    loaded.file,
    { ...options, onTraces: tracePath ? (name, traces) => traced.push({ name, traces }) : undefined },
    io,
  );
  if (tracePath !== undefined && !writeTraces(tracePath, report, traced, io)) return ExitCode.usage;
  io.stdout(
    parsed.flags.has('json')
      ? `${jsonTerminalSafe(JSON.stringify(report, null, 2))}\n`
      : renderRunReport(report, context),
  );
  return ExitCode.ok;
}

/**
 * Writes the kept traces as one JSON document: `{ scenario, seed, variants: [ { name, traces } ] }`,
 * each trace as the model keeps it (`src/model/trace.ts`); a span still open has `end: null`.
 */
function writeTraces(
  path: string,
  report: Report,
  traced: readonly { name: string; traces: Trace[] }[],
  io: CliIo,
): boolean {
  const document = { scenario: report.scenario, seed: report.seed, variants: traced };
  try {
    io.writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  } catch (error) {
    io.stderr(`meshsim: cannot write traces to ${path}: ${(error as Error).message}\n`);
    return false;
  }
  const count = traced.reduce((n, v) => n + v.traces.length, 0);
  io.stderr(`meshsim: wrote ${count} traces to ${path}\n`);
  return true;
}
