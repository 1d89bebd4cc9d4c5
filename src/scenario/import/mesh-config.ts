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
import { BREAKERS, type BreakerSpec } from '../policies/breakers';
import { HEALTH_CHECKS, type HealthCheckOptions } from '../policies/health-checks';
import { warnAt, type Where } from './config-entity';
import type { ImportedEdge } from './istio-edge';
import type { KubePlacement } from './k8s-placement';
import { RouteTable, type ImportedRoute } from './imported-routes';
import { AcceptedIssuers, ServiceMtls, type MtlsScope } from './imported-security';
import type { RawMesh, RawMeshPolicy, RawMtlsMode, RawRequestAuthentication } from './types';

/** The mesh products whose config is imported. */
export type ImportedProfile = 'istio' | 'consul' | 'linkerd';

/** The service an authorization rule with no selector protects: every service of the scenario. */
export const EVERY_SERVICE = Symbol('every service');

/**
 * An authorization rule as read, before `service`, `from` and `notFrom` are expanded to subsets'
 * services. Fields mean what they mean in `mesh.authorization` (docs/scenario-format.md): every
 * field set must match and no entry of a `not...` field may. Callers are service ids, the gateway's
 * id, `*` (any caller, sidecar or not) or `mesh:*` (ANY_MESH_IDENTITY: a caller whose sidecar
 * presented a certificate, Istio's `principals: ["*"]`). Header values and principals are Istio's
 * patterns: exact, `prefix*`, `*suffix`, `*`. Never widen: a condition that cannot be expressed
 * must make the rule match less (an ALLOW) or be warned about, never be dropped silently.
 */
export interface ImportedRule {
  readonly service: string | typeof EVERY_SERVICE;
  readonly action: 'ALLOW' | 'DENY';
  readonly from?: readonly string[];
  readonly notFrom?: readonly string[];
  readonly paths?: readonly string[];
  readonly notPaths?: readonly string[];
  readonly methods?: readonly string[];
  readonly notMethods?: readonly string[];
  /** Header name (lower case) to values, any of which matches (Istio `when: request.headers[NAME]`). */
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly notHeaders?: Readonly<Record<string, readonly string[]>>;
  /** `issuer/subject` patterns; `*`: any valid token. */
  readonly requestPrincipals?: readonly string[];
  readonly notRequestPrincipals?: readonly string[];
  /**
   * With `service` EVERY_SERVICE: services (and their subsets' services) it does not reach, as rules
   * of their own take precedence there (Consul's intentions for one service over those for `*`).
   */
  readonly exceptServices?: readonly string[];
  /** Said already where it was written: no warning when its service is not in the scenario. */
  readonly quiet?: boolean;
  readonly at: Where;
}

export { ANY_MESH_IDENTITY } from '../schema/mesh-authorization';
export type { ImportedRoute } from './imported-routes';
export type { MtlsScope } from './imported-security';

/** Settings a caller's config gives its calls into other services (Consul's UpstreamConfig). */
export interface UpstreamSettings {
  readonly caller: string;
  /** The callee; absent: every service `caller` calls in the scenario (UpstreamConfig.Defaults). */
  readonly callee?: string;
  readonly settings: readonly PolicySetting[];
  readonly at: Where;
  readonly source: string;
}

/**
 * A policy leaf an importer sets: a field (`timeout`), or a field of a group
 * (`connectionPool.maxConnections`). A breaker's or a health check's field is one its registry
 * declares, so an importer that names one the registry does not is a compile error.
 */
export type PolicyLeaf =
  | 'loadBalancer'
  | 'panicThreshold'
  | 'timeout'
  | 'connectTimeout'
  | 'split'
  | 'mirror'
  | 'failover'
  | `retries.${'attempts' | 'perTryTimeout' | 'retryOn' | 'backoff' | 'otherHost' | 'budget'}`
  | `fault.${'delay' | 'abort'}`
  | `connectionPool.${keyof BreakerSpec<'connectionPool'> & string}`
  | `outlierDetection.${keyof HealthCheckOptions<'outlierDetection'> & string}`;

