/**
 * The registry of health checks, the policies that take an instance out of its caller's balancing
 * and bring it back: each declared once, with where it runs, the sentence the format reference
 * gives it, and its options with their checks, defaults and rows in the reference (kept in
 * agreement by a test). The checks read their fields from it, the mesh profiles their defaults, the
 * resolved types their types, the Istio importer its field order, and the model builds each from
 * them (`src/model/health/registry.ts`). Their names, places and options are those of
 * `health-check-table.ts`, the plain facts the page's sliders read.
 *
 * In the mesh, passive checks on each sidecar's own calls: Envoy's outlier detection and Linkerd's
 * failure accrual. At the gateway, Kong's health checks of a route's upstream: `passive` (Kong's
 * circuit breaker) and `active` probes that bring an instance back.
 */
import { list, nonNegativeInt, num, percentage, positiveInt } from '../checks';
import { duration } from '../units';
import type { HEALTH_CHECK_PLACES, HEALTH_CHECK_TABLE } from './health-check-table';
import {
  policyOption,
  requiredOption,
  type DeclaredBy,
  type FilledOptions,
  type PolicyOptions,
  type WrittenOptions,
} from './policy-option';

/** A health check's declaration. */
export interface HealthCheckDeclaration {
  /** Where a file writes it: a mesh policy, or a gateway route's `healthchecks`. */
  readonly place: 'mesh' | 'gateway';
  /** Its row's meaning in the reference's table of policy fields (or of health checks). */
  readonly doc: string;
  /** Its options, in the order the reference lists them. */
  readonly options: PolicyOptions;
}

const positiveMillis = duration({ positive: true });
const statusCode = num({ expects: 'an HTTP status code (100 to 599)', int: true, min: 100, max: 599 });

/** Every health check, in the order the reference lists them. */
export const HEALTH_CHECKS = {
  outlierDetection: {
    place: 'mesh',
    doc: "Envoy's passive health checking: eject an instance after consecutive errors",
    options: {
      consecutive5xxErrors: policyOption(
        nonNegativeInt,
        5,
        '`5`',
        'integer ≥ 0',
        '5xx answers in a row (locally originated failures included) that eject an instance; `0`: off',
      ),
      consecutiveGatewayErrors: policyOption(
        nonNegativeInt,
        0,
        '`0`',
        'integer ≥ 0',
        '502, 503 or 504 answers in a row that eject an instance; `0`: off',
      ),
      interval: policyOption(
        positiveMillis,
        10_000,
        '`10s`',
        'duration > 0',
        'how often ejected instances are reconsidered and multipliers decay',
      ),
      baseEjectionTime: policyOption(
        positiveMillis,
        30_000,
        '`30s`',
        'duration > 0',
        "an ejection lasts this times the instance's multiplier (below)",
      ),
      maxEjectionTime: policyOption(
        positiveMillis,
        300_000,
        '`300s`',
        'duration > 0',
        'the longest ejection; left out, the larger of `300s` and `baseEjectionTime`',
      ),
      maxEjectionPercent: policyOption(
        percentage,
        10,
        '`10`',
        '0 to 100',
        'the most instances ejected at once, in percent, but one instance may always be ejected',
      ),
    },
  },
  failureAccrual: {
    place: 'mesh',
    doc: "Linkerd's: consecutive failures take an instance out, then probes with backoff",
    options: {
      consecutiveFailures: policyOption(
        positiveInt,
        7,
        '`7`',
        'integer ≥ 1',
        'failures in a row (5xx or connection errors) that take an instance out',
      ),
      minPenalty: policyOption(positiveMillis, 1000, '`1s`', 'duration > 0', 'the first penalty'),
      maxPenalty: policyOption(
        positiveMillis,
        60_000,
        '`60s`',
        'duration > 0',
        'the longest penalty, each failed probe doubling it; left out, the larger of `60s` and `minPenalty`',
      ),
      jitter: policyOption(
        num({ expects: 'a number from 0 to 1', min: 0, max: 1 }),
        0.5,
        '`0.5`',
        '0 to 1',
        'each penalty lengthened by up to this share of itself, at random',
      ),
    },
  },
  passive: {
    place: 'gateway',
    doc: "Kong's passive checks of the route's own tries (its circuit breaker)",
    options: {
      httpFailures: policyOption(
        nonNegativeInt,
        0,
        '`0`: off',
        'integer ≥ 0',
        'answers in a row with a status in `httpStatuses` that take an instance out',
      ),
      tcpFailures: policyOption(
        nonNegativeInt,
        0,
        '`0`: off',
        'integer ≥ 0',
        'refused connections in a row (the instance is down: `connect-failure`)',
      ),
      timeouts: policyOption(
        nonNegativeInt,
        0,
        '`0`: off',
        'integer ≥ 0',
        "tries in a row that exceeded the route's `perTryTimeout`",
      ),
      httpStatuses: policyOption<readonly number[]>(
        list(statusCode, 1),
        [429, 500, 503],
        '`[429, 500, 503]`',
        'list of status codes, at least 1',
        'what counts as an HTTP failure',
      ),
    },
  },
  active: {
    place: 'gateway',
    doc: 'without it, an instance that is out stays out to the end of the run',
    options: {
      interval: requiredOption(
        positiveMillis,
        'duration > 0, **required**',
        'every `interval` from the start, each instance that is out is probed',
      ),
      successes: policyOption(
        positiveInt,
        1,
        '`1`',
        'integer ≥ 1',
        'good probes in a row that bring an instance back',
      ),
    },
  },
} as const satisfies DeclaredBy<typeof HEALTH_CHECK_TABLE, HealthCheckDeclaration> & {
  readonly [K in keyof typeof HEALTH_CHECK_PLACES]: { readonly place: (typeof HEALTH_CHECK_PLACES)[K] };
};

/** A health check's name: its field in a mesh policy or in a route's `healthchecks`. */
export type HealthCheckName = keyof typeof HEALTH_CHECKS;

/** Every health check name, in declaration order. */
export const HEALTH_CHECK_NAMES = Object.keys(HEALTH_CHECKS) as HealthCheckName[];

/** The options of health check `K` as a resolved scenario holds them: every one filled. */
export type HealthCheckOptions<K extends HealthCheckName> = FilledOptions<
  (typeof HEALTH_CHECKS)[K]['options']
>;

/** The health checks a gateway route writes in its `healthchecks`: Kong's. */
export type GatewayHealthCheckName = {
  [K in HealthCheckName]: (typeof HEALTH_CHECK_PLACES)[K] extends 'gateway' ? K : never;
}[HealthCheckName];

/**
 * A route's `healthchecks` as an importer writes them: each of its checks with the options the
 * registry declares, typed as it types them (durations written with their unit, `5s`).
 */
export type WrittenHealthchecks = {
  -readonly [K in GatewayHealthCheckName]?: WrittenOptions<
    (typeof HEALTH_CHECKS)[K]['options'],
    (typeof HEALTH_CHECK_TABLE)[K]
  >;
};
