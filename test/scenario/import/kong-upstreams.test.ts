/**
 * Kong upstreams as the gateway's balancing: unequal target weights share traffic in proportion
 * (Kong's weighted round robin), a target of weight 0 takes none, consistent-hashing on the client's
 * address keeps each client on one target, and consistent-hashing with Kong's default hash_on none
 * is plain weighted round robin.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  formatDiagnostic,
  importedYaml,
  importKong,
  importSources,
  loadScenario,
} from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';

const DECK = readFileSync(
  new URL('../../fixtures/real/kong/weighted-upstreams.yml', import.meta.url),
  'utf8',
);

describe('Kong upstreams', () => {
  const r = importKong(DECK, 'kong.yml');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const routes = (r.scenario.gateway as any).routes as Record<string, unknown>[];
  const route = (id: string) => routes.find((x) => x.id === id)!;

  test('weights, balancers and instances as imported', () => {
    expect(r.errors.map(formatDiagnostic)).toEqual([]);
    expect(route('orders').weights).toEqual([300, 100]);
    expect(route('orders').loadBalancer).toBeUndefined();
    expect(route('sessions').loadBalancer).toBe('RING_HASH');
    expect(route('sessions').hashOn).toEqual({ by: 'client' });
    expect(route('search').loadBalancer).toBeUndefined();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const instances = Object.fromEntries((r.scenario.services as any[]).map((s) => [s.id, s.instances]));
    expect(instances).toEqual({ 'orders-upstream': 2, 'sessions-upstream': 3, 'search-upstream': 2 });
    // Every field here is modelled or at Kong's default: only the stub services are warned.
    expect(r.warnings.filter((w) => !w.message.includes('is a stub')).map(formatDiagnostic)).toEqual([]);
  });

  test('run: 3 to 1 by weight, one target per client by address, an even split without a hash', () => {
    const loaded = loadScenario(importedYaml(r, ['kong.yml']), 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
    const report = runFileWithinBudget({
      ...loaded.file,
      base: { ...loaded.file.base, duration: 20_000, warmup: 0 },
      variants: [],
    });
    const served = (id: string) => report.variants[0].components[id].servedByInstance;
    // Smooth weighted round robin is deterministic: within one request of 3:1 at any moment.
    const [v1, v2] = served('orders-upstream');
    expect(v1 + v2).toBeGreaterThan(500);
    expect(Math.abs(v1 - 3 * v2)).toBeLessThanOrEqual(4);
    // One client, one address: every request on one of the three targets.
    expect(served('sessions-upstream').filter((n) => n > 0)).toHaveLength(1);
    const [s1, s2] = served('search-upstream');
    expect(Math.abs(s1 - s2)).toBeLessThanOrEqual(1);
  });

  test('hash_on consumer: every client of one consumer on one target, whatever its cache keys', () => {
    const deck = `_format_version: "3.0"
upstreams:
  - name: carts
    algorithm: consistent-hashing
    hash_on: consumer
    targets: [{ target: "c1:80" }, { target: "c2:80" }, { target: "c3:80" }, { target: "c4:80" }]
services: [{ name: carts, host: carts, routes: [{ name: carts, paths: [/carts] }], plugins: [{ name: key-auth }] }]
consumers: [{ username: ann }, { username: bob }]
`;
    const doc = `
clients:
  - { id: ann-web, consumer: ann, arrival: { process: constant, rate: 10 }, mix: [{ path: /carts, keys: { count: 50 } }] }
  - { id: ann-app, consumer: ann, arrival: { process: constant, rate: 10 }, mix: [{ path: /carts, keys: { count: 50 } }] }
`;
    const b = importSources([
      { text: deck, fileName: 'kong.yml' },
      { text: doc, fileName: 'scenario.yaml' },
    ]);
    expect(b.errors.map(formatDiagnostic)).toEqual([]);
    const loaded = loadScenario(importedYaml(b, ['kong.yml', 'scenario.yaml']), 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
    const report = runFileWithinBudget({
      ...loaded.file,
      base: { ...loaded.file.base, duration: 10_000, warmup: 0 },
      variants: [],
    });
    // 200 requests of two clients with 50 cache keys each: all on ann's one target.
    expect(report.variants[0].components.carts.servedByInstance.filter((n) => n > 0)).toEqual([200]);
  });
});
