import { describe, expect, test } from 'vitest';
import {
  createReplicationPool,
  extraSeeds,
  MAX_POOL,
  poolSize,
  type ReplicationClient,
  type RunSuccess,
} from '../../src/ui/replications';
import type { Report, RunRequest, RunResult } from '../../src/worker/protocol';

/** A run the test answers by hand. */
interface Call {
  readonly seed: number;
  readonly client: FakeClient;
  resolve(result: RunResult): void;
  reject(error: Error): void;
}

/** A simulation client whose runs wait for the test, and which records what was asked of it. */
class FakeClient implements ReplicationClient {
  cancelled = 0;
  disposed = false;
  private readonly pending = new Set<(error: Error) => void>();
  constructor(
    readonly id: number,
    private readonly calls: Call[],
  ) {}
  run(_text: string, _fileName: string, options: RunRequest = {}): Promise<RunResult> {
    return new Promise<RunResult>((resolve, reject) => {
      this.pending.add(reject);
      const settle = () => this.pending.delete(reject);
      this.calls.push({
        seed: options.seed ?? -1,
        client: this,
        resolve: (r) => (settle(), resolve(r)),
        reject: (e) => (settle(), reject(e)),
      });
    });
  }
  cancel(): void {
    this.cancelled++;
    for (const reject of this.pending) reject(new Error('The run was stopped.'));
    this.pending.clear();
  }
  dispose(): void {
    this.disposed = true;
    this.cancel();
  }
  get busy(): boolean {
    return this.pending.size > 0;
  }
}

function success(seed: number): RunSuccess {
  const report = { scenario: 's', seed, variants: [] } as unknown as Report;
  return {
    ok: true,
    report,
    warnings: [],
    claims: [],
    summary: {
      name: 's',
      description: '',
      seed,
      durationMs: 1000,
      warmupMs: 0,
      variants: [],
      tryThis: [],
      replications: 5,
      expect: [],
      playback: { startMs: 0 },
      keyFigures: [],
    },
    figures: [],
  };
}

function setup() {
  const calls: Call[] = [];
  const clients: FakeClient[] = [];
  const pool = createReplicationPool(() => {
    const client = new FakeClient(clients.length, calls);
    clients.push(client);
    return client;
  });
  return { calls, clients, pool };
}

