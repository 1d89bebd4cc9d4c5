/**
 * Linkerd's resources onto the scenario's `mesh` section, with `profile: linkerd` and `enabled:
 * true`. A bundle is Linkerd's when one of its documents is (linkerd-detect.ts); then every
 * document with an `apiVersion` is read here, applied in order as `kubectl apply` does: Gateway API
 * HTTPRoutes as the Istio importer reads them (k8s-httproute.ts), Deployments, Services and
 * ServiceAccounts as it does (k8s-*.ts). docs/import-linkerd.md lists every field; in short:
 *
 * | Linkerd                                              | meshsim                                          |
 * | ---------------------------------------------------- | ------------------------------------------------ |
 * | ServiceProfile `web-svc.emojivoto.svc.cluster.local` | the service `web-svc`: its routes' retries and timeouts, its budget (linkerd-profile.ts) |
 * | HTTPRoute (policy.linkerd.io, gateway.networking.k8s.io) on a Service | its `split`, `timeout`, `routes`   |
 * | retry.linkerd.io and timeout.linkerd.io annotations  | `retries`, `timeout` (linkerd-annotations.ts)    |
 * | Server, AuthorizationPolicy, MeshTLSAuthentication, NetworkAuthentication, ServerAuthorization | `authorization` rules (linkerd-authz.ts) |
 * | SMI TrafficSplit                                     | the apex service's `split` (linkerd-split.ts)    |
 * | Deployment, Service, ServiceAccount                  | services' instances and identities               |
 *
 * Every field without a meshsim counterpart is a warning naming it, at its line and column; other
 * kinds are warnings and are left out.
 */
import { warnAt } from './config-entity';
import type { IstioContext, IstioResource, MeshDoc } from './istio';
import { appliedInOrder } from './istio-apply';
import { EdgeCollector } from './istio-edge';
import { HTTPROUTE_FIELDS, readHttpRoute } from './k8s-httproute';
import { KubeInventory } from './k8s-inventory';
import { placeWorkloads } from './k8s-placement';
import { RESOURCE_FIELDS, WRITTEN_BY_KUBERNETES } from './k8s-resource';
import { CORE_KINDS, readKubeResource, WORKLOAD_KINDS } from './k8s-workloads';
import {
  applyAnnotations,
  proxyAnnotations,
  readAnnotations,
  type AnnotatedSettings,
} from './linkerd-annotations';
import {
  AUTHZ_POLICY_FIELDS,
  LinkerdAuthorization,
  MESH_TLS_FIELDS,
  NETWORK_FIELDS,
  SERVER_AUTHZ_FIELDS,
  SERVER_FIELDS,
} from './linkerd-authz';
import { groupOf, isLinkerdDocument, SMI_SPLIT_GROUP } from './linkerd-detect';
import { PROFILE_FIELDS, readServiceProfile } from './linkerd-profile';
import { readServerRoute, serverParent } from './linkerd-server-route';
import { readTrafficSplit, SPLIT_FIELDS } from './linkerd-split';
import { EVERY_SERVICE, hostService, meshId, type MeshConfig } from './mesh-config';
import type { LMap } from '../positions';
import { apiVersionAndKind, MeshEntity } from './mesh-entity';

/** Which documents and bundles are Linkerd's (linkerd-detect.ts). */
export { isLinkerdBundle, isLinkerdDocument, isLinkerdResource } from './linkerd-detect';

/** What Linkerd's readers share across documents. */
interface LinkerdState {
  readonly ctx: IstioContext;
  readonly authz: LinkerdAuthorization;
  readonly annotations: AnnotatedSettings[];
  /** Services with a ServiceProfile, and which. */
  readonly profiled: Map<string, string>;
  /** HTTPRoutes, read after the other documents. */
  readonly routes: (() => void)[];
}

