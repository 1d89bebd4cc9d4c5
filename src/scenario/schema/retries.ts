/**
 * Retry policies: a route's (gateway-only forwarding) and a mesh destination's. `attempts` counts
 * retries after the first try, as Istio and Envoy do. `retries: 2` is short for `{attempts: 2}`.
 * A mesh destination's retries stay as written here; `profiles/mesh.ts` fills what is left out.
 */
import {
  bad,
  bool,
  byKind,
  check,
  dflt,
  fields,
  list,
  map,
  nonNegativeInt,
  opt,
  type Check,
} from '../checks';
import { didYouMean } from '../suggest';
import type { Millis, RetrySpec } from '../types';
import {
  budgetKindOf,
  RETRY_BUDGETS,
  type RetryBudgetKind,
  type RetryBudgetWrittenOf,
} from '../policies/retry-budgets';
import { optionFields } from '../policies/policy-option';
import { duration } from '../units';

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

/**
 * `false`, or what `c` accepts: how a policy turns off a feature a profile would turn on
 * (`outlierDetection: false`) or turns it on with the defaults (`outlierDetection: {}`).
 */
export function orFalse<T>(c: Check<T>): Check<T | false> {
  const expects = `false, or ${c.expects}`;
  return check(expects, (node, path, r) => {
    if (node.kind === 'map') return c(node, path, r);
    if (node.kind === 'scalar' && node.value === false) return false;
    const on = node.kind === 'scalar' && node.value === true;
    return bad(
      r,
      node,
      path,
      'must be false or a mapping',
      expects,
      on ? 'write {} to turn it on with the defaults' : undefined,
    );
  });
}

/** A retry budget as written: its kind follows from its fields; what is absent comes from the kind. */
export type RetryBudgetWritten = RetryBudgetWrittenOf;

/** A mesh destination's retries as written (durations in ms); `profiles/mesh.ts` fills the rest. */
export interface MeshRetriesWritten {
  readonly attempts?: number;
  readonly perTryTimeout?: Millis;
  readonly retryOn?: readonly string[];
  readonly backoff?: { readonly base?: Millis; readonly max?: Millis };
  readonly otherHost?: boolean;
  /** `false`: no budget, even where the profile has one. */
  readonly budget?: RetryBudgetWritten | false;
}

// Each kind's fields, checks and defaults are its registry's (`policies/retry-budgets.ts`).
const envoyShape = optionFields(RETRY_BUDGETS.envoy.options);
const linkerdShape = optionFields(RETRY_BUDGETS.linkerd.options);
const envoyBudget = fields(envoyShape);
const linkerdBudget = fields(linkerdShape);
const anyBudget = fields({ ...envoyShape, ...linkerdShape });

const fieldsOf = (kind: RetryBudgetKind): string => Object.keys(RETRY_BUDGETS[kind].options).join(', ');
const BUDGET_FORM = `a mapping with ${fieldsOf('envoy')} (Envoy) or with ${fieldsOf('linkerd')} (Linkerd)`;

/**
 * A retry budget: Envoy's (`percent` of active requests, at least `minConcurrent` retries in flight)
 * or Linkerd's (`ratio` of the requests of the last `ttl`, plus `minPerSecond`). The first field of
 * either kind decides; a field of the other kind is an error at its key.
 */
export const retryBudget: Check<RetryBudgetWritten> = check(BUDGET_FORM, (node, path, r) => {
  if (node.kind !== 'map') return bad(r, node, path, 'must be a mapping', BUDGET_FORM);
  let kind: RetryBudgetKind | undefined;
  let decidedBy = '';
  for (const [key, e] of node.entries) {
    const k = budgetKindOf(key);
    if (k === undefined) continue;
    if (kind === undefined) [kind, decidedBy] = [k, key];
    else if (k !== kind) {
      r.error(e.keyPos, [...path, key], {
        message: `"${key}" belongs to ${name(k)} budget, but "${decidedBy}" makes this one ${name(kind)}`,
        expected: BUDGET_FORM,
        hint: "a budget is Envoy's (percent, minConcurrent) or Linkerd's (ratio, minPerSecond, ttl), not both",
      });
      return undefined;
    }
  }
  if (kind === 'envoy') return withKind('envoy', envoyBudget(node, path, r));
  if (kind === 'linkerd') return withKind('linkerd', linkerdBudget(node, path, r));
  // No field of either kind: report unknown fields against all five names, else say what is missing.
  if (anyBudget(node, path, r) === undefined) return undefined;
  r.error(node.pos, path, {
    message: 'an empty budget: its fields say which kind it is',
    expected: BUDGET_FORM,
    hint: 'e.g. { percent: 20, minConcurrent: 3 } or { ratio: 0.2, minPerSecond: 10, ttl: 10s }',
  });
  return undefined;
});

const name = (kind: RetryBudgetKind): string => RETRY_BUDGETS[kind].product;

function withKind<K extends string, T extends object>(
  kind: K,
  v: T | undefined,
): (T & { kind: K }) | undefined {
  return v === undefined ? undefined : { kind, ...v };
}

/** `backoff: {base, max}`; when both are written, max must not be below base. */
const backoff = map(fields({ base: opt(duration()), max: opt(duration()) }), (b, node, path, r) => {
  if (b.base === undefined || b.max === undefined || b.max >= b.base) return b;
  const at = node.kind === 'map' ? node.entries.get('max')?.value : undefined;
  return bad(
    r,
    at ?? node,
    [...path, 'max'],
    `must not be below base (${b.base} ms)`,
    `a duration >= ${b.base} ms`,
  );
});

/** A mesh destination's retries as written; what is absent is left to the mesh profile. */
export const meshRetries: Check<MeshRetriesWritten> = byKind<MeshRetriesWritten>(
  {
    scalar: map(nonNegativeInt, (attempts): MeshRetriesWritten => ({ attempts })),
    map: fields({
      attempts: opt(nonNegativeInt),
      perTryTimeout: opt(duration({ infinite: true, positive: true })),
      retryOn: opt(list(retryCondition, 1)),
      backoff: opt(backoff),
      otherHost: opt(bool),
      budget: opt(orFalse(retryBudget)),
    }),
  },
  'a number of retries or {attempts, perTryTimeout, retryOn, backoff, otherHost, budget}',
);
