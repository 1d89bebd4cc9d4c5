/**
 * Scenario files run the way `meshsim run` runs them: read the text, load it (parse, validate, fill
 * defaults), then run every variant with a progress callback. Each timed run includes all three steps,
 * so the figures are what a user of the CLI waits for, less the printing of the report.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runFile, type VariantReport } from '../src/model';
import { formatDiagnostic, loadScenario } from '../src/scenario';
import type { Millis, Scenario, ScenarioFile } from '../src/scenario/types';

/** The repository's root directory, whatever the working directory. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A path under the repository's root. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

/** Reads and loads a scenario file; throws with its diagnostics when it is not valid. */
export function loadFile(path: string): ScenarioFile {
  const result = loadScenario(readFileSync(path, 'utf8'), path);
  if (!result.ok) {
    throw new Error(
      `${path} is not a valid scenario:\n${result.errors.map((e) => formatDiagnostic(e)).join('\n')}`,
    );
  }
  return result.file;
}

/** What one run of a file did. */
export interface FileRun {
  /** Requests generated after warmup, summed over the variants run. */
  readonly requests: number;
  /** Engine events, summed over the variants run. */
  readonly events: number;
  /** Wall time of read, load and run, ms. */
  readonly ms: number;
  /** CPU time (user + system, all threads) of read, load and run, ms. */
  readonly cpuMs: number;
  /** Mean end-to-end latency of the first variant, ms (a sanity check against theory). */
  readonly meanLatency: number;
  /** The first variant's report, for details beside the rates (statuses, plugin counters). */
  readonly first: VariantReport;
}

/** Reads, loads and runs `path` as the CLI does, with `duration` (ms) overriding the file's. */
export function runAsCli(path: string, duration?: Millis): FileRun {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const file = loadFile(path);
  let progressCalls = 0;
  const report = runFile(file, { duration, onProgress: () => void progressCalls++ });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  let requests = 0;
  let events = 0;
  for (const variant of report.variants) {
    requests += variant.requests.generated;
    events += variant.events;
  }
  return {
    requests,
    events,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    meanLatency: report.variants[0].latencyMs.mean,
    first: report.variants[0],
  };
}

/**
 * Requests per second the scenario's open clients offer, when that is fixed (Poisson or constant
 * arrivals without a rate schedule); undefined otherwise.
 */
export function offeredRate(scenario: Scenario): number | undefined {
  let rate = 0;
  for (const client of scenario.clients) {
    if (client.arrival.process === 'closed' || client.schedule.length > 0) return undefined;
    rate += client.arrival.rate;
  }
  return rate;
}

/**
 * The duration (ms) at which a run of `path` generates about `requests` requests over all the variants
 * run: from the offered rate when it is fixed, else by scaling a run at the file's own duration.
 */
export function durationFor(path: string, requests: number): Millis {
  const file = loadFile(path);
  const runs = file.variants.length > 0 ? file.variants.map((v) => v.scenario) : [file.base];
  const rates = runs.map(offeredRate);
  if (rates.every((r) => r !== undefined)) {
    const warmup = Math.max(...runs.map((s) => s.warmup));
    const total = rates.reduce((a, b) => a + b, 0);
    return warmup + (requests / total) * 1000;
  }
  const probe = runAsCli(path);
  const measured = Math.max(...runs.map((s) => s.duration - s.warmup));
  const warmup = Math.max(...runs.map((s) => s.warmup));
  return warmup + measured * (requests / Math.max(probe.requests, 1));
}
