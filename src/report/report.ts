import type { GatewayMetricsSnapshot } from './gateway-snapshot';
import type { Landmark } from './landmarks';

export type * from './landmarks';

/**
 * The report of one run: the contract of docs/scenario-format.md#the-report. Request counts and
 * latencies cover the requests that arrived after warmup; a component's figures cover the same
 * measured period.
 */

export interface RequestCounts {
  /** Requests the clients sent after warmup. */
  readonly generated: number;
  /** Answered 2xx. */
  readonly ok: number;
  /** Answered anything else, or given up by the client (499). */
  readonly failed: number;
  /** Still unanswered when the run ended. generated = ok + failed + inFlight. */
  readonly inFlight: number;
  /** Final status at the client, as a string key, in ascending order. */
  readonly byStatus: Readonly<Record<string, number>>;
}

/** End-to-end latency at the client over the completed requests (any status), in ms. */
export interface LatencySummary {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface ComponentReport {
  /** Busy workers over all workers, time-averaged. */
  readonly utilization: number;
  /** Requests waiting for a worker, summed over instances, time-averaged. */
  readonly meanQueue: number;
  /** Calls finished serving, whatever their status. */
  readonly served: number;
  /** `served` by instance, in instance order (instance slots a scale-up adds included). */
  readonly servedByInstance: readonly number[];
  /** Calls refused at the door (queue full, no instance up). */
  readonly rejected: number;
  /** Mean wait for a worker of the calls that started service, ms. */
  readonly meanWaitMs: number;
  /** Share of arriving calls that had to wait for a worker. */
  readonly waitedShare: number;
}

/** What the gateway did, when the scenario has one. */
export interface GatewayReport {
  readonly id: string;
  /** The profile that ran: `kong`, `aws-api-gateway`, `apigee`, or `generic`. */
  readonly profile: string;
  /** Requests the gateway answered, by route, by consumer and by status, with latency at the gateway. */
  readonly metrics: GatewayMetricsSnapshot;
  /** Per route, per plugin counters (a cache's hits, misses, refreshes and bypasses). */
  readonly plugins: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>>;
}

export interface VariantReport {
  readonly name: string;
  readonly requests: RequestCounts;
  readonly latencyMs: LatencySummary;
  /**
   * The same latencies binned on a 1-2-5 scale (0.1 ms, 0.2 ms, 0.5 ms, 1 ms, ...): bin i counts the
   * requests answered in [boundsMs[i], boundsMs[i + 1]). Only the bins from the first to the last
   * with a request are given; empty when nothing was answered.
   */
  readonly latencyHistogram: { readonly boundsMs: readonly number[]; readonly counts: readonly number[] };
  readonly throughput: {
    /** Generated requests per second of measured time. */
    readonly offered: number;
    /** 2xx answers per second of measured time. */
    readonly goodput: number;
  };
  readonly attempts: {
    /** Calls forwarded by the gateway and between services, retries included. */
    readonly total: number;
    readonly retries: number;
    /** total / (total - retries): how much work retries added. */
    readonly amplification: number;
  };
  readonly components: Readonly<Record<string, ComponentReport>>;
  /**
   * Every edge of the call graph the diagram draws (clients to their first hop, the gateway to its
   * upstreams, service to service; with the mesh, as the caller's sidecar saw them), in the
   * diagram's order, each with its traffic over the measured period.
   */
  readonly edges: readonly EdgeReport[];
  /** Present when the scenario has a gateway. */
  readonly gateway?: GatewayReport;
  /** Present when the mesh is on. */
  readonly mesh?: MeshReport;
  /**
   * The run's landmarks, in the order they began (see `timeline.ts`): faults, rate steps, breakers
   * opening and closing, instances ejected and back, registry updates. Empty when nothing happened.
   */
  readonly timeline: readonly Landmark[];
  /** Events the engine processed. */
  readonly events: number;
  /** Wall time of the run; the only field that differs between identical runs. */
  readonly wallMs: number;
}

export interface Report {
  readonly scenario: string;
  readonly seed: number;
  readonly variants: readonly VariantReport[];
}

/** What the mesh did and what it cost, when it is on. */
export interface MeshReport {
  /** `istio`, `linkerd`, `consul` or `generic`. */
  readonly profile: string;
  /** Sidecar CPU time (every pass, and the handshakes) per 1 000 requests generated, ms. */
  readonly cpuMsPer1000Requests: number;
  /** Each sidecar: busy workers over all its workers, and the passes it made, by workload id. */
  readonly sidecars: Readonly<Record<string, { readonly utilization: number; readonly passes: number }>>;
  readonly mtls: {
    readonly mode: string;
    /** New connections between sidecars, each paying a handshake. */
    readonly handshakes: number;
    readonly handshakeMs: number;
  };
  /** What the sidecars answered themselves or refused (over the whole run). */
  readonly outcomes: {
    /** 503 at once: a destination's connection pool and pending queue were full. */
    readonly poolOverflows: number;
    /** 503 at once: the caller's circuit breaker was open. */
    readonly breakerRejected: number;
    /** Times a circuit breaker opened, from closed or after failed half-open trials (every sidecar's). */
    readonly breakerOpened: number;
    /** Retries not made: maxRetries in flight, or the retry budget spent. */
    readonly retriesDenied: number;
    /** Hosts ejected by outlier detection. */
    readonly ejections: number;
    readonly faultsInjected: number;
    /** 403 from an authorization policy. */
    readonly denied: number;
    /** Refused by mTLS STRICT: the caller had no sidecar. */
    readonly strictRefused: number;
    /** 404 from the caller's sidecar: no route of the service called matched; present when a service has routes. */
    readonly noRoute?: number;
    /** 401 from the callee's sidecar: an invalid token, or one of an issuer it does not accept; present with request authentication. */
    readonly unauthenticated?: number;
    readonly mirrored: number;
    /** Tries sent to a failover service: the service called had no healthy endpoint the sidecar knew of. */
    readonly failovers: number;
  };
  /** Sidecar-to-sidecar traffic by caller and destination, after warmup: tries as the caller saw them. */
  readonly edges: readonly MeshEdgeReport[];
  /** The outcomes above by the service called, for the services that have any. */
  readonly services: Readonly<Record<string, MeshServiceOutcomes>>;
}

/**
 * One edge of the call graph: the tries one caller (a client, the gateway or a service; with the
 * mesh, its sidecar) made to one callee, retries included, that ended in the measured period (after
 * warmup; a try still out when the run ends is not counted), whatever their answer.
 *
 * An *error* is a 5xx answer (a sidecar's own 503 when its breaker is open or its pool is full
 * included), a reset or refused connection, a per-try timeout or a deadline passed: what Envoy's
 * and Kiali's error rates count, and what the diagram colours. A 4xx (401, 403, 429) is a policy or
 * the callee answering as designed: counted in `clientErrors`, never in `errors`.
 */
export interface EdgeReport {
  /** Caller and callee ids (a client's, the gateway's or a service's; never a sidecar's). */
  readonly from: string;
  readonly to: string;
  /** Tries that ended in the measured period, retries included. */
  readonly tries: number;
  /** Of them, retries (a second or later try of one call). */
  readonly retries: number;
  /** Tries per second of measured time. */
  readonly rps: number;
  /** Tries that ended 5xx, reset, refused or timed out. */
  readonly errors: number;
  /** errors / tries, 0 to 1; 0 without tries. */
  readonly errorShare: number;
  /** Tries answered 4xx (429, 401, 403): not errors. */
  readonly clientErrors: number;
  /** Tries the caller's own sidecar refused because its circuit breaker was open (in `errors`). */
  readonly breakerRefused: number;
  /** Tries the caller's own sidecar refused because the connection pool was full (in `errors`). */
  readonly poolRefused: number;
  /**
   * Latency of the tries as the caller saw them, from when the try left (after any backoff) to its
   * answer, timeout or refusal, ms; 0 without tries.
   */
  readonly p50: number;
  readonly p99: number;
}

/**
 * What the sidecars did for the calls into one service (summed over its callers' sidecars; over the
 * whole run, like `MeshReport.outcomes`).
 */
export interface MeshServiceOutcomes {
  /** Hosts of the service that outlier detection ejected. */
  readonly ejections: number;
  /** Times a caller's circuit breaker towards it opened. */
  readonly breakerOpened: number;
  /** Tries refused at once: a caller's connection pool to it and its pending queue were full. */
  readonly poolOverflows: number;
  /** Retries towards it not made: maxRetries in flight, or the retry budget spent. */
  readonly retriesDenied: number;
}

/** One edge of the mesh: calls from one workload's sidecar into one service. */
export interface MeshEdgeReport {
  readonly from: string;
  readonly to: string;
  readonly tries: number;
  /** Tries per second of measured time. */
  readonly rps: number;
  /** Tries that ended 5xx, reset, refused or timed out. */
  readonly errors: number;
  /** Tries the caller's sidecar answered 404 itself (no route matched; not errors); present when a service has routes. */
  readonly noRoute?: number;
  readonly p50: number;
  readonly p99: number;
}
