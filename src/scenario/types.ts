/**
 * The resolved scenario: what the model is built from. Every field has its default filled, every
 * duration is a number of milliseconds and every rate is per second. Parsing, validation and
 * defaults live in this folder; nothing downstream ever sees a raw YAML value.
 */
import type { Pos } from './diagnostics';
import type { Claim, Expr } from './expectations';
import type { BalancerNameFor, BalancerOptions } from './policies/balancers';
import type { ShapeOf } from './checks';
import type { LimiterName, LimiterPluginSpec, PluginCommon } from './policies/limiters';
import type { BreakerSpec } from './policies/breakers';
import type { HealthCheckOptions } from './policies/health-checks';
import type { RetryBudgetOf } from './policies/retry-budgets';
import type { PLUGIN_FIELDS, PluginName } from './schema/plugins';

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
  /** The client's IP address, as the gateway's ip-restriction sees it; absent: none (matches no list). */
  readonly ip?: string;
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
  /** Where the client sends from; absent: no region (no hop from it crosses regions). */
  readonly region?: string;
  /**
   * An end-user token its requests carry (a JWT), forwarded with the request to every hop; its
   * principal is `issuer/subject`. Of the `credentials.invalid` share, half carry no token and half
   * an invalid one. Absent: no token.
   */
  readonly jwt?: ClientJwt;
}

/** The end-user token of a client's requests. */
export interface ClientJwt {
  /** The token's `iss`. */
  readonly issuer: string;
  /** The token's `sub`; default the client's `consumer`, else its id. */
  readonly subject: string;
}

/**
 * A gateway plugin as written, its name checked and its fields validated for that name: a rate
 * limiter with its typed options (see `policies/limiters.ts`), or another plugin.
 */
export type PluginSpec = LimiterPluginSpec | OtherPluginSpec;

/** A plugin that is not a rate limiter, by name. */
export type OtherPluginName = Exclude<PluginName, LimiterName>;

/**
 * A plugin that is not a rate limiter: its fields as `PLUGIN_FIELDS` in `schema/plugins.ts` types
 * them. Like every plugin it may be read by field name (other fields are absent: `unknown`).
 */
export type OtherPluginSpec<N extends OtherPluginName = OtherPluginName> = N extends OtherPluginName
  ? PluginCommon & { readonly name: N } & ShapeOf<(typeof PLUGIN_FIELDS)[N]> & {
        readonly [field: string]: unknown;
      }
  : never;

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
/**
 * Health checks of a route's upstream targets (Kong's `healthchecks`; declared in
 * `policies/health-checks.ts`). `passive`: consecutive failures that take a target out, 0 turning
 * that kind off (Kong's default). `active`: probing of targets that are out; absent: an out target
 * never returns (Kong's passive-only rule).
 */
export interface HealthCheckSpec {
  readonly passive: HealthCheckOptions<'passive'>;
  readonly active?: HealthCheckOptions<'active'>;
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
  /** How the gateway picks an instance of the service (see `policies/balancers.ts`); default ROUND_ROBIN. */
  readonly loadBalancer: BalancerNameFor<'gateway'>;
  /** The options the file wrote for `loadBalancer`, only that balancer's; absent: its defaults. */
  readonly balancerOptions?: BalancerOptions;
  /** Absent: every instance is always a candidate (no health checks). */
  readonly healthchecks?: HealthCheckSpec;
  /**
   * A canary at the edge: each request the route takes goes to one of these services, with
   * probability weight / sum (Kong's upstream targets by weight, AWS's canary `percentTraffic`).
   * `service` may be one of them. Absent: every request goes to `service`.
   */
  readonly split?: readonly { readonly service: string; readonly weight: number }[];
  /**
   * Weights of the service's instances, one each, > 0 (Kong's target weights): the balancer gives
   * each a share in proportion. Absent, or not one per instance: equal weights.
   */
  readonly weights?: readonly number[];
  /** What `RING_HASH` keys a request by; absent: its cache key, else its client. */
  readonly hashOn?: HashOnSpec;
}

