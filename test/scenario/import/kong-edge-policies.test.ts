/**
 * Kong plugins that answer a request at the gateway, imported from a deck file and run with clients
 * of known addresses and requests: ip-restriction (403 "IP address not allowed" outside the allow
 * list), request-termination (its status_code, nothing upstream), cors (a preflight answered 200 by
 * the gateway), and response-ratelimiting, which has nothing to count and is left out, saying why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';

const DECK = readFileSync(new URL('../../fixtures/real/kong/edge-policies.yml', import.meta.url), 'utf8');

/** Clients with addresses and requests of their own, in a scenario document beside the deck. */
const CLIENTS = `
clients:
  - { id: office, ip: 10.20.30.40, arrival: { process: constant, rate: 10 }, mix: [{ path: /admin }] }
  - { id: laptop, ip: 192.168.1.20, arrival: { process: constant, rate: 10 }, mix: [{ path: /admin }] }
  - { id: outside, ip: 203.0.113.9, arrival: { process: constant, rate: 10 }, mix: [{ path: /admin }] }
  - { id: old-app, ip: 203.0.113.10, arrival: { process: constant, rate: 10 }, mix: [{ path: /v1/items }] }
  - id: preflight
    arrival: { process: constant, rate: 10 }
    headers: { origin: 'https://shop.example.com' }
    mix: [{ method: OPTIONS, path: /public/cart, headers: { access-control-request-method: POST } }]
  - { id: browser, arrival: { process: constant, rate: 10 }, mix: [{ method: GET, path: /public/cart }] }
`;

function run() {
  const r = importSources([
    { text: DECK, fileName: 'edge-policies.yml' },
    { text: CLIENTS, fileName: 'clients.yaml' },
  ]);
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  const loaded = loadScenario(importedYaml(r, ['edge-policies.yml', 'clients.yaml']), 'imported.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
  const report = runFileWithinBudget({
    ...loaded.file,
    base: { ...loaded.file.base, duration: 10_000, warmup: 0 },
    variants: [],
  });
  return { r, v: report.variants[0] };
}

describe('Kong plugins that answer at the gateway', () => {
  const { r, v } = run();
  /** Statuses the gateway answered on `route`, by status. */
  const statuses = (route: string) =>
    Object.fromEntries(
      v.gateway!.metrics.breakdown.filter((b) => b.route === route).map((b) => [b.status, b.count]),
    );

  test('ip-restriction: the office network and the listed address pass; any other address gets 403', () => {
    // Constant arrivals of 10 a second for 10 s: 100 requests from each client.
    expect(statuses('admin')).toEqual({ 200: 200, 403: 100 });
    const outside = v.edges.find((e) => e.from === 'outside');
    expect([outside?.tries, outside?.clientErrors]).toEqual([100, 100]);
  });

  test('request-termination: every request answered 410 by the gateway, none sent upstream', () => {
    expect(statuses('v1')).toEqual({ 410: 100 });
    expect(v.edges.find((e) => e.to === 'legacy.internal')?.tries ?? 0).toBe(0);
  });

  test('cors: a preflight is answered 200 by the gateway; the GET goes upstream', () => {
    expect(statuses('public')).toEqual({ 200: 200 });
    // Only the 100 GETs reach the storefront service.
    expect(v.edges.find((e) => e.to === 'storefront.internal')?.tries).toBe(100);
  });

  test('response-ratelimiting is left out, saying what Kong would do', () => {
    expect(r.warnings.map((w) => w.message)).toContain(
      'plugin "response-ratelimiting" is not modelled; left out: it counts the usage the upstream reports in X-Kong-Limit response headers, which simulated services do not send, so Kong would count nothing and block no request either',
    );
  });

  test('the cors fields that only shape response headers are warned once each', () => {
    const cors = r.warnings.filter((w) => w.path.startsWith('plugins[0].config'));
    expect(cors.map((w) => w.path)).toEqual([
      'plugins[0].config.origins',
      'plugins[0].config.methods',
      'plugins[0].config.headers',
      'plugins[0].config.credentials',
      'plugins[0].config.max_age',
    ]);
  });
});
