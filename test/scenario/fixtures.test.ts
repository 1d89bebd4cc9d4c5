/**
 * Whole files: the design example of the format (kept verbatim in fixtures/design-example.ts)
 * and the scenario library under scenarios/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { estimateEvents, loadScenario } from '../../src/scenario';
import { DESIGN_EXAMPLE } from './fixtures/design-example';
import { errorsOf, GENERIC_MESH_SETTINGS, GENERIC_POLICY, loaded } from './helpers';
import { libraryScenarioText } from '../support/load';

const read = (relative: string): string => readFileSync(new URL(relative, import.meta.url), 'utf8');
// The example shows one service of three; completing it with the two it refers to must be all it needs.
const COMPLETED = DESIGN_EXAMPLE.replace(
  'network: { latency: 0.2ms }',
  '  - { id: orders }\n  - { id: inventory, instances: 2 }\nnetwork: { latency: 0.2ms }',
);

describe('the design example of the format', () => {
  test('verbatim, its only errors are the two services it leaves out (orders, inventory)', () => {
    const errors = errorsOf(DESIGN_EXAMPLE, 'design.yaml');
    expect(errors.map(({ line, column, path, message }) => ({ line, column, path, message }))).toEqual([
      { line: 30, column: 79, path: 'gateway.routes[1].service', message: 'unknown service "orders"' },
      { line: 38, column: 25, path: 'services[0].calls[0].service', message: 'unknown service "inventory"' },
      { line: 47, column: 5, path: 'mesh.policies.inventory', message: 'unknown service "inventory"' },
      { line: 56, column: 34, path: 'faults[0].target', message: 'unknown target "inventory"' },
      { line: 58, column: 23, path: 'faults[2].target', message: 'unknown target "orders"' },
    ]);
  });

  test('with those two services added it loads with no errors and no warnings', () => {
    const r = loadScenario(COMPLETED, 'design.yaml');
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  test('its values are resolved as documented', () => {
    const { base, variants } = loaded(COMPLETED, 'design.yaml');
    expect(base).toMatchObject({
      name: 'E-commerce behind a gateway',
      seed: 42,
      duration: 60_000,
      warmup: 5000,
    });
    expect(base.description).toBe('What to watch ...\n');
    expect(base.clients[0]).toEqual({
      id: 'shoppers',
      target: 'edge',
      arrival: { process: 'poisson', rate: 200 },
      schedule: [
        { at: 20_000, rate: 800 },
        { at: 40_000, rate: 200 },
      ],
      mix: [
        { weight: 8, method: 'GET', path: '/api/products', keys: { count: 1000, zipf: 1.1 }, headers: {} },
        { weight: 2, method: 'POST', path: '/api/orders', headers: {} },
      ],
      consumer: 'alice',
      credentials: { invalid: 0.02 },
      headers: { 'x-client-version': 'v1' },
      timeout: 5000,
      retryAfter: { attempts: 0 },
    });
    expect(base.gateway?.plugins).toEqual([
      { name: 'key-auth', cost: 0.1 },
      { name: 'rate-limiting', minute: 100, limit_by: 'consumer' },
      { name: 'proxy-cache', ttl: 30_000, methods: ['GET'] },
    ]);
    expect(base.gateway?.routes[1]).toEqual({
      id: 'orders',
      match: { prefix: '/api/orders', methods: ['POST'] },
      service: 'orders',
      timeout: 2000,
      retries: { attempts: 1, retryOn: ['5xx'], perTryTimeout: Infinity },
      plugins: [],
      loadBalancer: 'ROUND_ROBIN',
    });
    expect(base.services[0]).toMatchObject({
      instances: 3,
      concurrency: 4,
      queue: 64,
      serviceTime: { dist: 'lognormal', median: 4, p99: 30 },
      errorRate: 0.01,
      callMode: 'sequential',
    });
    expect(base.network.latency).toEqual({ dist: 'constant', value: 0.2 });
    // No profile: what the example leaves out is the generic mesh's.
    expect(base.mesh).toEqual({
      ...GENERIC_MESH_SETTINGS,
      enabled: true,
      sidecar: { overhead: { dist: 'constant', value: 0.25 }, concurrency: 2 },
      mtls: {
        mode: 'STRICT',
        handshake: { dist: 'constant', value: 1.5 },
        perRequest: { dist: 'constant', value: 0.02 },
        rotation: Infinity,
        idleTimeout: Infinity,
        services: {},
      },
      discovery: { propagationDelay: 2000 },
      policies: {
        catalog: GENERIC_POLICY,
        orders: GENERIC_POLICY,
        inventory: {
          ...GENERIC_POLICY,
          loadBalancer: 'LEAST_REQUEST',
          timeout: 1000,
          retries: {
            attempts: 3,
            perTryTimeout: 100,
            retryOn: ['5xx', 'reset', 'connect-failure'],
            backoff: { base: 25, max: 250 },
            otherHost: false,
            // ratio and minPerSecond make it Linkerd's budget; its ttl is Linkerd's 10 s.
            budget: { kind: 'linkerd', ratio: 0.2, minPerSecond: 10, ttl: 10_000 },
          },
          connectionPool: { maxConnections: 100, maxPendingRequests: 100, maxRequests: 100, maxRetries: 3 },
          outlierDetection: {
            consecutive5xxErrors: 5,
            consecutiveGatewayErrors: 0,
            interval: 10_000,
            baseEjectionTime: 30_000,
            maxEjectionTime: 300_000,
            maxEjectionPercent: 10,
          },
          fault: { delay: { percentage: 10, fixedDelay: 2000 }, abort: { percentage: 5, httpStatus: 503 } },
        },
      },
    });
    expect(base.faults).toEqual([
      { kind: 'crash', at: 30_000, for: 10_000, target: 'inventory', instance: 0 },
      { kind: 'latency', at: 10_000, for: 5000, target: 'catalog', add: { dist: 'constant', value: 200 } },
      { kind: 'errors', at: 0, for: Infinity, target: 'orders', rate: 0.3 },
    ]);
    expect(variants.map((v) => [v.name, v.scenario.mesh.enabled])).toEqual([
      ['gateway-only', false],
      ['mesh', true],
    ]);
    // Only the patched field differs from the base.
    expect({ ...variants[0].scenario, mesh: base.mesh }).toEqual(base);
  });
});

describe('scenarios/default.yaml', () => {
  const file = loaded(read('../../scenarios/default.yaml'), 'default.yaml');
  const s = file.base;

  test('loads with no warnings', () => {
    expect(loadScenario(read('../../scenarios/default.yaml'), 'default.yaml').warnings).toEqual([]);
  });

  test('is the small e-commerce app the lesson describes', () => {
    expect(s.duration).toBe(60_000);
    expect(s.warmup).toBe(5000);
    expect(s.network.latency).toEqual({ dist: 'constant', value: 0.2 });
    expect(s.gateway?.id).toBe('edge');
    expect(s.gateway?.routes.map((r) => [r.id, r.match, r.service, r.timeout, r.retries.attempts])).toEqual([
      ['products', { prefix: '/api/products' }, 'catalog', Infinity, 0],
      ['orders', { prefix: '/api/orders', methods: ['POST'] }, 'orders', 2000, 1],
    ]);
    expect(s.services.map((x) => [x.id, x.serviceTime.dist, x.calls.map((c) => c.service)])).toEqual([
      ['catalog', 'lognormal', ['inventory']],
      ['orders', 'lognormal', []],
      ['inventory', 'lognormal', []],
    ]);
    expect(s.services.some((x) => x.errorRate > 0 && x.errorRate < 0.05)).toBe(true);
    expect(s.clients).toHaveLength(1);
    expect(s.clients[0]).toMatchObject({ target: 'edge', arrival: { process: 'poisson', rate: 200 } });
    expect(s.clients[0].mix.map((m) => [m.method, m.path, m.keys])).toEqual([
      ['GET', '/api/products', { count: 1000, zipf: 1.1 }],
      ['POST', '/api/orders', undefined],
    ]);
    expect(s.description).toMatch(/What to watch/);
    expect(estimateEvents(s)).toBeLessThan(1_000_000);
  });
});

describe('the scenario library', () => {
  const dir = new URL('../../scenarios/', import.meta.url);
  // `kong/`, `istio/`, `consul/` and `linkerd/` hold input for `meshsim import`, tested by the importers' tests.
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.ya?ml$/.test(f) && !/^(kong|istio|consul|linkerd)\//.test(f),
  );

  // A lesson written as a bundle of product config loads as the scenario its import prints.
  test.each(files)('%s loads', (f) => {
    const r = loadScenario(libraryScenarioText(f).text, f);
    expect(r.ok ? [] : r.errors.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`)).toEqual([]);
  });
});
