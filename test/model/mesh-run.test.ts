/**
 * The mesh in whole runs: sidecars, mTLS, discovery, balancing, retries, pools, health, faults,
 * splits and authorization. Exact counts where the semantics are exact; stated tolerances elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { type VariantReport } from '../../src/model';
import { Simulation } from '../../src/model/simulation';
import { loaded, yaml } from '../scenario/helpers';
import { RETRY_CHAIN } from '../support/retry-chain';
import { runFileWithinBudget } from '../support/event-budget';

/** Runs a file and returns its variants by name (`base` when it has none). */
function runAll(...lines: string[]): Record<string, VariantReport> {
  const report = runFileWithinBudget(loaded(yaml(...lines)));
  return Object.fromEntries(report.variants.map((v) => [v.name, v]));
}

const run = (...lines: string[]): VariantReport => runAll(...lines).base;

/** A constant client through gateway `edge` to service `a`. */
const front = (rate: number, duration = '10s') => [
  `duration: ${duration}`,
  `clients: [ { id: c, arrival: { process: constant, rate: ${rate} }, mix: [ { weight: 1, path: /api } ] } ]`,
  'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: a } ] }',
];

describe('sidecars', () => {
  it('each hop passes the caller’s and the callee’s sidecar; gateway-only calls go direct', () => {
    const variants = runAll(
      ...front(10),
      'services:',
      '  - { id: a, serviceTime: 2ms, calls: [ { service: b } ] }',
      '  - { id: b, serviceTime: 3ms }',
      'mesh: { enabled: true, sidecar: { overhead: 0.25ms } }',
      'variants:',
      '  - { name: gateway-only, mesh: { enabled: false } }',
      '  - { name: mesh, mesh: { enabled: true } }',
    );
    const direct = variants['gateway-only'];
    const mesh = variants.mesh;
    expect(direct.latencyMs.max).toBe(5);
    // edge -> a and a -> b: four passes of 0.25 ms.
    expect(mesh.latencyMs.mean).toBeCloseTo(6, 9);
    expect(mesh.latencyMs.max).toBeCloseTo(6, 9);
    // The same arrivals in both variants.
    expect(mesh.requests.generated).toBe(direct.requests.generated);
    expect(mesh.attempts.total).toBe(direct.attempts.total);
    // Sidecar CPU: 4 passes x 0.25 ms per request = 1 000 ms per 1 000 requests.
    expect(mesh.mesh!.cpuMsPer1000Requests).toBeCloseTo(1000, 6);
    expect(mesh.mesh!.sidecars.a.passes).toBe(2 * mesh.requests.generated);
    expect(Object.keys(mesh.components).sort()).toEqual(['a', 'b', 'edge']);
    expect(direct.mesh).toBeUndefined();
    expect(mesh.mesh!.edges.map((e) => [e.from, e.to, e.tries])).toEqual([
      ['a', 'b', 100],
      ['edge', 'a', 100],
    ]);
  });

  it('a sidecar has its own workers: a slow proxy queues requests of its own', () => {
    const r = run(
      'duration: 10s',
      'clients: [ { id: c, arrival: { rate: 500 }, mix: [ { weight: 1, path: /api } ] } ]',
      'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: a } ] }',
      'services: [ { id: a, concurrency: 100, serviceTime: 1ms } ]',
      'mesh: { enabled: true, sidecar: { overhead: 1.5ms, concurrency: 1 } }',
    );
    // a's sidecar gets 500 passes a second of 1.5 ms with one worker: 75 % busy (edge's too).
    expect(r.mesh!.sidecars.a.utilization).toBeGreaterThan(0.72);
    expect(r.mesh!.sidecars.a.utilization).toBeLessThan(0.78);
    // The gateway's sidecar is an M/D/1 queue at rho 0.75: mean wait rho x S / (2 (1 - rho)) = 2.25 ms.
    // Its departures are at least 1.5 ms apart, so a's sidecar (the same 1.5 ms) never queues them.
    expect(r.latencyMs.mean).toBeGreaterThan(1 + 3 + 2.25 - 0.3);
    expect(r.latencyMs.mean).toBeLessThan(1 + 3 + 2.25 + 0.3);
  });
});

