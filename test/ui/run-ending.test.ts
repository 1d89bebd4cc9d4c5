/**
 * Ending a run the page no longer shows (`run-ending.ts`): asked to stop at its worker's next step,
 * and its workers ended when it does not answer within the grace period.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ABANDON_GRACE_MS, endRunGoing } from '../../src/ui/run-ending';

/** A client that logs what it is asked; `cancel` settles the run as a worker's end does. */
function fakeClient(onCancel: () => void = () => undefined) {
  const log: string[] = [];
  return {
    log,
    abandon: () => void log.push('abandon'),
    cancel: () => {
      log.push('cancel');
      onCancel();
    },
  };
}

/** A run's answer, settled from outside. */
function pendingRun() {
  let settle!: (value: string) => void;
  let fail!: (reason: unknown) => void;
  const promise = new Promise<string>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  return { promise, settle, fail };
}

describe('endRunGoing', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('asks the run to stop at its next step and keeps the workers when it answers within the grace period', async () => {
    const run = pendingRun();
    const client = fakeClient();
    const ended = endRunGoing(run.promise, client);
    expect(client.log).toEqual(['abandon']);
    await vi.advanceTimersByTimeAsync(ABANDON_GRACE_MS - 1);
    run.settle('superseded');
    expect(await ended).toBe('abandoned');
    await vi.advanceTimersByTimeAsync(ABANDON_GRACE_MS);
    expect(client.log).toEqual(['abandon']);
  });

  it('ends the workers of a run that has not answered when the grace period is over', async () => {
    const run = pendingRun();
    const client = fakeClient(() => run.fail(new Error('The run was stopped.')));
    let outcome: string | undefined;
    void endRunGoing(run.promise, client).then((o) => (outcome = o));
    await vi.advanceTimersByTimeAsync(ABANDON_GRACE_MS - 1);
    expect(outcome).toBeUndefined();
    expect(client.log).toEqual(['abandon']);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBe('cancelled');
    expect(client.log).toEqual(['abandon', 'cancel']);
  });

  it('takes a run that failed as ended: nothing left to cancel', async () => {
    const run = pendingRun();
    const client = fakeClient();
    const ended = endRunGoing(run.promise, client, 50);
    run.fail(new Error('The simulation worker crashed'));
    expect(await ended).toBe('abandoned');
    expect(client.log).toEqual(['abandon']);
  });
});
