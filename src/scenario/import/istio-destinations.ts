/**
 * DestinationRule: the destination settings of the host's service and of its subsets' services.
 *
 * | trafficPolicy                                  | meshsim policy                                   |
 * | ---------------------------------------------- | ------------------------------------------------ |
 * | loadBalancer.simple ROUND_ROBIN, RANDOM,       | loadBalancer (LEAST_CONN is LEAST_REQUEST)       |
 * | LEAST_REQUEST; consistentHash                  | RING_HASH (keyed on meshsim's own request key)   |
 * | connectionPool.tcp.maxConnections              | connectionPool.maxConnections                    |
 * | connectionPool.tcp.connectTimeout              | connectTimeout                                   |
 * | connectionPool.http.http1MaxPendingRequests    | connectionPool.maxPendingRequests                |
 * | connectionPool.http.http2MaxRequests           | connectionPool.maxRequests                       |
 * | connectionPool.http.maxRetries                 | connectionPool.maxRetries                        |
 * | outlierDetection.consecutive5xxErrors, ...     | outlierDetection (same names)                    |
 * | outlierDetection.minHealthPercent              | panicThreshold                                   |
 * | loadBalancer.localityLbSetting.failover        | failover (istio-locality.ts)                     |
 * | tls.mode ISTIO_MUTUAL                          | the sidecars' own mTLS; other modes warned       |
 */
import type { IstioResource } from './istio';
import { warnAt } from './config-entity';
import { hostService, type PolicyLeaf, type PolicySetting } from './mesh-config';
import { localityFailover, readTls } from './istio-locality';
import type { MeshEntity } from './mesh-entity';
import { formatMillis } from './types';

/** The fields of a DestinationRule spec. */
export const DR_FIELDS = ['host', 'trafficPolicy', 'subsets', 'exportTo', 'workloadSelector'];
const POLICY_FIELDS = [
  'loadBalancer',
  'connectionPool',
  'outlierDetection',
  'tls',
  'portLevelSettings',
  'tunnel',
  'proxyProtocol',
  'retryBudget',
];
const LB_FIELDS = ['simple', 'consistentHash', 'localityLbSetting', 'warmupDurationSecs', 'warmup'];
const HASH_FIELDS = [
  'httpHeaderName',
  'httpCookie',
  'useSourceIp',
  'httpQueryParameterName',
  'ringHash',
  'maglev',
  'minimumRingSize',
];
const TCP_FIELDS = [
  'maxConnections',
  'connectTimeout',
  'tcpKeepalive',
  'maxConnectionDuration',
  'idleTimeout',
];
const HTTP_FIELDS = [
  'http1MaxPendingRequests',
  'http2MaxRequests',
  'maxRequestsPerConnection',
  'maxRetries',
  'idleTimeout',
  'h2UpgradePolicy',
  'useClientProtocol',
  'maxConcurrentStreams',
];
const OUTLIER_FIELDS = [
  'splitExternalLocalOriginErrors',
  'consecutiveLocalOriginFailures',
  'consecutiveGatewayErrors',
  'consecutive5xxErrors',
  'interval',
  'baseEjectionTime',
  'maxEjectionPercent',
  'minHealthPercent',
  'consecutiveErrors',
];
const SUBSET_FIELDS = ['name', 'labels', 'trafficPolicy'];
const COUNT = { min: 0, max: 2 ** 32 - 1 };
const PERCENT = { min: 0, max: 100 };
const SIMPLE: Readonly<Record<string, string>> = {
  ROUND_ROBIN: 'ROUND_ROBIN',
  LEAST_REQUEST: 'LEAST_REQUEST',
  LEAST_CONN: 'LEAST_REQUEST',
  RANDOM: 'RANDOM',
};
const HASH_KEY = "meshsim's ring hash keys on the request's cache key, or its client";
const POLICY_NOTES: Readonly<Record<string, string>> = {
  portLevelSettings: 'ports are not simulated: a service has one',
  tunnel: 'tunnelling is not simulated',
  proxyProtocol: 'the PROXY protocol is not simulated',
  retryBudget: 'retry budgets are not imported; set retries.budget in the scenario',
};

