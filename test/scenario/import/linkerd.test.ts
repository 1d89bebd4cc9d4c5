/**
 * importBundle with Linkerd resources: which bundles are Linkerd's, what each kind maps to, and
 * the warnings (with their positions) for what is left out, pinned on small bundles written as
 * Linkerd's docs write them; a seeded property checks that no edit of a real file makes the
 * importer throw.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { importBundle } from '../../../src/scenario';
import { applyEdit, textEdit } from '../../support/text-edits';
import { yaml } from '../helpers';
import { bundleImporter, checkFuzzedImport, meshOf, warnings } from './bundle-helpers';

const { imported, errorsOf, expectLoads } = bundleImporter('linkerd.yaml');
const REAL = new URL('../../fixtures/real/linkerd/', import.meta.url);
const real = (name: string): string => readFileSync(new URL(name, REAL), 'utf8');

const ROUTE = [
  'apiVersion: gateway.networking.k8s.io/v1',
  'kind: HTTPRoute',
  'metadata:',
  '  name: web-split',
  'spec:',
  '  parentRefs:',
  '  - { name: web, kind: Service, group: "" }',
  '  rules:',
  '  - backendRefs:',
  '    - { name: web-v1, port: 80, weight: 90 }',
  '    - { name: web-v2, port: 80, weight: 10 }',
];

describe('importBundle with Linkerd: scenarios/linkerd/booksapp-bundle.yaml', () => {
  const text = readFileSync(
    new URL('../../../scenarios/linkerd/booksapp-bundle.yaml', import.meta.url),
    'utf8',
  );
  const r = imported(text);

  test('the scenario document keeps its services; the profiles and the policy make the mesh section', () => {
    expect(meshOf(r)).toEqual({
      enabled: true,
      profile: 'linkerd',
      authorization: [{ service: 'authors', action: 'ALLOW', from: ['books'] }],
      policies: {
        authors: {
          retries: { budget: { ratio: 0.2, minPerSecond: 10, ttl: '10s' } },
          routes: [
            { match: { methods: ['GET'], regex: '/authors\\.json' } },
            { match: { methods: ['HEAD'], regex: '/authors/[^/]*\\.json' }, retries: { attempts: 10 } },
            {},
          ],
        },
        books: {
          routes: [
            { match: { methods: ['GET'], regex: '/books\\.json' } },
            { match: { methods: ['PUT'], regex: '/books/[^/]*\\.json' }, timeout: '25ms' },
            {},
          ],
        },
      },
    });
    expect(warnings(r)).toEqual([
      "94:3 spec.port: not modelled, left out: a meshsim service has one port: the Server covers all of the pods' traffic",
    ]);
    expectLoads(r);
  });
});

describe('which bundles are Linkerd’s', () => {
  test('Gateway API routes alone read as before: Istio’s', () => {
    expect(meshOf(imported(yaml(...ROUTE))).profile).toBe('istio');
  });

  test('with a namespace annotated linkerd.io/inject, the same routes are Linkerd’s', () => {
    const r = imported(
      yaml(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: default',
        '  annotations: { linkerd.io/inject: enabled }',
        '---',
        ...ROUTE,
      ),
    );
    expect(meshOf(r).profile).toBe('linkerd');
    expect(meshOf(r).policies.web.split).toEqual([
      { service: 'web-v1', weight: 90 },
      { service: 'web-v2', weight: 10 },
    ]);
    expect(warnings(r)).toEqual([]);
    expectLoads(r);
  });
});

describe('TrafficSplit', () => {
  test('an unknown version is read as the latest, with a warning; matches are warned', () => {
    const r = imported(
      yaml(
        'apiVersion: split.smi-spec.io/v1alpha9',
        'kind: TrafficSplit',
        'metadata: { name: web }',
        'spec:',
        '  service: web',
        '  matches: [{ kind: HTTPRouteGroup, name: canary-users }]',
        '  backends: [{ service: web-v1, weight: 3 }, { service: web-v2, weight: 1 }, { service: web-v3, weight: 0 }]',
      ),
    );
    expect(meshOf(r).policies.web.split).toEqual([
      { service: 'web-v1', weight: 3 },
      { service: 'web-v2', weight: 1 },
    ]);
    expect(warnings(r)).toEqual([
      '1:1 apiVersion: unknown version "v1alpha9" of split.smi-spec.io; read as v1alpha4',
      '6:3 spec.matches: not modelled, left out: HTTPRouteGroup matches are not read: the split takes every call into the apex service, where SMI splits only the matching ones',
    ]);
  });
});

describe('ServiceProfile', () => {
  test('the name is the service’s FQDN; any is one route a branch, and a misspelt field gets a suggestion', () => {
    const r = imported(
      yaml(
        'apiVersion: linkerd.io/v1alpha2',
        'kind: ServiceProfile',
        'metadata: { name: api.shop.svc.cluster.local, namespace: shop }',
        'spec:',
        '  routes:',
        '  - name: reads',
        '    condition:',
        '      any:',
        '      - { method: GET, pathRegex: /items }',
        '      - { method: HEAD, pathRegex: /items }',
        '    isRetryabel: true',
        '    timeout: 250ms',
        '  - name: not health',
        '    condition: { not: { pathRegex: /healthz } }',
        '    isRetryable: true',
      ),
    );
    expect(meshOf(r).policies.api.routes).toEqual([
      { match: { methods: ['GET'], regex: '/items' }, timeout: '250ms' },
      { match: { methods: ['HEAD'], regex: '/items' }, timeout: '250ms' },
      {},
    ]);
    expect(warnings(r)).toEqual([
      '11:5 spec.routes[0].isRetryabel: not a Linkerd route field; left out',
      '14:18 spec.routes[1].condition.not: meshsim routes match what a call is, not what it is not: the route is left out, so its calls are neither retried nor cut',
    ]);
    expect(r.warnings.find((d) => d.path.endsWith('isRetryabel'))?.hint).toBe('did you mean "isRetryable"?');
    expectLoads(r);
  });

  test('response classes say what a retryable route retries; dstOverrides split the service', () => {
    const r = imported(
      yaml(
        'apiVersion: linkerd.io/v1alpha2',
        'kind: ServiceProfile',
        'metadata: { name: api.shop.svc.cluster.local }',
        'spec:',
        '  dstOverrides:',
        '  - { authority: api.shop.svc.cluster.local:8080, weight: 750m }',
        '  - { authority: api-next.shop.svc.cluster.local:8080, weight: 250m }',
        '  routes:',
        '  - name: reads',
        '    condition: { method: GET, pathRegex: /items }',
        '    isRetryable: true',
        '    responseClasses:',
        '    - { condition: { status: { min: 503, max: 503 } }, isFailure: false }',
        '    - { condition: { status: { min: 429, max: 429 } }, isFailure: true }',
      ),
    );
    const split = [
      { service: 'api', weight: 0.75 },
      { service: 'api-next', weight: 0.25 },
    ];
    const retryOn = ['429', '500', '501', '502', ...Array.from({ length: 96 }, (_, i) => String(504 + i))];
    expect(meshOf(r).policies.api.routes).toEqual([
      { match: { methods: ['GET'], regex: '/items' }, split, retries: { attempts: 10, retryOn } },
      { split },
    ]);
    expectLoads(r);
  });

  test('a weight that is no quantity is an error at its place', () => {
    expect(
      errorsOf(
        yaml(
          'apiVersion: linkerd.io/v1alpha2',
          'kind: ServiceProfile',
          'metadata: { name: api.shop.svc.cluster.local }',
          'spec:',
          '  dstOverrides:',
          '  - { authority: api, weight: half }',
        ),
      ),
    ).toEqual(['6:31 spec.dstOverrides[0].weight: is not a weight']);
  });

  test('with a ServiceProfile for the service, the retry and timeout annotations are ignored, as Linkerd’s proxies do', () => {
    const r = imported(
      yaml(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: api',
        '  annotations: { timeout.linkerd.io/request: 1s, retry.linkerd.io/http: 5xx }',
        'spec: { selector: { app: api } }',
        '---',
        'apiVersion: linkerd.io/v1alpha2',
        'kind: ServiceProfile',
        'metadata: { name: api.default.svc.cluster.local }',
        'spec:',
        '  retryBudget: { retryRatio: 0.1, minRetriesPerSecond: 5, ttl: 30s }',
      ),
    );
    expect(meshOf(r).policies.api).toEqual({
      retries: { budget: { ratio: 0.1, minPerSecond: 5, ttl: '30s' } },
    });
    expect(warnings(r)).toEqual([
      '5:50 metadata.annotations["retry.linkerd.io/http"]: ServiceProfile api.default.svc.cluster.local is defined for api, so Linkerd\'s proxies take its retries and timeouts and ignore these annotations; left out',
    ]);
  });
});

describe('retry and timeout annotations', () => {
  test('a route’s annotations win over its Service’s, group by group', () => {
    const r = imported(
      yaml(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: web',
        '  annotations:',
        '    config.linkerd.io/opaque-ports: "4222"',
        '    timeout.linkerd.io/request: 10s',
        '    retry.linkerd.io/http: gateway-error',
        'spec: { selector: { app: web } }',
        '---',
        'apiVersion: policy.linkerd.io/v1beta3',
        'kind: HTTPRoute',
        'metadata:',
        '  name: web',
        '  annotations:',
        '    retry.linkerd.io/http: 500,502-503',
        '    retry.linkerd.io/limit: "3"',
        '    timeout.linkerd.io/idle: 1m',
        '    retry.linkerd.io/tiemout: 1s',
        'spec:',
        '  parentRefs: [{ name: web, kind: Service, group: core }]',
        '  rules: [{ backendRefs: [{ name: web, port: 80 }] }]',
      ),
    );
    expect(meshOf(r).policies.web).toEqual({
      timeout: '10s',
      retries: { attempts: 3, retryOn: ['500', '502', '503'], budget: false },
    });
    expect(warnings(r)).toEqual([
      '6:5 metadata.annotations["config.linkerd.io/opaque-ports"]: the proxy setting config.linkerd.io/opaque-ports is not modelled: the linkerd profile gives the sidecars\' defaults',
      '8:5 metadata.annotations["retry.linkerd.io/http"]: an HTTPRoute of web has retries annotations, which win over the Service\'s; left out',
      '18:5 metadata.annotations["timeout.linkerd.io/idle"]: an idle timeout cuts streams that stall, and simulated replies do not stall; left out',
      '19:5 metadata.annotations["retry.linkerd.io/tiemout"]: the annotation retry.linkerd.io/tiemout is not one meshsim reads; left out',
    ]);
    expect(r.warnings.find((d) => d.path.endsWith('tiemout"]'))?.hint).toBe(
      'did you mean "retry.linkerd.io/timeout"?',
    );
  });
});

describe('HTTPRoute', () => {
  test('timeouts.backendRequest is each try’s timeout; rules for a Gateway are left out, as Linkerd runs no ingress', () => {
    const r = imported(
      yaml(
        'apiVersion: policy.linkerd.io/v1beta3',
        'kind: HTTPRoute',
        'metadata: { name: api }',
        'spec:',
        '  parentRefs: [{ name: api, kind: Service, group: core }, { name: edge }]',
        '  rules:',
        '  - matches: [{ path: { type: PathPrefix, value: /slow } }]',
        '    timeouts: { request: 2s, backendRequest: 500ms }',
        '    backendRefs: [{ name: api, port: 80 }]',
        '  - backendRefs: [{ name: api, port: 80 }]',
      ),
    );
    expect(meshOf(r).policies.api.routes).toEqual([
      { match: { prefix: '/slow' }, timeout: '2s', retries: { perTryTimeout: '500ms' } },
      {},
    ]);
    expect(warnings(r)).toEqual([
      "5:3 spec.parentRefs: HTTPRoute api is bound to a Gateway (edge): Linkerd runs no ingress of its own, so its rules for the Gateway are left out; meshsim's gateway comes from the scenario document or a gateway's config",
    ]);
    expectLoads(r);
  });

  test('a ServiceProfile for the route’s Service wins over the route, whatever the order', () => {
    const r = imported(
      yaml(
        ...ROUTE,
        '---',
        'apiVersion: linkerd.io/v1alpha2',
        'kind: ServiceProfile',
        'metadata: { name: web.default.svc.cluster.local }',
        'spec: { routes: [{ name: all, condition: { pathRegex: "/.*" }, timeout: 1s }] }',
      ),
    );
    expect(meshOf(r).policies.web).toEqual({ routes: [{ match: { regex: '/.*' }, timeout: '1s' }, {}] });
    expect(warnings(r)).toEqual([
      "2:1 kind: ServiceProfile web.default.svc.cluster.local is defined for web, and Linkerd's proxies then take it rather than HTTPRoute web-split; left out",
    ]);
  });

  test('retry annotations on a Deployment are not Linkerd’s, and say so', () => {
    const r = imported(
      yaml(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: api',
        '  annotations: { retry.linkerd.io/http: 5xx }',
        'spec:',
        '  selector: { matchLabels: { app: api } }',
        '  template:',
        '    metadata:',
        '      labels: { app: api }',
        '      annotations: { linkerd.io/inject: enabled, config.linkerd.io/proxy-cpu-limit: "1" }',
        '    spec: { containers: [{ name: api, image: api:1 }] }',
      ),
    );
    expect(warnings(r).filter((w) => w.includes('linkerd.io'))).toEqual([
      '5:18 metadata.annotations["retry.linkerd.io/http"]: Linkerd reads retry.linkerd.io/http on a Service or an HTTPRoute, not on a Deployment; left out',
      '11:50 spec.template.metadata.annotations["config.linkerd.io/proxy-cpu-limit"]: the proxy setting config.linkerd.io/proxy-cpu-limit is not modelled: the linkerd profile gives the sidecars\' defaults',
    ]);
  });
});

describe('authorization', () => {
  test('a ServerAuthorization allows the identities it names on its Server; a namespace’s default policy covers the rest', () => {
    const r = imported(
      yaml(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: default',
        '  annotations: { config.linkerd.io/default-inbound-policy: cluster-authenticated }',
        '---',
        'apiVersion: policy.linkerd.io/v1beta1',
        'kind: Server',
        'metadata: { name: ledger-http }',
        'spec: { podSelector: { matchLabels: { app: ledger } }, port: 8080, proxyProtocol: HTTP/1 }',
        '---',
        'apiVersion: policy.linkerd.io/v1beta1',
        'kind: ServerAuthorization',
        'metadata: { name: ledger-from-payments }',
        'spec:',
        '  server: { name: ledger-http }',
        '  client:',
        '    meshTLS:',
        '      serviceAccounts: [{ name: payments }]',
        '---',
        'apiVersion: linkerd.io/v1alpha2',
        'kind: ServiceProfile',
        'metadata: { name: payments.default.svc.cluster.local }',
        'spec: {}',
      ),
    );
    expect(meshOf(r).authorization).toEqual([
      { service: 'ledger', action: 'ALLOW', from: ['payments'] },
      { service: 'payments', action: 'ALLOW', from: ['mesh:*'] },
    ]);
    expectLoads(r);
  });
});

describe('per-route authorization', () => {
  test('a policy on an inbound HTTPRoute allows its paths and methods; required refs all hold', () => {
    const r = imported(
      yaml(
        'apiVersion: policy.linkerd.io/v1beta3',
        'kind: Server',
        'metadata: { name: books-http, namespace: booksapp }',
        'spec: { podSelector: { matchLabels: { app: books } }, port: service }',
        '---',
        'apiVersion: policy.linkerd.io/v1beta3',
        'kind: HTTPRoute',
        'metadata: { name: books-reads, namespace: booksapp }',
        'spec:',
        '  parentRefs: [{ name: books-http, kind: Server, group: policy.linkerd.io }]',
        '  rules:',
        '  - matches:',
        '    - { path: { type: PathPrefix, value: /books }, method: GET }',
        '---',
        'apiVersion: policy.linkerd.io/v1alpha1',
        'kind: MeshTLSAuthentication',
        'metadata: { name: booksapp, namespace: booksapp }',
        'spec: { identities: ["*.booksapp.serviceaccount.identity.linkerd.cluster.local"] }',
        '---',
        'apiVersion: policy.linkerd.io/v1alpha1',
        'kind: MeshTLSAuthentication',
        'metadata: { name: webapp, namespace: booksapp }',
        'spec: { identityRefs: [{ kind: ServiceAccount, name: webapp }] }',
        '---',
        'apiVersion: policy.linkerd.io/v1alpha1',
        'kind: AuthorizationPolicy',
        'metadata: { name: books-reads, namespace: booksapp }',
        'spec:',
        '  targetRef: { group: policy.linkerd.io, kind: HTTPRoute, name: books-reads }',
        '  requiredAuthenticationRefs:',
        '  - { kind: MeshTLSAuthentication, name: booksapp, group: policy.linkerd.io }',
        '  - { kind: MeshTLSAuthentication, name: webapp, group: policy.linkerd.io }',
        '---',
        'name: books',
        'services:',
        '  - { id: webapp, calls: [books] }',
        '  - { id: books }',
      ),
    );
    expect(meshOf(r).authorization).toEqual([
      { service: 'books', action: 'ALLOW', from: ['webapp'], paths: ['/books'], methods: ['GET'] },
    ]);
  });
});

describe('importBundle with Linkerd never throws', () => {
  test('on random edits of the emojivoto authorization bundle (seed 2716)', () => {
    const text = [
      real('emojivoto-authorization/2-voting-policy.yml'),
      real('emojivoto-authorization/3-web-public.yml'),
      real('emojivoto-profiles.yaml'),
      real('httproute-annotations/2-podinfo-route.yaml'),
    ].join('\n---\n');
    const edit = textEdit(
      fc.constantFrom(':', '- ', '  ', '{', '"', '0', 'x', '---\n', '\n', 'null', '500m', '*', 'Server'),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const edited = edits.reduce(applyEdit, text);
        // An edit may cut a resource in two, whose second half reads as a scenario document:
        // then only the loader can say what is wrong with it.
        checkFuzzedImport(edited, importBundle(edited, 'linkerd.yaml'), false);
      }),
      { seed: 2716, numRuns: 300 },
    );
  });
});
