/**
 * The resource budget of a whole command: every run it makes (variants × replications or seeds, at
 * the duration asked) must fit in the event limits and the memory budget, checked before any run
 * starts. The loader checks a file at its own settings; the command line and the page check again
 * with their overrides (`--duration`, `--replications`, `--seeds`, the page's sliders).
 */
import { formatPath, type Path } from './diagnostics';
import { largestShare, runCost, type CostShare, type RunCost } from './run-cost';
import type { Millis, Scenario, ScenarioFile } from './types';

/** The limits a command is held to. */
export interface Budget {
  /** Events one run (one variant on one seed) may process. */
  readonly runEvents: number;
  /** Events a whole command may process: every variant on every replication or seed. */
  readonly commandEvents: number;
  /** Bytes the runs going at once may hold. */
  readonly memoryBytes: number;
}

/**
 * The default budget, the same for the command line and the page: 50 million events a run (about
 * ten seconds of simulation), 500 million a command, and 1 GB of memory, within a browser tab's
 * heap and a default Node heap with room for the rest.
 */
export const DEFAULT_BUDGET: Budget = {
  runEvents: 50_000_000,
  commandEvents: 500_000_000,
  memoryBytes: 1_000_000_000,
};

/** What a command runs of a file, beyond the file itself. */
export interface CommandShape {
  /** Simulated time of every run instead of the file's, ms. */
  readonly duration?: Millis;
  /** Only the variant of this name (when the file has it). */
  readonly variant?: string;
  /** Runs of every variant (replications or seeds); default 1. */
  readonly runs?: number;
  /** What `runs` counts, for messages; default `replications`. */
  readonly runsNoun?: string;
  /** The variants run at once (the page): their memory adds up. Otherwise one after the other. */
  readonly together?: boolean;
  /** The page also records frames of every instance. */
  readonly frames?: boolean;
}

/** Why a command is refused: the field to lower, in the variant it is in, and the words to say. */
export interface BudgetRefusal {
  /** Index in the file's variants; undefined for the base (a file without variants). */
  readonly variant: number | undefined;
  readonly path: Path;
  readonly message: string;
  readonly hint: string;
}

/**
 * Checks what `shape` runs of `file` against `budget`: each run's events, the memory of the runs
 * going at once, then the events of the whole command. Returns the first refusal, naming the
 * largest contributor, or undefined when the command fits.
 */
export function checkBudget(
  file: ScenarioFile,
  shape: CommandShape = {},
  budget: Budget = DEFAULT_BUDGET,
): BudgetRefusal | undefined {
  const runs = Math.max(1, shape.runs ?? 1);
  const all =
    file.variants.length > 0
      ? file.variants.map((v, i) => ({ index: i as number | undefined, name: v.name, scenario: v.scenario }))
      : [{ index: undefined, name: undefined, scenario: file.base }];
  const chosen = all.filter((v) => shape.variant === undefined || v.name === shape.variant);
  const selected = chosen.length > 0 ? chosen : all;
  const costs = selected.map((v) => ({
    ...v,
    cost: runCost(v.scenario, { duration: shape.duration, frames: shape.frames }),
  }));

  const memory = shape.together
    ? costs.reduce((n, v) => n + v.cost.bytes, 0)
    : Math.max(...costs.map((v) => v.cost.bytes));
  if (memory > budget.memoryBytes) {
    const worst = costs.reduce((a, b) => (b.cost.bytes > a.cost.bytes ? b : a));
    const share = largestShare(worst.cost.byteShares)!;
    const together = shape.together && costs.length > 1 ? ` for ${costs.length} variants at once` : '';
    return {
      variant: worst.index,
      path: share.path,
      message:
        `${prefix(worst.name)}this would hold about ${bytesText(memory)}${together}, over the memory budget of ` +
        `${bytesText(budget.memoryBytes)}; ${share.what} takes ${bytesText(share.amount)}`,
      hint: hintFor(share.path, worst.scenario, shape.duration, 'memory'),
    };
  }
  // After memory (a run too large to hold crashes; one too long only takes time), each run's events.
  for (const v of costs) {
    if (v.cost.events > budget.runEvents) return runTooLong(v, shape, budget);
  }
  const perRun = costs.reduce((n, v) => n + v.cost.events, 0);
  const total = perRun * runs;
  if (total > budget.commandEvents) {
    const worst = costs.reduce((a, b) => (b.cost.events > a.cost.events ? b : a));
    const share = largestShare(worst.cost.eventShares)!;
    const factors = [
      ...(runs > 1 ? [`${runs} ${shape.runsNoun ?? 'replications'}`] : []),
      ...(costs.length > 1 ? [`${costs.length} variants`] : []),
    ];
    const each = costs.length > 1 ? `${countText(perRun / costs.length)} each` : countText(perRun);
    const lower = [
      ...(costs.length > 1 ? ['the variants'] : []),
      ...(runs > 1 ? [`the ${shape.runsNoun ?? 'replications'}`] : []),
      'the duration',
      'the rate',
    ];
    return {
      variant: worst.index,
      path: share.path,
      message:
        `about ${countText(total)} events: ${[...factors, each].join(' × ')}; over the limit of ` +
        `${countText(budget.commandEvents)} for a whole command (most from ${share.what})`,
      hint: `lower ${lower.slice(0, -1).join(', ')} or ${lower.at(-1)}`,
    };
  }
  return undefined;
}

