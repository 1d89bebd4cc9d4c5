/**
 * What a gateway profile sets when a scenario leaves it out: the real product's defaults, from
 * docs/behaviour.md (source tags in brackets, listed in docs/behaviour.md#sources). Explicit fields in
 * the file always win.
 */
import type { Millis, PluginSpec, RetrySpec } from '../types';

/**
 * The account-level throttle the AWS profile puts in front of every route: 10 000 requests a second
 * with a burst of 5 000, one bucket for all the account's APIs [A-throttle]; a file's own
 * token-bucket for every route takes its place.
 */
export const AWS_ACCOUNT_THROTTLE: PluginSpec = {
  name: 'token-bucket',
  rate: 10_000,
  burst: 5_000,
  limit_by: 'account',
  policy: 'cluster',
};

/** Defaults one gateway product applies to every route and to unmatched requests. */
export interface GatewayProfile {
  /** Deadline over every try of a route, ms (Infinity: none). */
  readonly routeTimeout: Millis;
  /** How a route retries when the file does not say. */
  readonly retries: RetrySpec;
  /** Status answered when no route matches. */
  readonly noRouteStatus: number;
}

const NO_RETRIES: RetrySpec = { attempts: 0, retryOn: ['5xx'], perTryTimeout: Infinity };

/** The generic gateway: no deadline, no retries, 404 for an unknown path. */
export const GENERIC_GATEWAY: GatewayProfile = {
  routeTimeout: Infinity,
  retries: NO_RETRIES,
  noRouteStatus: 404,
};

/** Profiles by name, as `gateway.profile` selects them. */
export const GATEWAY_PROFILE_DEFAULTS: Readonly<Record<string, GatewayProfile>> = {
  // Kong: service retries 5, connect/read/write timeouts 60 s each, no overall deadline; nginx
  // retries connect errors and timeouts only, never a 5xx [K-svc][K-init][NGX]. 404 "no Route matched".
  kong: {
    routeTimeout: Infinity,
    retries: { attempts: 5, retryOn: ['connect-failure', 'timeout'], perTryTimeout: 60_000 },
    noRouteStatus: 404,
  },
  // AWS API Gateway (REST): 29 s integration timeout answered 504, no retries; an unknown route is
  // MISSING_AUTHENTICATION_TOKEN, 403 [A-responses].
  'aws-api-gateway': { routeTimeout: 29_000, retries: NO_RETRIES, noRouteStatus: 403 },
  // Apigee: io.timeout 55 s (504); RetryEnabled retries I/O errors and timeouts on the next target.
  // The number of retries is one per remaining target in Apigee; one retry here (UNVERIFIED count).
  apigee: {
    routeTimeout: Infinity,
    retries: { attempts: 1, retryOn: ['connect-failure', 'reset', 'timeout'], perTryTimeout: 55_000 },
    noRouteStatus: 404,
  },
};

/** The defaults of `profile`, or the generic gateway's when it is absent. */
export function gatewayProfile(profile: string | undefined): GatewayProfile {
  return (profile && GATEWAY_PROFILE_DEFAULTS[profile]) || GENERIC_GATEWAY;
}