/** Reads a DestinationRule into the destination settings of its host and subsets. */
export function readDestinationRule(res: IstioResource): void {
  const { spec, source, mesh } = res;
  if (spec === undefined) {
    warnAt(res.at, `${source} has no spec; left out`);
    return;
  }
  const host = spec.str('host');
  if (host === undefined && !spec.has('host'))
    spec.r.error(spec.node.pos, spec.path, {
      message: 'a DestinationRule needs host',
      expected: 'host: reviews',
    });
  const wildcard = host?.includes('*') ?? false;
  if (wildcard)
    warnAt(
      spec.at('host'),
      `wildcard host "${host}" is not modelled: a meshsim policy belongs to one service; left out`,
    );
  const id = host === undefined || wildcard ? undefined : hostService(host);
  // The host is a service of the mesh, even when the rule only declares its subsets.
  if (id !== undefined) mesh.refer(id, spec.valueAt('host'));
  const top = trafficPolicy(spec, id);
  if (id !== undefined) for (const s of top) mesh.setDestination(id, s, source);
  referFailover(top, res);
  const declared = new Set<string>();
  for (const { e } of spec.children('subsets', 'subset', SUBSET_FIELDS)) {
    const name = e.str('name');
    // The labels select the subset's pods (k8s-placement.ts); the subset is a service of its own.
    const labels = e.labels('labels');
    const own = trafficPolicy(e, id);
    e.finish();
    referFailover(own, res);
    if (name === undefined) {
      if (!e.has('name')) e.r.error(e.node.pos, e.path, { message: 'a subset needs a name' });
      continue;
    }
    if (declared.has(name)) warnAt(e.at('name'), `a second subset named "${name}"; left out`);
    if (id === undefined || declared.has(name)) continue;
    declared.add(name);
    mesh.addSubset(id, name);
    let byName = res.ctx.subsetLabels.get(id);
    if (byName === undefined) res.ctx.subsetLabels.set(id, (byName = new Map()));
    if (!byName.has(name)) byName.set(name, labels);
    for (const s of own) mesh.setSubset(id, name, s, source);
  }
  if (id !== undefined) {
    let names = res.ctx.declared.get(id);
    if (names === undefined) res.ctx.declared.set(id, (names = new Set()));
    for (const n of declared) names.add(n);
  }
  spec.note('exportTo', 'namespaces are not modelled: every service sees every rule');
  spec.note('workloadSelector', 'the rule applies to calls from every service');
  spec.finish();
}

/** The services a failover setting names are services of the scenario (stubs if need be). */
function referFailover(settings: readonly PolicySetting[], res: IstioResource): void {
  for (const s of settings)
    if (s.leaf === 'failover') for (const id of s.value as string[]) res.mesh.refer(id, s.at);
}

/** The settings of the entity's `trafficPolicy`, if any; `host` is the rule's host's service. */
function trafficPolicy(parent: MeshEntity, host: string | undefined): PolicySetting[] {
  const tp = parent.child('trafficPolicy', 'trafficPolicy', POLICY_FIELDS);
  if (tp === undefined) return [];
  const outlier = tp.has('outlierDetection');
  const out = [...loadBalancer(tp, host, outlier), ...connectionPool(tp), ...outlierDetection(tp)];
  readTls(tp);
  tp.finish(POLICY_NOTES);
  return out;
}

function loadBalancer(tp: MeshEntity, host: string | undefined, outlier: boolean): PolicySetting[] {
  const lb = tp.child('loadBalancer', 'loadBalancer', LB_FIELDS);
  if (lb === undefined) return [];
  const out: PolicySetting[] = [];
  const simple = lb.str('simple');
  const hash = lb.child('consistentHash', 'consistentHash', HASH_FIELDS);
  if (simple !== undefined && Object.hasOwn(SIMPLE, simple)) {
    out.push({ leaf: 'loadBalancer', value: SIMPLE[simple], at: lb.at('simple') });
    if (simple === 'LEAST_CONN')
      warnAt(lb.at('simple'), 'LEAST_CONN is the old name of LEAST_REQUEST; read as it');
  } else if (simple === 'PASSTHROUGH')
    warnAt(
      lb.at('simple'),
      "PASSTHROUGH is not modelled (no balancing by the sidecar); left out: the profile's balancer is used",
    );
  else if (simple !== undefined && simple !== 'UNSPECIFIED')
    lb.r.error(lb.valueAt('simple').pos, lb.valueAt('simple').path, {
      message: 'unknown load balancer',
      expected: 'ROUND_ROBIN, LEAST_REQUEST, RANDOM or PASSTHROUGH',
      found: JSON.stringify(simple),
    });
  if (hash !== undefined) {
    if (simple === undefined)
      out.push({ leaf: 'loadBalancer', value: 'RING_HASH', at: lb.at('consistentHash') });
    else warnAt(lb.at('consistentHash'), 'simple is written too, and wins; left out');
    for (const k of HASH_FIELDS) hash.note(k, HASH_KEY);
    hash.finish();
  }
  out.push(...localityFailover(lb, host, outlier));
  lb.note('warmupDurationSecs', 'slow start of new instances is not modelled');
  lb.note('warmup', 'slow start of new instances is not modelled');
  lb.finish();
  return out;
}

