/**
 * Export to Istio and back: the bundle of the scenario document and the exported resources gives
 * the same mesh section for every field Istio holds, and the same report; every other field is
 * listed as not exported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { exportIstio } from '../../../src/scenario';
import { comparableMeshes, importAndLoad, load, remainderDocument } from './round-trip';
import { runFileWithinBudget } from '../../support/event-budget';

const BOOKSHOP = `name: Bookshop in the mesh
seed: 5
duration: 6s
clients:
  - id: readers
    target: edge
    arrival: { process: poisson, rate: 60 }
    mix:
      - { weight: 3, method: GET, path: /books/1 }
      - { weight: 1, method: GET, path: /books/2, headers: { end-user: jason } }
      - { weight: 1, method: POST, path: /orders }
gateway:
  id: edge
  routes:
    - { id: books, match: { prefix: /books }, service: front }
    - { id: orders, match: { prefix: /orders }, service: front }
services:
  - { id: front, instances: 2, concurrency: 8, serviceTime: 2ms, calls: [{ service: reviews }, { service: ratings, optional: true }] }
  - { id: reviews, instances: 2, concurrency: 4, serviceTime: { dist: exponential, mean: 5ms } }
  - { id: reviews-v2, instances: 1, concurrency: 4, serviceTime: { dist: exponential, mean: 6ms } }
  - { id: ratings, instances: 2, concurrency: 4, serviceTime: 3ms, errorRate: 0.05 }
mesh:
  enabled: true
  profile: istio
  mtls: { mode: STRICT, services: { ratings: PERMISSIVE } }
  requestAuthentication:
    - { service: reviews, issuers: [https://auth.example.com] }
  authorization:
    - { service: ratings, action: ALLOW, from: [front], methods: [GET], paths: [/books*, /health] }
    - { service: reviews, action: DENY, notFrom: [front] }
    - { service: reviews, action: ALLOW, from: [mesh:*], headers: { x-debug: [off, 'no*'] }, notHeaders: { x-probe: ['*'] } }
  policies:
    reviews:
      loadBalancer: RANDOM
      connectTimeout: 250ms
      connectionPool: { maxConnections: 50, maxPendingRequests: 20, maxRequests: 100, maxRetries: 5 }
      outlierDetection: { consecutive5xxErrors: 3, interval: 5s, baseEjectionTime: 15s, maxEjectionPercent: 50 }
      panicThreshold: 30
      routes:
        - match: { prefix: /books, headers: { end-user: jason } }
          split: [{ service: reviews-v2, weight: 100 }]
          fault: { delay: { percentage: 50, fixedDelay: 20ms } }
        - match: { methods: [POST] }
          timeout: 1s
          retries: { attempts: 1, retryOn: [5xx] }
        - split: [{ service: reviews, weight: 80 }, { service: reviews-v2, weight: 20 }]
          mirror: { service: reviews-v2, percentage: 10 }
          timeout: 2s
          retries: { attempts: 3, perTryTimeout: 500ms, retryOn: [5xx, connect-failure] }
    ratings:
      timeout: 800ms
      retries: { attempts: 2, perTryTimeout: 300ms, retryOn: [5xx, '503'] }
      fault: { abort: { percentage: 10, httpStatus: 503 } }
`;

describe('export to Istio', () => {
  const file = load(BOOKSHOP);
  const exported = exportIstio(file.base);

  test('every field of this mesh has an Istio counterpart', () => {
    expect(exported.notExported).toEqual([]);
  });

  test('with the scenario document, the resources give back the same mesh section and the same report', () => {
    const bundle = importAndLoad([
      { text: remainderDocument(BOOKSHOP, 'istio'), fileName: 'bookshop.yaml' },
      { text: exported.text, fileName: 'istio.yaml' },
    ]);
    const { original, back } = comparableMeshes(file.base, bundle.file.base, []);
    expect(back).toEqual(original);
    const strip = (x: unknown) => JSON.stringify(x, null, 2).replace(/"wallMs": [\d.]+/g, '"wallMs": 0');
    const report = runFileWithinBudget(file);
    // The exported policies act: faults injected (jason's delay, ratings' abort), copies mirrored,
    // the orders' calls into ratings denied (its ALLOW takes GET /books only).
    const { outcomes } = report.variants[0].mesh!;
    expect(outcomes.faultsInjected).toBeGreaterThan(0);
    expect(outcomes.mirrored).toBeGreaterThan(0);
    expect(outcomes.denied).toBeGreaterThan(0);
    expect(strip(runFileWithinBudget(bundle.file))).toBe(strip(report));
  });

  test('the resources say it as Istio does', () => {
    const kinds = [...exported.text.matchAll(/^kind: (\w+)\nmetadata:\n\s+name: ([\w-]+)/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(kinds).toEqual([
      'PeerAuthentication default',
      'PeerAuthentication ratings',
      'RequestAuthentication reviews',
      'AuthorizationPolicy ratings-1',
      'AuthorizationPolicy reviews-1',
      'AuthorizationPolicy reviews-2',
      'VirtualService reviews',
      'DestinationRule reviews',
      'VirtualService ratings',
    ]);
    expect(exported.text).toContain('principals: [ cluster.local/ns/default/sa/front ]');
    expect(exported.text).toContain('key: request.headers[x-debug]');
    // meshsim's /health is a prefix on segment boundaries; Istio's plain path is exact.
    expect(exported.text).toContain('paths: [ /books*, /health, /health/* ]');
    expect(exported.text).toMatch(/headers:\n\s+end-user:\n\s+exact: jason/);
    expect(exported.text).toMatch(/minHealthPercent: 30/);
  });
});

describe('export to Istio with workloads', () => {
  test.each(['18-policy.yaml', '22-ecommerce.yaml', '26-fault-injection-and-mirroring.yaml'])(
    '%s: the resources alone give back every service with its instances, and the mesh section',
    (name) => {
      const file = load(readFileSync(new URL(`../../../scenarios/lessons/${name}`, import.meta.url), 'utf8'));
      const exported = exportIstio(file.base, { workloads: true });
      const back = importAndLoad([{ text: exported.text, fileName: 'istio.yaml' }]).file.base;
      const instances = (s: typeof file.base) =>
        Object.fromEntries(s.services.map((svc) => [svc.id, svc.instances]));
      expect(instances(back)).toEqual(instances(file.base));
      const omitted = exported.notExported.map((n) => n.path);
      const { original, back: mesh } = comparableMeshes(file.base, back, omitted);
      expect(mesh).toEqual(original);
    },
  );
});

describe('what Istio cannot hold is listed, never dropped', () => {
  test("Linkerd's and a client library's breakers, EWMA, failover, backoff, budgets, sidecar costs", () => {
    const file = load(`name: Not Istio
clients: [{ id: c, target: a, arrival: { rate: 10 } }]
services: [{ id: a, calls: [{ service: b }] }, { id: b }, { id: c2 }]
mesh:
  enabled: true
  profile: linkerd
  exclude: [c2]
  policies:
    b:
      loadBalancer: EWMA
      failover: [c2]
      failureAccrual: { consecutiveFailures: 5 }
      circuitBreaker: { failureRateThreshold: 50 }
      retries: { attempts: 2, backoff: { base: 50ms, max: 1s } }
`);
    expect(exportIstio(file.base).notExported.map((n) => `${n.simulation ? 'kept ' : ''}${n.path}`)).toEqual([
      'mesh.profile',
      'kept mesh.sidecar',
      'mesh.exclude',
      // Linkerd's defaults: a retry budget, EWMA, no connect timeout.
      'mesh.policies.a.retries.budget',
      'mesh.policies.a.loadBalancer',
      'mesh.policies.a.connectTimeout',
      'mesh.policies.b.circuitBreaker',
      'mesh.policies.b.failureAccrual',
      'mesh.policies.b.failover',
      'mesh.policies.b.retries.backoff',
      'mesh.policies.b.retries.budget',
      'mesh.policies.b.loadBalancer',
      'mesh.policies.b.connectTimeout',
      'mesh.policies.c2.retries.budget',
      'mesh.policies.c2.loadBalancer',
      'mesh.policies.c2.connectTimeout',
    ]);
  });

  test('a mesh that is off has nothing for Istio', () => {
    const file = load(
      'name: x\nclients: [{ id: c, target: api, arrival: { rate: 1 } }]\nservices: [{ id: api }]\n',
    );
    expect(exportIstio(file.base).notExported.map((n) => n.path)).toEqual(['mesh.enabled']);
  });
});
