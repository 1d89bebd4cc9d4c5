/**
 * The meshsim routes of one Kong route: one per path x host x method group, the route's and its
 * service's plugins on each, and the `instance` that keeps one Kong plugin's state one across them.
 */
import { warnAt } from './config-entity';
import type { KongRoute } from './kong-read';
import type { RawMatch, RawMixEntry, RawPlugin, RawRetries, RawRoute } from './types';

/** A Kong route with more path x host x method-group combinations than this is cut short. */
const MAX_SPLIT = 64;
/** Methods nginx does not retry once sent. */
const NON_IDEMPOTENT = new Set(['POST', 'PATCH', 'LOCK']);

/**
 * Plugins whose state Kong keeps per plugin instance, whatever routes it serves: the limiters'
 * counters, and the cache (Kong keys its entries by the plugin's route, not by host or method).
 */
const COUNTING = new Set(['rate-limiting', 'rate-limiting-advanced', 'proxy-cache']);

/**
 * A Kong route's or service's plugin, named by its `instance` when it counts: Kong keys a limiter's
 * counters by the plugin's own scope (its route, or its service for all the service's routes), so
 * every meshsim route made of that scope shares them. `sharedInstances` drops the name where one
 * route alone has it.
 */
function counted(plugin: RawPlugin, instance: string): RawPlugin {
  return COUNTING.has(plugin.name) ? { ...plugin, instance } : plugin;
}

/** `routes` with each plugin `instance` that only one route names left out: nothing shares it. */
export function sharedInstances(routes: readonly RawRoute[]): RawRoute[] {
  const uses = new Map<string, number>();
  const keyOf = (p: RawPlugin) => `${p.name}\n${String(p.instance)}\n${String(p.consumer)}`;
  for (const r of routes)
    for (const p of r.plugins ?? [])
      if (typeof p.instance === 'string') uses.set(keyOf(p), (uses.get(keyOf(p)) ?? 0) + 1);
  return routes.map((r) =>
    r.plugins === undefined
      ? r
      : {
          ...r,
          plugins: r.plugins.map((p) => {
            if (typeof p.instance !== 'string' || (uses.get(keyOf(p)) ?? 0) > 1) return p;
            const { instance: _alone, ...rest } = p;
            return rest as RawPlugin;
          }),
        },
  );
}

/** The meshsim routes of one Kong route: one per path x host x method group. */
export function routesOf(
  kr: KongRoute,
  index: number,
  serviceId: string,
  retries: { attempts: number; perTryTimeout: string },
  ids: Set<string>,
): RawRoute[] {
  const base = safeId(kr.name ?? `${kr.service.name}-${index + 1}`, 'route');
  const paths = kr.paths ?? [undefined];
  const hosts = [...new Set(kr.hosts ?? [undefined])];
  // nginx retries POST and PATCH only before they are sent: give them routes of their own.
  const groups =
    kr.methods === undefined
      ? [undefined]
      : [
          kr.methods.filter((m) => !NON_IDEMPOTENT.has(m)),
          kr.methods.filter((m) => NON_IDEMPOTENT.has(m)),
        ].filter((g) => g.length > 0);
  const own = kr.plugins.map((p) => p.plugin);
  const plugins: RawPlugin[] = [
    ...own.map((p) => counted(p, `route ${base}`)),
    ...kr.service.plugins
      .map((p) => p.plugin)
      .filter((sp) => !own.some((p) => p.name === sp.name && p.consumer === sp.consumer))
      .map((p) => counted(p, `service ${kr.service.name}`)),
  ];
  const out: RawRoute[] = [];
  for (const p of paths)
    for (const h of hosts)
      for (const g of groups) {
        if (out.length === MAX_SPLIT) {
          warnAt(kr.at, `more than ${MAX_SPLIT} path, host and method combinations; the rest are left out`);
          return out;
        }
        const match: RawMatch = {};
        if (p !== undefined) match[p.kind] = p.value;
        if (g !== undefined) match.methods = [...g];
        const headers = { ...(h !== undefined ? { host: h } : {}), ...kr.headers };
        if (Object.keys(headers).length > 0) match.headers = headers;
        const retryOn =
          g !== undefined && g.every((m) => NON_IDEMPOTENT.has(m))
            ? ['connect-failure']
            : ['connect-failure', 'timeout'];
        const route: RawRoute = {
          id: uniqueId(out.length === 0 ? base : `${base}-${out.length + 1}`, ids),
          match,
          service: serviceId,
          retries: {
            attempts: retries.attempts,
            retryOn,
            perTryTimeout: retries.perTryTimeout,
          } satisfies RawRetries,
          ...(plugins.length > 0 ? { plugins } : {}),
        };
        out.push(route);
      }
  return out;
}

/** One mix entry per route and method, so that every route takes traffic. */
export function mixOf(routes: readonly RawRoute[]): RawMixEntry[] {
  const seen = new Set<string>();
  const mix: RawMixEntry[] = [];
  for (const r of routes) {
    const path = r.match.path ?? r.match.prefix ?? '/';
    for (const method of r.match.methods ?? ['GET']) {
      const entry: RawMixEntry = {
        weight: 1,
        method,
        path,
        ...(r.match.headers !== undefined ? { headers: r.match.headers } : {}),
      };
      const key = JSON.stringify(entry);
      if (!seen.has(key)) {
        seen.add(key);
        mix.push(entry);
      }
    }
  }
  return mix.length > 0 ? mix : [{ weight: 1, method: 'GET', path: '/' }];
}

/** `text` as a meshsim id: characters other than letters, digits, `_ . -` become `-`. */
export function safeId(text: string, fallback: string): string {
  const id = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return id === '' ? fallback : id;
}

/** `wanted`, or `wanted-2`, `-3`, ... when taken; the id is then taken. */
export function uniqueId(wanted: string, ids: Set<string>): string {
  let id = wanted;
  for (let n = 2; ids.has(id); n++) id = `${wanted}-${n}`;
  ids.add(id);
  return id;
}
