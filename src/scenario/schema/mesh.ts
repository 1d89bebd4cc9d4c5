/**
 * The mesh section as written, checked for shape, durations in ms. What it leaves out is filled
 * by `resolveMesh` (profiles/mesh.ts) once the services are known: a service's own policy, then
 * `mesh.defaults`, then the profile, then the generic mesh. Absent: a mesh that is off.
 */
import {
  bool,
  check,
  fields,
  identifier,
  list,
  map,
  oneOf,
  opt,
  percentage,
  positiveInt,
  record,
  type Check,
} from '../checks';
import { dist } from '../distributions';
import type { LMap } from '../positions';
import type {
  AuthorizationRule,
  CircuitBreakerSpec,
  ConnectionPoolSpec,
  Dist,
  FailureAccrualSpec,
  MeshLoadBalancer,
  MeshPolicy,
  MeshProfileName,
  Millis,
  MtlsSpec,
  OutlierDetectionSpec,
  RequestAuthenticationRule,
} from '../types';
import { duration } from '../units';
import { authorizationRule, requestAuthenticationRule } from './mesh-authorization';
import { fault, meshRoutes, mirror, split, type MeshRouteWritten } from './mesh-routes';
import { meshRetries, orFalse, type MeshRetriesWritten } from './retries';
import { balancerChoice, balancersFor, type BalancerChoice } from '../policies/balancers';
import { BREAKERS } from '../policies/breakers';
import { HEALTH_CHECKS } from '../policies/health-checks';
import { optionFields } from '../policies/policy-option';

export { split };

/** Service-mesh products whose defaults a profile selects. */
export const MESH_PROFILES = ['istio', 'linkerd', 'consul'] as const satisfies readonly MeshProfileName[];
/** Load-balancing algorithms a sidecar can use (the balancer registry's). */
export const LOAD_BALANCERS = balancersFor('mesh') satisfies readonly MeshLoadBalancer[];
/** PeerAuthentication modes. */
export const MTLS_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'] as const satisfies readonly MtlsSpec['mode'][];

/** A destination policy as written: every field optional; `false` turns off what a profile turns on. */
export interface MeshPolicyWritten {
  readonly loadBalancer?: BalancerChoice<MeshLoadBalancer>;
  readonly panicThreshold?: number;
  readonly timeout?: Millis;
  readonly connectTimeout?: Millis;
  readonly retries?: MeshRetriesWritten;
  readonly connectionPool?: Partial<ConnectionPoolSpec>;
  readonly outlierDetection?: Partial<OutlierDetectionSpec> | false;
  readonly failureAccrual?: Partial<FailureAccrualSpec> | false;
  readonly circuitBreaker?: Partial<CircuitBreakerSpec> | false;
  readonly fault?: MeshPolicy['fault'];
  /** Only in a service's own policy, never in `mesh.defaults`. */
  readonly split?: MeshPolicy['split'];
  /** Only in a service's own policy, never in `mesh.defaults`. */
  readonly mirror?: MeshPolicy['mirror'];
  /** Only in a service's own policy, never in `mesh.defaults`. */
  readonly failover?: MeshPolicy['failover'];
  /** Only in a service's own policy, never in `mesh.defaults`. */
  readonly routes?: readonly MeshRouteWritten[];
}

/** The mesh section as written (durations in ms); every field optional. */
export interface MeshWritten {
  /** Absent: false. */
  readonly enabled?: boolean;
  readonly profile?: MeshProfileName;
  readonly sidecar?: { readonly overhead?: Dist; readonly concurrency?: number };
  readonly mtls?: Partial<MtlsSpec>;
  readonly requestAuthentication?: readonly RequestAuthenticationRule[];
  readonly discovery?: { readonly propagationDelay?: Millis };
  readonly exclude?: readonly string[];
  readonly authorization?: readonly AuthorizationRule[];
  /** Under every service's own policy. */
  readonly defaults?: MeshPolicyWritten;
  /** By service id. */
  readonly policies?: Readonly<Record<string, MeshPolicyWritten>>;
}

const unlimitedOr = duration({ infinite: true, positive: true });
// Each feature's fields, checks and defaults are its registry's (`policies/breakers.ts`,
// `policies/health-checks.ts`); what a file leaves out is filled by `resolveMesh`.
// `maxEjectionTime` and `maxPenalty` left out are never below `baseEjectionTime` and `minPenalty`.
const outlierDetection = fields(optionFields(HEALTH_CHECKS.outlierDetection.options));
const failureAccrual = fields(optionFields(HEALTH_CHECKS.failureAccrual.options));
const circuitBreaker = fields(optionFields(BREAKERS.circuitBreaker.options));
const connectionPool = fields(optionFields(BREAKERS.connectionPool.options));

