/**
 * The gateway's upstream: balancers and health checks in whole runs (items 11 and 12 of
 * docs/behaviour.md#what-meshsim-reproduces).
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/model';
import type { FaultSpec, HealthCheckSpec, RouteSpec } from '../../src/scenario/types';
import { client, constant, exponential, gateway, scenario, service } from '../support/build-scenario';
import { runScenarioWithinBudget } from '../support/event-budget';

function shop(route: Partial<RouteSpec>, faults: FaultSpec[], rate = 100, duration = 10_000) {
  return scenario({
    duration,
    gateway: gateway('edge', {
      routes: [
        {
          id: 'r',
          match: { prefix: '/' },
          service: 's',
          timeout: Infinity,
          retries: { attempts: 0, retryOn: [], perTryTimeout: Infinity },
          plugins: [],
          loadBalancer: 'ROUND_ROBIN',
          ...route,
        },
      ],
    }),
    clients: [client('c', 'edge', rate, { arrival: { process: 'constant', rate } })],
    services: [service('s', { instances: 3, concurrency: 100, serviceTime: constant(1) })],
    faults,
  });
}

const passive = (tcpFailures: number, active?: HealthCheckSpec['active']): HealthCheckSpec => ({
  passive: { httpFailures: 0, tcpFailures, timeouts: 0, httpStatuses: [500, 503] },
  active,
});

const crashForever = (instance: number): FaultSpec => ({
  kind: 'crash',
  at: 0,
  for: Infinity,
  target: 's',
  instance,
});

describe('gateway upstream', () => {
  it('one slow host: round robin keeps sending it a third; least request and peak EWMA avoid it', () => {
    const slow: FaultSpec = {
      kind: 'latency',
      at: 0,
      for: Infinity,
      target: 's',
      instance: 0,
      add: exponential(50),
    };
    const run = (loadBalancer: RouteSpec['loadBalancer']) =>
      runScenarioWithinBudget(
        {
          ...shop({ loadBalancer }, [slow], 300, 60_000),
          clients: [client('c', 'edge', 300)],
        },
        loadBalancer,
      );
    const roundRobin = run('ROUND_ROBIN');
    const leastRequest = run('LEAST_REQUEST');
    const ewma = run('EWMA');
    // Round robin: a third of requests take ~51 ms, so p90 is slow.
    expect(roundRobin.latencyMs.p90).toBeGreaterThan(40);
    // Least request (P2C with replacement) still picks the slow host about 1/9 of the time or less;
    // peak EWMA almost never. Both bring the median to the fast hosts' 1 ms.
    expect(leastRequest.latencyMs.mean).toBeLessThan(roundRobin.latencyMs.mean / 2);
    expect(ewma.latencyMs.mean).toBeLessThan(leastRequest.latencyMs.mean);
    expect(ewma.latencyMs.p50).toBeCloseTo(1, 2);
  });

  it('without health checks a dead target keeps getting its share and every try there fails', () => {
    const r = runScenarioWithinBudget(shop({}, [crashForever(0)]), 'x');
    // Round robin over 3: a third of 1000 requests are refused.
    expect(r.requests.byStatus).toEqual({ '200': 666, '503': 334 });
  });

  it('passive checks take a target out after its threshold of refused connections', () => {
    const r = runScenarioWithinBudget(shop({ healthchecks: passive(2) }, [crashForever(0)]), 'x');
    // The dead target is refused twice (requests 0 and 3), then out: the rest go to the two alive.
    expect(r.requests.byStatus).toEqual({ '200': 998, '503': 2 });
  });

  it('without active checks a recovered target never returns (Kong); with them it does', () => {
    const outage: FaultSpec = { kind: 'crash', at: 0, for: 2000, target: 's', instance: 0 };
    const passiveOnly = new Simulation(shop({ healthchecks: passive(1) }, [outage]));
    passiveOnly.runUntil(passiveOnly.end);
    expect(Array.from(passiveOnly.topology.upstreams.find(Boolean)!.eligible)).toEqual([0, 1, 1]);
    const active = new Simulation(
      shop({ healthchecks: passive(1, { interval: 1000, successes: 2 }) }, [outage]),
    );
    active.runUntil(active.end);
    expect(Array.from(active.topology.upstreams.find(Boolean)!.eligible)).toEqual([1, 1, 1]);
  });

  it('answers 503 itself when no target is healthy, without calling the service', () => {
    const faults = [crashForever(0), crashForever(1), crashForever(2)];
    const r = runScenarioWithinBudget(shop({ healthchecks: passive(1) }, faults), 'x');
    expect(r.requests.byStatus).toEqual({ '503': 1000 });
    // Each target was tried once (three refusals), then the gateway answered alone.
    expect(r.components.s.rejected).toBe(3);
    expect(r.attempts.total).toBe(1000);
  });
});
