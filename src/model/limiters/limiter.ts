import type { Millis } from '../../scenario/types';

/**
 * What a rate limiter answers for one request, in the shape gateways put on the response: Kong's
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and, on a 429, `Retry-After`. Limiters
 * write into an object of this shape rather than return a new one, so the per-request path allocates
 * nothing; `newDecision()` makes one to reuse.
 */
export interface LimitDecision {
  /** Whether the request passes. */
  allowed: boolean;
  /** Limit of the most constrained counter: requests per its window, or the bucket size. */
  limit: number;
  /** Requests that counter still allows after this one, never below 0. */
  remaining: number;
  /** Whole seconds until that counter resets (its window ends, or the bucket is full again). */
  reset: number;
  /** On a rejection, whole seconds the client should wait, at least 1; 0 when allowed. */
  retryAfter: number;
}

/** A fresh decision to reuse across calls: rejected, every number 0. */
export function newDecision(): LimitDecision {
  return { allowed: false, limit: 0, remaining: 0, reset: 0, retryAfter: 0 };
}

/**
 * A rate-limiting policy: the transition `(state, now) -> (state', decision)` of STYLE habit 4,
 * written in place so that a decision costs no allocation. `decide` reads only its arguments and
 * writes only `state` and `out`: the same sequence of calls on a copy of a state gives the same
 * decisions. Parameters are checked and precomputed once, in the constructor.
 */
export interface Limiter<S> {
  /** State for a key first seen at simulated time `now` (ms). */
  init(now: Millis): S;
  /**
   * Decides on one request at simulated time `now` (ms), which must not be earlier than the last
   * `now` given for this state. Updates `state`, writes `out` and returns `out.allowed`.
   */
  decide(state: S, now: Millis, out: LimitDecision): boolean;
}

/**
 * Slack in comparisons of fractional counts and times. Refills and interval sums are built from
 * floating-point steps (ten refills of 0.1 token make 0.9999999999999999), and a request that
 * arrives exactly on time must not be rejected for that.
 */
export const EPSILON = 1e-9;

/** Whole seconds in `ms`, rounded up: how Retry-After and RateLimit-Reset count time. */
export function ceilSeconds(ms: Millis): number {
  return Math.ceil(ms / 1000 - EPSILON);
}

/** `value` if it is a finite number above 0, else an error that names `option` and the value. */
export function positive(option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${option}: expected a number above 0, got ${String(value)}`);
  }
  return value;
}

/** `value` if it is an integer of 1 or more, else an error that names `option` and the value. */
export function positiveInteger(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${option}: expected a whole number of 1 or more, got ${String(value)}`);
  }
  return value;
}

/** `value` if it is a finite number (a time, which may be negative), else a named error. */
export function finite(option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${option}: expected a finite number of ms, got ${String(value)}`);
  }
  return value;
}

/** `value` if it is finite and 0 or more, else a named error. */
export function nonNegative(option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${option}: expected a number of 0 or more, got ${String(value)}`);
  }
  return value;
}
