/**
 * What a mesh profile sets when a scenario leaves it out, and the one step that fills the mesh
 * section. Values come from docs/behaviour.md (source tags in brackets, listed in
 * docs/behaviour.md#sources); values it does not state are marked as such and listed in
 * docs/behaviour.md#what-the-profiles-assume-without-a-source. For each service's policy a field
 * comes from the service's own policy, then `mesh.defaults`, then the profile, then the generic mesh
 * (every profile below is complete, so the generic values appear in it where the product does not
 * differ).
 */
import type { MeshPolicyWritten, MeshWritten } from '../schema/mesh';
import { balancerFields } from '../policies/balancers';
import { BREAKERS } from '../policies/breakers';
import { HEALTH_CHECKS } from '../policies/health-checks';
import { defaultsOf } from '../policies/policy-option';
import { RETRY_BUDGETS } from '../policies/retry-budgets';
import type { MeshRouteWritten } from '../schema/mesh-routes';
import type { MeshRetriesWritten, RetryBudgetWritten } from '../schema/retries';
import type {
  CircuitBreakerSpec,
  Dist,
  FailureAccrualSpec,
  MeshPolicy,
  MeshProfileName,
  MeshRoute,
  MeshRetryPolicy,
  MeshSpec,
  Millis,
  MtlsSpec,
  OutlierDetectionSpec,
  RetryBudgetSpec,
  SidecarSpec,
} from '../types';

/** Defaults one mesh product applies: its sidecars, its mTLS, and the policy of every destination. */
export interface MeshProfile {
  readonly sidecar: SidecarSpec;
  readonly mtls: MtlsSpec;
  readonly propagationDelay: Millis;
  /** The policy of a service the file says nothing about; features it leaves absent are off. */
  readonly policy: MeshPolicy;
}

const HOUR = 3_600_000;
const NONE: Dist = { dist: 'constant', value: 0 };
// One Envoy sidecar pass. Istio publishes about 1.7 ms at p90 and 2.7 ms at p99 for the client and
// server sidecars together, mTLS on, 1000 rps [I-perf]; a call passes two sidecars, and two passes
// of a lognormal with median 0.5 ms and p99 1.5 ms add up to about 1.6 ms at p90 and 2.4 ms at p99.
const ENVOY_PASS: Dist = { dist: 'lognormal', median: 0.5, p99: 1.5 };
// Linkerd's Rust proxy: its vendor benchmark measured a third to a half of Istio's added latency
// [L-bench]; the pass is scaled down accordingly (two passes: about 0.8 ms at p90), an estimate, not a
// published per-proxy figure.
const LINKERD_PASS: Dist = { dist: 'lognormal', median: 0.25, p99: 0.8 };
// A TLS handshake between sidecars and the per-request crypto: estimates (UNVERIFIED), of the
// order the design example uses; no product publishes them apart from the sidecar figures above.
const HANDSHAKE: Dist = { dist: 'constant', value: 1 };
const PER_REQUEST: Dist = { dist: 'constant', value: 0.02 };

/** Field defaults of Envoy outlier detection when a policy turns it on: [E-od], Istio's the same [I-dr]. */
export const OUTLIER_DETECTION: OutlierDetectionSpec = defaultsOf(HEALTH_CHECKS.outlierDetection.options);

/** Field defaults of Linkerd failure accrual when a policy turns it on: 7 failures, 1 s to 60 s, jitter 0.5 [L-cb]. */
export const FAILURE_ACCRUAL: FailureAccrualSpec = defaultsOf(HEALTH_CHECKS.failureAccrual.options);

/** Field defaults of a breaker when a policy turns it on: resilience4j's [R4J]. */
export const CIRCUIT_BREAKER: CircuitBreakerSpec = defaultsOf(BREAKERS.circuitBreaker.options);

/** Envoy's retry budget when set: 20 % of active and pending requests, at least 3 [E-cb]. */
export const ENVOY_BUDGET: RetryBudgetSpec = { kind: 'envoy', ...defaultsOf(RETRY_BUDGETS.envoy.options) };
/** Linkerd's retry budget: ratio 0.2, 10 retries a second, over 10 s [L-sp]. */
export const LINKERD_BUDGET: RetryBudgetSpec = {
  kind: 'linkerd',
  ...defaultsOf(RETRY_BUDGETS.linkerd.options),
};

