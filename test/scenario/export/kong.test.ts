/**
 * Export to Kong and back: `meshsim import` of the deck file gives the same gateway for every field
 * Kong holds, lists every other field as not exported, and the bundle of the scenario document and
 * the deck file runs to the same report as the scenario.
 */
import { describe, expect, test } from 'vitest';
import { exportKong } from '../../../src/scenario';
import { comparableGateways, importAndLoad, load, remainderDocument } from './round-trip';
import { runFileWithinBudget } from '../../support/event-budget';

const SHOP = `name: Shop at the edge
seed: 3
duration: 6s
clients:
  - { id: app, target: edge, consumer: alice, arrival: { process: poisson, rate: 40 }, mix: [{ method: GET, path: /api/orders/1 }, { method: POST, path: /api/orders }, { method: GET, path: /api/catalog/shoes }] }
  - { id: partner, target: edge, consumer: bob, arrival: { process: poisson, rate: 40 }, mix: [{ method: GET, path: /api/catalog/hats, headers: { x-tier: gold } }, { method: GET, path: /status }] }
gateway:
  id: edge
  profile: kong
  plugins:
    - { name: key-auth }
    - { name: rate-limiting, second: 30, consumer: bob }
  routes:
    - id: orders-read
      match: { prefix: /api/orders, methods: [GET] }
      service: orders
      retries: { attempts: 3, retryOn: [connect-failure, timeout], perTryTimeout: 2s }
      loadBalancer: LEAST_CONNECTIONS
      weights: [100, 100, 50]
      healthchecks: { passive: { httpFailures: 3, tcpFailures: 1, httpStatuses: [500, 503] }, active: { interval: 5s, successes: 2 } }
      plugins:
        - { name: rate-limiting, minute: 600, limit_by: consumer, policy: cluster, instance: orders-limit }
        - { name: proxy-cache, ttl: 5s, instance: orders-cache }
        - { name: acl, allow: [alice] }
    - id: orders-write
      match: { prefix: /api/orders, methods: [POST] }
      service: orders
      retries: { attempts: 3, retryOn: [connect-failure], perTryTimeout: 2s }
      loadBalancer: LEAST_CONNECTIONS
      weights: [100, 100, 50]
      healthchecks: { passive: { httpFailures: 3, tcpFailures: 1, httpStatuses: [500, 503] }, active: { interval: 5s, successes: 2 } }
      plugins:
        - { name: rate-limiting, minute: 600, limit_by: consumer, policy: cluster, instance: orders-limit }
        - { name: proxy-cache, ttl: 5s, instance: orders-cache }
    - id: catalog-gold
      match: { prefix: /api/catalog, headers: { x-tier: gold, host: shop.example.com } }
      service: catalog
      retries: { attempts: 1, retryOn: [connect-failure, timeout], perTryTimeout: 500ms }
      plugins:
        - { name: proxy-cache, ttl: 30s, methods: [GET, HEAD], statuses: [200, 301] }
        - { name: rate-limiting-advanced, limit: 50, window: 10s, window_type: sliding, limit_by: ip }
    - id: catalog
      match: { prefix: /api/catalog }
      service: catalog
      retries: { attempts: 1, retryOn: [connect-failure, timeout], perTryTimeout: 500ms }
      plugins:
        - { name: request-transformer }
        - { name: http-log, mode: batched }
    - id: status
      match: { path: /status }
      service: catalog
      retries: { attempts: 0, perTryTimeout: 1s }
      plugins:
        - { name: ip-restriction, deny: [203.0.113.0/24], status: 451 }
        - { name: cors, preflightContinue: true }
    - id: retired
      match: { prefix: /v1 }
      service: catalog
      plugins: [{ name: request-termination, status: 410 }]
services:
  - { id: orders, instances: 3, concurrency: 4, serviceTime: { dist: exponential, mean: 8ms } }
  - { id: catalog, instances: 2, concurrency: 8, serviceTime: { dist: exponential, mean: 4ms } }
`;

