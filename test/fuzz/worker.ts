/**
 * The fuzz worker thread: makes each case it is sent from (seed, index), says which case it is about
 * to run (so that a hang or an out-of-memory death can be attributed), runs it and sends the result.
 * The pool (pool.ts) bundles this file and runs it under a heap limit and a per-case timeout.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkCase } from './check-case';
import { loadCorpus } from './corpus';
import { makeCase } from './fuzz-case';
import { summarize, type WorkerReply, type WorkerRequest } from './protocol';

const port = parentPort;
if (port === null) throw new Error('fuzz worker: run me as a worker thread');
const corpus = loadCorpus((workerData as { root: string }).root);

port.on('message', (request: WorkerRequest) => void runCase(request));
port.postMessage({ type: 'ready' } satisfies WorkerReply);

async function runCase({ seed, index }: WorkerRequest): Promise<void> {
  let reply: WorkerReply;
  try {
    const fuzzCase = makeCase(corpus, seed, index);
    port!.postMessage({ type: 'start', index, summary: summarize(fuzzCase) } satisfies WorkerReply);
    reply = { type: 'done', index, result: await checkCase(fuzzCase) };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    reply = { type: 'fuzzer error', index, message: message.slice(0, 2_000) };
  }
  port!.postMessage(reply);
}
