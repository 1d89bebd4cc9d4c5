import { initialTransition, setup, transition, type SnapshotFrom } from 'xstate';
import type { CircuitBreakerSpec, Millis } from '../../scenario/types';
import { nonNegative, positiveInteger } from '../limiters/limiter';

/** The three states of a breaker. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * What moves a breaker between its states. The breaker decides when to send them (see
 * `CircuitBreaker`); the machine only says where each one leads.
 */
export type BreakerEvent =
  /** The failure rate of the judged window reached the threshold. */
  | { readonly type: 'failureRateExceeded' }
  /** The wait in the open state is over (at the first call asked for after it). */
  | { readonly type: 'waitElapsed' }
  /** The trial calls of half-open came out below the threshold. */
  | { readonly type: 'failureRateBelow' };

/**
 * The state graph of a resilience4j breaker as an xstate machine, for the UI to draw and for
 * `CircuitBreaker` to step with xstate's pure `transition`. No context and no delays: counting and
 * time stay in `CircuitBreaker`, so the machine moves only when the state changes.
 */
export const breakerMachine = setup({
  types: { events: {} as BreakerEvent },
}).createMachine({
  id: 'circuitBreaker',
  initial: 'closed',
  states: {
    closed: { on: { failureRateExceeded: 'open' } },
    open: { on: { waitElapsed: 'half-open' } },
    'half-open': { on: { failureRateExceeded: 'open', failureRateBelow: 'closed' } },
  },
});

type BreakerSnapshot = SnapshotFrom<typeof breakerMachine>;

const EXCEEDED: BreakerEvent = { type: 'failureRateExceeded' };
const ELAPSED: BreakerEvent = { type: 'waitElapsed' };
const BELOW: BreakerEvent = { type: 'failureRateBelow' };

/**
 * A resilience4j-style circuit breaker with a COUNT_BASED sliding window, on the caller's side of
 * one destination. Slow-call detection is not modelled (resilience4j's slow-call threshold is
 * 100 % of calls over 60 s by default, so it rarely decides).
 *
 * 1. closed: every call may go. Each result enters a ring of the last `slidingWindowSize`
 *    outcomes. Once the ring holds at least `min(minimumNumberOfCalls, slidingWindowSize)` of them
 *    (resilience4j caps the minimum at the window), the failure rate is `failures x 100 / calls`;
 *    at or above `failureRateThreshold` the breaker opens.
 * 2. open: no call may go. Results of calls let through before it opened are ignored (resilience4j
 *    records them into metrics it throws away). At the first `tryAcquire` with
 *    `now >= openedAt + waitDurationInOpenState` it moves to half-open and that call is its first
 *    trial (resilience4j's default, no automatic transition; it uses a strict `isAfter`).
 * 3. half-open: at most `permittedCallsInHalfOpen` calls go in all. Their results are counted
 *    apart; once `min(minimumNumberOfCalls, permittedCallsInHalfOpen)` are in (resilience4j's
 *    half-open window is a count window of the permitted size, minimum capped the same way), a
 *    failure rate at or above the threshold opens it again, else it closes with an empty window.
 *
 * The rate is compared as `failures x 100 >= threshold x calls`, which is resilience4j's float
 * comparison without its rounding. Times are simulated ms and must not go back.
 */
export class CircuitBreaker {
  /** Times it opened (from closed or from half-open). */
  opened = 0;
  /** Calls refused so far (`tryAcquire` false). */
  refused = 0;

  private readonly threshold: number;
  private readonly window: Uint8Array;
  private readonly minimumCalls: number;
  private readonly wait: Millis;
  private readonly permitted: number;
  private readonly minimumTrials: number;
  private snapshot: BreakerSnapshot;
  private current: BreakerState = 'closed';
  // Closed: the ring of outcomes (1 = failure), its next slot, its size and its failures.
  private head = 0;
  private calls = 0;
  private failures = 0;
  // Open: when it opened. Half-open: permits left, trials recorded and failed.
  private openedAt = NaN;
  private permitsLeft = 0;
  private trials = 0;
  private trialFailures = 0;

