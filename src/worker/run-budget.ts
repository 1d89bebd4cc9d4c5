/**
 * The page's own check of the run guards, before the worker runs a file: the loader has checked
 * the file at its settings; this checks it as the page runs it, at the duration asked (for a batch
 * run, longer than each warmup, as the CLI's `--duration` must be), with the replications that
 * follow the run, and, for a recorded run, every variant at once with the frames of every instance.
 * A refusal is a positioned diagnostic, shown as the loader's errors are.
 */
import { formatSpan } from '../report/figure-format';
import { runWithinWarmup } from '../report/run-variants';
import { budgetDiagnostic, DEFAULT_BUDGET, refusalDiagnostic, type Budget } from '../scenario/limits';
import type { Diagnostic } from '../scenario/diagnostics';
import type { ScenarioFile } from '../scenario/types';
import type { RunRequest } from './protocol';

/** How the worker runs a file: `record` for the page's recorded run and its playback, `batch` for a run of one replication. */
export type RunKind = 'record' | 'batch';

/**
 * Why `file` must not run as `request` asks, as a diagnostic at the refused field: a duration not
 * longer than a chosen run's warmup for a batch run (its report would measure nothing), or the field that costs most of a
 * run over `budget`; undefined when it fits. The events counted are those of the run and of the file's replications
 * after it (the page runs them in the background at the same duration).
 */
export function overBudget(
  file: ScenarioFile,
  request: RunRequest,
  kind: RunKind,
  budget: Budget = DEFAULT_BUDGET,
): Diagnostic | undefined {
  const duration = request.durationMs;
  // A batch run's answer is its report, which would measure nothing; a recorded run is also watched,
  // and playing the first seconds of a file is a use of its own.
  const short = kind === 'batch' ? runWithinWarmup(file, duration, request.variant) : undefined;
  if (duration !== undefined && short !== undefined) {
    const index = file.variants.findIndex((v) => v.name === short.name);
    return refusalDiagnostic(file, {
      variant: index < 0 ? undefined : index,
      path: ['warmup'],
      message: `the run's duration (${formatSpan(duration)}) must be longer than the warmup (${formatSpan(short.scenario.warmup)}) of '${short.name}'`,
      hint: 'run for longer, or shorten the warmup',
    });
  }
  return budgetDiagnostic(
    file,
    {
      duration: request.durationMs,
      variant: request.variant,
      runs: file.base.replications,
      together: kind === 'record',
      frames: kind === 'record',
    },
    budget,
  );
}