/** The Gateway API group, whose HTTPRoutes Linkerd reads when their parent is a Service. */
const GATEWAY_API = 'gateway.networking.k8s.io';
/** Linkerd kinds known and left out, saying why. */
const OTHER_KINDS: Readonly<Record<string, string>> = {
  HTTPLocalRateLimitPolicy:
    "inbound rate limits are not simulated in the mesh; put a limiter on the scenario's gateway",
  EgressNetwork: 'calls leaving the cluster are calls to a service of the scenario document',
  ExternalWorkload: "a service's instances are its `instances` in the scenario document",
  Link: 'multicluster links are not simulated: one cluster',
  GRPCRoute: 'gRPC is not simulated: calls are HTTP',
  Gateway:
    "Linkerd runs no ingress of its own: meshsim's gateway comes from the scenario document or a gateway's config",
  HTTPRouteGroup: 'SMI route groups are read only through a TrafficSplit, which warns about them',
};

/** Reads every document with an `apiVersion` of a Linkerd bundle into `mesh`; problems go to each document's reporter. */
export function readLinkerd(docs: readonly MeshDoc[], mesh: MeshConfig): void {
  if (docs.length === 0) return;
  const first = docs.find((d) => isLinkerdDocument(d.root)) ?? docs[0];
  mesh.products.add('Linkerd');
  mesh.claimProfile('linkerd', { r: first.r, pos: first.root.pos, path: [] });
  const state: LinkerdState = {
    ctx: {
      declared: new Map(),
      routed: [],
      routedHosts: new Map(),
      subsetLabels: new Map(),
      kube: new KubeInventory(),
      edge: new EdgeCollector(),
      namespaceMtls: [],
      backendRequestTimeouts: true,
    },
    authz: new LinkerdAuthorization(),
    annotations: [],
    profiled: new Map(),
    routes: [],
  };
  for (const { doc } of appliedInOrder(docs)) readResource(doc, mesh, state);
  for (const read of state.routes) read();
  const { kube } = state.ctx;
  if (kube.first !== undefined)
    mesh.kube = placeWorkloads(
      kube,
      kube.first,
      state.ctx.subsetLabels,
      new Set(state.ctx.routedHosts.keys()),
      mesh,
    );
  applyAnnotations(state.annotations, state.profiled, mesh);
  state.authz.apply(mesh);
}

