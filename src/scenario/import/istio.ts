/**
 * Istio resources, the Kubernetes Gateway API and Kubernetes workload manifests onto the scenario:
 * its `mesh` section (any Istio resource sets `profile: istio` and `enabled: true`), its gateway and
 * its services' instances. docs/import-istio.md lists every field; in short:
 *
 * | Config                                             | meshsim                                                          |
 * | -------------------------------------------------- | ---------------------------------------------------------------- |
 * | documents, in file order (istio-apply.ts)          | applied as `kubectl apply`: a later kind/namespace/name replaces |
 * | host `reviews.default.svc.cluster.local`           | service `reviews` (the short name)                               |
 * | subset `v2` of host `reviews`                      | service `reviews-v2` (meshsim has no subsets)                    |
 * | VirtualService HTTP routes (istio-mesh-routes.ts)  | `policies.HOST.routes`, in order, with match conditions          |
 * | one route for every call (istio-routes.ts)         | the host's `split`, `timeout`, `retries`, `fault`, `mirror`      |
 * | DestinationRule `trafficPolicy`                    | the host's and each subset's destination settings                |
 * | Gateway and bound VirtualServices, Gateway API     | the scenario's `gateway` and its routes (istio-edge.ts)          |
 * | PeerAuthentication                                 | `mtls.mode`, `mtls.services` (by selector, by namespace)         |
 * | AuthorizationPolicy (istio-authz.ts)               | `authorization` rules, one per source and operation              |
 * | RequestAuthentication                              | `requestAuthentication`                                          |
 * | Deployment, Service, ServiceAccount (k8s-*.ts)     | services' instances, subsets by labels, identities               |
 *
 * Every field without a meshsim counterpart is a warning naming it, at its line and column; other
 * kinds are warnings and are left out.
 */
import type { Reporter } from '../diagnostics';
import type { LMap } from '../positions';
import { DR_FIELDS, readDestinationRule } from './istio-destinations';
import { readVirtualService, VS_FIELDS } from './istio-routes';
import { AP_FIELDS, readAuthorizationPolicy } from './istio-authz';
import {
  applyNamespaceMtls,
  PA_FIELDS,
  RA_FIELDS,
  readPeerAuthentication,
  readRequestAuthentication,
  type NamespaceMtls,
} from './istio-security';
import { warnAt, type Where } from './config-entity';
import { appliedInOrder } from './istio-apply';
import { EdgeCollector } from './istio-edge';
import { GATEWAY_FIELDS, readGateway } from './istio-gateway';
import { HTTPROUTE_FIELDS, K8S_GATEWAY_FIELDS, readHttpRoute, readKubeGateway } from './k8s-httproute';
import { KubeInventory, type Labels } from './k8s-inventory';
import { placeWorkloads } from './k8s-placement';
import { CORE_KINDS, readKubeResource, WORKLOAD_KINDS } from './k8s-workloads';
import type { MeshConfig } from './mesh-config';
import { apiVersionAndKind, MeshEntity } from './mesh-entity';
import { RESOURCE_FIELDS, WRITTEN_BY_KUBERNETES } from './k8s-resource';

/** One document of the bundle and the reporter of its file. */
export interface MeshDoc {
  readonly root: LMap;
  readonly r: Reporter;
}

/** What an Istio resource reader is given. */
export interface IstioResource {
  /** The resource's `spec`, whose unread fields the reader warns about with `finish`. */
  readonly spec: MeshEntity | undefined;
  /** `VirtualService reviews`, for messages. */
  readonly source: string;
  /** `metadata.name`, when written. */
  readonly name?: string;
  /** `metadata.namespace`; `default` when absent, as `kubectl apply` puts it. */
  readonly namespace: string;
  readonly at: Where;
  readonly mesh: MeshConfig;
  readonly ctx: IstioContext;
}

