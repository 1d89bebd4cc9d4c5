/**
 * The replications of the latest run that succeeded, as the page follows them: replication 0 is that
 * run (on the page's own worker); the others run on a pool of extra workers (`replications.ts`),
 * seeds seed + 1 to seed + N - 1, a few at once, never on the page's thread. A new batch replaces the
 * one before, whose late results are dropped: each answer is accepted only by the batch that asked.
 */
import type { ClaimResult, Report } from '../../worker/protocol';
import { extraSeeds, poolSize, type ReplicationBatch, type ReplicationPool } from '../replications';

/** The replications of one run. Reports and claims are kept in seed order. */
export interface Replications {
  /** The run they belong to (the status line's `data-run`). */
  readonly id: number;
  /** Replications the file asks for. */
  readonly count: number;
  /** Seed of replication 0. */
  readonly seed: number;
  /** Extra workers they run on. */
  readonly workers: number;
  readonly reports: Report[];
  readonly claims: (readonly ClaimResult[])[];
  /** Replications done, the first run included. */
  done: number;
  state: 'running' | 'complete' | 'stopped' | 'failed';
  /** Why they failed. */
  message?: string;
  batch?: ReplicationBatch;
}

/** Replication 0, as the page's own run gave it. */
export interface FirstReplication {
  /** The run's number. */
  readonly id: number;
  readonly text: string;
  readonly fileName: string;
  /** Replications the file asks for (1 or fewer: none more). */
  readonly replications: number;
  readonly report: Report;
  readonly claims: readonly ClaimResult[];
}

/** The page's replications. */
export interface ReplicationRuns {
  /** The replications of the latest run that succeeded, if any. */
  readonly current: Replications | undefined;
  /** Whether they still run. */
  readonly going: boolean;
  /** Runs the other replications of `first`'s file, replacing any batch before. */
  start(first: FirstReplication): void;
  /** Stops the replications still going (Stop pressed, or a new run starts). */
  stop(): void;
}

/**
 * The replications run on `pool`, sized for `hardwareConcurrency` cores; `onChange` hears of each
 * change of the current batch (started, a result in, ended).
 */
export function createReplicationRuns(
  pool: Pick<ReplicationPool, 'start'>,
  hardwareConcurrency: number | undefined,
  onChange: () => void,
): ReplicationRuns {
  let current: Replications | undefined;
  return {
    get current() {
      return current;
    },
    get going() {
      return current?.state === 'running';
    },
    start(first) {
      const count = Math.max(1, first.replications);
      const seed0 = first.report.seed;
      const workers = poolSize(count, hardwareConcurrency);
      const r: Replications = {
        id: first.id,
        count,
        seed: seed0,
        workers,
        reports: [first.report],
        claims: [first.claims],
        done: 1,
        state: count > 1 ? 'running' : 'complete',
      };
      current = r;
      if (count > 1) {
        r.batch = pool.start({
          text: first.text,
          fileName: first.fileName,
          seeds: extraSeeds(seed0, count),
          workers,
          onResult: (done, _total, index, answer) => {
            if (current !== r) return;
            r.reports[index + 1] = answer.report;
            r.claims[index + 1] = answer.claims;
            r.done = done + 1;
            onChange();
          },
        });
        void r.batch.finished.then((outcome) => {
          if (current !== r || r.state !== 'running') return;
          r.batch = undefined;
          if (outcome.status === 'done') r.state = 'complete';
          else if (outcome.status === 'cancelled') r.state = 'stopped';
          else {
            r.state = 'failed';
            r.message = outcome.message;
          }
          onChange();
        });
      }
      onChange();
    },
    stop() {
      const r = current;
      if (!r || r.state !== 'running') return;
      r.state = 'stopped';
      r.batch?.cancel();
      r.batch = undefined;
      onChange();
    },
  };
}
