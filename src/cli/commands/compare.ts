/**
 * `meshsim compare FILE...`: simulate every variant of a file (or of the scenario imported from a bundle
 * of product config) and show the changes against the first.
 */
import { leadFromKeyFigures } from '../../report/key-figure-lead';
import { keyFigureData, resolveKeyFigures } from '../../report/key-figures';
import { compareReplications, type Comparison } from '../../report/comparison';
import { jsonTerminalSafe } from '../../scenario/echo';
import { MAX_REPLICATIONS } from '../../scenario/schema/scenario';
import { flagText, type FlagSpec, inputFiles, parseArgs, runOverrides, UsageError } from '../args';
import { renderComparisonTable } from '../comparison';
import { ExitCode, type CliIo } from '../io';
import { readScenarioInput } from '../scenario-input';
import { simulate } from '../simulate';

/** The flags of `compare`. */
export const COMPARE_FLAGS: readonly FlagSpec[] = [
  { name: 'seed', value: 'an integer seed, e.g. --seed 42' },
  { name: 'duration', value: 'a simulated time, e.g. --duration 30s' },
  {
    name: 'replications',
    value: `runs on seeds seed, seed + 1, ..., from 1 to ${MAX_REPLICATIONS}, e.g. --replications 10`,
  },
  { name: 'json', value: undefined },
];

/**
 * Runs every variant (at least two, or one setup over several replications; else a usage error) on the file's
 * `replications` seeds (or `--replications`), and prints them side by side with deltas and, over
 * several seeds, 95 % intervals, the file's key figures first when it names them. `--json` prints the first replication's report, with the
 * comparison over all of them under `comparison`. Returns 1 when the file is invalid or the bundle does not import.
 */
export async function compareCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, COMPARE_FLAGS, 'compare');
  const paths = inputFiles(parsed, 'compare');
  const options = runOverrides(parsed);
  const replicationsFlag = flagText(parsed, 'replications');
  const loaded = readScenarioInput(paths, io);
  if (!loaded.ok) return ExitCode.invalid;
  const replications =
    replicationsFlag === undefined ? loaded.file.base.replications : parseReplications(replicationsFlag);
  const count = loaded.file.variants.length;
  // One run of one setup has nothing to compare; several runs of it have intervals to show.
  if (count < 2 && replications < 2) {
    throw new UsageError(
      `'compare' needs a file with at least two variants, or replications; ${paths.join(' ')} has ${count} variant${count === 1 ? '' : 's'} and 1 run (add --replications N, or use 'meshsim run')`,
    );
  }
  const { report, reports, context } = await simulate(loaded.file, { ...options, replications }, io);
  // A lesson that names its key figures is compared on them first.
  const own = loaded.file.base.keyFigures;
  const lead = own.length > 0 ? leadFromKeyFigures(keyFigureData(resolveKeyFigures(own))) : [];
  const comparison = compareReplications(reports, { lead });
  io.stdout(
    parsed.flags.has('json')
      ? `${jsonTerminalSafe(JSON.stringify({ ...report, comparison: comparisonJson(comparison) }, null, 2))}\n`
      : renderComparisonTable(comparison, context),
  );
  return ExitCode.ok;
}

function parseReplications(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_REPLICATIONS) {
    throw new UsageError(`--replications must be an integer from 1 to ${MAX_REPLICATIONS}, not '${text}'`);
  }
  return n;
}

/**
 * The comparison as plain data: each row's id, section, label, unit and better direction (null when
 * it has none), its estimates and its paired deltas (NaN as null), in reading order; the engine's work
 * apart, under `engine`.
 */
function comparisonJson(c: Comparison) {
  const estimate = (e: { mean: number; halfWidth: number; n: number } | undefined) =>
    e === undefined ? null : { mean: finite(e.mean), halfWidth: finite(e.halfWidth), n: e.n };
  return {
    variants: c.variants,
    seeds: c.seeds,
    rows: c.rows.map((r) => ({
      id: r.metric.id,
      section: r.metric.section,
      label: r.metric.label,
      unit: r.metric.unit,
      better: r.metric.better ?? null,
      values: r.values.map(estimate),
      deltas: r.deltas.map(estimate),
    })),
    engine: c.engine,
  };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
