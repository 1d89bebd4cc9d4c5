/**
 * importBundle with Istio resources: the Bookinfo bundle of the scenario library is imported whole
 * (the exact mesh section and every warning with its position), then each mapping rule is pinned
 * on small bundles, and a seeded property checks that no input makes the importer throw.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { importBundle } from '../../../src/scenario';
import { applyEdit, textEdit } from '../../support/text-edits';
import { yaml } from '../helpers';
import { bundleImporter, meshOf, warnings, checkFuzzedImport } from './bundle-helpers';

const BOOKINFO = readFileSync(
  new URL('../../../scenarios/istio/bookinfo-bundle.yaml', import.meta.url),
  'utf8',
);

const { imported, errorsOf, expectLoads } = bundleImporter('istio.yaml');

/** A scenario document defining every service the small bundles name, placed after them. */
const SCENARIO = [
  '---',
  'clients: [{ id: c, arrival: { rate: 1 } }]',
  'gateway: { id: edge, routes: [{ service: productpage }] }',
  'services:',
  '  - { id: productpage, calls: [reviews, ratings] }',
  '  - { id: reviews }',
  '  - { id: reviews-v1 }',
  '  - { id: reviews-v2 }',
  '  - { id: reviews-v3 }',
  '  - { id: ratings }',
];
const bundle = (...lines: string[]): string => yaml(...lines, ...SCENARIO);
/** A VirtualService for reviews: its http routes start on line 7. */
const vs = (...http: string[]): string =>
  bundle(
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata: { name: reviews }',
    'spec:',
    '  hosts: [reviews.default.svc.cluster.local]',
    '  http:',
    ...http.map((l) => `    ${l}`),
  );
/** A DestinationRule for reviews: its spec's fields after `host` start on line 6. */
const dr = (...spec: string[]): string =>
  bundle(
    'apiVersion: networking.istio.io/v1beta1',
    'kind: DestinationRule',
    'metadata: { name: reviews }',
    'spec:',
    '  host: reviews',
    ...spec.map((l) => `  ${l}`),
  );
const TO_V1_V3 =
  '- route: [{ destination: { host: reviews, subset: v1 }, weight: 75 }, { destination: { host: reviews, subset: v3 }, weight: 25 }]';
const SUBSETS = 'subsets: [{ name: v1 }, { name: v2 }, { name: v3 }]';

describe('importBundle with Istio: scenarios/istio/bookinfo-bundle.yaml', () => {
  const r = imported(BOOKINFO);
  const pool = { maxConnections: 100, maxPendingRequests: 32, maxRequests: 100, maxRetries: 3 };
  const outlier = {
    consecutive5xxErrors: 5,
    interval: '10s',
    baseEjectionTime: '30s',
    maxEjectionPercent: 50,
  };
  const route = {
    timeout: '2s',
    retries: { attempts: 3, perTryTimeout: '500ms', retryOn: ['connect-failure', 'refused-stream', '503'] },
  };

  test('the mesh: the tester’s header route and the default route as the routes of reviews, the DestinationRule on every version', () => {
    const destination = {
      loadBalancer: 'LEAST_REQUEST',
      connectTimeout: '250ms',
      connectionPool: pool,
      outlierDetection: outlier,
    };
    expect(meshOf(r)).toEqual({
      enabled: true,
      profile: 'istio',
      mtls: { mode: 'STRICT' },
      discovery: { propagationDelay: '10s' },
      authorization: [
        {
          service: 'ratings',
          action: 'ALLOW',
          from: ['reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3'],
          methods: ['GET'],
        },
      ],
      policies: {
        ratings: { fault: { delay: { percentage: 5, fixedDelay: '200ms' } } },
        reviews: {
          ...destination,
          routes: [
            { match: { headers: { 'end-user': 'jason' } }, split: [{ service: 'reviews-v2', weight: 100 }] },
            {
              ...route,
              split: [
                { service: 'reviews-v1', weight: 90 },
                { service: 'reviews-v3', weight: 10 },
              ],
              mirror: { service: 'reviews-v2', percentage: 20 },
            },
          ],
        },
        'reviews-v1': destination,
        'reviews-v2': destination,
        'reviews-v3': { ...destination, loadBalancer: 'ROUND_ROBIN' },
      },
    });
  });

  test('no warning: every route is modelled', () => {
    expect(r.warnings.map((d) => `${d.file}:${d.line}:${d.column} ${d.path}: ${d.message}`)).toEqual([]);
  });

  test('the scenario document wins where it speaks; the services are its own', () => {
    expect(r.scenario.name).toBe('Bookinfo canary under Istio');
    expect((r.scenario.services as { id: string }[]).map((s) => s.id)).toEqual([
      'productpage',
      'details',
      'reviews',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
      'ratings',
    ]);
    expect(Object.keys(r.scenario)).toEqual([
      'name',
      'description',
      'seed',
      'duration',
      'clients',
      'gateway',
      'services',
      'mesh',
      'faults',
    ]);
  });

  test('the printed scenario loads without errors or warnings, with the profile filling the rest', () => {
    const loaded = expectLoads(r);
    expect(loaded.warnings).toEqual([]);
    const mesh = loaded.file.base.mesh;
    expect([mesh.enabled, mesh.profile, mesh.mtls.mode]).toEqual([true, 'istio', 'STRICT']);
    expect(mesh.policies.reviews.routes?.[1].split).toEqual([
      { service: 'reviews-v1', weight: 90 },
      { service: 'reviews-v3', weight: 10 },
    ]);
    expect(mesh.policies.reviews.routes?.[1].retries).toMatchObject({ attempts: 3, perTryTimeout: 500 });
    expect(mesh.policies['reviews-v3'].outlierDetection).toMatchObject({
      consecutive5xxErrors: 5,
      baseEjectionTime: 30_000,
    });
  });
});

