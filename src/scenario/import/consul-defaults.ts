/**
 * service-defaults. Its `UpstreamConfig` is how a service's sidecar treats its calls into others:
 * `Overrides` for the named callees, `Defaults` for every other service it calls. meshsim keeps one
 * policy per callee, whoever calls, so these settings land on the callee's policy (for Defaults,
 * every service the entry's service calls in the scenario), and a callee with other callers too is
 * a warning.
 *
 * | UpstreamConfig                                   | the callee's policy                          |
 * | ------------------------------------------------ | -------------------------------------------- |
 * | Limits.MaxConnections                            | connectionPool.maxConnections                |
 * | Limits.MaxPendingRequests                        | connectionPool.maxPendingRequests            |
 * | Limits.MaxConcurrentRequests                     | connectionPool.maxRequests                   |
 * | PassiveHealthCheck.MaxFailures                   | outlierDetection.consecutive5xxErrors        |
 * | PassiveHealthCheck.Interval, BaseEjectionTime,   | outlierDetection.interval, baseEjectionTime, |
 * | MaxEjectionPercent                               | maxEjectionPercent                           |
 * | ConnectTimeoutMs                                 | connectTimeout                               |
 */
import type { ConsulEntry } from './consul';
import { warnAt } from './config-entity';
import { meshId, type PolicySetting } from './mesh-config';
import type { ConsulEntity } from './consul-entity';
import { formatMillis } from './types';
import type { ConnectionPoolSpec } from '../types';

const UPSTREAM_FIELDS = [
  'ConnectTimeoutMs',
  'Protocol',
  'Limits',
  'PassiveHealthCheck',
  'MeshGateway',
  'BalanceOutboundConnections',
  'EnvoyListenerJSON',
  'EnvoyClusterJSON',
];
const OVERRIDE_FIELDS = ['Name', 'Namespace', 'Partition', 'Peer', ...UPSTREAM_FIELDS];
const COUNT = { min: 0, max: 2 ** 31 - 1 };
const UPSTREAM_NOTES: Readonly<Record<string, string>> = {
  Protocol: "the callee's own protocol is what counts: simulated calls are HTTP",
  MeshGateway: 'mesh gateways are not simulated',
  BalanceOutboundConnections: 'connections are not balanced over proxy threads',
  EnvoyListenerJSON: 'raw Envoy configuration is not modelled',
  EnvoyClusterJSON: 'raw Envoy configuration is not modelled',
  Namespace: 'namespaces are not modelled',
  Partition: 'admin partitions are not modelled',
  Peer: 'peering is not modelled',
};
const NOTES: Readonly<Record<string, string>> = {
  Mode: 'proxy modes are not simulated: every call passes the sidecars',
  TransparentProxy: 'proxy modes are not simulated: every call passes the sidecars',
  EnvoyExtensions: 'Envoy extensions are not modelled',
  Destination: 'services outside the mesh are services of the scenario document',
  MaxInboundConnections:
    "a limit on the service's inbound connections is not modelled: its queue and concurrency bound it",
  LocalConnectTimeoutMs: "the local app's connections are not simulated",
  LocalRequestTimeoutMs: "the sidecar's timeout toward its local app is not modelled",
  MeshGateway: 'mesh gateways are not simulated',
  ExternalSNI: 'TLS is not simulated',
  Expose: 'paths exposed past the mesh are not simulated',
  BalanceInboundConnections: 'connections are not balanced over proxy threads',
  RateLimits: 'sidecar rate limits are not imported; use a gateway plugin in the scenario',
};

/** Reads a service-defaults entry: its protocol, and its upstream settings for later. */
export function readServiceDefaults(entry: ConsulEntry): void {
  const { e, name, source, mesh } = entry;
  const protocol = e.str('Protocol');
  if (protocol === 'tcp')
    warnAt(
      e.at('Protocol'),
      `with protocol tcp Consul applies no router, splitter or retries to ${name}; meshsim simulates HTTP calls`,
    );
  else if (protocol === 'http2' || protocol === 'grpc')
    warnAt(e.at('Protocol'), `${protocol} is simulated as HTTP/1.1 calls`);
  else if (protocol !== undefined && protocol !== 'http')
    e.r.error(e.valueAt('Protocol').pos, e.valueAt('Protocol').path, {
      message: 'unknown protocol',
      expected: 'tcp, http, http2 or grpc',
      found: JSON.stringify(protocol),
    });
  const up = e.child('UpstreamConfig', 'UpstreamConfig', ['Defaults', 'Overrides']);
  if (up !== undefined) {
    for (const { e: o } of up.children('Overrides', 'upstream override', OVERRIDE_FIELDS)) {
      const callee = o.str('Name');
      const settings = upstreamSettings(o);
      if (callee === undefined) {
        if (!o.has('Name'))
          o.r.error(o.node.pos, o.path, { message: 'an override needs Name', expected: 'Name: api' });
        continue;
      }
      mesh.refer(meshId(callee), o.at('Name'));
      if (settings.length > 0)
        mesh.upstream.push({ caller: name, callee: meshId(callee), settings, at: o.at('Name'), source });
    }
    const d = up.child('Defaults', 'upstream defaults', UPSTREAM_FIELDS);
    if (d !== undefined) {
      const settings = upstreamSettings(d);
      if (settings.length > 0) mesh.upstream.push({ caller: name, settings, at: up.at('Defaults'), source });
    }
    up.finish();
  }
  mesh.refer(name, entry.at);
  readMutualTlsMode(entry);
  for (const [k, why] of Object.entries(NOTES)) e.note(k, why);
  e.finish();
}

