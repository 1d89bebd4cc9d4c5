/**
 * The page's replications (`app/replication-runs.ts`): a batch's results are accepted only while it is
 * the current one, Stop ends it, and its end says how it went.
 */
import { describe, expect, it } from 'vitest';
import { createReplicationRuns, type FirstReplication } from '../../../src/ui/app/replication-runs';
import type { ReplicationJob, ReplicationOutcome } from '../../../src/ui/replications';
import type { Report } from '../../../src/worker/protocol';

/** A pool that keeps each job and lets the test answer it and end it. */
function fakePool() {
  const jobs: { job: ReplicationJob; end: (outcome: ReplicationOutcome) => void; cancelled: boolean }[] = [];
  return {
    jobs,
    start(job: ReplicationJob) {
      let end!: (outcome: ReplicationOutcome) => void;
      const finished = new Promise<ReplicationOutcome>((resolve) => (end = resolve));
      const entry = { job, end, cancelled: false };
      jobs.push(entry);
      return {
        seeds: job.seeds,
        finished,
        cancel: () => {
          entry.cancelled = true;
          end({ status: 'cancelled', done: 0 });
        },
      };
    },
  };
}

const report = (seed: number) => ({ seed, variants: [] }) as unknown as Report;
const first = (id: number, replications: number): FirstReplication => ({
  id,
  text: 'name: x',
  fileName: 'x.yaml',
  replications,
  report: report(7),
  claims: [],
});
const answer = (seed: number) => ({ report: report(seed), claims: [] }) as never;

describe('replication runs', () => {
  it('runs the other seeds and completes with every report in seed order', async () => {
    const pool = fakePool();
    let changes = 0;
    const runs = createReplicationRuns(pool, 4, () => changes++);
    runs.start(first(1, 3));
    expect(runs.going).toBe(true);
    expect(pool.jobs[0].job.seeds).toEqual([8, 9]);
    pool.jobs[0].job.onResult?.(1, 2, 1, answer(9));
    pool.jobs[0].job.onResult?.(2, 2, 0, answer(8));
    pool.jobs[0].end({ status: 'done', results: [] });
    await Promise.resolve();
    expect(runs.current?.state).toBe('complete');
    expect(runs.current?.reports.map((r) => r.seed)).toEqual([7, 8, 9]);
    expect(changes).toBe(4);
  });

  it('drops the results of a batch a newer run replaced', async () => {
    const pool = fakePool();
    const runs = createReplicationRuns(pool, 4, () => undefined);
    runs.start(first(1, 3));
    runs.stop();
    runs.start(first(2, 3));
    pool.jobs[0].job.onResult?.(1, 2, 0, answer(8));
    pool.jobs[0].end({ status: 'failed', message: 'late', done: 1 });
    await Promise.resolve();
    expect(pool.jobs[0].cancelled).toBe(true);
    expect(runs.current?.id).toBe(2);
    expect(runs.current?.done).toBe(1);
    expect(runs.current?.state).toBe('running');
  });

  it('stops on Stop, and a file with one replication has none to run', () => {
    const pool = fakePool();
    const runs = createReplicationRuns(pool, 4, () => undefined);
    runs.start(first(1, 3));
    runs.stop();
    expect(runs.current?.state).toBe('stopped');
    expect(runs.going).toBe(false);
    runs.start(first(2, 1));
    expect(pool.jobs).toHaveLength(1);
    expect(runs.current?.state).toBe('complete');
  });
});
