/**
 * Repetition and summary of benchmark runs: warm-up runs first (so the JIT has compiled the hot path
 * before anything is timed), then timed repetitions, summarised as min, median and max. The median is
 * the figure compared with a target: on a small shared machine one slow run says more about the
 * neighbours than about the code.
 *
 * Each run is timed twice: by the wall clock, which is what a user waits for and what targets are
 * stated in, and by the process's CPU time, which other processes competing for the cores inflate
 * far less. When the two disagree a lot, the machine was busy.
 */

/** What one timed run did: `count` units of work (events, requests) in `ms` of wall time. */
export interface RunResult {
  readonly count: number;
  readonly ms: number;
  /** CPU time of this process (user + system, all threads) over the run, ms. */
  readonly cpuMs: number;
}

/** Several runs of one benchmark, as rates per second. */
export interface Rates {
  /** Rates per second of wall time of each timed run, in run order. */
  readonly runs: readonly number[];
  readonly min: number;
  readonly median: number;
  readonly max: number;
  /** Median rate per second of CPU time; undefined when not measured. */
  readonly cpuMedian?: number;
  /** Units of work in one run (of the last run, when they differ). */
  readonly count: number;
}

/** Times `work`, which returns how many units it did. */
export function timed(work: () => number): RunResult {
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const count = work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  return { count, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Runs `run` `warmups` times untimed, then `reps` times, and summarises the rates. */
export function repeatRates(run: () => RunResult, reps: number, warmups = 1): Rates {
  for (let i = 0; i < warmups; i++) run();
  const results: RunResult[] = [];
  for (let i = 0; i < reps; i++) results.push(run());
  return ratesOf(results);
}

/** The rates of runs already timed (at least one), by the wall clock and by CPU time. */
export function ratesOf(results: readonly RunResult[]): Rates {
  const runs = results.map((r) => r.count / (r.ms / 1000));
  const cpuRuns = results.map((r) => r.count / (r.cpuMs / 1000));
  return { ...summarise(runs, results[results.length - 1].count), cpuMedian: summarise(cpuRuns).median };
}

/** Min, median and max of `values`. */
export function summarise(values: readonly number[], count = 0): Rates {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runs: values, min: sorted[0], median, max: sorted[sorted.length - 1], count };
}
