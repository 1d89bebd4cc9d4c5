/**
 * The Kubernetes Gateway API as Istio implements it: a `Gateway` (gatewayClassName `istio`) is an
 * ingress deployment of its own, `NAME-istio`, whose pods run as the service account `NAME-istio`;
 * an `HTTPRoute` whose parentRefs name it becomes routes of the scenario's gateway, and one whose
 * parentRefs name a Service (the GAMMA mesh binding) splits the calls into that Service.
 *
 * | HTTPRoute                                      | meshsim                                                |
 * | ---------------------------------------------- | ------------------------------------------------------ |
 * | `rules[i].matches[j].path` Exact, PathPrefix   | gateway route `match.path`, `match.prefix`             |
 * | `matches[j].method`; `headers` of type Exact   | `match.methods`; `match.headers`                       |
 * | `backendRefs` names and weights (default 1)    | `service` (the heaviest) and `split`                   |
 * | `timeouts.request`                             | the route's `timeout`                                  |
 * | parentRef of kind Service, `backendRefs`       | `mesh.policies.SERVICE.split` and `timeout`; with      |
 * |                                                | `matches`, its `routes` in the API's precedence        |
 */
import type { IstioResource } from './istio';
import { warnAt, type Where } from './config-entity';
import type { EdgeRoute } from './istio-edge';
import { accountKey } from './k8s-inventory';
import { hostService, meshId } from './mesh-config';
import type { MeshEntity } from './mesh-entity';
import { formatMillis } from './types';

/** The fields of a Gateway API Gateway spec. */
export const K8S_GATEWAY_FIELDS = [
  'gatewayClassName',
  'listeners',
  'addresses',
  'infrastructure',
  'backendTLS',
];
/** The fields of an HTTPRoute spec. */
export const HTTPROUTE_FIELDS = ['parentRefs', 'hostnames', 'rules'];
const RULE_FIELDS = ['name', 'matches', 'filters', 'backendRefs', 'timeouts', 'retry', 'sessionPersistence'];
const MATCH_FIELDS = ['path', 'headers', 'queryParams', 'method'];
const BACKEND_FIELDS = ['name', 'namespace', 'port', 'weight', 'kind', 'group', 'filters'];
const PARENT_FIELDS = ['name', 'namespace', 'kind', 'group', 'sectionName', 'port'];
const WEIGHT = { min: 0, max: 1_000_000 };

/** Reads a Gateway API Gateway: the ingress deployment Istio runs for it. */
export function readKubeGateway(res: IstioResource): void {
  const { spec, source } = res;
  const cls = spec?.str('gatewayClassName');
  if (cls !== undefined && cls !== 'istio')
    warnAt(spec!.at('gatewayClassName'), `gatewayClassName "${cls}" is not Istio's; read as Istio's gateway`);
  for (const { e } of spec?.children('listeners', 'listener') ?? []) {
    const protocol = e.str('protocol');
    if (protocol !== undefined && protocol !== 'HTTP' && protocol !== 'HTTPS')
      warnAt(e.at('protocol'), `${protocol} listeners are not simulated: simulated calls are HTTP`);
    e.note('tls', 'TLS at the gateway is not simulated: requests arrive as plain HTTP');
    e.note('hostname', 'the Host header is not simulated: the gateway takes requests for any host');
    for (const k of ['name', 'port', 'allowedRoutes']) e.use(k);
    e.finish();
  }
  spec?.note('addresses', 'addresses are not simulated');
  spec?.note('infrastructure', 'the deployment Istio makes for the gateway is simulated as one gateway');
  spec?.finish();
  const name = res.name ?? 'gateway';
  const id = meshId(`${name}-istio`);
  res.ctx.edge.gateways.set(`${res.namespace}/${name}`, {
    id: meshId(name),
    account: accountKey(res.namespace, id),
    source,
    at: res.at,
  });
}