/** A run over the per-run event limit, named by its largest contributor. */
function runTooLong(
  v: { index: number | undefined; name: string | undefined; scenario: Scenario; cost: RunCost },
  shape: CommandShape,
  budget: Budget,
): BudgetRefusal {
  const share = largestShare(v.cost.eventShares) as CostShare;
  return {
    variant: v.index,
    path: share.path,
    message:
      `${prefix(v.name)}this run is too large: about ${countText(v.cost.events)} events, over the limit of ` +
      `${countText(budget.runEvents)} per run; ${share.what} makes ${countText(share.amount)}`,
    hint: hintFor(share.path, v.scenario, shape.duration, 'events'),
  };
}

const prefix = (variant: string | undefined): string =>
  variant === undefined ? '' : `variant "${variant}": `;

/** What to lower, by the kind of field that costs most: memory held does not shrink with a shorter run, but for calls waiting. */
function hintFor(path: Path, s: Scenario, duration: Millis | undefined, over: 'events' | 'memory'): string {
  const field = formatPath(path);
  const seconds = durationText(duration ?? s.duration);
  const tail = path.at(-1);
  if (over === 'memory' && tail !== 'queue') return `lower ${field}`;
  switch (tail) {
    case 'rate':
    case 'users':
      return `lower the duration (${seconds}), ${field} or the load of other clients`;
    case 'interval':
      return `raise ${field}, or lower the duration (${seconds})`;
    case 'queue':
      return `bound ${field} (calls waiting per instance), or lower the load or the duration (${seconds})`;
    case 'target':
      return `lower the instances the fault touches, or give it an instance`;
    default:
      return `lower ${field}`;
  }
}

/** 60000 -> `60 s`, 3.6e9 -> `1000 h`: a run's duration in its largest whole-ish unit. */
function durationText(ms: Millis): string {
  const s = ms / 1000;
  if (s >= 7200) return `${Number((s / 3600).toPrecision(4))} h`;
  if (s >= 600) return `${Number((s / 60).toPrecision(4))} min`;
  return `${Number(s.toPrecision(4))} s`;
}

/** 540000000 -> "540 million", 1.234e9 -> "1.23 billion", 3000 -> "3,000": enough digits to compare with a limit. */
export function countText(n: number): string {
  if (!Number.isFinite(n)) return 'infinitely many';
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(3))} billion`;
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))} million`;
  return Math.round(n).toLocaleString('en-US');
}

/** Bytes as `1.5 GB`, `730 MB` or `12 kB` (powers of 1000). */
export function bytesText(n: number): string {
  if (!Number.isFinite(n)) return 'more than any amount of memory';
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(3))} GB`;
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))} MB`;
  return `${Number((n / 1e3).toPrecision(3))} kB`;
}
