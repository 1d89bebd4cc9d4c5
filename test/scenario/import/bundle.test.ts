/**
 * importBundle / importSources: Kong documents plus at most one meshsim scenario document, merged
 * with the scenario document's fields winning.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  formatDiagnostic,
  importBundle,
  importedYaml,
  importSources,
  loadScenario,
  type ImportResult,
} from '../../../src/scenario';
import { yaml } from '../helpers';

const SHOP = readFileSync(new URL('../../../scenarios/kong/shop-bundle.yaml', import.meta.url), 'utf8');

const KONG = [
  '_format_version: "3.0"',
  'services:',
  '  - name: orders',
  '    host: orders',
  '    routes: [{ name: orders, paths: [/orders] }]',
  '  - name: catalog',
  '    host: catalog',
  '    routes: [{ name: catalog, paths: [/catalog] }]',
  'upstreams: [{ name: orders, targets: [{ target: "a:1" }, { target: "b:1" }, { target: "c:1" }] }]',
];

function imported(text: string): ImportResult {
  const r = importBundle(text, 'bundle.yaml');
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  return r;
}

function expectLoads(r: ImportResult): void {
  const loaded = loadScenario(importedYaml(r, ['bundle.yaml']), 'imported.yaml');
  expect(loaded.ok ? [] : loaded.errors.map(formatDiagnostic)).toEqual([]);
}

const ids = (list: unknown): unknown[] => (list as { id: unknown }[]).map((x) => x.id);

describe('importBundle: scenarios/kong/shop-bundle.yaml', () => {
  const r = imported(SHOP);

  test('the scenario document wins; Kong brings the gateway and the orders upstream’s instances', () => {
    const s = r.scenario;
    expect(s.name).toBe('Shop behind Kong');
    expect(Object.keys(s)).toEqual([
      'name',
      'description',
      'seed',
      'duration',
      'clients',
      'gateway',
      'services',
    ]);
    expect(ids(s.clients)).toEqual(['alice', 'bob', 'browser']);
    expect(s.services).toEqual([
      {
        id: 'catalog',
        instances: 2,
        concurrency: 4,
        serviceTime: { dist: 'lognormal', median: '4ms', p99: '30ms' },
      },
      {
        id: 'orders',
        instances: 3,
        concurrency: 2,
        serviceTime: { dist: 'lognormal', median: '12ms', p99: '80ms' },
        errorRate: 0.01,
      },
    ]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const gateway = s.gateway as any;
    expect(gateway.profile).toBe('kong');
    expect(ids(gateway.routes)).toEqual(['products', 'orders', 'orders-2']);
    expect(gateway.plugins).toEqual([{ name: 'rate-limiting', minute: 100, limit_by: 'consumer' }]);
  });

  test('warnings come from the Kong document only; none for stubs, as both services are defined', () => {
    expect(r.warnings.map((d) => `${d.line} ${d.path}`)).toEqual([
      '53 services[0].url',
      '61 services[0].routes[0].strip_path',
    ]);
  });

  test('the merged scenario loads without errors or warnings', () => {
    const loaded = loadScenario(importedYaml(r, ['shop-bundle.yaml']), 'imported.yaml');
    if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.file.base.services.map((s) => [s.id, s.instances])).toEqual([
      ['catalog', 2],
      ['orders', 3],
    ]);
  });
});

describe('importBundle: merging', () => {
  test('a service the document does not define comes from Kong as a stub, with its warning', () => {
    const r = imported(
      yaml(
        'clients: [{ id: c, arrival: { rate: 1 } }]',
        'services: [{ id: orders, serviceTime: 5ms }]',
        '---',
        ...KONG,
      ),
    );
    expect(r.scenario.services).toEqual([
      { id: 'orders', instances: 3, serviceTime: '5ms' },
      expect.objectContaining({ id: 'catalog', instances: 1 }),
    ]);
    expect(r.warnings.map((d) => [d.line, d.message])).toEqual([
      [10, expect.stringMatching(/^meshsim service "catalog" is a stub: /)],
    ]);
    expectLoads(r);
  });

  test('the document’s gateway fields win field by field; its routes replace Kong’s, with a warning', () => {
    const r = imported(
      yaml(
        'clients: [{ id: c, arrival: { rate: 1 } }]',
        'gateway: { id: edge, instances: 2 }',
        'services: [{ id: orders, instances: 2 }, { id: catalog }]',
        '---',
        ...KONG,
      ),
    );
    expect(r.scenario.gateway).toMatchObject({ id: 'edge', instances: 2, profile: 'kong' });
    expect(r.warnings.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`)).toEqual([
      '3:26 services[0].instances: Kong\'s upstream "orders" has 3 targets; the scenario document\'s 2 instances win',
    ]);
    const replaced = imported(
      yaml(
        'clients: [{ id: c, arrival: { rate: 1 } }]',
        'gateway: { routes: [{ service: orders }], profile: apigee }',
        'services: [{ id: orders }, { id: catalog }]',
        '---',
        ...KONG,
      ),
    );
    expect(replaced.warnings.map((d) => `${d.path}: ${d.message}`)).toEqual([
      "gateway.routes: the scenario document's routes replace the 2 imported from Kong",
      'gateway.profile: the scenario document\'s profile "apigee" replaces kong',
    ]);
    expectLoads(replaced);
  });

  test("Istio and Consul documents: one variant each, the first product's mesh the base", () => {
    const r = imported(
      yaml(
        ...KONG,
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'spec: { host: orders, trafficPolicy: { loadBalancer: { simple: RANDOM } } }',
        '---',
        'Kind: service-defaults',
        'Name: catalog',
        'Protocol: http',
      ),
    );
    expect(r.errors).toEqual([]);
    expect(r.scenario.mesh).toEqual({
      enabled: true,
      profile: 'istio',
      policies: { orders: { loadBalancer: 'RANDOM' } },
    });
    // The Consul variant's patch turns Istio's mesh into Consul's: its profile, and no policies.
    expect(r.scenario.variants).toEqual([
      { name: 'Istio' },
      { name: 'Consul', mesh: { profile: 'consul', policies: null } },
    ]);
    expect(r.scenario.description).toMatch(
      /Each variant runs one mesh product's config, on the same traffic: Istio, Consul\.\n$/,
    );
    expect(r.scenario.description).not.toMatch(/The mesh section comes from/);
    expect(r.warnings.map((d) => d.message)).not.toContainEqual(expect.stringMatching(/in one bundle/));
    // Kong's documents are read once per variant; their warnings are given once.
    const messages = r.warnings.map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(new Set(messages).size).toBe(messages.length);
    expectLoads(r);
  });

  test('files are one bundle: Kong in one, the scenario document in another', () => {
    const r = importSources([
      { text: yaml(...KONG), fileName: 'kong.yml' },
      { text: yaml('name: Split', 'clients: [{ id: c, arrival: { rate: 1 } }]'), fileName: 'scenario.yaml' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.scenario.name).toBe('Split');
    expect(new Set(r.warnings.map((d) => d.file))).toEqual(new Set(['kong.yml']));
    expectLoads(r);
  });

  test('a scenario document alone is printed as it is, with a warning', () => {
    const r = imported(
      yaml('clients: [{ id: c, target: a, arrival: { rate: 1 } }]', 'services: [{ id: a }]'),
    );
    expect(r.scenario).toEqual({
      clients: [{ id: 'c', target: 'a', arrival: { rate: 1 } }],
      services: [{ id: 'a' }],
    });
    expect(r.warnings.map((d) => d.message)).toEqual([
      'no Kong, Istio or Consul config in the input; the scenario document is printed as it is',
    ]);
  });

  test('a field named __proto__ stays a field (and the loader refuses it), not a prototype', () => {
    const r = imported(
      yaml('clients: [{ id: c, arrival: { rate: 1 } }]', '__proto__: { polluted: true }', '---', ...KONG),
    );
    expect(Object.getPrototypeOf(r.scenario)).toBe(Object.prototype);
    expect(Object.hasOwn(r.scenario, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('importBundle: errors', () => {
  test.each([
    [
      'two scenario documents',
      yaml('name: a', '---', 'name: b'),
      '3:1 : a bundle holds one meshsim scenario document; the first is at line 1 of bundle.yaml',
    ],
    ['a list document', yaml(...KONG, '---', '- a'), '11:1 : a bundle document must be a mapping'],
    [
      'nothing but a document left out',
      yaml('apiVersion: networking.istio.io/v1', 'kind: EnvoyFilter'),
      '1:1 : no config document was read: the one document was left out: bundle.yaml:1 (Istio EnvoyFilter is not modelled; left out',
    ],
    [
      'Kong without routes and a document without services',
      yaml('name: a', '---', '_format_version: "3.0"'),
      'nothing to simulate',
    ],
    [
      'a Kong error',
      yaml('name: a', '---', '_format_version: "3.0"', 'services: [{ name: x }]'),
      '4:12 services[0]: a service needs url or host',
    ],
  ])('%s', (_name, text, expected) => {
    const r = importBundle(text, 'bundle.yaml');
    expect(r.errors.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`).join('\n')).toContain(
      expected,
    );
  });
});
