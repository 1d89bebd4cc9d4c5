import type { Millis } from '../../scenario/types';

/**
 * Envoy's fully jittered exponential backoff between tries, as its router documents it: retry `n`
 * (1 for the first retry) waits a uniform draw in `[0, min(max, base x (2^n - 1)))`. With Envoy's
 * defaults (base 25 ms, max 250 ms) the ceilings are 25, 75, 175, 250, 250, ... ms (item 7 of
 * docs/behaviour.md#what-meshsim-reproduces).
 *
 * `u` is the caller's uniform draw in [0, 1), so one retry costs exactly one draw and the caller's
 * random stream stays aligned across variants. Envoy's code draws whole milliseconds
 * (`random() % ceiling`); the simulator keeps the fraction.
 */
export function backoffDelay(retry: number, base: Millis, max: Millis, u: number): Millis {
  if (!(u > 0)) return 0;
  return u * backoffCeiling(retry, base, max);
}

/**
 * The exclusive upper bound of retry `retry`'s wait, ms: `min(max, base x (2^retry - 1))`. `retry < 1`
 * (no retry yet) and `base <= 0` give 0. From retry 1024 on, 2^retry overflows to Infinity; with
 * `base > 0` the product is Infinity and the bound is `max`, so no path computes Infinity x 0 (NaN).
 */
export function backoffCeiling(retry: number, base: Millis, max: Millis): Millis {
  if (!(retry >= 1) || !(base > 0) || !(max > 0)) return 0;
  return Math.min(max, base * (2 ** retry - 1));
}
