/**
 * The format reference and the policy registries (`src/scenario/policies/`) say the same: every
 * registered balancer has its row in the table of `loadBalancer` values, and every option its row in
 * the table of balancer options with the registry's type, default and meaning; every name the
 * reference's tables list is registered; so for the breakers, the retry budgets and the health checks.
 * Adding a policy without its docs row, or the reverse, fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BALANCER_NAMES, BALANCERS, balancersFor } from '../../src/scenario/policies/balancers';
import { BREAKERS } from '../../src/scenario/policies/breakers';
import { HEALTH_CHECKS } from '../../src/scenario/policies/health-checks';
import { LIMITER_NAMES, LIMITERS } from '../../src/scenario/policies/limiters';
import type { PolicyOptions } from '../../src/scenario/policies/policy-option';
import { RETRY_BUDGET_KINDS, RETRY_BUDGETS } from '../../src/scenario/policies/retry-budgets';

const REFERENCE = readFileSync(new URL('../../docs/scenario-format.md', import.meta.url), 'utf8');

/** The rows of the first Markdown table after the line `heading`, as trimmed cells, header and rule left out. */
function tableAfter(heading: string): string[][] {
  const lines = REFERENCE.split('\n');
  const at = lines.findIndex((line) => line.startsWith(heading));
  expect(at, `${heading} in docs/scenario-format.md`).toBeGreaterThanOrEqual(0);
  let i = at + 1;
  while (i < lines.length && !lines[i].startsWith('|')) i++;
  const rows: string[][] = [];
  for (i += 2; i < lines.length && lines[i].startsWith('|'); i++)
    rows.push(
      lines[i]
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  return rows;
}

const code = (name: string) => `\`${name}\``;

describe('the balancer registry and docs/scenario-format.md', () => {
  test('the load-balancing table has one row per registered balancer, in order', () => {
    expect(tableAfter('### Load balancing').map((row) => row[0])).toEqual(BALANCER_NAMES.map(code));
  });

  test('every option has its row with the registry type, default and meaning, and no other row is there', () => {
    const expected = BALANCER_NAMES.flatMap((name) =>
      Object.entries(BALANCERS[name].options as PolicyOptions).map(([option, o]) => [
        code(name),
        code(option),
        o.type,
        o.defaultText,
        o.doc,
      ]),
    );
    expect(tableAfter('#### Balancer options')).toEqual(expected);
  });

  test('the route and mesh policy fields list the balancers each place may use', () => {
    const names = (place: 'gateway' | 'mesh') => balancersFor(place).map(code).join(', ');
    const policyRow = tableAfter('### Policies').find((row) => row[0] === code('loadBalancer'));
    expect(policyRow?.[1]).toContain(names('mesh'));
    expect(balancersFor('gateway')).toEqual(BALANCER_NAMES);
  });
});

describe('the limiter registry and docs/scenario-format.md', () => {
  const plugins = tableAfter('**State.**');
  const rateLimiting = tableAfter('The five limiters answer');

  test.each(LIMITER_NAMES)(
    '%s has its row in the plugin table, naming every field, and in the rate-limiting table',
    (name) => {
      const row = plugins.find((cells) => cells[0] === code(name));
      expect(row, `a row for ${name}`).toBeDefined();
      for (const field of Object.keys(LIMITERS[name].shape)) expect(row?.[1]).toContain(code(field));
      expect(rateLimiting.map((cells) => cells[0])).toContain(code(name));
    },
  );

  test('the rate-limiting table lists the registered limiters and no other', () => {
    expect(rateLimiting.map((cells) => cells[0])).toEqual(LIMITER_NAMES.map(code));
  });
});

/** The rows of `options` as the reference writes them: option, type, default, meaning. */
const optionRows = (options: PolicyOptions, name: (option: string) => string = code) =>
  Object.entries(options).map(([option, o]) => [name(option), o.type, o.defaultText, o.doc]);

describe('the breaker and health-check registries and docs/scenario-format.md', () => {
  // The mesh's features, in the order of the table of policy fields.
  const MESH_FEATURES = {
    connectionPool: BREAKERS.connectionPool,
    outlierDetection: HEALTH_CHECKS.outlierDetection,
    failureAccrual: HEALTH_CHECKS.failureAccrual,
    circuitBreaker: BREAKERS.circuitBreaker,
  };

  test('every mesh breaker and health check is in the table of policy fields, with its meaning', () => {
    const policies = tableAfter('### Policies');
    for (const [name, declaration] of Object.entries(MESH_FEATURES)) {
      const row = policies.find((cells) => cells[0] === code(name));
      expect(row?.[1], name).toContain('(#ejection-and-breakers)');
      expect(row?.[2], name).toBe(declaration.doc);
    }
    const meshOnes = [...Object.entries(BREAKERS), ...Object.entries(HEALTH_CHECKS)].filter(
      ([, d]) => d.place === 'mesh',
    );
    expect(meshOnes.map(([name]) => name).sort()).toEqual(Object.keys(MESH_FEATURES).sort());
  });

  test('every option of theirs has its row with the registry type, default and meaning, and no other row is there', () => {
    const expected = Object.entries(MESH_FEATURES).flatMap(([name, declaration]) =>
      optionRows(declaration.options).map((row) => [code(name), ...row]),
    );
    expect(tableAfter('#### Ejection and breakers')).toEqual(expected);
  });

  test("Kong's health checks: each check and each of its options has its row, and no other row is there", () => {
    const expected = (['passive', 'active'] as const).flatMap((name) => [
      [code(name), 'mapping', name === 'passive' ? 'all off' : 'none', HEALTH_CHECKS[name].doc],
      ...optionRows(HEALTH_CHECKS[name].options, (option) => code(`${name}.${option}`)),
    ]);
    expect(tableAfter('### Health checks')).toEqual(expected);
  });
});

describe('the breaker and health-check registries and docs/features.md', () => {
  const FEATURES = readFileSync(new URL('../../docs/features.md', import.meta.url), 'utf8');

  test('the feature table lists each mesh breaker and health check with its options, in order', () => {
    const mesh = { ...BREAKERS, ...HEALTH_CHECKS };
    for (const name of ['connectionPool', 'circuitBreaker', 'outlierDetection', 'failureAccrual'] as const)
      expect(FEATURES).toContain(`\`${name} { ${Object.keys(mesh[name].options).join(', ')} }\``);
  });

  test("a route's healthchecks are Kong's gateway checks", () => {
    const gateway = Object.entries(HEALTH_CHECKS).filter(([, d]) => d.place === 'gateway');
    expect(FEATURES).toContain(`\`healthchecks { ${gateway.map(([name]) => name).join(', ')} }\``);
  });
});

describe('the retry budget registry and docs/scenario-format.md', () => {
  test('each budget has its row with its meaning, and its fields theirs, in order', () => {
    const product = (kind: (typeof RETRY_BUDGET_KINDS)[number]) => RETRY_BUDGETS[kind].product;
    expect(tableAfter('A budget is Envoy')).toEqual(
      RETRY_BUDGET_KINDS.map((kind) => [product(kind), RETRY_BUDGETS[kind].doc]),
    );
    const fields = RETRY_BUDGET_KINDS.flatMap((kind) =>
      optionRows(RETRY_BUDGETS[kind].options).map((row) => [product(kind), ...row]),
    );
    expect(tableAfter("Each kind's fields")).toEqual(fields);
  });
});
