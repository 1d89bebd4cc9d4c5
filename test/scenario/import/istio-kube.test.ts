/**
 * Kubernetes documents under Istio, as Bookinfo's platform/kube/bookinfo.yaml writes them: each
 * Deployment's pods serve the Service whose selector picks them, as the subset their `version`
 * label names, with `replicas` instances; a Service no VirtualService routes spreads its calls over
 * all its pods. The edge is Bookinfo's Gateway with its bound VirtualService.
 *
 * Shares are of about 950 calls: ±0.06 is nearly four standard deviations of a share of a third.
 */
import { describe, expect, test } from 'vitest';
import { meshOf, warnings } from './bundle-helpers';
import { imported, run, served, shares, source } from './istio-run';

const SCENARIO = source('./istio-bookinfo.yaml');
const GATEWAY = source('bookinfo/bookinfo-gateway.yaml');
const REVIEWS = ['reviews-v1', 'reviews-v2', 'reviews-v3'];
const TOLERANCE = 0.06;

/** bookinfo.yaml with reviews-v1 scaled to `n` replicas. */
const scaled = (n: number) =>
  source('bookinfo/bookinfo.yaml', (text) => text.replace(/(name: reviews-v1\n[^]*?replicas: )1/, `$1${n}`));

describe('Deployments, Services and ServiceAccounts', () => {
  test('each version is a service with its replicas; a host of one version is its own service', () => {
    const r = imported([scaled(2), GATEWAY, SCENARIO]);
    const services = Object.fromEntries(
      (r.scenario.services as { id: string; instances: number }[]).map((s) => [s.id, s.instances]),
    );
    expect(services).toEqual({
      productpage: 1,
      details: 1,
      reviews: 4,
      'reviews-v2': 1,
      'reviews-v3': 1,
      ratings: 1,
      'reviews-v1': 2,
    });
    // Without VirtualServices, reviews spreads its calls over its four pods.
    expect(meshOf(r).policies).toEqual({
      reviews: {
        split: [
          { service: 'reviews-v1', weight: 2 },
          { service: 'reviews-v2', weight: 1 },
          { service: 'reviews-v3', weight: 1 },
        ],
      },
    });
    expect(warnings(r)).toEqual([
      '140:1 : meshsim service "reviews-v1" is subset v1 of reviews (meshsim has no subsets): it does what the scenario\'s reviews does (service time, calls), with 2 instances from Deployment reviews-v1',
    ]);
  });

  test('no VirtualService: the calls into reviews spread over its pods, a third each', () => {
    const report = run([source('bookinfo/bookinfo.yaml'), GATEWAY, SCENARIO]);
    for (const share of shares(report, REVIEWS)) expect(Math.abs(share - 1 / 3)).toBeLessThan(TOLERANCE);
    expect(served(report, 'ratings')).toBe(served(report, 'reviews-v2') + served(report, 'reviews-v3'));
  });

  test('two replicas of v1: it takes half the calls, as Envoy balances over pods', () => {
    const report = run([scaled(2), GATEWAY, SCENARIO]);
    const [v1, v2, v3] = shares(report, REVIEWS);
    expect(Math.abs(v1 - 0.5)).toBeLessThan(TOLERANCE);
    expect(Math.abs(v2 - 0.25)).toBeLessThan(TOLERANCE);
    expect(Math.abs(v3 - 0.25)).toBeLessThan(TOLERANCE);
  });

  test('the scenario document’s instances win over the replicas, with a warning', () => {
    const doc = source('./istio-bookinfo.yaml', (t) =>
      t.replace('id: details\n', 'id: details\n    instances: 4\n'),
    );
    const r = imported([source('bookinfo/bookinfo.yaml'), GATEWAY, doc]);
    const details = (r.scenario.services as { id: string; instances: number }[]).find(
      (s) => s.id === 'details',
    );
    expect(details?.instances).toBe(4);
    expect(r.warnings.map((d) => d.message)).toContain(
      "Deployment details-v1 runs 1 pod; the scenario document's 4 instances win",
    );
  });

  test('Kubernetes documents alone: the workloads of an Istio mesh with no config yet; it runs', () => {
    const report = run([source('bookinfo/bookinfo.yaml')]);
    expect(report.requests.ok).toBeGreaterThan(0);
    const r = imported([source('bookinfo/bookinfo.yaml')]);
    expect(r.warnings[0].message).toMatch(
      /^Kubernetes documents without Istio or Consul config: read as the workloads of an Istio mesh/,
    );
    expect(meshOf(r)).toMatchObject({ enabled: true, profile: 'istio' });
  });
});