describe('mTLS', () => {
  it('a new connection pays the handshake; pooled connections are reused until the certificate rotates', () => {
    const base = [...front(10, '10s'), 'services: [ { id: a, instances: 2, serviceTime: 1ms } ]'];
    const steady = run(
      ...base,
      'mesh: { enabled: true, mtls: { mode: STRICT, handshake: 2ms, perRequest: 0.1ms } }',
    );
    // One gateway sidecar, two endpoints of a: two connections, each opened once.
    expect(steady.mesh!.mtls.handshakes).toBe(2);
    expect(steady.latencyMs.max).toBeCloseTo(1 + 2 + 0.2, 9);
    expect(steady.latencyMs.p50).toBeCloseTo(1.2, 2);
    const rotating = run(
      ...base,
      'mesh: { enabled: true, mtls: { mode: STRICT, handshake: 2ms, perRequest: 0.1ms, rotation: 1s } }',
    );
    expect(rotating.mesh!.mtls.handshakes).toBe(2 * 10);
  });

  it('a connection to a crashed pod the registry still lists is refused at connect: no handshake, no TLS time', () => {
    const r = run(
      'duration: 10s',
      'clients: [ { id: c, arrival: { process: constant, rate: 100 } } ]',
      'gateway: { id: edge, routes: [ { service: a } ] }',
      'services: [ { id: a, instances: 2, serviceTime: 1ms } ]',
      'faults: [ { at: 0s, target: a, instance: 1, kind: crash } ]',
      'mesh: { enabled: true, discovery: { propagationDelay: 100s }, mtls: { mode: STRICT, handshake: 5ms } }',
    );
    // Round robin over two endpoints the registry believes up: every other try goes to the dead one.
    expect(r.requests.byStatus).toEqual({ '200': 500, '503': 500 });
    // Only the live endpoint's connection was ever made; the refusals took no time (no network latency).
    expect(r.mesh!.mtls.handshakes).toBe(1);
    expect(r.latencyMs.p50).toBe(0);
  });

  it("Linkerd's balancer leaves a refused endpoint out while it reconnects; round robin keeps sending to it", () => {
    const v = runAll(
      'clients: [ { id: load, target: web, arrival: { rate: 150 } } ]',
      'services:',
      '  - { id: web, instances: 2, concurrency: 16, serviceTime: 2ms, calls: [api] }',
      '  - { id: api, instances: 3, concurrency: 8, serviceTime: 5ms }',
      'faults: [ { at: 5s, for: 10s, target: api, instance: 2, kind: crash } ]',
      'mesh: { enabled: true, profile: linkerd, discovery: { propagationDelay: 5s } }',
      'variants: [ { name: ewma }, { name: rr, mesh: { defaults: { loadBalancer: ROUND_ROBIN } } } ]',
    );
    // Until the registry learns of the crash (5 s), round robin sends it a third of 150/s.
    expect(v.rr.requests.byStatus['503']).toBeGreaterThan(220);
    expect(v.rr.requests.byStatus['503']).toBeLessThan(280);
    // Each of the two web proxies tries it again only after 100, 200, 400, then every 500 ms: about 10 each.
    expect(v.ewma.requests.byStatus['503']).toBeGreaterThanOrEqual(18);
    expect(v.ewma.requests.byStatus['503']).toBeLessThanOrEqual(28);
  });

  it('a handshake longer than connectTimeout fails the try as a connect failure, after connectTimeout', () => {
    const r = run(
      ...front(10, '1s'),
      'services: [ { id: a, serviceTime: 1ms } ]',
      'mesh: { enabled: true, mtls: { handshake: 50ms }, policies: { a: { connectTimeout: 20ms } } }',
    );
    // Every new connection fails, so none is ever pooled: every request fails after 20 ms.
    expect(r.requests.byStatus).toEqual({ '503': 10 });
    expect(r.latencyMs.max).toBeCloseTo(20, 1);
    expect(r.components.a.served).toBe(0);
  });

  it('STRICT refuses a caller without a sidecar; PERMISSIVE lets it in', () => {
    const lines = (mode: string) => [
      'duration: 1s',
      'clients: [ { id: c, target: a, arrival: { process: constant, rate: 100 } } ]',
      'services: [ { id: a, serviceTime: 1ms, calls: [ { service: b } ] }, { id: b, serviceTime: 1ms } ]',
      `mesh: { enabled: true, exclude: [a], mtls: { mode: ${mode} } }`,
    ];
    const strict = run(...lines('STRICT'));
    expect(strict.requests.byStatus).toEqual({ '503': 100 });
    expect(strict.mesh!.outcomes.strictRefused).toBe(100);
    expect(strict.components.b.served).toBe(0);
    expect(run(...lines('PERMISSIVE')).requests.byStatus).toEqual({ '200': 100 });
  });
});

