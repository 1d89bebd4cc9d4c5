/**
 * Runs fuzz cases on a pool of worker threads, each under a heap limit, with a wall-clock limit per
 * case: a case still running at its limit is a hang (its worker is terminated and replaced), a
 * worker that runs out of heap is a memory finding. The worker is worker.ts bundled once per pool
 * with esbuild, so that threads run plain JavaScript without a TypeScript loader.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { Finding } from './check-case';
import type { CaseSummary, WorkerReply } from './protocol';

/** How a pool runs its cases. */
export interface PoolOptions {
  /** The repository's root: where the worker is built from and the seed inputs are read. */
  readonly root: string;
  readonly seed: number;
  /** Indexes of the cases to run. */
  readonly indexes: readonly number[];
  /** Worker threads, each running one case at a time. */
  readonly workers: number;
  /** Wall-clock limit of one case (both of its runs), ms. */
  readonly timeoutMs: number;
  /** Heap limit of a worker (V8's old generation), MB. */
  readonly memoryMb: number;
  /** Once aborted, no case is started: the pool ends when the cases running end. */
  readonly signal?: AbortSignal;
  /** Called with each case's record as it ends, in the order they end. */
  onRecord(record: CaseRecord): void;
}

/** What became of one case. */
export interface CaseRecord {
  readonly seed: number;
  readonly index: number;
  /** Undefined when the case died before its worker could say what it was. */
  readonly summary: CaseSummary | undefined;
  /** The first run's exit code; undefined for a hang, an out-of-memory death or a fuzzer error. */
  readonly code: number | undefined;
  readonly findings: readonly Finding[];
  readonly ms: number;
  /** Set when the fuzzer itself failed on this case (a bug of the fuzzer, not of meshsim). */
  readonly fuzzerError?: string;
}

/** Bundles worker.ts into node_modules/.cache (where its packages resolve) and returns its path. */
async function buildWorker(root: string): Promise<string> {
  const dir = join(root, 'node_modules/.cache/meshsim-fuzz');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `worker-${process.pid}-${Date.now()}.mjs`);
  await build({
    absWorkingDir: root,
    entryPoints: ['test/fuzz/worker.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** Runs every case of `options.indexes` and resolves when all have a record. */
export async function runPool(options: PoolOptions): Promise<void> {
  const script = await buildWorker(options.root);
  const queue = [...options.indexes];
  try {
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(options.workers, queue.length)) }, () =>
        runSlot(script, queue, options),
      ),
    );
  } finally {
    rmSync(script, { force: true });
  }
}

/** One worker's loop: take a case, run it, record it; replace the worker when a case kills it. */
function runSlot(script: string, queue: number[], options: PoolOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    let loaded = false;
    let current:
      { index: number; started: number; summary?: CaseSummary; timer?: NodeJS.Timeout } | undefined;

    const finish = (record: Omit<CaseRecord, 'seed' | 'index' | 'summary' | 'ms'>): void => {
      if (current === undefined) return;
      clearTimeout(current.timer);
      const { index, started, summary } = current;
      current = undefined;
      options.onRecord({ seed: options.seed, index, summary, ms: performance.now() - started, ...record });
    };

    const next = (): void => {
      const index = options.signal?.aborted ? undefined : queue.shift();
      if (index === undefined) {
        void worker.terminate().then(() => resolve());
        return;
      }
      current = { index, started: performance.now() };
      current.timer = setTimeout(() => {
        finish({
          code: undefined,
          findings: [{ kind: 'hang', detail: `still running after ${options.timeoutMs} ms` }],
        });
        restart();
      }, options.timeoutMs);
      worker.postMessage({ seed: options.seed, index });
    };

    const restart = (): void => {
      const old = worker;
      old.removeAllListeners();
      // Listen on: a terminated worker can still emit an error, which must not go unhandled.
      old.on('error', () => undefined);
      void old.terminate();
      start();
    };

    const start = (): void => {
      loaded = false;
      worker = new Worker(script, {
        workerData: { root: options.root },
        // Plain Node: not the TypeScript loader the runner itself may have been started with.
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
        stdout: true,
        stderr: true,
      });
      // Whatever a case prints to the console is not the command's output; drop it.
      worker.stdout.resume();
      worker.stderr.resume();
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          loaded = true;
          next();
        } else if (reply.type === 'start' && current) current.summary = reply.summary;
        else if (reply.type === 'done') {
          finish({ code: reply.result.code, findings: reply.result.findings });
          next();
        } else if (reply.type === 'fuzzer error') {
          finish({ code: undefined, findings: [], fuzzerError: reply.message });
          next();
        }
      });
      worker.on('error', (error: Error & { code?: string }) => {
        if (!loaded) {
          reject(new Error(`the fuzz worker failed to load: ${error.message}`));
          return;
        }
        const finding: Finding =
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { kind: 'memory', detail: `over the ${options.memoryMb} MB heap limit` }
            : { kind: 'crash', detail: `worker died: ${error.message.slice(0, 200)}` };
        finish({ code: undefined, findings: [finding] });
        restart();
      });
      worker.on('exit', (code) => {
        // A worker that cannot even load is the fuzzer's failure; restarting it would loop.
        if (!loaded) reject(new Error(`the fuzz worker exited with code ${code} before it was ready`));
        if (current === undefined) return;
        finish({ code: undefined, findings: [{ kind: 'crash', detail: `worker exited with code ${code}` }] });
        restart();
      });
    };

    start();
  });
}