/** One policy leaf and its value. */
export interface PolicySetting {
  readonly leaf: PolicyLeaf;
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
  retries: ['attempts', 'perTryTimeout', 'retryOn', 'backoff', 'otherHost', 'budget'],
  // The registries' order, which is the format's.
  connectionPool: Object.keys(BREAKERS.connectionPool.options),
  outlierDetection: Object.keys(HEALTH_CHECKS.outlierDetection.options),
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
  readonly products = new Set<'Istio' | 'Consul' | 'Linkerd'>();
  /** Kubernetes workloads placed onto services: instances and service accounts. */
  kube?: KubePlacement;
  /** The ingress gateway and its routes (Gateway and bound VirtualServices, or HTTPRoutes). */
  edge?: ImportedEdge;
  private mixed = false;
  private readonly routes = new RouteTable();
  private readonly serviceMtls = new ServiceMtls();
  private readonly issuers = new AcceptedIssuers();
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
        `${[...this.products].join(' and ')} config in one bundle: the mesh takes profile ${this.profile.name}, of the first (${place(this.profile.at)}); both set its policies`,
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
   * Adds one route to the calls into `service` (a VirtualService host's short name, a Consul
   * router's service), after the routes added before it: the first route whose match holds takes a
   * call, and a call no route matches is answered 404 by the caller's sidecar (Envoy's NR), so add
   * the product's catch-all too (Consul's router always ends in one to the service itself: pass a
   * route without match). Pass `route.match` in the file format's shape (`RawMeshMatch`: `path`
   * exact, `prefix`, `regex` over the whole path without its query, `methods` upper-case,
   * `headers` lower-case names to an exact value or a `RawHeaderMatch`); `split` and `mirror` with
   * meshsim service ids (a subset's is `subsetService(host, subset)`, after `addSubset`); `fault`,
   * `timeout` (`10s`) and `retries` as the policy's own fields (left out: the service policy's; a
   * route with a fault has no retries or timeout, as in Istio, whatever is passed); `route.at` where
   * the route is written. `source` names the resource (`VirtualService reviews`): routes of a
   * second source for the same service are left out with a warning. Route settings given with
   * `setRoute` (timeout, retries) still apply to the service's routes that do not set their own;
   * a `split`, `mirror` or `fault` given with `setRoute` becomes a last catch-all route.
   */
  addRoute(service: string, route: ImportedRoute, source: string): void {
    this.refer(service, route.at);
    for (const s of route.split ?? []) this.refer(s.service, route.at);
    if (route.mirror) this.refer(route.mirror.service, route.at);
    this.routes.add(service, route, source);
  }

  /**
   * Forgets every route `source` added: call it before reading a resource applied again under the
   * same kind, namespace and name (`kubectl apply` replaces it); its other settings are not undone.
   */
  dropRoutes(source: string): void {
    this.routes.drop(source);
  }

  /**
   * Sets the mTLS mode of the sidecars of `service` (an Istio PeerAuthentication with a `selector`
   * naming it: `scope` 'selector'; one of a namespace, applied to each of its services: 'namespace').
   * Under STRICT they refuse callers without a sidecar (503); PERMISSIVE accepts both; DISABLE takes
   * plaintext. A selector's mode wins over a namespace's whatever the order; within one scope the
   * first wins and a different later mode is a warning at `at`. The subsets' services of `service`
   * take its mode unless given their own. The mesh-wide mode stays `setMtls`. A service the
   * scenario lacks is made a stub, as for every service the config names.
   */
  setServiceMtls(service: string, mode: RawMtlsMode, scope: MtlsScope, at: Where, source: string): void {
    this.refer(service, at);
    this.serviceMtls.set(service, mode, scope, at, source);
  }

  /**
   * Records that the sidecars of `service` (EVERY_SERVICE: of every service, as a RequestAuthentication
   * without selector in the root namespace) accept end-user tokens of `issuers` (each jwtRule's
   * `issuer`): there a request with a token of another issuer, or an invalid one, is answered 401,
   * and one with a valid token has the request principal `issuer/subject`. Several calls add up. `at`
   * is where the resource or its jwtRules are written. A service the scenario lacks is made a stub.
   */
  addRequestAuthentication(
    service: string | typeof EVERY_SERVICE,
    issuers: readonly string[],
    at: Where,
  ): void {
    if (service !== EVERY_SERVICE) this.refer(service, at);
    this.issuers.add(service === EVERY_SERVICE ? undefined : service, issuers, at);
  }

  /** The `mtls` section for the services in `known`: the mesh-wide mode and per-service modes; undefined when none. */
  mtlsSection(known: ReadonlySet<string>): RawMesh['mtls'] {
    const services = this.serviceMtls.section(known, (id) => this.withSubsets(id, known));
    const out: NonNullable<RawMesh['mtls']> = {};
    if (this.mtls !== undefined) out.mode = this.mtls.mode;
    if (Object.keys(services).length > 0) out.services = services;
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** The `requestAuthentication` entries for the services in `known` (subsets' services included). */
  requestAuthentication(known: ReadonlySet<string>): RawRequestAuthentication[] {
    return this.issuers.section(known, (id) => this.withSubsets(id, known));
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
    const written = new Set([
      ...route.keys(),
      ...this.routes.services(),
      ...this.destination.keys(),
      ...this.subsetOwn.keys(),
    ]);
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
      if (!known.has(id)) {
        this.warnUnusedSubset(id);
        continue;
      }
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
      const policy = this.routes.apply(id, policyOf(leaves), (field) => leaves.get(field)?.at);
      if (Object.keys(policy).length > 0) define(out, id, policy);
    }
    return out;
  }

  /** Warns that a subset's own settings reach no service: nothing routes to it, nothing runs it. */
  private warnUnusedSubset(id: string): void {
    const first = this.subsetOwn.get(id)?.values().next().value;
    const host = this.hostOf(id);
    if (first === undefined || host === undefined) return;
    warnAt(
      first.at,
      `no route sends calls to subset ${id.slice(host.length + 1)} of ${host} and no workload of the scenario runs it, so its own trafficPolicy has no effect (Istio applies it to the calls routed to the subset); left out`,
    );
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
      // A host with routes: its routes' own timeout and retries reach every service they send to.
      if (this.routes.has(host)) continue;
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
