/**
 * `importKong`: Kong declarative config (`_format_version: "3.0"`) to a meshsim scenario document.
 *
 * | Kong                                        | meshsim                                                                 |
 * | ------------------------------------------- | ----------------------------------------------------------------------- |
 * | service `host` (from `url` or `host`)       | the service a route forwards to; a stub service with placeholder times  |
 * | upstream named by that host                 | its active targets are the service's `instances`                        |
 * | upstream `algorithm`, `healthchecks`        | the route's `loadBalancer` and `healthchecks`                           |
 * | service `retries` (5)                       | each route's `retries.attempts`                                         |
 * | service `read_timeout` (60 000 ms)          | `retries.perTryTimeout`; `retryOn: [connect-failure, timeout]`, no 5xx  |
 * | route `paths`                               | `match.prefix`; a `~` regex: exact `path` or its literal prefix (warns) |
 * | route `methods`, `headers`, `hosts`         | `match.methods`, `match.headers`, a `host` header                       |
 * | several paths / hosts                       | one meshsim route each (`orders`, `orders-2`, ...)                      |
 * | a route's or service's limiter              | one `instance` its routes share: one counter, as Kong keys it by scope  |
 * | POST / PATCH only                           | `retryOn: [connect-failure]`: nginx does not retry them once sent       |
 * | global plugins                              | `gateway.plugins`                                                       |
 * | service and route plugins                   | each route's `plugins` (the route's own win, as in Kong)                |
 * | consumers, ACL groups                       | names a client may use as `consumer`; acl groups become consumer names  |
 *
 * The gateway gets `profile: kong`, and a client stub (`clients`, Poisson 100/s, one mix entry per
 * route and method) makes the result run as it is. Every field without a meshsim counterpart is a
 * warning naming it; `strip_path` and the like change only the request sent upstream, which no
 * simulated service looks at, and are warnings too. Kong's router ranks routes by how many
 * conditions they set before path length; meshsim ranks by path only (docs/scenario-format.md).
 */
import { describe } from '../checks';
import { type Diagnostic, Reporter } from '../diagnostics';
import { parseDocuments } from './documents';
import { warnAt, type Where } from './config-entity';
import { readKong, type KongConfig, type KongDoc, type KongRoute, type KongService } from './kong-read';
import { unequalWeights, type KongUpstream } from './kong-upstreams';
import { looksLikeKong } from './kong-detect';
import {
  formatMillis,
  type ImportResult,
  type RawClient,
  type RawGateway,
  type RawMatch,
  type RawMixEntry,
  type RawPlugin,
  type RawRetries,
  type RawRoute,
  type RawScenario,
  type RawService,
} from './types';

/** A stub service made for a Kong host, and where that host is written. */
export interface ServiceStub {
  readonly id: string;
  readonly at: Where;
  /** The upstream behind the host, when there is one. */
  readonly upstream?: { readonly name: string; readonly targets: number };
}

/** A scenario made from Kong config, with its stub services (their warnings are the caller's). */
export interface KongScenario {
  readonly scenario: RawScenario;
  readonly stubs: readonly ServiceStub[];
  /** The description's line about the client stub, if any: a bundle with its own clients drops it. */
  readonly clientNote?: string;
}

/** Retries above this are cut: they would only multiply the run's events (the size guard). */
export const MAX_IMPORTED_RETRIES = 100;
/** A Kong route with more path x host x method-group combinations than this is cut short. */
const MAX_SPLIT = 64;
const NON_IDEMPOTENT = new Set(['POST', 'PATCH', 'LOCK']);
const AUTH_PLUGINS = new Set(['key-auth', 'jwt', 'acl', 'external-auth']);
/** What a stub service is given, to be edited: Kong's config holds no service times. */
const STUB_TIMES = { concurrency: 8, serviceTime: { dist: 'exponential', mean: '10ms' } } as const;
/** The client stub's rate, per second. */
export const STUB_RATE = 100;

/** Imports a file of Kong declarative config (one or more documents); never throws. */
export function importKong(text: string, fileName: string): ImportResult {
  const file = typeof fileName === 'string' && fileName !== '' ? fileName : 'kong.yml';
  const r = new Reporter(file);
  try {
    const docs: KongDoc[] = [];
    for (const root of parseDocuments(typeof text === 'string' ? text : String(text), r)) {
      if (root.kind === 'map' && (root.entries.has('_format_version') || looksLikeKong(root)))
        docs.push({ root, r });
      else
        r.error(root.pos, [], {
          message:
            'not Kong declarative config: it has no _format_version, and no services with url, host or routes, routes, consumers, upstreams or plugins',
          found: describe(root),
          hint:
            root.kind === 'map'
              ? 'a bundle with a meshsim scenario document is read by importBundle'
              : undefined,
        });
    }
    if (r.errors.length > 0) return outcome([r], {});
    const built = kongScenario(readKong(docs), sourceName(file));
    if (r.errors.length > 0) return outcome([r], {});
    for (const stub of built.stubs) warnStub(stub);
    if (built.stubs.length === 0)
      r.error(docs[0].root.pos, [], {
        message: 'nothing to simulate: no route leads to a service',
        hint: 'add routes, or import it in a bundle whose scenario document has services',
      });
    return outcome([r], built.scenario);
  } catch (e) {
    return internalError(file, e);
  }
}

