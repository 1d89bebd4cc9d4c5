/**
 * A Linkerd ServiceProfile (`linkerd.io/v1alpha2`, also v1alpha1): per-route retries and timeouts
 * of the calls into the service its name is the FQDN of (`web-svc.emojivoto.svc.cluster.local`:
 * the service `web-svc`), and the retry budget that bounds them. Its routes only classify calls:
 * every call reaches the service whatever route it matches, so the profile's routes are followed
 * by a catch-all (calls of no route are neither retried nor cut).
 *
 * | ServiceProfile                                   | meshsim                                             |
 * | ------------------------------------------------ | --------------------------------------------------- |
 * | `routes[i].condition` method, pathRegex, all, any | the route's `match` (`methods`, `regex`); `any`: one route per branch |
 * | `routes[i].isRetryable: true`                    | the route's `retries.attempts`: {@link PROFILE_RETRY_CAP} |
 * | `routes[i].timeout`                              | the route's `timeout` (retries included)            |
 * | `routes[i].responseClasses` (status ranges)      | the route's `retries.retryOn` (what is a failure)   |
 * | `retryBudget` retryRatio, minRetriesPerSecond, ttl | `retries.budget` ratio, minPerSecond, ttl         |
 * | `dstOverrides` authority, weight                 | the service's `split`                               |
 */
import { warnAt, type Where } from './config-entity';
import { hostService, type MeshConfig } from './mesh-config';
import type { MeshEntity } from './mesh-entity';
import { formatMillis, type RawMeshMatch } from './types';
import { quantity } from './linkerd-split';

/** The fields of a ServiceProfile spec. */
export const PROFILE_FIELDS = ['routes', 'retryBudget', 'dstOverrides', 'opaquePorts'];
const ROUTE_FIELDS = ['name', 'condition', 'responseClasses', 'isRetryable', 'timeout'];
const MATCH_FIELDS = ['method', 'pathRegex', 'all', 'any', 'not'];
const BUDGET_FIELDS = ['retryRatio', 'minRetriesPerSecond', 'ttl'];
/**
 * Retries of one call on a retryable route. Linkerd sets no count: it retries "whenever possible",
 * which its budget bounds; meshsim needs a count, and at 10 the budget binds first under load.
 */
export const PROFILE_RETRY_CAP = 10;

/** What a ServiceProfile reader is given. */
export interface ProfileResource {
  readonly spec: MeshEntity | undefined;
  readonly name: string | undefined;
  readonly source: string;
  readonly at: Where;
  readonly mesh: MeshConfig;
}

/** Reads a ServiceProfile; returns the service it is about (undefined when it names none). */
export function readServiceProfile(res: ProfileResource): string | undefined {
  const { spec, mesh, source } = res;
  if (res.name === undefined) {
    warnAt(
      res.at,
      'a ServiceProfile is named after the FQDN of its service, and this one has no name; left out',
    );
    return undefined;
  }
  const service = hostService(res.name);
  if (!/\.svc\.cluster\.local\.?$/.test(res.name) && res.name.includes('.'))
    warnAt(
      res.at,
      `"${res.name}" is not a cluster FQDN (NAME.NAMESPACE.svc.cluster.local); read as the service ${service}`,
    );
  mesh.refer(service, res.at);
  if (spec === undefined) return service;
  const split = dstOverrides(spec, mesh);
  const budget = spec.child('retryBudget', 'retryBudget', BUDGET_FIELDS);
  if (budget !== undefined) {
    const ratio = budget.num('retryRatio', { min: 0, max: 1_000 });
    const min = budget.num('minRetriesPerSecond', { min: 0, max: 1e9 });
    const ttl = budget.duration('ttl', true);
    budget.finish();
    const value = {
      ...(ratio !== undefined && { ratio }),
      ...(min !== undefined && { minPerSecond: min }),
      ...(ttl !== undefined && { ttl: formatMillis(ttl) }),
    };
    mesh.setRoute(service, { leaf: 'retries.budget', value, at: budget.at() }, source);
  }
  const routes = spec.children('routes', 'route', ROUTE_FIELDS);
  for (const { e } of routes) {
    e.use('name');
    const cond = e.child('condition', 'condition', MATCH_FIELDS);
    const matches = cond === undefined ? [{}] : matchesOf(cond);
    const retryable = e.bool('isRetryable') ?? false;
    const timeout = e.duration('timeout');
    const retryOn = failuresOf(e);
    e.finish();
    if (cond === undefined) warnAt(e.at(), 'a route needs a condition (Linkerd refuses it); left out');
    // Response classes that make no status a failure leave nothing to retry.
    const retries =
      retryable && retryOn?.length !== 0
        ? { attempts: PROFILE_RETRY_CAP, ...(retryOn !== undefined && { retryOn }) }
        : undefined;
    if (!retryable && retryOn !== undefined)
      warnAt(
        e.at('responseClasses'),
        'the route is not retryable, so its response classes change no simulated call',
      );
    if (cond === undefined) continue;
    for (const match of matches)
      mesh.addRoute(
        service,
        {
          ...(Object.keys(match).length > 0 && { match }),
          ...(split !== undefined && { split }),
          ...(timeout !== undefined && timeout > 0 && { timeout: formatMillis(timeout) }),
          ...(retries !== undefined && { retries }),
          at: e.at(),
        },
        source,
      );
  }
  // Calls of no route still reach the service, with neither retries (the linkerd profile has
  // none) nor a timeout.
  if (routes.length > 0)
    mesh.addRoute(service, { ...(split !== undefined && { split }), at: spec.at('routes') }, source);
  else if (split !== undefined)
    mesh.setRoute(service, { leaf: 'split', value: split, at: spec.at('dstOverrides') }, source);
  spec.note('opaquePorts', 'opaque ports carry TCP, and simulated calls are HTTP');
  spec.finish();
  return service;
}

