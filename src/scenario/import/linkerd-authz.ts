/**
 * Linkerd's inbound authorization onto `authorization` rules. A Server selects pods (and a port):
 * once one exists, a request to them is refused unless an AuthorizationPolicy (or the older
 * ServerAuthorization) allows its caller, or the Server's `accessPolicy` (v1beta3; default `deny`)
 * does. Linkerd refuses an HTTP request so with 403, as meshsim's rules do. Resources refer to one
 * another by name and come in any order, so they are collected and resolved once the bundle is read.
 *
 * | Linkerd                                              | meshsim                                          |
 * | ---------------------------------------------------- | ------------------------------------------------ |
 * | Server `podSelector.matchLabels.app` (or `app.kubernetes.io/name`) | the service the rules are on       |
 * | Server `accessPolicy` deny / `*-authenticated` / `*-unauthenticated` | an ALLOW rule from none / `mesh:*` / `*` |
 * | AuthorizationPolicy `targetRef` Server, Namespace, HTTPRoute | the services of the Server(s); a route's paths and methods |
 * | `requiredAuthenticationRefs` (all must hold)         | the rule's `from`                                |
 * | MeshTLSAuthentication `identities`, `identityRefs`   | callers: `NAME.NS.serviceaccount.identity.linkerd...` is `principal:.../ns/NS/sa/NAME`, `*.NS...` the namespace, `*` `mesh:*` |
 * | NetworkAuthentication `networks` 0.0.0.0/0 and ::/0  | any caller (`*`); narrower networks allow nothing (IPs are not simulated) |
 * | ServerAuthorization `server`, `client`               | the same, on the Server it names                 |
 */
import { warnAt, type Where } from './config-entity';
import { namespaceCaller, principalCaller } from './k8s-identity';
import { ANY_MESH_IDENTITY, EVERY_SERVICE, meshId, type MeshConfig } from './mesh-config';
import type { MeshEntity } from './mesh-entity';

/** The fields of a Server spec. */
export const SERVER_FIELDS = [
  'podSelector',
  'externalWorkloadSelector',
  'port',
  'proxyProtocol',
  'accessPolicy',
];
/** The fields of an AuthorizationPolicy spec. */
export const AUTHZ_POLICY_FIELDS = ['targetRef', 'requiredAuthenticationRefs'];
/** The fields of a MeshTLSAuthentication spec. */
export const MESH_TLS_FIELDS = ['identities', 'identityRefs'];
/** The fields of a NetworkAuthentication spec. */
export const NETWORK_FIELDS = ['networks'];
/** The fields of a ServerAuthorization spec (policy.linkerd.io/v1beta1, before AuthorizationPolicy). */
export const SERVER_AUTHZ_FIELDS = ['server', 'client'];
const REF_FIELDS = ['group', 'kind', 'name', 'namespace'];
const DEFAULT_CALLERS: Readonly<Record<string, readonly string[]>> = {
  deny: [],
  'all-unauthenticated': ['*'],
  'cluster-unauthenticated': ['*'],
  'all-authenticated': [ANY_MESH_IDENTITY],
  'cluster-authenticated': [ANY_MESH_IDENTITY],
  audit: ['*'],
};
const IDENTITY = /^([^.]+)\.([^.]+)\.serviceaccount\.identity\.linkerd\./;

type Target = string | typeof EVERY_SERVICE;
interface Server {
  readonly target: Target;
  readonly callers: readonly string[];
  readonly at: Where;
}
interface Ref {
  readonly kind: string;
  readonly key: string;
  readonly at: Where;
}
interface Policy {
  readonly target: Ref;
  /** Each must hold: callers by kind of authentication, resolved once all are read. */
  readonly required: readonly Ref[];
  /** Callers given directly (ServerAuthorization). */
  readonly callers?: readonly string[];
  readonly at: Where;
}
/** Paths and methods of a route attached to a Server, for the policies that target it. */
interface AuthzRoute {
  readonly server: string;
  /** Any one of them allows a request. */
  readonly matches: readonly { readonly paths?: string[]; readonly methods?: string[] }[];
}

/** What the bundle's authorization resources say, until the rules are made. */
export class LinkerdAuthorization {
  private readonly servers = new Map<string, Server>();
  private readonly policies: Policy[] = [];
  private readonly authentications = new Map<string, { callers: readonly string[]; at: Where }>();
  private readonly routes = new Map<string, AuthzRoute>();
  private readonly defaults: Server[] = [];

