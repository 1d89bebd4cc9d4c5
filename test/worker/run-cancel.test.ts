/**
 * Ending a run the page no longer shows: Stop or another file ends the workers at once (the run's
 * promise rejects as cancelled, the next call starts a fresh worker), and a newer run of the same
 * worker abandons the one going within a step, even inside a slice that holds many events.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulationClient, WorkerStoppedError, type SimulationClient } from '../../src/worker/client';
import type { RecordedRunResult } from '../../src/worker/protocol';
import { createSimulationApi } from '../../src/worker/simulation';
import { createSplitClient } from '../../src/worker/split-client';

/** A stand-in for a browser worker that takes every message and answers none: a run that never ends. */
class SilentWorker extends EventTarget {
  static made: SilentWorker[] = [];
  readonly posted: unknown[] = [];
  terminated = false;
  constructor() {
    super();
    SilentWorker.made.push(this);
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  SilentWorker.made = [];
});

/** How a promise settled: its value, or its rejection's reason. */
function settled<T>(promise: Promise<T>): Promise<{ value?: T; reason?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (reason: unknown) => ({ reason }),
  );
}

describe('a simulation client cancelled', () => {
  it('ends its worker at once: the run waiting rejects as cancelled, the next call starts a fresh worker', async () => {
    vi.stubGlobal('Worker', SilentWorker);
    const client = createSimulationClient();
    const run = settled(client.runAndRecord('name: x', 'x.yaml'));
    const check = settled(client.validate('name: x', 'x.yaml'));
    expect(SilentWorker.made).toHaveLength(1);
    client.cancel();
    expect(SilentWorker.made[0].terminated).toBe(true);
    for (const outcome of [await run, await check]) {
      expect(outcome.reason).toBeInstanceOf(WorkerStoppedError);
      expect((outcome.reason as WorkerStoppedError).cancelled).toBe(true);
    }
    void client.validate('name: y', 'y.yaml').catch(() => undefined);
    expect(SilentWorker.made).toHaveLength(2);
    expect(SilentWorker.made[1].terminated).toBe(false);
    client.dispose();
  });

  it('starts no worker to cancel when none runs', () => {
    vi.stubGlobal('Worker', SilentWorker);
    createSimulationClient().cancel();
    expect(SilentWorker.made).toHaveLength(0);
  });
});

describe('a split client cancelled', () => {
  /** A client whose runs wait until it is cancelled, as a worker's does. */
  function waiting(log: string[], name: string): SimulationClient {
    const rejecters = new Set<(error: WorkerStoppedError) => void>();
    const never = <T>() =>
      new Promise<T>((_resolve, reject) => {
        rejecters.add(reject);
      });
    const stop = () => {
      log.push(`${name} cancelled`);
      for (const reject of rejecters) reject(new WorkerStoppedError('The run was stopped.', true));
      rejecters.clear();
    };
    return {
      runAndRecord: () => never<RecordedRunResult>(),
      cancel: stop,
      dispose: stop,
      abandon: () => log.push(`${name} abandoned`),
      warm: () => undefined,
      started: () => Promise.resolve(),
    } as unknown as SimulationClient;
  }

  it('rejects the run going as cancelled and ends every worker, helpers included', async () => {
    const log: string[] = [];
    let helpers = 0;
    const client = createSplitClient(waiting(log, 'primary'), () => waiting(log, `helper ${++helpers}`), 3);
    // The first run is never split; a second one after the helpers are wanted would be.
    const run = settled(client.runAndRecord('name: x\nvariants:\n  - name: a\n  - name: b\n', 'x.yaml'));
    client.cancel();
    const outcome = await run;
    expect((outcome.reason as WorkerStoppedError).cancelled).toBe(true);
    expect(log).toContain('primary cancelled');
  });
});

describe('the worker API: a newer run', () => {
  /** One 100 ms slice, the charts' least, of some 200,000 requests: no end of slice to stop at. */
  const oneBusySlice = [
    'name: One busy slice',
    'duration: 100ms',
    'clients: [ { id: c, target: s, arrival: { process: poisson, rate: 2000000 } } ]',
    'services: [ { id: s, instances: 64, concurrency: 8, serviceTime: 1ms } ]',
    '',
  ].join('\n');
  const small = [
    'name: Small',
    'duration: 1s',
    'clients: [ { id: c, target: s, arrival: { rate: 50 } } ]',
    'services: [ { id: s, serviceTime: 2ms } ]',
    '',
  ].join('\n');

  it('abandons the run going within a step, inside a slice of many events', async () => {
    const api = createSimulationApi();
    const older = api.runAndRecord(oneBusySlice, 'busy.yaml', {});
    // The older run works a few ms, then lets the worker hear the newer one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const newer = api.runAndRecord(small, 'small.yaml', {});
    expect(await older).toEqual({ ok: false, stage: 'superseded' });
    expect((await newer).ok).toBe(true);
  });
});
