/**
 * A bundle with several mesh products' config runs one variant per product (product-variants.ts):
 * each variant's patch turns the base (the first product's scenario) into its own product's, and each
 * runs what its own config says on the same traffic.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../../src/scenario';
import { mergePatch } from '../../../src/scenario/import/product-variants';
import { runFileWithinBudget } from '../../support/event-budget';
import { yaml } from '../helpers';

/** RFC 7386's MergePatch(target, patch), on plain values. */
function applyPatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  const out: Record<string, unknown> = isMap(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyPatch(out[key], value);
  }
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

describe('mergePatch', () => {
  // Scenario values have no nulls (null is absent in the file format), so every `to` is reachable.
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 })),
      tie('map'),
    ),
    map: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'mesh', 'policies'), tie('node'), { maxKeys: 4 }),
  }));
  const map = value.map as fc.Arbitrary<Record<string, unknown>>;

  test('applied to `from`, the patch gives `to`, whatever the two', () => {
    fc.assert(
      fc.property(map, map, (from, to) => {
        expect(applyPatch(from, mergePatch(from, to))).toEqual(to);
      }),
      { numRuns: 500 },
    );
  });

  test('equal values leave no patch; a missing key is null; a list is replaced whole', () => {
    expect(mergePatch({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } })).toEqual({});
    expect(mergePatch({ a: 1, b: 2 }, { a: 1 })).toEqual({ b: null });
    expect(mergePatch({ l: [1, 2, 3] }, { l: [1, 2] })).toEqual({ l: [1, 2] });
  });
});

describe('a bundle with Istio and Consul config runs one variant each', () => {
  // web calls api; Istio aborts every call into api with a 503, Consul's config only names api's protocol.
  const SCENARIO = yaml(
    'name: Two meshes',
    'duration: 5s',
    'clients: [{ id: c, target: web, arrival: { rate: 40 } }]',
    'services:',
    '  - { id: web, calls: [{ service: api }] }',
    '  - { id: api, instances: 2 }',
  );
  const ISTIO = yaml(
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata: { name: api }',
    'spec:',
    '  hosts: [api]',
    '  http: [{ fault: { abort: { httpStatus: 503, percentage: { value: 100 } } }, route: [{ destination: { host: api } }] }]',
  );
  const CONSUL = yaml('Kind: service-defaults', 'Name: api', 'Protocol: http');
  const sources = [
    { text: SCENARIO, fileName: 'app.yaml' },
    { text: ISTIO, fileName: 'istio.yaml' },
    { text: CONSUL, fileName: 'consul.yaml' },
  ];

  test('each variant runs its own product: Istio aborts every call into api, Consul none', () => {
    const r = importSources(sources);
    expect(r.errors.map(formatDiagnostic)).toEqual([]);
    const loaded = loadScenario(importedYaml(r, ['app.yaml', 'istio.yaml', 'consul.yaml']), 'imported.yaml');
    if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
    const report = runFileWithinBudget(loaded.file);
    const [istio, consul] = report.variants;
    expect([istio.name, consul.name]).toEqual(['Istio', 'Consul']);
    expect(loaded.file.variants.map((v) => v.scenario.mesh.profile)).toEqual(['istio', 'consul']);
    // Common random numbers: both variants see the same arrivals.
    expect(istio.requests.generated).toBe(consul.requests.generated);
    expect(istio.requests.generated).toBeGreaterThan(100);
    expect(istio.requests.ok).toBe(0);
    expect(istio.requests.byStatus['503']).toBe(istio.requests.failed);
    expect(consul.requests.failed).toBe(0);
  });

  test('the order of the files is the order of the variants', () => {
    const r = importSources([sources[0], sources[2], sources[1]]);
    expect((r.scenario.variants as { name: string }[]).map((v) => v.name)).toEqual(['Consul', 'Istio']);
  });

  test("the scenario document's own variants are left out, with a warning at them", () => {
    const withVariants = `${SCENARIO}variants: [{ name: slow, clients: [{ id: c, target: web, arrival: { rate: 4 } }] }]\n`;
    const r = importSources([{ text: withVariants, fileName: 'app.yaml' }, sources[1], sources[2]]);
    expect(r.errors).toEqual([]);
    expect((r.scenario.variants as { name: string }[]).map((v) => v.name)).toEqual(['Istio', 'Consul']);
    const warning = r.warnings.find((d) => d.message.includes('own variants are left out'));
    expect(warning).toMatchObject({ file: 'app.yaml', line: 7, column: 1 });
  });
});

describe('a bundle with Kong and Apigee config runs one variant per gateway', () => {
  const proxy = 'test/fixtures/real/apigee/spike-arrest/apiproxy';
  const files = ['orders-api.xml', 'proxies/default.xml', 'targets/default.xml', 'policies/SA-Spike.xml'];
  const apigee = files.map((f) => ({
    text: readFileSync(new URL(`../../../${proxy}/${f}`, import.meta.url), 'utf8'),
    fileName: `apiproxy/${f}`,
  }));
  // The same orders service behind Kong, without a limiter.
  const KONG = yaml(
    '_format_version: "3.0"',
    'services: [{ name: orders, host: orders, routes: [{ name: orders, paths: [/v1/orders] }] }]',
  );

  test("each gateway variant runs its own config: Apigee's spike arrest answers 429, Kong's gateway none", () => {
    const r = importSources([{ text: KONG, fileName: 'kong.yml' }, ...apigee]);
    expect(r.errors.map(formatDiagnostic)).toEqual([]);
    const variants = r.scenario.variants as { name: string; gateway?: { profile?: string } }[];
    expect(variants.map((v) => v.name)).toEqual(['Kong', 'Apigee']);
    expect(variants[1].gateway?.profile).toBe('apigee');
    const loaded = loadScenario(importedYaml(r, ['kong.yml', ...files]), 'imported.yaml');
    if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
    const report = runFileWithinBudget({ ...loaded.file, base: { ...loaded.file.base, duration: 5_000 } });
    const [kong, apigeeRun] = report.variants;
    expect(kong.requests.byStatus['429'] ?? 0).toBe(0);
    expect(apigeeRun.requests.byStatus['429']).toBeGreaterThan(0);
  });
});