describe('discovery', () => {
  it('sidecars send to a crashed endpoint until the registry tells them; retries on connect-failure hide it', () => {
    const lines = (retries: string) => [
      ...front(100, '6s'),
      'services: [ { id: a, instances: 2, serviceTime: 1ms } ]',
      'faults: [ { at: 1s, for: 10s, target: a, instance: 0, kind: crash } ]',
      `mesh: { enabled: true, discovery: { propagationDelay: 2s }, defaults: { retries: ${retries} } }`,
    ];
    const bare = run(...lines('0'));
    // Round robin: every other request of the 2 s before the registry knows is refused.
    expect(bare.requests.byStatus['503']).toBe(100);
    // A retry to another host (Istio's default) always finds the live one.
    const retried = run(...lines('{ attempts: 1, retryOn: [connect-failure], otherHost: true }'));
    expect(retried.requests.byStatus).toEqual({ '200': retried.requests.generated });
    // About half the 200 first tries of those 2 s met the dead endpoint (each retry moves round robin on).
    expect(retried.attempts.retries).toBeGreaterThan(85);
    expect(retried.attempts.retries).toBeLessThan(120);
    // Without it, round robin may hand the retry the dead endpoint again (another request took the live one).
    const anyHost = run(...lines('{ attempts: 1, retryOn: [connect-failure] }'));
    expect(anyHost.requests.byStatus['503']).toBeGreaterThan(0);
    expect(anyHost.requests.byStatus['503']).toBeLessThan(100);
  });
});

describe('scaling', () => {
  const lines = (mesh: string) => [
    'duration: 20s',
    'clients: [ { id: c, arrival: { process: constant, rate: 100 }, mix: [ { weight: 1, path: /api } ] } ]',
    'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: a } ] }',
    'services: [ { id: a, instances: 2, concurrency: 4, serviceTime: 1ms } ]',
    'faults: [ { at: 5s, for: 10s, target: a, kind: scale, instances: 4 } ]',
    mesh,
  ];

  it('without the mesh, new instances take traffic at once and removed ones drain: no error', () => {
    const r = run(...lines('mesh: { enabled: false }'));
    expect(r.requests.byStatus).toEqual({ '200': 2000 });
    // 100/s x 1 ms keeps 0.1 workers busy: 2 000 worker-ms in 20 s, over 8 workers for 10 s and 16 for 10 s.
    expect(r.components.a.utilization).toBeCloseTo(2000 / (8 * 10_000 + 16 * 10_000), 4);
  });

  it('with the mesh, sidecars learn of a scale-up late, and keep calling removed instances until the registry tells them', () => {
    const meshed = lines(
      'mesh: { enabled: true, discovery: { propagationDelay: 2s }, defaults: { loadBalancer: ROUND_ROBIN } }',
    );
    const sim = new Simulation(loaded(yaml(...meshed, 'tracing: { sample: 1, keep: 5000 }')).base);
    sim.runUntil(sim.end);
    // Which instances of a served the requests sent in each second.
    const instancesIn = (from: number, to: number) =>
      new Set(
        sim.tracer
          .traces()
          .filter((t) => t.start >= from && t.start < to && t.status === 200)
          .flatMap((t) =>
            t.spans.filter((span) => span.kind === 'work' && span.name === 'a').map((span) => span.instance),
          ),
      );
    // Up from 5 s, unknown to the sidecars until 7 s.
    expect([...instancesIn(5000, 7000)].sort()).toEqual([0, 1]);
    expect([...instancesIn(7000, 15_000)].sort()).toEqual([0, 1, 2, 3]);
    expect([...instancesIn(17_000, 20_000)].sort()).toEqual([0, 1]);
    const r = runFileWithinBudget(loaded(yaml(...meshed))).variants[0];
    // From 15 s to 17 s the registry still lists the two removed instances: half the calls are refused.
    expect(r.requests.byStatus).toEqual({ '200': 1900, '503': 100 });
  });
});

