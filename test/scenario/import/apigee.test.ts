/**
 * What the real-shaped Apigee API proxy bundles of test/fixtures/real/apigee make the simulation do,
 * against what Apigee would do with them: a SpikeArrest of 10ps lets one request through each 100 ms;
 * a Quota of 100 a minute stops at 100; a ResponseCache of 60 s answers repeats at the gateway without
 * calling the target; io.timeout.millis cuts a slow target at its value (504); route rules send a
 * path to the target their condition names. Each bundle is the proxy's files as exported, with a
 * scenario document that says what a proxy cannot: clients and service times.
 *
 * Clients send at a constant rate and stop well before the end, so every count is exact.
 */
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import type { VariantReport } from '../../../src/report/report';
import { importSources } from '../../../src/scenario';
import { apigeeZipSources } from '../../../src/scenario/import/apigee-zip';
import { apigeeSources } from './apigee-support';
import { runImportedBase } from '../../support/imported-run';

/** The bundle in folder `name` with the scenario document `scenario`, imported, loaded and run. */
function run(name: string, scenario: readonly string[]): VariantReport {
  return runImportedBase([
    ...apigeeSources(name),
    { text: `${scenario.join('\n')}\n`, fileName: 'scenario.yaml' },
  ]);
}

/** A client sending `count` requests at `rate` a second from time 0 to `path`, then stopping. */
function client(path: string, count: number, rate: number, method = 'GET'): string {
  const stop = `${(count * 1000) / rate}ms`;
  return `  - { id: c, arrival: { process: constant, rate: ${rate} }, schedule: [{ at: ${stop}, rate: 0 }], mix: [{ method: ${method}, path: ${path} }] }`;
}

