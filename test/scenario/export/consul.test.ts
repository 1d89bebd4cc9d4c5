/**
 * Export to Consul and back: the bundle of the scenario document and the exported config entries
 * gives the same mesh section for every field Consul holds, and the same report; every other field
 * is listed as not exported.
 */
import { describe, expect, test } from 'vitest';
import { exportConsul } from '../../../src/scenario';
import { comparableMeshes, differences, importAndLoad, load, remainderDocument } from './round-trip';
import { runFileWithinBudget } from '../../support/event-budget';

const SHOP = `name: Shop under Consul
seed: 9
duration: 6s
clients:
  - id: users
    target: web
    arrival: { process: poisson, rate: 80 }
    mix:
      - { weight: 3, method: GET, path: /api/items }
      - { weight: 1, method: GET, path: /admin/stats, headers: { x-team: ops } }
services:
  - { id: web, instances: 2, concurrency: 8, serviceTime: 1ms, calls: [{ service: api }, { service: billing, optional: true }, { service: cart }] }
  - { id: api, instances: 3, concurrency: 4, serviceTime: { dist: exponential, mean: 4ms }, errorRate: 0.02 }
  - { id: api-v2, instances: 1, concurrency: 4, serviceTime: { dist: exponential, mean: 5ms } }
  - { id: admin, instances: 1, concurrency: 2, serviceTime: 2ms }
  - { id: billing, instances: 2, concurrency: 4, serviceTime: 3ms }
  - { id: cart, instances: 2, concurrency: 4, serviceTime: { dist: exponential, mean: 3ms } }
  - { id: cart-v2, instances: 1, concurrency: 4, serviceTime: { dist: exponential, mean: 30ms } }
mesh:
  enabled: true
  profile: consul
  authorization:
    - { service: billing, action: ALLOW, from: [web] }
    - { service: admin, action: ALLOW, from: [web], paths: ['/admin*'], methods: [GET] }
  policies:
    api:
      loadBalancer: LEAST_REQUEST
      connectTimeout: 2s
      retries: { attempts: 2, retryOn: [5xx, connect-failure] }
      timeout: 3s
      connectionPool: { maxConnections: 64, maxPendingRequests: 32, maxRequests: 128 }
      outlierDetection: { consecutive5xxErrors: 3, interval: 5s, baseEjectionTime: 20s, maxEjectionPercent: 40 }
      routes:
        - match: { prefix: /admin, headers: { x-team: ops } }
          split: [{ service: admin, weight: 1 }]
          timeout: 1s
          retries: { attempts: 0 }
        - retries: { attempts: 2, retryOn: [5xx, connect-failure] }
          timeout: 3s
    billing:
      loadBalancer: RANDOM
      timeout: 800ms
    api-v2:
      loadBalancer: LEAST_REQUEST
    cart:
      split: [{ service: cart, weight: 80 }, { service: cart-v2, weight: 20 }]
      timeout: 2s
    cart-v2:
      timeout: 2s
`;

describe('export to Consul', () => {
  const file = load(SHOP);
  const exported = exportConsul(file.base);

  test('every field of this mesh has a Consul counterpart', () => {
    expect(exported.notExported).toEqual([]);
  });

  test('the entries are JSON, one file each for consul config write', () => {
    expect(exported.files?.map((f) => f.name)).toEqual([
      'service-resolver-api.json',
      'service-router-api.json',
      'service-resolver-api-v2.json',
      'service-resolver-billing.json',
      // cart's timeout is its router's: with a splitter in front Consul takes none from a resolver.
      'service-router-cart.json',
      'service-splitter-cart.json',
      'service-resolver-cart-v2.json',
      'service-defaults-web.json',
      'service-defaults-api.json',
      'service-defaults-api-v2.json',
      'service-defaults-admin.json',
      'service-defaults-billing.json',
      'service-defaults-cart.json',
      'service-defaults-cart-v2.json',
      'service-intentions-billing.json',
      'service-intentions-admin.json',
    ]);
    for (const f of exported.files ?? []) expect(() => JSON.parse(f.text) as unknown).not.toThrow();
    expect(JSON.parse(exported.files![1].text)).toEqual({
      Kind: 'service-router',
      Name: 'api',
      Routes: [
        {
          Match: { HTTP: { PathPrefix: '/admin', Header: [{ Name: 'x-team', Exact: 'ops' }] } },
          Destination: { Service: 'admin', RequestTimeout: '1s', NumRetries: 0 },
        },
        {
          Destination: {
            Service: 'api',
            RequestTimeout: '3s',
            NumRetries: 2,
            RetryOn: ['5xx', 'connect-failure'],
          },
        },
      ],
    });
  });

  test('with the scenario document, the entries give back the mesh section where the Consul importer reads them', () => {
    const bundle = importAndLoad([
      { text: remainderDocument(SHOP, 'consul'), fileName: 'shop.yaml' },
      { text: exported.text, fileName: 'consul.json' },
    ]);
    const { original, back } = comparableMeshes(file.base, bundle.file.base, []);
    expect(differences(original, back)).toEqual([]);
    const strip = (x: unknown) => JSON.stringify(x, null, 2).replace(/"wallMs": [\d.]+/g, '"wallMs": 0');
    const report = runFileWithinBudget(file);
    expect(report.variants[0].mesh!.outcomes.denied).toBe(0);
    expect(strip(runFileWithinBudget(bundle.file))).toBe(strip(report));
  });
});