describe('VirtualService', () => {
  test('a lone destination takes every call: the host itself needs no split, a subset is a split of 100', () => {
    const same = imported(vs('- route: [{ destination: { host: reviews } }]', '  timeout: 3s'));
    expect(meshOf(same).policies).toEqual({ reviews: { timeout: '3s' } });
    const subset = imported(
      vs('- route: [{ destination: { host: reviews.default.svc.cluster.local, subset: v2 } }]'),
    );
    expect(meshOf(subset).policies).toEqual({ reviews: { split: [{ service: 'reviews-v2', weight: 100 }] } });
  });

  test('several destinations: an unweighted one takes nothing, one named twice adds up, another host is its own service', () => {
    const r = imported(
      vs(
        '- route:',
        '    - { destination: { host: reviews, subset: v1 }, weight: 60 }',
        '    - { destination: { host: reviews, subset: v2 } }',
        '    - { destination: { host: reviews, subset: v1 }, weight: 20 }',
        '    - { destination: { host: ratings }, weight: 20 }',
      ),
    );
    expect(meshOf(r).policies.reviews.split).toEqual([
      { service: 'reviews-v1', weight: 80 },
      { service: 'ratings', weight: 20 },
    ]);
    expectLoads(r);
  });

  test('routes with match conditions are routes of the policy, in order, one per match block; one after the catch-all is never reached', () => {
    const r = imported(
      vs(
        '- match: [{ uri: { prefix: /v2 }, method: { exact: POST } }, { uri: { regex: "/r/[0-9]+" } }]',
        '  route: [{ destination: { host: reviews, subset: v2 } }]',
        '  timeout: 1s',
        '- match: [{ uri: { prefix: / } }]',
        '  route: [{ destination: { host: reviews, subset: v1 } }]',
        '- route: [{ destination: { host: reviews, subset: v3 } }]',
      ),
    );
    const toV2 = { timeout: '1s', split: [{ service: 'reviews-v2', weight: 100 }] };
    expect(meshOf(r).policies.reviews).toEqual({
      routes: [
        { match: { prefix: '/v2', methods: ['POST'] }, ...toV2 },
        { match: { regex: '/r/[0-9]+' }, ...toV2 },
        { split: [{ service: 'reviews-v1', weight: 100 }] },
      ],
    });
    expect(warnings(r).filter((w) => !w.includes('DestinationRule declares'))).toEqual([
      '12:7 spec.http[2]: left out: never reached, as spec.http[1] before it takes every request',
    ]);
    expectLoads(r);
  });

  test('headers exact, prefix and regex, withoutHeaders; a block on query parameters matches nothing and is left out', () => {
    const r = imported(
      vs(
        '- match:',
        '    - headers: { end-user: { exact: jason }, X-Beta: { prefix: "1" }, cookie: { regex: ".*user=tester.*" } }',
        '    - withoutHeaders: { x-canary: {} }',
        '    - queryParams: { beta: { exact: "1" } }',
        '  route: [{ destination: { host: reviews, subset: v2 } }]',
        '  fault: { abort: { percentage: { value: 50 }, httpStatus: 503 } }',
      ),
    );
    const route = {
      fault: { abort: { percentage: 50, httpStatus: 503 } },
      split: [{ service: 'reviews-v2', weight: 100 }],
    };
    expect(meshOf(r).policies.reviews).toEqual({
      routes: [
        {
          match: {
            headers: { 'end-user': 'jason', 'x-beta': { prefix: '1' }, cookie: { regex: '.*user=tester.*' } },
          },
          ...route,
        },
        { match: { headers: { 'x-canary': { present: true, invert: true } } }, ...route },
      ],
    });
    expect(warnings(r).filter((w) => !w.includes('DestinationRule declares'))).toEqual([
      '10:11 spec.http[0].match[2].queryParams: query parameters are not simulated: this match block is read as matching no request, so its route takes fewer calls than in Istio',
    ]);
    expectLoads(r);
  });

  test('timeout 0s is unlimited; retries keep attempts and perTryTimeout and narrow retryOn to the conditions meshsim knows', () => {
    const r = imported(
      vs(
        TO_V1_V3,
        '  timeout: 0s',
        '  retries:',
        '    attempts: 4',
        '    perTryTimeout: 1m30s',
        '    retryOn: gateway-error,unavailable,retriable-status-codes,reset,409,envoy-ratelimited,bogus',
        '    retryRemoteLocalities: true',
        '    retryIgnorePreviousHosts: false',
        '    backoff: 50ms',
      ),
    );
    const retries = {
      attempts: 4,
      perTryTimeout: '90s',
      retryOn: ['gateway-error', 'reset', '409'],
      backoff: { base: '50ms' },
      otherHost: false,
    };
    expect(meshOf(r).policies.reviews).toEqual({
      timeout: 'unlimited',
      retries,
      split: [
        { service: 'reviews-v1', weight: 75 },
        { service: 'reviews-v3', weight: 25 },
      ],
    });
    expect(meshOf(r).policies['reviews-v1']).toEqual({ timeout: 'unlimited', retries });
    expect(warnings(r).filter((w) => !w.includes('DestinationRule declares'))).toEqual([
      '12:9 spec.http[0].retries.retryOn: retry condition "unavailable" is left out: a gRPC status, which simulated HTTP calls never carry',
      '12:9 spec.http[0].retries.retryOn: retry condition "envoy-ratelimited" is left out: simulated sidecars do not rate-limit',
      '12:9 spec.http[0].retries.retryOn: retry condition "bogus" is left out: not an Envoy retry condition meshsim knows',
      '13:9 spec.http[0].retries.retryRemoteLocalities: not modelled, left out: localities are not simulated',
    ]);
    expectLoads(r);
  });

  test('retries without attempts turn retries off, as Istio does; so does a retryOn of gRPC conditions only', () => {
    const none = imported(
      vs('- route: [{ destination: { host: reviews } }]', '  retries: { perTryTimeout: 2s }'),
    );
    expect(meshOf(none).policies.reviews.retries).toEqual({ attempts: 0, perTryTimeout: '2s' });
    expect(warnings(none)).toEqual([
      '8:16 spec.http[0].retries: retries without attempts: Istio turns retries off (attempts: 0)',
    ]);
    const grpc = imported(
      vs(
        '- route: [{ destination: { host: reviews } }]',
        '  retries: { attempts: 2, retryOn: "cancelled,deadline-exceeded" }',
      ),
    );
    expect(meshOf(grpc).policies.reviews.retries).toEqual({ attempts: 0 });
    expect(warnings(grpc).at(-1)).toBe(
      '8:31 spec.http[0].retries.retryOn: none of these retry conditions can happen in the simulation: attempts: 0',
    );
    const many = imported(
      vs('- route: [{ destination: { host: reviews } }]', '  retries: { attempts: 1000 }'),
    );
    expect(meshOf(many).policies.reviews.retries).toEqual({ attempts: 100 });
  });

  test('fault: delay and abort with their percentages; without a percentage Istio injects nothing', () => {
    const r = imported(
      vs(
        '- route: [{ destination: { host: reviews } }]',
        '  fault:',
        '    delay: { percentage: { value: 0.5 }, fixedDelay: 7s }',
        '    abort: { percent: 10, httpStatus: 503 }',
      ),
    );
    expect(meshOf(r).policies.reviews.fault).toEqual({
      delay: { percentage: 0.5, fixedDelay: '7s' },
      abort: { percentage: 10, httpStatus: 503 },
    });
    expectLoads(r);
    const none = imported(
      vs(
        '- route: [{ destination: { host: reviews } }]',
        '  fault: { delay: { fixedDelay: 1s }, abort: { httpStatus: 500, grpcStatus: UNAVAILABLE } }',
      ),
    );
    expect(meshOf(none).policies).toBeUndefined();
    expect(warnings(none)).toEqual(
      [
        '8:69 spec.http[0].fault.abort.grpcStatus: not modelled, left out: gRPC statuses are not simulated',
        '8:23 spec.http[0].fault.delay: a delay without percentage delays no request in Istio; left out',
        '8:50 spec.http[0].fault.abort: an abort without percentage aborts no request in Istio; left out',
      ].sort(byPosition),
    );
  });

  test('mirror: mirrorPercentage, or 100 without; the first of mirrors; a mirror into the host itself is left out', () => {
    const r = imported(
      vs(TO_V1_V3, '  mirror: { host: reviews, subset: v2 }', '  mirrorPercentage: { value: 12.5 }'),
    );
    expect(meshOf(r).policies.reviews.mirror).toEqual({ service: 'reviews-v2', percentage: 12.5 });
    const all = imported(
      vs(
        TO_V1_V3,
        '  mirrors:',
        '    - { destination: { host: ratings } }',
        '    - { destination: { host: reviews, subset: v2 }, percentage: { value: 5 } }',
      ),
    );
    expect(meshOf(all).policies.reviews.mirror).toEqual({ service: 'ratings', percentage: 100 });
    expect(warnings(all)).toContain(
      '10:11 spec.http[0].mirrors[1]: meshsim mirrors to one service; left out',
    );
    const self = imported(vs(TO_V1_V3, '  mirror: { host: reviews }'));
    expect(meshOf(self).policies.reviews.mirror).toBeUndefined();
    expect(warnings(self)).toContain(
      '8:7 spec.http[0].mirror: a mirror of "reviews" into itself is left out: it would copy each call to where it goes anyway',
    );
    expectLoads(r);
  });

  test('hosts: a wildcard is left out, a second VirtualService for a host is left out, one of a gateway only is left out', () => {
    const r = imported(
      bundle(
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: { name: a }',
        'spec:',
        '  hosts: ["*.example.com", reviews]',
        '  http: [{ timeout: 1s }]',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: { name: b }',
        'spec:',
        '  hosts: [reviews]',
        '  http: [{ timeout: 2s }]',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: { name: bookinfo }',
        'spec:',
        '  hosts: ["*"]',
        '  gateways: [bookinfo-gateway]',
        '  http: [{ route: [{ destination: { host: productpage } }] }]',
      ),
    );
    expect(meshOf(r).policies).toEqual({ reviews: { timeout: '1s' } });
    expect(warnings(r)).toEqual([
      '5:11 spec.hosts[0]: wildcard host "*.example.com" is not modelled: a meshsim policy belongs to one service; left out',
      '12:11 spec.hosts[0]: reviews is already routed by VirtualService a (line 5 of istio.yaml); two VirtualServices for one host of the mesh conflict (istioctl analyze: IST0109) and Istio uses the one created first; left out here',
      '20:3 spec.gateways: no Gateway named "bookinfo-gateway" in the bundle: its routes are read as bound to Istio\'s default ingress gateway, istio-ingressgateway',
      "20:3 spec.gateways: the scenario document's gateway edge has routes of its own and wins: the 1 routes bound to Gateway bookinfo-gateway are left out",
    ]);
  });

  test('fields Istio has but meshsim does not model name why; a misspelt one gets a suggestion', () => {
    const r = imported(
      vs(
        '- route: [{ destination: { host: reviews, port: { number: 9080 } }, headers: { request: { set: { x: "1" } } } }]',
        '  rewrite: { uri: /v1 }',
        '  corsPolicy: { allowOrigins: [{ exact: "*" }] }',
        '  timout: 1s',
      ),
    );
    expect(warnings(r)).toEqual([
      '7:73 spec.http[0].route[0].headers: not modelled, left out: header changes are not simulated',
      '8:7 spec.http[0].rewrite: not modelled, left out: the path sent upstream is not simulated',
      '9:7 spec.http[0].corsPolicy: not modelled, left out: CORS is not simulated',
      '10:7 spec.http[0].timout: not an Istio HTTP route field; left out',
    ]);
    expect(r.warnings.find((d) => d.path === 'spec.http[0].timout')?.hint).toBe('did you mean "timeout"?');
  });

  test('values of the wrong type are errors at the value', () => {
    expect(
      errorsOf(vs('- route: [{ destination: { host: reviews }, weight: -5 }]', '  timeout: soon')),
    ).toEqual([
      '7:57 spec.http[0].route[0].weight: must be an integer from 0 to 2147483647',
      '8:16 spec.http[0].timeout: must be a duration such as 250ms, 10s or 1m30s',
    ]);
    expect(errorsOf(vs('- route: [{ weight: 5 }]'))).toEqual([
      '7:15 spec.http[0].route[0]: a route destination needs destination',
    ]);
  });
});

