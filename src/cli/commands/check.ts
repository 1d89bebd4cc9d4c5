/**
 * `meshsim check FILE...`: run a lesson (a scenario file, or a bundle of product config with a scenario document) on several seeds and say, for each of its claims (`expect:`),
 * whether it holds on every one, with the value measured on each seed.
 */
import { evaluateExpectations, type ClaimResult } from '../../report/expectations';
import { replicationSeeds } from '../../report/comparison';
import { fileSteps, within } from '../../model/run';
import { flagText, type FlagSpec, inputFiles, parseArgs, parseSeed, runOverrides, UsageError } from '../args';
import { formatClaimValue } from '../../report/figure-format';
import { guardCommand } from '../command-guard';
import { formatSpan } from '../../report/figure-format';
import { ExitCode, type CliIo } from '../io';
import { driveSteps, stoppedAt } from '../paced-run';
import { readScenarioInput } from '../scenario-input';
import { renderTable } from '../table';
import { jsonTerminalSafe, terminalSafe } from '../../scenario/echo';

/** The flags of `check`. */
export const CHECK_FLAGS: readonly FlagSpec[] = [
  { name: 'seed', value: 'the first seed, e.g. --seed 42' },
  { name: 'seeds', value: 'how many seeds to run, e.g. --seeds 5' },
  { name: 'duration', value: 'a simulated time, e.g. --duration 30s' },
  { name: 'json', value: undefined },
];

/** Seeds `check` runs when `--seeds` is not given. */
export const DEFAULT_CHECK_SEEDS = 3;
const MAX_CHECK_SEEDS = 100;

/** The verdicts of a check over seeds: for each claim, its result on each seed. */
export interface CheckReport {
  readonly scenario: string;
  readonly seeds: readonly number[];
  readonly claims: readonly {
    readonly say: string;
    readonly check: string;
    readonly holds: boolean;
    readonly runs: readonly ClaimResult[];
  }[];
}

/**
 * Exit 0 when every claim holds on every seed, 4 when one does not (and 1 for an invalid file, 2
 * for a file with no claims).
 */
export async function checkCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, CHECK_FLAGS, 'check');
  const paths = inputFiles(parsed, 'check');
  const { seed, duration } = runOverrides(parsed);
  const seedsText = flagText(parsed, 'seeds');
  const count = seedsText === undefined ? DEFAULT_CHECK_SEEDS : parseSeed(seedsText);
  if (count < 1 || count > MAX_CHECK_SEEDS) {
    throw new UsageError(`--seeds must be from 1 to ${MAX_CHECK_SEEDS}, not '${seedsText}'`);
  }
  const loaded = readScenarioInput(paths, io);
  if (!loaded.ok) return ExitCode.invalid;
  const { file } = loaded;
  if (file.base.expect.length === 0) {
    throw new UsageError(`${paths.join(' ')} states no claims: add an 'expect:' list of { say, check }`);
  }
  guardCommand(
    file,
    {
      duration,
      runs: count,
      runsNoun: 'seeds',
      flags: [
        duration === undefined ? '' : `--duration ${formatSpan(duration)}`,
        seedsText === undefined ? '' : `--seeds ${count}`,
      ]
        .filter((f) => f !== '')
        .join(' '),
    },
    io.budget,
  );
  const seeds = replicationSeeds(seed ?? file.base.seed, count);
  const perSeed: ClaimResult[][] = [];
  for (const [i, s] of seeds.entries()) {
    const steps = within(fileSteps(file, { seed: s, duration }), (p) => ({ ...p, seed: s, of: i + 1 }));
    const report = await driveSteps(steps, io, (p) =>
      stoppedAt(p, `seed ${p.seed} (${p.of} of ${seeds.length})`),
    );
    perSeed.push(evaluateExpectations(file.base.expect, report));
  }
  const report: CheckReport = {
    scenario: file.base.name,
    seeds,
    claims: file.base.expect.map((e, i) => {
      const runs = perSeed.map((results) => results[i]);
      return { say: e.say, check: e.check, holds: runs.every((r) => r.holds), runs };
    }),
  };
  io.stdout(
    parsed.flags.has('json')
      ? `${jsonTerminalSafe(JSON.stringify(report, jsonSafe, 2))}\n`
      : renderCheck(report),
  );
  return report.claims.every((c) => c.holds) ? ExitCode.ok : ExitCode.claimFailed;
}

/** Infinite bounds and NaN become null in JSON, as JSON.stringify would, but on purpose. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** The text verdict: per claim its sentence (✓ or ✗), then its check and its value on each seed. */
export function renderCheck(report: CheckReport): string {
  const held = report.claims.filter((c) => c.holds).length;
  const seeds = report.seeds;
  const columns = [
    { header: '' },
    { header: 'check' },
    ...seeds.map((s) => ({ header: `seed ${s}`, align: 'right' as const })),
  ];
  const rows = report.claims.map((c) => [
    '',
    c.check,
    ...c.runs.map((r) => `${formatClaimValue(r.unit, r.value)}${r.holds ? '' : ' ✗'}`),
  ]);
  const [header, ...lines] = renderTable(columns, rows, { indent: '  ' }).trimEnd().split('\n');
  const out = [
    `${terminalSafe(report.scenario)} · ${seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds[0]} to ${seeds.at(-1)}`}`,
    '',
    header,
  ];
  report.claims.forEach((c, i) => {
    // The claim's words and its errors quote the file.
    out.push(`${c.holds ? '✓' : '✗'} ${terminalSafe(c.say, { multiline: true })}`, lines[i]);
    for (const e of new Set(c.runs.flatMap((r) => (r.error ? [r.error] : []))))
      out.push(`    ${terminalSafe(e)}`);
  });
  out.push(
    '',
    held === report.claims.length
      ? `All ${held} claims hold on every seed.`
      : `${report.claims.length - held} of ${report.claims.length} claims fail on some seed.`,
  );
  return `${out.join('\n')}\n`;
}