/** The generic mesh: free sidecars, no limits, no retries, nothing that ejects or breaks. */
export const GENERIC_MESH: MeshProfile = {
  sidecar: { overhead: NONE, concurrency: 2 },
  mtls: {
    mode: 'PERMISSIVE',
    handshake: NONE,
    perRequest: NONE,
    rotation: Infinity,
    idleTimeout: Infinity,
    services: {},
  },
  propagationDelay: 0,
  policy: {
    loadBalancer: 'ROUND_ROBIN',
    panicThreshold: 0,
    timeout: Infinity,
    connectTimeout: Infinity,
    // Envoy's backoff shape (25 ms base, 250 ms cap [E-rt]) so that retries, once asked for, are jittered.
    retries: {
      attempts: 0,
      perTryTimeout: Infinity,
      retryOn: ['5xx'],
      backoff: { base: 25, max: 250 },
      otherHost: false,
    },
    connectionPool: defaultsOf(BREAKERS.connectionPool.options),
  },
};

/** Profiles by name, as `mesh.profile` selects them. */
export const MESH_PROFILE_DEFAULTS: Readonly<Record<MeshProfileName, MeshProfile>> = {
  istio: {
    // Istio's proxy runs 2 worker threads by default (MeshConfig `concurrency`; assumed, not sourced).
    sidecar: { overhead: ENVOY_PASS, concurrency: 2 },
    mtls: {
      // Nothing set behaves as PERMISSIVE [I-pa].
      mode: 'PERMISSIVE',
      handshake: HANDSHAKE,
      perRequest: PER_REQUEST,
      // Workload certificates live 24 h and Envoy's idle timeout of a pooled connection is 1 h
      // (product defaults assumed, not sourced).
      rotation: 24 * HOUR,
      idleTimeout: HOUR,
      services: {},
    },
    propagationDelay: 0,
    policy: {
      // DestinationRule's default balancer is LEAST_REQUEST [I-dr]; minHealthPercent 0 turns
      // Envoy's panic mode off, so all hosts ejected answers 503 [I-dr][I-ctp].
      loadBalancer: 'LEAST_REQUEST',
      panicThreshold: 0,
      // No route timeout unless set (unlike Envoy's 15 s) [I-vs]; connect timeout 10 s (MeshConfig
      // `connectTimeout`; assumed, not sourced).
      timeout: Infinity,
      connectTimeout: 10_000,
      // istiod's default: 2 retries on connect-failure,refused-stream,unavailable,cancelled,
      // retriable-status-codes with no codes; for HTTP that is connect failures and refused
      // streams, so a plain 5xx is not retried; retries go to another host [I-retry]. Envoy's
      // backoff [E-rt]; no budget unless set.
      retries: {
        attempts: 2,
        perTryTimeout: Infinity,
        retryOn: ['connect-failure', 'refused-stream'],
        backoff: { base: 25, max: 250 },
        otherHost: true,
      },
      // Istio raises Envoy's 1024/1024/1024/3 to 2^32-1: no limit in practice [I-dr][I-ctp].
      connectionPool: {
        maxConnections: Infinity,
        maxPendingRequests: Infinity,
        maxRequests: Infinity,
        maxRetries: Infinity,
      },
      // Outlier detection is off until a DestinationRule sets it; then OUTLIER_DETECTION [I-dr].
    },
  },
  linkerd: {
    sidecar: { overhead: LINKERD_PASS, concurrency: 2 },
    mtls: {
      // On between meshed pods, plaintext from unmeshed callers accepted: PERMISSIVE; certificates
      // live 24 h [L-mtls]. Handshake and idle timeout as for Envoy (estimates).
      mode: 'PERMISSIVE',
      handshake: HANDSHAKE,
      perRequest: PER_REQUEST,
      rotation: 24 * HOUR,
      idleTimeout: HOUR,
      services: {},
    },
    propagationDelay: 0,
    policy: {
      // P2C over peak-EWMA latency [L-lb]; no panic mode.
      loadBalancer: 'EWMA',
      panicThreshold: 0,
      // Timeouts have no default [L-to]; the connect timeout is not sourced: none.
      timeout: Infinity,
      connectTimeout: Infinity,
      // No retries until a route is made retryable (then `retry.linkerd.io/http: 5xx`) [L-rt2]; the
      // budget of a retryable ServiceProfile route, 0.2 + 10/s over 10 s [L-sp]. Retries go back
      // through the balancer, so to another endpoint when there is one.
      retries: {
        attempts: 0,
        perTryTimeout: Infinity,
        retryOn: ['5xx'],
        backoff: { base: 25, max: 250 },
        otherHost: true,
        budget: LINKERD_BUDGET,
      },
      connectionPool: {
        maxConnections: Infinity,
        maxPendingRequests: Infinity,
        maxRequests: Infinity,
        maxRetries: Infinity,
      },
      // Failure accrual is off unless `consecutive` is set; then FAILURE_ACCRUAL [L-cb].
    },
  },
  consul: {
    // Consul's sidecar is Envoy: the same pass as Istio's [I-perf].
    sidecar: { overhead: ENVOY_PASS, concurrency: 2 },
    mtls: {
      // PERMISSIVE like the others (Consul's own MutualTLSMode is not modelled); leaf
      // certificates live 72 h [C-intent]; Envoy's 1 h idle timeout.
      mode: 'PERMISSIVE',
      handshake: HANDSHAKE,
      perRequest: PER_REQUEST,
      rotation: 72 * HOUR,
      idleTimeout: HOUR,
      services: {},
    },
    // Catalog changes are pushed at once [C-ae].
    propagationDelay: 0,
    policy: {
      // Resolver LoadBalancer unset: round robin [C-resolver]; Envoy's panic threshold 50 % [E-panic].
      loadBalancer: 'ROUND_ROBIN',
      panicThreshold: 50,
      // Resolver RequestTimeout 15 s, ConnectTimeout 5 s [C-resolver].
      timeout: 15_000,
      connectTimeout: 5000,
      // Router NumRetries 0, RetryOnConnectFailure false [C-router]; 5xx is what `attempts` alone retries.
      retries: {
        attempts: 0,
        perTryTimeout: Infinity,
        retryOn: ['5xx'],
        backoff: { base: 25, max: 250 },
        otherHost: false,
      },
      // Limits unset: Envoy's defaults [C-defaults][E-cb].
      connectionPool: { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 },
      // Outlier detection always on, with Envoy's defaults [C-defaults][E-od].
      outlierDetection: OUTLIER_DETECTION,
    },
  },
};

