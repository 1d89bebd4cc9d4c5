/**
 * Replications: a file run on several seeds, replication i on seed + i with every variant (see
 * report/comparison.ts for what is made of them).
 */
import type { ScenarioFile } from '../scenario/types';
import { replicationSeeds } from '../report/comparison';
import type { Report } from '../report/report';
import { fileSteps, runToEnd, within, type RunOptions, type RunPosition, type RunSteps } from './run';

/** Where replications stepped piece by piece have got to: the run's position, in which replication. */
export interface ReplicationPosition extends RunPosition {
  /** The replication going, from 0, of how many, and its seed. */
  readonly replication: number;
  readonly replications: number;
  readonly seed: number;
}

/**
 * Runs `file` `count` times (default: its `replications`), replication i on the seed + i of
 * `options.seed` or the file's seed. `onReplication` hears of each finished one.
 */
export function runReplications(
  file: ScenarioFile,
  options: RunOptions & { readonly variant?: string; readonly count?: number } = {},
  onReplication?: (done: number, count: number) => void,
): Report[] {
  return runToEnd(replicationSteps(file, options, onReplication));
}

/** {@link runReplications} as steps (see `RunSteps`). */
export function* replicationSteps(
  file: ScenarioFile,
  options: RunOptions & { readonly variant?: string; readonly count?: number } = {},
  onReplication?: (done: number, count: number) => void,
): RunSteps<Report[], ReplicationPosition> {
  const count = options.count ?? file.base.replications;
  const seeds = replicationSeeds(options.seed ?? file.base.seed, count);
  const reports: Report[] = [];
  for (const [i, seed] of seeds.entries()) {
    const steps = fileSteps(file, {
      ...options,
      seed,
      onProgress: options.onProgress && ((now, end) => options.onProgress!(i * end + now, end * count)),
    });
    reports.push(yield* within(steps, (p) => ({ ...p, replication: i, replications: count, seed })));
    onReplication?.(i + 1, count);
  }
  return reports;
}