describe('the edge: the Gateway and the VirtualService bound to it', () => {
  test('its match blocks are the gateway routes of istio-ingressgateway, in order', () => {
    const r = imported([source('bookinfo/bookinfo.yaml'), GATEWAY, SCENARIO]);
    expect(r.scenario.gateway).toEqual({
      id: 'istio-ingressgateway',
      routes: [
        { id: 'bookinfo-1-1', match: { path: '/productpage' }, service: 'productpage' },
        { id: 'bookinfo-1-2', match: { prefix: '/static' }, service: 'productpage' },
        { id: 'bookinfo-1-3', match: { path: '/login' }, service: 'productpage' },
        { id: 'bookinfo-1-4', match: { path: '/logout' }, service: 'productpage' },
        { id: 'bookinfo-1-5', match: { prefix: '/api/v1/products' }, service: 'productpage' },
      ],
    });
  });

  test('a path no route matches is answered 404 by the gateway; the others reach productpage', () => {
    const doc = source('./istio-bookinfo.yaml', (t) =>
      t.replace(
        '      - { path: /productpage }',
        '      - { path: /productpage }\n      - { path: /api/v1/products/0 }\n      - { path: /admin }\n      - { path: /productpage/x }',
      ),
    );
    const report = run([source('bookinfo/bookinfo.yaml'), GATEWAY, doc]);
    const { routes, statuses } = report.gateway!.metrics;
    const byRoute = Object.fromEntries(routes.map((x) => [x.key, x.count]));
    const byStatus = Object.fromEntries(statuses.map((x) => [x.key, x.count]));
    // /admin and /productpage/x (an exact route) match nothing: 404, without reaching productpage.
    expect(byStatus).toEqual({
      '200': byRoute['bookinfo-1-1'] + byRoute['bookinfo-1-5'],
      '404': byRoute['(no route)'],
    });
    expect(Object.keys(byRoute).sort()).toEqual(['(no route)', 'bookinfo-1-1', 'bookinfo-1-5']);
    expect(Math.abs(byRoute['(no route)'] / report.requests.generated - 0.5)).toBeLessThan(TOLERANCE);
  });
});

describe('the Kubernetes Gateway API: a Gateway with its HTTPRoute, and HTTPRoutes on a Service', () => {
  const STEPS = ['gateway-api/1-bookinfo-versions.yaml', 'gateway-api/2-bookinfo-gateway.yaml'];

  test('the HTTPRoute bound to the Gateway is its routes; the gateway is named after it', () => {
    const r = imported([source('bookinfo/bookinfo.yaml'), ...STEPS.map((s) => source(s)), SCENARIO]);
    expect(r.scenario.gateway).toEqual({
      id: 'bookinfo-gateway',
      routes: [
        { id: 'bookinfo-1-1', match: { path: '/productpage' }, service: 'productpage' },
        { id: 'bookinfo-1-2', match: { prefix: '/static' }, service: 'productpage' },
        { id: 'bookinfo-1-3', match: { path: '/login' }, service: 'productpage' },
        { id: 'bookinfo-1-4', match: { path: '/logout' }, service: 'productpage' },
        { id: 'bookinfo-1-5', match: { prefix: '/api/v1/products' }, service: 'productpage' },
      ],
    });
  });

  test('90 / 10 by backendRefs weights, then 50 % v3 replacing it', () => {
    const base = [source('bookinfo/bookinfo.yaml'), ...STEPS.map((s) => source(s))];
    const first = run([...base, source('gateway-api/3-route-reviews-90-10.yaml'), SCENARIO]);
    const [v1, v2, v3] = shares(first, REVIEWS);
    // A share of 0.1 over about 950 calls has a standard deviation of about 0.01.
    expect(Math.abs(v1 - 0.9)).toBeLessThan(0.04);
    expect(Math.abs(v2 - 0.1)).toBeLessThan(0.04);
    expect(v3).toBe(0);
    const second = run([
      ...base,
      source('gateway-api/3-route-reviews-90-10.yaml'),
      source('gateway-api/4-route-reviews-50-v3.yaml'),
      SCENARIO,
    ]);
    const [w1, w2, w3] = shares(second, REVIEWS);
    expect(Math.abs(w1 - 0.5)).toBeLessThan(TOLERANCE);
    expect(w2).toBe(0);
    expect(Math.abs(w3 - 0.5)).toBeLessThan(TOLERANCE);
  });
});

