/**
 * What Istio resources and Consul config entries say about the mesh, collected with the place each
 * setting was written, before the scenario it lands in is known. Settings come in two kinds:
 *
 * - route settings (`timeout`, `retries`, `fault`, `split`, `mirror`) belong to the service callers
 *   name, the VirtualService host or the Consul router's service; since a call takes the policy of
 *   the service a split sends it to, the host's timeout, retries and fault go to those too;
 * - destination settings (`loadBalancer`, `panicThreshold`, `connectTimeout`, `connectionPool`,
 *   `outlierDetection`) belong to a service and to each of its subsets' services, since Envoy makes
 *   every subset a cluster of its own with the host's policy; a subset's own setting of a group (an
 *   Istio subset's `trafficPolicy.connectionPool`, say) replaces the host's whole group, as in Istio.
 *
 * meshsim has no subsets: subset `v2` of host `reviews` is the service `reviews-v2`. Two resources
 * that set one field of one service differently: the first wins and the second is a warning.
 */
import { warnAt, type Where } from './config-entity';
import type { RawMeshPolicy } from './types';

/** The mesh products whose config is imported. */
export type ImportedProfile = 'istio' | 'consul';

/** The service an authorization rule with no selector protects: every service of the scenario. */
export const EVERY_SERVICE = Symbol('every service');

/** An authorization rule as read, before `service` and `from` are expanded to subsets' services. */
export interface ImportedRule {
  readonly service: string | typeof EVERY_SERVICE;
  readonly action: 'ALLOW' | 'DENY';
  readonly from?: readonly string[];
  readonly paths?: readonly string[];
  readonly methods?: readonly string[];
  readonly at: Where;
}

/** Settings a caller's config gives its calls into other services (Consul's UpstreamConfig). */
export interface UpstreamSettings {
  readonly caller: string;
  /** The callee; absent: every service `caller` calls in the scenario (UpstreamConfig.Defaults). */
  readonly callee?: string;
  readonly settings: readonly PolicySetting[];
  readonly at: Where;
  readonly source: string;
}

/** One policy leaf: `timeout`, or a field of a group (`connectionPool.maxConnections`). */
export interface PolicySetting {
  readonly leaf: string;
  readonly value: unknown;
  readonly at: Where;
}

interface Stored {
  readonly value: unknown;
  readonly at: Where;
  /** Which resource set it, for the conflict warning (`DestinationRule reviews`). */
  readonly source: string;
}

type Leaves = Map<string, Stored>;

/** Policy fields in the order the file format lists them, with their sub-fields. */
const POLICY_ORDER: readonly string[] = [
  'loadBalancer',
  'panicThreshold',
  'timeout',
  'connectTimeout',
  'retries',
  'connectionPool',
  'outlierDetection',
  'fault',
  'split',
  'mirror',
  'failover',
];
const SUB_ORDER: Readonly<Record<string, readonly string[]>> = {
  retries: ['attempts', 'perTryTimeout', 'retryOn', 'backoff', 'otherHost'],
  connectionPool: ['maxConnections', 'maxPendingRequests', 'maxRequests', 'maxRetries'],
  outlierDetection: [
    'consecutive5xxErrors',
    'consecutiveGatewayErrors',
    'interval',
    'baseEjectionTime',
    'maxEjectionPercent',
  ],
  fault: ['delay', 'abort'],
};
/** Which group of a subset's own trafficPolicy replaces a leaf of the host's. */
const GROUP: Readonly<Record<string, string>> = {
  connectTimeout: 'connectionPool',
  panicThreshold: 'outlierDetection',
};

/** The service id of subset `subset` of `service`. */
export function subsetService(service: string, subset: string): string {
  return meshId(`${service}-${subset}`);
}

/** A host's short name as a meshsim id: `reviews.default.svc.cluster.local` -> `reviews`. */
export function hostService(host: string): string {
  return meshId(host.split('.')[0]);
}

/** `text` as a meshsim id: characters other than letters, digits, `_ . -` become `-`. */
export function meshId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return id === '' ? 'service' : id;
}

