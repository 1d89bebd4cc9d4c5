/**
 * The size guard: the resource budget (`budget.ts`) applied where a file is loaded, and again, with
 * the same positions, wherever a command or the page changes what a file runs. A file asking for
 * billions of events or gigabytes of memory is refused before any run starts, at the field that
 * costs most, rather than freezing the page or exhausting the process.
 */
import { checkBudget, DEFAULT_BUDGET, type Budget, type BudgetRefusal, type CommandShape } from './budget';
import { formatPath, type Diagnostic, type Reporter } from './diagnostics';
import { locate, type LNode } from './positions';
import { runCost } from './run-cost';
import type { Scenario, ScenarioFile } from './types';

export { DEFAULT_BUDGET, type Budget, type BudgetRefusal, type CommandShape } from './budget';

/** Runs estimated above this many events are refused (the default budget's per-run limit). */
export const MAX_EVENTS = DEFAULT_BUDGET.runEvents;

/** A rough number of events the run of `s` would process. */
export function estimateEvents(s: Scenario): number {
  return runCost(s).events;
}

/** The located trees a file was read from, to position refusals made after loading. */
const trees = new WeakMap<ScenarioFile, { fileName: string; base: LNode; variants: readonly LNode[] }>();

/** Keeps the trees `file` was built from (its base and each merged variant), for `budgetDiagnostic`. */
export function rememberTrees(
  file: ScenarioFile,
  fileName: string,
  base: LNode,
  variants: readonly LNode[],
): void {
  trees.set(file, { fileName, base, variants });
}

/**
 * Refuses one document (the base or a merged variant) whose one run, at its own duration, is over the
 * per-run event limit or the memory budget: an error at the field that costs most. Returns whether
 * the document is small enough.
 */
export function checkSize(s: Scenario, root: LNode, r: Reporter, budget: Budget = DEFAULT_BUDGET): boolean {
  const refusal = checkBudget({ base: s, variants: [] }, {}, { ...budget, commandEvents: Infinity });
  if (refusal === undefined) return true;
  r.error(locate(root, refusal.path), refusal.path, { message: refusal.message, hint: refusal.hint });
  return false;
}

/**
 * The whole-command check for `file` as `shape` runs it (by default: every variant on its
 * `replications` seeds), as a positioned diagnostic; undefined when it fits. A file whose trees
 * were not kept (not loaded by `loadScenario`) is positioned at its start.
 */
export function budgetDiagnostic(
  file: ScenarioFile,
  shape: CommandShape = { runs: file.base.replications },
  budget: Budget = DEFAULT_BUDGET,
): Diagnostic | undefined {
  const refusal = checkBudget(file, shape, budget);
  return refusal === undefined ? undefined : refusalDiagnostic(file, refusal);
}

/**
 * A refusal of what a command or the page asks of `file` (the budget's, or another guard's) as a
 * diagnostic at the refused field of the variant it names, positioned as `budgetDiagnostic`'s are.
 */
export function refusalDiagnostic(file: ScenarioFile, refusal: BudgetRefusal): Diagnostic {
  const known = trees.get(file);
  const root = known && (refusal.variant === undefined ? known.base : known.variants[refusal.variant]);
  const pos = root ? locate(root, refusal.path) : { line: 1, column: 1 };
  return {
    severity: 'error',
    file: known?.fileName ?? file.base.name,
    ...pos,
    path: formatPath(refusal.path),
    message: refusal.message,
    hint: refusal.hint,
  };
}
