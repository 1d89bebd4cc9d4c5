/**
 * The import summary of AWS API Gateway config says where AWS's limits apply: the account's
 * throttle on every route when the file sets no stage throttle, the stage's in its place when it does.
 */
import { expect, test } from 'vitest';
import { importedYaml, importSources, loadScenario } from '../../../src/scenario/index';
import { importFacts } from '../../../src/scenario/import/import-facts';
import { fixture } from './aws-helpers';

function factsOf(name: string) {
  const source = fixture(name);
  const result = importSources([source]);
  expect(result.errors).toEqual([]);
  const loaded = loadScenario(importedYaml(result, [name]), name);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  return importFacts(loaded.file.base, source.text, true);
}

test('without a stage throttle the account’s 10 000 a second (burst 5 000) applies to every route', () => {
  const facts = factsOf('petstore-oas30-export.json');
  expect(facts.sources).toEqual(['AWS API Gateway config']);
  expect(facts.limits).toEqual([
    {
      plugin: 'token-bucket',
      where: 'every route (the AWS account’s default)',
      perSecond: 10_000,
      written: expect.any(String),
      by: 'account',
    },
  ]);
});

test('a stage throttle takes the account’s place; a usage plan’s limits are per key', () => {
  const facts = factsOf('cfn-usage-plan-quota.yaml');
  expect(facts.limits.map((l) => `${l.plugin} ${l.where} ${l.perSecond} ${l.by ?? ''}`)).toEqual([
    'token-bucket every route 200 account',
    'token-bucket every route 50 consumer',
    expect.stringMatching(/^quota every route 0\.00115/),
    'token-bucket route post-orders 5 consumer',
  ]);
  expect(facts.checks.map((c) => `${c.plugin} ${c.where}`)).toEqual([
    'key-auth route get-inventory',
    'key-auth route post-orders',
    'external-auth route post-orders',
  ]);
});
