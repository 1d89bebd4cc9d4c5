/**
 * VirtualServices and DestinationRules of an Istio export: for each service whose policy differs from
 * Istio's defaults, the fields that differ. A policy's own settings are one http route; its mesh
 * routes are one http route each, in order, with their `match`.
 */
import { OUTLIER_DETECTION } from '../profiles/mesh';
import type { MeshFault, MeshPolicy, MeshRetryPolicy, MeshRoute, MeshSpec, MeshRouteMatch } from '../types';
import { defaultPolicy, foreignPolicyFields } from './mesh-common';
import { balancerOptionsLeftOut, durationText, type Omissions, same } from './omissions';
import { resource } from './istio-security';
import { setOwn } from '../own';

const SIMPLE = new Set(['ROUND_ROBIN', 'RANDOM', 'LEAST_REQUEST']);

/** The VirtualService and DestinationRule of every service whose policy is not Istio's default. */
export function istioPolicyResources(mesh: MeshSpec, omissions: Omissions): object[] {
  const d = defaultPolicy('istio');
  const out: object[] = [];
  for (const [id, p] of Object.entries(mesh.policies)) {
    const at = `mesh.policies.${id}`;
    foreignPolicyFields(id, p, 'Istio', omissions);
    if (p.failover !== undefined)
      omissions.add(
        `${at}.failover`,
        'Istio fails over by locality (localityLbSetting), not to named services',
      );
    const vs = virtualService(id, p, d, at, omissions);
    if (vs !== undefined) out.push(resource('networking.istio.io/v1', 'VirtualService', id, vs));
    const dr = destinationRule(id, p, d, at, omissions);
    if (dr !== undefined) out.push(resource('networking.istio.io/v1', 'DestinationRule', id, dr));
    splitTargets(id, p, mesh, omissions);
  }
  return out;
}

/**
 * A policy's split sends each call on under the target's own policy; an Istio route's timeout,
 * retries and fault cover every destination of the route. A target whose own differ cannot be said.
 */
function splitTargets(id: string, p: MeshPolicy, mesh: MeshSpec, omissions: Omissions): void {
  if (p.routes !== undefined) return;
  for (const { service } of p.split ?? []) {
    const target = mesh.policies[service];
    if (service === id || target === undefined) continue;
    for (const field of ['timeout', 'retries', 'fault'] as const)
      if (!same(target[field], p[field]))
        omissions.add(
          `mesh.policies.${service}.${field}`,
          `calls ${id} splits to ${service} take ${id}'s route ${field} in Istio (a route's ${field} covers all its destinations), not ${service}'s own`,
        );
  }
}

function virtualService(
  id: string,
  p: MeshPolicy,
  d: MeshPolicy,
  at: string,
  omissions: Omissions,
): object | undefined {
  const routes: readonly MeshRoute[] = p.routes ?? [
    { timeout: p.timeout, retries: p.retries, fault: p.fault, split: p.split, mirror: p.mirror },
  ];
  const plain = routes.length === 1 && routes[0].match === undefined;
  const r = routes[0];
  if (plain && !Number.isFinite(r.timeout) && same(r.retries, d.retries) && !r.fault && !r.split && !r.mirror)
    return undefined;
  const http = routes.map((route, i) => {
    const where = p.routes !== undefined ? `${at}.routes[${i}]` : at;
    const own = p.routes !== undefined;
    return {
      ...(route.match !== undefined ? { match: [httpMatch(route.match, `${where}.match`, omissions)] } : {}),
      route: (route.split ?? [{ service: id, weight: 100 }]).map((s) => ({
        destination: { host: s.service },
        ...(route.split !== undefined ? { weight: s.weight } : {}),
      })),
      ...(Number.isFinite(route.timeout) ? { timeout: durationText(route.timeout) } : {}),
      ...(own || !same(route.retries, d.retries)
        ? { retries: retries(route.retries, d.retries, where, omissions) }
        : {}),
      ...(route.fault !== undefined ? { fault: fault(route.fault) } : {}),
      ...(route.mirror !== undefined
        ? { mirror: { host: route.mirror.service }, mirrorPercentage: { value: route.mirror.percentage } }
        : {}),
    };
  });
  return { hosts: [id], http };
}

function retries(r: MeshRetryPolicy, d: MeshRetryPolicy, at: string, omissions: Omissions): object {
  if (!same(r.backoff, d.backoff))
    omissions.add(
      `${at}.retries.backoff`,
      "Istio's retry backoff is Envoy's 25 ms base, not configurable in a VirtualService",
    );
  if (r.otherHost !== d.otherHost)
    omissions.add(
      `${at}.retries.otherHost`,
      'Istio retries on another host always (its previous-hosts predicate)',
    );
  if (r.budget !== undefined)
    omissions.add(
      `${at}.retries.budget`,
      "a retry budget is Envoy's cluster setting; Istio's DestinationRule has none",
    );
  return {
    attempts: r.attempts,
    ...(Number.isFinite(r.perTryTimeout) ? { perTryTimeout: durationText(r.perTryTimeout) } : {}),
    retryOn: r.retryOn.join(','),
  };
}

