/**
 * Regions and failover in whole runs: the latency a hop between regions adds, exactly, with and
 * without the mesh; a sidecar's failover to another service when the one called has no healthy
 * endpoint it knows of (discovery or outlier detection), and back when it recovers.
 */
import { describe, expect, it } from 'vitest';
import { type VariantReport } from '../../src/model';
import { Simulation } from '../../src/model/simulation';
import type { Trace } from '../../src/model/trace';
import { loaded, yaml } from '../scenario/helpers';
import { runFileWithinBudget } from '../support/event-budget';

/** Runs a file and returns its variants by name (`base` when it has none). */
function runAll(...lines: string[]): Record<string, VariantReport> {
  const report = runFileWithinBudget(loaded(yaml(...lines)));
  return Object.fromEntries(report.variants.map((v) => [v.name, v]));
}

/** Every trace of a run of `lines` (each request traced). */
function traces(...lines: string[]): Trace[] {
  const sim = new Simulation(loaded(yaml(...lines, 'tracing: { sample: 1, keep: 100000 }')).base);
  sim.runUntil(sim.end);
  return sim.tracer.traces();
}

/** The services that did the work of the requests sent in [from, to), with how many each. */
function servedBetween(all: readonly Trace[], from: number, to: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of all) {
    if (t.start < from || t.start >= to) continue;
    for (const span of t.spans)
      if (span.kind === 'work' && span.name.startsWith('checkout'))
        out[span.name] = (out[span.name] ?? 0) + 1;
  }
  return out;
}

describe('cross-region latency', () => {
  // edge and the client in east; a in west; b in `bRegion`. Every latency constant.
  const shop = (bRegion: string, mesh: string) => [
    'duration: 1s',
    'clients: [ { id: c, region: east, arrival: { process: constant, rate: 10 }, mix: [ { path: /api } ] } ]',
    'gateway: { id: edge, region: east, routes: [ { match: { prefix: /api }, service: a } ] }',
    'services:',
    '  - { id: a, region: west, serviceTime: 2ms, calls: [ b ] }',
    `  - { id: b, region: ${bRegion}, serviceTime: 3ms }`,
    'network: { latency: 1ms, crossRegion: 35ms }',
    mesh,
    'variants:',
    '  - { name: gateway-only, mesh: { enabled: false } }',
    '  - { name: mesh, mesh: { enabled: true } }',
  ];

  it('a hop between regions costs crossRegion more each way, with or without sidecars', () => {
    // Four hops there and back (c-edge, edge-a, a-b): 2 x 3 x 1 ms, 5 ms of work, and edge-a crosses: 2 x 35 ms.
    for (const v of Object.values(runAll(...shop('west', 'mesh: { mtls: { mode: DISABLE } }')))) {
      expect(v.requests.byStatus).toEqual({ '200': 10 });
      expect(v.latencyMs.max).toBe(6 + 5 + 70);
      expect(v.latencyMs.p50).toBeCloseTo(81, 1);
      expect(v.latencyMs.mean).toBeCloseTo(81, 9);
    }
    // b back in east: a-b crosses too.
    for (const v of Object.values(runAll(...shop('east', 'mesh: { mtls: { mode: DISABLE } }'))))
      expect(v.latencyMs.mean).toBeCloseTo(6 + 5 + 140, 9);
  });

  it('a component without a region crosses nothing; crossRegion 0 adds nothing', () => {
    const lines = shop('west', 'mesh: { mtls: { mode: DISABLE } }').map((line) =>
      line.replace('region: west, ', ''),
    );
    // a has no region: edge-a and a-b stay plain hops.
    expect(runAll(...lines).mesh.latencyMs.mean).toBeCloseTo(11, 9);
    const none = shop('east', 'mesh: { mtls: { mode: DISABLE } }').map((line) =>
      line.replace('crossRegion: 35ms', 'crossRegion: 0'),
    );
    expect(runAll(...none).mesh.latencyMs.mean).toBeCloseTo(11, 9);
  });

  it('a new mTLS connection across regions pays the handshake and a round trip between the regions', () => {
    const lines = shop('west', 'mesh: { mtls: { handshake: 2ms } }').map((line) =>
      line.replace('rate: 10', 'rate: 5'),
    );
    const v = runAll(...lines).mesh;
    // The first request opens edge -> a (2 + 2 x 36 ms) and a -> b (2 + 2 x 1 ms); the next ones,
    // 200 ms apart, find them idle.
    expect(v.latencyMs.max).toBeCloseTo(81 + 74 + 4, 9);
    expect(v.latencyMs.mean).toBeCloseTo((159 + 4 * 81) / 5, 9);
    expect(v.mesh!.mtls.handshakes).toBe(2);
  });

  it('a client in another region than its gateway crosses on its first hop', () => {
    const lines = shop('west', '').map((line) => line.replace('id: c, region: east', 'id: c, region: west'));
    expect(runAll(...lines)['gateway-only'].latencyMs.mean).toBeCloseTo(81 + 70, 9);
  });
});

