/**
 * Reading Kubernetes documents into the {@link KubeInventory}: workloads (Deployment, StatefulSet,
 * ReplicaSet, DaemonSet, Pod), Services and ServiceAccounts, as Bookinfo's
 * `platform/kube/bookinfo.yaml` writes them.
 *
 * | Kubernetes                                   | meshsim                                                   |
 * | -------------------------------------------- | --------------------------------------------------------- |
 * | Deployment `replicas` (default 1)            | the instances of the service its pods make                |
 * | pod template `labels` (`app`, `version`)     | which Service and subset the pods serve (k8s-placement)   |
 * | pod `serviceAccountName` (default `default`) | the identity AuthorizationPolicy principals name          |
 * | Service `metadata.name`, `spec.selector`     | the host callers name, and its pods                       |
 * | ServiceAccount                               | an identity, even one no workload runs under              |
 *
 * What only runs the pods (containers, images, volumes, probes, resources, the rollout strategy)
 * changes no simulated figure and is read without a warning; docs/import-istio.md lists it.
 */
import type { Reporter } from '../diagnostics';
import type { LMap } from '../positions';
import { warnAt } from './config-entity';
import { accountKey, type KubeInventory } from './k8s-inventory';
import { MeshEntity } from './mesh-entity';
import { RESOURCE_FIELDS, WRITTEN_BY_KUBERNETES } from './k8s-resource';

/** Kinds of the `apps` group (and core `Pod`) whose pods serve calls. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Pod'];
/** Core kinds read here. */
export const CORE_KINDS = ['Service', 'ServiceAccount', 'Pod'];

const METADATA_FIELDS = ['name', 'namespace', 'labels', 'annotations'];
/** Fields of a workload's spec that only run or roll out its pods. */
const ROLLOUT_FIELDS = [
  'strategy',
  'updateStrategy',
  'revisionHistoryLimit',
  'minReadySeconds',
  'progressDeadlineSeconds',
  'paused',
  'serviceName',
  'podManagementPolicy',
  'volumeClaimTemplates',
  'persistentVolumeClaimRetentionPolicy',
  'ordinals',
];
const REPLICAS = { min: 0, max: 2 ** 31 - 1 };

/** A Kubernetes document being read, with what its readers share. */
interface KubeDoc {
  readonly root: LMap;
  readonly r: Reporter;
  readonly kind: string;
  readonly kube: KubeInventory;
}

/** Reads one Kubernetes workload, Service or ServiceAccount document into `kube`. */
export function readKubeResource(root: LMap, r: Reporter, kind: string, kube: KubeInventory): void {
  const doc: KubeDoc = { root, r, kind, kube };
  const e = new MeshEntity(root, [], r, 'Kubernetes', 'resource', RESOURCE_FIELDS);
  e.use('apiVersion');
  e.use('kind');
  kube.first ??= e.at();
  const meta = metadata(e, kind);
  if (meta === undefined) return;
  if (kind === 'ServiceAccount') {
    kube.accounts.set(accountKey(meta.namespace, meta.name), e.at());
    // automountServiceAccountToken, secrets, imagePullSecrets: credentials of the pods, not traffic.
    for (const k of e.node.entries.keys()) e.use(k);
  } else if (kind === 'Service') readService(e, meta, doc);
  else readWorkload(e, meta, doc);
  e.finish({ status: 'the status is written by the cluster' });
}

interface Meta {
  readonly name: string;
  readonly namespace: string;
  readonly source: string;
}

/** The resource's name and namespace (`default` when absent, as `kubectl apply` puts it). */
function metadata(e: MeshEntity, kind: string): Meta | undefined {
  const m = e.child('metadata', 'metadata', METADATA_FIELDS);
  const name = m?.str('name');
  const namespace = m?.str('namespace') ?? 'default';
  // Labels and annotations of the resource itself label it; the pods' own labels are the template's.
  m?.use('labels');
  m?.use('annotations');
  const notes: Record<string, string> = {};
  for (const k of WRITTEN_BY_KUBERNETES) notes[k] = 'written by Kubernetes';
  m?.finish(notes);
  if (name === undefined) {
    warnAt(e.at('metadata'), `a Kubernetes ${kind} needs metadata.name (Kubernetes refuses it); left out`);
    return undefined;
  }
  return { name, namespace, source: `${kind} ${name}` };
}