/** Reads an HTTPRoute: routes of the gateway its parentRefs name, or the split of a Service. */
export function readHttpRoute(res: IstioResource): void {
  const { spec } = res;
  if (spec === undefined) {
    warnAt(res.at, `${res.source} has no spec; left out`);
    return;
  }
  const gateways: string[] = [];
  const services: { id: string; at: Where }[] = [];
  for (const { e } of spec.children('parentRefs', 'parentRef', PARENT_FIELDS)) {
    const name = e.str('name');
    const kind = e.str('kind') ?? 'Gateway';
    const ns = e.str('namespace');
    for (const k of ['group', 'sectionName', 'port']) e.use(k);
    e.finish();
    if (name === undefined) continue;
    if (kind === 'Service') {
      const id = hostService(name);
      services.push({ id, at: e.at('name') });
      if (!res.ctx.routedHosts.has(id)) res.ctx.routedHosts.set(id, { source: res.source, at: e.at('name') });
    } else if (kind === 'Gateway') gateways.push(ns === undefined ? name : `${ns}/${name}`);
    else warnAt(e.at('kind'), `a parent of kind ${kind} is not simulated; left out`);
  }
  const hostnames = spec.strings('hostnames') ?? [];
  if (hostnames.length > 0)
    warnAt(spec.at('hostnames'), 'the Host header is not simulated: the routes take requests for any host');
  const routes: EdgeRoute[] = [];
  const meshRules: MeshRule[] = [];
  const base = meshId(res.name ?? 'route');
  spec.children('rules', 'rule', RULE_FIELDS).forEach(({ e, i }) => {
    const id = meshId(e.str('name') ?? `${base}-${i + 1}`);
    const matches = e.children('matches', 'match', MATCH_FIELDS).map(({ e: m, i: j }) => matchOf(m, j));
    const backends = backendsOf(e);
    const { timeout, perTry } = timeoutsOf(e, res.ctx.backendRequestTimeouts === true);
    e.note(
      'filters',
      'request and response filters (header changes, redirects, rewrites, mirrors) are not modelled',
    );
    e.note(
      'retry',
      'HTTPRoute retries are experimental and not imported; the mesh retries as its profile says',
    );
    e.note('sessionPersistence', 'session persistence is not modelled');
    e.finish();
    if (backends.length === 0) return;
    const heaviest = [...backends].sort((a, b) => b.weight - a.weight)[0];
    const split =
      backends.length > 1 ? backends.map(({ service, weight }) => ({ service, weight })) : undefined;
    for (const b of backends) res.mesh.refer(b.service, b.at);
    const blocks = matches.length === 0 ? [{}] : matches;
    blocks.forEach((match) => {
      if (match !== undefined)
        meshRules.push({
          match,
          split,
          heaviest: heaviest.service,
          timeout,
          perTry,
          at: e.at(),
          order: meshRules.length,
        });
    });
    blocks.forEach((match, j) => {
      if (match === undefined) return;
      routes.push({
        id: blocks.length > 1 ? `${id}-${j + 1}` : id,
        ...(Object.keys(match).length > 0 ? { match } : {}),
        service: heaviest.service,
        ...(split !== undefined ? { split } : {}),
        ...(timeout !== undefined ? { timeout } : {}),
      });
    });
  });
  spec.finish();
  for (const s of services) {
    res.mesh.refer(s.id, s.at);
    meshRoutes(s.id, meshRules, res);
  }
  if (gateways.length > 0)
    res.ctx.edge.bound.push({
      gateways,
      routes,
      namespace: res.namespace,
      source: res.source,
      at: spec.at('parentRefs'),
      firstMatch: false,
    });
}

/** One match of a rule, for the routes of a Service parent. */
interface MeshRule {
  readonly match: NonNullable<EdgeRoute['match']>;
  readonly split?: { service: string; weight: number }[];
  readonly heaviest: string;
  readonly timeout?: string;
  /** `timeouts.backendRequest`, where it is read (Linkerd). */
  readonly perTry?: string;
  readonly at: Where;
  /** Its place among the route's matches, the last tie-break. */
  readonly order: number;
}

/**
 * The rules of an HTTPRoute on the Service `host`: one rule for every call is the Service's own
 * `split` and `timeout`; otherwise each match is a route of its policy, in the Gateway API's order
 * of precedence (an exact path, then the longest prefix, then a method, then the most headers),
 * where a call no route matches is answered 404, as Istio does.
 */
function meshRoutes(host: string, rules: readonly MeshRule[], res: IstioResource): void {
  const only = rules.length === 1 && Object.keys(rules[0].match).length === 0 ? rules[0] : undefined;
  if (only !== undefined) {
    if (only.split !== undefined || only.heaviest !== host)
      res.mesh.setRoute(
        host,
        { leaf: 'split', value: only.split ?? [{ service: only.heaviest, weight: 1 }], at: only.at },
        res.source,
      );
    if (only.timeout !== undefined)
      res.mesh.setRoute(host, { leaf: 'timeout', value: only.timeout, at: only.at }, res.source);
    if (only.perTry !== undefined)
      res.mesh.setRoute(host, { leaf: 'retries.perTryTimeout', value: only.perTry, at: only.at }, res.source);
    return;
  }
  for (const r of [...rules].sort((a, b) => rank(b.match) - rank(a.match) || a.order - b.order)) {
    const split = r.split ?? (r.heaviest !== host ? [{ service: r.heaviest, weight: 1 }] : undefined);
    res.mesh.addRoute(
      host,
      {
        ...(Object.keys(r.match).length > 0 ? { match: r.match } : {}),
        ...(split !== undefined ? { split } : {}),
        ...(r.timeout !== undefined ? { timeout: r.timeout } : {}),
        ...(r.perTry !== undefined ? { retries: { perTryTimeout: r.perTry } } : {}),
        at: r.at,
      },
      res.source,
    );
  }
}