describe('failover', () => {
  // 100 requests a second through edge (east) to checkout-east; every east instance down from 5 s to 15 s.
  const regions = (mesh: string, ...more: string[]) => [
    'duration: 20s',
    'clients: [ { id: c, arrival: { process: constant, rate: 100 }, mix: [ { path: /api } ] } ]',
    'gateway: { id: edge, region: east, routes: [ { match: { prefix: /api }, service: checkout-east } ] }',
    'services:',
    '  - { id: checkout-east, region: east, instances: 2, concurrency: 4, serviceTime: 2ms }',
    '  - { id: checkout-west, region: west, instances: 2, concurrency: 4, serviceTime: 2ms }',
    ...more,
    'network: { latency: 1ms, crossRegion: 35ms }',
    'faults: [ { at: 5s, for: 10s, target: checkout-east, kind: crash } ]',
    mesh,
  ];
  const discovery = (policy: string) =>
    `mesh: { enabled: true, mtls: { mode: DISABLE }, discovery: { propagationDelay: 2s }, policies: { checkout-east: ${policy} } }`;

  it('goes to the failover service once the registry says the service is down, and back once it says it is up', () => {
    const lines = regions(discovery('{ failover: [checkout-west] }'));
    const v = runAll(...lines).base;
    // 5 s to 7 s: the sidecar still sends to the crashed instances (connection refused).
    expect(v.requests.byStatus).toEqual({ '200': 1800, '503': 200 });
    // 7 s to 17 s: the registry knows checkout-east is down (recovered at 15 s, known at 17 s).
    expect(v.mesh!.outcomes.failovers).toBe(1000);
    expect(v.mesh!.edges.map((e) => [e.from, e.to, e.tries, e.errors])).toEqual([
      ['edge', 'checkout-east', 1000, 200],
      ['edge', 'checkout-west', 1000, 0],
    ]);
    const all = traces(...lines);
    expect(servedBetween(all, 0, 5000)).toEqual({ 'checkout-east': 500 });
    expect(servedBetween(all, 5000, 7000)).toEqual({});
    expect(servedBetween(all, 7000, 17_000)).toEqual({ 'checkout-west': 1000 });
    expect(servedBetween(all, 17_000, 19_900)).toEqual({ 'checkout-east': 290 });
    // A failed-over request pays the round trip to the other region: 2 x (1 + 35) ms instead of 2 x 1 ms.
    const at = (start: number) => all.find((t) => t.start === start)!;
    expect(at(4000).end - at(4000).start).toBeCloseTo(6, 9);
    expect(at(10_000).end - at(10_000).start).toBeCloseTo(76, 9);
    // The trace names the service the try went to, and why.
    const call = at(10_000).spans.find((s) => s.kind === 'call' && s.from === 'edge sidecar')!;
    expect(call.to).toBe('checkout-west sidecar');
    expect(call.name).toBe('edge sidecar -> checkout-west sidecar');
    expect(call.notes).toContain(
      'failover: no healthy endpoint of checkout-east known to this sidecar; sent to checkout-west',
    );
  });

  it('never without a failover list, nor without the mesh: the outage is 503s', () => {
    const bare = runAll(...regions(discovery('{}'))).base;
    // Refused for 2 s, no healthy upstream for 8 s, and 2 s more until the registry learns of the recovery.
    expect(bare.requests.byStatus).toEqual({ '200': 800, '503': 1200 });
    expect(bare.mesh!.outcomes.failovers).toBe(0);
    const direct = runAll(
      ...regions(discovery('{ failover: [checkout-west] }').replace('enabled: true', 'enabled: false')),
    ).base;
    // The gateway's route has no failover: every request of the outage is refused.
    expect(direct.requests.byStatus).toEqual({ '200': 1000, '503': 1000 });
    expect(direct.components['checkout-west'].served).toBe(0);
  });

  it('outlier detection ejecting every endpoint fails over before discovery knows; a retry may fail over', () => {
    const v = runAll(
      ...regions(
        [
          'mesh:',
          '  enabled: true',
          '  mtls: { mode: DISABLE }',
          '  discovery: { propagationDelay: 60s }',
          '  policies:',
          '    checkout-east:',
          '      failover: [checkout-west]',
          '      retries: { attempts: 1, retryOn: [connect-failure] }',
          '      outlierDetection: { consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 5s, maxEjectionPercent: 100 }',
        ].join('\n'),
      ),
    ).base;
    // The first refused try ejects its endpoint; its retry meets the other, which is ejected in turn,
    // and from then on tries fail over. Each return of the ejected endpoints costs a retry again.
    expect(v.requests.byStatus['503'] ?? 0).toBe(0);
    expect(v.requests.ok).toBe(v.requests.generated - v.requests.inFlight);
    expect(v.mesh!.outcomes.ejections).toBe(4);
    expect(v.attempts.retries).toBe(4);
    // Out from 5 s, ejected for 5 s and then 10 s (twice the base): failed over until about 20 s.
    expect(v.mesh!.outcomes.failovers).toBeGreaterThan(1450);
    expect(v.mesh!.outcomes.failovers).toBeLessThanOrEqual(1500);
  });

  it('takes the first failover service that has a healthy endpoint', () => {
    const v = runAll(
      ...regions(
        discovery('{ failover: [checkout-west, checkout-eu] }'),
        '  - { id: checkout-eu, region: eu, instances: 1, concurrency: 4, serviceTime: 2ms }',
        'faults:',
        '  - { at: 5s, for: 10s, target: checkout-east, kind: crash }',
        '  - { at: 0s, target: checkout-west, kind: crash }',
      ).filter((line) => !line.startsWith('faults: [')),
    ).base;
    // checkout-west is down from the start (known at 2 s): checkout-eu takes the failed-over calls.
    expect(v.components['checkout-west'].served).toBe(0);
    expect(v.components['checkout-eu'].served).toBe(1000);
    expect(v.mesh!.outcomes.failovers).toBe(1000);
  });
});
