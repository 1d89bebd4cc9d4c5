/**
 * The mesh section, checked for shape and kept as written (durations in ms) for the mesh model.
 * Absent: `{enabled: false}`. Fields left out are filled later by the mesh profile.
 */
import {
  bool,
  dflt,
  fields,
  map,
  nonNegativeInt,
  num,
  oneOf,
  opt,
  percentage,
  record,
  req,
  type Check,
} from '../checks';
import { dist } from '../distributions';
import type { MeshPolicySpec, MeshSpec } from '../types';
import { duration } from '../units';
import { meshRetries } from './retries';

/** Service-mesh products whose defaults a profile selects. */
export const MESH_PROFILES = ['istio', 'linkerd', 'consul'] as const;
/** Load-balancing algorithms a sidecar can use. */
export const LOAD_BALANCERS = ['ROUND_ROBIN', 'RANDOM', 'LEAST_REQUEST', 'EWMA'] as const;

const count = nonNegativeInt;

/** A destination policy (Istio DestinationRule and VirtualService settings rolled into one). */
export const meshPolicy: Check<MeshPolicySpec> = fields({
  loadBalancer: opt(oneOf(LOAD_BALANCERS, 'load balancer')),
  timeout: opt(duration({ infinite: true, positive: true })),
  retries: opt(meshRetries),
  connectionPool: opt(
    fields({
      maxConnections: opt(count),
      maxPendingRequests: opt(count),
      maxRequests: opt(count),
      maxRetries: opt(count),
    }),
  ),
  outlierDetection: opt(
    fields({
      consecutive5xxErrors: opt(count),
      consecutiveGatewayErrors: opt(count),
      interval: opt(duration({ positive: true })),
      baseEjectionTime: opt(duration()),
      maxEjectionPercent: opt(percentage),
    }),
  ),
  fault: opt(
    fields({
      delay: opt(fields({ percentage: req(percentage), fixedDelay: req(duration()) })),
      abort: opt(
        fields({
          percentage: req(percentage),
          httpStatus: req(
            num({ expects: 'an HTTP status code (100 to 599)', int: true, min: 100, max: 599 }),
          ),
        }),
      ),
    }),
  ),
});

/** The mesh section; warns when it is filled in but `enabled` was left out (the mesh is then off). */
export const mesh: Check<MeshSpec> = map(
  fields({
    enabled: dflt(bool, false),
    profile: opt(oneOf(MESH_PROFILES, 'mesh profile')),
    sidecar: opt(fields({ overhead: opt(dist) })),
    mtls: opt(
      fields({
        mode: opt(oneOf(['STRICT', 'PERMISSIVE', 'DISABLE'], 'mTLS mode')),
        handshake: opt(dist),
        perRequest: opt(dist),
      }),
    ),
    discovery: opt(fields({ propagationDelay: opt(duration()) })),
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