/** A route's consistent-hashing key (Kong's upstream `hash_on`). */
export interface HashOnSpec {
  /** `client` (its ip, else its id), `consumer`, `header` (the one `header` names) or `path`. */
  readonly by: 'client' | 'consumer' | 'header' | 'path';
  /** The header, lower case, for `by: header`. */
  readonly header?: string;
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
  /** Where it runs; absent: no region (no hop to or from it crosses regions). */
  readonly region?: string;
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
  /**
   * `queue`: a one-way message queue, not a service. A call to it is answered 202 as soon as the
   * message is in; its `concurrency` consumers per instance then drain it, each message taking
   * `serviceTime`, first in first out, at most `queue` waiting. Absent (or `service`): a service.
   */
  readonly kind?: 'service' | 'queue';
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
  /** Where its instances run (and their sidecars); absent: no region (no hop to or from it crosses regions). */
  readonly region?: string;
}

/** The network between components. */
export interface NetworkSpec {
  /** Latency of one hop, each way; default 0. */
  readonly latency: Dist;
  /** Added to a hop, each way, whose two ends are in different regions (both set); default 0. */
  readonly crossRegion: Dist;
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
    }
  | {
      /** The service runs `instances` instances from `at`, and its own count again after `for`. */
      readonly kind: 'scale';
      readonly at: Millis;
      readonly for: Millis;
      readonly target: string;
      readonly instance?: undefined;
      readonly instances: number;
    }
  | {
      /** The gateway's caches drop every entry at `at` (Kong's DELETE /proxy-cache). */
      readonly kind: 'flush';
      readonly at: Millis;
      /** Always Infinity: a flush is an instant. */
      readonly for: Millis;
      /** The gateway. */
      readonly target: string;
      readonly instance?: undefined;
    };

/** Service-mesh products whose defaults `mesh.profile` selects. */
export type MeshProfileName = 'istio' | 'linkerd' | 'consul';

/** Load-balancing algorithms a sidecar can use (Istio's names; EWMA is Linkerd's P2C over peak EWMA). */
export type MeshLoadBalancer = BalancerNameFor<'mesh'>;

/**
 * The mesh section, resolved: every field filled from the file, then `mesh.defaults`, then the
 * profile's defaults, then the generic ones (see `src/scenario/profiles/mesh.ts`). With
 * `enabled: false` the model ignores everything else: calls between services are direct.
 */
export interface MeshSpec {
  readonly enabled: boolean;
  /** The profile that filled the defaults; absent: generic. */
  readonly profile?: MeshProfileName;
  readonly sidecar: SidecarSpec;
  readonly mtls: MtlsSpec;
  readonly discovery: {
    /** How long a scale-up, crash or recovery takes to reach every sidecar; default 0. */
    readonly propagationDelay: Millis;
  };
  /** Services that run without a sidecar (legacy workloads); default none. */
  readonly exclude: readonly string[];
  /** Authorization rules (Istio AuthorizationPolicy, Consul intentions), in file order. */
  readonly authorization: readonly AuthorizationRule[];
  /**
   * Which token issuers the sidecars of a service accept (Istio RequestAuthentication), in file
   * order; a service takes the union of the rules naming it and those naming no service. Default none.
   */
  readonly requestAuthentication: readonly RequestAuthenticationRule[];
  /** The destination policy of every service, by service id: calls into that service use it. */
  readonly policies: Readonly<Record<string, MeshPolicy>>;
}

/** The proxy beside each instance: its cost and its own workers. */
export interface SidecarSpec {
  /** CPU time of one pass through the proxy (each call passes the caller's and the callee's); default 0. */
  readonly overhead: Dist;
  /** Worker threads per sidecar (Envoy `--concurrency`; Istio's default 2); default 2. */
  readonly concurrency: number;
}

