/**
 * VirtualService: the route settings of each host's service. Of the HTTP routes one is modelled
 * (see istio.ts): its destinations and weights become the host's `split` (subset `v2` of `reviews`
 * is the service `reviews-v2`), and its `timeout`, `retries`, `fault` and `mirror` the host's.
 * A single destination that is the host itself needs no split.
 */
import { formatPath, Reporter } from '../diagnostics';
import type { LNode } from '../positions';
import type { IstioResource } from './istio';
import { readGatewayRoutes } from './istio-gateway';
import { DESTINATION_FIELDS, destinationService, faultOf, mirrorOf, retriesOf } from './istio-route-settings';
import { warnAt, type Where } from './config-entity';
import { hostService, subsetService, type PolicySetting } from './mesh-config';
import { MeshEntity } from './mesh-entity';
import { formatMillis } from './types';

/** The fields of a VirtualService spec. */
export const VS_FIELDS = ['hosts', 'gateways', 'http', 'tls', 'tcp', 'exportTo'];
/** The fields of an HTTP route. */
export const ROUTE_FIELDS = [
  'name',
  'match',
  'route',
  'redirect',
  'directResponse',
  'delegate',
  'rewrite',
  'timeout',
  'retries',
  'fault',
  'mirror',
  'mirrors',
  'mirrorPercentage',
  'mirrorPercent',
  'mirror_percent',
  'corsPolicy',
  'headers',
];
const ROUTE_DESTINATION_FIELDS = ['destination', 'weight', 'headers'];
const WEIGHT = { min: 0, max: 2 ** 31 - 1 };
const ONLY_HTTP = 'only HTTP routes are modelled: simulated calls are HTTP';
const NOT_FORWARDED = 'the route answers by itself, which is not simulated';
/** Why route fields that answer by themselves or change the request are left out. */
export const ROUTE_NOTES: Readonly<Record<string, string>> = {
  redirect: NOT_FORWARDED,
  directResponse: NOT_FORWARDED,
  delegate: 'delegated routes are not modelled',
  rewrite: 'the path sent upstream is not simulated',
  corsPolicy: 'CORS is not simulated',
  headers: 'header changes are not simulated',
};

/** Reads a VirtualService into the route settings of its hosts' services. */
export function readVirtualService(res: IstioResource): void {
  const { spec, source } = res;
  if (spec === undefined) {
    warnAt(res.at, `${source} has no spec; left out`);
    return;
  }
  const gateways = spec.strings('gateways');
  const others = (gateways ?? []).filter((g) => g !== 'mesh');
  if (others.length > 0) {
    // Bound to gateways and the mesh alike: the gateway's routes are read from a copy, so that
    // each field is warned about once, by the reading for the mesh below.
    const bound = gateways?.includes('mesh') === true ? quietCopy(spec) : spec;
    readGatewayRoutes(bound, others, res);
    if (bound === spec) {
      spec.use('hosts');
      spec.note('exportTo', 'namespaces are not modelled: every service sees every route');
      spec.note('tls', ONLY_HTTP);
      spec.note('tcp', ONLY_HTTP);
      spec.finish();
      return;
    }
  }
  const hosts = routedHosts(spec, res);
  spec.note('exportTo', 'namespaces are not modelled: every service sees every route');
  spec.note('tls', ONLY_HTTP);
  spec.note('tcp', ONLY_HTTP);
  const routes = spec.list('http');
  if (routes !== undefined && routes.length > 0) {
    const catchAll = routes.findIndex(isCatchAll);
    const chosen = Math.max(0, catchAll);
    const what = hosts.length > 0 ? hosts.map((h) => `"${h}"`).join(', ') : 'a service';
    routes.forEach((node, i) => {
      if (i === chosen) return;
      const where = { r: spec.r, pos: node.pos, path: [...spec.path, 'http', i] };
      const modelled = formatPath([...spec.path, 'http', chosen]);
      if (catchAll >= 0 && i > catchAll)
        warnAt(where, `left out: never reached, as ${modelled} before it takes every request`);
      else
        warnAt(
          where,
          `left out: a meshsim policy treats every call into ${what} alike, so one route is modelled, ${modelled} (${catchAll >= 0 ? 'the first without match conditions' : 'the first; every route has match conditions'}); this one sends the calls it matches${matchedOn(node)} ${targetsOf(node)}`,
        );
    });
    const e = MeshEntity.of(
      routes[chosen],
      [...spec.path, 'http', chosen],
      spec.r,
      'Istio',
      'HTTP route',
      ROUTE_FIELDS,
    );
    if (e !== undefined) readRoute(e, hosts, catchAll < 0, res);
  }
  spec.finish();
}

