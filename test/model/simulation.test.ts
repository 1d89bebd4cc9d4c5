import { describe, expect, it } from 'vitest';
import { runScenario, Simulation } from '../../src/model';
import type { RouteSpec } from '../../src/scenario/types';
import { client, constant, exponential, gateway, scenario, service } from '../support/build-scenario';
import { runScenarioWithinBudget } from '../support/event-budget';

/** A route forwarding every path to `target`, with the given timeout and retries. */
function route(target: string, fields: Partial<RouteSpec> = {}): RouteSpec {
  return {
    id: `to-${target}`,
    match: { prefix: '/' },
    service: target,
    timeout: Infinity,
    retries: { attempts: 0, retryOn: ['5xx'], perTryTimeout: Infinity },
    plugins: [],
    loadBalancer: 'ROUND_ROBIN',
    ...fields,
  };
}

const constantClient = (target: string, rate: number, fields = {}) =>
  client('c', target, rate, { arrival: { process: 'constant', rate }, ...fields });

describe('Simulation', () => {
  it('runs over [0, duration): a constant 100/s client sends exactly 1000 requests in 10 s', () => {
    const r = runScenarioWithinBudget(
      scenario({
        duration: 10_000,
        clients: [constantClient('s', 100)],
        services: [service('s', { serviceTime: constant(1) })],
      }),
      'x',
    );
    expect(r.requests).toEqual({
      generated: 1000,
      ok: 1000,
      failed: 0,
      inFlight: 0,
      byStatus: { '200': 1000 },
    });
    expect(r.latencyMs.mean).toBe(1);
    expect(r.latencyMs.max).toBe(1);
  });

  it('counts requests still unanswered at the end as in flight', () => {
    // Arrivals at 0, 10, ..., 990 ms; each takes 25 ms; those sent at 980 and 990 are not done at 1000.
    const r = runScenarioWithinBudget(
      scenario({
        duration: 1000,
        clients: [constantClient('s', 100)],
        services: [service('s', { concurrency: 10, serviceTime: constant(25) })],
      }),
      'x',
    );
    expect(r.requests.generated).toBe(100);
    expect(r.requests.inFlight).toBe(2);
    expect(r.requests.ok).toBe(98);
  });

  it('leaves requests sent before warmup out of the counts', () => {
    const r = runScenarioWithinBudget(
      scenario({
        duration: 10_000,
        warmup: 4000,
        clients: [constantClient('s', 100)],
        services: [service('s')],
      }),
      'x',
    );
    expect(r.requests.generated).toBe(600);
    expect(r.throughput.offered).toBe(100);
  });

  it('answers 503 at once when the queue is full, and counts it as rejected', () => {
    // Five requests at t = 0 (five clients), one worker, room for two: two are refused.
    const clients = [0, 1, 2, 3, 4].map((i) =>
      client(`c${i}`, 's', 1, { arrival: { process: 'constant', rate: 1 } }),
    );
    const r = runScenarioWithinBudget(
      scenario({ duration: 500, clients, services: [service('s', { queue: 2, serviceTime: constant(10) })] }),
      'x',
    );
    expect(r.requests.byStatus).toEqual({ '200': 3, '503': 2 });
    expect(r.components.s.rejected).toBe(2);
    expect(r.components.s.served).toBe(3);
    // Waits of the admitted: 0, 10 and 20 ms.
    expect(r.components.s.meanWaitMs).toBe(10);
  });

  it('gives up at the client timeout with 499 while the service keeps working', () => {
    const r = runScenarioWithinBudget(
      scenario({
        duration: 1000,
        clients: [constantClient('s', 10, { timeout: 50 })],
        services: [service('s', { serviceTime: constant(80) })],
      }),
      'x',
    );
    expect(r.requests.byStatus['499']).toBe(r.requests.generated - r.requests.inFlight);
    expect(r.latencyMs.max).toBe(50);
    // The service still serves each request in full: work is not cancelled by a caller leaving.
    expect(r.components.s.served).toBeGreaterThanOrEqual(10);
  });

  it('answers 504 at the route timeout and 404 when no route matches', () => {
    const r = runScenarioWithinBudget(
      scenario({
        duration: 1000,
        gateway: gateway('edge', { routes: [route('slow', { match: { prefix: '/api' }, timeout: 30 })] }),
        clients: [
          constantClient('edge', 10, {
            mix: [
              { weight: 1, method: 'GET', path: '/api/x', headers: {} },
              { weight: 1, method: 'GET', path: '/other', headers: {} },
            ],
          }),
        ],
        services: [service('slow', { concurrency: 100, serviceTime: constant(100) })],
      }),
      'x',
    );
    expect(Object.keys(r.requests.byStatus).sort()).toEqual(['404', '504']);
    expect(r.requests.byStatus['404'] + r.requests.byStatus['504']).toBe(r.requests.generated);
  });

  it('retries a per-try timeout within one deadline covering all tries', () => {
    // Each try times out at 20 ms; the deadline of 50 ms cuts the third try short: 504 at 50 ms.
    const r = runScenarioWithinBudget(
      scenario({
        duration: 1000,
        gateway: gateway('edge', {
          routes: [
            route('slow', { timeout: 50, retries: { attempts: 5, retryOn: ['5xx'], perTryTimeout: 20 } }),
          ],
        }),
        clients: [constantClient('edge', 10)],
        services: [service('slow', { concurrency: 100, serviceTime: constant(100) })],
      }),
      'x',
    );
    expect(r.requests.byStatus).toEqual({ '504': 10 });
    expect(r.latencyMs.max).toBe(50);
    expect(r.attempts.total).toBe(30);
    expect(r.attempts.retries).toBe(20);
  });

  it('passes a failed required call on to the caller and ignores a failed optional one', () => {
    const make = (optional: boolean) =>
      runScenarioWithinBudget(
        scenario({
          duration: 1000,
          clients: [constantClient('front', 100)],
          services: [
            service('front', { calls: [{ service: 'back', optional, timeout: Infinity }] }),
            service('back', { errorRate: 1 }),
          ],
        }),
        'x',
      );
    expect(make(false).requests.byStatus).toEqual({ '500': 100 });
    expect(make(true).requests.byStatus).toEqual({ '200': 100 });
  });

  it('waits for the slowest of parallel calls and for the sum of sequential ones', () => {
    const make = (callMode: 'parallel' | 'sequential') =>
      runScenarioWithinBudget(
        scenario({
          duration: 1000,
          clients: [constantClient('front', 10)],
          services: [
            service('front', {
              callMode,
              calls: [
                { service: 'a', optional: false, timeout: Infinity },
                { service: 'b', optional: false, timeout: Infinity },
              ],
            }),
            service('a', { serviceTime: constant(3) }),
            service('b', { serviceTime: constant(5) }),
          ],
        }),
        'x',
      );
    expect(make('parallel').latencyMs.max).toBe(5);
    expect(make('sequential').latencyMs.max).toBe(8);
  });

  it('holds the worker while waiting on calls (thread-per-request) but not with an event loop', () => {
    const make = (model: 'thread-per-request' | 'event-loop') =>
      runScenarioWithinBudget(
        scenario({
          duration: 10_000,
          clients: [constantClient('front', 100)],
          services: [
            service('front', {
              model,
              serviceTime: constant(1),
              calls: [{ service: 'slow', optional: false, timeout: Infinity }],
            }),
            service('slow', { concurrency: 100, serviceTime: constant(50) }),
          ],
        }),
        'x',
      );
    // Held for 51 ms of every 10 ms: front saturates and its queue grows without bound.
    const held = make('thread-per-request');
    expect(held.components.front.utilization).toBeCloseTo(1, 3);
    expect(held.latencyMs.max).toBeGreaterThan(1000);
    // Freed after 1 ms: 10 % busy, every request takes 51 ms.
    const freed = make('event-loop');
    expect(freed.components.front.utilization).toBeCloseTo(0.1, 3);
    expect(freed.latencyMs.max).toBe(51);
  });

  it('crashes an instance: its calls are reset (503), new calls refused, and it comes back', () => {
    const r = runScenarioWithinBudget(
      scenario({
        duration: 3000,
        clients: [constantClient('s', 100)],
        services: [service('s', { instances: 2, concurrency: 10, serviceTime: constant(15) })],
        faults: [{ kind: 'crash', at: 1005, for: 1000, target: 's', instance: 0 }],
      }),
      'x',
    );
    // Instance 0 gets every other request (round robin): 50/s. During the 1 s outage it refuses 50,
    // and at the crash it holds the one sent at 1000 ms (the one sent at 980 finished at 995).
    expect(r.requests.byStatus['503']).toBe(51);
    // The one sent at 2990 ms is still in flight at the end.
    expect(r.requests.inFlight).toBe(1);
    expect(r.requests.byStatus['200']).toBe(300 - 51 - 1);
    expect(r.components.s.rejected).toBe(50);
  });

  it('adds latency and errors while a fault lasts', () => {
    const r = runScenarioWithinBudget(
      scenario({
        duration: 2000,
        clients: [constantClient('s', 10)],
        services: [service('s', { concurrency: 10, serviceTime: constant(1) })],
        faults: [
          { kind: 'latency', at: 0, for: 1000, target: 's', add: constant(9) },
          { kind: 'errors', at: 1000, for: Infinity, target: 's', rate: 1 },
        ],
      }),
      'x',
    );
    expect(r.requests.byStatus).toEqual({ '200': 10, '500': 10 });
    expect(r.latencyMs.max).toBe(10);
    expect(r.latencyMs.mean).toBe(5.5);
  });

  it('changes an open client rate on its schedule', () => {
    const r = runScenarioWithinBudget(
      scenario({
        duration: 3000,
        clients: [
          constantClient('s', 10, {
            schedule: [
              { at: 1000, rate: 100 },
              { at: 2000, rate: 0 },
            ],
          }),
        ],
        services: [service('s')],
      }),
      'x',
    );
    // 10 in the first second (0 .. 900 ms), then 100 sent at 1010 .. 2000 - but the one due at exactly
    // 2000 ms is cancelled by the step to 0 scheduled earlier at the same time.
    expect(r.requests.generated).toBe(10 + 99);
  });

  it('obeys the interactive response time law X = N / (Z + R) for closed-loop users', () => {
    const r = runScenarioWithinBudget(
      scenario({
        duration: 200_000,
        warmup: 10_000,
        clients: [
          client('users', 's', 0, { arrival: { process: 'closed', users: 20, think: exponential(100) } }),
        ],
        services: [service('s', { serviceTime: exponential(4) })],
      }),
      'x',
    );
    const x = r.throughput.offered / 1000; // per ms
    const predicted = 20 / (100 + r.latencyMs.mean);
    expect(Math.abs(x - predicted) / predicted).toBeLessThan(0.01);
    expect(r.components.s.utilization).toBeCloseTo(x * 4, 1);
  });

  it('can be stepped in slices with the same result as one run', () => {
    const s = scenario({
      duration: 5000,
      clients: [client('c', 's', 300)],
      services: [service('s', { serviceTime: exponential(3) })],
    });
    const whole = new Simulation(s);
    whole.runUntil(whole.end);
    const sliced = new Simulation(s);
    for (let t = 0; t <= 5000; t += 7) sliced.runUntil(t);
    sliced.runUntil(sliced.end);
    expect(sliced.kernel.events).toBe(whole.kernel.events);
    expect(sliced.metrics.latency.mean).toBe(whole.metrics.latency.mean);
  });
});

describe('Simulation with zero-time cycles', () => {
  it('stops with a clear error instead of spinning when simulated time cannot move on', () => {
    const s = scenario({
      duration: 1000,
      clients: [client('users', 's', 0, { arrival: { process: 'closed', users: 1, think: constant(0) } })],
      services: [service('s')],
    });
    // The kernel's own guard is under test, so the run has no event budget of the tests' to stop it first.
    expect(() => runScenario(s, 'x')).toThrow(/simulated time is stuck at 0 ms/);
  });
});

describe('servedByInstance', () => {
  it('counts each instance: round robin over four instances serves each a quarter, exactly', () => {
    const r = runScenarioWithinBudget(
      scenario({
        duration: 10_000,
        clients: [client('c', 'api', 100, { arrival: { process: 'constant', rate: 100 } })],
        services: [service('api', { instances: 4, serviceTime: constant(1) })],
      }),
      'x',
    );
    expect(r.components.api.servedByInstance).toEqual([250, 250, 250, 250]);
    expect(r.components.api.served).toBe(1000);
  });
});