function connectionPool(tp: MeshEntity): PolicySetting[] {
  const cp = tp.child('connectionPool', 'connectionPool', ['tcp', 'http']);
  if (cp === undefined) return [];
  const out: PolicySetting[] = [];
  const count = (e: MeshEntity, key: string, leaf: PolicyLeaf): void => {
    const v = e.int(key, COUNT);
    if (v === 0) warnAt(e.at(key), "0 means Istio's default (no limit); left out");
    else if (v !== undefined) out.push({ leaf, value: v, at: e.at(key) });
  };
  const tcp = cp.child('tcp', 'connectionPool.tcp', TCP_FIELDS);
  if (tcp !== undefined) {
    count(tcp, 'maxConnections', 'connectionPool.maxConnections');
    const ct = tcp.duration('connectTimeout', true);
    if (ct !== undefined)
      out.push({ leaf: 'connectTimeout', value: formatMillis(ct), at: tcp.at('connectTimeout') });
    tcp.note('tcpKeepalive', 'TCP keepalives are not simulated');
    tcp.note('maxConnectionDuration', 'connections are closed only by the mesh (rotation, idle timeout)');
    tcp.note(
      'idleTimeout',
      "the idle timeout of pooled connections is the mesh profile's (mtls.idleTimeout)",
    );
    tcp.finish();
  }
  const http = cp.child('http', 'connectionPool.http', HTTP_FIELDS);
  if (http !== undefined) {
    count(http, 'http1MaxPendingRequests', 'connectionPool.maxPendingRequests');
    count(http, 'http2MaxRequests', 'connectionPool.maxRequests');
    count(http, 'maxRetries', 'connectionPool.maxRetries');
    http.note(
      'maxRequestsPerConnection',
      'Envoy closes a connection after this many requests, and each new one pays an mTLS handshake; meshsim reuses a pooled connection until mtls.idleTimeout or a certificate rotation',
    );
    http.note(
      'idleTimeout',
      "the idle timeout of pooled connections is the mesh profile's (mtls.idleTimeout)",
    );
    http.note('h2UpgradePolicy', 'simulated calls are HTTP/1.1');
    http.note('useClientProtocol', 'simulated calls are HTTP/1.1');
    http.note('maxConcurrentStreams', 'simulated calls are HTTP/1.1');
    http.finish();
  }
  cp.finish();
  return out;
}

function outlierDetection(tp: MeshEntity): PolicySetting[] {
  const od = tp.child('outlierDetection', 'outlierDetection', OUTLIER_FIELDS);
  if (od === undefined) return [];
  const out: PolicySetting[] = [];
  const put = (key: string, leaf: PolicyLeaf, v: number | string | undefined): void => {
    if (v !== undefined) out.push({ leaf, value: v, at: od.at(key) });
  };
  const duration = (key: string): string | undefined => {
    const ms = od.duration(key, true);
    return ms === undefined ? undefined : formatMillis(ms);
  };
  put('consecutive5xxErrors', 'outlierDetection.consecutive5xxErrors', od.int('consecutive5xxErrors', COUNT));
  const gateway = od.int('consecutiveGatewayErrors', COUNT);
  const old = od.int('consecutiveErrors', COUNT);
  put('consecutiveGatewayErrors', 'outlierDetection.consecutiveGatewayErrors', gateway);
  if (old !== undefined) {
    if (gateway === undefined) {
      warnAt(
        od.at('consecutiveErrors'),
        'consecutiveErrors is the old name of consecutiveGatewayErrors; read as it',
      );
      put('consecutiveErrors', 'outlierDetection.consecutiveGatewayErrors', old);
    } else warnAt(od.at('consecutiveErrors'), 'consecutiveGatewayErrors is written too, and wins; left out');
  }
  put('interval', 'outlierDetection.interval', duration('interval'));
  put('baseEjectionTime', 'outlierDetection.baseEjectionTime', duration('baseEjectionTime'));
  put('maxEjectionPercent', 'outlierDetection.maxEjectionPercent', od.int('maxEjectionPercent', PERCENT));
  put('minHealthPercent', 'panicThreshold', od.int('minHealthPercent', PERCENT));
  od.note(
    'splitExternalLocalOriginErrors',
    'locally originated failures count as 5xx, as Envoy counts them by default',
  );
  od.note(
    'consecutiveLocalOriginFailures',
    'locally originated failures count as 5xx, as Envoy counts them by default',
  );
  od.finish();
  return out;
}