/** The Gateway API's precedence of a match: higher first. */
function rank(m: NonNullable<EdgeRoute['match']>): number {
  const path = m.path !== undefined ? 1e9 : (m.prefix?.length ?? 0) * 1e3;
  return path + (m.methods !== undefined ? 100 : 0) + Object.keys(m.headers ?? {}).length;
}

/** One `matches` entry as a gateway route's match; undefined when meshsim's gateway cannot express it (warned). */
function matchOf(m: MeshEntity, j: number): NonNullable<EdgeRoute['match']> | undefined {
  const out: { path?: string; prefix?: string; methods?: string[]; headers?: Record<string, string> } = {};
  let ok = true;
  const refuse = (at: Where, what: string): void => {
    warnAt(
      at,
      `${what}: meshsim's gateway matches exact paths, path prefixes, methods and exact header values; match ${j} is left out, so its rule takes fewer requests than in Istio`,
    );
    ok = false;
  };
  const path = m.child('path', 'path match', ['type', 'value']);
  if (path !== undefined) {
    const type = path.str('type') ?? 'PathPrefix';
    const value = path.str('value') ?? '/';
    path.finish();
    if (type === 'Exact') out.path = value;
    else if (type === 'PathPrefix') {
      if (value !== '/') out.prefix = value;
    } else refuse(path.at('type'), `path type ${type}`);
  }
  const method = m.str('method');
  if (method !== undefined) out.methods = [method.toUpperCase()];
  for (const { e: h } of m.children('headers', 'header match', ['type', 'name', 'value'])) {
    const type = h.str('type') ?? 'Exact';
    const name = h.str('name');
    const value = h.str('value');
    h.finish();
    if (type !== 'Exact') refuse(h.at('type'), `a header match of type ${type}`);
    else if (name !== undefined && value !== undefined)
      out.headers = { ...out.headers, [name.toLowerCase()]: value };
  }
  if (m.has('queryParams')) refuse(m.at('queryParams'), 'query parameters are not simulated');
  m.use('queryParams');
  m.finish();
  return ok ? out : undefined;
}

/** The rule's backends with their weights (default 1; 0 left out), as meshsim services. */
function backendsOf(rule: MeshEntity): { service: string; weight: number; at: Where }[] {
  const out: { service: string; weight: number; at: Where }[] = [];
  for (const { e } of rule.children('backendRefs', 'backendRef', BACKEND_FIELDS)) {
    const name = e.str('name');
    const weight = e.int('weight', WEIGHT) ?? 1;
    const kind = e.str('kind') ?? 'Service';
    for (const k of ['namespace', 'port', 'group']) e.use(k);
    e.note('filters', 'backend filters are not modelled');
    e.finish();
    if (name === undefined || weight === 0) continue;
    if (kind !== 'Service') {
      warnAt(e.at('kind'), `a backend of kind ${kind} is not simulated; left out`);
      continue;
    }
    const service = hostService(name);
    const same = out.find((x) => x.service === service);
    if (same !== undefined) same.weight += weight;
    else out.push({ service, weight, at: e.at('name') });
  }
  return out;
}

/**
 * `timeouts.request` as a duration (`0s`: none); `backendRequest` is each try's timeout where
 * `perTry` says it is read (Linkerd restarts it for each retry), else warned.
 */
function timeoutsOf(rule: MeshEntity, perTry: boolean): { timeout?: string; perTry?: string } {
  const t = rule.child('timeouts', 'timeouts', ['request', 'backendRequest']);
  const ms = t?.duration('request');
  const each = perTry ? t?.duration('backendRequest') : undefined;
  if (!perTry)
    t?.note('backendRequest', 'a per-try timeout without retries is not imported; the request timeout is');
  t?.finish();
  return {
    ...(ms !== undefined && { timeout: ms === 0 ? 'unlimited' : formatMillis(ms) }),
    ...(each !== undefined && each > 0 && { perTry: formatMillis(each) }),
  };
}