function fault(f: MeshFault): object {
  return {
    ...(f.delay !== undefined
      ? { delay: { percentage: { value: f.delay.percentage }, fixedDelay: durationText(f.delay.fixedDelay) } }
      : {}),
    ...(f.abort !== undefined
      ? { abort: { percentage: { value: f.abort.percentage }, httpStatus: f.abort.httpStatus } }
      : {}),
  };
}

function httpMatch(m: MeshRouteMatch, at: string, omissions: Omissions): object {
  const uri =
    m.path !== undefined
      ? { exact: m.path }
      : m.prefix !== undefined
        ? { prefix: m.prefix }
        : m.regex !== undefined
          ? { regex: m.regex }
          : undefined;
  const headers: Record<string, object> = {};
  const without: Record<string, object> = {};
  for (const h of m.headers) {
    const value = h.op === 'present' ? { regex: '.*' } : { [h.op]: h.value };
    if (h.op === 'present' && h.invert) omissions.add(`${at}.headers`, 'Istio cannot say a header is absent');
    setOwn(h.invert ? without : headers, h.name, value); // a header may be named `__proto__`
  }
  const methods = m.methods;
  return {
    ...(uri !== undefined ? { uri } : {}),
    ...(methods !== undefined
      ? { method: methods.length === 1 ? { exact: methods[0] } : { regex: methods.join('|') } }
      : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(Object.keys(without).length > 0 ? { withoutHeaders: without } : {}),
  };
}

function destinationRule(
  id: string,
  p: MeshPolicy,
  d: MeshPolicy,
  at: string,
  omissions: Omissions,
): object | undefined {
  const policy: Record<string, unknown> = {};
  if (p.loadBalancer !== d.loadBalancer) {
    if (SIMPLE.has(p.loadBalancer)) policy.loadBalancer = { simple: p.loadBalancer };
    else if (p.loadBalancer === 'RING_HASH') policy.loadBalancer = { consistentHash: { useSourceIp: true } };
    else
      omissions.add(
        `${at}.loadBalancer`,
        `Istio balances ROUND_ROBIN, RANDOM, LEAST_REQUEST or by hash, not ${p.loadBalancer}`,
      );
  }
  balancerOptionsLeftOut(omissions, `${at}.loadBalancer`, p.balancerOptions, 'a DestinationRule');
  const tcp: Record<string, unknown> = {};
  const http: Record<string, unknown> = {};
  const pool = p.connectionPool;
  const limit = (v: number, dv: number, set: (v: number) => void) => {
    if (v !== dv && Number.isFinite(v)) set(v);
  };
  limit(pool.maxConnections, d.connectionPool.maxConnections, (v) => (tcp.maxConnections = v));
  if (p.connectTimeout !== d.connectTimeout) {
    if (Number.isFinite(p.connectTimeout)) tcp.connectTimeout = durationText(p.connectTimeout);
    else omissions.add(`${at}.connectTimeout`, 'Istio always bounds a connection attempt');
  }
  limit(
    pool.maxPendingRequests,
    d.connectionPool.maxPendingRequests,
    (v) => (http.http1MaxPendingRequests = v),
  );
  limit(pool.maxRequests, d.connectionPool.maxRequests, (v) => (http.http2MaxRequests = v));
  limit(pool.maxRetries, d.connectionPool.maxRetries, (v) => (http.maxRetries = v));
  if (Object.keys(tcp).length > 0 || Object.keys(http).length > 0)
    policy.connectionPool = {
      ...(Object.keys(tcp).length > 0 ? { tcp } : {}),
      ...(Object.keys(http).length > 0 ? { http } : {}),
    };
  const od = p.outlierDetection;
  if (od !== undefined) {
    if (od.maxEjectionTime !== OUTLIER_DETECTION.maxEjectionTime)
      omissions.add(
        `${at}.outlierDetection.maxEjectionTime`,
        "Istio's DestinationRule has no maximum ejection time (Envoy's 300 s holds)",
      );
    policy.outlierDetection = {
      consecutive5xxErrors: od.consecutive5xxErrors,
      consecutiveGatewayErrors: od.consecutiveGatewayErrors,
      interval: durationText(od.interval),
      baseEjectionTime: durationText(od.baseEjectionTime),
      maxEjectionPercent: od.maxEjectionPercent,
      ...(p.panicThreshold !== d.panicThreshold ? { minHealthPercent: p.panicThreshold } : {}),
    };
  } else if (p.panicThreshold !== d.panicThreshold)
    omissions.add(
      `${at}.panicThreshold`,
      "Istio's minHealthPercent is a field of outlierDetection, which this policy has off",
    );
  return Object.keys(policy).length > 0 ? { host: id, trafficPolicy: policy } : undefined;
}