describe('what the Consul importer does not read back', () => {
  test('STRICT mTLS: proxy-defaults MutualTLSMode strict is written, and the importer leaves proxy-defaults out', () => {
    const strict = SHOP.replace('  profile: consul\n', '  profile: consul\n  mtls: { mode: STRICT }\n');
    const file = load(strict);
    const exported = exportConsul(file.base);
    expect(exported.notExported).toEqual([]);
    expect(JSON.parse(exported.files![0].text)).toEqual({
      Kind: 'proxy-defaults',
      Name: 'global',
      MutualTLSMode: 'strict',
    });
    const bundle = importAndLoad([
      { text: remainderDocument(strict, 'consul'), fileName: 'shop.yaml' },
      { text: exported.text, fileName: 'consul.json' },
    ]);
    const { original, back } = comparableMeshes(file.base, bundle.file.base, []);
    expect(differences(original, back)).toEqual(['mesh.mtls.mode']);
    expect(bundle.warnings).toContain(
      'consul.json:2:3 Kind: Consul proxy-defaults is not modelled; left out: global proxy settings are not modelled: the mesh profile gives the defaults',
    );
  });
});

describe('intentions say what meshsim decides for each caller', () => {
  const sourcesOf = (authorization: string) => {
    const file = load(`name: x
clients: [{ id: c, target: a, arrival: { rate: 1 } }]
services: [{ id: a, calls: [{ service: b }] }, { id: b }, { id: ops }]
mesh:
  enabled: true
  profile: consul
  authorization: ${authorization}
`);
    const entries = exportConsul(file.base).files!.map(
      (f) => JSON.parse(f.text) as { Kind: string; Sources?: unknown },
    );
    return entries.find((e) => e.Kind === 'service-intentions')?.Sources;
  };

  test('a DENY of every caller beside a named ALLOW denies that caller too, as meshsim checks DENY first', () => {
    expect(
      sourcesOf(`[{ service: b, action: ALLOW, from: [a] }, { service: b, action: DENY, from: ['*'] }]`),
    ).toEqual([{ Name: '*', Action: 'deny' }]);
  });

  test('an ALLOW of one caller denies the others; a DENY of one caller admits the others', () => {
    expect(sourcesOf('[{ service: b, action: ALLOW, from: [a] }]')).toEqual([
      { Name: 'a', Action: 'allow' },
      { Name: '*', Action: 'deny' },
    ]);
    expect(sourcesOf('[{ service: b, action: DENY, from: [ops] }]')).toEqual([
      { Name: 'ops', Action: 'deny' },
      { Name: '*', Action: 'allow' },
    ]);
  });

  test('a caller that only path rules admit gets them as L7 permissions', () => {
    expect(
      sourcesOf(`[{ service: b, action: ALLOW, from: [a], paths: ['/read*', /status], methods: [GET] }]`),
    ).toEqual([
      {
        Name: 'a',
        Permissions: [
          { Action: 'allow', HTTP: { PathPrefix: '/read', Methods: ['GET'] } },
          // meshsim's /status is a prefix on segment boundaries: /status and what is under /status/.
          { Action: 'allow', HTTP: { PathExact: '/status', Methods: ['GET'] } },
          { Action: 'allow', HTTP: { PathPrefix: '/status/', Methods: ['GET'] } },
        ],
      },
      { Name: '*', Action: 'deny' },
    ]);
  });
});

describe('what Consul cannot hold is listed, never dropped', () => {
  test("a split whose target's own timeout differs from the router's, an unbounded timeout", () => {
    const file = load(`name: Split
clients: [{ id: c, target: a, arrival: { rate: 10 } }]
services: [{ id: a, calls: [{ service: b }, { service: d }] }, { id: b }, { id: b2 }, { id: d }]
mesh:
  enabled: true
  profile: consul
  policies:
    b: { timeout: 1s, split: [{ service: b, weight: 90 }, { service: b2, weight: 10 }] }
    d: { timeout: unlimited }
`);
    expect(exportConsul(file.base).notExported).toEqual([
      {
        path: 'mesh.policies.b2.timeout',
        why: "calls b splits to b2 take the timeout of b's router in Consul, not b2's own",
      },
      {
        path: 'mesh.policies.d.timeout',
        why: 'Consul has no unbounded RequestTimeout: left unset it is 15s',
      },
    ]);
  });

  test('faults, mirrors, per-try timeouts, negated and token conditions, other profiles', () => {
    const file = load(`name: Not Consul
clients: [{ id: c, target: a, arrival: { rate: 10 } }]
services: [{ id: a, calls: [{ service: b }] }, { id: b }]
mesh:
  enabled: true
  profile: consul
  mtls: { mode: DISABLE }
  authorization: [{ service: b, action: DENY, notFrom: [a] }]
  policies:
    b:
      fault: { abort: { percentage: 5, httpStatus: 503 } }
      mirror: { service: a, percentage: 5 }
      retries: { attempts: 1, perTryTimeout: 100ms }
`);
    expect(exportConsul(file.base).notExported.map((n) => n.path)).toEqual([
      'mesh.mtls.mode',
      'mesh.policies.b.fault',
      'mesh.policies.b.mirror',
      'mesh.policies.b.retries.perTryTimeout',
      'mesh.authorization[0].notFrom',
    ]);
  });
});
