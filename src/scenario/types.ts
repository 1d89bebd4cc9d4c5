/**
 * The resolved scenario: what the model is built from. Every field has its default filled, every
 * duration is a number of milliseconds and every rate is per second. Parsing, validation and
 * defaults live in this folder; nothing downstream ever sees a raw YAML value.
 */

/** Simulated time or a duration, in milliseconds. */
export type Millis = number;
/** Events per second. */
export type PerSecond = number;
/** A probability or share, 0 to 1. */
export type Fraction = number;

/** A latency distribution. A bare duration in the file becomes `constant`. */
export type Dist =
  | { readonly dist: 'constant'; readonly value: Millis }
  | { readonly dist: 'exponential'; readonly mean: Millis }
  | { readonly dist: 'uniform'; readonly min: Millis; readonly max: Millis }
  /** Given as median and 99th percentile in the file. */
  | { readonly dist: 'lognormal'; readonly median: Millis; readonly p99: Millis }
  /** Given as mean and standard deviation in the file. */
  | { readonly dist: 'lognormal'; readonly mean: Millis; readonly sd: Millis }
  | { readonly dist: 'pareto'; readonly min: Millis; readonly alpha: number };

/** How a client produces requests. */
export type ArrivalSpec =
  | { readonly process: 'poisson'; readonly rate: PerSecond }
  | { readonly process: 'constant'; readonly rate: PerSecond }
  /** `users` closed-loop users, each waits for its reply, then thinks, then sends again. */
  | { readonly process: 'closed'; readonly users: number; readonly think: Dist };

/** From `at` on, an open client's rate is `rate`. Sorted by `at`. */
export interface RateStep {
  readonly at: Millis;
  readonly rate: PerSecond;
}

/** One kind of request in a client's mix. */
export interface MixEntry {
  readonly weight: number;
  /** Upper-case HTTP method; default GET. */
  readonly method: string;
  /** Default `/`. */
  readonly path: string;
  /** Cache keys drawn Zipf(s) over `count` keys; absent means one key per path. */
  readonly keys?: { readonly count: number; readonly zipf: number };
  /** Headers added to this kind of request (over the client's). */
  readonly headers: Readonly<Record<string, string>>;
}

/** A source of requests: how they arrive, what they ask for, and where they are sent. */
export interface ClientSpec {
  readonly id: string;
  /** A gateway or service id; default: the gateway. */
  readonly target: string;
  readonly arrival: ArrivalSpec;
  /** Rate changes for open clients; empty for none. */
  readonly schedule: readonly RateStep[];
  /** At least one entry; default one GET `/`. */
  readonly mix: readonly MixEntry[];
  readonly consumer?: string;
  /** Share of requests sent with a bad or missing credential; default 0. */
  readonly credentials: { readonly invalid: Fraction };
  readonly headers: Readonly<Record<string, string>>;
  /** The client gives up after this long and records 499; default Infinity (never). */
  readonly timeout: Millis;
  /**
   * Honouring Retry-After: on a 429 that carries one, wait that long and send the request again, at
   * most `attempts` times. Absent in the file: 0 (a 429 is final); `retryAfter: {}` means 3.
   */
  readonly retryAfter: { readonly attempts: number };
}

/**
 * A gateway plugin as written, its name checked and its fields validated for that name.
 * The gateway issue turns these into a plugin chain; the foundation passes them through.
 */
export interface PluginSpec {
  readonly name: string;
  readonly [field: string]: unknown;
}