/** What Istio readers share across documents. */
export interface IstioContext {
  /** Subsets each DestinationRule declares, by service id. */
  readonly declared: Map<string, Set<string>>;
  /** Subsets routes send to, with where, for the check that a DestinationRule declares them. */
  readonly routed: { readonly service: string; readonly subset: string; readonly at: Where }[];
  /** The VirtualService that routes each host, by service id. */
  readonly routedHosts: Map<string, { readonly source: string; readonly at: Where }>;
  /** The labels of each subset a DestinationRule declares, by service id and subset name. */
  readonly subsetLabels: Map<string, Map<string, Labels | undefined>>;
  /** The Kubernetes documents: workloads, Services, ServiceAccounts. */
  readonly kube: KubeInventory;
  /** Gateway resources and the routes bound to them. */
  readonly edge: EdgeCollector;
  /** PeerAuthentications of a namespace, applied once the namespace's services are known. */
  readonly namespaceMtls: NamespaceMtls[];
  /**
   * Whether an HTTPRoute's `timeouts.backendRequest` is each try's timeout, as Linkerd reads it;
   * absent, it is warned and left out, as for Istio.
   */
  readonly backendRequestTimeouts?: boolean;
}

interface Reader {
  readonly read: (res: IstioResource) => void;
  /** The fields of the kind's spec. */
  readonly fields: readonly string[];
}
const READERS: Readonly<Record<string, Reader>> = {
  VirtualService: { read: readVirtualService, fields: VS_FIELDS },
  DestinationRule: { read: readDestinationRule, fields: DR_FIELDS },
  Gateway: { read: readGateway, fields: GATEWAY_FIELDS },
  PeerAuthentication: { read: readPeerAuthentication, fields: PA_FIELDS },
  AuthorizationPolicy: { read: readAuthorizationPolicy, fields: AP_FIELDS },
  RequestAuthentication: { read: readRequestAuthentication, fields: RA_FIELDS },
};
/** Istio kinds that are read; the others below are known and left out, saying why. */
const OTHER_KINDS: Readonly<Record<string, string>> = {
  ServiceEntry: 'services outside the mesh are services of the scenario document',
  Sidecar: 'sidecar scoping is not modelled: every sidecar knows every service',
  EnvoyFilter: 'raw Envoy configuration is not modelled',
  WorkloadEntry: "a service's instances are its `instances` in the scenario document",
  WorkloadGroup: "a service's instances are its `instances` in the scenario document",
  ProxyConfig: 'proxy settings are not modelled',
};
const ISTIO_GROUPS = ['networking.istio.io', 'security.istio.io'];
const ISTIO_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'];
/** The Kubernetes Gateway API, which Istio implements (k8s-httproute.ts). */
const GATEWAY_API = 'gateway.networking.k8s.io';
const GATEWAY_API_READERS: Readonly<Record<string, Reader>> = {
  Gateway: { read: readKubeGateway, fields: K8S_GATEWAY_FIELDS },
  HTTPRoute: { read: readHttpRoute, fields: HTTPROUTE_FIELDS },
};
const GATEWAY_API_VERSIONS = ['v1', 'v1beta1', 'v1alpha2'];
const METADATA_NOTES: Readonly<Record<string, string>> = {
  labels: 'labels only label the resource',
  annotations: 'annotations are not read',
};

/** Whether `kind` of API group `group` is a Kubernetes workload, Service or ServiceAccount (k8s-workloads.ts). */
function isKubeKind(group: string, kind: string): boolean {
  if (group === '') return CORE_KINDS.includes(kind);
  return group === 'apps' && WORKLOAD_KINDS.includes(kind);
}

/**
 * Whether `root` is one of Istio's own resources (an `istio.io` API group, or the Gateway API, which
 * Istio implements), as opposed to a Kubernetes document read beside them.
 */
export function isIstioResource(root: LMap): boolean {
  const apiVersion = root.entries.get('apiVersion')?.value;
  if (apiVersion?.kind !== 'scalar' || typeof apiVersion.value !== 'string') return false;
  const group = apiVersion.value.includes('/') ? apiVersion.value.split('/', 1)[0] : '';
  return group.endsWith('istio.io') || group === GATEWAY_API;
}

