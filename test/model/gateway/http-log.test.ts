import { describe, expect, it } from 'vitest';
import {
  httpLog,
  httpLogState,
  logDrain,
  logRequest,
  logTimer,
  type HttpLog,
  type HttpLogState,
  type LogStep,
} from '../../../src/model/gateway';

/** A compact trace line of a step: `t: +request | flush n cost | timer at`. */
function line(t: number, step: LogStep): string {
  const parts = [`${t}:`];
  if (step.requestCost) parts.push(`+${step.requestCost}`);
  if (step.flushed) parts.push(`flush ${step.flushed} cost ${step.flushCost}`);
  if (step.timerAt >= 0) parts.push(`timer ${step.timerAt}`);
  return parts.join(' ');
}

/** Drives a logger the way the simulation would: requests at the given times, timers when due. */
function run(policy: HttpLog, state: HttpLogState, requests: number[], until: number): string[] {
  const timers: number[] = [];
  const out: string[] = [];
  const fireTimersBefore = (t: number): void => {
    timers.sort((a, b) => a - b);
    while (timers.length > 0 && timers[0] <= t) {
      const at = timers.shift()!;
      out.push(line(at, logTimer(policy, state, at)).replace(':', ': timer fired'));
    }
  };
  for (const t of requests) {
    fireTimersBefore(t);
    const step = logRequest(policy, state, t);
    if (step.timerAt >= 0) timers.push(step.timerAt);
    out.push(line(t, step));
  }
  fireTimersBefore(until);
  return out;
}

describe('http-log', () => {
  it("defaults: batched with Kong's queue defaults, batch size 1 and coalescing delay 1 s", () => {
    const p = httpLog();
    expect([p.mode, p.batchSize, p.flushInterval, p.cost, p.entryCost]).toEqual(['batched', 1, 1_000, 0, 0]);
  });

  it('sync adds cost + entryCost to every request and nothing in the background', () => {
    const p = httpLog({ mode: 'sync', cost: 1.5, entryCost: 0.25 });
    const s = httpLogState();
    expect(run(p, s, [0, 10, 20], 5_000)).toEqual(['0: +1.75', '10: +1.75', '20: +1.75']);
    expect([s.batches, s.entries]).toEqual([3, 3]);
  });

  it('batched with batch size 1 sends each entry at once in the background, never on the request', () => {
    const p = httpLog({ cost: 2 });
    const s = httpLogState();
    expect(run(p, s, [0, 10], 5_000)).toEqual(['0: flush 1 cost 2', '10: flush 1 cost 2']);
  });

  it('batched sends a batch when it is full, or flushInterval after its first entry, whichever comes first', () => {
    const p = httpLog({ cost: 2, entryCost: 0.5, batchSize: 3, flushInterval: 1_000 });
    const s = httpLogState();
    expect(run(p, s, [0, 100, 200, 250, 900, 2_000, 2_100, 2_200], 10_000)).toEqual([
      '0: timer 1000', // opens a batch
      '100:',
      '200: flush 3 cost 3.5', // full
      '250: timer 1250', // opens the next batch
      '900:',
      '1000: timer fired', // due for the batch sent at 200: nothing to do
      '1250: timer fired flush 2 cost 3', // the batch opened at 250 is due
      '2000: timer 3000',
      '2100:',
      '2200: flush 3 cost 3.5',
      '3000: timer fired',
    ]);
    expect([s.batches, s.entries, s.pending]).toEqual([3, 8, 0]);
  });

  it('logDrain sends what is queued at the end of a run', () => {
    const p = httpLog({ cost: 1, batchSize: 10 });
    const s = httpLogState();
    logRequest(p, s, 0);
    logRequest(p, s, 1);
    expect(logDrain(p, s)).toEqual({ requestCost: 0, flushed: 2, flushCost: 1, timerAt: -1 });
    expect(logDrain(p, s).flushed).toBe(0);
  });

  it('refuses a batch size below 1, naming it', () => {
    expect(() => httpLog({ batchSize: 0 })).toThrow('http-log: batchSize must be a whole number >= 1, got 0');
  });
});