/**
 * `MutualTLSMode`: `strict` (Consul's default) lets only mesh callers in, over mTLS; `permissive`
 * also takes plaintext callers outside the mesh. The service's own mTLS mode in meshsim.
 */
function readMutualTlsMode({ e, name, source, mesh }: ConsulEntry): void {
  const node = e.take('MutualTLSMode');
  const mode = node?.kind === 'scalar' ? node.value : undefined;
  if (node === undefined || mode === '') return;
  const at = e.at('MutualTLSMode');
  if (mode === 'strict' || mode === 'permissive')
    mesh.setServiceMtls(name, mode === 'strict' ? 'STRICT' : 'PERMISSIVE', 'selector', at, source);
  else
    e.r.error(e.valueAt('MutualTLSMode').pos, e.valueAt('MutualTLSMode').path, {
      message: 'unknown MutualTLSMode',
      expected: '"strict" or "permissive" (or "" for the default)',
      found: JSON.stringify(mode),
    });
}

function upstreamSettings(u: ConsulEntity): PolicySetting[] {
  const out: PolicySetting[] = [];
  const connect = u.int('ConnectTimeoutMs', { min: 1, max: 2 ** 31 - 1 });
  if (connect !== undefined)
    out.push({ leaf: 'connectTimeout', value: formatMillis(connect), at: u.at('ConnectTimeoutMs') });
  const limits = u.child('Limits', 'Limits', [
    'MaxConnections',
    'MaxPendingRequests',
    'MaxConcurrentRequests',
  ]);
  if (limits !== undefined) {
    const map: [string, keyof ConnectionPoolSpec][] = [
      ['MaxConnections', 'maxConnections'],
      ['MaxPendingRequests', 'maxPendingRequests'],
      ['MaxConcurrentRequests', 'maxRequests'],
    ];
    for (const [k, leaf] of map) {
      const v = limits.int(k, COUNT);
      if (v === 0) warnAt(limits.at(k), "0 means Envoy's default; left out");
      else if (v !== undefined) out.push({ leaf: `connectionPool.${leaf}`, value: v, at: limits.at(k) });
    }
    limits.finish();
  }
  const phc = u.child('PassiveHealthCheck', 'PassiveHealthCheck', [
    'Interval',
    'MaxFailures',
    'EnforcingConsecutive5xx',
    'MaxEjectionPercent',
    'BaseEjectionTime',
  ]);
  if (phc !== undefined) {
    const interval = phc.duration('Interval', true);
    const failures = phc.int('MaxFailures', COUNT);
    const enforcing = phc.int('EnforcingConsecutive5xx', { min: 0, max: 100 });
    const maxPercent = phc.int('MaxEjectionPercent', { min: 0, max: 100 });
    const base = phc.duration('BaseEjectionTime', true);
    phc.finish();
    if (enforcing === 0)
      out.push({
        leaf: 'outlierDetection.consecutive5xxErrors',
        value: 0,
        at: phc.at('EnforcingConsecutive5xx'),
      });
    else {
      if (enforcing !== undefined && enforcing !== 100)
        warnAt(
          phc.at('EnforcingConsecutive5xx'),
          `meshsim ejects at every detection (100) or never (0); ${enforcing} is read as 100`,
        );
      if (failures !== undefined)
        out.push({
          leaf: 'outlierDetection.consecutive5xxErrors',
          value: failures,
          at: phc.at('MaxFailures'),
        });
    }
    if (interval !== undefined)
      out.push({ leaf: 'outlierDetection.interval', value: formatMillis(interval), at: phc.at('Interval') });
    if (base !== undefined)
      out.push({
        leaf: 'outlierDetection.baseEjectionTime',
        value: formatMillis(base),
        at: phc.at('BaseEjectionTime'),
      });
    if (maxPercent !== undefined)
      out.push({
        leaf: 'outlierDetection.maxEjectionPercent',
        value: maxPercent,
        at: phc.at('MaxEjectionPercent'),
      });
  }
  u.use('Name');
  u.finish(UPSTREAM_NOTES);
  return out;
}
