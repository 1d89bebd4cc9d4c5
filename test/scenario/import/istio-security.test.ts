/**
 * Istio security on real-shaped files: Bookinfo's HTTP authorization task (principals of service
 * accounts, mapped through Bookinfo's Deployments to services), a DENY with `when` on a header, a
 * JWT required by RequestAuthentication and AuthorizationPolicy, and STRICT mTLS on one workload.
 * Each test runs the imported scenario and checks the statuses Istio gives; they are exact, as the
 * policies decide every call alike.
 */
import { describe, expect, test } from 'vitest';
import { edge, imported, run, served, source } from './istio-run';
import type { ImportSource } from '../../../src/scenario';

const BOOKINFO = [source('bookinfo/bookinfo.yaml'), source('bookinfo/bookinfo-gateway.yaml')];
const SCENARIO = source('./istio-bookinfo.yaml');
/** The task's first `n` policies: its file cut after the nth document. */
const steps = (n: number): ImportSource[] => [
  source('authorization/bookinfo-authz.yaml', (t) => t.split('\n---\n').slice(0, n).join('\n---\n')),
];

describe('Bookinfo’s authorization task', () => {
  test('allow-nothing: every page is refused, 403', () => {
    const report = run([...BOOKINFO, ...steps(1), SCENARIO]);
    expect(report.requests.byStatus).toEqual({ '403': report.requests.generated - report.requests.inFlight });
  });

  test('then productpage-viewer: the ingress gateway’s principal reaches productpage; its calls are still refused', () => {
    const report = run([...BOOKINFO, ...steps(2), SCENARIO]);
    // productpage shows the page without details and reviews, as Bookinfo does.
    expect(report.requests.byStatus).toEqual({ '200': report.requests.ok });
    // Without VirtualServices, the calls into reviews spread over its three versions.
    const callees = ['details', 'reviews-v1', 'reviews-v2', 'reviews-v3'].map((id) =>
      edge(report, 'productpage', id),
    );
    for (const e of callees) {
      expect(e.tries).toBeGreaterThan(200);
      expect(e.clientErrors).toBe(e.tries);
    }
  });

  test('all five policies: Istio serves every call, so the pages, details, reviews and ratings all answer 200', () => {
    const r = imported([...BOOKINFO, ...steps(5), SCENARIO]);
    // The principals are exact: Bookinfo's Deployments say which pods run as each account.
    expect(r.warnings.filter((d) => /principal/.test(d.message))).toEqual([]);
    const report = run([...BOOKINFO, ...steps(5), SCENARIO]);
    expect(report.requests.byStatus).toEqual({ '200': report.requests.ok });
    for (const e of report.edges) expect([e.from, e.to, e.clientErrors]).toEqual([e.from, e.to, 0]);
    expect(served(report, 'details')).toBeGreaterThan(800);
    expect(served(report, 'ratings')).toBeGreaterThan(400);
  });

  test('without the Kubernetes documents, bookinfo-productpage and bookinfo-reviews are guessed, with a warning each', () => {
    const r = imported([source('bookinfo/bookinfo-gateway.yaml'), ...steps(5), SCENARIO]);
    expect(r.warnings.filter((d) => /principal/.test(d.message)).map((d) => d.message)).toEqual([
      'principal "cluster.local/ns/default/sa/bookinfo-productpage" is read as the service productpage, a guess from the account\'s name (no Kubernetes document says which pods run as bookinfo-productpage)',
      'principal "cluster.local/ns/default/sa/bookinfo-productpage" is read as the service productpage, a guess from the account\'s name (no Kubernetes document says which pods run as bookinfo-productpage)',
      'principal "cluster.local/ns/default/sa/bookinfo-reviews" is read as the service reviews, a guess from the account\'s name (no Kubernetes document says which pods run as bookinfo-reviews)',
    ]);
    const report = run([source('bookinfo/bookinfo-gateway.yaml'), ...steps(5), SCENARIO]);
    expect(report.requests.byStatus).toEqual({ '200': report.requests.ok });
  });

  test('the policies alone: the gateway stub stands for the ingress gateway, so the pages are served', () => {
    const r = imported(steps(5));
    expect(r.scenario.gateway).toMatchObject({ id: 'ingress' });
    expect((r.scenario.mesh as { authorization: unknown[] }).authorization[0]).toEqual({
      service: 'productpage',
      action: 'ALLOW',
      from: ['ingress'],
      methods: ['GET'],
    });
    const report = run(steps(5));
    expect(report.requests.byStatus).toEqual({ '200': report.requests.ok });
  });

  test('a principal of an account no workload runs matches nobody: reviews is refused to everyone', () => {
    // reviews-viewer names an account nothing runs under.
    const other = source('authorization/bookinfo-authz.yaml', (t) => {
      const docs = t.split('\n---\n');
      docs[3] = docs[3].replace('sa/bookinfo-productpage', 'sa/bookinfo-reviews-admin');
      return docs.join('\n---\n');
    });
    const r = imported([...BOOKINFO, other, SCENARIO]);
    expect(r.warnings.map((d) => d.message)).toContain(
      'principal "cluster.local/ns/default/sa/bookinfo-reviews-admin" names the service account default/bookinfo-reviews-admin, which no workload of the scenario runs under: it matches no caller',
    );
    const report = run([...BOOKINFO, other, SCENARIO]);
    for (const id of ['reviews-v1', 'reviews-v2', 'reviews-v3']) {
      const e = edge(report, 'productpage', id);
      expect(e.tries).toBeGreaterThan(200);
      expect(e.clientErrors).toBe(e.tries);
    }
    const details = edge(report, 'productpage', 'details');
    expect([details.tries > 800, details.clientErrors]).toEqual([true, 0]);
  });
});

