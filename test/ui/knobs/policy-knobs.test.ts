/**
 * The sliders of the registered policies: every numeric option of every balancer, breaker, health
 * check and retry budget is a knob where a file writes it, found at its place, edited in place,
 * with its unit and a range within the bounds its registry declares. The policies and options are
 * taken from the registries' tables, so a new one is covered here without a new line.
 */
import { describe, expect, test } from 'vitest';
import {
  BALANCER_TABLE,
  BREAKER_TABLE,
  HEALTH_CHECK_PLACES,
  HEALTH_CHECK_TABLE,
  RETRY_BUDGET_TABLE,
  type OptionFacts,
} from '../../../src/report/policy-tables';
import { applyKnob, findKnobs, type Knob, type KnobUnit } from '../../../src/ui/knobs/knobs';

/** A knob as one line: id, label, path, value, [min, max] / step, unit, group. */
const row = (k: Knob): string =>
  `${k.id} | ${k.label} | ${k.path.join('.')} | ${k.value} [${k.min}, ${k.max}] / ${k.step} ${k.unit} | ${k.group}`;

const UNITS: Readonly<Record<OptionFacts['kind'], KnobUnit | null>> = {
  count: 'count',
  duration: 'ms',
  percent: 'percent',
  number: 'number',
  rate: 'rps',
  statuses: null,
};

/** A value each kind accepts, as written and as the knob reads it. */
function sample(facts: OptionFacts): { written: string; value: number } {
  switch (facts.kind) {
    case 'duration':
      return { written: '2s', value: 2000 };
    case 'number':
      return { written: '0.5', value: 0.5 };
    case 'percent':
      return { written: '20', value: 20 };
    default:
      return { written: '5', value: 5 };
  }
}

/** A mesh scenario whose `api` policy writes `policy`, one line. */
const meshWith = (policy: string): string =>
  [
    'clients: [ { id: web, arrival: { rate: 10 } } ]',
    'gateway: { routes: [ { service: api } ] }',
    'services: [ { id: api } ]',
    'mesh:',
    '  enabled: true',
    '  policies:',
    '    api:',
    `      ${policy}`,
    '',
  ].join('\n');

/** A scenario whose route `checkout` writes `field`, one line. */
const routeWith = (field: string): string =>
  [
    'clients: [ { id: web, arrival: { rate: 10 } } ]',
    'gateway:',
    '  routes:',
    '    - id: checkout',
    '      service: api',
    `      ${field}`,
    'services: [ { id: api } ]',
    '',
  ].join('\n');

/** `[where, option, facts, text, path of the option]` for every numeric option of every registry. */
type Case = [string, string, OptionFacts, string, readonly (string | number)[]];

const numeric = (table: Readonly<Record<string, OptionFacts>>) =>
  Object.entries(table).filter(([, facts]) => facts.kind !== 'statuses');

const CASES: Case[] = [
  ...Object.entries(BREAKER_TABLE).flatMap(([breaker, options]) =>
    numeric(options).map(([option, facts]): Case => [
      `mesh ${breaker}`,
      option,
      facts,
      meshWith(`${breaker}: { ${option}: ${sample(facts).written} }`),
      ['mesh', 'policies', 'api', breaker, option],
    ]),
  ),
  ...Object.entries(HEALTH_CHECK_TABLE).flatMap(([check, options]) =>
    numeric(options).map(([option, facts]): Case => {
      const written = `${check}: { ${option}: ${sample(facts).written} }`;
      return HEALTH_CHECK_PLACES[check as keyof typeof HEALTH_CHECK_PLACES] === 'mesh'
        ? [`mesh ${check}`, option, facts, meshWith(written), ['mesh', 'policies', 'api', check, option]]
        : [
            `route ${check}`,
            option,
            facts,
            routeWith(`healthchecks: { ${written} }`),
            ['gateway', 'routes', 0, 'healthchecks', check, option],
          ];
    }),
  ),
  ...Object.entries(RETRY_BUDGET_TABLE).flatMap(([kind, options]) =>
    numeric(options).map(([option, facts]): Case => [
      `${kind} budget`,
      option,
      facts,
      meshWith(`retries: { attempts: 2, budget: { ${option}: ${sample(facts).written} } }`),
      ['mesh', 'policies', 'api', 'retries', 'budget', option],
    ]),
  ),
  ...Object.entries(BALANCER_TABLE).flatMap(([balancer, options]) =>
    numeric(options).flatMap(([option, facts]): Case[] => {
      const written = `loadBalancer: { name: ${balancer}, ${option}: ${sample(facts).written} }`;
      return [
        [
          `mesh ${balancer}`,
          option,
          facts,
          meshWith(written),
          ['mesh', 'policies', 'api', 'loadBalancer', option],
        ],
        [
          `route ${balancer}`,
          option,
          facts,
          routeWith(written),
          ['gateway', 'routes', 0, 'loadBalancer', option],
        ],
      ];
    }),
  ),
];