/** Everything read from the mesh documents of a bundle. */
export class MeshConfig {
  /** The first product seen, and where. */
  profile?: { readonly name: ImportedProfile; readonly at: Where };
  mtls?: { readonly mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE'; readonly at: Where; readonly source: string };
  readonly rules: ImportedRule[] = [];
  readonly upstream: UpstreamSettings[] = [];
  /** Service ids the config names as callees or rule targets, with the first place each is named. */
  readonly refs = new Map<string, Where>();
  /** Subset names by service id, declared (DestinationRule, service-resolver) or routed to. */
  readonly subsets = new Map<string, Set<string>>();
  /** What each product contributed, for the scenario's description. */
  readonly products = new Set<'Istio' | 'Consul'>();
  private mixed = false;
  private readonly route = new Map<string, Leaves>();
  private readonly destination = new Map<string, Leaves>();
  private readonly subsetOwn = new Map<string, Leaves>();

  /** Sets the profile from the first product seen; a second product is one warning. */
  claimProfile(name: ImportedProfile, at: Where): void {
    if (this.profile === undefined) this.profile = { name, at };
    else if (this.profile.name !== name && !this.mixed) {
      this.mixed = true;
      warnAt(
        at,
        `Istio and Consul config in one bundle: the mesh takes profile ${this.profile.name}, of the first (${place(this.profile.at)}); both set its policies`,
      );
    }
  }

  /** Records that `id` is named at `at` (a stub is made for it if the scenario lacks it). */
  refer(id: string, at: Where): void {
    if (!this.refs.has(id)) this.refs.set(id, at);
  }

  /** Records subset `name` of `service`; returns the subset's service id. */
  addSubset(service: string, name: string): string {
    let names = this.subsets.get(service);
    if (names === undefined) this.subsets.set(service, (names = new Set()));
    names.add(name);
    return subsetService(service, name);
  }

  /** A route setting of `service` (see the module comment). */
  setRoute(service: string, s: PolicySetting, source: string): void {
    this.refer(service, s.at);
    put(this.route, service, s, source, 'service');
  }

  /** A destination setting of `service` and its subsets' services. */
  setDestination(service: string, s: PolicySetting, source: string): void {
    this.refer(service, s.at);
    put(this.destination, service, s, source, 'service');
  }

  /** A subset's own destination setting: it replaces the host's whole group for that subset. */
  setSubset(service: string, subset: string, s: PolicySetting, source: string): void {
    put(this.subsetOwn, this.addSubset(service, subset), s, source, 'subset');
  }

  /** Sets the first mTLS mode; a different later one is a warning. */
  setMtls(mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE', at: Where, source: string): void {
    if (this.mtls === undefined) this.mtls = { mode, at, source };
    else if (this.mtls.mode !== mode)
      warnAt(
        at,
        `meshsim has one mTLS mode for the whole mesh: ${this.mtls.mode} from ${this.mtls.source} (${place(this.mtls.at)}) is kept; ${mode} is left out`,
      );
  }

  /**
   * The policies of the services in `services` (the scenario's, stubs included), in the order the
   * config named them, each followed by its subsets' services. `calls` gives each service's
   * callees, for the upstream settings of callers, which this applies: call it once.
   */
  policies(
    services: readonly string[],
    calls: ReadonlyMap<string, readonly string[]>,
  ): Record<string, RawMeshPolicy> {
    const known = new Set(services);
    this.applyUpstream(known, calls);
    const route = this.routeWithSplits();
    const out: Record<string, RawMeshPolicy> = {};
    const written = new Set([...route.keys(), ...this.destination.keys(), ...this.subsetOwn.keys()]);
    for (const [host, names] of this.subsets)
      if (this.destination.has(host)) for (const n of names) written.add(subsetService(host, n));
    // Each service, then the services of its subsets in name order; subsets of no written host last.
    const ids = new Set<string>();
    for (const id of written) {
      const host = this.hostOf(id);
      if (host !== undefined && written.has(host)) continue;
      ids.add(id);
      for (const s of this.withSubsets(id, written)) ids.add(s);
    }
    for (const id of ids) {
      if (!known.has(id)) continue;
      const leaves = new Map<string, Stored>([...(this.destination.get(id) ?? [])]);
      const host = this.hostOf(id);
      const own = this.subsetOwn.get(id);
      if (host !== undefined) {
        const replaced = new Set([...(own?.keys() ?? [])].map(groupOf));
        for (const [leaf, s] of this.destination.get(host) ?? [])
          if (!replaced.has(groupOf(leaf)) && !leaves.has(leaf)) leaves.set(leaf, s);
      }
      for (const [leaf, s] of own ?? []) leaves.set(leaf, s);
      for (const [leaf, s] of route.get(id) ?? []) leaves.set(leaf, s);
      if (leaves.size > 0) define(out, id, policyOf(leaves));
    }
    return out;
  }

  /** `id` = `host-subset` for a subset recorded here: the host. */
  hostOf(id: string): string | undefined {
    for (const [host, names] of this.subsets)
      for (const n of names) if (subsetService(host, n) === id) return host;
    return undefined;
  }

  /** `id` and the services of its subsets that are in `known`. */
  withSubsets(id: string, known: ReadonlySet<string>): string[] {
    const out = [id];
    for (const n of [...(this.subsets.get(id) ?? [])].sort()) {
      const s = subsetService(id, n);
      if (known.has(s) && !out.includes(s)) out.push(s);
    }
    return out;
  }

  /**
   * The route settings, with a host's timeout, retries and fault copied to the services its split
   * sends calls to: a call takes the policy of the service it lands on, as Envoy takes the route's
   * for every destination of the route. A service's own route settings win.
   */
  private routeWithSplits(): Map<string, Leaves> {
    const out = new Map<string, Leaves>([...this.route].map(([id, leaves]) => [id, new Map(leaves)]));
    for (const [host, leaves] of this.route) {
      const split = leaves.get('split')?.value;
      if (!Array.isArray(split)) continue;
      for (const { service } of split as { service: string }[]) {
        if (service === host) continue;
        let target = out.get(service);
        if (target === undefined) out.set(service, (target = new Map()));
        for (const [leaf, s] of leaves) {
          if (leaf === 'split' || leaf === 'mirror') continue;
          const prev = target.get(leaf);
          if (prev === undefined) target.set(leaf, s);
          else if (prev !== s && JSON.stringify(prev.value) !== JSON.stringify(s.value))
            warnAt(
              s.at,
              `${leaf} of "${host}" does not reach the calls it splits to "${service}": they take ${service}'s own, from ${prev.source} (${place(prev.at)})`,
            );
        }
      }
    }
    return out;
  }

  private applyUpstream(known: ReadonlySet<string>, calls: ReadonlyMap<string, readonly string[]>): void {
    const callersOf = (callee: string): string[] =>
      [...calls].filter(([, callees]) => callees.includes(callee)).map(([caller]) => caller);
    for (const u of this.upstream) {
      const callees =
        u.callee !== undefined
          ? [u.callee]
          : [...new Set(calls.get(u.caller) ?? [])].filter((c) => known.has(c));
      if (callees.length === 0) {
        warnAt(
          u.at,
          u.callee === undefined
            ? `"${u.caller}" calls no service in the scenario, so its upstream defaults apply to nothing; left out`
            : `left out: no service "${u.callee}"`,
        );
        continue;
      }
      for (const callee of callees) {
        const others = callersOf(callee).filter((c) => c !== u.caller);
        if (others.length > 0)
          warnAt(
            u.at,
            `meshsim keeps one policy per destination: these settings of ${u.caller}'s calls into ${callee} apply to calls from ${others.join(', ')} too`,
          );
        for (const s of u.settings) put(this.destination, callee, s, u.source, 'service');
      }
    }
    this.upstream.length = 0;
  }
}

/** `line 12 of istio.yaml`. */
export function place(at: Where): string {
  return `line ${at.pos.line} of ${at.r.file}`;
}

function put(into: Map<string, Leaves>, id: string, s: PolicySetting, source: string, what: string): void {
  let leaves = into.get(id);
  if (leaves === undefined) into.set(id, (leaves = new Map()));
  const prev = leaves.get(s.leaf);
  if (prev === undefined) leaves.set(s.leaf, { value: s.value, at: s.at, source });
  else if (prev.source !== source && JSON.stringify(prev.value) !== JSON.stringify(s.value))
    warnAt(
      s.at,
      `${s.leaf} of ${what} "${id}" is already set by ${prev.source} (${place(prev.at)}), which wins; left out`,
    );
  // The same source twice (Consul's upstream Overrides before its Defaults): the first wins, silently.
}

function groupOf(leaf: string): string {
  const top = leaf.split('.')[0];
  return GROUP[top] ?? top;
}

/** Leaves as a policy in the format's field order. */
function policyOf(leaves: ReadonlyMap<string, Stored>): RawMeshPolicy {
  const out: Record<string, unknown> = {};
  for (const field of POLICY_ORDER) {
    const subs = SUB_ORDER[field];
    if (subs === undefined) {
      const s = leaves.get(field);
      if (s !== undefined) out[field] = s.value;
      continue;
    }
    const group: Record<string, unknown> = {};
    for (const sub of subs) {
      const s = leaves.get(`${field}.${sub}`);
      if (s !== undefined) group[sub] = s.value;
    }
    if (Object.keys(group).length > 0) out[field] = group;
  }
  return out as RawMeshPolicy;
}

/** Sets an own field, even one named `__proto__`. */
function define(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
