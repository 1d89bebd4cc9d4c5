/**
 * An external authorizer in the style of an AWS API Gateway Lambda authorizer (TOKEN type): the
 * gateway calls a function with the request's credential and gets back a policy, Allow or Deny, which
 * it caches per credential.
 *
 * AWS (apigateway-use-lambda-authorizer.md, supported-gateway-response-types.md):
 * 1. Identity source missing: 401 "Unauthorized" (UNAUTHORIZED) at once, without calling the function.
 * 2. A cached policy for this credential younger than the TTL answers without a call. The TTL
 *    (`authorizerResultTtlInSeconds`) defaults to 300 s, at most 3 600 s; 0 turns caching off.
 * 3. Otherwise the gateway calls the function, which takes `latency`:
 *    - Allow: the request passes on, and the policy is cached for the TTL;
 *    - Deny: 403 "User is not authorized to access this resource with an explicit deny"
 *      (ACCESS_DENIED), also cached: a denied consumer stays denied without calls for the TTL;
 *    - the function rejects the token (it throws "Unauthorized"): 401;
 *    - the function fails or times out: 500 (AUTHORIZER_FAILURE).
 *
 * The model calls a credential "the same" when it is the same consumer's valid credential, so the cache
 * is keyed by consumer id. An invalid credential is a different string each time, so its 401 is not
 * cached (caching it would never hit). Neither is a failure. Concurrent misses for one consumer each
 * call the function: there is no request collapsing (UNVERIFIED for AWS; none is documented).
 *
 * `denyRate` decides which consumers the function denies, by a hash of the consumer id (`hashUnit`),
 * so a consumer is always denied or always allowed and the cache means something; over many consumers
 * about `denyRate` of them are denied (with few, the realized share can differ: say so in a lesson).
 * `errorRate` is the share of calls that fail, drawn per call by the caller.
 */
import type { Dist, Fraction, Millis } from '../../scenario/types';
import { answer, CredentialState, passAs, type AuthDecision } from './credential';
import { hashUnit } from './hash';
import { checkFraction, checkMillis } from './options';

/** AWS's default authorizer result TTL, ms (300 s). */
export const DEFAULT_AUTHORIZER_TTL: Millis = 300_000;
/** The 401 message when the identity source is missing or the function rejects the token. */
export const AUTHORIZER_UNAUTHORIZED_MESSAGE = 'Unauthorized';
/** The 403 message when the function's policy denies the request (AWS's explicit deny). */
export const AUTHORIZER_DENY_MESSAGE = 'User is not authorized to access this resource with an explicit deny';
/** The 500 message when the function fails: AWS's gateway response type (its body is UNVERIFIED). */
export const AUTHORIZER_FAILURE_MESSAGE = 'AUTHORIZER_FAILURE';

/** external-auth as written in a scenario. */
export interface ExternalAuthOptions {
  /** Gateway time spent per request, cache hit or not, ms; default 0. */
  readonly cost?: Millis;
  /** Time the authorizer function takes per call; default constant 0. The caller samples it. */
  readonly latency?: Dist;
  /** How long an Allow or Deny is cached, ms; default 300 000; 0 disables the cache. */
  readonly cacheTtl?: Millis;
  /** Share of consumers the function denies, chosen by hashing the consumer id; default 0. */
  readonly denyRate?: Fraction;
  /** Share of calls that fail with 500; default 0. */
  readonly errorRate?: Fraction;
}

/** An external authorizer's settings, checked and with defaults filled, and its fixed answers. */
export interface ExternalAuth {
  readonly cost: Millis;
  readonly latency: Dist;
  readonly cacheTtl: Millis;
  readonly denyRate: Fraction;
  readonly errorRate: Fraction;
  /** The step for a request without a credential. */
  readonly missing: AuthorizeStep;
  /** The step asking for a call. */
  readonly call: AuthorizeStep;
}

/** Builds an external authorizer from its options; throws a RangeError naming a bad option. */
export function externalAuth(options: ExternalAuthOptions = {}): ExternalAuth {
  const plugin = 'external-auth';
  const cost = checkMillis(plugin, 'cost', options.cost ?? 0);
  return {
    cost,
    latency: options.latency ?? { dist: 'constant', value: 0 },
    cacheTtl: checkMillis(plugin, 'cacheTtl', options.cacheTtl ?? DEFAULT_AUTHORIZER_TTL, true),
    denyRate: checkFraction(plugin, 'denyRate', options.denyRate ?? 0),
    errorRate: checkFraction(plugin, 'errorRate', options.errorRate ?? 0),
    missing: { kind: 'decided', decision: answer(401, AUTHORIZER_UNAUTHORIZED_MESSAGE, cost), cached: false },
    call: { kind: 'call', cost },
  };
}