describe('export to Kong', () => {
  const file = load(SHOP);
  const exported = exportKong(file.base);

  test('every field of this gateway has a Kong counterpart but its name', () => {
    expect(exported.notExported).toEqual([
      {
        path: 'gateway.id',
        why: 'Kong config does not name the gateway (the import calls it kong)',
        simulation: true,
      },
    ]);
  });

  test('the deck file imports alone, with no error, to the same gateway', () => {
    const back = importAndLoad([{ text: exported.text, fileName: 'kong.yaml' }]);
    const { original, back: imported } = comparableGateways(file.base, back.file.base, ['gateway.id']);
    expect(imported).toEqual(original);
    // The two order routes share one limiter and one cache, as the scenario's instances say: one Kong service.
    const routes = back.file.base.gateway!.routes;
    const limiter = (id: string) =>
      routes.find((r) => r.id === id)!.plugins.find((p) => p.name === 'rate-limiting');
    expect(limiter('orders-read')!.instance).toBeDefined();
    expect(limiter('orders-read')!.instance).toBe(limiter('orders-write')!.instance);
    const cache = (id: string) =>
      routes.find((r) => r.id === id)!.plugins.find((p) => p.name === 'proxy-cache');
    expect(cache('orders-read')!.instance).toBeDefined();
    expect(cache('orders-read')!.instance).toBe(cache('orders-write')!.instance);
    // The upstream holds one target per instance.
    expect(back.file.base.services.find((s) => s.id === 'orders')!.instances).toBe(3);
  });

  test('the deck file says it as Kong does', () => {
    expect(exported.text).toContain('_format_version: "3.0"');
    expect(exported.text).toContain('paths: [ ~/status$ ]');
    expect(exported.text).toContain('hosts: [ shop.example.com ]');
    expect(exported.text).toMatch(/algorithm: least-connections/);
    expect(exported.text).toMatch(/- username: bob\n\s+acls:\n\s+- group: bob/);
    expect(exported.text).toMatch(/name: rate-limiting\n\s+consumer: bob/);
  });

  test('the scenario document and the deck file, as one bundle, run to the same report', () => {
    const bundle = importAndLoad([
      { text: remainderDocument(SHOP, 'kong'), fileName: 'shop.yaml' },
      { text: exported.text, fileName: 'kong.yaml' },
    ]);
    const strip = (x: unknown) => JSON.stringify(x, null, 2).replace(/"wallMs": [\d.]+/g, '"wallMs": 0');
    const report = runFileWithinBudget(file);
    expect(report.variants[0].requests.byStatus['429']).toBeGreaterThan(0);
    expect(strip(runFileWithinBudget(bundle.file))).toBe(strip(report));
  });
});

describe('what Kong cannot hold is listed, never dropped', () => {
  test('deadlines, 5xx retries, splits, other balancers, costs and foreign limiters', () => {
    const file = load(`name: Not Kong
clients: [{ id: c, arrival: { rate: 10 } }]
gateway:
  id: kong
  overhead: 1ms
  plugins: [{ name: token-bucket, rate: 10, burst: 20 }]
  routes:
    - id: api
      match: { prefix: / }
      service: api
      timeout: 3s
      retries: { attempts: 2, retryOn: [5xx] }
      loadBalancer: RANDOM
      split: [{ service: api, weight: 90 }, { service: api-v2, weight: 10 }]
      plugins: [{ name: key-auth, cost: 1ms }, { name: request-transformer, when: { prefix: /v1 } }]
services: [{ id: api }, { id: api-v2 }]
`);
    expect(exportKong(file.base).notExported.map((n) => `${n.simulation ? 'kept ' : ''}${n.path}`)).toEqual([
      'kept gateway.overhead',
      'gateway.routes[0].timeout',
      'gateway.routes[0].split',
      'gateway.routes[0].retries.retryOn',
      'gateway.routes[0].plugins[0].cost',
      'gateway.routes[0].plugins[1].when',
      'gateway.routes[0].loadBalancer',
      'gateway.plugins[0]',
    ]);
  });

  test('a limiter shared by routes to two services: Kong counts per service, so it is listed', () => {
    const file = load(`name: Shared
clients: [{ id: c, arrival: { rate: 10 } }]
gateway:
  id: kong
  routes:
    - { id: a, match: { prefix: /a }, service: a, plugins: [{ name: rate-limiting, minute: 5, instance: both }] }
    - { id: b, match: { prefix: /b }, service: b, plugins: [{ name: key-auth }, { name: rate-limiting, minute: 5, instance: both }] }
services: [{ id: a }, { id: b }]
`);
    expect(exportKong(file.base).notExported.map((n) => n.path)).toEqual([
      'gateway.routes[0].plugins[0].instance',
      'gateway.routes[1].plugins[1].instance',
    ]);
  });

  test('a scenario without a gateway has nothing for Kong', () => {
    const file = load(
      'name: x\nclients: [{ id: c, target: api, arrival: { rate: 1 } }]\nservices: [{ id: api }]\n',
    );
    expect(exportKong(file.base).notExported.map((n) => n.path)).toEqual(['gateway']);
  });
});
