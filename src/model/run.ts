import type { Millis, Scenario, ScenarioFile } from '../scenario/types';
import type { Report, VariantReport } from '../report/report';
import { chosenVariants, runVariants } from '../report/run-variants';
import { buildReport } from './report-builder';
import { RunSeriesRecorder, seriesSliceMs, type RunSeries } from './run-series';
import { Simulation } from './simulation';
import type { Trace } from './trace';

/** Options of one run; each overrides the scenario's own value. */
export interface RunOptions {
  readonly seed?: number;
  readonly duration?: Millis;
  /** Called now and then with the simulated time reached, for progress bars. */
  readonly onProgress?: (now: Millis, end: Millis) => void;
  /** Called at the end of each run with the traces it kept (`--trace`). */
  readonly onTraces?: (variant: string, traces: Trace[]) => void;
  /**
   * Called at the end of each run with its figures slice by slice (`seriesSliceMs`), for the
   * page's charts over time; the report is the same with or without.
   */
  readonly onSeries?: (variant: string, series: RunSeries) => void;
}

/** Slices a run is cut into, so progress can be reported between them. */
const PROGRESS_SLICES = 100;

/** Where a run stepped piece by piece has got to. */
export interface RunPosition {
  /** The scenario being run: a variant's name, or `base` for a file without variants. */
  readonly variant: string;
  /** Its place among the scenarios run, from 0, and how many are run. */
  readonly variantIndex: number;
  readonly variantCount: number;
  /** Simulated time reached and the scenario's end, ms. */
  readonly now: Millis;
  readonly end: Millis;
}

/**
 * A run as steps, for whoever drives it: `next(maxEvents)` runs at most `maxEvents` more events (the
 * rest of a slice when omitted) and yields where the run has got to, `P`; the generator returns what
 * the run gives. Stepping is separate from driving: `runFile` takes every step at once, the command
 * line pauses between steps for its event loop, so that it hears Ctrl-C. How a run is cut into steps
 * never changes what it gives.
 */
export type RunSteps<T, P = RunPosition> = Generator<P, T, number | undefined>;

/** Takes every step of `steps` at once and returns what they give. */
export function runToEnd<T, P>(steps: RunSteps<T, P>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** Steps `inner` within an outer run: the driver's budgets go down to it, its positions come up as `place` makes them. */
export function* within<T, P, Q>(inner: RunSteps<T, P>, place: (position: P) => Q): RunSteps<T, Q> {
  let step = inner.next();
  while (!step.done) step = inner.next(yield place(step.value));
  return step.value;
}

/**
 * Runs one scenario to its end and reports it under `name`. Requests are traced only when
 * `onTraces` wants them: the report does not use traces, and keeping the spans of 1 % of the
 * requests costs about a tenth of the run (sampling by hash draws no random number, so the run is
 * the same either way).
 */
export function runScenario(scenario: Scenario, name: string, options: RunOptions = {}): VariantReport {
  return runToEnd(scenarioSteps(scenario, name, options));
}

/**
 * {@link runScenario} as steps (see {@link RunSteps}): the first step builds the simulation and runs
 * nothing, each later one at most the driver's budget of events.
 */
export function* scenarioSteps(
  scenario: Scenario,
  name: string,
  options: RunOptions = {},
): RunSteps<VariantReport> {
  const started = performance.now();
  const traced = options.onTraces ? scenario : { ...scenario, tracing: { ...scenario.tracing, sample: 0 } };
  const sim = new Simulation(traced, options);
  const position = (): RunPosition => ({
    variant: name,
    variantIndex: 0,
    variantCount: 1,
    now: sim.now,
    end: sim.end,
  });
  const kernel = sim.kernel;
  // The step going ends once the kernel has run this many events, whatever slices it spans.
  let stepEnd = kernel.events + ((yield position()) ?? Infinity);
  /** Runs the simulation up to `to`, in steps of at most the driver's budget. */
  function* reach(to: Millis): Generator<RunPosition, void, number | undefined> {
    while (!sim.runUntil(to, stepEnd - kernel.events))
      stepEnd = kernel.events + ((yield position()) ?? Infinity);
  }
  if (options.onSeries) {
    const sliceMs = seriesSliceMs(sim.end);
    const recorder = new RunSeriesRecorder(sim, sim.end / sliceMs + 1);
    // Slice ends on a grid of whole slices, and the run's end: the same times whatever the progress.
    const slices = Math.ceil(sim.end / sliceMs);
    const every = Math.max(1, Math.floor(slices / PROGRESS_SLICES));
    for (let slice = 1; slice <= slices; slice++) {
      const to = Math.min(sim.end, slice * sliceMs);
      yield* reach(to);
      recorder.sample(to);
      if (options.onProgress && (slice % every === 0 || slice === slices))
        options.onProgress(sim.now, sim.end);
    }
    options.onSeries(name, recorder.series());
  } else if (options.onProgress) {
    for (let slice = 1; slice <= PROGRESS_SLICES; slice++) {
      yield* reach((sim.end * slice) / PROGRESS_SLICES);
      options.onProgress(sim.now, sim.end);
    }
  } else {
    yield* reach(sim.end);
  }
  const wallMs = performance.now() - started;
  options.onTraces?.(name, sim.tracer.traces());
  return buildReport(sim, name, wallMs);
}

/**
 * Runs a loaded file: every variant in file order, or the base alone (named `base`) when the file has
 * none. `variant` picks one by name; an unknown name throws an Error that lists the choices.
 */
export function runFile(
  file: ScenarioFile,
  options: RunOptions & { readonly variant?: string } = {},
): Report {
  return runToEnd(fileSteps(file, options));
}

/** {@link runFile} as steps (see {@link RunSteps}). */
export function* fileSteps(
  file: ScenarioFile,
  options: RunOptions & { readonly variant?: string } = {},
): RunSteps<Report> {
  const chosen = chosenVariants(file, options.variant);
  if (chosen.length === 0) {
    const names = runVariants(file).map((run) => run.name);
    throw new Error(`no variant '${options.variant}'; the file has: ${names.join(', ')}`);
  }
  // Progress spans all the variants run, in order.
  const total = chosen.length;
  const variants: VariantReport[] = [];
  for (const [i, run] of chosen.entries()) {
    const steps = scenarioSteps(run.scenario, run.name, {
      ...options,
      onProgress: options.onProgress && ((now, end) => options.onProgress!(i * end + now, end * total)),
    });
    variants.push(yield* within(steps, (p) => ({ ...p, variantIndex: i, variantCount: total })));
  }
  return { scenario: file.base.name, seed: options.seed ?? file.base.seed, variants };
}
