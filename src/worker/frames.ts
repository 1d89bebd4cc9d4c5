/**
 * What the worker streams to the page while a scenario plays: the topology once, then frames, each
 * one slice of simulated time of one variant. Frames are columns of typed arrays, so they cross the
 * worker boundary as transferables and the page decodes nothing; every view renders from these types
 * alone and never from the model.
 */
import type { DiagramNode } from '../report/diagram-node';

export {
  OUTCOMES,
  OUTCOME_OK,
  OUTCOME_4XX,
  OUTCOME_429,
  OUTCOME_5XX,
  OUTCOME_TIMEOUT,
  OUTCOME_PENDING,
  outcomeOf,
  type Outcome,
} from '../report/outcome';

/** `DotColumns.refusedBy`: the callee refused the try (it reached it). */
export const REFUSED_BY_CALLEE = 0;
/** `DotColumns.refusedBy`: the caller refused its own try, which never left it. */
export const REFUSED_BY_CALLER = 1;

/** Circuit-breaker states of `FrameData.breaker`: the view's, copied into the frame. */
export { BREAKER_CLOSED, BREAKER_HALF_OPEN, BREAKER_OPEN } from '../report/breaker-state';

/** One box of the diagram: a client, the gateway, a service or a sidecar. */
export interface NodeData extends DiagramNode {
  /**
   * Note lines its box may show (`FrameData.notes`): for the gateway, one per plugin that reports
   * (at most 4); absent: 4 for the gateway, none for the others. A gateway without such plugins then
   * gets a box as small as a service's.
   */
  readonly noteRows?: number;
}

/** A logical edge: who calls whom (a sidecar's hops are drawn on its workload's edges). */
export interface EdgeData {
  readonly from: string;
  readonly to: string;
  /** Calls on it go between two sidecars under mTLS. */
  readonly mtls: boolean;
  /** Only when the callee's own service fails over (`failover`), not on every call. */
  readonly failover?: boolean;
}

/** The static picture of one variant, sent once before its frames. */
export interface TopologyData {
  readonly variant: string;
  readonly nodes: readonly NodeData[];
  readonly edges: readonly EdgeData[];
  /** Length of a frame's per-instance columns (the sum of every node's instances). */
  readonly slots: number;
  readonly meshEnabled: boolean;
  /** Simulated end of the run, ms. */
  readonly durationMs: number;
  /** Share of requests traced, each try of which is a dot (0 to 1); absent: every request. */
  readonly traceShare?: number;
}

/**
 * The sampled tries that leave in a frame's slice, one dot each, as columns of equal length
 * `count`. Node indices point into `TopologyData.nodes`.
 */
export interface DotColumns {
  readonly count: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** When the caller decided on the try: a retry waits out its backoff at the caller until `depart`. */
  readonly leave: Float64Array;
  /** When the try leaves the caller, and reaches the callee; simulated ms. */
  readonly depart: Float64Array;
  readonly arrive: Float64Array;
  /** When its answer is back at the caller (NaN while unknown, OUTCOME_PENDING). */
  readonly back: Float64Array;
  /** OUTCOMES index of the try's answer, or OUTCOME_PENDING. */
  readonly outcome: Uint8Array;
  /** 1 for a retry. */
  readonly retry: Uint8Array;
  /**
   * Who answered a try that was refused at once: REFUSED_BY_CALLER when its caller refused it
   * itself (an open breaker, a full connection pool, an injected abort or no healthy endpoint, in the
   * caller's sidecar or the gateway's upstream: the try never left), else REFUSED_BY_CALLEE (a
   * limiter, a full queue, a down host, an auth plugin). Meaningless for a try that was served.
   * Absent: every refusal is its callee's.
   */
  readonly refusedBy?: Uint8Array;
  /** Index into the frame's `traceIds`: the request the try belongs to. */
  readonly trace: Int32Array;
}

/**
 * The traffic of each edge (index into `TopologyData.edges`), counted by the tries that ended: in the
 * frame's slice, and over the live window `[windowFrom, to)`, the last second of simulated time
 * before the frame's end (the slice itself when longer; less at the start of the run). An error is a
 * 5xx, a reset or refused connection, or a timeout; a 4xx is a client error, never an error (as in
 * the report's `EdgeReport`).
 */
export interface EdgeFrame {
  /** Tries that left their caller (counted as they leave, for calls per request as they happen). */
  readonly started: Int32Array;
  readonly tries: Int32Array;
  readonly errors: Int32Array;
  readonly clientErrors: Int32Array;
  /** Tries that never reached the callee: the caller's sidecar refused them (breaker, pool) or answered itself. */
  readonly unreached: Int32Array;
  /** Start of the live window, ms. */
  readonly windowFrom: number;
  readonly windowStarted: Int32Array;
  readonly windowTries: Int32Array;
  readonly windowErrors: Int32Array;
  readonly windowClientErrors: Int32Array;
  readonly windowUnreached: Int32Array;
  /** p99 latency of the window's tries as their callers saw them, ms; NaN for an edge without tries. */
  readonly windowP99: Float64Array;
}

/** One slice [from, to) of simulated time of one variant. */
export interface FrameData {
  /** Index of the variant (order of `TopologyData` messages). */
  readonly variant: number;
  readonly from: number;
  readonly to: number;
  /** Per instance slot, at `to`: busy workers, calls waiting, 1 if up, 1 if the registry lists it. */
  readonly busy: Int32Array;
  readonly queued: Int32Array;
  readonly up: Uint8Array;
  readonly known: Uint8Array;
  /** Requests answered at the clients during the slice, by OUTCOMES index. */
  readonly answered: Int32Array;
  /**
   * p50, p90, p99 of the latency of the requests answered in the second of simulated time before
   * `to` (the slice, when longer), ms, the sample's exact percentiles as the run's series has them
   * (`RunSeries.latency`); NaN when none.
   */
  readonly latency: Float64Array;
  /** Calls between components during the slice, and how many of them were retries. */
  readonly attempts: number;
  readonly retries: number;
  /** Per instance slot, at `to`: 1 when a sidecar has ejected it (outlier detection) or taken it out (failure accrual). */
  readonly ejected: Uint8Array;
  /**
   * Per node (index into `TopologyData.nodes`), at `to`: the worst circuit-breaker state of the
   * sidecars calling into it, BREAKER_CLOSED (or none), BREAKER_HALF_OPEN or BREAKER_OPEN.
   */
  readonly breaker: Uint8Array;
  /**
   * Per node, at `to`: short lines of what its plugins hold, for the gateway (`rate-limiting 37/100
   * left`, `cache hit 62%`); empty for the others.
   */
  readonly notes: readonly (readonly string[])[];
  /**
   * The value of each of the scenario's key figures (`ScenarioSummary.keyFigures`, in order) over the
   * measured period up to `to`: the run's report as it stood then. NaN before the warmup ends, and
   * for a figure the variant does not have. Empty in a frame that carries none: only one ending past
   * a multiple of `FIGURES_EVERY_MS`, and the run's last, carry them.
   */
  readonly figures: Float64Array;
  /** Per edge of `TopologyData.edges`: its traffic in the slice and over the live window. */
  readonly edges: EdgeFrame;
  readonly dots: DotColumns;
  /** Trace ids (`client#n`) the dots refer to; `trace` of the worker's API returns one in full. */
  readonly traceIds: readonly string[];
}
