/**
 * Kong keys a limiter's counters by the plugin's own scope: a route's plugin counts every request of
 * that route, whatever path or host it came by; a service's plugin counts every route of the service.
 * A Kong route of two paths becomes two meshsim routes, and they must still share one counter.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importKong, loadScenario } from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';

const DECK = readFileSync(new URL('../../fixtures/real/kong/orders-two-paths.yml', import.meta.url), 'utf8');

/** The deck imported and loaded, run `minutes` whole minutes from 0 with no warmup: requests each route's limiter admitted. */
function admitted(minutes: number): Map<string, number> {
  const r = importKong(DECK, 'kong.yml');
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  const loaded = loadScenario(importedYaml(r, ['kong.yml']), 'imported.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
  const base = { ...loaded.file.base, duration: minutes * 60_000, warmup: 0 };
  const report = runFileWithinBudget({ ...loaded.file, base, variants: [] });
  const plugins = report.variants[0].gateway!.plugins;
  return new Map(Object.entries(plugins).map(([route, p]) => [route, p['rate-limiting']?.admitted ?? 0]));
}

describe('Kong limits keep their scope when a route or service becomes several meshsim routes', () => {
  test('the imported routes name one limiter instance per Kong route or service', () => {
    const r = importKong(DECK, 'kong.yml');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const routes = (r.scenario.gateway as any).routes as { id: string; plugins?: { instance?: string }[] }[];
    const instances = Object.fromEntries(routes.map((route) => [route.id, route.plugins?.[0]?.instance]));
    expect(instances).toEqual({
      orders: 'route orders',
      'orders-2': 'route orders',
      products: 'service catalog',
      search: 'service catalog',
    });
  });

  test('a route limit of 100 a minute over two paths admits 100 a minute; a service limit of 20 over two routes, 20', () => {
    const ok = admitted(2);
    // Two whole fixed windows: exactly the limit in each, over both paths (the stub clients send
    // far more than the limits).
    expect((ok.get('orders') ?? 0) + (ok.get('orders-2') ?? 0)).toBe(200);
    expect((ok.get('products') ?? 0) + (ok.get('search') ?? 0)).toBe(40);
    // Both paths and both routes take traffic: the counter is shared, not one route starved.
    for (const id of ['orders', 'orders-2', 'products', 'search']) expect(ok.get(id)).toBeGreaterThan(0);
  });
});
