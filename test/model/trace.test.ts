/** Request traces: which requests are sampled, their spans, and what the gateway notes on them. */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/model/simulation';
import { Tracer, type Span, type Trace } from '../../src/model/trace';
import type { Scenario } from '../../src/scenario/types';
import { loaded, yaml } from '../scenario/helpers';
import { loadLibraryScenario } from '../support/load';
import { runScenarioWithinBudget } from '../support/event-budget';

/** Runs `lines` (a scenario) to its end and returns the simulation. */
function simulate(...lines: string[]): Simulation {
  const file = loaded(yaml(...lines));
  const sim = new Simulation(file.base);
  sim.runUntil(sim.end);
  return sim;
}

function baseOf(...lines: string[]): Scenario {
  return loaded(yaml(...lines)).base;
}

const notes = (span: Span | undefined) => span?.notes ?? [];
const spansOf = (trace: Trace, kind: Span['kind'], name?: string) =>
  trace.spans.filter((s) => s.kind === kind && (name === undefined || s.name === name));

describe('Tracer', () => {
  it('samples about the share asked for, and the same requests whatever else differs', () => {
    const tracer = new Tracer({ sample: 0.01, keep: 10 });
    let sampled = 0;
    for (let n = 1; n <= 100_000; n++) if (tracer.sampled(0, n)) sampled++;
    // Binomial(100 000, 0.01): sd 31.5; 5 sd either side.
    expect(sampled).toBeGreaterThan(1000 - 158);
    expect(sampled).toBeLessThan(1000 + 158);
    const again = new Tracer({ sample: 0.01, keep: 500 });
    for (let n = 1; n <= 1000; n++) expect(again.sampled(3, n)).toBe(tracer.sampled(3, n));
    expect(new Tracer({ sample: 1, keep: 1 }).sampled(0, 7)).toBe(true);
    expect(new Tracer({ sample: 0, keep: 10 }).sampled(0, 7)).toBe(false);
    expect(new Tracer({ sample: 1, keep: 0 }).sampled(0, 7)).toBe(false);
  });

  it('keeps the most recent finished traces, oldest first, then the open ones', () => {
    const tracer = new Tracer({ sample: 1, keep: 3 });
    const slots = [1, 2, 3, 4, 5].map((n) => tracer.begin(`c#${n}`, 'c', 'GET', '/', n));
    for (const slot of slots.slice(0, 4)) tracer.release(slot);
    expect(tracer.traces().map((t) => t.id)).toEqual(['c#2', 'c#3', 'c#4', 'c#5']);
    expect(tracer.trace('c#1')).toBeUndefined();
    expect(tracer.trace('c#5')?.start).toBe(5);
  });

  it('closes a span once: a later end keeps the first', () => {
    const tracer = new Tracer({ sample: 1, keep: 1 });
    const slot = tracer.begin('c#1', 'c', 'GET', '/', 0);
    const span = tracer.span(slot, 0, 'call', 'c -> s', 0, 1);
    tracer.end(slot, span, 5, 504, 'per-try timeout');
    tracer.end(slot, span, 9, 200);
    expect(tracer.traces()[0].spans[span]).toMatchObject({ end: 5, status: 504, notes: ['per-try timeout'] });
  });
});

