/**
 * The balancer options a file may write (the registry's, `src/scenario/policies/balancers.ts`)
 * reach the balancer and change a run as the policies' own tests say they should.
 */
import { describe, expect, it } from 'vitest';
import { type VariantReport } from '../../../src/model';
import { makeBalancer, PeakEwmaBalancer } from '../../../src/model/balancers';
import { loaded, yaml } from '../../scenario/helpers';
import { runFileWithinBudget } from '../../support/event-budget';

const run = (...lines: string[]): VariantReport => {
  const report = runFileWithinBudget(loaded(yaml(...lines)));
  return { ...report.variants[0], wallMs: 0 };
};

/** Four instances of `a`, the first 40 ms slower, behind a route balanced by `balancer`. */
const slowHost = (balancer: string) => [
  'duration: 20s',
  'clients: [ { id: c, arrival: { rate: 300 }, mix: [ { weight: 1, path: /api } ] } ]',
  `gateway: { id: edge, routes: [ { match: { prefix: /api }, service: a, loadBalancer: ${balancer} } ] }`,
  'services: [ { id: a, instances: 4, concurrency: 8, serviceTime: { dist: exponential, mean: 5ms } } ]',
  'faults: [ { at: 0s, target: a, instance: 0, kind: latency, add: 40ms } ]',
];

describe('balancer options from a file', () => {
  it('LEAST_REQUEST choiceCount: 1 draws one instance, so picks as RANDOM does; 2 avoids the slow host', () => {
    const one = run(...slowHost('{ name: LEAST_REQUEST, choiceCount: 1 }'));
    expect(one).toEqual(run(...slowHost('RANDOM')));
    const two = run(...slowHost('{ name: LEAST_REQUEST, choiceCount: 2 }'));
    expect(two).toEqual(run(...slowHost('LEAST_REQUEST')));
    const three = run(...slowHost('{ name: LEAST_REQUEST, choiceCount: 3 }'));
    expect(two.latencyMs.mean).toBeLessThan(one.latencyMs.mean * 0.8);
    expect(three.latencyMs.mean).toBeLessThan(two.latencyMs.mean);
  });

  it('LEAST_REQUEST activeRequestBias: 0 is weighted round robin, whatever the load', () => {
    const served = (bias: number) => {
      const r = run(
        'duration: 10s',
        'clients: [ { id: c, arrival: { process: constant, rate: 300 }, mix: [ { weight: 1, path: /api } ] } ]',
        'gateway: { id: edge, routes: [ { match: { prefix: /api }, service: a, weights: [2, 1],',
        `  loadBalancer: { name: LEAST_REQUEST, activeRequestBias: ${bias} } } ] }`,
        'services: [ { id: a, instances: 2, concurrency: 64, serviceTime: 5ms } ]',
        'faults: [ { at: 0s, target: a, instance: 0, kind: latency, add: 100ms } ]',
      );
      return r.latencyMs.mean;
    };
    // Weighted round robin sends the slow heavy instance 2 of 3 requests: mean ≈ 2/3 × 105 + 1/3 × 5.
    expect(served(0)).toBeCloseTo((2 / 3) * 105 + 5 / 3, 0);
    // Biased by its requests in flight, it gets far fewer.
    expect(served(1)).toBeLessThan(served(0) * 0.8);
  });

  it('RING_HASH pointsPerEndpoint: few points spread the keys unevenly, many evenly', () => {
    const keyed = (balancer: string) =>
      run(
        'duration: 10s',
        'clients: [ { id: c, arrival: { rate: 1400 }, mix: [ { weight: 1, path: /k, keys: { count: 5000, zipf: 0 } } ] } ]',
        `gateway: { id: edge, routes: [ { service: a, loadBalancer: ${balancer} } ] }`,
        'services: [ { id: a, instances: 4, concurrency: 1, serviceTime: 2ms } ]',
      );
    const spread = (points: number) => keyed(`{ name: RING_HASH, pointsPerEndpoint: ${points} }`);
    // Evenly spread, each instance is 70 % busy; one point each leaves some instance with a far
    // larger arc of the ring, so far more keys, and its queue grows.
    expect(spread(1).latencyMs.mean).toBeGreaterThan(spread(160).latencyMs.mean * 2);
    expect(spread(160)).toEqual(keyed('RING_HASH'));
  });

  it('EWMA decay: an estimate that forgets at once no longer steers traffic away from the slow host', () => {
    const forgetful = run(...slowHost('{ name: EWMA, decay: 1us }'));
    const remembering = run(...slowHost('{ name: EWMA, decay: 10s }'));
    expect(remembering).toEqual(run(...slowHost('EWMA')));
    expect(remembering.latencyMs.mean).toBeLessThan(forgetful.latencyMs.mean * 0.8);
  });

  it('EWMA defaultRtt and decay reach the balancer as its defaultRttMs and decayMs', () => {
    const file = loaded(
      yaml(
        'clients: [ { id: c, arrival: { rate: 1 } } ]',
        'gateway: { routes: [ { service: a, loadBalancer: { name: EWMA, decay: 2s, defaultRtt: 80ms } } ] }',
        'services: [ { id: a, instances: 2 } ]',
      ),
    );
    const route = file.base.gateway!.routes[0];
    const ewma = makeBalancer(route.loadBalancer, [1, 1], route.balancerOptions);
    expect(ewma).toBeInstanceOf(PeakEwmaBalancer);
    expect(ewma instanceof PeakEwmaBalancer && [ewma.decayMs, ewma.defaultRttMs]).toEqual([2_000, 80]);
  });

  it('a mesh policy takes its options with its balancer, from the layer that names it', () => {
    const file = loaded(
      yaml(
        'clients: [ { id: c, target: a, arrival: { rate: 1 } } ]',
        'services: [ { id: a, calls: [ { service: b } ] }, { id: b }, { id: d } ]',
        'mesh:',
        '  enabled: true',
        '  defaults: { loadBalancer: { name: LEAST_REQUEST, choiceCount: 4 } }',
        '  policies: { b: { loadBalancer: RING_HASH } }',
      ),
    );
    const policies = file.base.mesh.policies;
    expect([policies.b.loadBalancer, policies.b.balancerOptions]).toEqual(['RING_HASH', undefined]);
    expect([policies.d.loadBalancer, policies.d.balancerOptions]).toEqual([
      'LEAST_REQUEST',
      { choiceCount: 4 },
    ]);
  });
});
