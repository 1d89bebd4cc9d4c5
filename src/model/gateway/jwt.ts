/**
 * Kong's jwt plugin: the client sends a signed token (`Authorization: Bearer ...`, a cookie or a query
 * parameter); the gateway finds the secret named by the token's `iss` claim, verifies the signature and
 * the registered claims, and authenticates the request as the secret's consumer.
 *
 * Kong (kong/plugins/jwt/handler.lua, 3.x), every failure a 401:
 * 1. No token: 401 "Unauthorized".
 * 2. A token that fails verification: 401 with the first check that failed, "Invalid signature" for a
 *    bad signature (also "Bad token; ...", "No credentials found for given 'iss'", "Invalid
 *    algorithm", or an `errors` object such as `{"exp": "token expired"}`). The model's Invalid
 *    credential is the bad signature. (Before Kong/kong#4238, 2019, some of these were 403.)
 * 3. Otherwise the request is authenticated as the secret's consumer and passes on.
 * Its priority (1450 since Kong 3.0, 1005 before) runs it before key-auth (1250) and acl (950).
 */
import type { Millis } from '../../scenario/types';
import { answer, CredentialState, passAs, type AuthDecision } from './credential';
import { checkMillis } from './options';

/** jwt's message when no token is found, as Kong writes it. */
export const JWT_MISSING_MESSAGE = 'Unauthorized';
/** jwt's message for a token whose signature does not verify, as Kong writes it. */
export const JWT_INVALID_MESSAGE = 'Invalid signature';

/** jwt as written in a scenario. */
export interface JwtOptions {
  /** Gateway time to parse the token and verify its signature, ms; default 0. */
  readonly cost?: Millis;
}

/** A jwt plugin: its cost and its two fixed rejections, built once. */
export interface Jwt {
  readonly cost: Millis;
  /** The answer to a request without a token. */
  readonly missing: AuthDecision;
  /** The answer to a request whose token does not verify. */
  readonly invalid: AuthDecision;
}

/** Builds jwt from its options; throws a RangeError naming a bad option. */
export function jwt(options: JwtOptions = {}): Jwt {
  const cost = checkMillis('jwt', 'cost', options.cost ?? 0);
  return {
    cost,
    missing: answer(401, JWT_MISSING_MESSAGE, cost),
    invalid: answer(401, JWT_INVALID_MESSAGE, cost),
  };
}

/**
 * jwt's decision on one request.
 * @param consumer the consumer whose secret signed the client's token
 */
export function authenticateJwt(policy: Jwt, credential: CredentialState, consumer: string): AuthDecision {
  if (credential === CredentialState.Missing) return policy.missing;
  if (credential === CredentialState.Invalid) return policy.invalid;
  return passAs(consumer, policy.cost);
}