/** Which requests a route takes; every given condition must hold. */
export interface RouteMatch {
  /** Exact path. */
  readonly path?: string;
  /** Path prefix. */
  readonly prefix?: string;
  /** Upper-case methods; absent means any. */
  readonly methods?: readonly string[];
  /** Header name (lower case) to exact value; all must match. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Retries of a forwarded call. `attempts` counts retries after the first try. */
export interface RetrySpec {
  readonly attempts: number;
  /** Conditions: `5xx`, `gateway-error`, `reset`, `connect-failure`, `timeout`, or status codes as strings. Default [5xx]. */
  readonly retryOn: readonly string[];
  /** Timeout of one try; default Infinity (only the route timeout applies). */
  readonly perTryTimeout: Millis;
}

/** A gateway route: the requests it matches and the service it forwards them to. */
/** Health checks of a route's upstream targets (Kong's `healthchecks`). */
export interface HealthCheckSpec {
  /** Consecutive failures that take a target out; 0 turns that kind of check off (Kong's default). */
  readonly passive: {
    readonly httpFailures: number;
    readonly tcpFailures: number;
    readonly timeouts: number;
    /** Statuses that count as HTTP failures; default 429, 500, 503. */
    readonly httpStatuses: readonly number[];
  };
  /** Probing of targets that are out; absent: an out target never returns (Kong's passive-only rule). */
  readonly active?: { readonly interval: Millis; readonly successes: number };
}

export interface RouteSpec {
  readonly id: string;
  readonly match: RouteMatch;
  /** The service id this route forwards to. */
  readonly service: string;
  /** Deadline over all tries, answered 504; default Infinity. */
  readonly timeout: Millis;
  readonly retries: RetrySpec;
  readonly plugins: readonly PluginSpec[];
  /** How the gateway picks an instance of the service; default ROUND_ROBIN. */
  readonly loadBalancer:
    'ROUND_ROBIN' | 'RANDOM' | 'LEAST_REQUEST' | 'LEAST_CONNECTIONS' | 'RING_HASH' | 'EWMA';
  /** Absent: every instance is always a candidate (no health checks). */
  readonly healthchecks?: HealthCheckSpec;
}

/** The API gateway: its capacity, its plugin chain and its routes. */
export interface GatewaySpec {
  readonly id: string;
  /** `kong | aws-api-gateway | apigee`; absent: generic. */
  readonly profile?: string;
  /** Default 1. */
  readonly instances: number;
  /** Requests one instance processes at once; default 256. */
  readonly concurrency: number;
  /** Requests waiting for a worker per instance; default Infinity. */
  readonly queue: number;
  /** Processing time per request; default 0. */
  readonly overhead: Dist;
  readonly plugins: readonly PluginSpec[];
  readonly routes: readonly RouteSpec[];
  /** Status answered when no route matches: 404, or the profile's (AWS answers 403). */
  readonly noRouteStatus: number;
}

/** A downstream call a service makes for each request it serves. */
export interface CallSpec {
  readonly service: string;
  /** A failed optional call does not fail the caller; default false. */
  readonly optional: boolean;
  /** The caller stops waiting after this long and treats the call as a 504; default Infinity. */
  readonly timeout: Millis;
}

/** A service: identical instances, each with workers sharing one FIFO queue. */
export interface ServiceSpec {
  readonly id: string;
  /** Default 1. */
  readonly instances: number;
  /** Workers per instance; default 1. */
  readonly concurrency: number;
  /** Waiting requests per instance before 503; default Infinity. */
  readonly queue: number;
  /** Default constant 0. */
  readonly serviceTime: Dist;
  /** Share of requests answered 500 after their service time; default 0. */
  readonly errorRate: Fraction;
  readonly calls: readonly CallSpec[];
  /** Default sequential. */
  readonly callMode: 'sequential' | 'parallel';
  /** Default thread-per-request: the worker is held while downstream calls run. */
  readonly model: 'thread-per-request' | 'event-loop';
}

/** The network between components. */
export interface NetworkSpec {
  /** Latency of one hop, each way; default 0. */
  readonly latency: Dist;
}

/** A timed fault. `for` Infinity means until the end. */
export type FaultSpec =
  | {
      readonly kind: 'crash';
      readonly at: Millis;
      readonly for: Millis;
      readonly target: string;
      readonly instance?: number;
    }
  | {
      readonly kind: 'latency';
      readonly at: Millis;
      readonly for: Millis;
      readonly target: string;
      readonly instance?: number;
      readonly add: Dist;
    }
  | {
      readonly kind: 'errors';
      readonly at: Millis;
      readonly for: Millis;
      readonly target: string;
      readonly instance?: number;
      readonly rate: Fraction;
    };

/**
 * The mesh section, validated for shape. The mesh issue builds sidecars from it; the
 * foundation keeps it so that files using it load and round-trip.
 */
export interface MeshSpec {
  readonly enabled: boolean;
  /** `istio | linkerd | consul`; absent: generic. */
  readonly profile?: string;
  /** Per-sidecar processing cost, paid by the caller's and the callee's sidecar on each hop. */
  readonly sidecar?: { readonly overhead?: Dist };
  /** mTLS between sidecars: a handshake per new connection and a cost per request. */
  readonly mtls?: {
    readonly mode?: 'STRICT' | 'PERMISSIVE' | 'DISABLE';
    readonly handshake?: Dist;
    readonly perRequest?: Dist;
  };
  /** How long an endpoint change takes to reach every sidecar. */
  readonly discovery?: { readonly propagationDelay?: Millis };
  /** Destination policy by service id (the callee's policy applies to calls into it). */
  readonly policies?: Readonly<Record<string, MeshPolicySpec>>;
  readonly [field: string]: unknown;
}

/** A mesh destination's retries as written; what is absent comes from the mesh profile. */
export interface MeshRetrySpec {
  /** Retries after the first try. */
  readonly attempts?: number;
  readonly perTryTimeout?: Millis;
  readonly retryOn?: readonly string[];
  /** Exponential backoff between tries, with jitter, from `base` up to `max`. */
  readonly backoff?: { readonly base?: Millis; readonly max?: Millis };
  /** Retries allowed as a share of requests (`ratio`), with a floor of `minPerSecond`. */
  readonly budget?: { readonly ratio?: Fraction; readonly minPerSecond?: PerSecond };
}

/** What a sidecar does for calls into one service; every field optional (the profile fills the rest). */
export interface MeshPolicySpec {
  readonly loadBalancer?: 'ROUND_ROBIN' | 'RANDOM' | 'LEAST_REQUEST' | 'EWMA';
  /** Deadline over all tries. */
  readonly timeout?: Millis;
  readonly retries?: MeshRetrySpec;
  /** Envoy circuit-breaker thresholds (Istio connectionPool); overflow answers 503. */
  readonly connectionPool?: {
    readonly maxConnections?: number;
    readonly maxPendingRequests?: number;
    readonly maxRequests?: number;
    readonly maxRetries?: number;
  };
  /** Passive health checking: eject an instance after consecutive errors. */
  readonly outlierDetection?: {
    readonly consecutive5xxErrors?: number;
    readonly consecutiveGatewayErrors?: number;
    readonly interval?: Millis;
    readonly baseEjectionTime?: Millis;
    /** 0 to 100. */
    readonly maxEjectionPercent?: number;
  };
  /** Injected faults; percentages are 0 to 100 (Istio style). */
  readonly fault?: {
    readonly delay?: { readonly percentage: number; readonly fixedDelay: Millis };
    readonly abort?: { readonly percentage: number; readonly httpStatus: number };
  };
}

/** One resolved scenario: everything a run needs, defaults filled, units in ms and per second. */
export interface Scenario {
  readonly name: string;
  /** Markdown lesson text; default empty. */
  readonly description: string;
  /** Default 1. */
  readonly seed: number;
  /** Simulated time; default 60 s. */
  readonly duration: Millis;
  /** Requests arriving before this are not counted; default 0. */
  readonly warmup: Millis;
  readonly clients: readonly ClientSpec[];
  readonly gateway?: GatewaySpec;
  readonly services: readonly ServiceSpec[];
  readonly network: NetworkSpec;
  readonly mesh: MeshSpec;
  readonly faults: readonly FaultSpec[];
  /** Which requests keep their spans for the trace view and `--trace`. */
  readonly tracing: TracingSpec;
}

/** Request tracing: a share of requests sampled, the most recent finished ones kept. */
export interface TracingSpec {
  /** Share of requests traced, 0 to 1; default 0.01. The same requests are sampled in every variant. */
  readonly sample: number;
  /** Finished traces kept, the most recent; default 200. */
  readonly keep: number;
}

/** A loaded file: the base scenario and each variant deep-merged over it, in file order. */
export interface ScenarioFile {
  readonly base: Scenario;
  readonly variants: readonly { readonly name: string; readonly scenario: Scenario }[];
}
