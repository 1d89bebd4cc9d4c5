/**
 * Services whose mesh config no simulated call reaches. Istio, Kubernetes and Consul config say how
 * calls into a service are routed, never which service calls which: imported alone, Bookinfo's
 * productpage calls nobody, so the routes, faults and rules of reviews and ratings would take no
 * traffic without a word. The importer says so, naming them, so that the user gives the services
 * their calls in a scenario document.
 */
import type { RawScenario } from './types';

/**
 * The services the mesh section configures (a policy or an authorization rule) that no call of
 * `scenario` can reach: from the clients' targets, through the gateway's routes and their splits,
 * the services' calls and the mesh's splits, routes, mirrors and failovers. In file order.
 */
export function unreachedConfigured(scenario: RawScenario): string[] {
  const mesh = isMap(scenario.mesh) ? scenario.mesh : {};
  const policies = isMap(mesh.policies) ? mesh.policies : {};
  const rules = Array.isArray(mesh.authorization) ? mesh.authorization : [];
  const configured = new Set<string>(Object.keys(policies));
  for (const rule of rules) if (isMap(rule) && typeof rule.service === 'string') configured.add(rule.service);

  const next = new Map<string, string[]>();
  const link = (from: string, to: unknown) => {
    if (typeof to !== 'string') return;
    const list = next.get(from) ?? [];
    list.push(to);
    next.set(from, list);
  };
  const gateway = isMap(scenario.gateway) ? scenario.gateway : undefined;
  const gatewayId = typeof gateway?.id === 'string' ? gateway.id : 'gateway';
  for (const route of list(gateway?.routes)) {
    link(gatewayId, route.service);
    for (const target of list(route.split)) link(gatewayId, target.service);
  }
  for (const service of list(scenario.services)) {
    const id = String(service.id);
    for (const call of Array.isArray(service.calls) ? service.calls : [])
      link(id, isMap(call) ? call.service : call);
  }
  for (const [id, policy] of Object.entries(policies)) {
    if (!isMap(policy)) continue;
    for (const part of [policy, ...list(policy.routes)]) {
      for (const target of list(part.split)) link(id, target.service);
      if (isMap(part.mirror)) link(id, part.mirror.service);
    }
    for (const standIn of Array.isArray(policy.failover) ? policy.failover : []) link(id, standIn);
  }

  const reached = new Set<string>();
  const queue = list(scenario.clients).map((c) => (typeof c.target === 'string' ? c.target : gatewayId));
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    queue.push(...(next.get(id) ?? []));
  }
  return [...configured].filter((id) => !reached.has(id));
}

/** The mappings of a list, or none. */
function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isMap) : [];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
