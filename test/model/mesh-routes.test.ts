/**
 * Routes of a service's mesh policy (Istio VirtualService http routes, Consul service-router routes)
 * in whole runs, and per-service mTLS modes. Exact counts where the semantics are exact: clients
 * stop sending half way through, so every request has its answer before the run ends.
 */
import { describe, expect, it } from 'vitest';
import { type VariantReport } from '../../src/model';
import type { EdgeReport, MeshEdgeReport } from '../../src/report/report';
import { loaded, yaml } from '../scenario/helpers';
import { runFileWithinBudget } from '../support/event-budget';

const run = (...lines: string[]): VariantReport => runFileWithinBudget(loaded(yaml(...lines))).variants[0];

/** Two clients of productpage that stop at 10 s: jason (header end-user: jason) and a guest. */
const bookinfoClients = (jasonRate: number, guestRate: number) => [
  'duration: 30s',
  'clients:',
  `  - { id: jason, target: productpage, arrival: { rate: ${jasonRate} }, schedule: [ { at: 10s, rate: 0 } ], headers: { end-user: jason } }`,
  `  - { id: guest, target: productpage, arrival: { rate: ${guestRate} }, schedule: [ { at: 10s, rate: 0 } ] }`,
];

/** productpage calling reviews, whose mesh routes send it on to reviews-v1 or reviews-v2. */
const reviewsServices = [
  'services:',
  '  - { id: productpage, concurrency: 100, serviceTime: 1ms, calls: [ { service: reviews } ] }',
  '  - { id: reviews, serviceTime: 1ms }',
  '  - { id: reviews-v1, concurrency: 100, serviceTime: 1ms }',
  '  - { id: reviews-v2, concurrency: 100, serviceTime: 1ms }',
];

const meshEdge = (r: VariantReport, from: string, to: string): MeshEdgeReport | undefined =>
  r.mesh!.edges.find((e) => e.from === from && e.to === to);
const edge = (r: VariantReport, from: string, to: string): EdgeReport | undefined =>
  r.edges.find((e) => e.from === from && e.to === to);