/** Maps what was read to a scenario; problems of the mapping go to the documents' reporters. */
export function kongScenario(cfg: KongConfig, source: string): KongScenario {
  const stubs = new Map<string, ServiceStub & { readonly instances: number }>();
  const routes: RawRoute[] = [];
  const routeIds = new Set<string>();
  const checked = new Map<KongUpstream, number>();
  for (const svc of cfg.services) {
    if (!svc.enabled) continue;
    if (svc.routes.length === 0) {
      warnAt(svc.at, `service "${svc.name}" has no routes: no request reaches it; left out`);
      continue;
    }
    const id = safeId(svc.host, 'service');
    if (!stubs.has(id)) stubs.set(id, stubFor(cfg, svc, id));
    const upstream = cfg.upstreams.get(svc.host);
    const weights = upstream === undefined ? undefined : unequalWeights(upstream);
    const balancing = {
      ...(upstream?.loadBalancer !== undefined ? { loadBalancer: upstream.loadBalancer } : {}),
      ...(upstream?.healthchecks !== undefined ? { healthchecks: upstream.healthchecks } : {}),
      ...(weights !== undefined ? { weights } : {}),
    };
    const retries = retriesOf(svc);
    svc.routes.forEach((kr, i) => {
      const made = routesOf(kr, i, id, retries, routeIds).map((r) => ({ ...r, ...balancing }));
      routes.push(...made);
      if (upstream?.healthchecks !== undefined)
        checked.set(upstream, (checked.get(upstream) ?? 0) + made.length);
    });
  }
  for (const [upstream, n] of checked)
    if (n > 1)
      warnAt(
        upstream.at,
        `Kong keeps one health state per upstream; meshsim keeps one per route, so the ${n} routes to "${upstream.name}" each count failures apart`,
      );

  let gatewayId = 'kong';
  while (stubs.has(gatewayId)) gatewayId += '-gateway';
  const globalPlugins = cfg.globalPlugins.map((p) => p.plugin);
  const gateway: RawGateway = {
    id: gatewayId,
    profile: 'kong',
    ...(globalPlugins.length > 0 ? { plugins: globalPlugins } : {}),
    routes: sharedInstances(routes),
  };
  const usesAuth = [...globalPlugins, ...routes.flatMap((r) => r.plugins ?? [])].some((p) =>
    AUTH_PLUGINS.has(p.name),
  );
  const { clients, clientNote } = clientStubs(cfg, usesAuth, mixOf(routes), [
    ...globalPlugins,
    ...routes.flatMap((r) => r.plugins ?? []),
  ]);
  const services: RawService[] = [...stubs.values()].map((s) => ({
    id: s.id,
    instances: s.instances,
    ...STUB_TIMES,
  }));
  return {
    scenario: {
      name: `Kong config ${source}`,
      description: describeImport(source, cfg, clientNote),
      clients,
      gateway,
      services,
    },
    stubs: [...stubs.values()].map(({ id, at, upstream }) => ({ id, at, upstream })),
    clientNote,
  };
}

/** Consumers that get a client stub of their own, at most: each adds STUB_RATE requests a second. */
const MAX_CONSUMER_CLIENTS = 8;

/**
 * The client stub: one client sending as the first consumer when a route authenticates; when some
 * plugin is scoped to a consumer, one client per consumer (up to MAX_CONSUMER_CLIENTS), so that each
 * scope takes traffic and the report counts it apart.
 */
