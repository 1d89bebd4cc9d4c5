import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClusterCounter,
  FixedWindowLimiter,
  QuotaLimiter,
  newDecision,
  type LimitDecision,
} from '../../../src/model/limiters';

const SEED = 96_451;
const MINUTE = 60_000;

const perMinute = (limit: number) => new FixedWindowLimiter({ limits: { minute: limit } }).limits;

/** Sends requests at `times`, dealt round robin over the nodes from `first`; returns how many pass. */
function roundRobin(counter: ClusterCounter, times: readonly number[], first = 0): number {
  let admitted = 0;
  times.forEach((t, i) => {
    if (counter.decide((first + i) % counter.nodes, 'consumer', t).allowed) admitted++;
  });
  return admitted;
}

describe('ClusterCounter', () => {
  it('ClusterCounter with syncDelay 0 is one shared counter: 2 nodes admit exactly the limit', () => {
    const counter = new ClusterCounter(perMinute(100), { nodes: 2, syncDelay: 0 });
    const times = Array.from({ length: 300 }, (_, i) => i * 200);
    expect(roundRobin(counter, times)).toBe(100);
    expect(counter.admitted('consumer', 0)).toBe(100);
  });

  it('ClusterCounter overshoots to N x the limit when every node takes a burst before the first sync', () => {
    const counter = new ClusterCounter(perMinute(10), { nodes: 2, syncDelay: 10_000 });
    expect(roundRobin(counter, Array(30).fill(0))).toBe(20);
    // After the sync at 10 s both nodes see 20 and admit nothing more this minute...
    expect(roundRobin(counter, [10_000, 10_000, 30_000, 59_999])).toBe(0);
    expect(counter.admitted('consumer', 0)).toBe(20);
    // ...and the next minute starts from 0 on both.
    expect(roundRobin(counter, Array(30).fill(MINUTE))).toBe(20);
  });

  it('ClusterCounter nodes see each other only after a sync', () => {
    const before = new ClusterCounter(perMinute(10), { nodes: 2, syncDelay: 10_000 });
    const out = newDecision();
    for (let i = 0; i < 6; i++) before.decide(0, 'k', 1000, out);
    let late = 0;
    for (let i = 0; i < 10; i++) if (before.decide(1, 'k', 9999, out).allowed) late++;
    // Node 1 has not synced since node 0 took 6: it admits its own full 10.
    expect(late).toBe(10);

    const after = new ClusterCounter(perMinute(10), { nodes: 2, syncDelay: 10_000 });
    for (let i = 0; i < 6; i++) after.decide(0, 'k', 1000, out);
    let synced = 0;
    for (let i = 0; i < 10; i++) if (after.decide(1, 'k', 10_000, out).allowed) synced++;
    expect(synced).toBe(4);
    // Node 1's view after its last admission: 6 shared + 4 own.
    after.decide(1, 'k', 10_000, out);
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: false,
      limit: 10,
      remaining: 0,
      reset: 50,
      retryAfter: 50,
    });
  });

  it('ClusterCounter with a sync as long as the window behaves as policy local', () => {
    const counter = new ClusterCounter(perMinute(100), { nodes: 3, syncDelay: MINUTE });
    const times = Array.from({ length: 600 }, (_, i) => i * 100);
    expect(roundRobin(counter, times)).toBe(300);
  });

  it('ClusterCounter counts an Apigee calendar quota across message processors, syncing every 10 s', () => {
    const quota = new QuotaLimiter({ allow: 100, timeUnit: 'minute' });
    const counter = new ClusterCounter(quota.alignedLimits()!, { nodes: 2, syncDelay: 10_000 });
    // 5 requests a second over a minute, alternating processors. By 10 s each has admitted 25
    // (50 shared at the sync); by 20 s each has added 25 more (100 shared); then both are full.
    const times = Array.from({ length: 300 }, (_, i) => i * 200);
    expect(roundRobin(counter, times)).toBe(100);
    // A burst of 300 at 5 s, before the first sync: each processor admits 100 of its 150, 2 x the quota.
    const burst = new ClusterCounter(quota.alignedLimits()!, { nodes: 2, syncDelay: 10_000 });
    expect(roundRobin(burst, Array(300).fill(5000))).toBe(200);
  });

  it('ClusterCounter refuses bad options and nodes with the option and the value', () => {
    expect(() => new ClusterCounter([], { nodes: 1, syncDelay: 0 })).toThrow('limits: expected at least one');
    expect(() => new ClusterCounter(perMinute(1), { nodes: 0, syncDelay: 0 })).toThrow(
      'nodes: expected a whole number of 1 or more, got 0',
    );
    expect(() => new ClusterCounter(perMinute(1), { nodes: 1, syncDelay: -1 })).toThrow(
      'syncDelay: expected a number of 0 or more, got -1',
    );
    const counter = new ClusterCounter(perMinute(1), { nodes: 2, syncDelay: 0 });
    expect(() => counter.decide(2, 'k', 0)).toThrow('node: expected a whole number from 0 to 1, got 2');
  });

  it(`ClusterCounter admits at most N x the limit per window, exactly the limit with syncDelay 0, and at most N x (limit - shared) per sync interval (fast-check seed ${SEED})`, () => {
    const arb = fc.record({
      nodes: fc.integer({ min: 1, max: 4 }),
      limit: fc.integer({ min: 1, max: 20 }),
      syncDelay: fc.constantFrom(0, 1000, 10_000, 60_000),
      requests: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 1500 }), node: fc.nat() }), {
        minLength: 1,
        maxLength: 400,
      }),
    });
    fc.assert(
      fc.property(arb, ({ nodes, limit, syncDelay, requests }) => {
        const counter = new ClusterCounter(perMinute(limit), { nodes, syncDelay });
        const out = newDecision();
        const perWindow = new Map<number, number>();
        // Admissions per (window, sync interval), and the window's total before that interval.
        const perInterval = new Map<string, { admitted: number; before: number }>();
        let now = 0;
        for (const { gap, node } of requests) {
          now += gap;
          const window = Math.floor(now / MINUTE);
          const interval = syncDelay === 0 ? now : Math.floor(now / syncDelay);
          const slot = `${window}:${interval}`;
          if (!perInterval.has(slot))
            perInterval.set(slot, { admitted: 0, before: perWindow.get(window) ?? 0 });
          if (counter.decide(node % nodes, 'k', now, out).allowed) {
            perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
            perInterval.get(slot)!.admitted++;
          }
        }
        for (const n of perWindow.values()) {
          expect(n).toBeLessThanOrEqual(syncDelay === 0 ? limit : nodes * limit);
        }
        if (syncDelay > 0) {
          for (const { admitted, before } of perInterval.values()) {
            expect(admitted).toBeLessThanOrEqual(nodes * Math.max(0, limit - before));
          }
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