describe('traces of a run', () => {
  it('a request through the gateway: its spans nest, and each ends after it starts', () => {
    const sim = simulate(
      'duration: 1s',
      'tracing: { sample: 1, keep: 1000 }',
      'network: { latency: 1ms }',
      'clients: [ { id: web, arrival: { process: constant, rate: 10 }, mix: [ { weight: 1, path: /api } ] } ]',
      'gateway: { id: edge, overhead: 0.5ms, routes: [ { id: api, match: { prefix: /api }, service: shop } ] }',
      'services: [ { id: shop, serviceTime: 2ms, calls: [ { service: db } ] }, { id: db, serviceTime: 3ms } ]',
    );
    const traces = sim.tracer.traces();
    expect(traces).toHaveLength(10);
    const t = traces[0];
    expect(t).toMatchObject({ id: 'web#1', client: 'web', method: 'GET', path: '/api', status: 200 });
    expect(t.spans.map((s) => `${s.kind} ${s.name}`)).toEqual([
      'request web',
      'call web -> edge',
      'work edge',
      'call edge -> shop',
      'work shop',
      'call shop -> db',
      'work db',
    ]);
    // Six hops of 1 ms, the gateway's 0.5 ms, 2 ms and 3 ms of work.
    expect(t.end - t.start).toBeCloseTo(11.5, 9);
    for (const span of t.spans) {
      expect(span.end).toBeGreaterThanOrEqual(span.start);
      if (span.parent >= 0) expect(span.start).toBeGreaterThanOrEqual(t.spans[span.parent].start);
    }
    expect(spansOf(t, 'work', 'db')[0]).toMatchObject({ start: 5.5, end: 8.5, queued: 0 });
    expect(notes(spansOf(t, 'work', 'edge')[0])).toEqual(['route api']);
  });

  it('records the RateLimit-* values of every answer and Retry-After on the 429s', () => {
    const sim = simulate(
      'duration: 1s',
      'tracing: { sample: 1, keep: 1000 }',
      'clients: [ { id: c, consumer: alice, arrival: { process: constant, rate: 8 }, mix: [ { weight: 1, path: /api } ] } ]',
      'gateway:',
      '  id: edge',
      '  plugins: [ { name: key-auth }, { name: rate-limiting, second: 5, limit_by: consumer } ]',
      '  routes: [ { match: { prefix: /api }, service: s } ]',
      'services: [ { id: s, serviceTime: 1ms } ]',
    );
    const gatewayNotes = sim.tracer.traces().map((t) => notes(spansOf(t, 'work', 'edge')[0]));
    const limits = gatewayNotes.map((n) => n.find((line) => line.startsWith('rate-limiting')));
    expect(limits).toEqual([
      'rate-limiting: RateLimit-Limit: 5, RateLimit-Remaining: 4, RateLimit-Reset: 1',
      'rate-limiting: RateLimit-Limit: 5, RateLimit-Remaining: 3, RateLimit-Reset: 1',
      'rate-limiting: RateLimit-Limit: 5, RateLimit-Remaining: 2, RateLimit-Reset: 1',
      'rate-limiting: RateLimit-Limit: 5, RateLimit-Remaining: 1, RateLimit-Reset: 1',
      'rate-limiting: RateLimit-Limit: 5, RateLimit-Remaining: 0, RateLimit-Reset: 1',
      'rate-limiting: 429, RateLimit-Limit: 5, RateLimit-Remaining: 0, RateLimit-Reset: 1, Retry-After: 1',
      'rate-limiting: 429, RateLimit-Limit: 5, RateLimit-Remaining: 0, RateLimit-Reset: 1, Retry-After: 1',
      'rate-limiting: 429, RateLimit-Limit: 5, RateLimit-Remaining: 0, RateLimit-Reset: 1, Retry-After: 1',
    ]);
    expect(gatewayNotes[0][1]).toBe('key-auth: authenticated');
    const rejected = sim.tracer.traces()[5];
    expect(rejected.status).toBe(429);
    // Answered by the gateway: no call upstream.
    expect(spansOf(rejected, 'call').map((s) => s.name)).toEqual(['c -> edge']);
    expect(spansOf(rejected, 'work', 'edge')[0].notes).toContain('answered by the gateway');
  });

  it("records the transformations a request gets: the mobile client's old version has its response reshaped", () => {
    const sim = simulate(
      'duration: 1s',
      'tracing: { sample: 1, keep: 1000 }',
      'clients:',
      '  - { id: app-v1, headers: { x-client-version: v1 }, arrival: { process: constant, rate: 2 }, mix: [ { weight: 1, path: /api } ] }',
      '  - { id: app-v2, headers: { x-client-version: v2 }, arrival: { process: constant, rate: 2 }, mix: [ { weight: 1, path: /api } ] }',
      'gateway:',
      '  id: edge',
      '  plugins: [ { name: response-transformer, cost: 2ms, when: { headers: { x-client-version: v1 } } } ]',
      '  routes: [ { match: { prefix: /api }, service: s } ]',
      'services: [ { id: s, serviceTime: 1ms } ]',
    );
    const byClient = (client: string) => sim.tracer.traces().filter((t) => t.client === client);
    for (const t of byClient('app-v1')) {
      expect(notes(spansOf(t, 'work', 'edge')[0])).toContain('response-transformer: response replace body');
      expect(t.end - t.start).toBeCloseTo(3, 9);
    }
    for (const t of byClient('app-v2')) {
      expect(notes(spansOf(t, 'work', 'edge')[0])).toContain(
        'response-transformer: not applied (its when does not match)',
      );
      expect(t.end - t.start).toBeCloseTo(1, 9);
    }
    expect(byClient('app-v1')).toHaveLength(2);
  });

  it('shows a per-try timeout, the retry, and the abandoned try still worked on', () => {
    const sim = simulate(
      'duration: 1s',
      'tracing: { sample: 1, keep: 1000 }',
      'clients: [ { id: c, arrival: { process: constant, rate: 1 }, mix: [ { weight: 1, path: /api } ] } ]',
      'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: s, retries: { attempts: 1, perTryTimeout: 100ms, retryOn: [timeout] } } ] }',
      'services: [ { id: s, instances: 2, serviceTime: 1ms } ]',
      'faults: [ { at: 0s, target: s, instance: 0, kind: latency, add: 150ms } ]',
    );
    const t = sim.tracer.traces()[0];
    const calls = spansOf(t, 'call', 'edge -> s');
    expect(calls.map((s) => [s.instance, s.status, s.notes])).toEqual([
      [0, 504, ['per-try timeout']],
      [1, 200, ['retry 1']],
    ]);
    const works = spansOf(t, 'work', 's');
    // The first try's work goes on after its caller gave up on it.
    expect(works[0].end).toBeCloseTo(151, 9);
    expect(calls[0].end).toBeCloseTo(100, 9);
    expect(t.status).toBe(200);
  });

  it('samples the same requests in two variants of one file', () => {
    const lines = [
      'duration: 10s',
      'tracing: { sample: 0.05 }',
      'clients: [ { id: c, target: s, arrival: { rate: 100 } } ]',
      'services: [ { id: s, serviceTime: 1ms } ]',
    ];
    const a = new Simulation(baseOf(...lines));
    const b = new Simulation({
      ...baseOf(...lines),
      network: { ...baseOf(...lines).network, latency: { dist: 'constant', value: 5 } },
    });
    a.runUntil(a.end);
    b.runUntil(b.end);
    const ids = (sim: Simulation) => sim.tracer.traces().map((t) => t.id);
    expect(ids(a).length).toBeGreaterThan(20);
    expect(ids(a)).toEqual(ids(b));
  });

  it('with the mesh on, a trace shows each sidecar, each retry and its backoff', () => {
    const sim = simulate(
      'duration: 1s',
      'tracing: { sample: 1, keep: 1000 }',
      'clients: [ { id: c, arrival: { process: constant, rate: 1 }, mix: [ { weight: 1, path: /api } ] } ]',
      'gateway: { id: edge, routes: [ { id: api, match: { prefix: /api }, service: shop } ] }',
      'services: [ { id: shop, instances: 2, serviceTime: 1ms } ]',
      'faults: [ { at: 0s, target: shop, instance: 0, kind: errors, rate: 1 } ]',
      'mesh:',
      '  enabled: true',
      '  sidecar: { overhead: 0.5ms }',
      '  policies: { shop: { loadBalancer: ROUND_ROBIN, retries: { attempts: 1, retryOn: [5xx], otherHost: true, backoff: { base: 25ms, max: 250ms } } } }',
    );
    const t = sim.tracer.traces()[0];
    expect(t.status).toBe(200);
    expect(t.spans.map((s) => `${s.kind} ${s.name}`)).toEqual([
      'request c',
      'call c -> edge',
      'work edge',
      'call edge -> edge sidecar',
      'sidecar edge sidecar',
      'call edge sidecar -> shop sidecar',
      'sidecar shop sidecar',
      'call shop sidecar -> shop',
      'work shop',
      'call edge sidecar -> shop sidecar',
      'backoff edge sidecar backoff',
      'sidecar shop sidecar',
      'call shop sidecar -> shop',
      'work shop',
    ]);
    const tries = spansOf(t, 'call', 'edge sidecar -> shop sidecar');
    expect(tries.map((s) => [s.instance, s.status])).toEqual([
      [0, 500],
      [1, 200],
    ]);
    expect(tries[1].notes).toEqual(['retry 1']);
    const [wait] = spansOf(t, 'backoff');
    expect(wait.parent).toBe(tries[1].id);
    // Its length is the wait, so it carries no note; the try leaves its sidecar when it is over:
    // full jitter under 25 ms.
    expect(wait.notes).toEqual([]);
    expect(wait.end - wait.start).toBeGreaterThan(0);
    expect(wait.end - wait.start).toBeLessThan(25);
    expect(spansOf(t, 'sidecar', 'shop sidecar')[1].start).toBeCloseTo(wait.end, 9);
  });
});

describe('runScenario and traces', () => {
  it('traces only when asked, and the report is the same either way', () => {
    const scenario = loadLibraryScenario('lessons/19-gateway-vs-mesh.yaml').variants[2].scenario;
    let kept = 0;
    const traced = runScenarioWithinBudget(scenario, 'x', {
      onTraces: (_, traces) => (kept = traces.length),
    });
    const plain = runScenarioWithinBudget(scenario, 'x');
    expect(kept).toBeGreaterThan(0);
    expect({ ...plain, wallMs: 0 }).toEqual({ ...traced, wallMs: 0 });
  });
});