type Match = RawMeshMatch;

/**
 * The matches a condition stands for, any one of which takes a call (none: the route is left out,
 * warned). `all` merges its parts when they do not clash; `not` cannot be written and is warned.
 */
function matchesOf(c: MeshEntity): Match[] {
  const own: Match = {};
  let ok = true;
  const method = c.str('method');
  if (method !== undefined) own.methods = [method.toUpperCase()];
  const regex = c.str('pathRegex');
  if (regex !== undefined) own.regex = regex;
  if (c.has('not')) {
    warnAt(
      c.at('not'),
      'meshsim routes match what a call is, not what it is not: the route is left out, so its calls are neither retried nor cut',
    );
    ok = false;
  }
  c.use('not');
  let out: Match[] = [own];
  for (const { e } of c.children('all', 'condition', MATCH_FIELDS)) {
    const parts = matchesOf(e);
    e.finish();
    if (parts.length !== 1) {
      warnAt(e.at(), 'an `any` inside `all` is not read: the route is left out');
      ok = false;
      continue;
    }
    const merged = out.map((m) => both(m, parts[0]));
    if (merged.some((m) => m === undefined)) {
      warnAt(
        e.at(),
        'two paths or two methods in one `all` cannot be one meshsim match: the route is left out',
      );
      ok = false;
      continue;
    }
    out = merged as Match[];
  }
  const anyOf = c.children('any', 'condition', MATCH_FIELDS);
  if (anyOf.length > 0) {
    const branches = anyOf.flatMap(({ e }) => {
      const m = matchesOf(e);
      e.finish();
      return m;
    });
    out = out.flatMap((m) => branches.map((b) => both(m, b))).filter((m): m is Match => m !== undefined);
  }
  c.finish();
  return ok ? out : [];
}

/** The match that holds when both hold, or undefined when one meshsim match cannot say it. */
function both(a: Match, b: Match): Match | undefined {
  if (a.regex !== undefined && b.regex !== undefined && a.regex !== b.regex) return undefined;
  let methods = a.methods ?? b.methods;
  if (a.methods !== undefined && b.methods !== undefined) {
    methods = a.methods.filter((m) => b.methods!.includes(m));
    if (methods.length === 0) return undefined;
  }
  const regex = a.regex ?? b.regex;
  return { ...(methods !== undefined && { methods }), ...(regex !== undefined && { regex }) };
}

/**
 * What a route's response classes make a failure, as retry conditions: Linkerd's default (5xx)
 * with each class's status range made a failure or not, the first class to name a code winning;
 * undefined when the route has none.
 */
function failuresOf(route: MeshEntity): string[] | undefined {
  const classes = route.children('responseClasses', 'response class', ['condition', 'isFailure']);
  if (classes.length === 0) return undefined;
  const decided = new Map<number, boolean>();
  for (const { e } of classes) {
    const failure = e.bool('isFailure') ?? false;
    const cond = e.child('condition', 'response condition', ['status', 'all', 'any', 'not']);
    e.finish();
    const status = cond?.child('status', 'status range', ['min', 'max']);
    const min = status?.int('min', { min: 100, max: 599 }) ?? 100;
    const max = status?.int('max', { min: 100, max: 599 }) ?? 599;
    status?.finish();
    for (const k of ['all', 'any', 'not'])
      cond?.note(k, 'only a status range classifies a simulated response');
    cond?.finish();
    if (status === undefined) continue;
    for (let code = min; code <= max; code++) if (!decided.has(code)) decided.set(code, failure);
  }
  const codes: number[] = [];
  for (let code = 100; code <= 599; code++) if (decided.get(code) ?? code >= 500) codes.push(code);
  if (codes.length === 100 && codes[0] === 500 && codes[99] === 599) return ['5xx'];
  return codes.map(String);
}

/** `dstOverrides` as a split (authorities' short names, Kubernetes quantities as weights). */
function dstOverrides(spec: MeshEntity, mesh: MeshConfig): { service: string; weight: number }[] | undefined {
  const out: { service: string; weight: number }[] = [];
  for (const { e } of spec.children('dstOverrides', 'destination override', ['authority', 'weight'])) {
    const authority = e.str('authority');
    const weight = quantity(e, 'weight');
    e.finish();
    if (authority === undefined || weight === undefined || weight === 0) continue;
    const service = hostService(authority.replace(/:\d+$/, ''));
    mesh.refer(service, e.at('authority'));
    const same = out.find((x) => x.service === service);
    if (same !== undefined) same.weight += weight;
    else out.push({ service, weight });
  }
  return out.length === 0 ? undefined : out;
}