function readResource(doc: MeshDoc, mesh: MeshConfig, state: LinkerdState): void {
  const e = new MeshEntity(doc.root, [], doc.r, 'Linkerd', 'resource', RESOURCE_FIELDS);
  const head = apiVersionAndKind(
    e,
    doc.root,
    doc.r,
    'ServiceProfile, HTTPRoute, Server, AuthorizationPolicy or TrafficSplit',
  );
  if (head === undefined) return;
  const { apiVersion, kind } = head;
  const group = groupOf(apiVersion);
  const where = e.at('kind');
  if ((group === '' && CORE_KINDS.includes(kind)) || (group === 'apps' && WORKLOAD_KINDS.includes(kind))) {
    if (kind === 'Service') {
      const name = e.child('metadata', 'metadata')?.str('name');
      const a =
        name === undefined
          ? undefined
          : readAnnotations(doc.root, doc.r, [hostService(name)], 'service', `Service ${name}`);
      if (a !== undefined) state.annotations.push(a);
    }
    if (kind !== 'Service') readAnnotations(doc.root, doc.r, [], 'service', `a ${kind}`);
    const policy = proxyAnnotations(doc.root, doc.r);
    if (policy !== undefined) {
      const app = appOf(doc.root);
      if (app === undefined)
        warnAt(
          policy.at,
          "meshsim finds a workload's service by its pods' app label, and there is none; left out",
        );
      else state.authz.defaultPolicy(app, policy.value, policy.at);
    }
    readKubeResource(doc.root, doc.r, kind, state.ctx.kube);
    return;
  }
  if (group === '' && kind === 'Namespace') {
    const policy = proxyAnnotations(doc.root, doc.r);
    if (policy !== undefined) state.authz.defaultPolicy(EVERY_SERVICE, policy.value, policy.at);
    readAnnotations(doc.root, doc.r, [], 'service', 'a Namespace');
    e.use('apiVersion');
    readMetadata(e);
    e.finish({
      spec: 'a namespace spec only lists finalizers',
      status: 'the status is written by the cluster',
    });
    return;
  }
  const known =
    group === 'linkerd.io' ||
    group === 'policy.linkerd.io' ||
    group === SMI_SPLIT_GROUP ||
    group === GATEWAY_API;
  if (!known || Object.hasOwn(OTHER_KINDS, kind)) {
    const why = Object.hasOwn(OTHER_KINDS, kind) ? `: ${OTHER_KINDS[kind]}` : '';
    warnAt(
      where,
      `${group === '' ? 'Kubernetes' : group} ${kind} is not read in a Linkerd bundle; left out${why}`,
    );
    return;
  }
  const fields = FIELDS[`${group === GATEWAY_API ? 'policy.linkerd.io' : group} ${kind}`];
  if (fields === undefined) {
    warnAt(
      where,
      `${group} ${kind} is not modelled; left out`,
      `the kinds read are ${Object.keys(FIELDS)
        .map((k) => k.split(' ')[1])
        .join(', ')}`,
    );
    return;
  }
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  if (!VERSIONS[group].includes(version))
    warnAt(e.at('apiVersion'), `unknown version "${version}" of ${group}; read as ${VERSIONS[group][0]}`);
  const { name, namespace } = readMetadata(e);
  const source = name === undefined ? kind : `${kind} ${name}`;
  const specNode = e.take('spec');
  const spec =
    specNode === undefined
      ? undefined
      : MeshEntity.of(specNode, ['spec'], doc.r, 'Linkerd', `${kind} spec`, fields);
  if (specNode !== undefined && spec === undefined) return;
  e.finish({ status: 'the status is written by the cluster' });
  const at = where;
  // Retry and timeout annotations belong to HTTPRoutes and Services; elsewhere they are warned.
  if (kind !== 'HTTPRoute') readAnnotations(doc.root, doc.r, [], 'route', `a ${kind}`);
  if (kind === 'ServiceProfile') {
    const service = readServiceProfile({ spec, name, source, at, mesh });
    if (service !== undefined && !state.profiled.has(service)) state.profiled.set(service, source);
  } else if (kind === 'TrafficSplit') readTrafficSplit({ spec, source, at, mesh });
  // Read once every ServiceProfile is known: one for the route's Service wins over the route.
  else if (kind === 'HTTPRoute')
    state.routes.push(() =>
      readRoute(doc, { spec, source, name, namespace, at, mesh, ctx: state.ctx }, state),
    );
  else if (spec === undefined) warnAt(at, `${source} has no spec; left out`);
  else if (kind === 'Server') state.authz.server(spec, name ?? 'server', namespace, at);
  else if (kind === 'AuthorizationPolicy') state.authz.policy(spec, namespace, at);
  else if (kind === 'MeshTLSAuthentication') state.authz.meshTls(spec, name ?? '', namespace, at);
  else if (kind === 'NetworkAuthentication') state.authz.network(spec, name ?? '', namespace, at);
  else if (kind === 'ServerAuthorization') state.authz.serverAuthorization(spec, namespace, at);
}

/** The versions of each group read, latest first. */
const VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'linkerd.io': ['v1alpha2', 'v1alpha1'],
  'policy.linkerd.io': ['v1beta3', 'v1beta2', 'v1beta1', 'v1alpha1'],
  [SMI_SPLIT_GROUP]: ['v1alpha4', 'v1alpha3', 'v1alpha2', 'v1alpha1'],
  [GATEWAY_API]: ['v1', 'v1beta1', 'v1alpha2'],
};

/** Fields of each kind's spec, by `group kind` (Gateway API HTTPRoutes share Linkerd's). */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  'linkerd.io ServiceProfile': PROFILE_FIELDS,
  'policy.linkerd.io HTTPRoute': HTTPROUTE_FIELDS,
  'policy.linkerd.io Server': SERVER_FIELDS,
  'policy.linkerd.io AuthorizationPolicy': AUTHZ_POLICY_FIELDS,
  'policy.linkerd.io MeshTLSAuthentication': MESH_TLS_FIELDS,
  'policy.linkerd.io NetworkAuthentication': NETWORK_FIELDS,
  'policy.linkerd.io ServerAuthorization': SERVER_AUTHZ_FIELDS,
  [`${SMI_SPLIT_GROUP} TrafficSplit`]: SPLIT_FIELDS,
};

