import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnvoyRetryBudget, LinkerdRetryBudget, retryBudget } from '../../../src/model/mesh';
import type { RetryBudgetSpec } from '../../../src/scenario/types';

const SEED = 20_010;

/** Asks for retries at `now` until refused; returns how many were granted. */
function drain(budget: { tryRetry(now: number): boolean }, now: number): number {
  let granted = 0;
  while (budget.tryRetry(now)) granted++;
  return granted;
}

describe('retryBudget', () => {
  it('builds the kind the spec names', () => {
    expect(retryBudget({ kind: 'envoy', percent: 20, minConcurrent: 3 })).toBeInstanceOf(EnvoyRetryBudget);
    expect(retryBudget({ kind: 'linkerd', ratio: 0.2, minPerSecond: 10, ttl: 10_000 })).toBeInstanceOf(
      LinkerdRetryBudget,
    );
    expect(() => retryBudget({ kind: 'finagle' } as unknown as RetryBudgetSpec)).toThrow(
      'retries.budget.kind: expected envoy or linkerd, got finagle',
    );
  });
});

describe('EnvoyRetryBudget', () => {
  it('allows max(minConcurrent, percent of active requests) retries in flight', () => {
    const b = new EnvoyRetryBudget(20, 3);
    expect(drain(b, 0)).toBe(3);
    expect(b.denied).toBe(1);
    for (const [active, allowed] of [
      [15, 3],
      [19, 3],
      [20, 4],
      [24, 4],
      [100, 20],
      [1001, 200],
    ]) {
      const budget = new EnvoyRetryBudget(20, 3);
      for (let k = 0; k < active; k++) budget.requestStarted(0);
      expect([active, drain(budget, 0)]).toEqual([active, allowed]);
    }
  });

  it('a retry that ends frees its slot; a request that ends shrinks the budget', () => {
    const b = new EnvoyRetryBudget(20, 0);
    for (let k = 0; k < 10; k++) b.requestStarted(0);
    expect(drain(b, 0)).toBe(2);
    b.retryEnded(1);
    expect(b.inFlight).toBe(1);
    expect(b.tryRetry(1)).toBe(true);
    for (let k = 0; k < 5; k++) b.requestEnded(2);
    b.retryEnded(2);
    b.retryEnded(2);
    // 5 active: 20 % is 1.
    expect(drain(b, 2)).toBe(1);
    expect(b.active).toBe(5);
    expect(b.denied).toBe(2);
  });

  it('percent 0 and minimum 0 allow no retry; ends never drive counts below 0', () => {
    const b = new EnvoyRetryBudget(0, 0);
    b.requestEnded(0);
    b.retryEnded(0);
    b.requestStarted(0);
    expect(b.tryRetry(0)).toBe(false);
    expect([b.active, b.inFlight]).toEqual([1, 0]);
  });

  it('refuses bad settings, naming the field and the value', () => {
    expect(() => new EnvoyRetryBudget(120, 3)).toThrow(
      'retries.budget.percent: expected a number from 0 to 100, got 120',
    );
    expect(() => new EnvoyRetryBudget(20, -1)).toThrow(
      'retries.budget.minConcurrent: expected a whole number of 0 or more, got -1',
    );
  });

  it(`never grants a retry past max(minConcurrent, percent x active / 100) (fast-check seed ${SEED})`, () => {
    const op = fc.constantFrom('start', 'end', 'retry', 'retry', 'retryEnd');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.nat(5),
        fc.array(op, { maxLength: 300 }),
        (pct, min, ops) => {
          const b = new EnvoyRetryBudget(pct, min);
          let active = 0;
          let inFlight = 0;
          for (const o of ops) {
            if (o === 'start') {
              b.requestStarted(0);
              active++;
            } else if (o === 'end') {
              b.requestEnded(0);
              active = Math.max(0, active - 1);
            } else if (o === 'retryEnd') {
              b.retryEnded(0);
              inFlight = Math.max(0, inFlight - 1);
            } else {
              const cap = Math.max(min, Math.floor((pct * active) / 100));
              expect(b.tryRetry(0)).toBe(inFlight < cap);
              if (inFlight < cap) inFlight++;
            }
            expect([b.active, b.inFlight]).toEqual([active, inFlight]);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('LinkerdRetryBudget', () => {
  const linkerd = () => new LinkerdRetryBudget(0.2, 10, 10_000);

  it('with no traffic allows minPerSecond x ttl retries a window (10/s x 10 s = 100)', () => {
    const b = linkerd();
    expect(b.reserve).toBe(100);
    expect(drain(b, 0)).toBe(100);
    expect(b.denied).toBe(1);
  });

  it('each request adds ratio of a retry: 10 requests make room for 2 more', () => {
    const b = linkerd();
    expect(drain(b, 0)).toBe(100);
    for (let k = 0; k < 9; k++) b.requestStarted(5);
    expect(drain(b, 5)).toBe(1); // 1.8 allowed: one whole retry
    b.requestStarted(5);
    expect(drain(b, 5)).toBe(1); // 2.0 in all
    expect(b.allowance(5)).toBeCloseTo(0, 9);
  });

  it('the window is the current tenth of ttl and the ten before it: counts leave it 11 buckets later', () => {
    const b = linkerd();
    expect(drain(b, 0)).toBe(100); // all in bucket [0, 1 000)
    expect(drain(b, 10_999)).toBe(0); // bucket 10: bucket 0 still in the window
    expect(drain(b, 11_000)).toBe(100); // bucket 11: bucket 0 has left
    // Requests leave the same way.
    const r = linkerd();
    for (let k = 0; k < 50; k++) r.requestStarted(500);
    expect(r.allowance(10_999)).toBe(110);
    expect(r.allowance(11_000)).toBe(100);
    // A jump of more than a whole window empties it.
    r.tryRetry(11_000);
    expect(r.allowance(1e6)).toBe(100);
  });

  it('requestEnded and retryEnded change nothing (Linkerd counts starts)', () => {
    const b = linkerd();
    b.requestEnded(0);
    b.retryEnded(0);
    expect(b.allowance(0)).toBe(100);
  });

  it('refuses bad settings, naming the field and the value', () => {
    expect(() => new LinkerdRetryBudget(-0.1, 10, 10_000)).toThrow(
      'retries.budget.ratio: expected a number of 0 or more, got -0.1',
    );
    expect(() => new LinkerdRetryBudget(0.2, NaN, 10_000)).toThrow('retries.budget.minPerSecond');
    expect(() => new LinkerdRetryBudget(0.2, 10, 0)).toThrow(
      'retries.budget.ttl: expected a number above 0, got 0',
    );
  });

  it('BEHAVIOUR 9: every request failing, retries asked without limit: ~20 % of the load + 10/s, ~1.2 x at 1000 rps', () => {
    // Steady state, from 20 s to 120 s. The window spans 10 to 11 s (11 buckets of 1 s), so per second
    // retries are 0.2 x load exactly plus 100 per 11 s (9.09/s): between 0.2 x load + 10/1.1 and
    // 0.2 x load + 10 per second.
    for (const load of [10, 50, 100, 1000]) {
      const b = linkerd();
      const gap = 1000 / load;
      let requests = 0;
      let retries = 0;
      for (let k = 0; k * gap < 120_000; k++) {
        const t = k * gap;
        b.requestStarted(t);
        const granted = drain(b, t);
        if (t >= 20_000) {
          requests++;
          retries += granted;
        }
      }
      const perSecond = retries / 100;
      expect(perSecond).toBeGreaterThanOrEqual(0.2 * load + 10 / 1.1 - 0.1);
      expect(perSecond).toBeLessThanOrEqual(0.2 * load + 10);
      if (load === 1000) {
        const amplification = (requests + retries) / requests;
        expect(amplification).toBeGreaterThan(1.2);
        expect(amplification).toBeLessThan(1.21);
      }
    }
  });

  it(`agrees with counting timestamps over the last 11 buckets (fast-check seed ${SEED})`, () => {
    const op = fc.record({ retry: fc.boolean(), gap: fc.integer({ min: 0, max: 700 }) });
    const arb = fc.record({
      ratio: fc.constantFrom(0, 0.1, 0.2, 0.5, 1, 2),
      minPerSecond: fc.constantFrom(0, 1, 3, 10),
      ttl: fc.constantFrom(1000, 2500, 10_000),
      ops: fc.array(op, { maxLength: 400 }),
    });
    fc.assert(
      fc.property(arb, ({ ratio, minPerSecond, ttl, ops }) => {
        const b = new LinkerdRetryBudget(ratio, minPerSecond, ttl);
        const width = ttl / 10;
        const requests: number[] = [];
        const retries: number[] = [];
        let now = 0;
        for (const o of ops) {
          now += o.gap;
          if (!o.retry) {
            b.requestStarted(now);
            requests.push(now);
            continue;
          }
          const oldest = Math.floor(now / width) - 10;
          const inWindow = (ts: number[]) => ts.filter((t) => Math.floor(t / width) >= oldest).length;
          const allowed =
            inWindow(retries) + 1 <= ratio * inWindow(requests) + (minPerSecond * ttl) / 1000 + 1e-9;
          expect(b.tryRetry(now)).toBe(allowed);
          if (allowed) retries.push(now);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
