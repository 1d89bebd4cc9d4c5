import type { Millis, Scenario, ScenarioFile } from '../scenario/types';
import type { Report, VariantReport } from './report';
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

/**
 * Runs one scenario to its end and reports it under `name`. Requests are traced only when
 * `onTraces` wants them: the report does not use traces, and keeping the spans of 1 % of the
 * requests costs about a tenth of the run (sampling by hash draws no random number, so the run is
 * the same either way).
 */
export function runScenario(scenario: Scenario, name: string, options: RunOptions = {}): VariantReport {
  const started = performance.now();
  const traced = options.onTraces ? scenario : { ...scenario, tracing: { ...scenario.tracing, sample: 0 } };
  const sim = new Simulation(traced, options);
  if (options.onSeries) {
    const sliceMs = seriesSliceMs(sim.end);
    const recorder = new RunSeriesRecorder(sim, sim.end / sliceMs + 1);
    // Slice ends on a grid of whole slices, and the run's end: the same times whatever the progress.
    const slices = Math.ceil(sim.end / sliceMs);
    const every = Math.max(1, Math.floor(slices / PROGRESS_SLICES));
    for (let slice = 1; slice <= slices; slice++) {
      const to = Math.min(sim.end, slice * sliceMs);
      sim.runUntil(to);
      recorder.sample(to);
      if (options.onProgress && (slice % every === 0 || slice === slices))
        options.onProgress(sim.now, sim.end);
    }
    options.onSeries(name, recorder.series());
  } else if (options.onProgress) {
    for (let slice = 1; slice <= PROGRESS_SLICES; slice++) {
      sim.runUntil((sim.end * slice) / PROGRESS_SLICES);
      options.onProgress(sim.now, sim.end);
    }
  } else {
    sim.runUntil(sim.end);
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
  const runs = file.variants.length > 0 ? file.variants : [{ name: 'base', scenario: file.base }];
  let chosen = runs;
  if (options.variant !== undefined) {
    chosen = runs.filter((run) => run.name === options.variant);
    if (chosen.length === 0) {
      throw new Error(
        `no variant '${options.variant}'; the file has: ${runs.map((run) => run.name).join(', ')}`,
      );
    }
  }
  // Progress spans all the variants run, in order.
  const total = chosen.length;
  const variants = chosen.map((run, i) =>
    runScenario(run.scenario, run.name, {
      ...options,
      onProgress: options.onProgress && ((now, end) => options.onProgress!(i * end + now, end * total)),
    }),
  );
  return { scenario: file.base.name, seed: options.seed ?? file.base.seed, variants };
}
