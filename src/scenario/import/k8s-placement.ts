/**
 * Kubernetes workloads placed onto meshsim services, once every document of a bundle is read.
 *
 * 1. A workload's pods serve every Service (same namespace) whose selector matches their labels,
 *    and belong to the most specific one; with none, to the host named by their `app` label, else
 *    by the workload's name.
 * 2. Within a host, the pods belong to the first DestinationRule subset whose labels they carry
 *    (subset `v1` of `reviews` is the meshsim service `reviews-v1`); else, when the host's pods
 *    carry two or more `version` labels or the config names subsets of it, to the subset named by
 *    their `version` label; else to the host's own service.
 * 3. Each service gets the replicas of its workloads as instances, and the host all of its pods'.
 * 4. A host whose pods belong to other services (its subsets, or more specific Services), and that
 *    no route names, splits its calls over them by replicas: Envoy balances a Service's calls over
 *    all its pods alike.
 * 5. Each service records its pods' service accounts: the identities principals name.
 */
import { warnAt, type Where } from './config-entity';
import { accountKey, selects, type KubeInventory, type Labels, type Workload } from './k8s-inventory';
import { hostService, meshId, type MeshConfig } from './mesh-config';

/** What the pods behind one meshsim service are. */
export interface PlacedService {
  /** Pods: the replicas of its workloads. */
  instances: number;
  /** Their service accounts, `namespace/name`. */
  readonly accounts: Set<string>;
  /** `Deployment reviews-v1`, ... */
  readonly sources: string[];
  readonly at: Where;
  /** A broader host whose Service also picks these pods (`reviews` for `reviews-v1`), if any. */
  parent?: string;
}

/** The placement: services with their pods, and the service accounts the documents declare. */
export class KubePlacement {
  constructor(
    /** The first Kubernetes document, for messages about them all. */
    readonly at: Where,
  ) {}

  readonly services = new Map<string, PlacedService>();
  /** Service accounts declared by a ServiceAccount or run by a workload, `namespace/name`. */
  readonly accounts = new Set<string>();

  /** The services whose pods run as `namespace/name` (a host with its subsets' services). */
  servicesOf(account: string): string[] {
    return [...this.services].filter(([, s]) => s.accounts.has(account)).map(([id]) => id);
  }

  /** The services whose pods run as `name` in any namespace. */
  servicesOfName(name: string): string[] {
    return [...this.services]
      .filter(([, s]) => [...s.accounts].some((a) => a.slice(a.indexOf('/') + 1) === name))
      .map(([id]) => id);
  }
}

/** Subset labels declared by DestinationRules: host id to subset name to labels. */
export type SubsetLabels = ReadonlyMap<string, ReadonlyMap<string, Labels | undefined>>;

/**
 * Places the workloads of `kube` (see the module comment); `at` is its first document, `routedHosts`
 * the hosts VirtualServices route.
 */