describe('connection pool (Envoy circuit breaking)', () => {
  it('admits maxConnections in flight and maxPendingRequests waiting; the rest 503 at once without reaching the upstream', () => {
    const r = run(
      'duration: 1s',
      'clients: [ { id: c, arrival: { process: constant, rate: 10000 }, mix: [ { weight: 1, path: /api } ] } ]',
      'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: a } ] }',
      'services: [ { id: a, concurrency: 100, serviceTime: 2s } ]',
      'mesh: { enabled: true, policies: { a: { connectionPool: { maxConnections: 2, maxPendingRequests: 3 } } } }',
    );
    // 2 in flight and 3 waiting for the whole second (the service takes 2 s); every other request 503.
    expect(r.components.a.served).toBe(0);
    expect(r.requests.inFlight).toBe(5);
    expect(r.requests.byStatus['503']).toBe(r.requests.generated - 5);
    expect(r.mesh!.outcomes.poolOverflows).toBe(r.requests.generated - 5);
  });
});

describe('retries', () => {
  const failing = (policy: string, extra: string[] = []) => [
    ...front(100, '10s'),
    'services: [ { id: a, serviceTime: 1ms, errorRate: 1 } ]',
    ...extra,
    `mesh: { enabled: true, policies: { a: ${policy} } }`,
  ];

  it('backoff is fully jittered: retry n waits U[0, min(max, base x (2^n - 1)))', () => {
    const r = run(
      ...failing('{ retries: { attempts: 3, retryOn: [5xx], backoff: { base: 25ms, max: 250ms } } }'),
    );
    // Every request answered fails after its 3 retries; the last few are still trying at the end.
    const answered = r.requests.byStatus['500'];
    expect(answered + r.requests.inFlight).toBe(1000);
    expect(r.attempts.retries).toBeGreaterThanOrEqual(3 * answered);
    expect(r.attempts.retries).toBeLessThanOrEqual(3 * 1000);
    // Four tries of 1 ms plus waits of mean 12.5 + 37.5 + 87.5 ms = 141.5 ms; 1 000 requests.
    expect(r.latencyMs.mean).toBeGreaterThan(141.5 - 5);
    expect(r.latencyMs.mean).toBeLessThan(141.5 + 5);
    expect(r.latencyMs.max).toBeLessThan(4 + 25 + 75 + 175);
  });

  it('one deadline covers every try and its 504 is not retried', () => {
    const r = run(
      ...failing(
        '{ timeout: 30ms, retries: { attempts: 5, retryOn: [5xx], backoff: { base: 25ms, max: 250ms } } }',
      ),
    );
    expect(r.latencyMs.max).toBeLessThanOrEqual(30);
    expect(r.requests.byStatus['504']).toBeGreaterThan(0);
    expect(r.attempts.retries).toBeLessThan(5000);
  });

  it('a retry to another host avoids the endpoint that failed, with or without a backoff', () => {
    const lines = (otherHost: boolean) => [
      ...front(100, '10s'),
      'services: [ { id: a, instances: 2, serviceTime: 1ms } ]',
      'faults: [ { at: 0s, target: a, instance: 0, kind: errors, rate: 1 } ]',
      `mesh: { enabled: true, defaults: { loadBalancer: RANDOM, retries: { attempts: 1, retryOn: [5xx], otherHost: ${otherHost}, backoff: { base: 0ms, max: 0ms } } } }`,
    ];
    expect(run(...lines(true)).requests.byStatus).toEqual({ '200': 1000 });
    // Random without it: a retry of a failed try lands on the failing endpoint again half the time.
    const failed = run(...lines(false)).requests.byStatus['500'];
    expect(failed).toBeGreaterThan(250 - 60);
    expect(failed).toBeLessThan(250 + 60);
  });

  it('a retry storm: three tries at each of three hops make 27 tries at the leaf', () => {
    const r = run(...RETRY_CHAIN);
    expect(r.components.d.served).toBe(27 * 10);
    expect(r.components.c1.served).toBe(9 * 10);
  });

  it("Istio's default does not retry a plain 5xx, but retries a refused connection", () => {
    const r = run(
      ...front(100, '10s'),
      'services: [ { id: a, serviceTime: 1ms, errorRate: 1 } ]',
      'mesh: { enabled: true, profile: istio }',
    );
    expect(r.attempts.retries).toBe(0);
    expect(r.requests.byStatus).toEqual({ '500': 1000 });
  });

  it('a Linkerd budget of 20 % + 10/s caps the retries of an outage', () => {
    const r = run(
      ...front(200, '20s'),
      'services: [ { id: a, concurrency: 1000, serviceTime: 1ms, errorRate: 1 } ]',
      'mesh: { enabled: true, policies: { a: { retries: { attempts: 5, retryOn: [5xx], backoff: { base: 0ms, max: 0ms }, budget: { ratio: 0.2, minPerSecond: 10, ttl: 10s } } } } }',
    );
    // 200 requests a second may add 0.2 x 200 + 10 = 50 retries a second: 1.25 x load at most.
    const amplification = r.attempts.total / r.requests.generated;
    expect(amplification).toBeLessThan(1.25 + 0.05);
    expect(amplification).toBeGreaterThan(1.1);
    expect(r.mesh!.outcomes.retriesDenied).toBeGreaterThan(0);
  });
});