/** A Service: its name is the host, its selector picks the pods. */
function readService(e: MeshEntity, meta: Meta, doc: KubeDoc): void {
  const spec = e.child('spec', 'Service spec');
  const selector = spec?.labels('selector');
  if (spec !== undefined) {
    const type = spec.str('type');
    if (type === 'ExternalName')
      warnAt(
        spec.at('type'),
        `${meta.source} names a host outside the cluster; its calls go to a stub service`,
      );
    // Ports, cluster IPs, session affinity, traffic policies of node ports: a service has one port,
    // and callers reach every pod alike.
    for (const k of spec.node.entries.keys()) if (k !== 'selector') spec.use(k);
    spec.finish();
  }
  if (selector === undefined)
    warnAt(
      spec?.at('selector') ?? e.at(),
      `${meta.source} has no selector, so its endpoints are written by hand and meshsim knows none of its pods; its host is a stub service`,
    );
  doc.kube.services.push({
    name: meta.name,
    namespace: meta.namespace,
    ...(selector !== undefined ? { selector } : {}),
    at: e.at(),
  });
}

/** A workload: pods alike, `replicas` of them (one for a Pod; a DaemonSet runs one per node). */
function readWorkload(e: MeshEntity, meta: Meta, doc: KubeDoc): void {
  const spec = e.child('spec', `${doc.kind} spec`);
  let replicas = 1;
  let labels: Record<string, string> = {};
  let account: string | undefined;
  if (doc.kind === 'Pod') {
    labels = labelsOf(doc.root) ?? {};
    account = spec === undefined ? undefined : podAccount(spec);
  } else if (spec !== undefined) {
    if (doc.kind === 'DaemonSet')
      warnAt(
        e.at(),
        `a DaemonSet runs one pod on each node, and the bundle does not say how many nodes there are: ${meta.source} is read as 1 instance`,
      );
    else replicas = spec.int('replicas', REPLICAS) ?? 1;
    spec.use('selector');
    for (const k of ROLLOUT_FIELDS) spec.use(k);
    const template = spec.child('template', 'pod template', ['metadata', 'spec']);
    if (template !== undefined) {
      const tm = template.child('metadata', 'pod template metadata');
      labels = tm?.labels('labels') ?? {};
      if (tm !== undefined) for (const k of tm.node.entries.keys()) tm.use(k);
      tm?.finish();
      const podSpec = template.child('spec', 'pod spec');
      account = podSpec === undefined ? undefined : podAccount(podSpec);
      template.finish();
    } else if (!spec.has('template'))
      warnAt(
        spec.at(),
        `${meta.source} has no pod template (Kubernetes refuses it); its pods have no labels`,
      );
    spec.finish();
  }
  if (replicas === 0)
    warnAt(
      e.at('spec'),
      `${meta.source} is scaled to 0 replicas: calls routed only to its pods find no endpoint (Istio answers 503)`,
    );
  doc.kube.workloads.push({
    source: meta.source,
    name: meta.name,
    namespace: meta.namespace,
    labels,
    replicas,
    account: account ?? 'default',
    at: e.at(),
  });
}

/** `serviceAccountName` (or its old name `serviceAccount`); the other pod fields only run it. */
function podAccount(pod: MeshEntity): string | undefined {
  const name = pod.str('serviceAccountName');
  const old = pod.str('serviceAccount');
  for (const k of pod.node.entries.keys()) pod.use(k);
  pod.finish();
  return name ?? old;
}

/** A Pod's own `metadata.labels`, read without marking (metadata is read as every resource's). */
function labelsOf(root: LMap): Record<string, string> | undefined {
  const m = root.entries.get('metadata')?.value;
  const l = m?.kind === 'map' ? m.entries.get('labels')?.value : undefined;
  if (l?.kind !== 'map') return undefined;
  const out: Record<string, string> = {};
  for (const [k, e] of l.entries)
    if (e.value.kind === 'scalar' && e.value.value !== null)
      Object.defineProperty(out, k, { value: String(e.value.value), enumerable: true });
  return out;
}
