/**
 * The Web Worker entry: serves the simulation API to the page through comlink. The page creates it with
 * `client.ts`; all parsing and simulating happens here, off the page's thread.
 */
import { expose, releaseProxy, transfer, type Remote } from 'comlink';
import type { FrameData } from './frames';
import { WORKER_STARTED } from './protocol';
import type { RunProgress, RunRequest, SimulationApi } from './protocol';
import { createSimulationApi } from './simulation';

/**
 * Yields to the worker's queued messages through a message channel: a timer would wait at least
 * 4 ms once nested, a channel's message runs as soon as the messages queued before it have.
 */
function createYield(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
}

const api = createSimulationApi(() => performance.now(), createYield());

/** Frees the message port of a progress callback that arrived as a comlink proxy, once its run is over. */
function release(onProgress: ((progress: RunProgress) => void) | undefined): void {
  const remote = onProgress as Remote<(progress: RunProgress) => void> | undefined;
  remote?.[releaseProxy]?.();
}

const exposed: SimulationApi = {
  validate: (text, fileName) => api.validate(text, fileName),
  run(text: string, fileName: string, options: RunRequest, onProgress?: (progress: RunProgress) => void) {
    try {
      return api.run(text, fileName, options, onProgress);
    } finally {
      release(onProgress);
    }
  },
  runAndRecord: (text, fileName, options, onProgress) =>
    api.runAndRecord(text, fileName, options, onProgress).finally(() => release(onProgress)),
  claims: (text, fileName, report) => api.claims(text, fileName, report),
  abandon: () => api.abandon(),
  importBundle: (text, fileName, parts) => api.importBundle(text, fileName, parts),
  openPlayback: (text, fileName, options) => api.openPlayback(text, fileName, options),
  // Frames are columns of typed arrays: moved to the page, not copied.
  advance: (id, toMs) => {
    const frames = api.advance(id, toMs);
    // A frame's edge columns are views of one buffer: each buffer is listed once.
    return transfer(frames, [...new Set(frames.flatMap(buffersOf))]);
  },
  trace: (variant, id) => api.trace(variant, id),
  traceSummaries: (variant, limit, asOfMs) => api.traceSummaries(variant, limit, asOfMs),
  playbackReport: (variant) => api.playbackReport(variant),
};

/** The buffers of a frame's columns. */
function buffersOf(frame: FrameData): ArrayBuffer[] {
  const d = frame.dots;
  const e = frame.edges;
  return [
    e.started,
    e.tries,
    e.errors,
    e.clientErrors,
    e.unreached,
    e.windowStarted,
    e.windowTries,
    e.windowErrors,
    e.windowClientErrors,
    e.windowUnreached,
    e.windowP99,
    frame.busy,
    frame.queued,
    frame.up,
    frame.known,
    frame.answered,
    frame.latency,
    frame.ejected,
    frame.breaker,
    d.from,
    d.to,
    d.leave,
    d.depart,
    d.arrive,
    d.back,
    d.outcome,
    d.retry,
    ...(d.refusedBy ? [d.refusedBy] : []),
    d.trace,
  ].map((column) => column.buffer as ArrayBuffer);
}

expose(exposed);
// Tells the page the worker's script has run: the page holds back its own long start until then (see
// `SimulationClient.started`). comlink passes over a message without an id. Said from a task after
// the script's own: the browser holds the page's messages to a worker until the page's thread has
// heard that the script was evaluated, which it hears after any message the script posts, so a
// message the page sent on hearing this from the script itself would wait behind the page's start.
setTimeout(() => postMessage(WORKER_STARTED), 0);