function clientStubs(
  cfg: KongConfig,
  usesAuth: boolean,
  mix: RawMixEntry[],
  plugins: readonly RawPlugin[],
): { clients: RawClient[]; clientNote?: string } {
  // Behind an allow list the stub sends from its first address, so that its traffic passes.
  const allowed = plugins.find((p) => p.name === 'ip-restriction' && Array.isArray(p.allow))?.allow as
    string[] | undefined;
  const ip = allowed?.[0].split('/')[0];
  const stub = (id: string, consumer?: string): RawClient => ({
    id,
    arrival: { process: 'poisson', rate: STUB_RATE },
    mix,
    ...(consumer !== undefined ? { consumer } : {}),
    ...(ip !== undefined ? { ip } : {}),
  });
  if (!usesAuth || cfg.consumers.length === 0) return { clients: [stub('clients')] };
  if (!plugins.some((p) => typeof p.consumer === 'string')) {
    const consumer = cfg.consumers[0].name;
    return { clients: [stub('clients', consumer)], clientNote: `The client stub sends as ${consumer}.` };
  }
  const names = cfg.consumers.slice(0, MAX_CONSUMER_CLIENTS).map((c) => c.name);
  const ids = new Set<string>();
  const clients = names.map((name) => stub(uniqueId(safeId(`clients-${name}`, 'clients'), ids), name));
  const left = cfg.consumers.length - names.length;
  return {
    clients,
    clientNote: `Plugins are scoped to consumers, so one client stub sends as each of ${names.join(', ')}${left > 0 ? ` (${left} more consumers have none)` : ''}, ${STUB_RATE} requests a second each.`,
  };
}

/** Warns that a stub service's times are placeholders. */
export function warnStub(stub: ServiceStub): void {
  const what =
    stub.upstream === undefined ? 'serviceTime, concurrency and instances' : 'serviceTime and concurrency';
  const from =
    stub.upstream === undefined
      ? ''
      : ` (instances: the ${stub.upstream.targets} targets of upstream "${stub.upstream.name}")`;
  warnAt(
    stub.at,
    `meshsim service "${stub.id}" is a stub${from}: Kong config holds no service times, so its ${what} are placeholder defaults to edit`,
  );
}

/** `dir/kong.yml` -> `kong.yml`: names in output never carry the reader's directories. */
export function sourceName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

/** Sorted diagnostics of every reporter and the scenario. */
export function outcome(reporters: readonly Reporter[], scenario: RawScenario): ImportResult {
  const byPosition = (a: Diagnostic, b: Diagnostic): number => a.line - b.line || a.column - b.column;
  return {
    scenario,
    warnings: reporters.flatMap((r) => [...r.warnings].sort(byPosition)),
    errors: reporters.flatMap((r) => [...r.errors].sort(byPosition)),
  };
}

/** A bug of ours, as one diagnostic rather than a throw. */
export function internalError(file: string, e: unknown): ImportResult {
  const message = `internal error while importing: ${e instanceof Error ? e.message : String(e)}`;
  return {
    scenario: {},
    warnings: [],
    errors: [{ severity: 'error', file, line: 1, column: 1, path: '', message }],
  };
}

function stubFor(
  cfg: KongConfig,
  svc: KongService,
  id: string,
): ServiceStub & { readonly instances: number } {
  const up = cfg.upstreams.get(svc.host);
  if (up === undefined) return { id, at: svc.hostAt, instances: 1 };
  if (up.targets === 0)
    warnAt(
      up.at,
      `upstream "${up.name}" has no active targets (Kong answers 503); the stub service has one instance`,
    );
  return {
    id,
    at: svc.hostAt,
    instances: Math.max(1, up.targets),
    upstream: { name: up.name, targets: up.targets },
  };
}

function retriesOf(svc: KongService): { attempts: number; perTryTimeout: string } {
  let attempts = svc.retries;
  if (attempts > MAX_IMPORTED_RETRIES) {
    warnAt(
      svc.retriesAt,
      `${attempts} retries are cut to ${MAX_IMPORTED_RETRIES}: more only multiply the simulated events`,
    );
    attempts = MAX_IMPORTED_RETRIES;
  }
  return { attempts, perTryTimeout: formatMillis(svc.readTimeout) };
}

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
function sharedInstances(routes: readonly RawRoute[]): RawRoute[] {
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
function routesOf(
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
function mixOf(routes: readonly RawRoute[]): RawMixEntry[] {
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

function describeImport(source: string, cfg: KongConfig, clientNote: string | undefined): string {
  const lines = [
    `Imported by \`meshsim import\` from ${source} (Kong declarative config).`,
    "Service times, concurrency and instance counts without an upstream are placeholders: Kong's config does not hold them.",
  ];
  if (cfg.consumers.length > 0) {
    const names = cfg.consumers.map((c) =>
      c.groups.length > 0 ? `${c.name} (groups: ${c.groups.join(', ')})` : c.name,
    );
    lines.push(`Kong consumers, usable as a client's \`consumer\`: ${names.join(', ')}.`);
  }
  if (clientNote !== undefined) lines.push(clientNote);
  return `${lines.join('\n')}\n`;
}

/** `text` as a meshsim id: characters other than letters, digits, `_ . -` become `-`. */
function safeId(text: string, fallback: string): string {
  const id = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return id === '' ? fallback : id;
}

function uniqueId(wanted: string, ids: Set<string>): string {
  let id = wanted;
  for (let n = 2; ids.has(id); n++) id = `${wanted}-${n}`;
  ids.add(id);
  return id;
}
