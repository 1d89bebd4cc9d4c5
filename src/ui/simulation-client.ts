/**
 * The page's own simulation worker, started as soon as the page's script runs: the page imports this
 * module first, so the worker's script (as big as the page's) loads and compiles while the rest of
 * the page's modules are evaluated and the page sets itself up, instead of after.
 */
import { createSimulationClient, type SimulationClient } from '../worker/client';
import { createSplitClient, splitSize } from '../worker/split-client';

/**
 * The client of the page's worker, which splits a recorded run's variants over helper workers
 * (replications use workers of their own).
 */
export const client: SimulationClient = createSplitClient(
  createSimulationClient(),
  createSimulationClient,
  splitSize(navigator.hardwareConcurrency),
);
client.warm();
