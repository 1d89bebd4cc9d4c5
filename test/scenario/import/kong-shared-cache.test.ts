/**
 * Kong keys a proxy-cache's entries by the plugin's route: a Kong route for two hosts is one route
 * with one cache, so an answer stored for a request by one host serves the same request by the
 * other. The importer makes two meshsim routes of it, which must keep one cache.
 */
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';

const DECK = `_format_version: "3.0"
services:
  - name: catalog
    url: http://catalog.internal:8080
    routes:
      - name: products
        hosts: [shop.example.com, www.shop.example.com]
        paths: [/products]
        plugins:
          - name: proxy-cache
            config: { strategy: memory, cache_ttl: 300 }
`;
const CLIENTS = `
clients:
  - id: browsers
    arrival: { process: constant, rate: 10 }
    mix:
      - { weight: 1, path: /products, headers: { host: shop.example.com } }
      - { weight: 1, path: /products, headers: { host: www.shop.example.com } }
`;

describe('a Kong cache over two hosts', () => {
  test('is one cache: one miss, then every request by either host is a hit', () => {
    const r = importSources([
      { text: DECK, fileName: 'kong.yml' },
      { text: CLIENTS, fileName: 'clients.yaml' },
    ]);
    expect(r.errors.map(formatDiagnostic)).toEqual([]);
    const loaded = loadScenario(importedYaml(r, ['kong.yml', 'clients.yaml']), 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
    const report = runFileWithinBudget({
      ...loaded.file,
      base: { ...loaded.file.base, duration: 10_000, warmup: 0 },
      variants: [],
    });
    const caches = Object.entries(report.variants[0].gateway!.plugins).map(([route, p]) => [
      route,
      p['proxy-cache'],
    ]);
    expect(caches.map(([route]) => route)).toEqual(['products', 'products-2']);
    const sum = (k: string) => caches.reduce((n, [, c]) => n + ((c as Record<string, number>)[k] ?? 0), 0);
    // 100 requests, 10 a second; the first answer is stored within milliseconds of its miss.
    expect([sum('miss'), sum('hit')]).toEqual([1, 99]);
  });
});
