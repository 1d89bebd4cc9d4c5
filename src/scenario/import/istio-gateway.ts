/**
 * Istio's `Gateway` resource and the VirtualServices bound to it (`gateways: [bookinfo-gateway]`):
 * the scenario's gateway and its routes (istio-edge.ts).
 *
 * | Istio                                          | meshsim gateway                                          |
 * | ---------------------------------------------- | -------------------------------------------------------- |
 * | Gateway `selector: { istio: ingressgateway }`  | gateway `istio-ingressgateway`, identity                  |
 * |                                                | `istio-system/istio-ingressgateway-service-account`      |
 * | bound VirtualService `http[i].match[j]`        | route `NAME-i` (one per match block, in order)           |
 * | `uri.exact`, `uri.prefix`                      | `match.path`, `match.prefix`                             |
 * | `method.exact`, `headers.H.exact`              | `match.methods`, `match.headers`                         |
 * | `route` destinations and weights               | `service` (the heaviest) and `split`                     |
 * | `timeout`; `retries`                           | the route's `timeout`; `retries` (attempts, retryOn,     |
 * |                                                | perTryTimeout)                                           |
 */
import type { IstioResource } from './istio';
import { warnAt, type Where } from './config-entity';
import { DEFAULT_INGRESS, type EdgeRoute } from './istio-edge';
import { readMatchBlock, MATCH_FIELDS, type MatchConditions } from './istio-match';
import { retriesOf } from './istio-route-settings';
import { ROUTE_FIELDS, ROUTE_NOTES, splitOf } from './istio-http-route';
import { accountKey } from './k8s-inventory';
import { meshId } from './mesh-config';
import type { MeshEntity } from './mesh-entity';
import { formatMillis } from './types';

/** The fields of a Gateway spec. */
export const GATEWAY_FIELDS = ['selector', 'servers'];
const SERVER_FIELDS = ['port', 'bind', 'hosts', 'tls', 'defaultEndpoint', 'name'];
const HTTP_PROTOCOLS = ['HTTP', 'HTTPS', 'HTTP2', 'GRPC'];

/** Reads a Gateway: which ingress deployment it configures. */
export function readGateway(res: IstioResource): void {
  const { spec, source } = res;
  const selector = spec?.labels('selector') ?? {};
  const istio = selector.istio;
  if (istio !== undefined && istio.includes('egress')) {
    warnAt(
      spec?.at('selector') ?? res.at,
      `${source} configures an egress gateway, which is not simulated; left out`,
    );
    spec?.use('servers');
    spec?.finish();
    return;
  }
  for (const { e: server } of spec?.children('servers', 'server', SERVER_FIELDS) ?? []) {
    const port = server.child('port', 'port', ['number', 'protocol', 'name', 'targetPort']);
    const protocol = port?.str('protocol')?.toUpperCase();
    port?.use('number');
    port?.use('name');
    port?.use('targetPort');
    port?.finish();
    if (protocol !== undefined && !HTTP_PROTOCOLS.includes(protocol))
      warnAt(server.at('port'), `${protocol} servers are not simulated: simulated calls are HTTP`);
    const hosts = server.strings('hosts') ?? [];
    if (hosts.some((h) => h !== '*' && !h.endsWith('/*')))
      warnAt(
        server.at('hosts'),
        'the Host header is not simulated: the gateway takes requests for any host, not only these',
      );
    server.note('tls', 'TLS at the gateway is not simulated: requests arrive as plain HTTP');
    server.use('name');
    server.use('bind');
    server.use('defaultEndpoint');
    server.finish();
  }
  spec?.finish();
  const target = ingressOf(selector, res.namespace);
  res.ctx.edge.gateways.set(`${res.namespace}/${res.name}`, { ...target, source, at: res.at });
}

/** The deployment a Gateway's selector picks, with its pods' service account. */
function ingressOf(
  selector: Readonly<Record<string, string>>,
  namespace: string,
): { id: string; account: string } {
  const istio = selector.istio;
  if (istio === 'ingressgateway' || Object.keys(selector).length === 0) return DEFAULT_INGRESS;
  // Helm's gateway chart: the deployment, its label and its service account share one name.
  if (istio !== undefined) {
    const id = meshId(istio.startsWith('istio-') ? istio : `istio-${istio}`);
    return { id, account: accountKey(namespace === 'default' ? id : namespace, id) };
  }
  const id = meshId(selector.app ?? Object.values(selector)[0]);
  return { id, account: accountKey(namespace, id) };
}

