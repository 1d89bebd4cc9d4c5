/**
 * What a request presents to the gateway's authentication plugins, and what they decide.
 *
 * A scenario says only what share of a client's requests carry a bad credential
 * (`credentials.invalid`). Real gateways answer the two kinds of bad credential differently (Kong
 * key-auth: no key is "No API key found in request", an unknown key is "Unauthorized"; an AWS Lambda
 * authorizer is not even called when the identity source is missing), so the model splits that share
 * in two: of the bad credentials, `missingShare` (default one half) are missing and the rest invalid.
 */
import type { Fraction, Millis } from '../../scenario/types';
import { FILTER_PASS } from '../gateway-filter';

/**
 * The credential a request carries. Numbers, so that the request table can hold one per request in
 * its `Uint8Array` (where `badCredential` 0/1 is today).
 */
export const CredentialState = {
  /** A credential the gateway knows, belonging to the client's consumer. */
  Valid: 0,
  /** No credential at all (no `apikey`, no `Authorization` header). */
  Missing: 1,
  /** A credential is present but wrong: an unknown key, a token with a bad signature. */
  Invalid: 2,
} as const;
/** One of `CredentialState`'s values. */
export type CredentialState = (typeof CredentialState)[keyof typeof CredentialState];

/** Of the requests with a bad credential, the share that carry none at all; the rest carry a wrong one. */
export const DEFAULT_MISSING_SHARE: Fraction = 0.5;

/**
 * The credential state of one request from a single uniform draw `u` in [0, 1).
 *
 * The interval [0, invalid) is bad, as the simulation draws it today (`u < invalid`), and is split at
 * `invalid x missingShare`: below is Missing, above Invalid. One draw per request, so adopting this
 * does not shift any random stream of an existing run.
 * @param invalid the client's `credentials.invalid` share, 0 to 1
 * @param missingShare share of the bad credentials that are missing; default 0.5
 */
export function drawCredential(
  invalid: Fraction,
  u: number,
  missingShare: Fraction = DEFAULT_MISSING_SHARE,
): CredentialState {
  if (u >= invalid) return CredentialState.Valid;
  return u < invalid * missingShare ? CredentialState.Missing : CredentialState.Invalid;
}

/** What an authentication or authorization step decided about one request. */
export interface AuthDecision {
  /** `FILTER_PASS` (0) to pass the request on; otherwise the status the gateway answers with. */
  readonly status: number;
  /** The body's message as the real gateway writes it; empty when the request passes. */
  readonly message: string;
  /** The consumer the request is now authenticated as; empty when none. */
  readonly consumer: string;
  /** Gateway processing time this step spends on the request, ms, whatever it decided. */
  readonly cost: Millis;
}

/** A decision that passes the request on as `consumer`. */
export function passAs(consumer: string, cost: Millis): AuthDecision {
  return { status: FILTER_PASS, message: '', consumer, cost };
}

/** A decision that answers the request itself with `status` and `message`. */
export function answer(status: number, message: string, cost: Millis): AuthDecision {
  return { status, message, consumer: '', cost };
}