describe('policy knobs', () => {
  test('every registry has its options covered', () => {
    // 9 breaker options, 15 health checks', 5 budgets', and 5 balancers' twice (a route, a mesh policy).
    expect(CASES.length).toBe(39);
  });

  test.each(CASES)(
    '%s %s: found at its place, with its unit and a range within its bounds',
    (_, option, facts, text, path) => {
      const found = findKnobs(text).filter((k) => k.path.join('.') === path.join('.'));
      expect(found).toHaveLength(1);
      const [knob] = found;
      const { value, written } = sample(facts);
      expect(knob.value).toBe(value);
      expect(knob.unit).toBe(UNITS[facts.kind]);
      expect(knob.label.endsWith(` ${option}`)).toBe(true);
      expect(knob.min).toBeLessThanOrEqual(value);
      expect(knob.max).toBeGreaterThanOrEqual(value);
      expect(knob.min).toBeGreaterThanOrEqual(facts.lowest);
      if (facts.highest !== undefined) expect(knob.max).toBeLessThanOrEqual(facts.highest);
      // Edited in place: the option's value, and not one other byte.
      const line = text.split('\n').findIndex((l) => l.includes(`${option}: ${written}`));
      expect(line).toBeGreaterThan(0);
      const next = applyKnob(text, knob, knob.max);
      const lines = next.split('\n');
      expect(lines.filter((l, i) => l !== text.split('\n')[i])).toHaveLength(1);
      expect(lines[line]).not.toBe(text.split('\n')[line]);
      expect(findKnobs(next).find((k) => k.id === knob.id)?.value).toBe(knob.max);
    },
  );

  test("a breaker's pool, a budget's ratio, an ejection's time: the ranges a learner sees", () => {
    const text = [
      'services: [ { id: payments }, { id: catalog } ]',
      'mesh:',
      '  enabled: true',
      '  defaults:',
      '    retries: { budget: { ratio: 0.2, minPerSecond: 10, ttl: 10s } }',
      '  policies:',
      '    payments:',
      '      connectionPool: { maxConnections: 10, maxPendingRequests: unlimited }',
      '      circuitBreaker: { failureRateThreshold: 50, waitDurationInOpenState: 5s }',
      '    catalog:',
      '      loadBalancer: { name: LEAST_REQUEST, choiceCount: 3 }',
      '      outlierDetection: { consecutive5xxErrors: 5, baseEjectionTime: 30s, maxEjectionPercent: 50 }',
      '      retries: { budget: { percent: 20, minConcurrent: 3 } }',
    ].join('\n');
    expect(findKnobs(text).map(row)).toEqual([
      'mesh.defaults.budget.ratio | defaults budget ratio | mesh.defaults.retries.budget.ratio | 0.2 [0.02, 1] / 0.01 number | Mesh',
      'mesh.defaults.budget.minPerSecond | defaults budget minPerSecond | mesh.defaults.retries.budget.minPerSecond | 10 [1, 50] / 0.5 rps | Mesh',
      'mesh.defaults.budget.ttl | defaults budget ttl | mesh.defaults.retries.budget.ttl | 10000 [1000, 50000] / 500 ms | Mesh',
      'mesh.policy.payments.connectionPool.maxConnections | payments maxConnections | mesh.policies.payments.connectionPool.maxConnections | 10 [1, 30] / 1 count | Mesh',
      'mesh.policy.payments.circuitBreaker.failureRateThreshold | payments failureRateThreshold | mesh.policies.payments.circuitBreaker.failureRateThreshold | 50 [1, 100] / 1 percent | Mesh',
      'mesh.policy.payments.circuitBreaker.waitDurationInOpenState | payments waitDurationInOpenState | mesh.policies.payments.circuitBreaker.waitDurationInOpenState | 5000 [500, 50000] / 500 ms | Mesh',
      'mesh.policy.catalog.loadBalancer.choiceCount | catalog choiceCount | mesh.policies.catalog.loadBalancer.choiceCount | 3 [1, 10] / 1 count | Mesh',
      'mesh.policy.catalog.outlierDetection.consecutive5xxErrors | catalog consecutive5xxErrors | mesh.policies.catalog.outlierDetection.consecutive5xxErrors | 5 [0, 15] / 1 count | Mesh',
      'mesh.policy.catalog.outlierDetection.baseEjectionTime | catalog baseEjectionTime | mesh.policies.catalog.outlierDetection.baseEjectionTime | 30000 [2000, 200000] / 2000 ms | Mesh',
      'mesh.policy.catalog.outlierDetection.maxEjectionPercent | catalog maxEjectionPercent | mesh.policies.catalog.outlierDetection.maxEjectionPercent | 50 [0, 100] / 1 percent | Mesh',
      'mesh.policy.catalog.budget.percent | catalog budget percent | mesh.policies.catalog.retries.budget.percent | 20 [0, 100] / 1 percent | Mesh',
      'mesh.policy.catalog.budget.minConcurrent | catalog budget minConcurrent | mesh.policies.catalog.retries.budget.minConcurrent | 3 [0, 10] / 1 count | Mesh',
    ]);
  });

  test('the value keeps its written form: a budget ratio stays a decimal, a duration its unit', () => {
    const text = meshWith('retries: { budget: { ratio: 0.2, ttl: 10s } }');
    const [ratio, ttl] = findKnobs(text).filter((k) => k.group === 'Mesh');
    expect(applyKnob(text, ratio, 0.35)).toContain('budget: { ratio: 0.35, ttl: 10s }');
    expect(applyKnob(text, ttl, 2500)).toContain('budget: { ratio: 0.2, ttl: 2.5s }');
  });

  test('not knobs: a list of statuses, `unlimited`, a balancer by name alone or of another name, options only a variant writes, a mesh that is off', () => {
    const policyKnobs = (text: string) => findKnobs(text).filter((k) => k.group !== 'Clients');
    expect(policyKnobs(routeWith('healthchecks: { passive: { httpStatuses: [500] } }'))).toEqual([]);
    expect(policyKnobs(meshWith('connectionPool: { maxConnections: unlimited }'))).toEqual([]);
    expect(policyKnobs(meshWith('loadBalancer: LEAST_REQUEST'))).toEqual([]);
    expect(policyKnobs(meshWith('loadBalancer: { name: ROUND_ROBIN, choiceCount: 3 }'))).toEqual([]);
    expect(policyKnobs(meshWith('loadBalancer: { name: toString, choiceCount: 3 }'))).toEqual([]);
    expect(
      policyKnobs(
        `${meshWith('timeout: 1s')}variants: [ { name: v, mesh: { policies: { api: { connectionPool: { maxConnections: 5 } } } } } ]\n`,
      ).map((k) => k.id),
    ).toEqual(['mesh.policy.api.timeout']);
    expect(
      policyKnobs(
        meshWith('connectionPool: { maxConnections: 5 }').replace('enabled: true', 'enabled: false'),
      ),
    ).toEqual([]);
  });
});
