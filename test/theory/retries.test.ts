/**
 * Retries of independent failures (docs/theory.md#retries-of-independent-failures, a truncated
 * geometric): with failure probability p and at most n tries, E[tries] = (1 - p^n) / (1 - p) and
 * P(success) = 1 - p^n.
 *
 * Tolerances come from the binomial standard error: with N requests, P(success) has sd
 * sqrt(P(1-P)/N) and the mean number of tries sqrt(Var/N), with Var the exact variance of the
 * truncated geometric; every check allows 5 of those standard deviations.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types';
import { loadLibraryScenario } from '../support/load';
import { runScenarioWithinBudget } from '../support/event-budget';

function withFailures(base: Scenario, p: number, tries: number): Scenario {
  const gateway = base.gateway!;
  return {
    ...base,
    gateway: {
      ...gateway,
      routes: gateway.routes.map((route) => ({
        ...route,
        retries: { ...route.retries, attempts: tries - 1 },
      })),
    },
    services: base.services.map((service) => ({ ...service, errorRate: p })),
  };
}

/** Variance of the number of tries: P(k tries) = p^(k-1) (1 - p) for k < n, and p^(n-1) for k = n. */
function triesVariance(p: number, n: number): number {
  let mean = 0;
  let square = 0;
  for (let k = 1; k <= n; k++) {
    const probability = k < n ? p ** (k - 1) * (1 - p) : p ** (n - 1);
    mean += k * probability;
    square += k * k * probability;
  }
  return square - mean * mean;
}

describe('retries of independent failures', () => {
  const base = loadLibraryScenario('queueing/retries.yaml').base;
  const cases = [
    { p: 0.05, n: 3, tries: 1.0525, success: 0.999875 },
    { p: 0.1, n: 3, tries: 1.11, success: 0.999 },
    { p: 0.5, n: 3, tries: 1.75, success: 0.875 },
    { p: 0.2, n: 5, tries: 1.2496, success: 0.99968 },
  ];
  for (const { p, n, tries, success } of cases) {
    it(`p = ${p}, at most ${n} tries: E[tries] = ${tries}, P(success) = ${success}`, () => {
      const r = runScenarioWithinBudget(withFailures(base, p, n), 'retries');
      const requests = r.requests.generated;
      expect(requests).toBeGreaterThan(150_000);
      expect(r.requests.inFlight).toBe(0);
      const successSd = Math.sqrt((success * (1 - success)) / requests);
      expect(Math.abs(r.requests.ok / requests - success)).toBeLessThanOrEqual(5 * successSd + 1e-9);
      const triesSd = Math.sqrt(triesVariance(p, n) / requests);
      expect(Math.abs(r.attempts.total / requests - tries)).toBeLessThanOrEqual(5 * triesSd);
      // Exact bookkeeping: every try past the first is a retry, and the service served every try.
      expect(r.attempts.total - r.attempts.retries).toBe(requests);
      expect(r.components.flaky.served).toBe(r.attempts.total);
      expect(r.requests.byStatus['500'] ?? 0).toBe(r.requests.failed);
    });
  }
});
