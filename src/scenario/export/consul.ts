/**
 * A scenario's mesh as Consul config entries: the inverse of the Consul importer, so that
 * `meshsim import` of the output gives the same mesh section for every field Consul has.
 *
 * | meshsim                                    | Consul                                                     |
 * | ------------------------------------------ | ---------------------------------------------------------- |
 * | `policies.X` loadBalancer, connectTimeout, | service-resolver X: LoadBalancer.Policy, ConnectTimeout,   |
 * | timeout (no routes)                        | RequestTimeout                                             |
 * | `policies.X` retries, timeout, routes      | service-router X: one route per mesh route (Match.HTTP),   |
 * |                                            | or one catch-all; Destination NumRetries, RetryOn, ...     |
 * | `policies.X` split                         | service-splitter X                                         |
 * | every service                              | service-defaults: Protocol http                            |
 * | `policies.X` connectionPool,               | service-defaults of each caller of X: UpstreamConfig       |
 * | outlierDetection                           | Overrides [{ Name: X, Limits, PassiveHealthCheck }]        |
 * | `authorization`                            | service-intentions per service: Sources, L7 Permissions     |
 * | `mtls.mode` STRICT                         | proxy-defaults MutualTLSMode strict                         |
 *
 * Entries are JSON, as `consul config write` and the HTTP API take them: JSON needs no parser beyond
 * the one every tool has, and each entry is one file for `consul config write` (`--out DIR`); the
 * stream on standard output separates them with `---`, which meshsim import reads as one bundle.
 */
import { jsonTerminalSafe } from '../echo';
import type { MeshPolicy, MeshRoute, MeshRouteMatch, Scenario } from '../types';
import { consulIntentions } from './consul-intentions';
import { defaultPolicy, foreignPolicyFields, meshSimulationFields } from './mesh-common';
import { balancerOptionsLeftOut, durationText, Omissions, same, type ExportResult } from './omissions';

type Entry = Record<string, unknown>;
const POLICIES: Readonly<Record<string, string>> = {
  ROUND_ROBIN: 'round_robin',
  RANDOM: 'random',
  LEAST_REQUEST: 'least_request',
  RING_HASH: 'ring_hash',
};

/** The scenario's mesh as Consul config entries (JSON), and the fields Consul cannot hold. */
export function exportConsul(scenario: Scenario): ExportResult {
  const omissions = new Omissions();
  const mesh = scenario.mesh;
  const entries: Entry[] = [];
  if (!mesh.enabled) omissions.add('mesh.enabled', 'the mesh is off: there is no Consul config to write');
  else {
    meshSimulationFields(scenario, 'consul', omissions);
    if (mesh.exclude.length > 0)
      omissions.add(
        'mesh.exclude',
        "a service outside Consul's mesh is one without a sidecar registration, not a config entry",
      );
    if (mesh.mtls.mode === 'STRICT')
      entries.push({ Kind: 'proxy-defaults', Name: 'global', MutualTLSMode: 'strict' });
    else if (mesh.mtls.mode === 'DISABLE')
      omissions.add('mesh.mtls.mode', "Consul's sidecars always speak mTLS to each other");
    for (const id of Object.keys(mesh.mtls.services))
      omissions.add(
        `mesh.mtls.services.${id}`,
        "Consul's MutualTLSMode is set per proxy registration, not by a config entry",
      );
    if (mesh.requestAuthentication.length > 0)
      omissions.add(
        'mesh.requestAuthentication',
        "Consul checks JWTs with jwt-provider entries and intentions' JWT field, which the import does not read",
      );
    const d = defaultPolicy('consul');
    for (const [id, p] of Object.entries(mesh.policies))
      entries.push(...policyEntries(id, p, d, mesh.policies, omissions));
    entries.push(...serviceDefaults(scenario, d, omissions));
    entries.push(...consulIntentions(mesh.authorization, omissions));
  }
  const texts = entries.map((e) => jsonTerminalSafe(JSON.stringify(e, null, 2)));
  return {
    text: texts.map((t) => `${t}\n`).join('---\n'),
    files: entries.map((e, i) => ({
      name: `${String(e.Kind)}-${String(e.Name)}.json`,
      text: `${texts[i]}\n`,
    })),
    notExported: omissions.list(),
  };
}