/** A cached policy: allowed or denied, until `expiresAt` (ms, exclusive). */
export interface CachedPolicy {
  readonly allow: boolean;
  readonly expiresAt: Millis;
}

/** One authorizer's result cache and call counters. */
export interface ExternalAuthState {
  /** Cached policies by consumer id. */
  readonly cache: Map<string, CachedPolicy>;
  /** Calls made to the function. */
  calls: number;
  /** Requests answered from the cache. */
  hits: number;
}

/** An empty result cache. */
export function externalAuthState(): ExternalAuthState {
  return { cache: new Map(), calls: 0, hits: 0 };
}

/** What the authorizer function answers. */
export const AuthorizerVerdict = {
  Allow: 0,
  Deny: 1,
  /** The function rejected the token (it threw "Unauthorized"). */
  Unauthorized: 2,
  /** The function failed or timed out. */
  Error: 3,
} as const;
/** One of `AuthorizerVerdict`'s values. */
export type AuthorizerVerdict = (typeof AuthorizerVerdict)[keyof typeof AuthorizerVerdict];

/**
 * `authorize`'s answer: decided now (`decision.cost` is the gateway's time), or the function must be
 * called first: spend `cost`, sample `latency`, then `completeAuthorizerCall` with its verdict.
 */
export type AuthorizeStep =
  | { readonly kind: 'decided'; readonly decision: AuthDecision; readonly cached: boolean }
  | { readonly kind: 'call'; readonly cost: Millis };

/**
 * The first half of authorizing one request at `now`: answer at once (missing credential, cached
 * policy) or ask for a call to the authorizer function.
 * @param consumer the consumer whose credential the request carries (the cache key)
 */
export function authorize(
  policy: ExternalAuth,
  state: ExternalAuthState,
  credential: CredentialState,
  consumer: string,
  now: Millis,
): AuthorizeStep {
  if (credential === CredentialState.Missing) return policy.missing;
  if (credential === CredentialState.Valid && policy.cacheTtl > 0) {
    const entry = state.cache.get(consumer);
    if (entry !== undefined) {
      if (now < entry.expiresAt) {
        state.hits++;
        return { kind: 'decided', decision: policyDecision(policy, entry.allow, consumer), cached: true };
      }
      state.cache.delete(consumer);
    }
  }
  state.calls++;
  return policy.call;
}

/**
 * Whether the function denies `consumer`: `hashUnit(consumer) < denyRate`, the same on every call.
 */
export function deniesConsumer(policy: ExternalAuth, consumer: string): boolean {
  return policy.denyRate > 0 && hashUnit(consumer) < policy.denyRate;
}

/**
 * What the function answers for one call.
 * @param u a uniform draw in [0, 1) from the caller's stream, for `errorRate` (unused when it is 0)
 */
export function authorizerVerdict(
  policy: ExternalAuth,
  credential: CredentialState,
  consumer: string,
  u: number,
): AuthorizerVerdict {
  if (policy.errorRate > 0 && u < policy.errorRate) return AuthorizerVerdict.Error;
  if (credential !== CredentialState.Valid) return AuthorizerVerdict.Unauthorized;
  return deniesConsumer(policy, consumer) ? AuthorizerVerdict.Deny : AuthorizerVerdict.Allow;
}

/**
 * The second half: the function answered `verdict` at `now` (after its latency). Caches an Allow or a
 * Deny for `cacheTtl` from now and returns the gateway's decision, whose `cost` is 0 (the gateway's
 * time was spent in `authorize`).
 */
export function completeAuthorizerCall(
  policy: ExternalAuth,
  state: ExternalAuthState,
  consumer: string,
  verdict: AuthorizerVerdict,
  now: Millis,
): AuthDecision {
  if (verdict === AuthorizerVerdict.Unauthorized) return answer(401, AUTHORIZER_UNAUTHORIZED_MESSAGE, 0);
  if (verdict === AuthorizerVerdict.Error) return answer(500, AUTHORIZER_FAILURE_MESSAGE, 0);
  const allow = verdict === AuthorizerVerdict.Allow;
  if (policy.cacheTtl > 0) state.cache.set(consumer, { allow, expiresAt: now + policy.cacheTtl });
  return policyDecision(policy, allow, consumer, 0);
}

function policyDecision(
  policy: ExternalAuth,
  allow: boolean,
  consumer: string,
  cost = policy.cost,
): AuthDecision {
  return allow ? passAs(consumer, cost) : answer(403, AUTHORIZER_DENY_MESSAGE, cost);
}
