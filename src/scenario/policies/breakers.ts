/**
 * The registry of circuit breakers, the policies that refuse a caller's calls before they reach the
 * destination: each declared once, with where it runs, the sentence the format reference gives it,
 * and its options with their checks, defaults and rows in the reference
 * (`docs/scenario-format.md#ejection-and-breakers`, kept in agreement by a test). The mesh checks
 * read their fields from it, the mesh profiles their defaults, the resolved types their types, and
 * the model builds each breaker from them (`src/model/mesh/registry.ts`). Their names and options
 * are those of `breaker-table.ts`, the plain facts the page's sliders read.
 *
 * Two kinds: Envoy's thresholds (`connectionPool`), which refuse what is beyond a count of
 * connections, pending requests, requests or retries, and a breaker on the failure rate
 * (`circuitBreaker`, resilience4j's), which opens, waits and half-opens. The gateway's own
 * breaker is Kong's passive health check, in `health-checks.ts`.
 */
import { num, positiveInt } from '../checks';
import { duration } from '../units';
import type { BREAKER_TABLE } from './breaker-table';
import { policyOption, type DeclaredBy, type FilledOptions, type PolicyOptions } from './policy-option';

/** A breaker's declaration. */
export interface BreakerDeclaration {
  /** Where a file writes it: in a mesh policy. */
  readonly place: 'mesh';
  /** Its row's meaning in the reference's table of policy fields. */
  readonly doc: string;
  /** Its options, in the order the reference lists them. */
  readonly options: PolicyOptions;
}

const poolLimit = num({ expects: 'an integer >= 1 or unlimited', int: true, min: 1, infinite: true });
const poolOption = (doc: string) =>
  policyOption(poolLimit, Infinity, '`unlimited`', 'integer ≥ 1 or `unlimited`', doc);

/** Every breaker, in the order the reference lists them. */
export const BREAKERS = {
  connectionPool: {
    place: 'mesh',
    doc: "Envoy's circuit-breaker thresholds; beyond them **503** at once, without reaching the service",
    options: {
      maxConnections: poolOption(
        'connections to the destination, one request each (HTTP/1.1); Envoy 1024, Istio 2³² − 1',
      ),
      maxPendingRequests: poolOption('calls waiting for a connection; Envoy 1024'),
      maxRequests: poolOption('requests in flight; Envoy 1024'),
      maxRetries: poolOption('retries in flight; Envoy 3'),
    },
  },
  circuitBreaker: {
    place: 'mesh',
    doc: 'a caller-side breaker (closed, open, half-open) on the failure rate',
    options: {
      failureRateThreshold: policyOption(
        num({ expects: 'a percentage above 0, up to 100', above: 0, max: 100 }),
        50,
        '`50`',
        'percentage > 0, up to 100',
        'percent of failed calls in the window that opens it',
      ),
      slidingWindowSize: policyOption(
        positiveInt,
        100,
        '`100`',
        'integer ≥ 1',
        'calls in the count-based sliding window',
      ),
      minimumNumberOfCalls: policyOption(
        positiveInt,
        100,
        '`100`',
        'integer ≥ 1',
        'calls needed before the rate is judged (at most the window)',
      ),
      waitDurationInOpenState: policyOption(
        duration({ positive: true }),
        60_000,
        '`60s`',
        'duration > 0',
        'time open before the first trial call (half-open)',
      ),
      permittedCallsInHalfOpen: policyOption(
        positiveInt,
        10,
        '`10`',
        'integer ≥ 1',
        "trial calls in half-open, whose failure rate opens or closes it (resilience4j's defaults throughout)",
      ),
    },
  },
} as const satisfies DeclaredBy<typeof BREAKER_TABLE, BreakerDeclaration>;

/** A breaker's name: its field in a mesh policy. */
export type BreakerName = keyof typeof BREAKERS;

/** Every breaker name, in declaration order. */
export const BREAKER_NAMES = Object.keys(BREAKERS) as BreakerName[];

/** The options of breaker `K` as a resolved scenario holds them: every one filled. */
export type BreakerSpec<K extends BreakerName> = FilledOptions<(typeof BREAKERS)[K]['options']>;
