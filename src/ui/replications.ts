/**
 * Replications on a pool of extra simulation workers. The page's own worker runs the file once (on
 * seed s, replication 0) and then plays it back; the other seeds, s + 1 to s + N - 1, run here, each
 * a plain `run` on a worker of the pool, so that they never hold up the diagram or the page's thread.
 * A new batch cancels the one before; cancelling ends the busy workers (the next call starts fresh
 * ones) and leaves the idle ones be.
 */
import { replicationSeeds } from '../report/comparison';
import type { RunRequest, RunResult } from '../worker/protocol';

/** The part of a simulation client (src/worker/client.ts) the pool uses. */
export interface ReplicationClient {
  run(text: string, fileName: string, options?: RunRequest): Promise<RunResult>;
  /** Stops whatever the client is doing; its pending run rejects. */
  cancel(): void;
  /** Ends the client for good. */
  dispose(): void;
}

/** The answer of a run that succeeded. */
export type RunSuccess = Extract<RunResult, { ok: true }>;

/** How a batch ended: every seed run (results in seed order), cancelled, or failed (why). */
export type ReplicationOutcome =
  | { readonly status: 'done'; readonly results: readonly RunSuccess[] }
  | { readonly status: 'cancelled'; readonly done: number }
  | { readonly status: 'failed'; readonly message: string; readonly done: number };

export interface ReplicationJob {
  readonly text: string;
  readonly fileName: string;
  /** The seeds to run, one run each. */
  readonly seeds: readonly number[];
  /** Workers to run them on at once (at least 1). */
  readonly workers: number;
  /** Options of each run but the seed (a simulated time, say). */
  readonly options?: Omit<RunRequest, 'seed'>;
  /** Hears of each finished run: how many are done, of how many, and which (index into `seeds`). */
  readonly onResult?: (done: number, total: number, index: number, result: RunSuccess) => void;
}

export interface ReplicationBatch {
  readonly seeds: readonly number[];
  /** Settles once, when every run is done, one failed, or the batch was cancelled. */
  readonly finished: Promise<ReplicationOutcome>;
  /** Stops the batch: its busy workers are ended and `finished` says `cancelled`. */
  cancel(): void;
}

export interface ReplicationPool {
  /** Runs `job`, cancelling the batch before if it is still going. */
  start(job: ReplicationJob): ReplicationBatch;
  /** Cancels the current batch, if any. */
  cancel(): void;
  /** Cancels and ends every worker of the pool. */
  dispose(): void;
}

/** Most extra workers the page starts, however many cores there are. */
export const MAX_POOL = 4;

/**
 * Workers for `replications` runs (the first already done on the page's own worker): one per
 * remaining run, leaving a core to the page, at least 1 and at most {@link MAX_POOL}; 0 for none.
 */
export function poolSize(replications: number, hardwareConcurrency: number | undefined): number {
  const cores = hardwareConcurrency && hardwareConcurrency > 0 ? hardwareConcurrency : 2;
  return Math.max(0, Math.min(replications - 1, Math.max(1, cores - 1), MAX_POOL));
}

/** The seeds of the replications after the first run's (`meshsim compare`'s, from the second on). */
export function extraSeeds(seed: number, replications: number): number[] {
  return replicationSeeds(seed, replications).slice(1);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** A pool whose workers `createClient` makes, started as a batch first needs them. */
export function createReplicationPool(createClient: () => ReplicationClient): ReplicationPool {
  const clients: ReplicationClient[] = [];
  let current: ReplicationBatch | undefined;

  const clientAt = (i: number): ReplicationClient => (clients[i] ??= createClient());

  const start = (job: ReplicationJob): ReplicationBatch => {
    current?.cancel();
    const { seeds } = job;
    const total = seeds.length;
    const results: RunSuccess[] = [];
    const busy = new Set<ReplicationClient>();
    let next = 0;
    let done = 0;
    let over = false;
    let settle: (outcome: ReplicationOutcome) => void = () => undefined;
    const finished = new Promise<ReplicationOutcome>((resolve) => (settle = resolve));

    const finish = (outcome: ReplicationOutcome): void => {
      if (over) return;
      over = true;
      const stopping = [...busy];
      busy.clear();
      if (current === batch) current = undefined;
      for (const client of stopping) client.cancel();
      settle(outcome);
    };

    /** One worker's loop: take the next seed until none is left or the batch is over. */
    const work = async (client: ReplicationClient): Promise<void> => {
      while (!over && next < total) {
        const index = next++;
        busy.add(client);
        let result: RunResult;
        try {
          result = await client.run(job.text, job.fileName, { ...job.options, seed: seeds[index] });
        } catch (error) {
          finish({ status: 'failed', message: messageOf(error), done });
          return;
        } finally {
          busy.delete(client);
        }
        if (over) return;
        if (!result.ok) {
          const why = result.stage === 'run' ? result.message : 'the scenario has errors';
          finish({ status: 'failed', message: `seed ${seeds[index]}: ${why}`, done });
          return;
        }
        results[index] = result;
        done++;
        job.onResult?.(done, total, index, result);
        if (done === total) finish({ status: 'done', results });
      }
    };

    const batch: ReplicationBatch = {
      seeds,
      finished,
      cancel: () => finish({ status: 'cancelled', done }),
    };
    current = batch;
    if (total === 0) finish({ status: 'done', results });
    else {
      const workers = Math.max(1, Math.min(job.workers, total));
      for (let w = 0; w < workers; w++) void work(clientAt(w));
    }
    return batch;
  };

  return {
    start,
    cancel: () => current?.cancel(),
    dispose() {
      current?.cancel();
      for (const client of clients.splice(0)) client.dispose();
    },
  };
}
