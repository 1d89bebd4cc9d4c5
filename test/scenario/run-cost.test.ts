/**
 * The memory the estimate counts beyond single fields: every sidecar instance's view of every service
 * it calls (sidecars × destinations × endpoints), and calls piling up at a service offered more than it
 * serves, which a bounded queue caps.
 */
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario';
import { runCost } from '../../src/scenario/run-cost';
import { loaded } from './helpers';

const meshOf = (instances: number) =>
  [
    'clients: [ { id: web, target: a, arrival: { rate: 10 } } ]',
    'services:',
    `  - { id: a, instances: ${instances}, calls: [b] }`,
    `  - { id: b, instances: ${instances} }`,
    'mesh: { enabled: true }',
  ].join('\n');

describe('memory of sidecars and their destinations', () => {
  test('each sidecar instance of a caller keeps a view of each service it calls, sized by its endpoints', () => {
    const cost = runCost(loaded(meshOf(2000)).base);
    const views = cost.byteShares.find((x) => x.what.startsWith('2000 sidecars of "a"'));
    // 2000 sidecars × (7.5 kB + 2000 endpoints × 100 B).
    expect(views).toMatchObject({ path: ['services', 0, 'instances'], amount: 2000 * (7500 + 2000 * 100) });
  });

  test('4000 callers of 4000 endpoints are refused at the callers', () => {
    const r = loadScenario(meshOf(4000), 'mesh.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ line: 3, column: 25, path: 'services[0].instances' });
    expect(r.errors[0].message).toBe(
      'this would hold about 1.64 GB, over the memory budget of 1 GB; 4000 sidecars of "a" × destination "b" ' +
        '(4000 endpoints) takes 1.63 GB',
    );
  });
});

describe('memory of calls waiting', () => {
  const overloaded = (queue: string) =>
    [
      'clients: [ { id: web, target: api, arrival: { rate: 100000 } } ]',
      `services: [ { id: api, serviceTime: 1s${queue} } ]`,
    ].join('\n');

  test('a service offered 100,000/s that serves 1/s, with no bound on its queue, is refused at its queue', () => {
    const r = loadScenario(overloaded(''), 'busy.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ line: 2, column: 13, path: 'services[0].queue' });
    expect(r.errors[0].message).toMatch(
      /^this would hold about 1\.35 GB, over the memory budget of 1 GB; calls waiting at "api"/,
    );
    expect(r.errors[0].hint).toMatch(/^bound services\[0\]\.queue \(calls waiting per instance\)/);
  });

  test('a bounded queue caps what waits', () => {
    expect(loadScenario(overloaded(', queue: 1000'), 'busy.yaml').ok).toBe(true);
  });
});

describe('memory of kept traces', () => {
  test('keeping every trace of six million requests is refused at tracing.keep', () => {
    const r = loadScenario(
      [
        'tracing: { sample: 1, keep: 1e9 }',
        'clients: [ { id: web, target: api, arrival: { rate: 100000 } } ]',
        'services: [ { id: api } ]',
      ].join('\n'),
      'traced.yaml',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ line: 1, column: 29, path: 'tracing.keep' });
    expect(r.errors[0].message).toBe(
      'this would hold about 4.68 GB, over the memory budget of 1 GB; tracing (6000000 traces kept) takes 4.68 GB',
    );
  });
});
