/**
 * A VirtualService's HTTP routes for calls between sidecars, each a route of its hosts' policies
 * (`mesh.policies.HOST.routes`): in order, the first whose match holds takes a call, and a call no
 * route matches is answered 404 by the caller's sidecar, as Envoy does. Each match block is a route
 * of its own with the route's settings (Istio ORs the blocks; meshsim's route has one match).
 *
 * | HTTPMatchRequest                       | meshsim route `match`                               |
 * | -------------------------------------- | --------------------------------------------------- |
 * | `uri.exact`, `uri.prefix`, `uri.regex` | `path`, `prefix`, `regex`                           |
 * | `method.exact`                         | `methods: [M]`                                      |
 * | `headers.H.exact`, `.prefix`, `.regex` | `headers.h` (exact value, `{ prefix }`, `{ regex }`) |
 * | `withoutHeaders.H`                     | `headers.h` with `invert: true`                     |
 *
 * The route's `route` destinations are its `split`, its `timeout`, `retries`, `fault` and `mirror`
 * its own. A match block on what meshsim does not simulate (query parameters, the caller's labels)
 * is left out, so the route takes fewer calls than in Istio, never more, with a warning.
 */
import type { IstioResource } from './istio';
import { warnAt } from './config-entity';
import { readMatchBlock, MATCH_FIELDS, type MatchConditions, type StringMatch } from './istio-match';
import { faultOf, mirrorOf, retriesOf } from './istio-route-settings';
import { splitOf } from './istio-http-route';
import type { ImportedRoute, PolicySetting } from './mesh-config';
import type { MeshEntity } from './mesh-entity';
import type { RawHeaderMatch, RawMeshFault, RawMeshMatch, RawMeshRetries } from './types';
import { formatMillis } from './types';
import { setOwn } from '../own';

/** Reads one HTTP route into routes of `hosts` (one per match block), in order. */
export function readMeshRoute(
  e: MeshEntity,
  hosts: readonly string[],
  res: IstioResource,
  notes: Readonly<Record<string, string>>,
): void {
  e.use('name');
  const blocks = e.children('match', 'match block', MATCH_FIELDS);
  const matches: (RawMeshMatch | undefined | null)[] =
    blocks.length === 0 ? [undefined] : blocks.map(({ e: m, i }) => meshMatch(readMatchBlock(m), m, i));
  const split = splitOf(e, res);
  const timeout = e.duration('timeout');
  const retries = retriesOf(e);
  const fault = faultOf(e);
  const mirror = mirrorOf(e, res);
  e.finish(notes);
  for (const host of hosts) {
    const entries = split?.entries.map(({ service, weight }) => ({ service, weight }));
    const route: Omit<ImportedRoute, 'match'> = {
      at: e.at(),
      // One destination that is the host itself: the call stays where it is.
      ...(entries !== undefined && !(entries.length === 1 && entries[0].service === host)
        ? { split: entries }
        : {}),
      ...(timeout !== undefined ? { timeout: timeout === 0 ? 'unlimited' : formatMillis(timeout) } : {}),
      ...(retries.length > 0 ? { retries: retriesFrom(retries) } : {}),
      ...(fault.length > 0 ? { fault: faultFrom(fault) } : {}),
      ...(mirror !== undefined && mirror.service !== host
        ? { mirror: mirror.setting.value as { service: string; percentage: number } }
        : {}),
    };
    if (mirror !== undefined && mirror.service === host)
      warnAt(
        mirror.setting.at,
        `a mirror of "${host}" into itself is left out: it would copy each call to where it goes anyway`,
      );
    for (const match of matches) {
      if (match === null) continue;
      res.mesh.addRoute(host, match === undefined ? route : { ...route, match }, res.source);
    }
  }
}

/** The retries leaves of `retriesOf` as a route's `retries`. */
function retriesFrom(leaves: readonly PolicySetting[]): RawMeshRetries {
  const out: Record<string, unknown> = {};
  for (const s of leaves) out[s.leaf.slice('retries.'.length)] = s.value;
  return out as RawMeshRetries;
}

/** The fault leaves of `faultOf` as a route's `fault`. */
function faultFrom(leaves: readonly PolicySetting[]): RawMeshFault {
  const out: Record<string, unknown> = {};
  for (const s of leaves) out[s.leaf.slice('fault.'.length)] = s.value;
  return out as RawMeshFault;
}

/**
 * A match block's conditions as a route's `match`; undefined for a block that matches every call;
 * null for one that matches no simulated call (warned where it was read, or here).
 */
function meshMatch(
  c: MatchConditions | undefined,
  m: MeshEntity,
  i: number,
): RawMeshMatch | undefined | null {
  if (c === undefined) return null;
  const out: RawMeshMatch = {};
  if (c.uri !== undefined) {
    if (c.uri.kind === 'exact') out.path = c.uri.value;
    else if (c.uri.kind === 'prefix') {
      if (c.uri.value !== '/') out.prefix = c.uri.value;
    } else out.regex = c.uri.value;
  }
  if (c.method !== undefined) {
    if (c.method.kind !== 'exact') {
      warnAt(
        m.at('method'),
        `a method ${c.method.kind} is not modelled: meshsim's routes match exact methods; match block ${i} is left out, so the route takes fewer calls than in Istio`,
      );
      return null;
    }
    out.methods = [c.method.value.toUpperCase()];
  }
  // setOwn, not `headers[name] =`: a header may be named `__proto__`.
  const headers: Record<string, string | RawHeaderMatch> = {};
  for (const [name, h] of Object.entries(c.headers ?? {})) setOwn(headers, name, headerMatch(h));
  for (const [name, h] of Object.entries(c.withoutHeaders ?? {})) {
    const m = headerMatch(h);
    setOwn(
      headers,
      name,
      h.kind === 'prefix' && h.value === ''
        ? { present: true, invert: true }
        : { ...(typeof m === 'string' ? { exact: m } : m), invert: true },
    );
  }
  if (Object.keys(headers).length > 0) out.headers = headers;
  return Object.keys(out).length > 0 ? out : undefined;
}

function headerMatch(h: StringMatch): string | RawHeaderMatch {
  if (h.kind === 'exact') return h.value;
  return h.kind === 'prefix' ? { prefix: h.value } : { regex: h.value };
}
