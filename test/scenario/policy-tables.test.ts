/**
 * The registries' plain tables (what the page's sliders read) agree with the registries' checks
 * (what a file is held to): every declared option's kind and bounds are those its check enforces.
 * The compiler already makes each registry's options exactly its table's; this checks the values.
 */
import { describe, expect, test } from 'vitest';
import type { Check } from '../../src/scenario/checks';
import { Reporter } from '../../src/scenario/diagnostics';
import { BALANCERS } from '../../src/scenario/policies/balancers';
import { BALANCER_TABLE } from '../../src/scenario/policies/balancer-table';
import { BREAKERS } from '../../src/scenario/policies/breakers';
import { BREAKER_TABLE } from '../../src/scenario/policies/breaker-table';
import { HEALTH_CHECK_PLACES, HEALTH_CHECK_TABLE } from '../../src/scenario/policies/health-check-table';
import { HEALTH_CHECKS } from '../../src/scenario/policies/health-checks';
import { LIMITERS } from '../../src/scenario/policies/limiters';
import { LIMITER_TABLE } from '../../src/scenario/policies/limiter-table';
import type { OptionFacts, OptionTable } from '../../src/scenario/policies/option-kinds';
import { RETRY_BUDGETS } from '../../src/scenario/policies/retry-budgets';
import { RETRY_BUDGET_TABLE } from '../../src/scenario/policies/retry-budget-table';

type Declarations = Readonly<
  Record<string, { readonly options: Readonly<Record<string, { check: Check<unknown> }>> }>
>;

/** Whether `check` accepts the plain scalar `value`. */
function accepts(check: Check<unknown>, value: number | string): boolean {
  const r = new Reporter('t.yaml');
  check({ kind: 'scalar', pos: { line: 1, column: 1 }, value }, [], r);
  return r.errors.length === 0;
}

/** Every option of a registry with its facts and its check: `[policy.option, facts, check]`. */
function rows(table: OptionTable, declarations: Declarations): [string, OptionFacts, Check<unknown>][] {
  return Object.entries(table).flatMap(([policy, options]) =>
    Object.entries(options).map(([option, facts]): [string, OptionFacts, Check<unknown>] => [
      `${policy}.${option}`,
      facts,
      declarations[policy].options[option].check,
    ]),
  );
}

const ALL = [
  ...rows(BALANCER_TABLE, BALANCERS),
  ...rows(BREAKER_TABLE, BREAKERS),
  ...rows(HEALTH_CHECK_TABLE, HEALTH_CHECKS),
  ...rows(RETRY_BUDGET_TABLE, RETRY_BUDGETS),
].filter(([, facts]) => facts.kind !== 'statuses');

describe('policy tables', () => {
  test.each(ALL)(
    "%s: the check takes the table's lowest and highest, and nothing beyond",
    (_, facts, check) => {
      // Durations are checked as plain numbers of ms.
      expect(accepts(check, facts.lowest)).toBe(true);
      expect(accepts(check, facts.lowest - 1)).toBe(false);
      if (facts.highest !== undefined) {
        expect(accepts(check, facts.highest)).toBe(true);
        expect(accepts(check, facts.highest + 1)).toBe(false);
      }
      // A count is whole; every other kind takes a fraction.
      expect(accepts(check, facts.lowest + 0.5)).toBe(facts.kind !== 'count');
    },
  );

  test('a list of status codes is a list: no slider, its check takes a list only', () => {
    expect(HEALTH_CHECK_TABLE.passive.httpStatuses.kind).toBe('statuses');
    expect(accepts(HEALTH_CHECKS.passive.options.httpStatuses.check, 500)).toBe(false);
  });

  test('each health check is written where its registry says', () => {
    for (const [name, place] of Object.entries(HEALTH_CHECK_PLACES))
      expect(HEALTH_CHECKS[name as keyof typeof HEALTH_CHECKS].place).toBe(place);
  });

  test("each limiter's limits are fields of its shape", () => {
    for (const [name, { limits }] of Object.entries(LIMITER_TABLE))
      for (const field of limits)
        expect(Object.keys(LIMITERS[name as keyof typeof LIMITERS].shape)).toContain(field);
  });
});