/**
 * An HTTPRoute: one whose parent is a Server only narrows the policies that target it (inbound);
 * one whose parent is a Service routes and times the calls into it (outbound), with its annotations.
 */
function readRoute(doc: MeshDoc, res: IstioResource, state: LinkerdState): void {
  const server = serverParent(res.spec, res.namespace);
  if (server !== undefined) {
    readServerRoute(res, server, state.authz);
    return;
  }
  const services = parentServices(res.spec);
  const profiled = services.filter((id) => state.profiled.has(id));
  if (profiled.length > 0) {
    warnAt(
      res.at,
      `${state.profiled.get(profiled[0])} is defined for ${profiled.join(', ')}, and Linkerd's proxies then take it rather than ${res.source}; left out`,
    );
    return;
  }
  const bound = state.ctx.edge.bound.length;
  readHttpRoute(res);
  // Linkerd routes the calls into Services; a Gateway's routes are its ingress controller's.
  for (const b of state.ctx.edge.bound.splice(bound))
    warnAt(
      b.at,
      `${b.source} is bound to a Gateway (${b.gateways.join(', ')}): Linkerd runs no ingress of its own, so its rules for the Gateway are left out; meshsim's gateway comes from the scenario document or a gateway's config`,
    );
  const a = readAnnotations(doc.root, doc.r, services, 'route', res.source);
  if (a !== undefined) state.annotations.push(a);
}

/** The Services an HTTPRoute's parentRefs name, as meshsim ids (read again by its reader). */
function parentServices(spec: MeshEntity | undefined): string[] {
  const refs = spec?.node.entries.get('parentRefs')?.value;
  if (refs?.kind !== 'seq') return [];
  const out: string[] = [];
  for (const item of refs.items) {
    if (item.kind !== 'map') continue;
    const kind = item.entries.get('kind')?.value;
    const name = item.entries.get('name')?.value;
    if (
      kind?.kind === 'scalar' &&
      kind.value === 'Service' &&
      name?.kind === 'scalar' &&
      typeof name.value === 'string'
    )
      out.push(hostService(name.value));
  }
  return out;
}

/** The keys of a metadata's annotations. */
function annotationKeys(m: MeshEntity): string[] {
  const node = m.node.entries.get('annotations')?.value;
  return node?.kind === 'map' ? [...node.entries.keys()] : [];
}

/** The `app` label of a workload's pods (its template's, or a Pod's own), as a meshsim id. */
function appOf(root: LMap): string | undefined {
  const spec = root.entries.get('spec')?.value;
  const template = spec?.kind === 'map' ? spec.entries.get('template')?.value : undefined;
  const holder = template?.kind === 'map' ? template : root;
  const meta = holder.entries.get('metadata')?.value;
  const labels = meta?.kind === 'map' ? meta.entries.get('labels')?.value : undefined;
  const app =
    labels?.kind === 'map'
      ? (labels.entries.get('app') ?? labels.entries.get('app.kubernetes.io/name'))?.value
      : undefined;
  return app?.kind === 'scalar' && app.value !== null ? meshId(String(app.value)) : undefined;
}

/** The resource's name and namespace; annotations are read by their readers, labels only label. */
function readMetadata(e: MeshEntity): { name?: string; namespace: string } {
  const m = e.child('metadata', 'metadata');
  if (m === undefined) return { namespace: 'default' };
  const name = m.str('name');
  const namespace = m.str('namespace') ?? 'default';
  m.use('annotations');
  // Linkerd's own annotations are read by the kinds they belong to; kubectl's record the last apply.
  const others = annotationKeys(m).filter(
    (k) => !/(^|\.)linkerd\.io\//.test(k) && !k.startsWith('kubectl.kubernetes.io/'),
  );
  if (others.length > 0)
    warnAt(
      m.at('annotations'),
      `annotations other than Linkerd's only annotate the resource: ${others.join(', ')}`,
    );
  const notes: Record<string, string> = { labels: 'labels only label the resource' };
  for (const k of WRITTEN_BY_KUBERNETES) notes[k] = 'written by Kubernetes';
  m.finish(notes);
  return { name, namespace };
}
