/**
 * Invariants over random valid scenarios (fast-check, fixed seed named in each title so a failure can
 * be replayed): every request generated is accounted for, and a run is a pure function of its
 * scenario and seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VariantReport } from '../../src/model';
import type { ClientSpec, Dist, FaultSpec, RouteSpec, Scenario, ServiceSpec } from '../../src/scenario/types';
import { client, gateway, scenario, service } from '../support/build-scenario';
import { runScenarioWithinBudget } from '../support/event-budget';

const dist: fc.Arbitrary<Dist> = fc.oneof(
  fc.double({ min: 0, max: 20, noNaN: true }).map((value): Dist => ({ dist: 'constant', value })),
  fc.double({ min: 0.01, max: 20, noNaN: true }).map((mean): Dist => ({ dist: 'exponential', mean })),
  fc
    .double({ min: 0.1, max: 10, noNaN: true })
    .map((median): Dist => ({ dist: 'lognormal', median, p99: median * 6 })),
);

/** Think time of closed-loop users: at least 1 ms, so simulated time always moves on. */
const think: fc.Arbitrary<Dist> = fc
  .double({ min: 1, max: 100, noNaN: true })
  .chain((mean) => fc.constantFrom<Dist>({ dist: 'constant', value: mean }, { dist: 'exponential', mean }));

const timeout = fc.oneof(fc.constant(Infinity), fc.double({ min: 1, max: 200, noNaN: true }));

/** Services s0..s(n-1); s(i) may only call higher-numbered services, so calls never form a cycle. */
const services: fc.Arbitrary<ServiceSpec[]> = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc
        .record({
          instances: fc.integer({ min: 1, max: 3 }),
          concurrency: fc.integer({ min: 1, max: 8 }),
          queue: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 20 })),
          serviceTime: dist,
          errorRate: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
          callMode: fc.constantFrom('sequential' as const, 'parallel' as const),
          model: fc.constantFrom('thread-per-request' as const, 'event-loop' as const),
          calls: fc.array(
            fc.record({
              service: fc.integer({ min: i + 1, max: n + 2 }),
              optional: fc.boolean(),
              timeout,
            }),
            { maxLength: 3 },
          ),
        })
        .map((fields) =>
          service(`s${i}`, {
            ...fields,
            calls: fields.calls
              .filter((call) => call.service < n)
              .map((call) => ({ ...call, service: `s${call.service}` })),
          }),
        ),
    ),
  ),
);