/** `spec` read again with its diagnostics dropped. */
function quietCopy(spec: MeshEntity): MeshEntity {
  return new MeshEntity(
    spec.node,
    spec.path,
    new Reporter(spec.r.file),
    'Istio',
    'VirtualService spec',
    VS_FIELDS,
  );
}

/** The services of `hosts`, but wildcards and hosts another VirtualService routes (warnings). */
function routedHosts(spec: MeshEntity, res: IstioResource): string[] {
  const hosts = spec.strings('hosts');
  const out: string[] = [];
  if (hosts === undefined) {
    if (!spec.has('hosts'))
      spec.r.error(spec.node.pos, spec.path, {
        message: 'a VirtualService needs hosts',
        expected: 'hosts: [reviews]',
      });
    return out;
  }
  const list = spec.node.entries.get('hosts')?.value;
  hosts.forEach((h, i) => {
    const pos = list?.kind === 'seq' ? list.items[i].pos : spec.node.pos;
    const at = { r: spec.r, pos, path: [...spec.path, 'hosts', i] };
    if (h.includes('*')) {
      warnAt(at, `wildcard host "${h}" is not modelled: a meshsim policy belongs to one service; left out`);
      return;
    }
    const id = hostService(h);
    const first = res.ctx.routedHosts.get(id);
    if (first !== undefined) {
      warnAt(
        at,
        `${id} is already routed by ${first.source} (line ${first.at.pos.line} of ${first.at.r.file}); two VirtualServices for one host of the mesh conflict (istioctl analyze: IST0109) and Istio uses the one created first; left out here`,
      );
      return;
    }
    res.ctx.routedHosts.set(id, { source: res.source, at });
    // A stub made for the host is reported at the host.
    res.mesh.refer(id, at);
    if (!out.includes(id)) out.push(id);
  });
  return out;
}

/** Reads the modelled route and sets its settings on every host's service. */
function readRoute(e: MeshEntity, hosts: readonly string[], conditional: boolean, res: IstioResource): void {
  const { mesh, source } = res;
  const settings: PolicySetting[] = [];
  e.use('name');
  e.use('match');
  if (conditional && e.has('match'))
    warnAt(
      e.at('match'),
      `match conditions are not modelled: every call into ${hosts.join(', ') || 'the host'} takes this route`,
    );
  const split = splitOf(e, res);
  const timeout = e.duration('timeout');
  if (timeout !== undefined)
    settings.push({
      leaf: 'timeout',
      value: timeout === 0 ? 'unlimited' : formatMillis(timeout),
      at: e.at('timeout'),
    });
  settings.push(...retriesOf(e), ...faultOf(e));
  const mirror = mirrorOf(e, res);
  for (const [k, why] of Object.entries(ROUTE_NOTES)) e.note(k, why);
  e.finish();
  for (const host of hosts) {
    for (const s of settings) mesh.setRoute(host, s, source);
    if (mirror !== undefined && mirror.service === host)
      warnAt(
        mirror.setting.at,
        `a mirror of "${host}" into itself is left out: it would copy each call to where it goes anyway`,
      );
    else if (mirror !== undefined) {
      mesh.setRoute(host, mirror.setting, source);
      mesh.refer(mirror.service, mirror.setting.at);
    }
    if (split === undefined) continue;
    const entries = split.entries.map(({ service, weight }) => ({ service, weight }));
    // One destination that is the host itself: calls stay where they are.
    if (entries.length === 1 && entries[0].service === host) continue;
    mesh.setRoute(host, { leaf: 'split', value: entries, at: split.at }, source);
    for (const x of split.entries) mesh.refer(x.service, x.at);
  }
}

