/**
 * Consul config entries onto the scenario's `mesh` section; any of them sets `profile: consul` and
 * `enabled: true`. They come as `consul config write` takes them (HCL, JSON or YAML, fields in any
 * case) or as consul-k8s custom resources (consul-documents.ts), applied in order. Service names
 * are meshsim service ids as they are; subset `v2` of `api` is the service `api-v2`.
 * docs/import-consul.md lists every field.
 *
 * | Consul                                                   | meshsim                                             |
 * | -------------------------------------------------------- | --------------------------------------------------- |
 * | service-router routes: Match, Destination                | the service's `routes`, Consul's default route last |
 * | Destination RequestTimeout, NumRetries, RetryOn...       | the route's `timeout`, `retries`                    |
 * | service-splitter Splits (Weight, Service, ServiceSubset) | its `split` (behind a router: the routes' `split`)  |
 * | service-resolver ConnectTimeout, LoadBalancer.Policy     | `connectTimeout`, `loadBalancer` (subsets' too)     |
 * | service-resolver RequestTimeout                          | `timeout`, when no router or splitter is in front   |
 * | service-resolver DefaultSubset, Subsets, Redirect        | the subsets' services; a `split` to one of them     |
 * | service-resolver Failover                                | `failover` (another datacenter: a stand-in service) |
 * | service-defaults UpstreamConfig Limits                   | the callee's `connectionPool`                       |
 * | service-defaults UpstreamConfig PassiveHealthCheck       | the callee's `outlierDetection`                     |
 * | service-defaults UpstreamConfig ConnectTimeoutMs         | the callee's `connectTimeout`                       |
 * | service-intentions Sources (Name, Action, Permissions)   | `authorization` rules                               |
 *
 * Every field without a meshsim counterpart is a warning naming it, at its line and column.
 */
import type { LNode } from '../positions';
import { assembleChains } from './consul-assemble';
import { readSplitter, type Chains } from './consul-chain';
import { readResolver } from './consul-resolver';
import { readRouter } from './consul-router';
import { readServiceDefaults } from './consul-defaults';
import { isConfigEntry, pendingEntries, type PendingEntry } from './consul-documents';
import type { ConsulEntity } from './consul-entity';
import { INGRESS_FIELDS, readIngressGateway } from './consul-ingress';
import { applyIntentions, readIntentions } from './consul-intentions';
import type { MeshDoc } from './istio';
import { warnAt, type Where } from './config-entity';
import { meshId, type MeshConfig } from './mesh-config';

export { isConsulResource } from './consul-documents';

/** What a Consul config entry reader is given. */
export interface ConsulEntry {
  /** The entry; its reader takes its own fields and calls `finish`. */
  readonly e: ConsulEntity;
  /** The service the entry is about, as a meshsim id (`*` for intentions on every service). */
  readonly name: string;
  /** `service-router api`, for messages. */
  readonly source: string;
  readonly at: Where;
  readonly mesh: MeshConfig;
  readonly chains: Chains;
}

interface Reader {
  readonly read: (entry: ConsulEntry) => void;
  /** The kind's own fields. */
  readonly fields: readonly string[];
}
const READERS: Readonly<Record<string, Reader>> = {
  'service-router': { read: readRouter, fields: ['Routes'] },
  'service-splitter': { read: readSplitter, fields: ['Splits'] },
  'service-resolver': {
    read: readResolver,
    fields: [
      'DefaultSubset',
      'Subsets',
      'Redirect',
      'Failover',
      'ConnectTimeout',
      'RequestTimeout',
      'LoadBalancer',
      'PrioritizeByLocality',
    ],
  },
  'service-defaults': {
    read: readServiceDefaults,
    fields: [
      'Protocol',
      'Mode',
      'TransparentProxy',
      'MutualTLSMode',
      'EnvoyExtensions',
      'Destination',
      'MaxInboundConnections',
      'LocalConnectTimeoutMs',
      'LocalRequestTimeoutMs',
      'MeshGateway',
      'ExternalSNI',
      'Expose',
      'UpstreamConfig',
      'BalanceInboundConnections',
      'RateLimits',
    ],
  },
  'service-intentions': { read: readIntentions, fields: ['Sources', 'JWT'] },
  'ingress-gateway': { read: readIngressGateway, fields: INGRESS_FIELDS },
};
const GATEWAY =
  "Consul's gateways are not simulated; meshsim's gateway comes from the scenario document or Kong config";
/** Kinds that are known and left out, saying why. */
const OTHER_KINDS: Readonly<Record<string, string>> = {
  'proxy-defaults': 'global proxy settings are not modelled: the mesh profile gives the defaults',
  mesh: 'mesh-wide settings are not modelled',
  'terminating-gateway': GATEWAY,
  'api-gateway': GATEWAY,
  'http-route': GATEWAY,
  'tcp-route': GATEWAY,
  'inline-certificate': GATEWAY,
  'file-system-certificate': GATEWAY,
  'exported-services': 'peering and admin partitions are not modelled',
  'sameness-group': 'peering and admin partitions are not modelled',
  'jwt-provider': 'end-user credentials (JWTs) are not simulated',
  'control-plane-request-limit': 'the control plane is not simulated',
};
const ENTRY_NOTES: Readonly<Record<string, string>> = {
  Namespace: 'namespaces are not modelled: names are unique in the scenario',
  Partition: 'admin partitions are not modelled',
  Meta: 'metadata only labels the entry',
  CreateIndex: 'written by Consul',
  ModifyIndex: 'written by Consul',
  Hash: 'written by Consul',
};

const KINDS = new Set([...Object.keys(READERS), ...Object.keys(OTHER_KINDS)]);

/**
 * Whether a document without `apiVersion` is a Consul config entry: it has `Kind`, or `kind` (in
 * any case) naming a config entry kind, as HashiCorp's snake_case demos write it.
 */
export function isConsulEntry(root: LNode): boolean {
  return isConfigEntry(root, KINDS);
}

/** Reads every Consul config entry and custom resource into `mesh`; problems go to each document's reporter. */
export function readConsul(docs: readonly MeshDoc[], mesh: MeshConfig): void {
  const chains: Chains = {
    routers: new Map(),
    splitters: new Map(),
    resolvers: new Map(),
    intentions: new Map(),
  };
  for (const entry of pendingEntries(docs)) readEntry(entry, mesh, chains);
  assembleChains(chains, mesh);
  applyIntentions(chains, mesh);
}

function readEntry(entry: PendingEntry, mesh: MeshConfig, chains: Chains): void {
  const { kind, name } = entry;
  const reader = Object.hasOwn(READERS, kind) ? READERS[kind] : undefined;
  if (reader === undefined) {
    const known = Object.hasOwn(OTHER_KINDS, kind);
    const why = known ? `: ${OTHER_KINDS[kind]}` : '';
    warnAt(
      entry.at,
      `Consul ${kind} is not modelled; left out${why}`,
      known ? undefined : `the config entry kinds read are ${Object.keys(READERS).join(', ')}`,
    );
    return;
  }
  const e = entry.entity(reader.fields);
  if (name === '*' && kind !== 'service-intentions') {
    warnAt(entry.nameAt, `a ${kind} entry names one service, not "*"; left out`);
    return;
  }
  mesh.products.add('Consul');
  mesh.claimProfile('consul', entry.at);
  if (!entry.resource) for (const [k, why] of Object.entries(ENTRY_NOTES)) e.note(k, why);
  reader.read({
    e,
    name: name === '*' ? '*' : meshId(name),
    source: `${kind} ${name}`,
    at: entry.nameAt,
    mesh,
    chains,
  });
}