/** The httpbin scenario document with these clients in place of its own. */
const httpbin = (...clients: string[]): ImportSource =>
  source('./istio-httpbin.yaml', (t) =>
    t.replace(/clients:\n.*\n/, `clients:\n${clients.map((c) => `  - ${c}\n`).join('')}`),
  );
const HTTPBIN = [source('security/1-httpbin.yaml'), source('security/2-sleep.yaml')];

describe('httpbin: a DENY on a header, a required JWT, STRICT on one workload', () => {
  test('deny-method-get: every GET without x-token: admin is refused 403; with it, none', () => {
    const report = run([
      ...HTTPBIN,
      source('security/3-deny-method-get.yaml'),
      httpbin(
        '{ id: admin, target: sleep, arrival: { rate: 20 }, headers: { x-token: admin } }',
        '{ id: guest, target: sleep, arrival: { rate: 20 } }',
      ),
    ]);
    const admin = edge(report, 'admin', 'sleep');
    const guest = edge(report, 'guest', 'sleep');
    expect(admin.tries).toBeGreaterThan(300);
    expect(admin.clientErrors).toBe(0);
    expect(guest.tries).toBeGreaterThan(300);
    expect(guest.clientErrors).toBe(guest.tries);
    expect(report.requests.byStatus['403']).toBe(guest.tries);
  });

  const JWT = [...HTTPBIN, source('security/4-jwt-example.yaml'), source('security/5-require-jwt.yaml')];
  test.each([
    [
      'a valid token of the issuer',
      '200',
      'jwt: { issuer: testing@secure.istio.io, subject: testing@secure.istio.io }',
    ],
    ['no token', '403', ''],
    ['a token of another issuer', '401', 'jwt: { issuer: attacker@example.com }'],
  ])('require-jwt: %s is answered %s', (_what, status, jwt) => {
    const client = `{ id: curl, target: sleep, arrival: { rate: 20 }${jwt === '' ? '' : `, ${jwt}`} }`;
    const report = run([...JWT, httpbin(client)]);
    const answered = report.requests.generated - report.requests.inFlight;
    expect(answered).toBeGreaterThan(300);
    expect(report.requests.byStatus).toEqual({ [status]: answered });
  });

  test('STRICT on httpbin by selector: a client without a sidecar calling it gets 503; through sleep it is served', () => {
    const report = run([
      ...HTTPBIN,
      source('security/6-httpbin-strict.yaml'),
      httpbin(
        '{ id: outside, target: httpbin, arrival: { rate: 20 } }',
        '{ id: curl, target: sleep, arrival: { rate: 20 } }',
      ),
    ]);
    const outside = edge(report, 'outside', 'httpbin');
    expect(outside.tries).toBeGreaterThan(300);
    expect(outside.errors).toBe(outside.tries);
    const inside = edge(report, 'curl', 'sleep');
    expect(inside.errors).toBe(0);
    expect(report.requests.byStatus).toEqual({ '200': inside.tries, '503': outside.tries });
  });
});

describe('PeerAuthentication of a namespace', () => {
  const STRICT_DEFAULT: ImportSource = {
    fileName: 'strict-default.yaml',
    text: [
      'apiVersion: security.istio.io/v1',
      'kind: PeerAuthentication',
      'metadata:',
      '  name: default',
      '  namespace: default',
      'spec:',
      '  mtls:',
      '    mode: STRICT',
      '',
    ].join('\n'),
  };

  test('applies to every service whose pods run in it; a client without a sidecar is refused, sleep’s calls are not', () => {
    const r = imported([
      ...HTTPBIN,
      STRICT_DEFAULT,
      httpbin('{ id: curl, target: sleep, arrival: { rate: 20 } }'),
    ]);
    expect((r.scenario.mesh as { mtls: unknown }).mtls).toEqual({
      services: { httpbin: 'STRICT', sleep: 'STRICT' },
    });
    const report = run([
      ...HTTPBIN,
      STRICT_DEFAULT,
      httpbin(
        '{ id: outside, target: httpbin, arrival: { rate: 20 } }',
        '{ id: curl, target: sleep, arrival: { rate: 20 } }',
      ),
    ]);
    // sleep is STRICT too: the client reaching it without a sidecar is refused as well.
    expect(edge(report, 'outside', 'httpbin').errors).toBe(edge(report, 'outside', 'httpbin').tries);
    expect(edge(report, 'curl', 'sleep').errors).toBe(edge(report, 'curl', 'sleep').tries);
    expect(report.requests.byStatus).toEqual({ '503': report.requests.failed });
  });

  test('the workload’s own mode wins over its namespace’s, whatever the order', () => {
    const r = imported([
      ...HTTPBIN,
      source('security/6-httpbin-strict.yaml', (t) => t.replace('mode: STRICT', 'mode: PERMISSIVE')),
      STRICT_DEFAULT,
      httpbin('{ id: curl, target: sleep, arrival: { rate: 20 } }'),
    ]);
    expect((r.scenario.mesh as { mtls: unknown }).mtls).toEqual({
      services: { httpbin: 'PERMISSIVE', sleep: 'STRICT' },
    });
  });
});
