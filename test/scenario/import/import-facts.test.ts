import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { importBundle, importedYaml, loadScenario } from '../../../src/scenario/index';
import { importFacts, sourcesOf } from '../../../src/scenario/import/import-facts';

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
});