describe('endpoint health', () => {
  it('outlier detection ejects at the fifth consecutive 5xx, for baseEjectionTime', () => {
    const r = run(
      ...front(100, '20s'),
      'services: [ { id: a, instances: 5, serviceTime: 1ms } ]',
      'faults: [ { at: 0s, target: a, instance: 0, kind: errors, rate: 1 } ]',
      'mesh: { enabled: true, policies: { a: { outlierDetection: { consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 20 } } } }',
    );
    // Round robin over 5: the bad host's 5 errors come in its first 5 turns; then it is out for 30 s.
    expect(r.requests.byStatus['500']).toBe(5);
    expect(r.mesh!.outcomes.ejections).toBe(1);
  });

  it('with every endpoint known down, Istio answers 503 no healthy upstream without calling', () => {
    const r = run(
      ...front(10, '2s'),
      'services: [ { id: a, instances: 2, serviceTime: 1ms } ]',
      'faults: [ { at: 0s, target: a, kind: crash } ]',
      'mesh: { enabled: true, profile: istio }',
    );
    expect(r.requests.byStatus).toEqual({ '503': 20 });
    expect(r.components.a.rejected).toBe(0);
  });

  it('below the panic threshold Envoy (Consul) balances over every endpoint; Istio (panic off) refuses at once', () => {
    const notes = (profile: string) => {
      const sim = new Simulation(
        loaded(
          yaml(
            ...front(10, '1s'),
            'tracing: { sample: 1 }',
            'services: [ { id: a, instances: 2, serviceTime: 1ms } ]',
            'faults: [ { at: 0s, target: a, kind: crash } ]',
            `mesh: { enabled: true, profile: ${profile} }`,
          ),
        ).base,
      );
      sim.runUntil(sim.end);
      const calls = sim.tracer
        .traces()
        .flatMap((t) => t.spans.filter((s) => s.name === 'edge sidecar -> a sidecar'));
      return [...new Set(calls.flatMap((s) => s.notes))];
    };
    // Consul: 0 % healthy < 50 %: panic, so the sidecar tries the dead endpoints and is refused.
    expect(notes('consul')).toEqual(['connection refused: the instance is down']);
    // Istio: no panic; with no healthy endpoint the sidecar answers without a call.
    expect(notes('istio')).toEqual(['no healthy upstream']);
  });

  it('failure accrual takes a failing endpoint out after 7 consecutive failures and probes it', () => {
    const r = run(
      ...front(100, '2s'),
      'services: [ { id: a, instances: 2, serviceTime: 1ms } ]',
      'faults: [ { at: 0s, target: a, instance: 0, kind: errors, rate: 1 } ]',
      'mesh: { enabled: true, policies: { a: { loadBalancer: ROUND_ROBIN, failureAccrual: { consecutiveFailures: 7, minPenalty: 1s, maxPenalty: 60s, jitter: 0 } } } }',
    );
    // 7 failures, out for 1 s, one failed probe, out for 2 s: 8 failures in 2 s.
    expect(r.requests.byStatus['500']).toBe(8);
  });

  it('one slow host: round robin keeps sending it its share; least request moves traffic away', () => {
    const lines = (lb: string) => [
      'duration: 20s',
      'clients: [ { id: c, arrival: { rate: 400 }, mix: [ { weight: 1, path: /api } ] } ]',
      'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: a } ] }',
      'services: [ { id: a, instances: 4, concurrency: 4, serviceTime: { dist: exponential, mean: 5ms } } ]',
      'faults: [ { at: 0s, target: a, instance: 0, kind: latency, add: 40ms } ]',
      `mesh: { enabled: true, defaults: { loadBalancer: ${lb} } }`,
    ];
    const rr = run(...lines('ROUND_ROBIN'));
    const p2c = run(...lines('LEAST_REQUEST'));
    const ewma = run(...lines('EWMA'));
    expect(p2c.latencyMs.mean).toBeLessThan(rr.latencyMs.mean * 0.8);
    expect(ewma.latencyMs.mean).toBeLessThan(rr.latencyMs.mean * 0.8);
  });
});

