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
import { readMeshRoute } from './istio-mesh-routes';
import { ROUTE_FIELDS, ROUTE_NOTES, splitOf } from './istio-http-route';
import { faultOf, mirrorOf, retriesOf } from './istio-route-settings';
import { warnAt } from './config-entity';
import { hostService, type PolicySetting } from './mesh-config';
import { MeshEntity } from './mesh-entity';
import { formatMillis } from './types';

/** The fields of a VirtualService spec. */
export const VS_FIELDS = ['hosts', 'gateways', 'http', 'tls', 'tcp', 'exportTo'];
const ONLY_HTTP = 'only HTTP routes are modelled: simulated calls are HTTP';

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
    routes.forEach((node, i) => {
      if (catchAll < 0 || i <= catchAll) return;
      const where = { r: spec.r, pos: node.pos, path: [...spec.path, 'http', i] };
      const first = formatPath([...spec.path, 'http', catchAll]);
      warnAt(where, `left out: never reached, as ${first} before it takes every request`);
    });
    const reached = catchAll >= 0 ? routes.slice(0, catchAll + 1) : routes;
    reached.forEach((node, i) => {
      const e = MeshEntity.of(node, [...spec.path, 'http', i], spec.r, 'Istio', 'HTTP route', ROUTE_FIELDS);
      if (e === undefined) return;
      // One route for every call: the hosts' own settings, as the policy's fields.
      if (reached.length === 1 && catchAll === 0) readRoute(e, hosts, res);
      else if (answersItself(e)) return;
      else readMeshRoute(e, hosts, res, ROUTE_NOTES);
    });
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

/**
 * A route that answers by itself (a redirect, a direct response) or hands over to another
 * VirtualService: left out with a warning, so the calls it matches go on to the routes after it.
 */
function answersItself(e: MeshEntity): boolean {
  const key = ['redirect', 'directResponse', 'delegate'].find((k) => e.has(k));
  if (key === undefined) return false;
  warnAt(
    e.at(key),
    `left out: ${key === 'delegate' ? 'delegated routes are not modelled' : 'a route that answers by itself is not simulated'}; the calls it matches go on to the routes after it`,
  );
  for (const k of e.node.entries.keys()) e.use(k);
  return true;
}

/** Reads the one route, which takes every call, and sets its settings on every host's service. */
function readRoute(e: MeshEntity, hosts: readonly string[], res: IstioResource): void {
  const { mesh, source } = res;
  const settings: PolicySetting[] = [];
  e.use('name');
  e.use('match');
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