  /** `spec`: checked here; errors name the field and value. */
  constructor(spec: CircuitBreakerSpec) {
    const threshold = spec.failureRateThreshold;
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 100)) {
      throw new RangeError(
        `circuitBreaker.failureRateThreshold: expected a percent above 0 and at most 100, got ${String(threshold)}`,
      );
    }
    this.threshold = threshold;
    const size = positiveInteger('circuitBreaker.slidingWindowSize', spec.slidingWindowSize);
    const minimum = positiveInteger('circuitBreaker.minimumNumberOfCalls', spec.minimumNumberOfCalls);
    this.wait = nonNegative('circuitBreaker.waitDurationInOpenState', spec.waitDurationInOpenState);
    this.permitted = positiveInteger(
      'circuitBreaker.permittedCallsInHalfOpen',
      spec.permittedCallsInHalfOpen,
    );
    this.window = new Uint8Array(size);
    this.minimumCalls = Math.min(minimum, size);
    this.minimumTrials = Math.min(minimum, this.permitted);
    this.snapshot = initialTransition(breakerMachine)[0];
  }

  /**
   * May a call go at `now`? closed: yes. open: no until `waitDurationInOpenState` has passed since it
   * opened, then it moves to half-open and this call is a trial. half-open: yes for at most
   * `permittedCallsInHalfOpen` calls in all. A true answer is a promise to `record` the call's result.
   */
  tryAcquire(now: Millis): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open') {
      if (!(now >= this.openedAt + this.wait)) {
        this.refused++;
        return false;
      }
      this.send(ELAPSED);
      this.permitsLeft = this.permitted;
      this.trials = 0;
      this.trialFailures = 0;
    }
    if (this.permitsLeft > 0) {
      this.permitsLeft--;
      return true;
    }
    this.refused++;
    return false;
  }

  /** A call let through ended at `now`, successfully or not (the caller classifies). */
  record(now: Millis, success: boolean): void {
    if (this.current === 'closed') {
      const failed = success ? 0 : 1;
      const size = this.window.length;
      if (this.calls === size) this.failures -= this.window[this.head];
      else this.calls++;
      this.window[this.head] = failed;
      this.failures += failed;
      this.head = this.head + 1 === size ? 0 : this.head + 1;
      if (this.calls >= this.minimumCalls && this.exceeded(this.failures, this.calls)) this.open(now);
    } else if (this.current === 'half-open') {
      this.trials++;
      if (!success) this.trialFailures++;
      if (this.trials < this.minimumTrials) return;
      if (this.exceeded(this.trialFailures, this.trials)) {
        this.open(now);
      } else {
        this.send(BELOW);
        this.head = 0;
        this.calls = 0;
        this.failures = 0;
      }
    }
  }

  /**
   * The state after the last call: an open breaker whose wait is over shows open until the next
   * `tryAcquire`.
   */
  get state(): BreakerState {
    return this.current;
  }

  /**
   * The failure rate, percent, that the breaker would judge now: of the closed window, or of the
   * half-open trials; -1 when fewer calls than the minimum are in, or when open.
   */
  get failureRate(): number {
    if (this.current === 'closed') {
      return this.calls >= this.minimumCalls ? (this.failures * 100) / this.calls : -1;
    }
    if (this.current === 'half-open') {
      return this.trials >= this.minimumTrials ? (this.trialFailures * 100) / this.trials : -1;
    }
    return -1;
  }

  /** When an open breaker admits its first trial, ms; NaN unless open. */
  get openUntil(): Millis {
    return this.current === 'open' ? this.openedAt + this.wait : NaN;
  }

  private exceeded(failures: number, calls: number): boolean {
    return failures * 100 >= this.threshold * calls;
  }

  private open(now: Millis): void {
    this.send(EXCEEDED);
    this.openedAt = now;
    this.opened++;
  }

  /** Steps the machine (pure; it allocates a snapshot, but only on a change of state). */
  private send(event: BreakerEvent): void {
    this.snapshot = transition(breakerMachine, this.snapshot, event)[0];
    this.current = this.snapshot.value as BreakerState;
  }
}
