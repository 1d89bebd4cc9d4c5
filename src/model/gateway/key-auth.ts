/**
 * Kong's key-auth plugin: the client sends an API key (header or query `apikey`), the gateway looks it
 * up and authenticates the request as the key's consumer.
 *
 * Kong (kong/plugins/key-auth/handler.lua, 3.x):
 * 1. No key in the request: 401 "No API key found in request" (with `WWW-Authenticate: Key`).
 * 2. A key no credential has: 401 "Unauthorized" (older releases said "Invalid authentication
 *    credentials", and before Kong/kong#4238, 2019, answered 403).
 * 3. Otherwise the request is authenticated as the credential's consumer and passes on.
 * Its priority (1250) runs it after jwt (1450) and before acl (950) and rate-limiting (910).
 * `anonymous` (a fallback consumer for failed requests) and the credential cache's DB misses are not
 * modelled: every lookup costs the same `cost`. `status` answers both refusals with another status:
 * AWS API Gateway answers 403 "Forbidden" to a missing or unknown API key.
 */
import type { Millis } from '../../scenario/types';
import { answer, CredentialState, passAs, type AuthDecision } from './credential';
import { checkMillis } from './options';

/** key-auth's missing-key message, as Kong writes it. */
export const KEY_AUTH_MISSING_MESSAGE = 'No API key found in request';
/** key-auth's unknown-key message, as Kong 3.x writes it. */
export const KEY_AUTH_INVALID_MESSAGE = 'Unauthorized';

/** key-auth as written in a scenario. */
export interface KeyAuthOptions {
  /** Gateway time to find and check the key, ms; default 0. */
  readonly cost?: Millis;
  /** The status of both refusals; default 401 (Kong's). */
  readonly status?: number;
}

/** AWS API Gateway's body for a request without a valid API key. */
export const API_KEY_FORBIDDEN_MESSAGE = 'Forbidden';

/** A key-auth plugin: its cost and its two fixed rejections, built once. */
export interface KeyAuth {
  readonly cost: Millis;
  /** The answer to a request without a key. */
  readonly missing: AuthDecision;
  /** The answer to a request with an unknown key. */
  readonly invalid: AuthDecision;
}

/** Builds key-auth from its options; throws a RangeError naming a bad option. */
export function keyAuth(options: KeyAuthOptions = {}): KeyAuth {
  const cost = checkMillis('key-auth', 'cost', options.cost ?? 0);
  const status = options.status ?? 401;
  if (status === 401)
    return {
      cost,
      missing: answer(401, KEY_AUTH_MISSING_MESSAGE, cost),
      invalid: answer(401, KEY_AUTH_INVALID_MESSAGE, cost),
    };
  const refused = answer(status, API_KEY_FORBIDDEN_MESSAGE, cost);
  return { cost, missing: refused, invalid: refused };
}

/**
 * key-auth's decision on one request.
 * @param consumer the consumer the client's key belongs to (the client's `consumer`, or its id)
 */
export function authenticateKey(
  policy: KeyAuth,
  credential: CredentialState,
  consumer: string,
): AuthDecision {
  if (credential === CredentialState.Missing) return policy.missing;
  if (credential === CredentialState.Invalid) return policy.invalid;
  return passAs(consumer, policy.cost);
}
