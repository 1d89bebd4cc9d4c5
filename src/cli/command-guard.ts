/**
 * The check every command that simulates (`run`, `compare`, `check`) makes before its first run:
 * the flags against the file (a `--duration` longer than each warmup), then the whole command
 * (every variant on every replication or seed, at that duration) against the resource budget, so
 * that a flag cannot take past the loader's guard what the file alone could not.
 */
import { budgetDiagnostic, DEFAULT_BUDGET, type Budget } from '../scenario/limits';
import { formatDiagnostic } from '../scenario/load';
import type { Millis, ScenarioFile } from '../scenario/types';
import { UsageError } from './args';
import { formatSpan } from '../report/figure-format';
import { runWithinWarmup } from '../report/run-variants';

/** What a command runs of a file. */
export interface CommandRuns {
  /** `--duration`, ms. */
  readonly duration?: Millis;
  /** `--variant`. */
  readonly variant?: string;
  /** Runs of each variant: `--replications`, `--seeds`, or the file's own; default 1. */
  readonly runs?: number;
  /** What `runs` counts in messages: `replications` or `seeds`. */
  readonly runsNoun?: string;
  /** The flags that set them, as typed, for the message: `--duration 1000h --seeds 3`. */
  readonly flags?: string;
}

/**
 * Throws a UsageError when `--duration` is not longer than a selected variant's warmup, or when the
 * command would be over `budget`: the message is the positioned diagnostic of the field that costs
 * most, and names the flags.
 */
export function guardCommand(file: ScenarioFile, runs: CommandRuns, budget: Budget = DEFAULT_BUDGET): void {
  const { duration } = runs;
  const short = runWithinWarmup(file, duration, runs.variant);
  if (duration !== undefined && short !== undefined) {
    throw new UsageError(
      `--duration ${formatSpan(duration)} must be longer than the warmup (${formatSpan(short.scenario.warmup)}) of '${short.name}'`,
    );
  }
  const refused = budgetDiagnostic(
    file,
    { duration, variant: runs.variant, runs: runs.runs, runsNoun: runs.runsNoun },
    budget,
  );
  if (refused === undefined) return;
  const flags = runs.flags ? ` (with ${runs.flags})` : '';
  throw new UsageError(`${formatDiagnostic(refused)}${flags}`);
}