  /** Reads a Server. */
  server(spec: MeshEntity, name: string, namespace: string, at: Where): void {
    const target = podsOf(spec);
    const access = spec.str('accessPolicy') ?? 'deny';
    let callers = DEFAULT_CALLERS[access];
    if (!Object.hasOwn(DEFAULT_CALLERS, access)) {
      warnAt(spec.at('accessPolicy'), `unknown accessPolicy "${access}"; read as deny, Linkerd's default`);
      callers = [];
    } else if (access === 'audit')
      warnAt(
        spec.at('accessPolicy'),
        'audit allows every request and only logs the ones it would deny; read as allow',
      );
    else if (access.startsWith('cluster-'))
      warnAt(
        spec.at('accessPolicy'),
        `${access} allows callers from the cluster's networks; IPs are not simulated, so any caller`,
      );
    spec.note('port', "a meshsim service has one port: the Server covers all of the pods' traffic");
    const protocol = spec.str('proxyProtocol');
    if (protocol === 'opaque' || protocol === 'TLS')
      warnAt(
        spec.at('proxyProtocol'),
        `${protocol} traffic is refused by closing the connection, not with 403; simulated calls are HTTP`,
      );
    spec.note('externalWorkloadSelector', 'external workloads (mesh expansion) are not simulated');
    spec.finish();
    if (target !== undefined) this.servers.set(`${namespace}/${name}`, { target, callers, at });
  }

  /** Reads an AuthorizationPolicy. */
  policy(spec: MeshEntity, namespace: string, at: Where): void {
    const t = spec.child('targetRef', 'targetRef', REF_FIELDS);
    const target = t === undefined ? undefined : refOf(t, namespace);
    const required = spec
      .children('requiredAuthenticationRefs', 'authentication ref', REF_FIELDS)
      .map(({ e }) => refOf(e, namespace))
      .filter((r): r is Ref => r !== undefined);
    spec.finish();
    if (target === undefined) {
      warnAt(at, 'an AuthorizationPolicy needs a targetRef (Linkerd refuses it); left out');
      return;
    }
    if (required.length === 0)
      warnAt(
        at,
        'no requiredAuthenticationRefs: Linkerd authorizes no request by this policy; it allows nothing',
      );
    this.policies.push({ target, required, at });
  }

  /** Reads a MeshTLSAuthentication: the mesh identities it names, as callers. */
  meshTls(spec: MeshEntity, name: string, namespace: string, at: Where): void {
    const callers: string[] = [];
    for (const id of spec.strings('identities') ?? []) {
      const caller = identityCaller(id);
      if (caller === undefined)
        warnAt(
          spec.at('identities'),
          `"${id}" is not a Linkerd identity (NAME.NAMESPACE.serviceaccount.identity.linkerd.DOMAIN); it matches no caller`,
        );
      else callers.push(caller);
    }
    for (const { e } of spec.children('identityRefs', 'identity ref', REF_FIELDS)) {
      const ref = refOf(e, namespace);
      if (ref === undefined) continue;
      const [ns, n] = ref.key.split('/');
      if (ref.kind === 'ServiceAccount')
        callers.push(n === '*' ? namespaceCaller(ns) : principalCaller(`cluster.local/ns/${ns}/sa/${n}`));
      else if (ref.kind === 'Namespace') callers.push(namespaceCaller(n));
      else warnAt(ref.at, `an identity ref of kind ${ref.kind} is not read; it matches no caller`);
    }
    spec.finish();
    this.authentications.set(`MeshTLSAuthentication ${namespace}/${name}`, { callers, at });
  }

  /** Reads a NetworkAuthentication: every network, or (IPs not being simulated) none. */
  network(spec: MeshEntity, name: string, namespace: string, at: Where): void {
    const cidrs: string[] = [];
    for (const { e } of spec.children('networks', 'network', ['cidr', 'except'])) {
      const cidr = e.str('cidr');
      if (cidr !== undefined) cidrs.push(cidr);
      e.note('except', 'IP addresses are not simulated');
      e.finish();
    }
    spec.finish();
    const all = cidrs.includes('0.0.0.0/0');
    if (!all)
      warnAt(
        at,
        'IP addresses are not simulated: only networks that take every IPv4 caller (0.0.0.0/0) are read; this one allows no caller',
      );
    this.authentications.set(`NetworkAuthentication ${namespace}/${name}`, { callers: all ? ['*'] : [], at });
  }

