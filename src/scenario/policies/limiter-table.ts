/**
 * The rate limiters' plugin names and the fields that are their limits, without imports: what
 * `limiters.ts` declares its plugins against and the page's sliders read.
 */

/** Kong's fixed-window periods for `rate-limiting`. */
export const RATE_LIMIT_PERIODS = ['second', 'minute', 'hour', 'day', 'month', 'year'] as const;

/**
 * What a limiter's limit fields count: requests in a period (`count`, a whole number), requests a
 * second (`rate`), or Apigee's spike-arrest rate, written `30ps` (a second) or `12pm` (a minute).
 */
export type LimitKind = 'count' | 'rate' | 'spike rate';

/** Every limiter, in the gateway's plugin order: the fields that are its limits and what they count. */
export const LIMITER_TABLE = {
  'rate-limiting': { limits: RATE_LIMIT_PERIODS, kind: 'count' },
  'rate-limiting-advanced': { limits: ['limit'], kind: 'count' },
  'token-bucket': { limits: ['rate'], kind: 'rate' },
  'spike-arrest': { limits: ['rate'], kind: 'spike rate' },
  quota: { limits: ['limit'], kind: 'count' },
} as const satisfies Readonly<
  Record<string, { readonly limits: readonly string[]; readonly kind: LimitKind }>
>;