/** Mutual TLS between sidecars. */
export interface MtlsSpec {
  /** STRICT refuses callers without a sidecar; PERMISSIVE (default) accepts both; DISABLE is plaintext. */
  readonly mode: MtlsMode;
  /** Paid by each new connection between two sidecars; default 0. */
  readonly handshake: Dist;
  /** Paid by each request on an mTLS connection; default 0. */
  readonly perRequest: Dist;
  /** Certificate lifetime: at each rotation every pooled connection is closed (Istio 24 h, Consul 72 h); Infinity: never. */
  readonly rotation: Millis;
  /** An idle pooled connection is closed after this (Envoy 1 h); Infinity: never. */
  readonly idleTimeout: Millis;
  /** Per-service modes (a PeerAuthentication with a selector), over `mode`, by service id; default none. */
  readonly services: Readonly<Record<string, MtlsMode>>;
}

/** A PeerAuthentication mode. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** The token issuers the sidecars of one service, or of every service, accept. */
export interface RequestAuthenticationRule {
  /** Absent: every service. */
  readonly service?: string;
  /** Accepted `iss` values; a token of another issuer, or an invalid one, is answered 401. */
  readonly issuers: readonly string[];
}

/**
 * One authorization rule on calls into `service`. It matches a call when every field it sets
 * matches; a `not...` field matches when none of its entries does. Absent fields match any call.
 */
export interface AuthorizationRule {
  readonly service: string;
  readonly action: 'ALLOW' | 'DENY';
  /**
   * Caller ids it matches (`gateway` id, service ids), `*` for any caller, or `mesh:*` for any
   * caller whose sidecar presented a certificate (Istio's `principals: ["*"]`); absent: any caller.
   */
  readonly from?: readonly string[];
  /** Callers it does not match, in the same forms. */
  readonly notFrom?: readonly string[];
  /** Paths of the client request it matches: prefixes on segment boundaries, `/api*`, `*.json` or `*`; absent: any. */
  readonly paths?: readonly string[];
  readonly notPaths?: readonly string[];
  /** Upper-case methods it matches, or `*`; absent: any. */
  readonly methods?: readonly string[];
  readonly notMethods?: readonly string[];
  /**
   * Request headers (lower-case names) and the values any of which must match: exact, `prefix*`,
   * `*suffix`, or `*` (present with any value). Every header named must match.
   */
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  /** Each header named must be absent or match none of its values. */
  readonly notHeaders?: Readonly<Record<string, readonly string[]>>;
  /**
   * End-user principals (`issuer/subject` of a token the service's request authentication
   * accepted) in the same patterns; `*`: any valid token.
   */
  readonly requestPrincipals?: readonly string[];
  readonly notRequestPrincipals?: readonly string[];
}

/** How a sidecar retries calls into a destination. */
export interface MeshRetryPolicy {
  /** Retries after the first try. */
  readonly attempts: number;
  /** Infinity: none (the deadline alone bounds a try). */
  readonly perTryTimeout: Millis;
  /** Envoy `retry_on` values and status codes as strings: `5xx`, `gateway-error`, `reset`, `connect-failure`, `refused-stream`, `retriable-4xx`, `503`, ... */
  readonly retryOn: readonly string[];
  /** Fully jittered exponential backoff: retry n waits U[0, min(max, base x (2^n - 1))). */
  readonly backoff: { readonly base: Millis; readonly max: Millis };
  /** A retry goes to another instance than the one that failed, when there is one (Istio's default). */
  readonly otherHost: boolean;
  /** Caps retries beyond `attempts`; absent: no budget. */
  readonly budget?: RetryBudgetSpec;
}

/**
 * A retry budget: Envoy's share of active requests, or Linkerd's ratio of recent requests; its
 * fields and defaults are declared in `policies/retry-budgets.ts`.
 */
export type RetryBudgetSpec = RetryBudgetOf;

/** Envoy's per-cluster circuit-breaker thresholds (Istio connectionPool; `policies/breakers.ts`). Infinity: no limit. */
export type ConnectionPoolSpec = BreakerSpec<'connectionPool'>;