describe('DestinationRule', () => {
  test('trafficPolicy onto the host and every subset’s service; a subset’s own policy replaces the groups it sets', () => {
    const r = imported(
      dr(
        'trafficPolicy:',
        '  loadBalancer: { simple: RANDOM }',
        '  connectionPool:',
        '    tcp: { maxConnections: 10, connectTimeout: 1.5s }',
        '    http: { http1MaxPendingRequests: 5, http2MaxRequests: 20, maxRetries: 2 }',
        '  outlierDetection:',
        '    consecutive5xxErrors: 3',
        '    consecutiveGatewayErrors: 2',
        '    interval: 5s',
        '    baseEjectionTime: 1m',
        '    maxEjectionPercent: 100',
        '    minHealthPercent: 50',
        'subsets:',
        '  - { name: v1, labels: { version: v1 } }',
        '  - name: v2',
        '    labels: { version: v2 }',
        '    trafficPolicy: { connectionPool: { http: { maxRetries: 9 } }, loadBalancer: { simple: ROUND_ROBIN } }',
      ),
    );
    const pool = { maxConnections: 10, maxPendingRequests: 5, maxRequests: 20, maxRetries: 2 };
    const outlierDetection = {
      consecutive5xxErrors: 3,
      consecutiveGatewayErrors: 2,
      interval: '5s',
      baseEjectionTime: '60s',
      maxEjectionPercent: 100,
    };
    const all = {
      loadBalancer: 'RANDOM',
      panicThreshold: 50,
      connectTimeout: '1500ms',
      connectionPool: pool,
      outlierDetection,
    };
    expect(meshOf(r).policies).toEqual({
      reviews: all,
      'reviews-v1': all,
      'reviews-v2': {
        loadBalancer: 'ROUND_ROBIN',
        panicThreshold: 50,
        connectionPool: { maxRetries: 9 },
        outlierDetection,
      },
    });
    expect(warnings(r)).toEqual([]);
    expectLoads(r);
  });

  test('a subset a route sends to but no DestinationRule declares is a warning; its service is made anyway', () => {
    const r = imported(vs('- route: [{ destination: { host: reviews, subset: v9 } }]'));
    expect(meshOf(r).policies.reviews.split).toEqual([{ service: 'reviews-v9', weight: 100 }]);
    // The scenario defines reviews: its subset's service does what reviews does.
    expect(warnings(r)).toEqual([
      '7:38 spec.http[0].route[0].destination.host: meshsim service "reviews-v9" is subset v9 of reviews (meshsim has no subsets): it does what the scenario\'s reviews does (service time, calls), with 1 instance',
      '7:55 spec.http[0].route[0].destination.subset: no DestinationRule declares subset "v9" of reviews (Istio answers 503 to the calls routed to it); read as the service reviews-v9',
    ]);
    expectLoads(r);
  });

  test('consistentHash is RING_HASH keyed on meshsim’s own key; old names, PASSTHROUGH and zero limits are warnings; ISTIO_MUTUAL is the sidecars’ own', () => {
    const r = imported(
      dr(
        'trafficPolicy:',
        '  loadBalancer: { consistentHash: { httpHeaderName: x-user } }',
        '  connectionPool: { tcp: { maxConnections: 0 } }',
        '  outlierDetection: { consecutiveErrors: 7 }',
        '  tls: { mode: ISTIO_MUTUAL }',
      ),
    );
    expect(meshOf(r).policies).toEqual({
      reviews: { loadBalancer: 'RING_HASH', outlierDetection: { consecutiveGatewayErrors: 7 } },
    });
    expect(warnings(r)).toEqual([
      "7:39 spec.trafficPolicy.loadBalancer.consistentHash.httpHeaderName: not modelled, left out: meshsim's ring hash keys on the request's cache key, or its client",
      "8:30 spec.trafficPolicy.connectionPool.tcp.maxConnections: 0 means Istio's default (no limit); left out",
      '9:25 spec.trafficPolicy.outlierDetection.consecutiveErrors: consecutiveErrors is the old name of consecutiveGatewayErrors; read as it',
    ]);
    const old = imported(dr('trafficPolicy: { loadBalancer: { simple: LEAST_CONN } }'));
    expect(meshOf(old).policies.reviews.loadBalancer).toBe('LEAST_REQUEST');
    const pass = imported(dr('trafficPolicy: { loadBalancer: { simple: PASSTHROUGH } }'));
    expect(meshOf(pass).policies).toBeUndefined();
    expect(errorsOf(dr('trafficPolicy: { loadBalancer: { simple: FASTEST } }'))).toEqual([
      '6:44 spec.trafficPolicy.loadBalancer.simple: unknown load balancer',
    ]);
  });

  test('tls DISABLE and SIMPLE, maxRequestsPerConnection, locality failover (with and without outlier detection), a subset policy nothing routes to', () => {
    const r = imported(
      dr(
        'trafficPolicy:',
        '  loadBalancer:',
        '    simple: ROUND_ROBIN',
        '    localityLbSetting: { enabled: true, failover: [{ from: us-east, to: us-west }], distribute: [] }',
        '  connectionPool: { http: { maxRequestsPerConnection: 1 } }',
        '  outlierDetection: { consecutive5xxErrors: 3 }',
        '  tls: { mode: DISABLE }',
        'subsets:',
        '  - name: v9',
        '    trafficPolicy: { tls: { mode: SIMPLE }, connectionPool: { tcp: { maxConnections: 4 } } }',
      ),
    );
    expect(meshOf(r).policies.reviews).toEqual({
      loadBalancer: 'ROUND_ROBIN',
      outlierDetection: { consecutive5xxErrors: 3 },
      failover: ['reviews-us-west'],
    });
    expect(warnings(r)).toEqual([
      "9:43 spec.trafficPolicy.loadBalancer.localityLbSetting.failover: one region's instances are each a service: the failover goes to reviews-us-west, which stands for reviews in the other region (give it a region, so that reaching it costs the crossing)",
      '9:87 spec.trafficPolicy.loadBalancer.localityLbSetting.distribute: not modelled, left out: meshsim weighs no localities: a service takes calls from every region alike',
      '10:31 spec.trafficPolicy.connectionPool.http.maxRequestsPerConnection: not modelled, left out: Envoy closes a connection after this many requests, and each new one pays an mTLS handshake; meshsim reuses a pooled connection until mtls.idleTimeout or a certificate rotation',
      "12:12 spec.trafficPolicy.tls.mode: tls DISABLE: the callers' sidecars send plaintext, which Istio answers 503 (connection reset) where the destination is STRICT; meshsim's sidecars always speak mTLS to each other, so those calls succeed; left out",
      '15:31 spec.subsets[0].trafficPolicy.tls.mode: tls SIMPLE originates TLS to a server outside the mesh, which is not simulated; left out',
      '15:72 spec.subsets[0].trafficPolicy.connectionPool.tcp.maxConnections: no route sends calls to subset v9 of reviews and no workload of the scenario runs it, so its own trafficPolicy has no effect (Istio applies it to the calls routed to the subset); left out',
    ]);
    const noOutlier = imported(
      dr('trafficPolicy: { loadBalancer: { localityLbSetting: { failover: [{ from: a, to: b }] } } }'),
    );
    expect(meshOf(noOutlier).policies).toBeUndefined();
    expect(warnings(noOutlier)).toEqual([
      '6:57 spec.trafficPolicy.loadBalancer.localityLbSetting.failover: Istio fails over only when outlier detection is on, and this trafficPolicy has no outlierDetection; left out',
    ]);
  });

  test('two rules setting one field of one service: the first wins, the second is a warning', () => {
    const r = imported(
      bundle(
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata: { name: a }',
        'spec: { host: ratings, trafficPolicy: { loadBalancer: { simple: RANDOM } } }',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata: { name: b }',
        'spec: { host: ratings.default.svc.cluster.local, trafficPolicy: { loadBalancer: { simple: ROUND_ROBIN } } }',
      ),
    );
    expect(meshOf(r).policies).toEqual({ ratings: { loadBalancer: 'RANDOM' } });
    expect(warnings(r)).toEqual([
      '9:83 spec.trafficPolicy.loadBalancer.simple: loadBalancer of service "ratings" is already set by DestinationRule a (line 4 of istio.yaml), which wins; left out',
    ]);
  });
});