function policyEntries(
  id: string,
  p: MeshPolicy,
  d: MeshPolicy,
  policies: Readonly<Record<string, MeshPolicy>>,
  omissions: Omissions,
): Entry[] {
  const at = `mesh.policies.${id}`;
  foreignPolicyFields(id, p, 'Consul', omissions);
  if (p.fault !== undefined) omissions.add(`${at}.fault`, 'Consul has no fault injection');
  if (p.mirror !== undefined) omissions.add(`${at}.mirror`, 'Consul has no traffic mirroring');
  if (!same(p.retries.backoff, d.retries.backoff))
    omissions.add(
      `${at}.retries.backoff`,
      "Consul's router has no retry backoff setting (Envoy's 25 ms base holds)",
    );
  if (p.retries.otherHost !== d.retries.otherHost)
    omissions.add(`${at}.retries.otherHost`, "Consul's router does not choose the host of a retry");
  if (p.retries.budget !== undefined) omissions.add(`${at}.retries.budget`, 'Consul has no retry budget');
  if (p.panicThreshold !== d.panicThreshold)
    omissions.add(`${at}.panicThreshold`, "Consul config entries do not set Envoy's panic threshold");
  const out: Entry[] = [];
  // Retries are a router's; so is the timeout of a split service (Consul takes no timeout from a
  // resolver with a splitter in front).
  const routed =
    p.routes !== undefined ||
    !same(p.retries, d.retries) ||
    (p.split !== undefined && p.timeout !== d.timeout);
  const resolver: Entry = { Kind: 'service-resolver', Name: id };
  if (p.connectTimeout !== d.connectTimeout && Number.isFinite(p.connectTimeout))
    resolver.ConnectTimeout = durationText(p.connectTimeout);
  // Without a router or a splitter in front, the resolver's timeout is the service's own.
  if (!routed && p.timeout !== d.timeout) {
    if (Number.isFinite(p.timeout)) resolver.RequestTimeout = durationText(p.timeout);
    else omissions.add(`${at}.timeout`, unbounded('RequestTimeout', d.timeout));
  }
  if (p.connectTimeout !== d.connectTimeout && !Number.isFinite(p.connectTimeout))
    omissions.add(`${at}.connectTimeout`, unbounded('ConnectTimeout', d.connectTimeout));
  const choiceCount = p.loadBalancer === 'LEAST_REQUEST' ? p.balancerOptions?.choiceCount : undefined;
  // Consul's LeastRequestConfig takes 2 choices or more.
  const choices = choiceCount !== undefined && choiceCount >= 2 ? { ChoiceCount: choiceCount } : undefined;
  balancerOptionsLeftOut(
    omissions,
    `${at}.loadBalancer`,
    p.balancerOptions,
    'Consul',
    choices ? ['choiceCount'] : [],
  );
  if (p.loadBalancer !== d.loadBalancer || choices !== undefined) {
    const policy = POLICIES[p.loadBalancer];
    if (policy !== undefined)
      resolver.LoadBalancer = { Policy: policy, ...(choices && { LeastRequestConfig: choices }) };
    else
      omissions.add(
        `${at}.loadBalancer`,
        `Consul balances round_robin, random, least_request, ring_hash or maglev, not ${p.loadBalancer}`,
      );
  }
  if (p.failover !== undefined)
    resolver.Failover = { '*': { Targets: p.failover.map((Service) => ({ Service })) } };
  if (Object.keys(resolver).length > 2) out.push(resolver);
  if (routed) {
    // The policy's own split is its splitter's, which the router's destination leads to.
    const routes: readonly MeshRoute[] = p.routes ?? [{ timeout: p.timeout, retries: p.retries }];
    out.push({
      Kind: 'service-router',
      Name: id,
      Routes: routes.map((r, i) =>
        routerRoute(id, r, d, `${p.routes ? `${at}.routes[${i}]` : at}`, omissions),
      ),
    });
    splitTargets(id, p, policies, omissions);
  }
  if (p.routes === undefined && p.split !== undefined)
    out.push({
      Kind: 'service-splitter',
      Name: id,
      Splits: p.split.map((s) => ({ Weight: s.weight, Service: s.service })),
    });
  return out;
}

function routerRoute(id: string, r: MeshRoute, d: MeshPolicy, at: string, omissions: Omissions): Entry {
  if (!Number.isFinite(r.timeout) && Number.isFinite(d.timeout))
    omissions.add(`${at}.timeout`, unbounded('RequestTimeout', d.timeout));
  if (r.fault !== undefined) omissions.add(`${at}.fault`, 'Consul has no fault injection');
  if (r.mirror !== undefined) omissions.add(`${at}.mirror`, 'Consul has no traffic mirroring');
  if (r.split !== undefined && r.split.length > 1)
    omissions.add(
      `${at}.split`,
      'a router route sends to one service; a split is the service-splitter of that service',
    );
  const codes = r.retries.retryOn.filter((c) => /^\d{3}$/.test(c)).map(Number);
  const on = r.retries.retryOn.filter((c) => !/^\d{3}$/.test(c));
  const destination: Entry = {
    Service: r.split?.[0]?.service ?? id,
    ...(Number.isFinite(r.timeout) ? { RequestTimeout: durationText(r.timeout) } : {}),
    NumRetries: r.retries.attempts,
    // Without retries what they retry on says nothing (and Envoy would retry once on a RetryOn alone).
    ...(on.length > 0 && r.retries.attempts > 0 ? { RetryOn: on } : {}),
    ...(codes.length > 0 && r.retries.attempts > 0 ? { RetryOnStatusCodes: codes } : {}),
  };
  if (Number.isFinite(r.retries.perTryTimeout))
    omissions.add(`${at}.retries.perTryTimeout`, "Consul's router has no per-try timeout");
  return {
    ...(r.match !== undefined ? { Match: { HTTP: httpMatch(r.match) } } : {}),
    Destination: destination,
  };
}