/** Envoy outlier detection (Istio DestinationRule outlierDetection; `policies/health-checks.ts`). */
export type OutlierDetectionSpec = HealthCheckOptions<'outlierDetection'>;

/** Linkerd failure accrual: consecutive failures take an endpoint out; probes with exponential backoff. */
export type FailureAccrualSpec = HealthCheckOptions<'failureAccrual'>;

/** A resilience4j-style breaker on the caller's side of a destination (`policies/breakers.ts`). */
export type CircuitBreakerSpec = BreakerSpec<'circuitBreaker'>;

/** What the sidecars do for calls into one service. */
export interface MeshPolicy {
  readonly loadBalancer: MeshLoadBalancer;
  /** The options written with `loadBalancer`, only that balancer's; absent: its defaults. */
  readonly balancerOptions?: BalancerOptions;
  /** Below this percent (0 to 100) of healthy hosts, balance over all of them (Envoy 50); 0: off (Istio). */
  readonly panicThreshold: number;
  /** Deadline over all tries; Infinity: none (Istio, Linkerd). Answered 504. */
  readonly timeout: Millis;
  /** A new connection that takes longer fails (connect-failure, 503); Infinity: never. */
  readonly connectTimeout: Millis;
  readonly retries: MeshRetryPolicy;
  readonly connectionPool: ConnectionPoolSpec;
  /** Absent: off. */
  readonly outlierDetection?: OutlierDetectionSpec;
  /** Absent: off. */
  readonly failureAccrual?: FailureAccrualSpec;
  /** Absent: off. */
  readonly circuitBreaker?: CircuitBreakerSpec;
  /** Injected faults; percentages 0 to 100 (Istio). With a fault set, this destination's retries and timeout are off (Istio). */
  readonly fault?: MeshFault;
  /** Calls into this service go to these services instead, by weight (a canary's subsets). */
  readonly split?: MeshSplit;
  /** A copy of this share (0 to 100) of the calls goes to `service` too; its answer is ignored. */
  readonly mirror?: MeshMirror;
  /**
   * Routes of calls into this service (Istio VirtualService http routes, Consul service-router
   * routes): the first whose match holds takes the call; a call none matches is answered 404 by
   * the caller's sidecar. With routes the policy has no `split`, `mirror` or `fault` of its own.
   */
  readonly routes?: readonly MeshRoute[];
  /**
   * When the caller's sidecar knows no healthy endpoint of this service (none up in the registry,
   * or all ejected), its tries go to the first of these services that has one.
   */
  readonly failover?: readonly string[];
}

/** Injected faults of calls (Istio's `fault`); percentages 0 to 100. */
export interface MeshFault {
  readonly delay?: { readonly percentage: number; readonly fixedDelay: Millis };
  readonly abort?: { readonly percentage: number; readonly httpStatus: number };
}

/** Weighted destinations of calls; at least one weight is positive. */
export type MeshSplit = readonly { readonly service: string; readonly weight: number }[];

/** A copy of this share (0 to 100) of the calls goes to `service` too; its answer is ignored. */
export interface MeshMirror {
  readonly service: string;
  readonly percentage: number;
}

/** One route of a service's mesh policy. */
export interface MeshRoute {
  /** Which calls it takes; absent: every call. */
  readonly match?: MeshRouteMatch;
  /** Deadline over all tries; from the route, else the service's policy. Infinity with a fault. */
  readonly timeout: Millis;
  /** The route's retry fields over the service policy's; no retries with a fault. */
  readonly retries: MeshRetryPolicy;
  /** The route's own; absent: none. */
  readonly fault?: MeshFault;
  /** Where the route sends calls, by weight; absent: the service itself. */
  readonly split?: MeshSplit;
  readonly mirror?: MeshMirror;
}

/**
 * Which calls a mesh route takes, judged on the client request a call serves; every condition set
 * must hold. Paths are compared without their query string, as Envoy does.
 */
