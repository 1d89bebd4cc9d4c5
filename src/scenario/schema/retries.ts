/**
 * Retry policies: a route's (gateway-only forwarding) and a mesh destination's. `attempts` counts
 * retries after the first try, as Istio and Envoy do. `retries: 2` is short for `{attempts: 2}`.
 */
import {
  bad,
  byKind,
  check,
  dflt,
  fields,
  fraction,
  list,
  map,
  nonNegativeInt,
  opt,
  type Check,
} from '../checks';
import type { RetrySpec } from '../types';
import type { MeshRetrySpec } from '../types';
import { duration, rate } from '../units';
import { didYouMean } from '../suggest';

/** Named retry conditions; status codes (`503`) are also accepted. */
export const RETRY_CONDITIONS = [
  '5xx',
  'gateway-error',
  'reset',
  'connect-failure',
  'timeout',
  'retriable-4xx',
  'refused-stream',
] as const;

/** One retry condition: a name from RETRY_CONDITIONS or an HTTP status code, as a string. */
export const retryCondition: Check<string> = check(
  `${RETRY_CONDITIONS.join(', ')} or a status code`,
  (node, path, r) => {
    const v = node.kind === 'scalar' ? node.value : undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599) return String(v);
    if (
      typeof v === 'string' &&
      ((RETRY_CONDITIONS as readonly string[]).includes(v) || /^[1-5]\d\d$/.test(v))
    )
      return v;
    return bad(
      r,
      node,
      path,
      'is not a retry condition',
      retryCondition.expects,
      typeof v === 'string' ? didYouMean(v, RETRY_CONDITIONS) : undefined,
    );
  },
);

const DEFAULT_RETRY_ON: readonly string[] = ['5xx'];

/** A route's retries with defaults filled: 0 attempts, on 5xx, no per-try timeout. */
export const routeRetries: Check<RetrySpec> = byKind<RetrySpec>(
  {
    scalar: map(nonNegativeInt, (attempts): RetrySpec => ({
      attempts,
      retryOn: DEFAULT_RETRY_ON,
      perTryTimeout: Infinity,
    })),
    map: fields({
      attempts: dflt(nonNegativeInt, 0),
      retryOn: dflt(list(retryCondition, 1), DEFAULT_RETRY_ON),
      perTryTimeout: dflt(duration({ infinite: true, positive: true }), Infinity),
    }),
  },
  'a number of retries or {attempts, retryOn, perTryTimeout}',
);

/** A mesh destination's retries as written; what is absent is left to the mesh profile. */
export const meshRetries: Check<MeshRetrySpec> = byKind<MeshRetrySpec>(
  {
    scalar: map(nonNegativeInt, (attempts): MeshRetrySpec => ({ attempts })),
    map: fields({
      attempts: opt(nonNegativeInt),
      perTryTimeout: opt(duration({ infinite: true, positive: true })),
      retryOn: opt(list(retryCondition, 1)),
      backoff: opt(
        map(fields({ base: opt(duration()), max: opt(duration()) }), (b, node, path, r) => {
          if (b.base === undefined || b.max === undefined || b.max >= b.base) return b;
          const at = node.kind === 'map' ? node.entries.get('max')?.value : undefined;
          return bad(
            r,
            at ?? node,
            [...path, 'max'],
            `must not be below base (${b.base} ms)`,
            `a duration >= ${b.base} ms`,
          );
        }),
      ),
      budget: opt(fields({ ratio: opt(fraction), minPerSecond: opt(rate) })),
    }),
  },
  'a number of retries or {attempts, perTryTimeout, retryOn, backoff, budget}',
);