/** Fields of a policy that make sense for every service, so also in `mesh.defaults`. */
const sharedPolicyShape = {
  loadBalancer: opt(balancerChoice(LOAD_BALANCERS)),
  panicThreshold: opt(percentage),
  timeout: opt(unlimitedOr),
  connectTimeout: opt(unlimitedOr),
  retries: opt(meshRetries),
  connectionPool: opt(connectionPool),
  outlierDetection: opt(orFalse(outlierDetection)),
  failureAccrual: opt(orFalse(failureAccrual)),
  circuitBreaker: opt(orFalse(circuitBreaker)),
  fault: opt(fault),
};

/** Fields that name other services or one service's calls: only in one service's own policy. */
const PER_SERVICE = ['split', 'mirror', 'failover', 'routes'] as const;
/** Fields a route takes alone once a policy has routes. */
const ROUTE_ONLY = ['split', 'mirror', 'fault'] as const;

/**
 * One service's policy (Istio DestinationRule and VirtualService settings rolled into one). With
 * `routes`, its `split`, `mirror` and `fault` are errors: each belongs to a route.
 */
export const meshPolicy: Check<MeshPolicyWritten> = map(
  fields({
    ...sharedPolicyShape,
    split: opt(split),
    mirror: opt(mirror),
    failover: opt(list(identifier, 1)),
    routes: opt(meshRoutes),
  }),
  (p, node, path, r) => {
    if (p.routes === undefined || node.kind !== 'map') return p;
    let ok = true;
    for (const key of ROUTE_ONLY) {
      const e = node.entries.get(key);
      if (e === undefined || (e.value.kind === 'scalar' && e.value.value === null)) continue;
      ok = false;
      r.error(e.keyPos, [...path, key], {
        message: `with routes, ${key} belongs to a route: the first route whose match holds decides where a call goes`,
        hint: `move ${key} into the route it is for (a route without match takes every call)`,
      });
    }
    return ok ? p : undefined;
  },
);

const sharedPolicy = fields(sharedPolicyShape);

/** `mesh.defaults`: a policy without `split`, `mirror` and `failover`, which name one service's destinations. */
const meshDefaults: Check<MeshPolicyWritten> = check(sharedPolicy.expects, (node, path, r) => {
  if (node.kind !== 'map') return sharedPolicy(node, path, r);
  let ok = true;
  for (const key of PER_SERVICE) {
    const e = node.entries.get(key);
    if (e === undefined) continue;
    ok = false;
    r.error(e.keyPos, [...path, key], {
      message: `${key} sends one service's calls elsewhere; it cannot be a default for every service`,
      hint: `write it under mesh.policies.<service>`,
    });
  }
  const rest: LMap = {
    ...node,
    entries: new Map([...node.entries].filter(([k]) => !(PER_SERVICE as readonly string[]).includes(k))),
  };
  const v = sharedPolicy(rest, path, r);
  return ok ? v : undefined;
});

/** The mesh section; warns when it is filled in but `enabled` was left out (the mesh is then off). */
export const mesh: Check<MeshWritten> = map(
  fields({
    enabled: opt(bool),
    profile: opt(oneOf(MESH_PROFILES, 'mesh profile')),
    sidecar: opt(fields({ overhead: opt(dist), concurrency: opt(positiveInt) })),
    mtls: opt(
      fields({
        mode: opt(oneOf(MTLS_MODES, 'mTLS mode')),
        services: opt(record(oneOf(MTLS_MODES, 'mTLS mode'))),
        handshake: opt(dist),
        perRequest: opt(dist),
        rotation: opt(unlimitedOr),
        idleTimeout: opt(unlimitedOr),
      }),
    ),
    discovery: opt(fields({ propagationDelay: opt(duration()) })),
    exclude: opt(list(identifier)),
    authorization: opt(list(authorizationRule)),
    requestAuthentication: opt(list(requestAuthenticationRule)),
    defaults: opt(meshDefaults),
    policies: opt(record(meshPolicy)),
  }),
  (m, node, path, r) => {
    if (node.kind === 'map' && !node.entries.has('enabled') && node.entries.size > 0) {
      r.warn(node.pos, [...path, 'enabled'], {
        message: 'the mesh section has no "enabled"; the mesh is off',
        hint: 'add enabled: true to turn it on',
      });
    }
    return m;
  },
);