  /** Reads the older ServerAuthorization: its Server and its clients. */
  serverAuthorization(spec: MeshEntity, namespace: string, at: Where): void {
    const s = spec.child('server', 'server', ['name', 'selector']);
    const server = s?.str('name');
    s?.note('selector', 'a Server is found by name; by labels it is not read');
    s?.finish();
    const c = spec.child('client', 'client', ['meshTLS', 'unauthenticated', 'networks']);
    const callers: string[] = [];
    if (c?.bool('unauthenticated') ?? false) callers.push('*');
    const tls = c?.child('meshTLS', 'meshTLS', ['serviceAccounts', 'identities', 'unauthenticatedTLS']);
    for (const id of tls?.strings('identities') ?? []) {
      const caller = identityCaller(id);
      if (caller !== undefined) callers.push(caller);
      else warnAt(tls!.at('identities'), `"${id}" is not a Linkerd identity; it matches no caller`);
    }
    for (const { e } of tls?.children('serviceAccounts', 'service account', ['name', 'namespace']) ?? []) {
      const n = e.str('name');
      const ns = e.str('namespace') ?? namespace;
      e.finish();
      if (n !== undefined) callers.push(principalCaller(`cluster.local/ns/${ns}/sa/${n}`));
    }
    tls?.note('unauthenticatedTLS', 'TLS without a mesh identity is not simulated');
    tls?.finish();
    c?.note('networks', 'IP addresses are not simulated: the clients are any network');
    c?.finish();
    spec.finish();
    if (server === undefined) {
      warnAt(
        at,
        'a ServerAuthorization is read for the Server it names (server.name), and this one names none; left out',
      );
      return;
    }
    this.policies.push({
      target: { kind: 'Server', key: `${namespace}/${server}`, at },
      required: [],
      callers,
      at,
    });
  }

  /** Records a policy.linkerd.io HTTPRoute whose parent is a Server: policies may target it. */
  route(key: string, server: string, matches: AuthzRoute['matches']): void {
    this.routes.set(key, { server, matches });
  }

  /**
   * Records `config.linkerd.io/default-inbound-policy` of a namespace (`service` EVERY_SERVICE)
   * or a workload: what its pods allow where no Server selects them.
   */
  defaultPolicy(service: Target, value: string, at: Where): void {
    if (!Object.hasOwn(DEFAULT_CALLERS, value)) {
      warnAt(
        at,
        `unknown default inbound policy "${value}"; left out (Linkerd's default is all-unauthenticated)`,
      );
      return;
    }
    this.defaults.push({ target: service, callers: DEFAULT_CALLERS[value], at });
  }

  /** Turns what was read into `mesh.rules`. */
  apply(mesh: MeshConfig): void {
    for (const server of this.servers.values()) {
      if (server.target !== EVERY_SERVICE) mesh.refer(server.target, server.at);
      mesh.rules.push({ service: server.target, action: 'ALLOW', from: [...server.callers], at: server.at });
    }
    for (const p of this.policies) {
      const from = p.callers ?? this.callersOf(p);
      const { servers, route } = this.targetsOf(p.target);
      for (const server of servers)
        for (const m of route?.matches ?? [{}])
          mesh.rules.push({
            service: server.target,
            action: 'ALLOW',
            from,
            ...(m.paths !== undefined && { paths: m.paths }),
            ...(m.methods !== undefined && { methods: m.methods }),
            at: p.at,
          });
    }
    this.applyDefaults(mesh);
  }

  /** Default policies other than allow-all, on the services no Server selects. */
  private applyDefaults(mesh: MeshConfig): void {
    const served = [...this.servers.values()].map((s) => s.target);
    if (served.includes(EVERY_SERVICE)) return;
    const named = new Set(this.defaults.map((d) => d.target));
    for (const d of this.defaults) {
      if (d.callers.includes('*') || served.includes(d.target)) continue;
      // A workload's own annotation wins over its namespace's.
      const except = [...served, ...[...named].filter((t) => t !== EVERY_SERVICE)] as string[];
      mesh.rules.push({
        service: d.target,
        action: 'ALLOW',
        from: [...d.callers],
        ...(d.target === EVERY_SERVICE && except.length > 0 && { exceptServices: except }),
        at: d.at,
      });
    }
  }

