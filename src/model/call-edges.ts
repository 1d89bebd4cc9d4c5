/**
 * Who calls whom in a scenario, as the diagram draws it and the report counts it: one edge per
 * (caller, callee) pair of clients, the gateway and services. A sidecar's hops are its workload's
 * edges, so a meshed call and a direct one are the same edge. Static: read from the scenario, so
 * an edge no try ever took (a failover path on a good day) is listed too, with zero traffic.
 */
import type { Scenario } from '../scenario/types';
import type { Topology } from './topology';

/** One edge of the call graph; ids are the scenario's client, gateway and service ids. */
export interface CallEdge {
  readonly from: string;
  readonly to: string;
  /** Calls on it go between two sidecars under mTLS. */
  readonly mtls: boolean;
  /** Taken only when the callee's own service fails over (`failover`), not on every call. */
  readonly failover?: boolean;
}

/**
 * The edges of `scenario` run on `topology`, in a fixed order: clients to their targets, the
 * gateway to its routes' services (split targets included), services to the services they call,
 * then with the mesh each meshed caller of a service to the targets of the service's splits (its
 * routes' too), the service to its mirrors, and failover stand-ins. Each pair appears once.
 */
export function callEdges(scenario: Scenario, topology: Topology): CallEdge[] {
  const mesh = topology.mesh;
  const meshed = (id: string) => mesh !== undefined && mesh.proxyOf[topology.component(id)] >= 0;
  const mtls = (from: string, to: string) => mesh !== undefined && mesh.mtls && meshed(from) && meshed(to);
  const edges: CallEdge[] = [];
  const seen = new Set<string>();
  const edge = (from: string, to: string, client = false, failover = false) => {
    const key = `${from}\u0000${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, mtls: !client && mtls(from, to), ...(failover ? { failover } : {}) });
  };
  for (const c of scenario.clients) edge(c.id, c.target, true);
  const gateway = scenario.gateway;
  if (gateway) {
    for (const route of gateway.routes) {
      edge(gateway.id, route.service);
      for (const target of route.split ?? []) edge(gateway.id, target.service);
    }
  }
  for (const service of scenario.services) for (const call of service.calls) edge(service.id, call.service);
  if (mesh) {
    // A split is the caller's sidecar's: the call for the service goes from its caller to the
    // target the split picks, never through the service. A route's split is one too; mirrored
    // copies are counted nowhere and drawn from the service to its mirror.
    const clients = new Set(scenario.clients.map((c) => c.id));
    const routed = edges.filter((e) => !clients.has(e.from) && meshed(e.from));
    for (const service of scenario.services) {
      const policy = mesh.spec.policies[service.id];
      for (const way of [policy, ...(policy.routes ?? [])]) {
        for (const split of way.split ?? [])
          for (const e of routed) if (e.to === service.id) edge(e.from, split.service);
        if (way.mirror) edge(service.id, way.mirror.service);
      }
    }
    // Who calls a service that fails over may call its stand-ins: drawn apart, as a path for bad days.
    const callers = edges
      .filter((e) => !e.failover && !clients.has(e.from))
      .map((e) => [e.from, e.to] as const);
    for (const service of scenario.services) {
      for (const standIn of mesh.spec.policies[service.id].failover ?? [])
        for (const [from, to] of callers) if (to === service.id) edge(from, standIn, false, true);
    }
  }
  return edges;
}
