/**
 * Replications: a file run on several seeds, replication i on seed + i with every variant (see
 * comparison.ts for what is made of them).
 */
import type { ScenarioFile } from '../scenario/types';
import { replicationSeeds } from './comparison';
import type { Report } from './report';
import { runFile, type RunOptions } from './run';

export { compareReplications, replicationSeeds, type Comparison, type ComparisonRow } from './comparison';

/**
 * Runs `file` `count` times (default: its `replications`), replication i on the seed + i of
 * `options.seed` or the file's seed. `onReplication` hears of each finished one.
 */
export function runReplications(
  file: ScenarioFile,
  options: RunOptions & { readonly variant?: string; readonly count?: number } = {},
  onReplication?: (done: number, count: number) => void,
): Report[] {
  const count = options.count ?? file.base.replications;
  const seeds = replicationSeeds(options.seed ?? file.base.seed, count);
  return seeds.map((seed, i) => {
    const report = runFile(file, {
      ...options,
      seed,
      onProgress: options.onProgress && ((now, end) => options.onProgress!(i * end + now, end * count)),
    });
    onReplication?.(i + 1, count);
    return report;
  });
}
