import { expect, test } from 'vitest';
import { clientLoadText, groupWarnings, groupsText, strikingResult } from '../../src/ui/import-summary';
import type { DiagnosticData, ImportFacts, VariantReport } from '../../src/worker/protocol';

const warning = (path: string, message: string): DiagnosticData => ({
  file: 'kong.yml',
  line: 1,
  column: 1,
  path,
  message,
  text: `kong.yml:1:1: ${message}`,
});

const kongFacts: ImportFacts = {
  sources: ['Kong declarative config'],
  routes: 4,
  services: 2,
  plugins: [{ name: 'rate-limiting', count: 1 }],
  meshPolicies: 0,
  clients: [{ id: 'clients', process: 'poisson', perSecond: 100, consumer: 'alice', invalidCredentials: 0 }],
  stubClients: true,
  limits: [
    {
      plugin: 'rate-limiting',
      where: 'every route',
      perSecond: 100 / 60,
      written: '100 a minute',
      by: 'consumer',
    },
  ],
  checks: [{ plugin: 'key-auth', where: 'route orders' }],
};

/** A report of `generated` requests answered with these statuses, and a median of `p50` ms. */
function report(generated: number, byStatus: Record<string, number>, p50: number): VariantReport {
  return {
    name: 'base',
    requests: { generated, ok: byStatus['200'] ?? 0, failed: 0, inFlight: 0, byStatus },
    latencyMs: { mean: 1, p50, p90: 1, p99: 1, p999: 1, max: 1 },
  } as unknown as VariantReport;
}

test('warnings are grouped by the field they name: left out, approximated, made-up services', () => {
  const grouped = groupWarnings([
    warning('services[0].routes[0].strip_path', 'not modelled, left out: it rewrites the path'),
    warning('services[0].routes[1].strip_path', 'not modelled, left out: it rewrites the path'),
    warning('services[1].tags', 'not modelled, left out: tags only label entities'),
    warning('plugins[1].name', 'plugin "correlation-id" is not modelled; left out'),
    warning('services[0].routes[1].paths[0]', 'regex path "~/a" is matched as the prefix /a'),
    warning('services[0].url', 'meshsim service "catalog" is a stub: Kong config holds no service times'),
  ]);
  expect(grouped).toEqual({
    leftOut: [
      { key: 'strip_path', count: 2 },
      { key: 'plugin correlation-id', count: 1 },
      { key: 'tags', count: 1 },
    ],
    approximated: [{ key: 'routes.paths', count: 1 }],
    stubs: 1,
  });
  expect(groupsText(grouped.leftOut)).toBe('strip_path ×2, plugin correlation-id, tags');
  expect(groupsText(grouped.leftOut, 2)).toBe('strip_path ×2, plugin correlation-id and 1 more');
});

test("the Kong example's 429s are explained by its limit against the stub client's load", () => {
  expect(strikingResult(kongFacts, report(6000, { '200': 200, '429': 5800 }, 0))).toBe(
    'The rate-limiting plugin (100 a minute, every route) admits 1.67 requests/s per consumer, and every ' +
      "request is alice's; the clients send 100/s, so 96.7% are refused with 429 at the gateway: answered " +
      'at once, hence a median latency of 0 ms.',
  );
});

test('with several consumers, the busiest are named with their own load', () => {
  const shop: ImportFacts = {
    ...kongFacts,
    clients: [
      { id: 'alice', process: 'poisson', perSecond: 3, consumer: 'alice', invalidCredentials: 0 },
      { id: 'bob', process: 'poisson', perSecond: 1, consumer: 'bob', invalidCredentials: 0 },
      { id: 'browser', process: 'poisson', perSecond: 5, invalidCredentials: 1 },
    ],
  };
  expect(strikingResult(shop, report(900, { '200': 600, '429': 300 }, 4))).toBe(
    'The rate-limiting plugin (100 a minute, every route) admits 1.67 requests/s per consumer; ' +
      'browser (no consumer) sends 5/s, alice 3/s, bob 1/s, so 33.3% are refused with 429 at the gateway.',
  );
});

test('a refusal by an auth plugin is explained; a run without a striking share is not', () => {
  const keyless: ImportFacts = {
    ...kongFacts,
    limits: [],
    clients: [{ id: 'web', process: 'poisson', perSecond: 10, invalidCredentials: 0 }],
  };
  expect(strikingResult(keyless, report(100, { '200': 50, '401': 50 }, 3))).toBe(
    '50.0% of the requests are refused with 401 or 403 by key-auth: web sends no consumer.',
  );
  expect(strikingResult(kongFacts, report(100, { '200': 90, '429': 10 }, 3))).toBeUndefined();
  expect(strikingResult(kongFacts, report(0, {}, Number.NaN))).toBeUndefined();
});

test("the made-up clients' load in words", () => {
  expect(clientLoadText(kongFacts)).toBe('clients: 100 requests/s (poisson) as alice');
});

/** A report with the mesh's sidecars' own answers: 403s, 401s and 404s of no route. */
function meshReport(
  byStatus: Record<string, number>,
  denied: number,
  unauthenticated: number,
  noRoute: number,
) {
  const base = report(1000, byStatus, 2);
  return {
    ...base,
    mesh: { outcomes: { denied, unauthenticated, noRoute } },
  } as unknown as VariantReport;
}

const istioFacts: ImportFacts = { ...kongFacts, plugins: [], limits: [], checks: [], meshPolicies: 2 };

test('requests the mesh refuses are explained by the sidecars that answered them', () => {
  expect(strikingResult(istioFacts, meshReport({ '403': 700, '200': 300 }, 700, 0, 0))).toBe(
    '70.0% of the requests are refused by the mesh’s sidecars: 403 by an authorization policy (700 calls).',
  );
  expect(strikingResult(istioFacts, meshReport({ '401': 250, '404': 250, '200': 500 }, 0, 250, 250))).toBe(
    '50.0% of the requests are refused by the mesh’s sidecars: 401 by request authentication (no valid ' +
      'token) (250 calls); 404 by the caller’s sidecar: no route of the service matched (250 calls).',
  );
  // Too few to stand out, or no sidecar answered them: nothing said.
  expect(strikingResult(istioFacts, meshReport({ '403': 100, '200': 900 }, 100, 0, 0))).toBeUndefined();
  expect(strikingResult(istioFacts, meshReport({ '403': 700, '200': 300 }, 0, 0, 0))).toBeUndefined();
});

test('a SAM template: its one stub service counted once, its function settings with the fields left out', async () => {
  const { readFileSync } = await import('node:fs');
  const { importSources } = await import('../../src/scenario');
  const name = 'sam-api-key-usage-plan.yaml';
  const text = readFileSync(new URL(`../fixtures/real/aws/${name}`, import.meta.url), 'utf8');
  const r = importSources([{ text, fileName: name }]);
  expect(r.errors).toEqual([]);
  const grouped = groupWarnings(r.warnings as unknown as DiagnosticData[]);
  // One service is made up (HelloWorldFunction); CodeUri, Handler, MemorySize, ... are left out.
  expect(grouped.stubs).toBe(1);
  expect(grouped.leftOut.map((g) => g.key)).toEqual(
    expect.arrayContaining(['CodeUri', 'Handler', 'MemorySize', 'Architectures', 'Policies']),
  );
});
