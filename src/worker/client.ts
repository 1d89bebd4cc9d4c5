/**
 * The page's handle on the simulation worker: typed `validate` and `run` calls over comlink. A worker
 * that crashes (a failed module load, an uncaught error) rejects the calls waiting on it with a clear
 * message, and the next call starts a fresh worker. `cancel()` stops a run by ending its worker.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type {
  ClaimResult,
  FrameData,
  BundlePart,
  ImportAnswer,
  PlaybackOpened,
  RecordedRunResult,
  Report,
  RunProgress,
  RunRequest,
  RunResult,
  SimulationApi,
  Trace,
  TraceSummary,
  ValidationResult,
  VariantReport,
} from './protocol';
import { WORKER_STARTED } from './protocol';

export type * from './protocol';

/** Rejection reason of calls cut short by a crash or by `cancel()`. */
export class WorkerStoppedError extends Error {
  constructor(
    message: string,
    /** True when the page asked for it (`cancel()`), false for a crash. */
    readonly cancelled: boolean,
  ) {
    super(message);
    this.name = 'WorkerStoppedError';
  }
}

export interface SimulationClient {
  validate(text: string, fileName: string): Promise<ValidationResult>;
  run(
    text: string,
    fileName: string,
    options?: RunRequest,
    onProgress?: (progress: RunProgress) => void,
  ): Promise<RunResult>;
  /**
   * The page's run: report, series and the playback's frames from one pass (see `recorded-run.ts`).
   * A newer call abandons one still going, which answers `superseded`.
   */
  runAndRecord(
    text: string,
    fileName: string,
    options?: RunRequest,
    onProgress?: (progress: RunProgress) => void,
  ): Promise<RecordedRunResult>;
  /** The file's claims evaluated on `report` (a split run's, put together from its shares). */
  claims(text: string, fileName: string, report: Report): Promise<readonly ClaimResult[]>;
  /** Abandons the recorded run going, if any (a newer run needs this worker for nothing). */
  abandon(): void;
  /** Turns a Kong, Istio or Consul bundle into a scenario; `bundle: false` for a plain scenario. */
  importBundle(text: string, fileName: string, parts?: readonly BundlePart[]): Promise<ImportAnswer>;
  /** Loads a scenario to play in slices (see `playback.ts`). */
  openPlayback(text: string, fileName: string, options?: RunRequest): Promise<PlaybackOpened>;
  /** Runs playback `playbackId` up to `toMs`; one frame per variant (none for a closed playback). */
  advance(playbackId: number, toMs: number): Promise<FrameData[]>;
  trace(variant: number, id: string): Promise<Trace | undefined>;
  /** The traced requests answered by `asOfMs` (simulated ms; default: all), latest last, at most `limit`. */
  traceSummaries(variant: number, limit: number, asOfMs?: number): Promise<TraceSummary[]>;
  playbackReport(variant: number): Promise<VariantReport | undefined>;
  /**
   * Starts the worker now if none runs (else it starts on the first call), so that its script loads
   * and compiles while the page is still setting itself up.
   */
  warm(): void;
  /**
   * Settles once the worker's script runs, or after `timeoutMs`, whichever comes first. A browser
   * starts a worker's thread on the page's thread once the script arrives: a page that runs its own
   * long start meanwhile holds the worker back by as long, so it waits for this first.
   */
  started(timeoutMs: number): Promise<void>;
  /** Stops whatever the worker is doing; pending calls reject with a cancelled `WorkerStoppedError`. */
  cancel(): void;
  /** Ends the worker for good. */
  dispose(): void;
}

interface Live {
  readonly worker: Worker;
  /** Settles when the worker's script has posted that it runs. */
  readonly running: Promise<void>;
  /** Counts the workers this client started: the playback ids it hands out carry it. */
  readonly generation: number;
  readonly remote: Remote<SimulationApi>;
  /** Rejecters of the calls waiting on this worker. */
  readonly pending: Set<(error: WorkerStoppedError) => void>;
}

function describeCrash(event: Event): string {
  if (event instanceof ErrorEvent && event.message) {
    const where = event.filename ? ` (${event.filename}:${event.lineno}:${event.colno})` : '';
    return `The simulation worker crashed: ${event.message}${where}`;
  }
  return 'The simulation worker failed to start or crashed. Reload the page; if it happens again, see the browser console.';
}

/**
 * A playback id as the page sees it: the worker's own plus its worker's generation times this, so that
 * a playback of a stopped worker (a new one numbers its playbacks from 1 again) never names a playback
 * of the next, whose frames a diagram of the old would be fed.
 */