  /** The callers every required authentication admits (their intersection); none is none. */
  private callersOf(p: Policy): string[] {
    let out: string[] | undefined;
    for (const ref of p.required) {
      const auth = this.authentications.get(`${ref.kind} ${ref.key}`);
      let callers: readonly string[] = [];
      if (ref.kind === 'ServiceAccount') {
        const [ns, n] = ref.key.split('/');
        callers = [principalCaller(`cluster.local/ns/${ns}/sa/${n}`)];
      } else if (auth === undefined) {
        warnAt(ref.at, `no ${ref.kind} ${ref.key} in the bundle: this policy allows nothing`);
        return [];
      } else callers = auth.callers;
      out = out === undefined ? [...callers] : meet(out, callers);
    }
    return out ?? [];
  }

  /** The Servers a policy's target stands for, and the route it narrows them to. */
  private targetsOf(t: Ref): { servers: Server[]; route?: AuthzRoute } {
    if (t.kind === 'Server') {
      const s = this.servers.get(t.key);
      if (s === undefined) warnAt(t.at, `no Server ${t.key} in the bundle: this policy has nothing to allow`);
      return { servers: s === undefined ? [] : [s] };
    }
    if (t.kind === 'Namespace') {
      const ns = t.key.split('/')[1];
      return { servers: [...this.servers].filter(([k]) => k.startsWith(`${ns}/`)).map(([, s]) => s) };
    }
    if (t.kind === 'HTTPRoute') {
      const route = this.routes.get(t.key);
      const s = route === undefined ? undefined : this.servers.get(route.server);
      if (s === undefined || route === undefined) {
        warnAt(
          t.at,
          `no HTTPRoute ${t.key} attached to a Server of the bundle: this policy has nothing to allow`,
        );
        return { servers: [] };
      }
      return { servers: [s], route };
    }
    warnAt(t.at, `a policy on a ${t.kind} is not simulated; left out`);
    return { servers: [] };
  }
}

/**
 * The callers both lists admit: `*` gives way to the other list, `mesh:*` to its mesh identities;
 * otherwise the callers both name, a namespace admitting the accounts in it.
 */
function meet(a: readonly string[], b: readonly string[]): string[] {
  if (a.includes('*')) return [...b];
  if (b.includes('*')) return [...a];
  if (a.includes(ANY_MESH_IDENTITY)) return [...b];
  if (b.includes(ANY_MESH_IDENTITY)) return [...a];
  const within = (x: string, y: readonly string[]): boolean =>
    y.includes(x) || y.some((n) => n.startsWith('namespace:') && x.includes(`/ns/${n.slice(10)}/sa/`));
  return [...new Set([...a.filter((x) => within(x, b)), ...b.filter((x) => within(x, a))])];
}

/** A Linkerd identity (or `*`, `*.NS.serviceaccount.identity.linkerd.DOMAIN`) as a caller token. */
function identityCaller(id: string): string | undefined {
  if (id === '*') return ANY_MESH_IDENTITY;
  const m = IDENTITY.exec(id);
  if (m === null) return undefined;
  return m[1] === '*' ? namespaceCaller(m[2]) : principalCaller(`cluster.local/ns/${m[2]}/sa/${m[1]}`);
}

function refOf(e: MeshEntity, namespace: string): Ref | undefined {
  const kind = e.str('kind');
  const name = e.str('name');
  const ns = e.str('namespace') ?? namespace;
  e.use('group');
  e.finish();
  if (kind === undefined || (name === undefined && kind !== 'Namespace')) {
    warnAt(e.at(), 'a reference needs a kind and a name; left out');
    return undefined;
  }
  return { kind, key: kind === 'Namespace' ? `${name ?? ns}/${name ?? ns}` : `${ns}/${name}`, at: e.at() };
}

/** The service a Server's pods make, by their `app` label; every service for an empty selector. */
function podsOf(spec: MeshEntity): Target | undefined {
  const sel = spec.child('podSelector', 'podSelector', ['matchLabels', 'matchExpressions']);
  if (sel === undefined) {
    if (!spec.has('externalWorkloadSelector')) warnAt(spec.at(), 'a Server needs a podSelector; left out');
    return undefined;
  }
  const labels = sel.labels('matchLabels');
  sel.note('matchExpressions', 'only matchLabels names the pods: the Server is read by its app label');
  sel.finish();
  if (labels === undefined || Object.keys(labels).length === 0)
    return sel.has('matchExpressions') ? undefined : EVERY_SERVICE;
  const app = labels.app ?? labels['app.kubernetes.io/name'];
  if (app === undefined) {
    warnAt(
      sel.at('matchLabels'),
      'meshsim finds the service a Server selects by its app label, and there is none; left out',
    );
    return undefined;
  }
  return meshId(app);
}
