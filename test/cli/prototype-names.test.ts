/**
 * The hostile files of "crashes on names" (test/fixtures/hostile/): names a file gives (consumers,
 * routes, header names) that are also names of Object.prototype's members, or `__proto__`. Each
 * crashed a run or an import, wrote into Object, or lost a condition; each now runs through
 * `meshsim run` as the same file with ordinary names would.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Report, VariantReport } from '../../src/report/report';
import { cli } from './fake-io';

const hostile = (name: string) => fileURLToPath(new URL(`../fixtures/hostile/${name}`, import.meta.url));

/** `meshsim run FILE --json`: exit 0, and the one variant's report. */
async function runReport(name: string): Promise<VariantReport> {
  const r = await cli(['run', hostile(name), '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  expect(report.variants).toHaveLength(1);
  const { requests } = report.variants[0];
  expect(requests.generated).toBe(requests.ok + requests.failed + requests.inFlight);
  return report.variants[0];
}

/** Requests answered by the gateway, summed by `consumer status`. */
function byConsumer(variant: VariantReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cell of variant.gateway!.metrics.breakdown) {
    const key = `${cell.consumer} ${cell.status}`;
    out[key] = (Object.hasOwn(out, key) ? out[key] : 0) + cell.count;
  }
  return out;
}

// Nothing a run does may add to Object or Object.prototype.
let objectNames: string[];
let prototypeNames: string[];
beforeEach(() => {
  objectNames = Object.getOwnPropertyNames(Object);
  prototypeNames = Object.getOwnPropertyNames(Object.prototype);
});
afterEach(() => {
  expect(Object.getOwnPropertyNames(Object)).toEqual(objectNames);
  expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
  expect(Object.getOwnPropertyNames(Object.prototype.toString)).toEqual(['length', 'name']);
});

describe('acl consumers named after Object.prototype members', () => {
  const expected = {
    'constructor 200': 100,
    'toString 200': 100,
    'valueOf 403': 100,
    'hasOwnProperty 403': 100,
  };

  test('in a scenario file: allowed consumers are served, the others refused 403', async () => {
    const v = await runReport('acl-consumer-prototype-names.yaml');
    expect(v.requests).toMatchObject({
      generated: 400,
      ok: 200,
      failed: 200,
      byStatus: { 200: 200, 403: 200 },
    });
    expect(byConsumer(v)).toEqual(expected);
  });

  test('in a Kong bundle: consumers in the allowed group are served, the others refused 403', async () => {
    const v = await runReport('acl-consumer-prototype-names-kong.yaml');
    expect(v.requests).toMatchObject({
      generated: 400,
      ok: 200,
      failed: 200,
      byStatus: { 200: 200, 403: 200 },
    });
    expect(byConsumer(v)).toEqual(expected);
  });
});

test('routes named constructor and toString report their own plugin counters', async () => {
  const v = await runReport('route-named-constructor.yaml');
  const plugins = v.gateway!.plugins;
  expect(Object.keys(plugins)).toEqual(['constructor', 'toString']);
  const served = (route: string) => {
    const c = plugins[route]['proxy-cache'];
    return c.hit + c.miss + c.refresh + c.bypass;
  };
  expect(served('constructor') + served('toString')).toBe(v.requests.generated);
  expect(v.requests).toMatchObject({ generated: 100, ok: 100 });
});

test('an Istio when on request.headers[constructor] imports and denies only the calls without it', async () => {
  const v = await runReport('istio-when-header-constructor.yaml');
  expect(v.requests).toMatchObject({
    generated: 200,
    ok: 100,
    failed: 100,
    byStatus: { 200: 100, 403: 100 },
  });
});

test('a Consul intention on the header __proto__ keeps its condition: the caller without it is refused', async () => {
  const v = await runReport('consul-intention-header-proto.yaml');
  expect(v.requests).toMatchObject({
    generated: 200,
    ok: 100,
    failed: 100,
    byStatus: { 200: 100, 403: 100 },
  });
});

test('rate limiting by an absent header named constructor counts each client by its address', async () => {
  const v = await runReport('rate-limit-header-constructor.yaml');
  expect(v.requests).toMatchObject({ generated: 100, ok: 100, byStatus: { 200: 100 } });
});
