/**
 * Who calls whom in a scenario, as the diagram draws it and the report counts it: one edge per
 * (caller, callee) pair of clients, the gateway and services. A sidecar's hops are its workload's
 * edges, so a meshed call and a direct one are the same edge. Static: read from the scenario, so
 * an edge no try ever took (a failover path on a good day) is listed too, with zero traffic.
 */
import type { MeshPolicy, MeshRouteMatch, Scenario } from '../scenario/types';
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
 * routes' too), the service to its mirrors, and failover stand-ins; without the edges into and out
 * of a service the mesh sends every call elsewhere (a host split over its subsets), which no try
 * takes. Each pair appears once.
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
    // A split is the caller's sidecar's: the call for a service goes from its caller to the target
    // the split (or the route the call takes) picks, past the service itself. Mirrored copies are
    // counted nowhere and drawn from the service to its mirror.
    const clients = new Set(scenario.clients.map((c) => c.id));
    const routedBy = (from: string) => !clients.has(from) && meshed(from);
    const ends = new Map(scenario.services.map((s) => [s.id, callEnds(s.id, mesh.spec.policies[s.id])]));
    const direct = [...edges];
    for (const e of direct) {
      if (!routedBy(e.from)) continue;
      for (const target of ends.get(e.to)?.targets ?? []) edge(e.from, target);
    }
    const bypassed = (id: string) => ends.get(id)?.stays === false;
    for (const service of scenario.services) {
      const policy = mesh.spec.policies[service.id];
      for (const way of [policy, ...(policy.routes ?? [])]) {
        if (!way.mirror) continue;
        // From the service, or, when no call ever reaches it, from the callers that send the copies.
        if (!bypassed(service.id)) edge(service.id, way.mirror.service);
        else
          for (const e of direct)
            if (e.to === service.id && routedBy(e.from)) edge(e.from, way.mirror.service);
      }
    }
    // A service every call of which the mesh sends elsewhere is never reached: no line into it
    // from a routed caller, and none out of it (its calls are never made).
    const reachedDirectly = new Set(direct.filter((e) => !routedBy(e.from)).map((e) => e.to));
    const kept = edges.filter(
      (e) => !(bypassed(e.to) && routedBy(e.from)) && !(bypassed(e.from) && !reachedDirectly.has(e.from)),
    );
    edges.length = 0;
    edges.push(...kept);
    seen.clear();
    for (const e of kept) seen.add(`${e.from}\u0000${e.to}`);
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

/**
 * Where a routed call for service `id` may end under `policy`: the targets of its splits (of the
 * routes', when it has routes), and whether the call may stay on the edge into the service itself
 * (no split, a route without one, or a call no route takes, answered 404 on that edge).
 */
function callEnds(id: string, policy: MeshPolicy): { targets: string[]; stays: boolean } {
  const routes = policy.routes;
  if (routes !== undefined && routes.length > 0) {
    const targets = routes.flatMap((r) => (r.split ?? [{ service: id }]).map((t) => t.service));
    const catchAll = routes.some((r) => r.match === undefined || matchesEverything(r.match));
    return { targets, stays: targets.includes(id) || !catchAll };
  }
  if (policy.split !== undefined && policy.split.length > 0) {
    const targets = policy.split.map((t) => t.service);
    return { targets, stays: targets.includes(id) };
  }
  return { targets: [], stays: true };
}

/** True for a route match without a condition. */
function matchesEverything(match: MeshRouteMatch): boolean {
  return (
    match.path === undefined &&
    match.prefix === undefined &&
    match.regex === undefined &&
    match.methods === undefined &&
    match.headers.length === 0
  );
}
