/** The waterfall of traces the simulation itself records, with the mesh off and on. */
import { describe, expect, test } from 'vitest';
import { Simulation } from '../../../src/model/simulation';
import type { Trace } from '../../../src/model/trace';
import type { TraceData } from '../../../src/ui/trace/trace-data';
import { waterfallHeader, waterfallRows } from '../../../src/ui/trace/waterfall-model';
import { loaded, yaml } from '../../scenario/helpers';

/** The first trace of `lines` (a scenario) run to its end. */
function firstTrace(...lines: string[]): Trace {
  const sim = new Simulation(loaded(yaml(...lines)).base);
  sim.runUntil(sim.end);
  return sim.tracer.traces()[0];
}

// The page's trace type must accept the model's (the page may not import the model to check).
const _accepts: (trace: Trace) => TraceData = (trace) => trace;

describe('waterfallRows of simulated traces', () => {
  test('a per-try timeout: the abandoned work is drawn past its call and off the critical path', () => {
    const trace = firstTrace(
      'duration: 1s',
      'tracing: { sample: 1, keep: 1000 }',
      'clients: [ { id: c, arrival: { process: constant, rate: 1 }, mix: [ { weight: 1, path: /api } ] } ]',
      'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: s, retries: { attempts: 1, perTryTimeout: 100ms, retryOn: [timeout] } } ] }',
      'services: [ { id: s, instances: 2, serviceTime: 1ms } ]',
      'faults: [ { at: 0s, target: s, instance: 0, kind: latency, add: 150ms } ]',
    );
    const rows = waterfallRows(trace);
    expect(rows.map((r) => [r.depth, r.label, r.statusText, r.critical, r.outlivesParent])).toEqual([
      [0, 'c: GET /api', '200', true, false],
      [1, 'c -> edge', '200', true, false],
      [2, 'edge #0', '200', true, false],
      [3, 'edge -> s', '504 timed out', true, false],
      [4, 's #0', '200', false, true],
      [3, 'edge -> s', '200', true, false],
      [4, 's #1', '200', true, false],
    ]);
    expect(rows[3].notes).toEqual(['per-try timeout']);
    expect(rows[5].notes).toEqual(['retry 1']);
    expect(rows[4].end).toBeCloseTo(151, 9);
    expect(waterfallHeader(trace)).toMatchObject({ statusText: '200', retries: 1, openSpans: 0 });
  });

  test('with the mesh on: sidecars by instance, the backoff inside the retry, all on the critical path', () => {
    const trace = firstTrace(
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
    const rows = waterfallRows(trace);
    expect(
      rows.map((r) => [r.depth, r.label.replace(/backoff [\d.]+ ms/, 'backoff X ms'), r.statusText]),
    ).toEqual([
      [0, 'c: GET /api', '200'],
      [1, 'c -> edge', '200'],
      [2, 'edge #0', '200'],
      [3, 'edge -> edge sidecar', '200'],
      [4, 'edge sidecar #0', '200'],
      [5, 'edge sidecar -> shop sidecar', '500 server error'],
      [6, 'shop sidecar #0', '500 server error'],
      [7, 'shop sidecar -> shop', '500 server error'],
      [8, 'shop #0', '500 server error'],
      [5, 'edge sidecar -> shop sidecar', '200'],
      [6, 'backoff X ms', ''],
      [6, 'shop sidecar #1', '200'],
      [7, 'shop sidecar -> shop', '200'],
      [8, 'shop #1', '200'],
    ]);
    expect(rows.every((r) => r.critical)).toBe(true);
    expect(rows.every((r) => r.start >= 0 && r.end >= r.start && !r.open)).toBe(true);
  });

  test('a run cut short: open spans reach the last known time, the header counts them', () => {
    const sim = new Simulation(
      loaded(
        yaml(
          'duration: 1s',
          'tracing: { sample: 1, keep: 1000 }',
          'clients: [ { id: c, target: s, arrival: { process: constant, rate: 1 } } ]',
          'services: [ { id: s, serviceTime: 10ms } ]',
        ),
      ).base,
    );
    sim.runUntil(5);
    const trace = sim.tracer.traces()[0];
    const rows = waterfallRows(trace);
    expect(rows.map((r) => [r.label, r.open])).toEqual([
      ['c: GET /', true],
      ['c -> s', true],
      ['s #0', true],
    ]);
    const header = waterfallHeader(trace);
    expect(header).toMatchObject({ open: true, statusText: 'open', openSpans: 3 });
    // Nothing has ended: the latest time known is the last span's start.
    expect(header.totalMs).toBe(rows[2].start);
  });
});