export function placeWorkloads(
  kube: KubeInventory,
  at: Where,
  subsetLabels: SubsetLabels,
  routedHosts: ReadonlySet<string>,
  mesh: MeshConfig,
): KubePlacement {
  const placement = new KubePlacement(at);
  for (const a of kube.accounts.keys()) placement.accounts.add(a);
  const hostsOf = new Map<Workload, string[]>();
  const byPrimary = new Map<string, Workload[]>();
  for (const w of kube.workloads) {
    const hosts = hostsOfWorkload(w, kube);
    hostsOf.set(w, hosts);
    let list = byPrimary.get(hosts[0]);
    if (list === undefined) byPrimary.set(hosts[0], (list = []));
    list.push(w);
    placement.accounts.add(accountKey(w.namespace, w.account));
  }
  // Each host's pods, by the service they make: the default split of a host no route names.
  const members = new Map<string, Map<string, { weight: number; at: Where }>>();
  for (const [primary, workloads] of byPrimary) {
    const versions = new Set(workloads.map((w) => w.labels.version).filter((v) => v !== undefined));
    const bySubsets = versions.size >= 2 || mesh.subsets.has(primary);
    for (const w of workloads) {
      const id = serviceOf(w, primary, subsetLabels.get(primary), bySubsets, mesh);
      add(placement, id, w);
      mesh.refer(id, w.at);
      for (const host of hostsOf.get(w) ?? []) {
        if (host !== id) {
          add(placement, host, w);
          mesh.refer(host, w.at);
          const own = placement.services.get(id);
          if (own !== undefined && mesh.hostOf(id) === undefined) own.parent = host;
        }
        let byId = members.get(host);
        if (byId === undefined) members.set(host, (byId = new Map()));
        const entry = byId.get(id) ?? { weight: 0, at: w.at };
        entry.weight += w.replicas;
        byId.set(id, entry);
      }
    }
  }
  for (const [host, byId] of members) {
    const entries = [...byId].filter(([, e]) => e.weight > 0);
    if (routedHosts.has(host) || entries.length === 0 || entries.every(([id]) => id === host)) continue;
    mesh.setRoute(
      host,
      {
        leaf: 'split',
        value: entries.map(([service, e]) => ({ service, weight: e.weight })),
        at: entries[0][1].at,
      },
      `Service ${host}`,
    );
  }
  for (const s of kube.services) mesh.refer(hostService(s.name), s.at);
  return placement;
}

/**
 * The hosts whose calls `w`'s pods serve: the Services (same namespace) whose selectors pick them,
 * the most specific first (Bookinfo's `reviews-v1` before `reviews`), which names the pods'
 * own service; with none, the host of their `app` label, else of the workload's name.
 */
function hostsOfWorkload(w: Workload, kube: KubeInventory): string[] {
  const hosts = kube.services
    .filter((s) => s.namespace === w.namespace && s.selector !== undefined && selects(s.selector, w.labels))
    .sort((a, b) => Object.keys(b.selector ?? {}).length - Object.keys(a.selector ?? {}).length);
  if (hosts.length > 0) return [...new Set(hosts.map((s) => hostService(s.name)))];
  return [meshId(w.labels.app ?? w.name)];
}

/** The meshsim service of `w`'s pods within `host` (rule 2 of the module comment). */
function serviceOf(
  w: Workload,
  host: string,
  subsets: ReadonlyMap<string, Labels | undefined> | undefined,
  bySubsets: boolean,
  mesh: MeshConfig,
): string {
  for (const [name, labels] of subsets ?? [])
    if (labels !== undefined && Object.keys(labels).length > 0 && selects(labels, w.labels))
      return mesh.addSubset(host, name);
  const version = w.labels.version;
  if (bySubsets && version !== undefined) return mesh.addSubset(host, version);
  return host;
}

function add(placement: KubePlacement, id: string, w: Workload): void {
  let s = placement.services.get(id);
  if (s === undefined)
    placement.services.set(id, (s = { instances: 0, accounts: new Set(), sources: [], at: w.at }));
  s.instances += w.replicas;
  s.accounts.add(accountKey(w.namespace, w.account));
  s.sources.push(w.source);
}

/**
 * Kubernetes documents with neither Istio nor Consul config: the workloads of an Istio mesh that
 * has no config of its own yet (sidecars injected, PERMISSIVE mTLS, every Service balanced over all
 * its pods), as Bookinfo runs after `kubectl apply -f platform/kube/bookinfo.yaml`.
 */
export function adoptPlatform(mesh: MeshConfig): void {
  if (mesh.products.size > 0 || mesh.kube === undefined) return;
  mesh.products.add('Istio');
  mesh.claimProfile('istio', mesh.kube.at);
  warnAt(
    mesh.kube.at,
    'Kubernetes documents without Istio or Consul config: read as the workloads of an Istio mesh with no config yet (sidecars injected, mTLS PERMISSIVE, each Service balanced over all its pods)',
  );
}