describe('PeerAuthentication and AuthorizationPolicy', () => {
  let paCount = 0;
  /** A PeerAuthentication of a name of its own, so that none replaces another. */
  const pa = (spec: string): string[] => [
    'apiVersion: security.istio.io/v1',
    'kind: PeerAuthentication',
    `metadata: { name: pa${++paCount}, namespace: istio-system }`,
    `spec: ${spec}`,
  ];
  const ap = (name: string, ...spec: string[]): string[] => [
    'apiVersion: security.istio.io/v1',
    'kind: AuthorizationPolicy',
    `metadata: { name: ${name} }`,
    'spec:',
    ...spec.map((l) => `  ${l}`),
  ];

  test('the root namespace’s mode is mtls.mode, a selector’s the service’s own; a second mesh-wide mode is a warning', () => {
    const r = imported(
      bundle(
        ...pa('{ mtls: { mode: PERMISSIVE } }'),
        '---',
        ...pa('{ selector: { matchLabels: { app: ratings } }, mtls: { mode: DISABLE } }'),
        '---',
        ...pa('{ mtls: { mode: STRICT }, portLevelMtls: { "9080": { mode: DISABLE } } }'),
      ),
    );
    expect(meshOf(r)).toEqual({
      enabled: true,
      profile: 'istio',
      mtls: { mode: 'PERMISSIVE', services: { ratings: 'DISABLE' } },
    });
    expect(warnings(r)).toEqual([
      '14:17 spec.mtls.mode: meshsim has one mTLS mode for the whole mesh: PERMISSIVE from PeerAuthentication pa1 (line 4 of istio.yaml) is kept; STRICT is left out',
      '14:33 spec.portLevelMtls: not modelled, left out: ports are not simulated: a service has one',
    ]);
    expectLoads(r);
  });

  test('rules: one per source and operation, principals are callers (with their subsets’ services), when on headers, path patterns kept, exact paths warned', () => {
    const r = imported(
      bundle(
        ...ap(
          'reviews-rules',
          'selector: { matchLabels: { app: reviews, version: v1 } }',
          'action: DENY',
          'rules:',
          '  - from:',
          '      - source: { principals: [cluster.local/ns/default/sa/productpage, "*/sa/tester"] }',
          '      - source: { namespaces: [default], principals: ["cluster.local/ns/default/sa/reviews"] }',
          '    to:',
          '      - operation: { methods: [delete], paths: ["/admin/*", "*.php", /health] }',
          '      - operation: { paths: ["/a*b"] }',
          '    when: [{ key: "request.headers[x-debug]", values: ["1"] }]',
        ),
        '---',
        ...SUBSETS_DR,
      ),
    );
    const reviews = ['reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3'];
    const rule = (service: string, from: string[]) => ({
      service,
      action: 'DENY',
      from,
      paths: ['/admin/*', '*.php', '/health'],
      methods: ['DELETE'],
      headers: { 'x-debug': ['1'] },
    });
    expect(meshOf(r).authorization).toEqual([
      ...reviews.map((service) => rule(service, ['productpage'])),
      ...reviews.map((service) => rule(service, reviews)),
    ]);
    expect(warnings(r)).toEqual([
      '5:44 spec.selector.matchLabels.version: not modelled, left out: only the app label names a meshsim service: the policy applies to all of it',
      '8:7 spec.rules[0]: principal pattern "*/sa/tester" matches no service account the bundle knows: it matches no caller',
      '12:43 spec.rules[0].to[0].operation.paths: exact path "/health" is read as a prefix on segment boundaries (it matches /health/... too): meshsim\'s authorization has no exact paths',
      '13:24 spec.rules[0].to[1].operation.paths: path pattern "/a*b" is neither a prefix nor a suffix pattern (Istio refuses it); left out',
      '13:24 spec.rules[0].to[1].operation.paths: no path of paths can be matched; the operation is left out',
    ]);
    expectLoads(r);
  });

  test('allow nothing: an ALLOW policy without rules denies every call into a service no other ALLOW rule opens', () => {
    const r = imported(
      bundle(
        'apiVersion: security.istio.io/v1',
        'kind: AuthorizationPolicy',
        'metadata: { name: allow-nothing }',
        'spec: {}',
        '---',
        ...ap(
          'ratings-viewer',
          'selector: { matchLabels: { app: ratings } }',
          'rules: [{ from: [{ source: { principals: [cluster.local/ns/default/sa/productpage] } }] }]',
        ),
      ),
    );
    expect(meshOf(r).authorization).toEqual([
      { service: 'ratings', action: 'ALLOW', from: ['productpage'] },
      ...['productpage', 'reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3'].map((service) => ({
        service,
        action: 'DENY',
        from: ['*'],
      })),
    ]);
    expectLoads(r);
  });

  test('a namespace is the services running in it; an account named after no service is a guess, warned; AUDIT and a DENY without rules are left out', () => {
    const r = imported(
      bundle(
        ...ap(
          'ns',
          'selector: { matchLabels: { app: ratings } }',
          'rules: [{ from: [{ source: { namespaces: [default] } }], to: [{ operation: { methods: [GET] } }] }]',
        ),
        '---',
        ...ap(
          'who',
          'selector: { matchLabels: { app: ratings } }',
          'rules: [{ from: [{ source: { principals: [cluster.local/ns/default/sa/bookinfo-reviews, cluster.local/ns/default/sa/edge, cluster.local/ns/default/sa/nobody] } }] }]',
        ),
        '---',
        ...ap('audit', 'action: AUDIT', 'rules: [{}]'),
        '---',
        ...ap('deny-none', 'action: DENY'),
      ),
    );
    // Without Kubernetes documents every service is in default; the gateway is in istio-system.
    const all = ['productpage', 'reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'ratings'];
    expect(meshOf(r).authorization).toEqual([
      { service: 'ratings', action: 'ALLOW', from: all, methods: ['GET'] },
      { service: 'ratings', action: 'ALLOW', from: ['reviews', 'edge'] },
    ]);
    expect(warnings(r)).toEqual([
      '13:11 spec.rules[0]: principal "cluster.local/ns/default/sa/bookinfo-reviews" is read as the service reviews, a guess from the account\'s name (no Kubernetes document says which pods run as bookinfo-reviews)',
      '13:11 spec.rules[0]: principal "cluster.local/ns/default/sa/nobody" names no service of the scenario (no Kubernetes document says which pods run as nobody, and no service is named after it): it matches no caller',
      '19:3 spec.action: left out: an AUDIT policy only logs, which is not simulated',
      '26:3 spec: AuthorizationPolicy deny-none: a DENY policy without rules denies nothing; left out',
    ]);
    expectLoads(r);
  });
});

const SUBSETS_DR = [
  'apiVersion: networking.istio.io/v1',
  'kind: DestinationRule',
  'metadata: { name: reviews }',
  `spec: { host: reviews, ${SUBSETS} }`,
];

describe('documents', () => {
  test('metadata: labels, annotations and what Kubernetes writes are warnings; name and namespace are read', () => {
    const r = imported(
      bundle(
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata:',
        '  name: reviews',
        '  namespace: default',
        '  labels: { app: reviews }',
        '  annotations: { note: x }',
        '  resourceVersion: "42"',
        'spec: { host: reviews, trafficPolicy: { loadBalancer: { simple: RANDOM } } }',
        'status: {}',
      ),
    );
    expect(warnings(r)).toEqual([
      '6:3 metadata.labels: not modelled, left out: labels only label the resource',
      '7:3 metadata.annotations: not modelled, left out: annotations are not read',
      '8:3 metadata.resourceVersion: not modelled, left out: written by Kubernetes',
      '10:1 status: not modelled, left out: the status is written by the cluster',
    ]);
  });

  test('other kinds and other APIs are warnings and are left out', () => {
    const r = imported(
      bundle(
        'apiVersion: v1',
        'kind: ConfigMap',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: Sidecar',
        '---',
        'apiVersion: batch/v1',
        'kind: Job',
        '---',
        'apiVersion: networking.istio.io/v2',
        'kind: DestinationRule',
        'spec: { host: ratings, trafficPolicy: { loadBalancer: { simple: RANDOM } } }',
      ),
    );
    expect(warnings(r)).toEqual([
      '2:1 kind: Kubernetes ConfigMap is not Istio or Consul config; left out',
      '5:1 kind: Istio Sidecar is not modelled; left out: sidecar scoping is not modelled: every sidecar knows every service',
      '8:1 kind: batch Job is not Istio or Consul config; left out',
      '10:1 apiVersion: unknown version "v2" of networking.istio.io; read as v1',
    ]);
    expect(meshOf(r).policies).toEqual({ ratings: { loadBalancer: 'RANDOM' } });
    expect(errorsOf(yaml('apiVersion: networking.istio.io/v1', 'metadata: { name: x }'))).toEqual([
      '1:1 : a resource with apiVersion needs a kind',
    ]);
  });

  test('Istio config alone: stub services, a gateway stub and a client stub, so that it runs as printed', () => {
    const r = imported(
      yaml(
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: { name: reviews }',
        'spec:',
        '  hosts: [reviews]',
        '  http: [{ route: [{ destination: { host: reviews, subset: v1 }, weight: 80 }, { destination: { host: reviews, subset: v2 }, weight: 20 }] }]',
        '---',
        ...SUBSETS_DR,
        '---',
        ...pa0('STRICT'),
      ),
    );
    expect(r.scenario.name).toBe('Istio config istio.yaml');
    expect(r.scenario.clients).toEqual([
      {
        id: 'clients',
        arrival: { process: 'poisson', rate: 100 },
        mix: [{ weight: 1, method: 'GET', path: '/' }],
      },
    ]);
    expect(r.scenario.gateway).toEqual({ id: 'ingress', routes: [{ id: 'reviews', service: 'reviews' }] });
    expect((r.scenario.services as { id: string }[]).map((s) => s.id)).toEqual([
      'reviews',
      'reviews-v1',
      'reviews-v2',
    ]);
    expect(r.scenario.description).toContain(
      'The client stub sends GET / through the gateway stub ingress to reviews',
    );
    expect(r.warnings.map((d) => `${d.line}:${d.column} ${d.message.slice(0, 40)}`)).toEqual([
      '5:11 meshsim service "reviews" is a stub: Ist',
      '6:43 meshsim service "reviews-v1" is a stub f',
      '6:103 meshsim service "reviews-v2" is a stub f',
    ]);
    expect(expectLoads(r).warnings).toEqual([]);
  });

  test('the scenario document’s mesh fields win, down to each policy’s fields, with a warning for what they replace', () => {
    const r = imported(
      yaml(
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata: { name: reviews }',
        'spec: { host: reviews, trafficPolicy: { loadBalancer: { simple: RANDOM }, connectionPool: { tcp: { maxConnections: 5 } } } }',
        '---',
        ...pa0('STRICT'),
        ...SCENARIO,
        'mesh:',
        '  profile: linkerd',
        '  mtls: { mode: DISABLE, handshake: 2ms }',
        '  policies: { reviews: { loadBalancer: EWMA }, ratings: { timeout: 1s } }',
      ),
    );
    expect(meshOf(r)).toEqual({
      enabled: true,
      profile: 'linkerd',
      mtls: { mode: 'DISABLE', handshake: '2ms' },
      policies: {
        reviews: { loadBalancer: 'EWMA', connectionPool: { maxConnections: 5 } },
        ratings: { timeout: '1s' },
      },
    });
    expect(warnings(r)).toEqual([
      '21:3 mesh.profile: the scenario document\'s profile "linkerd" replaces istio',
      "22:11 mesh.mtls.mode: the scenario document's mtls.mode DISABLE replaces the imported STRICT",
      "23:26 mesh.policies.reviews.loadBalancer: the scenario document's loadBalancer for reviews replaces the imported one",
    ]);
    expectLoads(r);
  });
});

function pa0(mode: string): string[] {
  return [
    'apiVersion: security.istio.io/v1',
    'kind: PeerAuthentication',
    'metadata: { name: default }',
    `spec: { mtls: { mode: ${mode} } }`,
  ];
}

function byPosition(a: string, b: string): number {
  const [la, ca] = a.split(' ')[0].split(':').map(Number);
  const [lb, cb] = b.split(' ')[0].split(':').map(Number);
  return la - lb || ca - cb;
}

// Istio documents built from Istio's own words, mostly valid so that the mappings run deep and the
// "imports without errors, so it loads" half of the property is exercised, now and then a bad value.
const often = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ arbitrary: valid, weight: 30 }, { arbitrary: invalid, weight: 1 });
const junk = fc.constantFrom('', 'x y', '__proto__', null, true, -1, 1e300, 0.5, [], {});
const host = fc.constantFrom('reviews', 'ratings.default.svc.cluster.local', 'productpage', '*', 'nope');
const subset = fc.constantFrom('v1', 'v2', 'v3', 'v9');
const duration = fc.constantFrom('0s', '250ms', '2s', '1m30s', '1.5s');
const destination = fc.record(
  { host: often(host, junk), subset: often(subset, junk) },
  { requiredKeys: ['host'] },
);
const percentage = fc.record({ value: often(fc.double({ min: 0, max: 100, noNaN: true }), junk) });
const httpRoute = fc.record(
  {
    match: fc.array(
      fc.record(
        {
          uri: fc.constantFrom({ prefix: '/' }, { exact: '/x' }),
          headers: fc.constant({ u: { exact: 'a' } }),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 2 },
    ),
    route: fc.array(
      fc.record(
        { destination, weight: often(fc.integer({ min: 0, max: 100 }), junk) },
        { requiredKeys: ['destination'] },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    timeout: often(duration, junk),
    retries: fc.record(
      {
        attempts: often(fc.integer({ min: 0, max: 200 }), junk),
        perTryTimeout: often(duration, junk),
        retryOn: fc.constantFrom(
          '5xx',
          'gateway-error,unavailable',
          'cancelled',
          '503,retriable-status-codes',
          '',
        ),
      },
      { requiredKeys: [] },
    ),
    fault: fc.record(
      {
        delay: fc.record({ percentage, fixedDelay: often(duration, junk) }, { requiredKeys: [] }),
        abort: fc.record(
          { percentage, httpStatus: often(fc.integer({ min: 200, max: 599 }), junk) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    mirror: destination,
    mirrorPercentage: percentage,
  },
  { requiredKeys: ['route'] },
);
const trafficPolicy = fc.record(
  {
    loadBalancer: fc.oneof(
      fc.record({
        simple: often(
          fc.constantFrom('ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'LEAST_CONN', 'PASSTHROUGH'),
          junk,
        ),
      }),
      fc.record({ consistentHash: fc.constant({ useSourceIp: true }) }),
    ),
    connectionPool: fc.record(
      {
        tcp: fc.record(
          {
            maxConnections: often(fc.integer({ min: 0, max: 1000 }), junk),
            connectTimeout: often(duration, junk),
          },
          { requiredKeys: [] },
        ),
        http: fc.record(
          {
            http1MaxPendingRequests: often(fc.integer({ min: 0, max: 100 }), junk),
            maxRetries: often(fc.integer({ min: 0, max: 10 }), junk),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    outlierDetection: fc.record(
      {
        consecutive5xxErrors: often(fc.integer({ min: 0, max: 10 }), junk),
        interval: often(
          duration.filter((d) => d !== '0s'),
          junk,
        ),
        baseEjectionTime: often(
          duration.filter((d) => d !== '0s'),
          junk,
        ),
        maxEjectionPercent: often(fc.integer({ min: 0, max: 100 }), junk),
        minHealthPercent: often(fc.integer({ min: 0, max: 100 }), junk),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const resource = fc.oneof(
  fc.record({
    apiVersion: fc.constant('networking.istio.io/v1'),
    kind: fc.constant('VirtualService'),
    metadata: fc.record({ name: fc.constantFrom('a', 'b') }),
    spec: fc.record({
      hosts: fc.array(often(host, junk), { minLength: 1, maxLength: 2 }),
      http: fc.array(httpRoute, { maxLength: 3 }),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('networking.istio.io/v1beta1'),
    kind: fc.constant('DestinationRule'),
    spec: fc.record(
      {
        host: often(host, junk),
        trafficPolicy,
        subsets: fc.array(
          fc.record({ name: often(subset, junk), trafficPolicy }, { requiredKeys: ['name'] }),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: ['host'] },
    ),
  }),
  fc.record({
    apiVersion: fc.constant('security.istio.io/v1'),
    kind: fc.constant('PeerAuthentication'),
    spec: fc.record({
      mtls: fc.record({ mode: often(fc.constantFrom('STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET'), junk) }),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('security.istio.io/v1'),
    kind: fc.constant('AuthorizationPolicy'),
    spec: fc.record(
      {
        selector: fc.record({
          matchLabels: fc.record({ app: often(fc.constantFrom('ratings', 'reviews', 'ghost'), junk) }),
        }),
        action: often(fc.constantFrom('ALLOW', 'DENY', 'AUDIT', 'CUSTOM'), junk),
        rules: fc.array(
          fc.record(
            {
              from: fc.array(
                fc.record({
                  source: fc.record(
                    {
                      principals: fc.array(
                        fc.constantFrom(
                          'cluster.local/ns/default/sa/reviews',
                          'cluster.local/ns/x/sa/ghost',
                          '*',
                          'odd',
                        ),
                        { maxLength: 2 },
                      ),
                      namespaces: fc.constant(['default']),
                    },
                    { requiredKeys: [] },
                  ),
                }),
                { maxLength: 2 },
              ),
              to: fc.array(
                fc.record({
                  operation: fc.record(
                    {
                      paths: fc.array(fc.constantFrom('/a', '/b/*', '*.css', '*', '/x*y'), { maxLength: 2 }),
                      methods: fc.constant(['GET']),
                    },
                    { requiredKeys: [] },
                  ),
                }),
                { maxLength: 2 },
              ),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    ),
  }),
);

describe('importBundle with Istio never throws, and what imports without errors loads', () => {
  test('on random edits of scenarios/istio/bookinfo-bundle.yaml (seed 1701)', () => {
    const edit = textEdit(
      fc.constantFrom(
        ':',
        '- ',
        ' ',
        '\n',
        '[',
        ']',
        '{',
        '}',
        '0',
        '-1',
        '*',
        'null',
        '---\n',
        'v9',
        'subset: v4\n',
      ),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const text = edits.reduce(applyEdit, BOOKINFO);
        // An edit may break the scenario document: then only the loader can say so.
        checkFuzzedImport(text, importBundle(text, 'bookinfo.yaml'), false);
      }),
      { seed: 1701, numRuns: 300 },
    );
  });

  test('on random Istio resources made of Istio’s own words, as JSON, with the scenario document (seed 1707)', () => {
    fc.assert(
      fc.property(fc.array(resource, { minLength: 1, maxLength: 4 }), (docs) => {
        const text = [...docs.map((d) => JSON.stringify(d)), yaml(...SCENARIO.slice(1))].join('\n---\n');
        checkFuzzedImport(text, importBundle(text, 'istio.json'), true);
      }),
      { seed: 1707, numRuns: 400 },
    );
  });
});
