/**
 * The report's per-edge traffic: every edge the diagram draws, gateway-only and mesh alike, with
 * exact counts where the semantics are exact.
 */
import { describe, expect, it } from 'vitest';
import { type VariantReport } from '../../src/model';
import { figure } from '../../src/report/figures';
import type { EdgeReport } from '../../src/report/report';
import { loaded, yaml } from '../scenario/helpers';
import { RETRY_CHAIN } from '../support/retry-chain';
import { runFileWithinBudget } from '../support/event-budget';

function runAll(...lines: string[]): Record<string, VariantReport> {
  const report = runFileWithinBudget(loaded(yaml(...lines)));
  return Object.fromEntries(report.variants.map((v) => [v.name, v]));
}

/** The edge `from -> to` of a report, or a failure naming the edges it has. */
function edge(report: VariantReport, from: string, to: string): EdgeReport {
  const found = report.edges.find((e) => e.from === from && e.to === to);
  if (!found)
    throw new Error(`no edge ${from} -> ${to}; has ${report.edges.map((e) => `${e.from}>${e.to}`)}`);
  return found;
}

describe('per-edge traffic', () => {
  it('a chain where every call fails and retries at every hop: 3 × 3 × 3 tries on the last edge per request', () => {
    const { base: r } = runAll(...RETRY_CHAIN);
    expect(r.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['c>a', 'a>b', 'b>c1', 'c1>d']);
    const requests = r.requests.generated;
    expect(requests).toBe(10);
    // Every try fails (500), so every try of every call is made: 3 per call at each meshed hop.
    expect(edge(r, 'c', 'a')).toMatchObject({ tries: requests, retries: 0, errors: requests, errorShare: 1 });
    expect(edge(r, 'a', 'b')).toMatchObject({
      tries: 3 * requests,
      retries: 2 * requests,
      errors: 3 * requests,
    });
    expect(edge(r, 'b', 'c1')).toMatchObject({
      tries: 9 * requests,
      retries: 6 * requests,
      errors: 9 * requests,
    });
    expect(edge(r, 'c1', 'd')).toMatchObject({
      tries: 27 * requests,
      retries: 18 * requests,
      errors: 27 * requests,
      errorShare: 1,
      clientErrors: 0,
      // Measured over 1 s: tries per second are the counts.
      rps: 27 * requests,
    });
    // The service-to-service edges carry every try the report counts as an attempt.
    const between = r.edges.filter((e) => e.from !== 'c').reduce((n, e) => n + e.tries, 0);
    expect(between).toBe(r.attempts.total);
    // The mesh's own edge table agrees on the sidecar-to-sidecar edges.
    for (const m of r.mesh!.edges) expect(edge(r, m.from, m.to).tries).toBe(m.tries);
    // Claims read the same figures.
    expect(figure(r, 'edge.c1.d.tries')).toBe(270);
    expect(figure(r, 'edge.c.a.errorShare')).toBe(1);
  });

  it('a gateway-only run has edges too: client, gateway and service to service, with latency as the caller saw it', () => {
    const { base: r } = runAll(
      'duration: 10s',
      'clients: [ { id: shoppers, arrival: { process: constant, rate: 100 }, mix: [ { path: /api } ] } ]',
      'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: api } ] }',
      'services:',
      '  - { id: api, serviceTime: 2ms, concurrency: 10, calls: [ { service: db } ] }',
      '  - { id: db, serviceTime: 3ms, concurrency: 10 }',
    );
    expect(r.mesh).toBeUndefined();
    expect(r.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['shoppers>edge', 'edge>api', 'api>db']);
    for (const e of r.edges) {
      expect(e).toMatchObject({
        tries: 1000,
        retries: 0,
        rps: 100,
        errors: 0,
        errorShare: 0,
        clientErrors: 0,
      });
    }
    // No network latency, no queueing: db 3 ms, api 2 + 3 ms, the gateway's forward the same.
    expect(edge(r, 'api', 'db').p50).toBeCloseTo(3, 1);
    expect(edge(r, 'api', 'db').p99).toBeCloseTo(3, 1);
    expect(edge(r, 'edge', 'api').p99).toBeCloseTo(5, 1);
    expect(edge(r, 'shoppers', 'edge').p50).toBeCloseTo(5, 1);
  });

  it('rates are over measured time: tries that ended after the warmup, per second after it', () => {
    const { base: r } = runAll(
      'duration: 10s',
      'warmup: 2s',
      'clients: [ { id: c, target: s, arrival: { process: constant, rate: 100 } } ]',
      'services: [ { id: s, serviceTime: 1ms } ]',
    );
    // Sent every 10 ms from 0; those ending in [2 s, 10 s) are the 800 sent from 2 s on.
    expect(edge(r, 'c', 's')).toMatchObject({ tries: 800, rps: 100 });
  });

  it('a 429 is a client error, not an error; a 5xx is an error', () => {
    const { base: r } = runAll(
      'duration: 20s',
      'clients: [ { id: c, arrival: { process: constant, rate: 10 }, mix: [ { path: /api } ] } ]',
      'gateway:',
      '  id: edge',
      '  plugins: [ { name: rate-limiting, second: 5 } ]',
      '  routes: [ { match: { prefix: /api }, service: s } ]',
      'services: [ { id: s, errorRate: 1 } ]',
    );
    const front = edge(r, 'c', 'edge');
    // 5 a second pass the limiter and fail at s; the other 5 are answered 429 by the gateway.
    expect(front).toMatchObject({ tries: 200, clientErrors: 100, errors: 100, errorShare: 0.5 });
    expect(edge(r, 'edge', 's')).toMatchObject({ tries: 100, errors: 100, clientErrors: 0 });
  });

  it('an open breaker’s refusals are counted on the edge, as errors the caller’s sidecar answered', () => {
    const { base: r } = runAll(
      'duration: 10s',
      'clients: [ { id: c, target: a, arrival: { process: constant, rate: 50 } } ]',
      'services:',
      '  - { id: a, calls: [ { service: b } ] }',
      '  - { id: b, errorRate: 1 }',
      'mesh:',
      '  enabled: true',
      '  policies:',
      '    b: { circuitBreaker: { failureRateThreshold: 50, slidingWindowSize: 10, minimumNumberOfCalls: 10, waitDurationInOpenState: 60s } }',
    );
    const ab = edge(r, 'a', 'b');
    expect(ab.tries).toBe(500);
    expect(ab.errors).toBe(500);
    expect(ab.breakerRefused).toBeGreaterThan(400);
    expect(ab.breakerRefused).toBe(r.mesh!.outcomes.breakerRejected);
    // The mesh's own table counts only the tries that reached b.
    expect(r.mesh!.edges.find((e) => e.to === 'b')!.tries).toBe(500 - ab.breakerRefused);
    expect(r.mesh!.services.b.breakerOpened).toBe(1);
  });
});
