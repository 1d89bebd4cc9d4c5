import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { CircuitBreaker, breakerMachine, type BreakerEvent } from '../../../src/model/mesh';
import type { CircuitBreakerSpec } from '../../../src/scenario/types';

const SEED = 50_100;

/** resilience4j's defaults. */
const R4J: CircuitBreakerSpec = {
  failureRateThreshold: 50,
  slidingWindowSize: 100,
  minimumNumberOfCalls: 100,
  waitDurationInOpenState: 60_000,
  permittedCallsInHalfOpen: 10,
};

/** A small breaker: window 4, judged from 2 calls, open 1 s, 2 trials. */
const SMALL: CircuitBreakerSpec = {
  failureRateThreshold: 50,
  slidingWindowSize: 4,
  minimumNumberOfCalls: 2,
  waitDurationInOpenState: 1000,
  permittedCallsInHalfOpen: 2,
};

/** Lets a call through and records its outcome (S: success, F: failure), one per character. */
function calls(cb: CircuitBreaker, now: number, outcomes: string): void {
  for (const c of outcomes) {
    expect(cb.tryAcquire(now)).toBe(true);
    cb.record(now, c === 'S');
  }
}

describe('CircuitBreaker', () => {
  it('resilience4j defaults: no judgement before 100 calls; 100 failures open it', () => {
    const cb = new CircuitBreaker(R4J);
    calls(cb, 0, 'F'.repeat(99));
    expect(cb.state).toBe('closed');
    expect(cb.failureRate).toBe(-1);
    calls(cb, 0, 'F');
    expect(cb.state).toBe('open');
    expect(cb.opened).toBe(1);
    expect(cb.openUntil).toBe(60_000);
  });

  it('opens at a failure rate equal to the threshold, not below it', () => {
    // 99 calls, 49 failed: below the minimum. The 100th, a failure, makes 50 %: open.
    const at = new CircuitBreaker(R4J);
    calls(at, 0, 'SF'.repeat(49) + 'S');
    expect(at.state).toBe('closed');
    calls(at, 0, 'F');
    expect(at.state).toBe('open');
    // The 100th a success instead: 49 %, closed.
    const below = new CircuitBreaker(R4J);
    calls(below, 0, 'SF'.repeat(49) + 'SS');
    expect(below.state).toBe('closed');
    expect(below.failureRate).toBe(49);
  });

  it('the window holds the last slidingWindowSize outcomes', () => {
    const cb = new CircuitBreaker({ ...SMALL, minimumNumberOfCalls: 4 });
    calls(cb, 0, 'SFSS');
    expect(cb.failureRate).toBe(25);
    calls(cb, 0, 'SSSS');
    expect(cb.failureRate).toBe(0);
    calls(cb, 0, 'F');
    expect(cb.failureRate).toBe(25);
    expect(cb.state).toBe('closed');
    calls(cb, 0, 'F');
    expect(cb.state).toBe('open');
  });

  it('a minimum above the window is capped at the window, as resilience4j does', () => {
    const cb = new CircuitBreaker({ ...SMALL, minimumNumberOfCalls: 50 });
    calls(cb, 0, 'FFF');
    expect(cb.state).toBe('closed');
    calls(cb, 0, 'F');
    expect(cb.state).toBe('open');
  });

  it('open: refuses calls until the wait is over, then half-open admits permittedCallsInHalfOpen trials', () => {
    const cb = new CircuitBreaker(SMALL);
    calls(cb, 100, 'FF');
    expect(cb.state).toBe('open');
    expect(cb.tryAcquire(500)).toBe(false);
    expect(cb.tryAcquire(1099.9)).toBe(false);
    expect(cb.state).toBe('open');
    expect(cb.refused).toBe(2);
    expect(cb.tryAcquire(1100)).toBe(true);
    expect(cb.state).toBe('half-open');
    expect(cb.openUntil).toBeNaN();
    expect(cb.tryAcquire(1100)).toBe(true);
    expect(cb.tryAcquire(1100)).toBe(false);
    expect(cb.tryAcquire(9999)).toBe(false);
    expect(cb.refused).toBe(4);
  });

  it('half-open: trials below the threshold close it with an empty window', () => {
    const cb = new CircuitBreaker(SMALL);
    calls(cb, 0, 'FF');
    expect(cb.tryAcquire(1000)).toBe(true);
    expect(cb.tryAcquire(1000)).toBe(true);
    cb.record(1010, true);
    expect(cb.state).toBe('half-open');
    expect(cb.failureRate).toBe(-1);
    cb.record(1020, true);
    expect(cb.state).toBe('closed');
    // Empty window: one failure is below the minimum of 2; a second opens it again.
    calls(cb, 1030, 'F');
    expect(cb.state).toBe('closed');
    calls(cb, 1040, 'F');
    expect(cb.state).toBe('open');
    expect(cb.opened).toBe(2);
  });

  it('half-open: trials at the threshold open it again for another wait', () => {
    const cb = new CircuitBreaker(SMALL);
    calls(cb, 0, 'FF');
    calls(cb, 1000, 'S');
    calls(cb, 1005, 'F');
    expect(cb.state).toBe('open');
    expect(cb.opened).toBe(2);
    expect(cb.openUntil).toBe(2005);
    expect(cb.tryAcquire(2004)).toBe(false);
    expect(cb.tryAcquire(2005)).toBe(true);
  });

  it('half-open judges after min(minimumNumberOfCalls, permittedCallsInHalfOpen) trials', () => {
    const cb = new CircuitBreaker({ ...SMALL, permittedCallsInHalfOpen: 5 });
    calls(cb, 0, 'FF');
    calls(cb, 1000, 'SS');
    expect(cb.state).toBe('closed');
    // With resilience4j defaults (minimum 100, 10 trials) that is after all 10 trials.
    const r4j = new CircuitBreaker(R4J);
    calls(r4j, 0, 'F'.repeat(100));
    calls(r4j, 60_000, 'SSSSSFFFF');
    expect(r4j.state).toBe('half-open');
    calls(r4j, 60_000, 'F');
    expect(r4j.state).toBe('open');
  });

  it('results that arrive while open are ignored', () => {
    const cb = new CircuitBreaker(SMALL);
    expect(cb.tryAcquire(0)).toBe(true);
    expect(cb.tryAcquire(0)).toBe(true);
    expect(cb.tryAcquire(0)).toBe(true);
    cb.record(1, false);
    cb.record(2, false);
    expect(cb.state).toBe('open');
    cb.record(3, false); // the third call, let through before it opened
    calls(cb, 1002, 'SS');
    expect(cb.state).toBe('closed');
  });

  it('a wait of 0 moves to half-open at the next call', () => {
    const cb = new CircuitBreaker({ ...SMALL, waitDurationInOpenState: 0 });
    calls(cb, 7, 'FF');
    expect(cb.state).toBe('open');
    expect(cb.tryAcquire(7)).toBe(true);
    expect(cb.state).toBe('half-open');
  });

  it('breakerMachine: closed -> open -> half-open -> closed or open, and nothing else', () => {
    const events: BreakerEvent['type'][] = ['failureRateExceeded', 'waitElapsed', 'failureRateBelow'];
    const table: Record<string, Record<string, string>> = {};
    for (const from of ['closed', 'open', 'half-open']) {
      table[from] = {};
      for (const type of events) {
        let snapshot = initialTransition(breakerMachine)[0];
        const path: BreakerEvent['type'][] =
          from === 'closed'
            ? []
            : from === 'open'
              ? ['failureRateExceeded']
              : ['failureRateExceeded', 'waitElapsed'];
        for (const step of path) snapshot = transition(breakerMachine, snapshot, { type: step })[0];
        expect(snapshot.value).toBe(from);
        table[from][type] = transition(breakerMachine, snapshot, { type })[0].value as string;
      }
    }
    expect(table).toEqual({
      closed: { failureRateExceeded: 'open', waitElapsed: 'closed', failureRateBelow: 'closed' },
      open: { failureRateExceeded: 'open', waitElapsed: 'half-open', failureRateBelow: 'open' },
      'half-open': { failureRateExceeded: 'open', waitElapsed: 'half-open', failureRateBelow: 'closed' },
    });
    expect(Object.keys(breakerMachine.config.states ?? {})).toEqual(['closed', 'open', 'half-open']);
  });

  it('refuses bad specs, naming the field and the value', () => {
    const bad = (patch: Partial<CircuitBreakerSpec>) => () => new CircuitBreaker({ ...R4J, ...patch });
    expect(bad({ failureRateThreshold: 0 })).toThrow(
      'circuitBreaker.failureRateThreshold: expected a percent above 0 and at most 100, got 0',
    );
    expect(bad({ failureRateThreshold: 120 })).toThrow('got 120');
    expect(bad({ slidingWindowSize: 0 })).toThrow(
      'circuitBreaker.slidingWindowSize: expected a whole number of 1 or more, got 0',
    );
    expect(bad({ minimumNumberOfCalls: 1.5 })).toThrow('circuitBreaker.minimumNumberOfCalls');
    expect(bad({ waitDurationInOpenState: -1 })).toThrow(
      'circuitBreaker.waitDurationInOpenState: expected a number of 0 or more, got -1',
    );
    expect(bad({ permittedCallsInHalfOpen: 0 })).toThrow('circuitBreaker.permittedCallsInHalfOpen');
  });

  it(`agrees with a plain reference model on random traffic (fast-check seed ${SEED})`, () => {
    const arb = fc.record({
      threshold: fc.constantFrom(10, 25, 50, 66.6, 100),
      size: fc.integer({ min: 1, max: 8 }),
      minimum: fc.integer({ min: 1, max: 10 }),
      wait: fc.integer({ min: 0, max: 500 }),
      permitted: fc.integer({ min: 1, max: 4 }),
      ops: fc.array(
        fc.record({ acquire: fc.boolean(), success: fc.boolean(), gap: fc.integer({ min: 0, max: 200 }) }),
        { maxLength: 300 },
      ),
    });
    fc.assert(
      fc.property(arb, ({ threshold, size, minimum, wait, permitted, ops }) => {
        const spec = {
          failureRateThreshold: threshold,
          slidingWindowSize: size,
          minimumNumberOfCalls: minimum,
          waitDurationInOpenState: wait,
          permittedCallsInHalfOpen: permitted,
        };
        const cb = new CircuitBreaker(spec);
        const ref = new ReferenceBreaker(spec);
        let now = 0;
        let pending = 0; // calls let through and not yet recorded
        for (const o of ops) {
          now += o.gap;
          if (o.acquire || pending === 0) {
            const a = cb.tryAcquire(now);
            expect(a).toBe(ref.tryAcquire(now));
            if (a) pending++;
          } else {
            pending--;
            cb.record(now, o.success);
            ref.record(now, o.success);
          }
          expect(cb.state).toBe(ref.state);
          expect(cb.opened).toBe(ref.opened);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

/** The breaker's rules written as plainly as possible, with arrays, to check `CircuitBreaker` against. */
class ReferenceBreaker {
  state: 'closed' | 'open' | 'half-open' = 'closed';
  opened = 0;
  private outcomes: boolean[] = [];
  private trials: boolean[] = [];
  private openedAt = 0;
  private admitted = 0;

  constructor(private readonly spec: CircuitBreakerSpec) {}

  tryAcquire(now: number): boolean {
    if (this.state === 'open' && now - this.openedAt >= this.spec.waitDurationInOpenState) {
      this.state = 'half-open';
      this.trials = [];
      this.admitted = 0;
    }
    if (this.state === 'closed') return true;
    if (this.state === 'open') return false;
    if (this.admitted >= this.spec.permittedCallsInHalfOpen) return false;
    this.admitted++;
    return true;
  }

  record(now: number, success: boolean): void {
    const rate = (list: boolean[]) => (100 * list.filter((s) => !s).length) / list.length;
    if (this.state === 'closed') {
      this.outcomes = [...this.outcomes, success].slice(-this.spec.slidingWindowSize);
      const minimum = Math.min(this.spec.minimumNumberOfCalls, this.spec.slidingWindowSize);
      if (this.outcomes.length >= minimum && rate(this.outcomes) >= this.spec.failureRateThreshold - 1e-9) {
        this.open(now);
      }
    } else if (this.state === 'half-open') {
      this.trials.push(success);
      const minimum = Math.min(this.spec.minimumNumberOfCalls, this.spec.permittedCallsInHalfOpen);
      if (this.trials.length < minimum) return;
      if (rate(this.trials) >= this.spec.failureRateThreshold - 1e-9) {
        this.open(now);
      } else {
        this.state = 'closed';
        this.outcomes = [];
      }
    }
  }

  private open(now: number): void {
    this.state = 'open';
    this.openedAt = now;
    this.opened++;
  }
}