describe('Apigee proxies, simulated', () => {
  test('SpikeArrest 10ps admits one request per 100 ms window: 50 a second for 2 s gives 20 through and 80 429s', () => {
    const v = run('spike-arrest', ['duration: 5s', 'clients:', client('/v1/orders/17', 100, 50)]);
    expect(v.requests.generated).toBe(100);
    expect(v.requests.byStatus['200']).toBe(20);
    expect(v.requests.byStatus['429']).toBe(80);
  });

  test('SpikeArrest 12pm keyed by x-client-id rejects a second POST 1 s after the first', () => {
    const v = run('route-rules', [
      'duration: 5s',
      'clients:',
      '  - { id: c, arrival: { process: constant, rate: 1 }, schedule: [{ at: 2s, rate: 0 }], mix: [{ method: POST, path: /shop/orders }], headers: { x-client-id: app-1 } }',
    ]);
    expect(v.requests.generated).toBe(2);
    expect(v.requests.byStatus['200']).toBe(1);
    expect(v.requests.byStatus['429']).toBe(1);
  });

  test('VerifyAPIKey then Quota 100 a minute: 200 requests with a key in 2 s give 100 through and 100 429s', () => {
    const v = run('quota-apikey', ['duration: 5s', 'clients:', client('/partner/accounts', 200, 100)]);
    expect(v.requests.byStatus['200']).toBe(100);
    expect(v.requests.byStatus['429']).toBe(100);
  });

  test('a Quota step with Condition request.verb = "POST" counts POSTs only: 200 POSTs give 100 429s, 200 GETs none', () => {
    const v = run('conditional-steps', [
      'duration: 5s',
      'clients:',
      client('/payments/charges', 200, 100, 'POST'),
      '  - { id: r, arrival: { process: constant, rate: 100 }, schedule: [{ at: 2s, rate: 0 }], mix: [{ path: /payments/charges }] }',
    ]);
    expect(v.requests.generated).toBe(400);
    expect(v.requests.byStatus['200']).toBe(300);
    expect(v.requests.byStatus['429']).toBe(100);
  });

  test('a SpikeArrest step under /refunds/** smooths refunds alone (60pm: one a second), with the Quota on their POSTs too', () => {
    const v = run('conditional-steps', [
      'duration: 5s',
      'clients:',
      client('/payments/refunds/9', 20, 10, 'POST'),
    ]);
    expect(v.requests.byStatus['200']).toBe(2);
    expect(v.requests.byStatus['429']).toBe(18);
  });

  test('VerifyAPIKey answers 401 to requests without a valid key, before the Quota counts them', () => {
    const v = run('quota-apikey', [
      'duration: 5s',
      'clients:',
      '  - { id: c, arrival: { process: constant, rate: 100 }, schedule: [{ at: 1s, rate: 0 }], mix: [{ path: /partner/x }], credentials: { invalid: 1 } }',
    ]);
    expect(v.requests.byStatus['401']).toBe(100);
    expect(v.requests.byStatus['200'] ?? 0).toBe(0);
  });

  test('ResponseCache of 60 s answers repeats of GET /forecast at the gateway: one call to the target a minute', () => {
    const v = run('response-cache', [
      'duration: 130s',
      'clients:',
      client('/weather/forecast/today', 125, 1),
      'services:',
      '  - { id: weather.example.com, serviceTime: 1ms }',
    ]);
    expect(v.requests.byStatus['200']).toBe(125);
    // Misses at the first request and once its entry is 60 s old: three in 125 s.
    expect(v.components['weather.example.com'].served).toBe(3);
  });

  test('the cache is attached to the forecast flow only: other paths all reach the target', () => {
    const v = run('response-cache', [
      'duration: 3s',
      'clients:',
      client('/weather/alerts', 10, 10),
      'services:',
      '  - { id: weather.example.com, serviceTime: 1ms }',
    ]);
    expect(v.components['weather.example.com'].served).toBe(10);
  });

  test('io.timeout.millis 10000 on the legacy target cuts a 12 s answer at 10 s with a 504; route rules send /cart there', () => {
    const v = run('route-rules', [
      'duration: 20s',
      'clients:',
      client('/shop/cart/42', 1, 1),
      'services:',
      '  - { id: legacy-shop.example.com, serviceTime: 12s }',
      '  - { id: shop.example.com, serviceTime: 1ms }',
    ]);
    expect(v.requests.byStatus['504']).toBe(1);
    expect(v.latencyMs.max).toBeCloseTo(10_000, 0);
    expect(v.components['shop.example.com'].served).toBe(0);
  });

  test("the legacy target's GET flow caches reads for 300 s: of GET, GET, POST on /cart only the first GET and the POST reach it", () => {
    const v = run('route-rules', [
      'duration: 10s',
      'clients:',
      '  - { id: c, arrival: { process: constant, rate: 1 }, schedule: [{ at: 3s, rate: 0 }], mix: [{ path: /shop/cart/1 }] }',
      '  - { id: w, arrival: { process: constant, rate: 1 }, schedule: [{ at: 1s, rate: 0 }], mix: [{ method: POST, path: /shop/cart/1 }] }',
      'services:',
      '  - { id: legacy-shop.example.com, serviceTime: 1ms }',
    ]);
    expect(v.requests.byStatus['200']).toBe(4);
    expect(v.components['legacy-shop.example.com'].served).toBe(2);
  });

  test('a LoadBalancer of three servers with RetryEnabled: each try cut at io.timeout 2 s, one retry on the next server', () => {
    const v = run('load-balancer', [
      'duration: 10s',
      'clients:',
      client('/catalog/items', 1, 1),
      'services:',
      '  - { id: catalog-servers, serviceTime: 3s }',
    ]);
    expect(v.requests.byStatus['504']).toBe(1);
    expect(v.latencyMs.max).toBeCloseTo(4_000, 0);
    expect(v.attempts.retries).toBe(1);
  });

  test('OAuthV2 VerifyAccessToken answers 401 to a bad token; a ServiceCallout calls the stock service on PUT /items', () => {
    const v = run('oauth-transform', [
      'duration: 3s',
      'clients:',
      '  - { id: ok, arrival: { process: constant, rate: 10 }, schedule: [{ at: 1s, rate: 0 }], mix: [{ method: PUT, path: /inventory/items/7 }] }',
      '  - { id: bad, arrival: { process: constant, rate: 10 }, schedule: [{ at: 1s, rate: 0 }], mix: [{ path: /inventory/x }], credentials: { invalid: 1 } }',
    ]);
    expect(v.requests.byStatus['200']).toBe(10);
    expect(v.requests.byStatus['401']).toBe(10);
    expect(v.components['stock.example.com'].served).toBe(10);
  });
});

describe('a zipped Apigee proxy', () => {
  test('imports as its folder does: the same scenario, its files named by their path in the zip', () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('../../fixtures/real/apigee/orders-api_rev3.zip', import.meta.url)),
    );
    const zipped = apigeeZipSources(bytes, 'orders-api_rev3.zip');
    if (!('sources' in zipped)) expect.fail(zipped.error);
    expect(zipped.sources.map((s) => s.fileName)).toEqual([
      'orders-api_rev3.zip/apiproxy/orders-api.xml',
      'orders-api_rev3.zip/apiproxy/policies/SA-Spike.xml',
      'orders-api_rev3.zip/apiproxy/proxies/default.xml',
      'orders-api_rev3.zip/apiproxy/targets/default.xml',
    ]);
    const fromZip = importSources(zipped.sources);
    const fromFolder = importSources(apigeeSources('spike-arrest'));
    expect(fromZip.errors).toEqual([]);
    expect(fromZip.scenario.gateway).toEqual(fromFolder.scenario.gateway);
  });

  test('a file that is not a zip, or a zip without apiproxy/, says so', () => {
    expect(apigeeZipSources(new TextEncoder().encode('<APIProxy/>'), 'x.zip')).toHaveProperty('error');
    expect(apigeeZipSources(zipSync({ 'README.md': new TextEncoder().encode('hi') }), 'y.zip')).toEqual({
      error: 'y.zip holds no apiproxy/ folder of XML files',
    });
  });
});
