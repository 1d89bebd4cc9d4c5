/**
 * `importKong`: Kong declarative config (with `_format_version`, or without as decK reads it) to a
 * meshsim scenario document. docs/import-kong.md lists every field; in short:
 *
 * | Kong                                        | meshsim                                                                 |
 * | ------------------------------------------- | ----------------------------------------------------------------------- |
 * | service `host` (from `url` or `host`)       | the service a route forwards to; a stub service with placeholder times  |
 * | upstream named by that host                 | its targets of weight > 0 are the service's `instances`                 |
 * | upstream `algorithm`, `hash_on`, weights    | the route's `loadBalancer` and `weights`                                |
 * | upstream `healthchecks`                     | the route's `healthchecks`                                              |
 * | service `retries` (5)                       | each route's `retries.attempts`                                         |
 * | service `read_timeout` (60 000 ms)          | `retries.perTryTimeout`; `retryOn: [connect-failure, timeout]`, no 5xx  |
 * | route `paths`                               | `match.prefix`; a regex: exact `path` or its literal prefix (warns)     |
 * | route `methods`, `headers`, `hosts`         | `match.methods`, `match.headers`, a `host` header                       |
 * | several paths / hosts                       | one meshsim route each (`orders`, `orders-2`, ...)                      |
 * | a route's or service's limiter or cache     | one `instance` its routes share: one state, as Kong keys it by scope    |
 * | POST / PATCH only                           | `retryOn: [connect-failure]`: nginx does not retry them once sent       |
 * | global plugins                              | `gateway.plugins`                                                       |
 * | service and route plugins                   | each route's `plugins` (the route's own win, as in Kong)                |
 * | a plugin's `consumer`, a consumer's plugins | the plugin's `consumer`                                                 |
 * | consumers, ACL groups                       | names a client may use as `consumer`; acl groups become consumer names  |
 *
 * The gateway gets `profile: kong`, and client stubs (`clients`, Poisson 100/s, one mix entry per
 * route and method) make the result run as it is. A field without a meshsim counterpart is a
 * warning naming it when its value is not Kong's default, one per field name.
 */
import { describe } from '../checks';
import { type Diagnostic, Reporter } from '../diagnostics';
import { parseDocuments } from './documents';
import { warnAt, type Where } from './config-entity';
import { warnStub, type GatewayImport, type ServiceStub } from './gateway-import';
import { readKong, type KongConfig, type KongDoc, type KongService } from './kong-read';
import { unequalWeights, type KongUpstream } from './kong-upstreams';
import { clientStubs, STUB_RATE } from './kong-clients';
import { looksLikeKong } from './kong-detect';
import { mixOf, routesOf, safeId, sharedInstances } from './kong-routes';
import {
  formatMillis,
  type ImportResult,
  type RawGateway,
  type RawRoute,
  type RawScenario,
  type RawService,
} from './types';

export { STUB_RATE, type ServiceStub };

/** A scenario made from Kong config, with its stub services (their warnings are the caller's). */
export type KongScenario = GatewayImport;

/** Retries above this are cut: they would only multiply the run's events (the size guard). */
export const MAX_IMPORTED_RETRIES = 100;
const AUTH_PLUGINS = new Set(['key-auth', 'jwt', 'acl', 'external-auth']);
/** What a stub service is given, to be edited: Kong's config holds no service times. */
const STUB_TIMES = { concurrency: 8, serviceTime: { dist: 'exponential', mean: '10ms' } } as const;

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
    const built = kongScenario(readKong(docs), sourceName(file), { r, pos: docs[0].root.pos, path: [] });
    if (r.errors.length > 0) return outcome([r], {});
    for (const stub of built.stubs) warnStub(stub, 'Kong');
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

/**
 * Maps what was read to a scenario; problems of the mapping go to the documents' reporters. `at`:
 * where the config starts.
 */
export function kongScenario(cfg: KongConfig, source: string, at: Where): KongScenario {
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
      ...(upstream?.hashOn !== undefined ? { hashOn: upstream.hashOn } : {}),
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
    product: 'Kong',
    at,
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

/** `dir/kong.yml` -> `kong.yml`: names in output never carry the reader's directories. */
export function sourceName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

/**
 * Sorted diagnostics of every reporter and the scenario. A diagnostic said twice (a document read
 * once for each product's variant, `product-variants.ts`) is given once.
 */
export function outcome(reporters: readonly Reporter[], scenario: RawScenario): ImportResult {
  const byPosition = (a: Diagnostic, b: Diagnostic): number => a.line - b.line || a.column - b.column;
  return {
    scenario,
    warnings: reporters.flatMap((r) => once([...r.warnings].sort(byPosition))),
    errors: reporters.flatMap((r) => once([...r.errors].sort(byPosition))),
  };
}

/** `diagnostics` without repeats of one said at the same place. */
function once(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
