/**
 * The page's own simulation worker, started as soon as the page's script runs: the page imports this
 * module first, so the worker's script (as big as the page's) loads and compiles while the rest of
 * the page's modules are evaluated and the page sets itself up, instead of after.
 *
 * A page opened without a shared link opens the default scenario: its run is begun here, before the
 * page's modules are evaluated, and the page's own first run takes it over (`startEarly`).
 */
import defaultScenario from '../../scenarios/default.yaml?raw';
import { createSimulationClient } from '../worker/client';
import { createSplitClient, splitSize, type SplitClient } from '../worker/split-client';
import { DEFAULT_SCENARIO_FILE } from './library';

/**
 * Most wall time the page's script waits for its worker's script to run before going on, ms. The
 * browser starts the worker's thread on the page's thread once the script arrives, so the page's own
 * start (some 200 ms of module evaluation) would hold the worker back by as long; a script slower to
 * arrive than this is not waited for.
 */
const WAIT_FOR_WORKER_MS = 250;

/**
 * Wall time between the key figures of a run so far, ms, while the page has no run of its file drawn
 * yet, or a re-run goes with the playback at its end: the tiles show the run as it goes (saying up to
 * which moment) rather than nothing, or the run before's whole. A re-run of the default scenario
 * takes some 150 ms: its figures so far come two or three times.
 */
export const FIGURES_SO_FAR_EVERY_MS = 50;

/**
 * The client of the page's worker, which splits a recorded run's variants over helper workers
 * (replications use workers of their own).
 */
export const client: SplitClient = createSplitClient(
  createSimulationClient(),
  createSimulationClient,
  splitSize(navigator.hardwareConcurrency),
);
client.warm();
await client.started(WAIT_FOR_WORKER_MS);
// Asked once the worker runs: a message posted to a worker not yet started waits in the page's thread
// until a task of its hands it over, behind the rest of the page's start.
if (location.hash.length <= 1)
  client.startEarly(defaultScenario, DEFAULT_SCENARIO_FILE, { figuresEveryMs: FIGURES_SO_FAR_EVERY_MS });