export interface MeshRouteMatch {
  /** Exact path. */
  readonly path?: string;
  /** Path prefix (a plain string prefix: `/api` matches `/apiv2`, as in Envoy). */
  readonly prefix?: string;
  /** A regular expression the whole path must match. */
  readonly regex?: string;
  /** Upper-case methods, any of which; absent: any method. */
  readonly methods?: readonly string[];
  /** Conditions on request headers, all of which must hold; empty: none. */
  readonly headers: readonly HeaderCondition[];
}

/** A condition on one request header (Envoy's header matcher, Consul's `Header` match). */
export interface HeaderCondition {
  /** Lower case. */
  readonly name: string;
  /** `regex` must match the whole value; `present` holds when the header is there at all. */
  readonly op: 'exact' | 'prefix' | 'suffix' | 'regex' | 'present';
  /** What the value is compared with; empty for `present`. */
  readonly value: string;
  /** The condition holds when the comparison fails (an absent header fails every comparison). */
  readonly invert: boolean;
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
  /** Where and how fast the page starts playing a run; default from 0 at the reader's speed. */
  readonly playback: PlaybackSpec;
  /** "Try this" actions of the lesson, for the page: each sets values and runs again; default none. */
  readonly tryThis: readonly TryThis[];
  /** Runs of each variant on seeds seed, seed + 1, ...; `compare` gives 95 % intervals over them. Default 1. */
  readonly replications: number;
  /** The lesson's claims about its outcome, checked by `meshsim check` on every seed; default none. */
  readonly expect: readonly Expectation[];
  /** The figures the page's tiles show for each variant, in order; default none (the page's own set). */
  readonly keyFigures: readonly KeyFigureSpec[];
}

/**
 * One of a lesson's key figures, as written: a figure expression over one run's report, and what the
 * file says of how to show it (the report layer fills the rest: `report/key-figures.ts`).
 */
export interface KeyFigureSpec {
  /** The expression as written (`share.429`); it names the figure. */
  readonly text: string;
  readonly value: Expr;
  /** The tile's label; default: the figure's own name (`p90 latency`, `share of 429`). */
  readonly label?: string;
  /** How it prints: `ms`, `%` (a share, 0 to 1), `x` (a factor), `count`, `/s`, or `number`. */
  readonly unit?: 'ms' | '%' | 'x' | 'count' | '/s' | 'number';
  /** Which way is better, when one is; default from the figure (lower latency, higher success). */
  readonly better?: 'lower' | 'higher';
}

/** One claim of a lesson: a sentence for the reader and the check that measures it. */
export interface Expectation {
  readonly say: string;
  /** The check as written, e.g. `retries-on:successRate > 97%`. */
  readonly check: string;
  readonly claim: Claim;
  /** Where the check is written, for errors about it. */
  readonly pos: Pos;
}

/** A value a "try this" action sets: a scalar, or a list of scalars (`retryOn: [5xx, reset]`). */
export type TryThisValue = string | number | boolean | readonly (string | number | boolean)[];

/** One "try this" action: a button label and the values it sets, by path (`services.catalog.instances`). */
export interface TryThis {
  readonly label: string;
  /** What to look for after pressing it (Markdown), shown beside the button; default none. */
  readonly say?: string;
  readonly set: Readonly<Record<string, TryThisValue>>;
}

/** Request tracing: a share of requests sampled, the most recent finished ones kept. */
export interface TracingSpec {
  /** Share of requests traced, 0 to 1; default 0.01. The same requests are sampled in every variant. */
  readonly sample: number;
  /** Finished traces kept, the most recent; default 200. */
  readonly keep: number;
}

/** Where the page's playback of a run starts; the simulation itself always runs from 0. */
export interface PlaybackSpec {
  /** Simulated time the playback starts at, ms; default 0. */
  readonly start: Millis;
  /** The playback speed a lesson starts at (simulated ms per wall ms); absent: the reader's choice. */
  readonly speed?: number;
}

/** A loaded file: the base scenario and each variant deep-merged over it, in file order. */
export interface ScenarioFile {
  readonly base: Scenario;
  readonly variants: readonly { readonly name: string; readonly scenario: Scenario }[];
}
