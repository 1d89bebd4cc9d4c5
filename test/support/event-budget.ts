/**
 * Runs of the model held to an event budget, so that a broken model fails a test in seconds instead
 * of hanging it: a synchronous run cannot be stopped by the test's timeout, and a fault that keeps
 * replies or retries alive (a reply delivered twice, a timer that re-arms forever) turns a run of a
 * few seconds into one of minutes and gigabytes. The budget is derived from the same estimate the
 * size guard refuses files by (`estimateEvents`), capped at its per-run limit (`MAX_EVENTS`), and is
 * enforced through the run's own steps (`RunSteps`): nothing is added to the model, and a run within
 * its budget gives exactly what `runScenario` and `runFile` give.
 */
import {
  fileSteps,
  replicationSteps,
  scenarioSteps,
  type Report,
  type RunOptions,
  type RunPosition,
  type RunSteps,
  type VariantReport,
} from '../../src/model';
import { estimateEvents, MAX_EVENTS } from '../../src/scenario';
import type { Millis, Scenario, ScenarioFile } from '../../src/scenario/types';

/**
 * How far past the estimate a correct run may go. The estimate counts each request's events on its
 * normal path; retries and timeouts add to them: a run took up to 4.0 times its estimate in the
 * lessons (the retry storm) and 3.5 times in the random scenarios of the model's invariants. Ten
 * times leaves room for that, while a run that never ends is stopped at ten times its normal cost.
 */
export const BUDGET_FACTOR = 10;

/** Events every run may take whatever its estimate: a tiny scenario's estimate can be a few dozen. */
export const BUDGET_FLOOR = 10_000;

/** Thrown when a run passes its event budget: the model is most likely looping. */
export class EventBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventBudgetError';
  }
}

/**
 * Events one run of `scenario` (at `duration`, ms, or its own) may process in a test: the size
 * guard's estimate times {@link BUDGET_FACTOR}, at least {@link BUDGET_FLOOR}, at most the per-run
 * limit the command line and the page refuse files above.
 */
export function eventBudget(scenario: Scenario, duration?: Millis): number {
  const estimate = estimateEvents(duration === undefined ? scenario : { ...scenario, duration });
  return Math.min(MAX_EVENTS, Math.max(BUDGET_FLOOR, Math.ceil(BUDGET_FACTOR * estimate)));
}

/** `runScenario` within the event budget of `scenario`; throws an {@link EventBudgetError} past it. */
export function runScenarioWithinBudget(
  scenario: Scenario,
  name: string,
  options: RunOptions = {},
): VariantReport {
  return driveWithinBudget(scenarioSteps(scenario, name, options), () =>
    eventBudget(scenario, options.duration),
  );
}

/** `runFile` with each variant's run within its own event budget; throws an {@link EventBudgetError} past one. */
export function runFileWithinBudget(
  file: ScenarioFile,
  options: RunOptions & { readonly variant?: string } = {},
): Report {
  return driveWithinBudget(fileSteps(file, options), (at) => fileBudget(file, at, options.duration));
}

/** `runReplications` with each run within its event budget; throws an {@link EventBudgetError} past one. */
export function runReplicationsWithinBudget(
  file: ScenarioFile,
  options: RunOptions & { readonly variant?: string; readonly count?: number } = {},
): Report[] {
  return driveWithinBudget(replicationSteps(file, options), (at) => fileBudget(file, at, options.duration));
}

/** The budget of the run of `file` that `at` is in: its variant's, or the base's. */
function fileBudget(file: ScenarioFile, at: RunPosition, duration: Millis | undefined): number {
  const variant = file.variants.find((v) => v.name === at.variant);
  return eventBudget(variant?.scenario ?? file.base, duration);
}

/**
 * Takes every step of `steps` (a scenario's, a file's or replications'), giving each run the budget
 * `budgetOf` its first position, and returns what they give; throws an {@link EventBudgetError} once
 * a run is over its budget. A run's
 * steps yield when it starts (having run nothing) and when the events it was given are spent, so a
 * second position of the same run means that it is over its budget.
 */
export function driveWithinBudget<T, P extends RunPosition>(
  steps: RunSteps<T, P>,
  budgetOf: (at: P) => number,
): T {
  let step = steps.next();
  let started: { at: P; budget: number } | undefined;
  while (!step.done) {
    const at = step.value;
    if (started !== undefined && sameRun(started.at, at)) {
      steps.return(undefined as T);
      throw new EventBudgetError(
        `the run of '${at.variant}' went past its budget of ${started.budget.toLocaleString('en-US')} events ` +
          `at ${at.now.toFixed(1)} ms of ${at.end} ms: a run of this scenario takes far fewer, so the ` +
          `model is likely looping (a reply delivered twice, a retry or timer that never ends)`,
      );
    }
    started = { at, budget: budgetOf(at) };
    step = steps.next(started.budget);
  }
  return step.value;
}

/** Whether two positions are of the same run: the same variant, in the same replication when there are several. */
function sameRun(a: RunPosition, b: RunPosition): boolean {
  const replication = (p: RunPosition): unknown => ('replication' in p ? p.replication : undefined);
  return a.variantIndex === b.variantIndex && replication(a) === replication(b);
}
