/**
 * The page's own check of the resource budget, before the worker runs a file: the loader has checked
 * the file at its settings; this checks it as the page runs it, at the duration asked, with the
 * replications that follow the run, and, for a recorded run, every variant at once with the frames
 * of every instance. A refusal is a positioned diagnostic, shown as the loader's errors are.
 */
import { budgetDiagnostic, DEFAULT_BUDGET, type Budget } from '../scenario/limits';
import type { Diagnostic } from '../scenario/diagnostics';
import type { ScenarioFile } from '../scenario/types';
import type { RunRequest } from './protocol';

/** How the worker runs a file: `record` for the page's recorded run and its playback, `batch` for a run of one replication. */
export type RunKind = 'record' | 'batch';

/**
 * Why `file` must not run as `request` asks, as a diagnostic at the field that costs most; undefined
 * when it fits `budget`. The events counted are those of the run and of the file's replications
 * after it (the page runs them in the background at the same duration).
 */
export function overBudget(
  file: ScenarioFile,
  request: RunRequest,
  kind: RunKind,
  budget: Budget = DEFAULT_BUDGET,
): Diagnostic | undefined {
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