describe('profiles in a run', () => {
  it('EWMA rewards fast failures: a pod that fails in 1 ms draws far more than its share (Linkerd)', () => {
    const lines = (lb: string) => [
      'duration: 20s',
      'clients: [ { id: c, arrival: { rate: 200 }, mix: [ { weight: 1, path: /api } ] } ]',
      'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: a } ] }',
      'services: [ { id: a, instances: 4, concurrency: 16, serviceTime: 1ms } ]',
      'faults:',
      '  - { at: 0s, target: a, instance: 0, kind: errors, rate: 1 }',
      ...[1, 2, 3].map((i) => `  - { at: 0s, target: a, instance: ${i}, kind: latency, add: 20ms }`),
      `mesh: { enabled: true, profile: linkerd, defaults: { loadBalancer: ${lb} } }`,
    ];
    const share = (r: VariantReport) => (r.requests.byStatus['500'] ?? 0) / r.requests.generated;
    expect(share(run(...lines('ROUND_ROBIN')))).toBeCloseTo(0.25, 2);
    // Power of two choices: the fast pod wins whenever it is one of the two drawn, 1 - 3/6 = 1/2.
    expect(share(run(...lines('EWMA')))).toBeGreaterThan(0.45);
  });

  it('Istio sidecars add about 1.6 ms at p90 and 2.4 ms at p99 to a hop (published: 1.7 and 2.7 ms)', () => {
    const r = run(
      ...front(100, '120s'),
      'services: [ { id: a } ]',
      'mesh: { enabled: true, profile: istio }',
    );
    // The gateway's sidecar out, a's sidecar in: two lognormal passes (median 0.5 ms, p99 1.5 ms).
    expect(r.latencyMs.p90).toBeGreaterThan(1.4);
    expect(r.latencyMs.p90).toBeLessThan(1.8);
    expect(r.latencyMs.p99).toBeGreaterThan(2.1);
    expect(r.latencyMs.p99).toBeLessThan(2.8);
  });

  it('Consul turns outlier detection on by default; Istio does not', () => {
    const lines = (profile: string) => [
      ...front(100, '20s'),
      'services: [ { id: a, instances: 5, serviceTime: 1ms } ]',
      'faults: [ { at: 0s, target: a, instance: 0, kind: errors, rate: 1 } ]',
      `mesh: { enabled: true, profile: ${profile} }`,
    ];
    const consul = run(...lines('consul'));
    expect(consul.mesh!.outcomes.ejections).toBe(1);
    expect(consul.requests.byStatus['500']).toBe(5);
    const istio = run(...lines('istio'));
    expect(istio.mesh!.outcomes.ejections).toBe(0);
    expect(istio.requests.byStatus['500']).toBeGreaterThan(300);
  });

  it('a resilience4j breaker opens on the failure rate and answers 503 itself while open', () => {
    const r = run(
      ...front(100, '10s'),
      'services: [ { id: a, serviceTime: 1ms } ]',
      'faults: [ { at: 2s, for: 3s, target: a, kind: errors, rate: 1 } ]',
      'mesh:',
      '  enabled: true',
      '  policies:',
      '    a: { circuitBreaker: { failureRateThreshold: 50, slidingWindowSize: 10, minimumNumberOfCalls: 10, waitDurationInOpenState: 1s, permittedCallsInHalfOpen: 2 } }',
    );
    expect(r.mesh!.outcomes.breakerRejected).toBeGreaterThan(150);
    // While open nothing reaches the service: it serves fewer than were sent.
    expect(r.components.a.served + r.mesh!.outcomes.breakerRejected + r.requests.inFlight).toBe(
      r.requests.generated,
    );
    // It closes again after the fault: the last second is all 200.
    expect(r.requests.byStatus['200']).toBeGreaterThan(500);
  });
});

