/**
 * The Web Worker entry: serves the simulation API to the page through comlink. The page creates it with
 * `client.ts`; all parsing and simulating happens here, off the page's thread.
 */
import { expose, releaseProxy, type Remote } from 'comlink';
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
};

expose(exposed);