/** Lets the pool's awaits run. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('poolSize', () => {
  test('one worker per remaining replication, a core left to the page, at most four', () => {
    expect(poolSize(1, 8)).toBe(0);
    expect(poolSize(2, 8)).toBe(1);
    expect(poolSize(5, 8)).toBe(4);
    expect(poolSize(20, 16)).toBe(MAX_POOL);
    expect(poolSize(5, 2)).toBe(1);
    expect(poolSize(5, 3)).toBe(2);
    expect(poolSize(5, 1)).toBe(1);
    expect(poolSize(5, undefined)).toBe(1);
  });
  test('the seeds after the first', () => {
    expect(extraSeeds(7, 3)).toEqual([8, 9]);
    expect(extraSeeds(7, 1)).toEqual([]);
  });
});

describe('a replication pool', () => {
  test('runs every seed, no more at once than its workers, and answers in seed order', async () => {
    const { calls, clients, pool } = setup();
    const progress: [number, number, number][] = [];
    const batch = pool.start({
      text: 't',
      fileName: 'f.yaml',
      seeds: [2, 3, 4, 5],
      workers: 2,
      onResult: (done, total, index) => progress.push([done, total, index]),
    });
    expect(clients).toHaveLength(2);
    expect(calls.map((c) => c.seed)).toEqual([2, 3]);
    // The second worker finishes first and takes the next seed.
    calls[1].resolve(success(3));
    await tick();
    expect(calls.map((c) => c.seed)).toEqual([2, 3, 4]);
    expect(calls[2].client).toBe(clients[1]);
    calls[0].resolve(success(2));
    await tick();
    calls[3].resolve(success(5));
    calls[2].resolve(success(4));
    const outcome = await batch.finished;
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.results.map((r) => r.report.seed)).toEqual([2, 3, 4, 5]);
    expect(progress.map(([done]) => done)).toEqual([1, 2, 3, 4]);
    expect(progress.map(([, , index]) => index)).toEqual([1, 0, 3, 2]);
    expect(progress.every(([, total]) => total === 4)).toBe(true);
    expect(clients.every((c) => c.cancelled === 0)).toBe(true);
  });

  test('cancelling ends the busy workers only, and no further seed starts', async () => {
    const { calls, clients, pool } = setup();
    const batch = pool.start({ text: 't', fileName: 'f', seeds: [1, 2, 3, 4, 5], workers: 3 });
    calls[0].resolve(success(1));
    await tick();
    // Worker 0 took seed 4; workers 1 and 2 still run seeds 2 and 3.
    expect(calls.map((c) => c.seed)).toEqual([1, 2, 3, 4]);
    calls[3].resolve(success(4));
    await tick();
    calls[4].resolve(success(5));
    await tick();
    expect(clients[0].busy).toBe(false);
    batch.cancel();
    const outcome = await batch.finished;
    expect(outcome).toEqual({ status: 'cancelled', done: 3 });
    expect(clients.map((c) => c.cancelled)).toEqual([0, 1, 1]);
    await tick();
    expect(calls).toHaveLength(5);
  });

  test('a new batch cancels the one before, whose late answers are dropped', async () => {
    const { calls, pool } = setup();
    const seen: number[] = [];
    const first = pool.start({
      text: 'a',
      fileName: 'f',
      seeds: [1, 2],
      workers: 1,
      onResult: (_d, _t, i) => seen.push(i),
    });
    const second = pool.start({ text: 'b', fileName: 'f', seeds: [10], workers: 1 });
    expect((await first.finished).status).toBe('cancelled');
    calls[0].resolve(success(1));
    const last = calls.at(-1)!;
    expect(last.seed).toBe(10);
    last.resolve(success(10));
    const outcome = await second.finished;
    expect(outcome.status).toBe('done');
    expect(seen).toEqual([]);
  });

  test('a run that fails or a worker that crashes stops the batch and says why', async () => {
    const { calls, clients, pool } = setup();
    const failing = pool.start({ text: 't', fileName: 'f', seeds: [1, 2], workers: 2 });
    calls[0].resolve({
      ok: false,
      stage: 'run',
      message: 'out of memory',
      summary: success(1).summary,
      warnings: [],
    });
    expect(await failing.finished).toEqual({ status: 'failed', message: 'seed 1: out of memory', done: 0 });
    expect(clients[1].cancelled).toBe(1);

    const crashing = pool.start({ text: 't', fileName: 'f', seeds: [3], workers: 1 });
    calls.at(-1)!.reject(new Error('The simulation worker crashed: boom'));
    expect(await crashing.finished).toEqual({
      status: 'failed',
      message: 'The simulation worker crashed: boom',
      done: 0,
    });
  });

  test('reuses its workers from batch to batch, and disposes of them all', async () => {
    const { calls, clients, pool } = setup();
    const a = pool.start({ text: 't', fileName: 'f', seeds: [1], workers: 1 });
    calls[0].resolve(success(1));
    await a.finished;
    const b = pool.start({ text: 't', fileName: 'f', seeds: [2, 3], workers: 2 });
    expect(clients).toHaveLength(2);
    expect(calls[1].client).toBe(clients[0]);
    pool.dispose();
    expect((await b.finished).status).toBe('cancelled');
    expect(clients.every((c) => c.disposed)).toBe(true);
  });

  test('an empty batch is done at once', async () => {
    const { clients, pool } = setup();
    const outcome = await pool.start({ text: 't', fileName: 'f', seeds: [], workers: 4 }).finished;
    expect(outcome).toEqual({ status: 'done', results: [] });
    expect(clients).toHaveLength(0);
  });
});
