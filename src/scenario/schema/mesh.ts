/**
 * The mesh section as written, checked for shape, durations in ms. What it leaves out is filled
 * by `resolveMesh` (profiles/mesh.ts) once the services are known: a service's own policy, then
 * `mesh.defaults`, then the profile, then the generic mesh. Absent: a mesh that is off.
 */
import {
  bool,
  check,
  dflt,
  fields,
  identifier,
  list,
  map,
  nonNegativeInt,
  num,
  oneOf,
  opt,
  percentage,
  positiveInt,
  record,
  refine,
  req,
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
} from '../types';
import { duration } from '../units';
import { httpPath, method } from './http';
import { meshRetries, orFalse, type MeshRetriesWritten } from './retries';

/** Service-mesh products whose defaults a profile selects. */
export const MESH_PROFILES = ['istio', 'linkerd', 'consul'] as const satisfies readonly MeshProfileName[];
/** Load-balancing algorithms a sidecar can use. */
export const LOAD_BALANCERS = [
  'ROUND_ROBIN',
  'RANDOM',
  'LEAST_REQUEST',
  'EWMA',
  'RING_HASH',
] as const satisfies readonly MeshLoadBalancer[];
/** PeerAuthentication modes. */
export const MTLS_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'] as const satisfies readonly MtlsSpec['mode'][];

/** A destination policy as written: every field optional; `false` turns off what a profile turns on. */
export interface MeshPolicyWritten {
  readonly loadBalancer?: MeshLoadBalancer;
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
}

/** The mesh section as written (durations in ms); every field optional. */
export interface MeshWritten {
  /** Absent: false. */
  readonly enabled?: boolean;
  readonly profile?: MeshProfileName;
  readonly sidecar?: { readonly overhead?: Dist; readonly concurrency?: number };
  readonly mtls?: Partial<MtlsSpec>;
  readonly discovery?: { readonly propagationDelay?: Millis };
  readonly exclude?: readonly string[];
  readonly authorization?: readonly AuthorizationRule[];
  /** Under every service's own policy. */
  readonly defaults?: MeshPolicyWritten;
  /** By service id. */
  readonly policies?: Readonly<Record<string, MeshPolicyWritten>>;
}

const unlimitedOr = duration({ infinite: true, positive: true });
const poolLimit = num({ expects: 'an integer >= 1 or unlimited', int: true, min: 1, infinite: true });
const statusCode = num({ expects: 'an HTTP status code (100 to 599)', int: true, min: 100, max: 599 });

/** Envoy outlier detection; `maxEjectionTime` defaults to the larger of 300 s and `baseEjectionTime`. */
const outlierDetection = fields({
  consecutive5xxErrors: opt(nonNegativeInt),
  consecutiveGatewayErrors: opt(nonNegativeInt),
  interval: opt(duration({ positive: true })),
  baseEjectionTime: opt(duration({ positive: true })),
  maxEjectionTime: opt(duration({ positive: true })),
  maxEjectionPercent: opt(percentage),
});

/** Linkerd failure accrual; `maxPenalty` defaults to the larger of 60 s and `minPenalty`. */
const failureAccrual = fields({
  consecutiveFailures: opt(positiveInt),
  minPenalty: opt(duration({ positive: true })),
  maxPenalty: opt(duration({ positive: true })),
  jitter: opt(num({ expects: 'a number from 0 to 1', min: 0, max: 1 })),
});

/** A resilience4j count-based breaker. */
const circuitBreaker = fields({
  failureRateThreshold: opt(num({ expects: 'a percentage above 0, up to 100', above: 0, max: 100 })),
  slidingWindowSize: opt(positiveInt),
  minimumNumberOfCalls: opt(positiveInt),
  waitDurationInOpenState: opt(duration({ positive: true })),
  permittedCallsInHalfOpen: opt(positiveInt),
});

/** Weighted destinations; at least one weight must be positive. */
export const split = refine(
  list(fields({ service: req(identifier), weight: req(num({ expects: 'a number >= 0', min: 0 })) }), 1),
  (entries, node, path, r) => {
    if (entries.some((e) => e.weight > 0)) return true;
    r.error(node.pos, path, {
      message: 'split weights must not all be zero',
      expected: 'weights with a positive sum',
      found: entries.map((e) => e.weight).join(', '),
      hint: 'give the service that should take the calls a positive weight',
    });
    return false;
  },
);

/** Fields of a policy that make sense for every service, so also in `mesh.defaults`. */
const sharedPolicyShape = {
  loadBalancer: opt(oneOf(LOAD_BALANCERS, 'load balancer')),
  panicThreshold: opt(percentage),
  timeout: opt(unlimitedOr),
  connectTimeout: opt(unlimitedOr),
  retries: opt(meshRetries),
  connectionPool: opt(
    fields({
      maxConnections: opt(poolLimit),
      maxPendingRequests: opt(poolLimit),
      maxRequests: opt(poolLimit),
      maxRetries: opt(poolLimit),
    }),
  ),
  outlierDetection: opt(orFalse(outlierDetection)),
  failureAccrual: opt(orFalse(failureAccrual)),
  circuitBreaker: opt(orFalse(circuitBreaker)),
  fault: opt(
    fields({
      delay: opt(fields({ percentage: req(percentage), fixedDelay: req(duration()) })),
      abort: opt(fields({ percentage: req(percentage), httpStatus: req(statusCode) })),
    }),
  ),
};

/** Fields that name other services: only in one service's own policy. */
const PER_SERVICE = ['split', 'mirror', 'failover'] as const;

/** One service's policy (Istio DestinationRule and VirtualService settings rolled into one). */
export const meshPolicy: Check<MeshPolicyWritten> = fields({
  ...sharedPolicyShape,
  split: opt(split),
  mirror: opt(fields({ service: req(identifier), percentage: dflt(percentage, 100) })),
  failover: opt(list(identifier, 1)),
});

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

/** A caller in an authorization rule: a service id, the gateway's id, or `*` for any. */
const caller: Check<string> = check(`${identifier.expects}, or *`, (node, path, r) => {
  if (node.kind === 'scalar' && node.value === '*') return '*';
  return identifier(node, path, r);
});

/** A path pattern of an authorization rule: a prefix `/api`, `/api*`, a suffix `*.json`, or `*`. */
const pathPattern: Check<string> = check(
  `${httpPath.expects}, possibly ending in *; *suffix; or *`,
  (node, path, r) => {
    const v = node.kind === 'scalar' ? node.value : undefined;
    if (typeof v === 'string' && v.startsWith('*') && !/\s/.test(v)) return v;
    return httpPath(node, path, r);
  },
);

/** A method of an authorization rule, upper-cased, or `*` for any. */
const methodPattern: Check<string> = check(`${method.expects}, or *`, (node, path, r) =>
  node.kind === 'scalar' && node.value === '*' ? '*' : method(node, path, r),
);

/** One rule of `mesh.authorization` (Istio AuthorizationPolicy, Consul intention). */
const authorizationRule: Check<AuthorizationRule> = fields({
  service: req(identifier),
  action: dflt(oneOf(['ALLOW', 'DENY'], 'authorization action'), 'ALLOW'),
  from: opt(list(caller, 1)),
  paths: opt(list(pathPattern, 1)),
  methods: opt(list(methodPattern, 1)),
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
        handshake: opt(dist),
        perRequest: opt(dist),
        rotation: opt(unlimitedOr),
        idleTimeout: opt(unlimitedOr),
      }),
    ),
    discovery: opt(fields({ propagationDelay: opt(duration()) })),
    exclude: opt(list(identifier)),
    authorization: opt(list(authorizationRule)),
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
