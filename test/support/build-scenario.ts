import { resolveMesh } from '../../src/scenario/profiles/mesh';
import type { MeshWritten } from '../../src/scenario/schema/mesh';
import type {
  ClientSpec,
  Dist,
  GatewaySpec,
  MeshSpec,
  Scenario,
  ServiceSpec,
} from '../../src/scenario/types';

/** A constant distribution. */
export const constant = (value: number): Dist => ({ dist: 'constant', value });
/** An exponential distribution with the given mean, ms. */
export const exponential = (mean: number): Dist => ({ dist: 'exponential', mean });

/** A service with every default of the scenario format, overridden by `fields`. */
export function service(id: string, fields: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    id,
    instances: 1,
    concurrency: 1,
    queue: Infinity,
    serviceTime: constant(0),
    errorRate: 0,
    calls: [],
    callMode: 'sequential',
    model: 'thread-per-request',
    ...fields,
  };
}

/** An open Poisson client at `rate` per second towards `target`, overridden by `fields`. */
export function client(
  id: string,
  target: string,
  rate: number,
  fields: Partial<ClientSpec> = {},
): ClientSpec {
  return {
    id,
    target,
    arrival: { process: 'poisson', rate },
    schedule: [],
    mix: [{ weight: 1, method: 'GET', path: '/', headers: {} }],
    credentials: { invalid: 0 },
    headers: {},
    timeout: Infinity,
    retryAfter: { attempts: 0 },
    ...fields,
  };
}

/** A gateway with every default, overridden by `fields`. */
export function gateway(id: string, fields: Partial<GatewaySpec> = {}): GatewaySpec {
  return {
    id,
    instances: 1,
    concurrency: 256,
    queue: Infinity,
    overhead: constant(0),
    plugins: [],
    routes: [],
    noRouteStatus: 404,
    ...fields,
  };
}

/**
 * A resolved mesh built in code, as the loader resolves a `mesh` section: `fields` as written (but
 * durations in ms), the rest from `fields.profile` or the generic mesh, and a policy for each of
 * `services` (ids or specs). E.g. `mesh({ enabled: true, profile: 'istio' }, ['api', 'db'])`.
 */
export function mesh(fields: MeshWritten = {}, services: readonly (string | ServiceSpec)[] = []): MeshSpec {
  return resolveMesh(fields, services);
}

/**
 * A resolved scenario built in code, for model tests that must not depend on the YAML layer: every
 * default of the format, overridden by `fields`. Without `fields.mesh` the mesh is off, with the
 * generic policy for each of `fields.services`.
 */
export function scenario(fields: Partial<Scenario> = {}): Scenario {
  return {
    name: 'test',
    description: '',
    seed: 1,
    duration: 60_000,
    warmup: 0,
    clients: [],
    services: [],
    network: { latency: constant(0), crossRegion: constant(0) },
    mesh: mesh({}, fields.services ?? []),
    faults: [],
    tracing: { sample: 0.01, keep: 200 },
    playback: { start: 0 },
    tryThis: [],
    replications: 1,
    expect: [],
    keyFigures: [],
    ...fields,
  };
}