/** One destination of a route's split. */
export interface SplitEntry {
  readonly service: string;
  weight: number;
  readonly at: Where;
}

/** The route's destinations with their weights (0 left out), or undefined without any. */
export function splitOf(e: MeshEntity, res: IstioResource): { entries: SplitEntry[]; at: Where } | undefined {
  const list = e.children('route', 'route destination', ROUTE_DESTINATION_FIELDS);
  const read: { service: string; weight?: number; at: Where }[] = [];
  for (const { e: d } of list) {
    const weight = d.int('weight', WEIGHT);
    d.note('headers', 'header changes are not simulated');
    const dst = d.child('destination', 'destination', DESTINATION_FIELDS);
    d.finish();
    if (dst === undefined) {
      if (!d.has('destination'))
        d.r.error(d.node.pos, d.path, {
          message: 'a route destination needs destination',
          expected: 'destination: { host: reviews }',
        });
      continue;
    }
    const service = destinationService(dst, res);
    if (service !== undefined) read.push({ service, weight, at: dst.valueAt('host') });
  }
  if (read.length === 0) return undefined;
  const entries: SplitEntry[] = [];
  for (const x of read) {
    // Istio: a lone destination takes all traffic; with several, an unweighted one takes none.
    const weight = x.weight ?? (read.length === 1 ? 100 : 0);
    const same = entries.find((y) => y.service === x.service);
    if (same !== undefined) same.weight += weight;
    else if (weight > 0) entries.push({ service: x.service, weight, at: x.at });
  }
  if (entries.length === 0) {
    warnAt(e.at('route'), 'no destination has a weight above 0 (Istio refuses this); the split is left out');
    return undefined;
  }
  return { entries, at: e.at('route') };
}

/** Whether a route matches every request: no match, or a match block with no condition but `/`. */
function isCatchAll(route: LNode): boolean {
  if (route.kind !== 'map') return false;
  const match = route.entries.get('match')?.value;
  if (match === undefined || (match.kind === 'scalar' && match.value === null)) return true;
  if (match.kind !== 'seq') return false;
  if (match.items.length === 0) return true;
  return match.items.some((block) => {
    if (block.kind !== 'map') return false;
    for (const [k, v] of block.entries) {
      if (k === 'name' || k === 'ignoreUriCase' || k === 'statPrefix') continue;
      if (k === 'uri' && v.value.kind === 'map') {
        const prefix = v.value.entries.get('prefix')?.value;
        if (v.value.entries.size === 1 && prefix?.kind === 'scalar' && prefix.value === '/') continue;
      }
      return false;
    }
    return true;
  });
}

/** ` (on headers, uri)`: the conditions of a route's match blocks, for messages. */
function matchedOn(route: LNode): string {
  const match = route.kind === 'map' ? route.entries.get('match')?.value : undefined;
  const keys = new Set<string>();
  if (match?.kind === 'seq')
    for (const b of match.items)
      if (b.kind === 'map') for (const k of b.entries.keys()) if (k !== 'name') keys.add(k);
  return keys.size > 0 ? ` (on ${[...keys].join(', ')})` : '';
}

/** `to reviews-v2`: where a route sends its calls, read without checks, for messages. */
function targetsOf(route: LNode): string {
  const out: string[] = [];
  const list = route.kind === 'map' ? route.entries.get('route')?.value : undefined;
  if (list?.kind === 'seq')
    for (const d of list.items) {
      const dst = d.kind === 'map' ? d.entries.get('destination')?.value : undefined;
      if (dst?.kind !== 'map') continue;
      const host = dst.entries.get('host')?.value;
      const subset = dst.entries.get('subset')?.value;
      if (host?.kind !== 'scalar' || typeof host.value !== 'string') continue;
      const id = hostService(host.value);
      out.push(
        subset?.kind === 'scalar' && subset.value !== null ? subsetService(id, String(subset.value)) : id,
      );
    }
  return out.length > 0
    ? `to ${[...new Set(out)].join(', ')}`
    : 'elsewhere (a redirect, direct response or delegate)';
}
