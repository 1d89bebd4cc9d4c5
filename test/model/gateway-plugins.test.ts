/** The gateway's plugin chain in whole runs: exact counts where the semantics are exact. */
import { describe, expect, it } from 'vitest';
import type { VariantReport } from '../../src/model';
import { Simulation } from '../../src/model/simulation';
import { loaded, yaml } from '../scenario/helpers';
import { runFileWithinBudget } from '../support/event-budget';

/** Runs a gateway `edge` in front of service `s`, with the given gateway and client lines. */
function run(gateway: string[], clients: string[], duration = '60s'): VariantReport {
  const file = loaded(
    yaml(
      `duration: ${duration}`,
      'clients:',
      ...clients,
      'gateway:',
      '  id: edge',
      ...gateway,
      'services:',
      '  - { id: s, concurrency: 1000, serviceTime: 1ms }',
    ),
  );
  return runFileWithinBudget(file).variants[0];
}

const constantClient = (id: string, rate: number, extra = '') =>
  `  - { id: ${id}, arrival: { process: constant, rate: ${rate} }, mix: [ { weight: 1, path: /api } ]${extra} }`;

describe('gateway plugins in a run', () => {
  it('rate-limiting minute 100 (Kong, fixed window): exactly 100 a minute pass, the rest get 429', () => {
    const r = run(
      [
        '  plugins: [ { name: rate-limiting, minute: 100 } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 10)],
      '120s',
    );
    expect(r.requests.byStatus).toEqual({ '200': 200, '429': 1000 });
    expect(r.components.s.served).toBe(200);
    expect(r.gateway!.plugins['route-1']['rate-limiting']).toEqual({ admitted: 200, rejected: 1000 });
  });

  it('policy local on two gateway instances admits twice the limit; cluster with no sync delay exactly it', () => {
    const local = run(
      [
        '  instances: 2',
        '  plugins: [ { name: rate-limiting, minute: 100 } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 10)],
    );
    expect(local.requests.byStatus['200']).toBe(200);
    const cluster = run(
      [
        '  instances: 2',
        '  plugins: [ { name: rate-limiting, minute: 100, policy: cluster, syncDelay: 0ms } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 10)],
    );
    expect(cluster.requests.byStatus['200']).toBe(100);
  });

  it('limits each consumer on its own when limit_by is consumer', () => {
    const r = run(
      [
        '  plugins: [ { name: key-auth }, { name: rate-limiting, second: 5, limit_by: consumer } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('a', 10, ', consumer: alice'), constantClient('b', 10, ', consumer: bob')],
      '10s',
    );
    // Each consumer sends 10 a second and gets 5 through: 2 x 50 in 10 s.
    expect(r.requests.byStatus).toEqual({ '200': 100, '429': 100 });
  });

  it('token-bucket: the full bucket passes a burst, then the refill rate', () => {
    const r = run(
      [
        '  plugins: [ { name: token-bucket, rate: 10, burst: 100 } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 1000)],
      '10s',
    );
    // 100 at once, then 10 a second for the remaining 9.9 s or so.
    expect(r.requests.byStatus['200']).toBeGreaterThanOrEqual(198);
    expect(r.requests.byStatus['200']).toBeLessThanOrEqual(200);
  });

  it('key-auth answers 401 to the share of requests without a valid credential, before the limiter', () => {
    const r = run(
      [
        '  plugins: [ { name: key-auth, cost: 1ms } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 100, ', consumer: alice, credentials: { invalid: 0.2 }')],
    );
    const unauthorized = r.requests.byStatus['401'];
    expect(unauthorized / r.requests.generated).toBeGreaterThan(0.18);
    expect(unauthorized / r.requests.generated).toBeLessThan(0.22);
    expect(r.components.s.served).toBe(r.requests.generated - unauthorized);
    // The plugin's 1 ms of gateway work shows in every request's latency: 1 ms auth + 1 ms service.
    expect(r.latencyMs.max).toBe(2);
  });

  it('acl lets listed consumers through and answers 403 to the others', () => {
    const r = run(
      [
        '  plugins: [ { name: key-auth }, { name: acl, allow: [alice] } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('a', 10, ', consumer: alice'), constantClient('b', 10, ', consumer: bob')],
      '10s',
    );
    expect(r.requests.byStatus).toEqual({ '200': 100, '403': 100 });
  });

  it('a route plugin replaces the global one of the same name', () => {
    const r = run(
      [
        '  plugins: [ { name: rate-limiting, second: 1 } ]',
        '  routes: [ { match: { prefix: /api }, service: s, plugins: [ { name: rate-limiting, second: 5 } ] } ]',
      ],
      [constantClient('c', 10)],
      '10s',
    );
    expect(r.requests.byStatus).toEqual({ '200': 50, '429': 50 });
  });

  it('spike-arrest 12pm lets one request through every 5 s', () => {
    const r = run(
      [
        '  plugins: [ { name: spike-arrest, rate: 12pm } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 1)],
      '60s',
    );
    // Requests at 0, 1, 2, ... s: those at 0, 5, 10, ... 55 s pass.
    expect(r.requests.byStatus).toEqual({ '200': 12, '429': 48 });
  });

  it('proxy-cache answers repeats from the gateway; the hit ratio comes from the key space', () => {
    // One key: the first request misses, every later one within the TTL hits.
    const oneKey = run(
      [
        '  plugins: [ { name: proxy-cache, ttl: 300s } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 10)],
      '10s',
    );
    expect(oneKey.components.s.served).toBe(1);
    expect(oneKey.gateway!.plugins['route-1']['proxy-cache']).toEqual({
      hit: 99,
      miss: 1,
      refresh: 0,
      bypass: 0,
    });
    // A 1 s TTL: the entry expires each second (Kong drops it: a miss), so ten go upstream.
    const shortTtl = run(
      [
        '  plugins: [ { name: proxy-cache, ttl: 1s } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 10)],
      '10s',
    );
    expect(shortTtl.components.s.served).toBe(10);
    // 1000 Zipf keys: misses are at most the distinct keys seen, and hits dominate.
    const zipf = run(
      [
        '  plugins: [ { name: proxy-cache, ttl: 300s } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [
        '  - { id: c, arrival: { process: poisson, rate: 200 }, mix: [ { weight: 1, path: /api, keys: { count: 1000, zipf: 1.1 } } ] }',
      ],
    );
    const counters = zipf.gateway!.plugins['route-1']['proxy-cache'];
    expect(counters.miss).toBeLessThanOrEqual(1000);
    expect(counters.miss).toBe(zipf.components.s.served);
    expect(counters.hit / (counters.hit + counters.miss)).toBeGreaterThan(0.9);
  });

  it('POST bypasses the cache', () => {
    const r = run(
      ['  plugins: [ { name: proxy-cache } ]', '  routes: [ { match: { prefix: /api }, service: s } ]'],
      [
        '  - { id: c, arrival: { process: constant, rate: 10 }, mix: [ { weight: 1, method: POST, path: /api } ] }',
      ],
      '10s',
    );
    expect(r.components.s.served).toBe(100);
    expect(r.gateway!.plugins['route-1']['proxy-cache'].bypass).toBe(100);
  });

  it('reports the profile and the answers by route, consumer and status', () => {
    const r = run(
      [
        '  profile: kong',
        '  plugins: [ { name: key-auth }, { name: acl, allow: [alice] } ]',
        '  routes: [ { id: api, match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('a', 10, ', consumer: alice'), constantClient('b', 10, ', consumer: bob')],
      '10s',
    );
    expect(r.gateway!.profile).toBe('kong');
    expect(r.gateway!.metrics.statuses.map((s) => [s.key, s.count])).toEqual([
      [200, 100],
      [403, 100],
    ]);
    expect(r.gateway!.metrics.consumers.map((c) => [c.key, c.count])).toEqual([
      ['alice', 100],
      ['bob', 100],
    ]);
    expect(r.gateway!.metrics.routes).toHaveLength(1);
    expect(r.gateway!.metrics.routes[0].key).toBe('api');
  });

  it('external-auth: a cached verdict answers at once, a miss waits for the authorizer', () => {
    const plugin = (ttl: string) => [
      `  plugins: [ { name: external-auth, latency: 5ms, cacheTtl: ${ttl}, denyRate: 0.5 } ]`,
      '  routes: [ { match: { prefix: /api }, service: s } ]',
    ];
    // At denyRate 0.5 the consumer hash denies carol and allows alice, always.
    const clients = [
      constantClient('a', 10, ', consumer: alice'),
      constantClient('c', 10, ', consumer: carol'),
    ];
    const cached = run(plugin('300s'), clients, '10s');
    expect(cached.requests.byStatus).toEqual({ '200': 100, '403': 100 });
    expect(cached.gateway!.plugins['route-1']['external-auth']).toEqual({ calls: 2, cached: 198 });
    // Only each consumer's first request waits the 5 ms call: the slowest is 5 ms + 1 ms of service.
    expect(cached.latencyMs.max).toBe(6);
    const uncached = run(plugin('0s'), clients, '10s');
    expect(uncached.gateway!.plugins['route-1']['external-auth']).toEqual({ calls: 200, cached: 0 });
    expect(uncached.latencyMs.p50).toBeGreaterThanOrEqual(5);
  });

  it('a client honouring Retry-After waits the seconds left in the window and is admitted', () => {
    // minute: 1. Requests at 0 s and 40 s; the second is refused with Retry-After 20, sent again at
    // 60 s into a fresh window and admitted: 20 s + 1 ms of service after it was first sent.
    const r = run(
      [
        '  plugins: [ { name: rate-limiting, minute: 1 } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 0.025, ', retryAfter: { attempts: 3 }')],
      '70s',
    );
    expect(r.requests.byStatus).toEqual({ '200': 2 });
    expect(r.latencyMs.max).toBe(20_001);
    expect(r.gateway!.metrics.statuses.map((s) => [s.key, s.count])).toEqual([
      [200, 2],
      [429, 1],
    ]);
  });

  it('a client that does not honour Retry-After takes the 429 as final', () => {
    const r = run(
      [
        '  plugins: [ { name: rate-limiting, minute: 1 } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 0.025)],
      '70s',
    );
    expect(r.requests.byStatus).toEqual({ '200': 1, '429': 1 });
  });

  it('a global plugin counts across routes: one consumer, one minute, one limit', () => {
    const r = run(
      [
        '  plugins: [ { name: rate-limiting, minute: 100 } ]',
        '  routes: [ { match: { prefix: /api/a }, service: s }, { match: { prefix: /api/b }, service: s } ]',
      ],
      [
        '  - { id: c, arrival: { process: constant, rate: 10 }, mix: [ { weight: 1, path: /api/a }, { weight: 1, path: /api/b } ] }',
      ],
    );
    expect(r.requests.byStatus['200']).toBe(100);
  });

  it('aws-api-gateway throttles the account: 10 000 requests in 1 ms, about 5 000 served (BEHAVIOUR item 4)', () => {
    const r = run(
      ['  profile: aws-api-gateway', '  routes: [ { match: { prefix: /api }, service: s } ]'],
      [constantClient('c', 10_000_000)],
      '1ms',
    );
    // Gaps of 0.1 us summed in floating point: 10 000 arrivals, or one more just under 1 ms.
    expect(r.requests.generated - 10_000).toBeLessThanOrEqual(1);
    // The burst of 5 000, plus the 10 tokens a millisecond the bucket refills while they arrive.
    // The admitted are still in service (1 ms) when the 1 ms run ends: they are what was not refused.
    const admitted = r.requests.generated - r.requests.byStatus['429'];
    expect(admitted).toBe(r.requests.inFlight);
    expect(admitted).toBeGreaterThanOrEqual(5_000);
    expect(admitted).toBeLessThanOrEqual(5_011);
  });

  it('the AWS stage cache is shared by every caller; Kong keeps one entry per consumer', () => {
    const cached = (profile: string) =>
      run(
        [
          `  profile: ${profile}`,
          '  plugins: [ { name: key-auth }, { name: proxy-cache } ]',
          '  routes: [ { match: { prefix: /api }, service: s } ]',
        ],
        [
          constantClient('a', 10, ', consumer: alice'),
          // Poisson: bob's first request comes after alice's answer is stored (at 1 ms).
          '  - { id: b, arrival: { rate: 10 }, consumer: bob, mix: [ { weight: 1, path: /api } ] }',
        ],
        '10s',
      );
    // aws-api-gateway: one entry for the path, whoever asks. kong: one per consumer.
    expect(cached('aws-api-gateway').components.s.served).toBe(1);
    expect(cached('kong').components.s.served).toBe(2);
  });

  it('batched http-log sends a batch every batchSize answers in the background, on a gateway worker', () => {
    const r = run(
      [
        '  concurrency: 1',
        '  plugins: [ { name: http-log, cost: 5ms, batchSize: 10 } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 100)],
      '10s',
    );
    // 1 000 answers in 10 s: 100 batches of 10, each 5 ms of the only worker, 500 ms in all.
    expect(r.gateway!.plugins['route-1']['http-log']).toEqual({
      entries: 1000,
      batches: 100,
      waiting: 0,
      backgroundMs: 500,
    });
    expect(r.components.edge.utilization).toBeCloseTo(0.05, 9);
    // A batch goes 1 ms after every tenth arrival and is done 4 ms before the next: nobody waits.
    expect(r.latencyMs.max).toBe(1);
  });

  it('a batch that takes the worker makes the next request wait; sync logging costs every request', () => {
    const slowBatch = run(
      [
        '  concurrency: 1',
        '  plugins: [ { name: http-log, cost: 15ms, batchSize: 10 } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 100)],
      '10s',
    );
    // The batch sent at 91 ms holds the worker until 106 ms; the request of 100 ms waits 6 ms.
    expect(slowBatch.latencyMs.max).toBe(7);
    const sync = run(
      [
        '  plugins: [ { name: http-log, cost: 2ms, mode: sync } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 100)],
      '10s',
    );
    expect(sync.latencyMs.max).toBe(3);
    expect(sync.gateway!.plugins['route-1']['http-log']).toMatchObject({ entries: 1000, batches: 1000 });
  });

  it('batched http-log sends a partial batch flushInterval after its first entry', () => {
    const r = run(
      [
        '  plugins: [ { name: http-log, cost: 1ms, batchSize: 1000, flushInterval: 950ms } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
      ],
      [constantClient('c', 10)],
      '10s',
    );
    // Answers at 1, 101, ... ms: a batch opens at 1 ms, goes at 951 ms with 10 entries, and so on.
    expect(r.gateway!.plugins['route-1']['http-log']).toEqual({
      entries: 100,
      batches: 10,
      waiting: 0,
      backgroundMs: 10,
    });
  });

  it('a crash drops the background work in progress; its end does not free a worker of the new life', () => {
    const file = loaded(
      yaml(
        'duration: 2s',
        'clients: [ { id: c, arrival: { process: constant, rate: 10 }, mix: [ { weight: 1, path: /api } ] } ]',
        'gateway:',
        '  id: edge',
        '  concurrency: 1',
        '  plugins: [ { name: http-log, cost: 500ms } ]',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
        'services: [ { id: s, serviceTime: 1ms } ]',
        'faults: [ { at: 50ms, for: 10ms, target: edge, kind: crash } ]',
      ),
    );
    const sim = new Simulation(file.base);
    const edge = sim.topology.stations[sim.topology.gateway];
    // The first answer (1 ms) starts a 500 ms batch on the only worker; the crash at 50 ms ends it.
    sim.runUntil(40);
    expect(edge.busy[0]).toBe(1);
    sim.runUntil(70);
    expect(edge.busy[0]).toBe(0);
    // The answer of 101 ms starts the next batch, to 601 ms; the first batch's end (501 ms) is stale.
    sim.runUntil(550);
    expect(edge.busy[0]).toBe(1);
    expect(edge.queues[0].length).toBe(4); // the requests of 200 to 500 ms wait behind it
    sim.runUntil(sim.end);
    expect(edge.busy[0]).toBeGreaterThanOrEqual(0);
    expect(edge.busy[0]).toBeLessThanOrEqual(1);
  });
});
