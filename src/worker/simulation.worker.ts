/**
 * The Web Worker entry: serves the simulation API to the page through comlink. The page creates it with
 * `client.ts`; all parsing and simulating happens here, off the page's thread.
 */
import { expose, releaseProxy, transfer, type Remote } from 'comlink';
import type { FrameData } from './frames';
import type { RunProgress, RunRequest, SimulationApi } from './protocol';
import { createSimulationApi } from './simulation';

const api = createSimulationApi();

const exposed: SimulationApi = {
  validate: (text, fileName) => api.validate(text, fileName),
  run(text: string, fileName: string, options: RunRequest, onProgress?: (progress: RunProgress) => void) {
    try {
      return api.run(text, fileName, options, onProgress);
    } finally {
      // The page's callback arrives as a comlink proxy: free its message port once the run is over.
      const remote = onProgress as Remote<(progress: RunProgress) => void> | undefined;
      remote?.[releaseProxy]?.();
    }
  },
  importBundle: (text, fileName) => api.importBundle(text, fileName),
  openPlayback: (text, fileName, options) => api.openPlayback(text, fileName, options),
  // Frames are columns of typed arrays: moved to the page, not copied.
  advance: (id, toMs) => {
    const frames = api.advance(id, toMs);
    return transfer(frames, frames.flatMap(buffersOf));
  },
  trace: (variant, id) => api.trace(variant, id),
  traceSummaries: (variant, limit) => api.traceSummaries(variant, limit),
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
    d.trace,
  ].map((column) => column.buffer as ArrayBuffer);
}

expose(exposed);
