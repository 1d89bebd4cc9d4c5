import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { importBundle, importedYaml, loadScenario } from '../../../src/scenario/index';
import { importFacts, setupFacts, sourcesOf } from '../../../src/scenario/import/import-facts';

const kong = readFileSync(new URL('../../../scenarios/kong/kong.yml', import.meta.url), 'utf8');

/** The facts of a bundle as the worker computes them: imported, written, read back. */
function factsOf(text: string, stub: boolean) {
  const result = importBundle(text, 'kong.yml');
  expect(result.errors).toEqual([]);
  const loaded = loadScenario(importedYaml(result, ['kong.yml']), 'kong.yml');
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  return importFacts(loaded.file.base, text, stub);
}

test("the Kong example's facts: its routes, plugins, the stub client's load and the limit per second", () => {
  const facts = factsOf(kong, true);
  expect(facts.sources).toEqual(['Kong declarative config']);
  expect([facts.routes, facts.services, facts.meshPolicies]).toEqual([4, 2, 0]);
  expect(facts.plugins).toEqual([
    { name: 'rate-limiting', count: 1 },
    { name: 'proxy-cache', count: 2 },
    { name: 'key-auth', count: 2 },
    { name: 'acl', count: 2 },
  ]);
  expect(facts.clients).toEqual([
    { id: 'clients', process: 'poisson', perSecond: 100, consumer: 'alice', invalidCredentials: 0 },
  ]);
  expect(facts.stubClients).toBe(true);
  expect(facts.limits).toEqual([
    {
      plugin: 'rate-limiting',
      where: 'every route',
      perSecond: 100 / 60,
      written: '100 a minute',
      by: 'consumer',
    },
  ]);
  expect(facts.checks).toEqual([
    { plugin: 'key-auth', where: 'route orders' },
    { plugin: 'acl', where: 'route orders' },
    { plugin: 'key-auth', where: 'route orders-2' },
    { plugin: 'acl', where: 'route orders-2' },
  ]);
});

test('every limiter kind is said as requests a second admitted', () => {
  const text = [
    '_format_version: "3.0"',
    'services:',
    '  - name: api',
    '    url: http://api:80',
    '    routes: [{ name: api, paths: [/] }]',
    'plugins:',
    '  - { name: rate-limiting, config: { second: 5, hour: 3600 } }',
    '',
  ].join('\n');
  const facts = factsOf(text, true);
  expect(facts.limits.map((l) => [l.written, l.perSecond])).toEqual([
    ['5 a second', 5],
    ['3600 a hour', 1],
  ]);
});

test('sourcesOf names each kind of config in a bundle', () => {
  expect(
    sourcesOf('_format_version: "3.0"\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\n'),
  ).toEqual(['Kong declarative config', 'Istio resources']);
  expect(sourcesOf('name: shop\nclients: []\n---\nKind: service-router\n')).toEqual([
    'Consul config entries',
    'a meshsim scenario document',
  ]);
  expect(
    sourcesOf(
      'apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\n---\napiVersion: split.smi-spec.io/v1alpha2\n',
    ),
  ).toEqual(['Linkerd resources']);
  // Consul's entries as HCL or JSON, and as consul-k8s resources, are Consul's too.
  expect(sourcesOf('Kind = "service-router"\nName = "api"\n')).toEqual(['Consul config entries']);
  expect(sourcesOf('{\n  "Kind": "service-defaults",\n  "Name": "api"\n}\n')).toEqual([
    'Consul config entries',
  ]);
  expect(
    sourcesOf(
      'apiVersion: networking.istio.io/v1\n---\napiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceRouter\n',
    ),
  ).toEqual(['Istio resources', 'Consul config entries']);
});

test("a spike arrest's rate, written as Apigee writes it (10ps), is a limit of its setup", () => {
  const lesson = readFileSync(
    new URL('../../../scenarios/lessons/03-rate-limiting.yaml', import.meta.url),
    'utf8',
  );
  const loaded = loadScenario(lesson, '03-rate-limiting.yaml');
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  const limits = Object.fromEntries(setupFacts(loaded.file).map((s) => [s.name, s.limits]));
  expect(limits['spike-arrest']).toEqual([
    { plugin: 'spike-arrest', where: 'every route', perSecond: 10, written: '10 a second' },
  ]);
  // Each of the lesson's four ways to say 10 a second says so.
  for (const name of ['fixed-window', 'sliding-window', 'token-bucket', 'spike-arrest'])
    expect(limits[name].map((l) => l.perSecond)).toEqual([10]);
  const perMinute = loadScenario(lesson.replace('rate: 10ps', 'rate: 12pm'), 'x.yaml');
  if (!perMinute.ok) throw new Error(perMinute.errors[0]?.message);
  const spike = setupFacts(perMinute.file).find((s) => s.name === 'spike-arrest');
  expect(spike?.limits.map((l) => [l.written, l.perSecond])).toEqual([['12 a minute', 0.2]]);
});