describe('faults, splits, mirrors and authorization', () => {
  it('an injected abort answers at the caller’s sidecar without reaching the destination', () => {
    const r = run(
      ...front(1000, '10s'),
      'services: [ { id: a, concurrency: 100, serviceTime: 1ms } ]',
      'mesh: { enabled: true, policies: { a: { fault: { abort: { percentage: 10, httpStatus: 503 } } } } }',
    );
    const aborted = r.requests.byStatus['503'];
    // Binomial(10 000, 0.1): sd 30; 5 sd.
    expect(Math.abs(aborted - 1000)).toBeLessThan(150);
    expect(r.components.a.served + r.requests.inFlight).toBe(r.requests.generated - aborted);
    expect(r.mesh!.outcomes.faultsInjected).toBe(aborted);
  });

  it('a weighted split sends a canary its share; a mirror copies calls and its answers are ignored', () => {
    const r = run(
      ...front(1000, '10s'),
      'services:',
      '  - { id: a, serviceTime: 1ms }',
      '  - { id: a-v2, serviceTime: 1ms }',
      '  - { id: shadow, serviceTime: 1ms, errorRate: 1 }',
      'mesh:',
      '  enabled: true',
      '  policies: { a: { split: [ { service: a, weight: 90 }, { service: a-v2, weight: 10 } ], mirror: { service: shadow } } }',
    );
    // The last request is still in service when the run ends.
    expect(r.requests.byStatus).toEqual({ '200': 9_999 });
    expect(Math.abs(r.components['a-v2'].served - 1000)).toBeLessThan(150);
    expect(r.components.a.served + r.components['a-v2'].served).toBe(9_999);
    expect(r.components.shadow.served).toBe(9_999);
    expect(r.mesh!.outcomes.mirrored).toBe(10_000);
  });

  it('an authorization policy answers 403 to the callers and paths it denies', () => {
    const r = run(
      'duration: 1s',
      'clients:',
      '  - { id: web, arrival: { process: constant, rate: 10 }, mix: [ { weight: 1, path: /api/items } ] }',
      '  - { id: admin, arrival: { process: constant, rate: 10 }, mix: [ { weight: 1, path: /admin/users } ] }',
      'gateway: { id: edge, routes: [ { match: { prefix: / }, service: a } ] }',
      'services: [ { id: a, calls: [ { service: db } ] }, { id: db } ]',
      'mesh:',
      '  enabled: true',
      '  authorization: [ { service: db, action: DENY, from: [a], paths: [/admin] } ]',
    );
    expect(r.requests.byStatus).toEqual({ '200': 10, '403': 10 });
    expect(r.components.db.served).toBe(10);
    expect(r.mesh!.outcomes.denied).toBe(10);
  });
});

describe('mesh invariants', () => {
  it('every request is accounted for, and the same seed gives the same report', () => {
    const text = yaml(
      'duration: 20s',
      'clients: [ { id: c, arrival: { rate: 300 }, timeout: 500ms, mix: [ { weight: 1, path: /api } ] } ]',
      'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: a } ] }',
      'services:',
      '  - { id: a, instances: 3, concurrency: 2, serviceTime: { dist: exponential, mean: 2ms }, calls: [ { service: b } ] }',
      '  - { id: b, instances: 2, concurrency: 2, serviceTime: { dist: exponential, mean: 3ms }, errorRate: 0.05 }',
      'faults: [ { at: 5s, for: 5s, target: b, instance: 1, kind: crash } ]',
      'mesh:',
      '  enabled: true',
      '  profile: istio',
      '  discovery: { propagationDelay: 1s }',
      '  mtls: { rotation: 3s }',
      '  defaults: { timeout: 200ms, retries: { attempts: 2, retryOn: [5xx] }, outlierDetection: {}, connectionPool: { maxConnections: 10, maxPendingRequests: 5 } }',
    );
    const file = loaded(text);
    const sim = new Simulation(file.base);
    for (let t = 1000; t <= sim.end; t += 1000) {
      sim.runUntil(t);
      const m = sim.metrics;
      expect(m.generated).toBe(m.ok + m.failed + sim.inFlight);
      for (const station of sim.topology.stations) {
        for (let i = 0; i < station.instances; i++) {
          expect(station.busy[i]).toBeGreaterThanOrEqual(0);
          expect(station.busy[i]).toBeLessThanOrEqual(station.concurrency);
        }
      }
    }
    const a = JSON.stringify({ ...runFileWithinBudget(file).variants[0], wallMs: 0 });
    const b = JSON.stringify({ ...runFileWithinBudget(file).variants[0], wallMs: 0 });
    expect(a).toBe(b);
  });
});