describe('routes of a service', () => {
  it('the end-user: jason route sends exactly the jason requests to reviews-v2; the catch-all the rest to v1', () => {
    const r = run(
      ...bookinfoClients(30, 70),
      ...reviewsServices,
      'mesh:',
      '  enabled: true',
      '  policies:',
      '    reviews:',
      '      routes:',
      '        - match: { headers: { end-user: jason } }',
      '          split: [ { service: reviews-v2, weight: 100 } ]',
      '        - split: [ { service: reviews-v1, weight: 100 } ]',
    );
    const jason = edge(r, 'jason', 'productpage')!.tries;
    const guest = edge(r, 'guest', 'productpage')!.tries;
    expect(r.requests.inFlight).toBe(0);
    expect(r.requests.byStatus).toEqual({ '200': jason + guest });
    expect(meshEdge(r, 'productpage', 'reviews-v2')!.tries).toBe(jason);
    expect(meshEdge(r, 'productpage', 'reviews-v1')!.tries).toBe(guest);
    expect(meshEdge(r, 'productpage', 'reviews')).toBeUndefined();
    expect(r.components.reviews.served).toBe(0);
    // Poisson counts over 10 s: about 300 and 700 (a sd of 17 and 26).
    expect(Math.abs(jason - 300)).toBeLessThan(90);
    expect(r.mesh!.outcomes.noRoute).toBe(0);
  });

  it('one client sending 30 % jason: that share goes to v2 (binomial tolerance), every request once', () => {
    const r = run(
      'duration: 20s',
      'clients: [ { id: c, target: productpage, arrival: { process: constant, rate: 100 }, schedule: [ { at: 10s, rate: 0 } ],',
      '    mix: [ { weight: 30, headers: { end-user: jason } }, { weight: 70 } ] } ]',
      ...reviewsServices,
      'mesh:',
      '  enabled: true',
      '  policies:',
      '    reviews: { routes: [ { match: { headers: { end-user: { exact: jason } } }, split: [ { service: reviews-v2, weight: 100 } ] },',
      '                         { split: [ { service: reviews-v1, weight: 100 } ] } ] }',
    );
    const v2 = meshEdge(r, 'productpage', 'reviews-v2')!.tries;
    const v1 = meshEdge(r, 'productpage', 'reviews-v1')!.tries;
    expect(v1 + v2).toBe(1000);
    // Binomial(1000, 0.3): sd 14.5; 5 sd.
    expect(Math.abs(v2 - 300)).toBeLessThan(73);
  });

  it('a 7 s delay on the jason route of ratings delays jason requests only', () => {
    const r = run(
      ...bookinfoClients(5, 20),
      'services:',
      '  - { id: productpage, concurrency: 1000, serviceTime: 1ms, calls: [ { service: ratings } ] }',
      '  - { id: ratings, serviceTime: 1ms }',
      '  - { id: ratings-v1, concurrency: 100, serviceTime: 1ms }',
      'mesh:',
      '  enabled: true',
      '  policies:',
      '    ratings:',
      '      routes:',
      '        - match: { headers: { end-user: { exact: jason } } }',
      '          fault: { delay: { percentage: 100, fixedDelay: 7s } }',
      '          split: [ { service: ratings-v1, weight: 100 } ]',
      '        - split: [ { service: ratings-v1, weight: 100 } ]',
    );
    const jason = edge(r, 'jason', 'productpage')!;
    const guest = edge(r, 'guest', 'productpage')!;
    expect(r.requests.byStatus).toEqual({ '200': jason.tries + guest.tries });
    expect(r.mesh!.outcomes.faultsInjected).toBe(jason.tries);
    // Every jason request waits 7 s, plus 2 ms of service times: its median and p99 sit at 7 s
    // (the histogram's buckets are a few percent wide: at least 7 s less 5 %, at most 7 s and 5 %).
    expect(jason.p50).toBeGreaterThanOrEqual(7000 * 0.95);
    expect(jason.p99).toBeLessThan(7000 * 1.05);
    // The others take their 2 ms of service time and nothing more.
    expect(guest.p99).toBeLessThan(10);
  });

  it('a call no route matches is answered 404 by the caller’s sidecar, counted on its edge', () => {
    const r = run(
      ...bookinfoClients(10, 20),
      'services:',
      '  - { id: productpage, concurrency: 100, serviceTime: 1ms, calls: [ { service: reviews } ] }',
      '  - { id: reviews, serviceTime: 1ms }',
      '  - { id: reviews-v2, concurrency: 100, serviceTime: 1ms }',
      'mesh:',
      '  enabled: true',
      '  policies:',
      '    reviews: { routes: [ { match: { headers: { end-user: jason } }, split: [ { service: reviews-v2, weight: 100 } ] } ] }',
    );
    const jason = edge(r, 'jason', 'productpage')!.tries;
    const guest = edge(r, 'guest', 'productpage')!.tries;
    expect(r.requests.byStatus).toEqual({ '200': jason, '404': guest });
    expect(r.mesh!.outcomes.noRoute).toBe(guest);
    expect(meshEdge(r, 'productpage', 'reviews')).toMatchObject({ tries: guest, noRoute: guest, errors: 0 });
    expect(meshEdge(r, 'productpage', 'reviews-v2')).toMatchObject({ tries: jason, noRoute: 0 });
    expect(edge(r, 'productpage', 'reviews')).toMatchObject({ tries: guest, clientErrors: guest, errors: 0 });
    expect(r.components.reviews.served).toBe(0);
  });

  it('routes are the caller’s sidecar’s: a client calling the service directly reaches it unrouted', () => {
    const r = run(
      'duration: 2s',
      'clients: [ { id: c, target: reviews, arrival: { process: constant, rate: 50 }, headers: { end-user: jason } } ]',
      'services: [ { id: reviews, serviceTime: 1ms }, { id: reviews-v2, serviceTime: 1ms } ]',
      'mesh:',
      '  enabled: true',
      '  policies: { reviews: { routes: [ { split: [ { service: reviews-v2, weight: 1 } ] } ] } }',
    );
    expect(r.requests.byStatus).toEqual({ '200': 100 });
    expect(r.components.reviews.served).toBe(100);
    expect(r.components['reviews-v2'].served).toBe(0);
  });

  it('matches on path, prefix, regex and method, first route first, the query string aside', () => {
    const r = run(
      'duration: 20s',
      'clients: [ { id: c, target: front, arrival: { process: constant, rate: 10 }, schedule: [ { at: 10s, rate: 0 } ],',
      '    mix: [ { path: "/a?x=1" }, { path: /b/c }, { path: /item/42 }, { method: POST, path: /z }, { path: /none } ] } ]',
      'services:',
      '  - { id: front, concurrency: 10, calls: [ { service: api } ] }',
      '  - { id: api }',
      '  - { id: exact }',
      '  - { id: prefix }',
      '  - { id: regex }',
      '  - { id: post }',
      'mesh:',
      '  enabled: true',
      '  policies:',
      '    api:',
      '      routes:',
      '        - { match: { path: /a }, split: [ { service: exact, weight: 1 } ] }',
      '        - { match: { prefix: /b }, split: [ { service: prefix, weight: 1 } ] }',
      '        - { match: { regex: "/item/[0-9]+" }, split: [ { service: regex, weight: 1 } ] }',
      '        - { match: { methods: [POST] }, split: [ { service: post, weight: 1 } ] }',
      '        - { match: { prefix: /b }, split: [ { service: api, weight: 1 } ] }',
    );
    // A constant 10 a second for 10 s: 100 requests, the mix drawn at random over its five kinds.
    const served = ['exact', 'prefix', 'regex', 'post'].map((s) => r.components[s].served);
    expect(r.components.api.served).toBe(0);
    expect(served.every((n) => n > 0)).toBe(true);
    expect(r.requests.byStatus['200']).toBe(served.reduce((a, b) => a + b, 0));
    expect(r.requests.byStatus['404']).toBe(r.mesh!.outcomes.noRoute);
    expect(r.requests.generated).toBe(100);
    expect(r.requests.byStatus['200'] + r.requests.byStatus['404']).toBe(100);
  });

  it('a route’s timeout and retries replace the service’s; fields it leaves out come from the service', () => {
    const r = run(
      ...bookinfoClients(10, 10),
      'services:',
      '  - { id: productpage, concurrency: 100, serviceTime: 1ms, calls: [ { service: reviews } ] }',
      '  - { id: reviews, serviceTime: 1ms }',
      '  - { id: slow, concurrency: 100, serviceTime: 200ms }',
      '  - { id: failing, concurrency: 100, serviceTime: 1ms, errorRate: 1 }',
      'mesh:',
      '  enabled: true',
      '  policies:',
      '    reviews:',
      '      timeout: 1s',
      '      retries: { attempts: 1, retryOn: [5xx] }',
      '      routes:',
      '        - match: { headers: { end-user: jason } }',
      '          timeout: 50ms',
      '          split: [ { service: slow, weight: 1 } ]',
      '        - retries: { attempts: 3 }',
      '          split: [ { service: failing, weight: 1 } ]',
    );
    const jason = edge(r, 'jason', 'productpage')!.tries;
    const guest = edge(r, 'guest', 'productpage')!.tries;
    // jason: the route's 50 ms deadline cuts the 200 ms service short (504), no retry of a deadline.
    // guest: the route's 3 retries on the service's retryOn (5xx): four tries, each a 500.
    expect(r.requests.byStatus).toEqual({ '504': jason, '500': guest });
    expect(meshEdge(r, 'productpage', 'failing')!.tries).toBe(4 * guest);
    expect(meshEdge(r, 'productpage', 'slow')!.tries).toBe(jason);
  });

  it('a route with a fault has no retries and no timeout, whatever it and its service set', () => {
    const r = run(
      ...bookinfoClients(0.001, 20),
      'services:',
      '  - { id: productpage, concurrency: 100, serviceTime: 1ms, calls: [ { service: reviews } ] }',
      '  - { id: reviews, concurrency: 100, serviceTime: 100ms, errorRate: 1 }',
      'mesh:',
      '  enabled: true',
      '  policies:',
      '    reviews:',
      '      timeout: 10ms',
      '      retries: { attempts: 2, retryOn: [5xx] }',
      '      routes: [ { retries: { attempts: 3 }, fault: { delay: { percentage: 100, fixedDelay: 1ms } } } ]',
    );
    const guest = edge(r, 'guest', 'productpage')!.tries;
    // No 10 ms deadline (the 100 ms service answers its 500) and no retry of the 500.
    expect(r.requests.byStatus['500']).toBe(r.requests.generated);
    expect(meshEdge(r, 'productpage', 'reviews')!.tries).toBe(r.requests.generated);
    expect(guest).toBeGreaterThan(150);
  });
});