function httpMatch(m: MeshRouteMatch): Entry {
  return {
    ...(m.path !== undefined ? { PathExact: m.path } : {}),
    ...(m.prefix !== undefined ? { PathPrefix: m.prefix } : {}),
    ...(m.regex !== undefined ? { PathRegex: m.regex } : {}),
    ...(m.methods !== undefined ? { Methods: [...m.methods] } : {}),
    ...(m.headers.length > 0
      ? {
          Header: m.headers.map((h) => ({
            Name: h.name,
            ...(h.op === 'present'
              ? { Present: true }
              : { [h.op[0].toUpperCase() + h.op.slice(1)]: h.value }),
            ...(h.invert ? { Invert: true } : {}),
          })),
        }
      : {}),
  };
}

/**
 * Every service's service-defaults: `Protocol: http`, which Consul needs before it routes, splits or
 * authorizes on paths and headers, and for a caller the Limits and PassiveHealthCheck of the
 * services it calls.
 */
function serviceDefaults(s: Scenario, d: MeshPolicy, omissions: Omissions): Entry[] {
  const overrides = new Map<string, Entry[]>();
  for (const [id, p] of Object.entries(s.mesh.policies)) {
    const o: Entry = {};
    const pool = p.connectionPool;
    const limits: Entry = {};
    if (pool.maxConnections !== d.connectionPool.maxConnections) limits.MaxConnections = pool.maxConnections;
    if (pool.maxPendingRequests !== d.connectionPool.maxPendingRequests)
      limits.MaxPendingRequests = pool.maxPendingRequests;
    if (pool.maxRequests !== d.connectionPool.maxRequests) limits.MaxConcurrentRequests = pool.maxRequests;
    if (pool.maxRetries !== d.connectionPool.maxRetries)
      omissions.add(`mesh.policies.${id}.connectionPool.maxRetries`, "Consul's Limits have no retry limit");
    if (Object.values(limits).some((v) => !Number.isFinite(v as number)))
      omissions.add(`mesh.policies.${id}.connectionPool`, 'Consul has no unlimited connection pool');
    else if (Object.keys(limits).length > 0) o.Limits = limits;
    const od = p.outlierDetection;
    if (!same(od, d.outlierDetection)) {
      if (od === undefined)
        omissions.add(`mesh.policies.${id}.outlierDetection`, "Consul's sidecars always detect outliers");
      else {
        o.PassiveHealthCheck = {
          MaxFailures: od.consecutive5xxErrors,
          Interval: durationText(od.interval),
          BaseEjectionTime: durationText(od.baseEjectionTime),
          MaxEjectionPercent: od.maxEjectionPercent,
        };
        if (
          od.consecutiveGatewayErrors !== d.outlierDetection?.consecutiveGatewayErrors ||
          od.maxEjectionTime !== d.outlierDetection?.maxEjectionTime
        )
          omissions.add(
            `mesh.policies.${id}.outlierDetection`,
            "Consul's PassiveHealthCheck has no gateway-error count or maximum ejection time",
          );
      }
    }
    if (Object.keys(o).length === 0) continue;
    const callers = s.services.filter((svc) => svc.calls.some((c) => c.service === id)).map((svc) => svc.id);
    if (callers.length === 0)
      omissions.add(
        `mesh.policies.${id}.connectionPool`,
        'Consul sets these in the service-defaults of a caller, and no service calls this one',
      );
    for (const caller of callers)
      overrides.set(caller, [...(overrides.get(caller) ?? []), { Name: id, ...o }]);
  }
  return s.services.map((svc) => {
    const list = overrides.get(svc.id);
    return {
      Kind: 'service-defaults',
      Name: svc.id,
      Protocol: 'http',
      ...(list !== undefined ? { UpstreamConfig: { Overrides: list } } : {}),
    };
  });
}

/** Why an unbounded time is not exported: Consul reads 0 or an absent one as its default. */
function unbounded(field: string, fallback: number): string {
  return `Consul has no unbounded ${field}: left unset it is ${durationText(fallback)}`;
}

/**
 * A router's route covers every share its destination's splitter sends on; in meshsim each share
 * takes its target's own policy. A target whose own timeout or retries differ cannot be said.
 */
function splitTargets(
  id: string,
  p: MeshPolicy,
  policies: Readonly<Record<string, MeshPolicy>>,
  omissions: Omissions,
): void {
  if (p.routes !== undefined) return;
  for (const { service } of p.split ?? []) {
    const target = policies[service];
    if (service === id || target === undefined) continue;
    for (const field of ['timeout', 'retries'] as const)
      if (!same(target[field], p[field]))
        omissions.add(
          `mesh.policies.${service}.${field}`,
          `calls ${id} splits to ${service} take the ${field} of ${id}'s router in Consul, not ${service}'s own`,
        );
  }
}