/** Reads every document with an `apiVersion` into `mesh`; problems go to each document's reporter. */
export function readIstio(docs: readonly MeshDoc[], mesh: MeshConfig): void {
  const ctx: IstioContext = {
    declared: new Map(),
    routed: [],
    routedHosts: new Map(),
    subsetLabels: new Map(),
    kube: new KubeInventory(),
    edge: new EdgeCollector(),
    namespaceMtls: [],
  };
  for (const { doc } of appliedInOrder(docs)) readResource(doc, mesh, ctx);
  const { kube } = ctx;
  mesh.edge = ctx.edge.edge();
  if (kube.first !== undefined)
    mesh.kube = placeWorkloads(kube, kube.first, ctx.subsetLabels, new Set(ctx.routedHosts.keys()), mesh);
  applyNamespaceMtls(ctx.namespaceMtls, mesh);
  for (const ref of ctx.routed)
    if (!(ctx.declared.get(ref.service)?.has(ref.subset) ?? false))
      warnAt(
        ref.at,
        `no DestinationRule declares subset "${ref.subset}" of ${ref.service} (Istio answers 503 to the calls routed to it); read as the service ${ref.service}-${ref.subset}`,
      );
}

function readResource(doc: MeshDoc, mesh: MeshConfig, ctx: IstioContext): void {
  const e = new MeshEntity(doc.root, [], doc.r, 'Istio', 'resource', RESOURCE_FIELDS);
  const head = apiVersionAndKind(
    e,
    doc.root,
    doc.r,
    'VirtualService, DestinationRule, PeerAuthentication or AuthorizationPolicy',
  );
  if (head === undefined) return;
  const { apiVersion, kind } = head;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const where = e.at('kind');
  if (isKubeKind(group, kind)) {
    readKubeResource(doc.root, doc.r, kind, ctx.kube);
    return;
  }
  if (!ISTIO_GROUPS.includes(group) && !group.endsWith('.istio.io') && group !== GATEWAY_API) {
    warnAt(
      where,
      group === 'consul.hashicorp.com'
        ? `Consul's Kubernetes resource ${kind} is not read; left out`
        : `${group === '' ? 'Kubernetes' : group} ${kind} is not Istio or Consul config; left out`,
      group === 'consul.hashicorp.com'
        ? 'write it as a config entry (Kind: service-router, Name: ...), as `consul config write` takes it'
        : undefined,
    );
    return;
  }
  const gatewayApi = group === GATEWAY_API;
  const readers = gatewayApi ? GATEWAY_API_READERS : READERS;
  const reader =
    Object.hasOwn(readers, kind) && (gatewayApi || ISTIO_GROUPS.includes(group)) ? readers[kind] : undefined;
  if (reader === undefined) {
    const why = Object.hasOwn(OTHER_KINDS, kind) ? `: ${OTHER_KINDS[kind]}` : '';
    warnAt(where, `Istio ${kind} is not modelled; left out${why}`);
    return;
  }
  if (!(gatewayApi ? GATEWAY_API_VERSIONS : ISTIO_VERSIONS).includes(version))
    warnAt(e.at('apiVersion'), `unknown version "${version}" of ${group}; read as v1`);
  const { name, namespace } = readMetadata(e);
  const source = name === undefined ? kind : `${kind} ${name}`;
  const specNode = e.take('spec');
  const spec =
    specNode === undefined
      ? undefined
      : MeshEntity.of(
          specNode,
          ['spec'],
          doc.r,
          gatewayApi ? 'Kubernetes' : 'Istio',
          `${kind} spec`,
          reader.fields,
        );
  if (specNode !== undefined && spec === undefined) return;
  mesh.products.add('Istio');
  mesh.claimProfile('istio', where);
  reader.read({ spec, source, name, namespace, at: where, mesh, ctx });
  e.finish({ status: 'the status is written by the cluster' });
}

/** The resource's name and namespace; `metadata` fields other than these are warnings. */
function readMetadata(e: MeshEntity): { name?: string; namespace: string } {
  const m = e.child('metadata', 'metadata');
  if (m === undefined) return { namespace: 'default' };
  const name = m.str('name');
  // meshsim has one namespace: a resource's namespace only finds the gateways it names.
  const namespace = m.str('namespace') ?? 'default';
  const notes: Record<string, string> = { ...METADATA_NOTES };
  for (const k of WRITTEN_BY_KUBERNETES) notes[k] = 'written by Kubernetes';
  m.finish(notes);
  return { name, namespace };
}