/** Reads the HTTP routes of a VirtualService bound to `gateways` as gateway routes. */
export function readGatewayRoutes(spec: MeshEntity, gateways: readonly string[], res: IstioResource): void {
  const routes: EdgeRoute[] = [];
  const routeAt: Where[] = [];
  const base = meshId(res.name ?? 'route');
  spec.children('http', 'HTTP route', ROUTE_FIELDS).forEach(({ e, i }) => {
    const name = e.str('name');
    const id = meshId(name ?? `${base}-${i + 1}`);
    const blocks = e.children('match', 'match block', MATCH_FIELDS);
    const conditions = blocks.length === 0 ? [{}] : blocks.map(({ e: m }) => readMatchBlock(m));
    const split = splitOf(e, res);
    const timeout = e.duration('timeout');
    const retries = gatewayRetries(e);
    if (e.has('fault'))
      warnAt(
        e.at('fault'),
        "faults injected at the gateway are not modelled; left out (a fault on the destination's own VirtualService is)",
      );
    if (e.has('mirror') || e.has('mirrors'))
      warnAt(
        e.at(e.has('mirror') ? 'mirror' : 'mirrors'),
        'mirroring at the gateway is not modelled; left out',
      );
    for (const k of ['fault', 'mirror', 'mirrors', 'mirrorPercentage', 'mirrorPercent', 'mirror_percent'])
      e.use(k);
    e.finish(ROUTE_NOTES);
    if (split === undefined) return;
    const heaviest = [...split.entries].sort((a, b) => b.weight - a.weight)[0];
    conditions.forEach((c, j) => {
      const match = c === undefined ? undefined : gatewayMatch(c, e, j);
      if (match === undefined) return;
      routes.push({
        id: conditions.length > 1 ? `${id}-${j + 1}` : id,
        ...(Object.keys(match).length > 0 ? { match } : {}),
        service: heaviest.service,
        ...(split.entries.length > 1
          ? { split: split.entries.map(({ service, weight }) => ({ service, weight })) }
          : {}),
        ...(timeout !== undefined ? { timeout: timeout === 0 ? 'unlimited' : formatMillis(timeout) } : {}),
        ...(retries !== undefined ? { retries } : {}),
      });
      routeAt.push(e.at());
      for (const x of split.entries) res.mesh.refer(x.service, x.at);
    });
  });
  const at = spec.at('gateways');
  res.ctx.edge.bound.push({
    gateways,
    routes,
    namespace: res.namespace,
    source: res.source,
    at,
    firstMatch: true,
    routeAt,
  });
}

/** A match block as a gateway route's `match`: exact conditions only; others leave the block out (warned). */
function gatewayMatch(
  c: MatchConditions,
  route: MeshEntity,
  j: number,
): NonNullable<EdgeRoute['match']> | undefined {
  const at = route.at('match');
  const out: { path?: string; prefix?: string; methods?: string[]; headers?: Record<string, string> } = {};
  const refuse = (what: string): undefined => {
    warnAt(
      { ...at, path: [...at.path, j] },
      `${what}: meshsim's gateway matches exact paths, path prefixes, methods and exact header values; this match block is left out, so its route takes fewer requests than in Istio`,
    );
    return undefined;
  };
  if (c.uri?.kind === 'regex') return refuse(`path regex "${c.uri.value}"`);
  if (c.uri?.kind === 'exact') out.path = c.uri.value;
  if (c.uri?.kind === 'prefix') out.prefix = c.uri.value;
  if (c.method !== undefined) {
    if (c.method.kind !== 'exact') return refuse(`a method ${c.method.kind}`);
    out.methods = [c.method.value.toUpperCase()];
  }
  for (const [name, m] of Object.entries(c.headers ?? {})) {
    if (m.kind !== 'exact') return refuse(`a header ${m.kind} on ${name}`);
    out.headers = { ...out.headers, [name]: m.value };
  }
  if (c.withoutHeaders !== undefined) return refuse('withoutHeaders');
  return out;
}

/** The route's `retries` as a gateway route's (attempts, retryOn, perTryTimeout). */
function gatewayRetries(e: MeshEntity): EdgeRoute['retries'] {
  const leaves = retriesOf(e);
  if (leaves.length === 0) return undefined;
  const get = (leaf: string): unknown => leaves.find((s) => s.leaf === leaf)?.value;
  for (const leaf of ['retries.backoff', 'retries.otherHost']) {
    const s = leaves.find((x) => x.leaf === leaf);
    if (s !== undefined)
      warnAt(
        s.at,
        `${leaf.slice('retries.'.length)} of a gateway route is not modelled: the gateway retries at once, to the instance its balancer picks`,
      );
  }
  const attempts = get('retries.attempts') as number;
  const retryOn = get('retries.retryOn') as string[] | undefined;
  const perTry = get('retries.perTryTimeout') as string | undefined;
  if (attempts > 0)
    warnAt(
      e.at('retries'),
      "the gateway's sidecar still applies the destination's mesh retries beneath the gateway's own: a try the gateway retries may have been retried there already, which Istio's ingress gateway (one proxy) does not do",
    );
  return {
    attempts,
    ...(retryOn !== undefined ? { retryOn } : {}),
    ...(perTry !== undefined ? { perTryTimeout: perTry } : {}),
  };
}