const randomScenario: fc.Arbitrary<Scenario> = services.chain((svcs) => {
  const ids = svcs.map((s) => s.id);
  const route: fc.Arbitrary<RouteSpec> = fc.record({
    id: fc.constant('r'),
    match: fc.constant({ prefix: '/' }),
    service: fc.constantFrom(...ids),
    timeout,
    retries: fc.record({
      attempts: fc.integer({ min: 0, max: 3 }),
      retryOn: fc.subarray(['5xx', 'gateway-error', 'reset', 'connect-failure', 'timeout', '503']),
      perTryTimeout: timeout,
    }),
    plugins: fc.constant([]),
    loadBalancer: fc.constantFrom(
      'ROUND_ROBIN' as const,
      'RANDOM' as const,
      'LEAST_REQUEST' as const,
      'LEAST_CONNECTIONS' as const,
      'RING_HASH' as const,
      'EWMA' as const,
    ),
    healthchecks: fc.option(
      fc.record({
        passive: fc.record({
          httpFailures: fc.integer({ min: 0, max: 3 }),
          tcpFailures: fc.integer({ min: 0, max: 3 }),
          timeouts: fc.integer({ min: 0, max: 3 }),
          httpStatuses: fc.constant([500, 503]),
        }),
        active: fc.option(
          fc.record({ interval: fc.constantFrom(100, 500), successes: fc.integer({ min: 1, max: 3 }) }),
          {
            nil: undefined,
          },
        ),
      }),
      { nil: undefined },
    ),
  });
  const clientSpec: fc.Arbitrary<ClientSpec> = fc
    .record({
      target: fc.constantFrom('edge', ...ids),
      open: fc.boolean(),
      rate: fc.double({ min: 1, max: 400, noNaN: true }),
      users: fc.integer({ min: 1, max: 30 }),
      think,
      timeout,
    })
    .map(({ target, open, rate, users, think, timeout }) =>
      client('c', target, rate, {
        arrival: open ? { process: 'poisson', rate } : { process: 'closed', users, think },
        timeout,
      }),
    );
  const fault: fc.Arbitrary<FaultSpec> = fc
    .record({
      kind: fc.constantFrom('crash' as const, 'latency' as const, 'errors' as const),
      at: fc.double({ min: 0, max: 2000, noNaN: true }),
      for: fc.oneof(fc.constant(Infinity), fc.double({ min: 1, max: 1000, noNaN: true })),
      target: fc.constantFrom(...ids),
    })
    .map((f): FaultSpec =>
      f.kind === 'crash'
        ? { ...f, kind: 'crash', instance: 0 }
        : f.kind === 'latency'
          ? { ...f, kind: 'latency', add: { dist: 'constant', value: 5 } }
          : { ...f, kind: 'errors', rate: 0.5 },
    );
  return fc
    .record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      warmup: fc.constantFrom(0, 200),
      latency: dist,
      route,
      clients: fc.array(clientSpec, { minLength: 1, maxLength: 3 }),
      faults: fc.array(fault, { maxLength: 3 }),
    })
    .map(({ seed, warmup, latency, route, clients, faults }) =>
      scenario({
        seed,
        warmup,
        duration: 3000,
        gateway: gateway('edge', {
          instances: 2,
          concurrency: 4,
          overhead: { dist: 'constant', value: 0.2 },
          routes: [route],
        }),
        clients: clients.map((c, i) => ({ ...c, id: `c${i}` })),
        services: svcs,
        network: { latency, crossRegion: { dist: 'constant', value: 0 } },
        faults,
      }),
    );
});

function withoutWallTime(report: VariantReport): string {
  return JSON.stringify({ ...report, wallMs: 0 });
}

describe('model invariants', () => {
  it('conservation: generated = ok + failed + inFlight for random scenarios (seed 20261126)', () => {
    fc.assert(
      fc.property(randomScenario, (s) => {
        const r = runScenarioWithinBudget(s, 'random');
        const { generated, ok, failed, inFlight, byStatus } = r.requests;
        expect(ok + failed + inFlight).toBe(generated);
        expect(inFlight).toBeGreaterThanOrEqual(0);
        const statuses = Object.entries(byStatus);
        expect(statuses.reduce((sum, [, n]) => sum + n, 0)).toBe(ok + failed);
        expect(statuses.filter(([code]) => code.startsWith('2')).reduce((sum, [, n]) => sum + n, 0)).toBe(ok);
        expect(r.attempts.total).toBeGreaterThanOrEqual(r.attempts.retries);
        for (const component of Object.values(r.components)) {
          expect(component.utilization).toBeGreaterThanOrEqual(-1e-9);
          expect(component.utilization).toBeLessThanOrEqual(1 + 1e-9);
          expect(component.meanQueue).toBeGreaterThanOrEqual(-1e-9);
        }
      }),
      { seed: 20261126, numRuns: 150 },
    );
  });

  it('determinism: the same scenario and seed give the same report byte for byte (seed 7)', () => {
    fc.assert(
      fc.property(randomScenario, (s) => {
        expect(withoutWallTime(runScenarioWithinBudget(s, 'a'))).toBe(
          withoutWallTime(runScenarioWithinBudget(s, 'a')),
        );
      }),
      { seed: 7, numRuns: 40 },
    );
  });

  it('common random numbers: a second client does not change the first one’s arrivals', () => {
    const one = scenario({ duration: 5000, clients: [client('web', 's', 200)], services: [service('s')] });
    const two = { ...one, clients: [client('batch', 's', 50), ...one.clients] };
    const alone = runScenarioWithinBudget(one, 'x');
    const together = runScenarioWithinBudget(two, 'x');
    // 'web' draws from its own stream, so it sends the same requests; 'batch' adds its own.
    expect(together.requests.generated - alone.requests.generated).toBe(
      runScenarioWithinBudget({ ...one, clients: [client('batch', 's', 50)] }, 'x').requests.generated,
    );
  });
});