describe('an HTTPRoute on a Service with match conditions', () => {
  const ROUTE = {
    text: [
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata:',
      '  name: reviews',
      'spec:',
      '  parentRefs:',
      '  - group: ""',
      '    kind: Service',
      '    name: reviews',
      '    port: 9080',
      '  rules:',
      '  - backendRefs:',
      '    - name: reviews-v1',
      '      port: 9080',
      '  - matches:',
      '    - headers:',
      '      - name: end-user',
      '        value: jason',
      '    backendRefs:',
      '    - name: reviews-v2',
      '      port: 9080',
      '',
    ].join('\n'),
    fileName: 'route-reviews-jason.yaml',
  };
  const jason = source('./istio-bookinfo.yaml', (t) =>
    t.replace(
      '      - { path: /productpage }',
      '      - { path: /productpage, weight: 3 }\n      - { path: /productpage, weight: 1, headers: { end-user: jason } }',
    ),
  );
  const sources = [
    source('bookinfo/bookinfo.yaml'),
    source('gateway-api/1-bookinfo-versions.yaml'),
    source('gateway-api/2-bookinfo-gateway.yaml'),
    ROUTE,
    jason,
  ];

  test('the header match comes first, as the Gateway API ranks a match with headers above one without', () => {
    expect(meshOf(imported(sources)).policies.reviews).toEqual({
      routes: [
        { match: { headers: { 'end-user': 'jason' } }, split: [{ service: 'reviews-v2', weight: 1 }] },
        { split: [{ service: 'reviews-v1', weight: 1 }] },
      ],
    });
  });

  test('jason’s quarter of the calls reaches v2, the rest v1', () => {
    const [v1, v2, v3] = shares(run(sources), REVIEWS);
    expect(Math.abs(v2 - 0.25)).toBeLessThan(TOLERANCE);
    expect(Math.abs(v1 - 0.75)).toBeLessThan(TOLERANCE);
    expect(v3).toBe(0);
  });
});

describe('the order of a gateway’s routes', () => {
  const vs = (...http: string[]) => ({
    fileName: 'edge.yaml',
    text: [
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: { name: edge }',
      'spec:',
      '  hosts: ["*"]',
      '  gateways: [bookinfo-gateway]',
      '  http:',
      ...http,
      '',
    ].join('\n'),
  });

  test('a later, more specific route that meshsim would take first is a warning at that route', () => {
    const r = imported([
      GATEWAY,
      vs(
        '  - match: [{ uri: { prefix: /api } }]',
        '    route: [{ destination: { host: productpage } }]',
        '  - match: [{ uri: { exact: /api/health } }]',
        '    route: [{ destination: { host: details } }]',
        '  - match: [{ uri: { prefix: /static } }]',
        '    route: [{ destination: { host: details } }]',
      ),
    ]);
    expect(
      r.warnings
        .filter((d) => d.file === 'edge.yaml' && !d.message.includes(' is a stub'))
        .map((d) => `${d.line}:${d.column} ${d.message}`),
    ).toEqual([
      '10:5 a request both edge-1 and edge-2 match goes to edge-1 in Istio (the first in order) and to edge-2 in meshsim, whose gateway takes the more specific route',
    ]);
  });

  test('Bookinfo’s routes, which no request matches twice, give no such warning', () => {
    const r = imported([source('bookinfo/bookinfo.yaml'), GATEWAY, SCENARIO]);
    expect(r.warnings.filter((d) => /more specific route/.test(d.message))).toEqual([]);
  });
});