// Resolved scenarios share these values: nobody may change them.
for (const table of [OUTLIER_DETECTION, FAILURE_ACCRUAL, CIRCUIT_BREAKER, ENVOY_BUDGET, LINKERD_BUDGET])
  deepFreeze(table);
deepFreeze(GENERIC_MESH);
deepFreeze(MESH_PROFILE_DEFAULTS);

/** The defaults of `profile`, or the generic mesh's when it is absent. */
export function meshProfile(profile: MeshProfileName | undefined): MeshProfile {
  return profile === undefined ? GENERIC_MESH : MESH_PROFILE_DEFAULTS[profile];
}

/**
 * The resolved mesh of a scenario whose services are `services` (ids, or specs with an `id`): every
 * field filled, and a policy for every service. Policies written for other ids are left out (the
 * loader reports them). Pure; the result shares the profile's frozen values.
 */
export function resolveMesh(
  written: MeshWritten,
  services: readonly (string | { readonly id: string })[],
): MeshSpec {
  const profile = meshProfile(written.profile);
  const policies: Record<string, MeshPolicy> = {};
  for (const s of services) {
    const id = typeof s === 'string' ? s : s.id;
    const own = written.policies && Object.hasOwn(written.policies, id) ? written.policies[id] : undefined;
    // defineProperty: an id such as `constructor` must become a plain entry.
    Object.defineProperty(policies, id, {
      value: withRoutes(resolvePolicy(own, written.defaults, profile.policy), own?.routes),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const m = profile.mtls;
  const w = written.mtls ?? {};
  return {
    enabled: written.enabled ?? false,
    ...(written.profile === undefined ? {} : { profile: written.profile }),
    sidecar: {
      overhead: written.sidecar?.overhead ?? profile.sidecar.overhead,
      concurrency: written.sidecar?.concurrency ?? profile.sidecar.concurrency,
    },
    mtls: {
      mode: w.mode ?? m.mode,
      handshake: w.handshake ?? m.handshake,
      perRequest: w.perRequest ?? m.perRequest,
      rotation: w.rotation ?? m.rotation,
      idleTimeout: w.idleTimeout ?? m.idleTimeout,
      services: w.services ?? m.services,
    },
    discovery: { propagationDelay: written.discovery?.propagationDelay ?? profile.propagationDelay },
    exclude: written.exclude ?? [],
    authorization: written.authorization ?? [],
    requestAuthentication: written.requestAuthentication ?? [],
    policies,
  };
}

/** One service's policy: `own`, then `defaults`, then `base` (the profile's), field by field. */
function resolvePolicy(
  own: MeshPolicyWritten | undefined,
  defaults: MeshPolicyWritten | undefined,
  base: MeshPolicy,
): MeshPolicy {
  const layers = [own, defaults].filter((p): p is MeshPolicyWritten => p !== undefined);
  const pick = <T>(get: (p: MeshPolicyWritten) => T | undefined): T | undefined => firstOf(layers, get);
  const delay = pick((p) => p.fault?.delay) ?? base.fault?.delay;
  const abort = pick((p) => p.fault?.abort) ?? base.fault?.abort;
  const outlier = feature(
    layers.map((p) => p.outlierDetection),
    base.outlierDetection,
    OUTLIER_DETECTION,
  );
  const accrual = feature(
    layers.map((p) => p.failureAccrual),
    base.failureAccrual,
    FAILURE_ACCRUAL,
  );
  const breaker = feature(
    layers.map((p) => p.circuitBreaker),
    base.circuitBreaker,
    CIRCUIT_BREAKER,
  );
  return {
    // A balancer's options go with the name they were written with: the most specific layer's.
    ...(pick((p) => p.loadBalancer && balancerFields(p.loadBalancer)) ?? {
      loadBalancer: base.loadBalancer,
    }),
    panicThreshold: pick((p) => p.panicThreshold) ?? base.panicThreshold,
    timeout: pick((p) => p.timeout) ?? base.timeout,
    connectTimeout: pick((p) => p.connectTimeout) ?? base.connectTimeout,
    retries: resolveRetries(
      layers.flatMap((p) => (p.retries === undefined ? [] : [p.retries])),
      base.retries,
    ),
    connectionPool: merged(
      layers.map((p) => p.connectionPool),
      base.connectionPool,
    ),
    // An unwritten longest ejection or penalty is never below the shortest (Envoy's rule [E-od]).
    ...(outlier && {
      outlierDetection: written(layers, (p) => p.outlierDetection, 'maxEjectionTime')
        ? outlier
        : { ...outlier, maxEjectionTime: Math.max(outlier.maxEjectionTime, outlier.baseEjectionTime) },
    }),
    ...(accrual && {
      failureAccrual: written(layers, (p) => p.failureAccrual, 'maxPenalty')
        ? accrual
        : { ...accrual, maxPenalty: Math.max(accrual.maxPenalty, accrual.minPenalty) },
    }),
    ...(breaker && { circuitBreaker: breaker }),
    ...((delay || abort) && { fault: { ...(delay && { delay }), ...(abort && { abort }) } }),
    ...(own?.split && { split: own.split }),
    ...(own?.mirror && { mirror: own.mirror }),
    ...(own?.failover && { failover: own.failover }),
  };
}

/**
 * A policy's routes: each route's timeout and retries, field by field, over the resolved policy's
 * (Istio: a route with a fault has no retries and no timeout).
 */
function withRoutes(policy: MeshPolicy, routes: readonly MeshRouteWritten[] | undefined): MeshPolicy {
  if (routes === undefined) return policy;
  return {
    ...policy,
    routes: routes.map((w): MeshRoute => {
      const retries = resolveRetries(w.retries === undefined ? [] : [w.retries], policy.retries);
      return {
        ...(w.match && { match: w.match }),
        timeout: w.fault ? Infinity : (w.timeout ?? policy.timeout),
        retries: w.fault ? { ...retries, attempts: 0, perTryTimeout: Infinity } : retries,
        ...(w.fault && { fault: w.fault }),
        ...(w.split && { split: w.split }),
        ...(w.mirror && { mirror: w.mirror }),
      };
    }),
  };
}

/** Retries from the written layers (most specific first) over the profile's. */
function resolveRetries(layers: readonly MeshRetriesWritten[], base: MeshRetryPolicy): MeshRetryPolicy {
  const pick = <T>(get: (p: MeshRetriesWritten) => T | undefined): T | undefined => firstOf(layers, get);
  const backoffBase = pick((p) => p.backoff?.base);
  // Envoy: an unset max_interval is 10 x base_interval [E-rc] (25 ms gives the default 250 ms).
  const backoffMax =
    pick((p) => p.backoff?.max) ?? (backoffBase === undefined ? base.backoff.max : 10 * backoffBase);
  const budget = resolveBudget(
    layers.map((p) => p.budget),
    base.budget,
  );
  return {
    attempts: pick((p) => p.attempts) ?? base.attempts,
    perTryTimeout: pick((p) => p.perTryTimeout) ?? base.perTryTimeout,
    retryOn: pick((p) => p.retryOn) ?? base.retryOn,
    backoff: { base: backoffBase ?? base.backoff.base, max: backoffMax },
    otherHost: pick((p) => p.otherHost) ?? base.otherHost,
    ...(budget && { budget }),
  };
}

/**
 * The budget: the most specific layer that mentions one decides (`false`: none) and its kind; its
 * fields come from it, then from less specific layers of the same kind, then from that kind's
 * defaults (the profile's budget when it is of that kind).
 */
function resolveBudget(
  layers: readonly (RetryBudgetWritten | false | undefined)[],
  base: RetryBudgetSpec | undefined,
): RetryBudgetSpec | undefined {
  const top = layers.find((b) => b !== undefined);
  if (top === undefined) return base;
  if (top === false) return undefined;
  const same = layers.filter(
    (b): b is RetryBudgetWritten => b !== undefined && b !== false && b.kind === top.kind,
  );
  const fallback = base?.kind === top.kind ? base : top.kind === 'envoy' ? ENVOY_BUDGET : LINKERD_BUDGET;
  return merged(same, fallback);
}

/**
 * A feature that is on or off (outlier detection, failure accrual, a breaker): the most specific
 * layer that mentions it decides (`false`: off; a mapping: on); the fields of every mapping from
 * there on fill it, over the profile's setting when the profile has it on, else `fieldDefaults`.
 * No layer mentions it: the profile's setting.
 */
function feature<T extends object>(
  layers: readonly (Partial<T> | false | undefined)[],
  profile: T | undefined,
  fieldDefaults: T,
): T | undefined {
  const i = layers.findIndex((x) => x !== undefined);
  if (i < 0) return profile;
  if (layers[i] === false) return undefined;
  return merged(layers.slice(i), profile ?? fieldDefaults);
}

/** `base` with the defined fields of `layers` over it, the first layer winning. */
function merged<T extends object>(layers: readonly (Partial<T> | false | undefined)[], base: T): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const layer of [...layers].reverse()) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) out[k] = v;
  }
  return out as T;
}

/** The first defined value of `get` over `layers`. */
function firstOf<L, T>(layers: readonly L[], get: (layer: L) => T | undefined): T | undefined {
  for (const layer of layers) {
    const v = get(layer);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Whether some layer wrote `field` of the feature that `get` reads. */
function written<T extends object>(
  layers: readonly MeshPolicyWritten[],
  get: (p: MeshPolicyWritten) => Partial<T> | false | undefined,
  field: keyof T,
): boolean {
  return layers.some((p) => {
    const f = get(p);
    return f !== undefined && f !== false && f[field] !== undefined;
  });
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
