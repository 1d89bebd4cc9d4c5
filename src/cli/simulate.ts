/**
 * Running a loaded file for `run` and `compare`: checks the flags against the file (variant name,
 * duration against warmup and the resource budget: command-guard.ts) before the model sees them, so that mistakes are usage errors, and drives
 * the progress bar.
 */
import type { Report } from '../report/report';
import { chosenVariants, runVariants } from '../report/run-variants';
import { replicationSteps } from '../model/replications';
import type { RunOptions } from '../model/run';
import type { Millis, Scenario, ScenarioFile } from '../scenario/types';
import { UsageError } from './args';
import { guardCommand } from './command-guard';
import { formatSpan } from '../report/figure-format';
import type { CliIo } from './io';
import { driveSteps, RunStoppedError, stoppedAt } from './paced-run';
import { ProgressBar } from './progress';
import type { SummaryContext } from './summary';

/** Overrides from the command line; each absent one leaves the scenario's own value. */
export interface SimulateOptions {
  readonly seed?: number;
  readonly duration?: Millis;
  /** Run only this variant. */
  readonly variant?: string;
  /** Called with each variant's kept traces (`--trace`). */
  readonly onTraces?: RunOptions['onTraces'];
  /** Runs of the file on seeds seed, seed + 1, ...; default 1. */
  readonly replications?: number;
}

/**
 * The scenarios a run covers, as `runFile` picks them: every variant, or the base alone (named
 * `base`) when there are none; `variant` keeps the one of that name.
 */
export function selectedScenarios(
  file: ScenarioFile,
  variant?: string,
): { readonly name: string; readonly scenario: Scenario }[] {
  const all = runVariants(file);
  const chosen = chosenVariants(file, variant);
  if (chosen.length > 0) return [...chosen];
  throw new UsageError(`unknown variant '${variant}' (expected ${all.map((v) => `'${v.name}'`).join(', ')})`);
}

/**
 * Runs `file` as `options` say and returns the report with what its heading needs; a run stopped by
 * `io.signal` throws a `RunStoppedError` that says how far it got, its progress line ended.
 */
export async function simulate(
  file: ScenarioFile,
  options: SimulateOptions,
  io: CliIo,
): Promise<{ report: Report; reports: Report[]; context: SummaryContext }> {
  const scenarios = selectedScenarios(file, options.variant);
  guardCommand(
    file,
    {
      duration: options.duration,
      variant: options.variant,
      runs: options.replications,
      runsNoun: 'replications',
      flags: options.duration === undefined ? undefined : `--duration ${formatSpan(options.duration)}`,
    },
    io.budget,
  );
  const progress = new ProgressBar({
    write: (text) => io.stderr(text),
    enabled: io.isTTY,
    now: io.now ?? (() => performance.now()),
    parts: scenarios.length * (options.replications ?? 1),
  });
  let reports: Report[];
  try {
    const steps = replicationSteps(file, {
      seed: options.seed,
      duration: options.duration,
      variant: options.variant,
      count: options.replications ?? 1,
      onProgress: (now, end) => progress.update(now, end),
      onTraces: options.onTraces,
    });
    reports = await driveSteps(steps, io, (p) =>
      stoppedAt(p, p.replications > 1 ? `replication ${p.replication + 1} of ${p.replications}` : undefined),
    );
  } catch (error) {
    if (error instanceof RunStoppedError) progress.stop();
    throw error;
  } finally {
    progress.finish();
  }
  return {
    report: reports[0],
    reports,
    context: commonContext(
      scenarios.map((s) => s.scenario),
      options.duration,
    ),
  };
}

/** Duration and warmup for the heading, when every scenario run shares them. */
function commonContext(scenarios: readonly Scenario[], duration: Millis | undefined): SummaryContext {
  const same = (values: number[]) => (values.every((v) => v === values[0]) ? values[0] : undefined);
  return {
    simulated: duration ?? same(scenarios.map((s) => s.duration)),
    warmup: same(scenarios.map((s) => s.warmup)),
  };
}
