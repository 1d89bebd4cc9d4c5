/**
 * The one-way `queue` component against M/M/c theory (docs/theory.md#a-one-way-queue-mmc), without a
 * lesson: producers send through a service that calls the queue, so the queue's messages arrive as a
 * Poisson stream while the producers' own answers never wait for the consumers.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/model';
import { runScenarioWithinBudget } from '../support/event-budget';
import type { Scenario } from '../../src/scenario/types';
import { client, exponential, scenario, service } from '../support/build-scenario';

/** Asserts |actual - expected| <= tolerance x |expected|, naming the figure on failure. */
function expectWithin(label: string, actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected) / Math.abs(expected);
  expect(
    error,
    `${label}: measured ${actual}, theory ${expected}, relative error ${error.toFixed(4)} > ${tolerance}`,
  ).toBeLessThanOrEqual(tolerance);
}

/** 800 messages per second into 4 consumers of 4 ms on average (exponential): rho = 0.8. */
function producersAndQueue(fields: Partial<Scenario>): Scenario {
  return scenario({
    clients: [client('producers', 'api', 800)],
    services: [
      service('api', {
        concurrency: 1000,
        calls: [{ service: 'events', optional: false, timeout: Infinity }],
      }),
      service('events', { kind: 'queue', concurrency: 4, serviceTime: exponential(4) }),
    ],
    ...fields,
  });
}

describe('queue component', () => {
  it('drains its messages as M/M/4 at rho 0.8: Erlang C wait, P(wait) and utilization', () => {
    // 300 s after 10 s of warmup, 240 000 messages. Spread over 8 seeds (rsd): E[Wq] 1.86 %,
    // P(wait) 0.84 %, utilization 0.29 %; each tolerance is over 4 of them.
    const r = runScenarioWithinBudget(
      producersAndQueue({ seed: 21, duration: 310_000, warmup: 10_000 }),
      'queue',
    );
    const q = r.components.events;
    expectWithin('E[Wq] ms', q.meanWaitMs, 2.98216, 0.08);
    expectWithin('P(wait)', q.waitedShare, 0.596432, 0.035);
    expectWithin('utilization', q.utilization, 0.8, 0.015);
    // The producers' calls return once enqueued: with no network latency and no work at the
    // producer, every request is answered at once, whatever the consumers' backlog.
    expect(r.requests.byStatus).toEqual({ '200': r.requests.generated });
    expect(r.latencyMs.max).toBe(0);
  });

  it('keeps every message: enqueued = consumed + waiting + being consumed, exactly', () => {
    const sim = new Simulation(producersAndQueue({ seed: 3, duration: 20_000 }));
    sim.runUntil(sim.end);
    const station = sim.stations.find((s) => s.id === 'events')!;
    const waiting = station.queues[0].length;
    const consuming = station.busy[0];
    expect(waiting + consuming).toBeGreaterThan(0);
    expect(station.arrivals).toBe(sim.metrics.generated);
    expect(station.arrivals).toBe(station.served + waiting + consuming);
    expect(station.rejected).toBe(0);
  });

  it('answers 503 when its queue is full, and counts the refused messages', () => {
    const small = producersAndQueue({ seed: 5, duration: 20_000 });
    const full = {
      ...small,
      services: [small.services[0], { ...small.services[1], concurrency: 1, queue: 2 }],
    };
    const sim = new Simulation(full);
    sim.runUntil(sim.end);
    const station = sim.stations.find((s) => s.id === 'events')!;
    const refused = sim.metrics.byStatus[503];
    expect(station.rejected).toBeGreaterThan(0);
    expect(refused).toBe(station.rejected);
    expect(station.arrivals - station.rejected).toBe(
      station.served + station.queues[0].length + station.busy[0],
    );
  });
});