const PLAYBACK_IDS_PER_WORKER = 2 ** 20;

/** Creates a client; the worker itself starts on the first call. */
export function createSimulationClient(): SimulationClient {
  let live: Live | undefined;
  let generations = 0;
  const pageId = (target: Live, id: number): number => target.generation * PLAYBACK_IDS_PER_WORKER + id;

  const end = (target: Live, error: WorkerStoppedError): void => {
    if (live === target) live = undefined;
    for (const reject of target.pending) reject(error);
    target.pending.clear();
    target.worker.terminate();
  };

  const start = (): Live => {
    const worker = new Worker(new URL('./simulation.worker.ts', import.meta.url), {
      type: 'module',
      name: 'meshsim-simulation',
    });
    const running = new Promise<void>((resolve) => {
      const heard = (event: MessageEvent): void => {
        if (event.data !== WORKER_STARTED) return;
        worker.removeEventListener('message', heard);
        resolve();
      };
      worker.addEventListener('message', heard);
    });
    const target: Live = {
      worker,
      running,
      generation: ++generations,
      remote: wrap<SimulationApi>(worker),
      pending: new Set(),
    };
    const onCrash = (event: Event): void => {
      event.preventDefault();
      // A crashed worker is unusable: end it, and the next call starts a new one.
      end(target, new WorkerStoppedError(describeCrash(event), false));
    };
    worker.addEventListener('error', onCrash);
    worker.addEventListener('messageerror', onCrash);
    return target;
  };

  const call = <T>(invoke: (remote: Remote<SimulationApi>) => Promise<T>): Promise<T> => {
    const target = (live ??= start());
    return new Promise<T>((resolve, reject) => {
      target.pending.add(reject);
      invoke(target.remote)
        .then(resolve, reject)
        .finally(() => target.pending.delete(reject));
    });
  };

  const stop = (message: string): void => {
    if (live) end(live, new WorkerStoppedError(message, true));
  };

  return {
    warm() {
      live ??= start();
    },
    started(timeoutMs) {
      const target = (live ??= start());
      return Promise.race([target.running, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))]);
    },
    validate: (text, fileName) => call<ValidationResult>((remote) => remote.validate(text, fileName)),
    run(text, fileName, options = {}, onProgress) {
      const callback = onProgress ? proxy(onProgress) : undefined;
      return call<RunResult>((remote) => remote.run(text, fileName, options, callback));
    },
    runAndRecord(text, fileName, options = {}, onProgress) {
      const callback = onProgress ? proxy(onProgress) : undefined;
      const target = (live ??= start());
      return call<RecordedRunResult>((remote) => remote.runAndRecord(text, fileName, options, callback)).then(
        (result) =>
          result.ok
            ? {
                ...result,
                playback: { ...result.playback, playbackId: pageId(target, result.playback.playbackId) },
              }
            : result,
      );
    },
    claims: (text, fileName, report) =>
      call<readonly ClaimResult[]>((remote) => remote.claims(text, fileName, report)),
    abandon() {
      // Only a worker that runs has a run to abandon: an idle one is not started for it.
      if (live) void live.remote.abandon().catch(() => undefined);
    },
    importBundle: (text, fileName, parts) =>
      call<ImportAnswer>((remote) => remote.importBundle(text, fileName, parts)),
    openPlayback(text, fileName, options = {}) {
      const target = (live ??= start());
      return call<PlaybackOpened>((remote) => remote.openPlayback(text, fileName, options)).then((opened) =>
        opened.ok ? { ...opened, playbackId: pageId(target, opened.playbackId) } : opened,
      );
    },
    advance(id, toMs) {
      // A playback of a worker since stopped has no more frames.
      if (!live || Math.floor(id / PLAYBACK_IDS_PER_WORKER) !== live.generation) return Promise.resolve([]);
      return call<FrameData[]>((remote) => remote.advance(id % PLAYBACK_IDS_PER_WORKER, toMs));
    },
    trace: (variant, id) => call<Trace | undefined>((remote) => remote.trace(variant, id)),
    traceSummaries: (variant, limit, asOfMs) =>
      call<TraceSummary[]>((remote) => remote.traceSummaries(variant, limit, asOfMs)),
    playbackReport: (variant) => call<VariantReport | undefined>((remote) => remote.playbackReport(variant)),
    cancel: () => stop('The run was stopped.'),
    dispose: () => stop('The simulation worker was closed.'),
  };
}