describe('mTLS per service', () => {
  it('STRICT on one service refuses its callers without a sidecar (503); a PERMISSIVE one serves them', () => {
    const r = run(
      'duration: 2s',
      'clients:',
      '  - { id: to-a, target: a, arrival: { process: constant, rate: 100 } }',
      '  - { id: to-b, target: b, arrival: { process: constant, rate: 50 } }',
      'services: [ { id: a, serviceTime: 1ms }, { id: b, serviceTime: 1ms } ]',
      'mesh: { enabled: true, mtls: { mode: PERMISSIVE, services: { a: STRICT } } }',
    );
    expect(r.requests.byStatus).toEqual({ '503': 200, '200': 100 });
    expect(r.mesh!.outcomes.strictRefused).toBe(200);
    expect(r.components.a.served).toBe(0);
    expect(r.components.b.served).toBe(100);
  });

  it('a service’s own mode wins over the mesh-wide one: PERMISSIVE under a STRICT mesh', () => {
    const r = run(
      'duration: 1s',
      'clients: [ { id: to-a, target: a, arrival: { process: constant, rate: 100 } }, { id: to-b, target: b, arrival: { process: constant, rate: 100 } } ]',
      'services: [ { id: a, serviceTime: 1ms }, { id: b, serviceTime: 1ms } ]',
      'mesh: { enabled: true, mtls: { mode: STRICT, services: { b: PERMISSIVE } } }',
    );
    expect(r.requests.byStatus).toEqual({ '503': 100, '200': 100 });
  });

  it('DISABLE takes plaintext: calls into that service pay no handshake and no per-request cost', () => {
    const lines = (mode: string) => [
      'duration: 1s',
      'clients: [ { id: c, target: a, arrival: { process: constant, rate: 100 } } ]',
      'services: [ { id: a, concurrency: 10, calls: [ { service: b } ] }, { id: b, concurrency: 10 } ]',
      `mesh: { enabled: true, exclude: [], mtls: { handshake: 5ms, perRequest: 1ms, services: { b: ${mode} } } }`,
    ];
    const plain = run(...lines('DISABLE'));
    const tls = run(...lines('PERMISSIVE'));
    expect(plain.mesh!.mtls.handshakes).toBe(0);
    expect(tls.mesh!.mtls.handshakes).toBeGreaterThan(0);
    // Plaintext: no sidecar costs at all (the client reaches a directly); mTLS adds 1 ms to each of
    // the two sidecar passes of a -> b, and a handshake to the first calls of each connection.
    expect(plain.latencyMs.max).toBe(0);
    // The histogram's buckets are a few percent wide.
    expect(Math.abs(tls.latencyMs.p50 - 2)).toBeLessThan(0.1);
  });
});
