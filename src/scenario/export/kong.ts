/**
 * A scenario's gateway as Kong declarative config (deck, `_format_version: "3.0"`): the inverse of the
 * Kong importer, so that `meshsim import` of the output gives the same gateway for every field Kong
 * has.
 *
 * | meshsim                                        | Kong                                                        |
 * | ---------------------------------------------- | ----------------------------------------------------------- |
 * | a route's service                              | a service whose `host` is an upstream named after it         |
 * | the service's `instances`, route `weights`      | that many upstream `targets` (placeholder addresses), weighted |
 * | route `loadBalancer`, `healthchecks`           | the upstream's `algorithm`, `healthchecks`                   |
 * | route `retries.attempts`, `perTryTimeout`      | the service's `retries`, `read_timeout`                      |
 * | route `match` prefix / path / methods / headers| route `paths` (`~/exact$` for a path), `methods`, `headers`  |
 * | a `host` header condition                      | route `hosts`                                                |
 * | route and gateway `plugins`                    | route and global plugins; a limiter's or cache's `instance`  |
 * |                                                | shared by several routes, a plugin of their Kong service     |
 * | clients' `consumer`, plugins' `consumer`, acls | `consumers`, each in an ACL group of its own name            |
 *
 * Routes that share a service, its retries and their limiters' instances are one Kong service, as
 * Kong keys a service's limiter by the service. Every other field is listed as not exported.
 */
import { terminalSafe } from '../echo';
import type { GatewaySpec, PluginSpec, RouteSpec, Scenario } from '../types';
import { consumersOf, kongPlugin, type KongPlugin } from './kong-plugins';
import { balancerOptionsLeftOut, Omissions, type ExportResult, same } from './omissions';
import { yamlDocuments } from './yaml-writer';

/** Kong's largest timeout, ms: what an unbounded try becomes (24.8 days). */
export const KONG_MAX_TIMEOUT = 2 ** 31 - 2;
const NON_IDEMPOTENT = new Set(['POST', 'PATCH', 'LOCK']);
/** Plugins whose state Kong keys by the plugin (its route or service): limiters' counters, a cache's store. */
const COUNTING = new Set(['rate-limiting', 'rate-limiting-advanced', 'proxy-cache']);
const ALGORITHMS: Readonly<Record<string, string>> = {
  ROUND_ROBIN: 'round-robin',
  LEAST_CONNECTIONS: 'least-connections',
  RING_HASH: 'consistent-hashing',
  EWMA: 'latency',
};

/** One Kong service: the meshsim routes it holds and what they share. */
interface ServiceGroup {
  readonly name: string;
  readonly service: string;
  readonly routes: { readonly route: RouteSpec; readonly index: number }[];
  /** Limiter instances every route of the group shares: plugins of the Kong service. */
  readonly shared: readonly string[];
}

/** The scenario's gateway as one deck file, and the fields Kong cannot hold. */
export function exportKong(scenario: Scenario): ExportResult {
  const omissions = new Omissions();
  const gateway = scenario.gateway;
  if (gateway === undefined) {
    omissions.add('gateway', 'the scenario has no gateway, and Kong config describes only the gateway');
    return { text: yamlDocuments([{ _format_version: '3.0' }]), notExported: omissions.list() };
  }
  simulationFields(gateway, omissions);
  const groups = serviceGroups(gateway.routes, omissions);
  const consumers = new Set<string>();
  for (const c of scenario.clients) if (c.consumer !== undefined) consumers.add(c.consumer);
  // `keep` picks which of a list's plugins to write; paths keep their index in the whole list.
  const plugins = (
    list: readonly PluginSpec[],
    path: string,
    keep: (p: PluginSpec) => boolean = () => true,
  ): KongPlugin[] =>
    list.flatMap((p, j) => {
      if (!keep(p)) return [];
      consumersOf(p).forEach((c) => consumers.add(c));
      if (typeof p.instance === 'string' && !COUNTING.has(p.name))
        omissions.add(
          `${path}[${j}].instance`,
          'Kong shares state across routes only for limiters and caches',
        );
      const out = kongPlugin(p, `${path}[${j}]`, omissions);
      return out === undefined ? [] : [out];
    });

  const services = groups.map((g) => {
    const first = g.routes[0].route;
    const serviceLevel = (p: PluginSpec) => g.shared.includes(stateKey(p));
    const servicePlugins = plugins(
      first.plugins,
      `gateway.routes[${g.routes[0].index}].plugins`,
      serviceLevel,
    );
    return {
      name: g.name,
      host: g.service,
      port: 80,
      protocol: 'http',
      retries: first.retries.attempts,
      read_timeout: Number.isFinite(first.retries.perTryTimeout)
        ? first.retries.perTryTimeout
        : KONG_MAX_TIMEOUT,
      routes: g.routes.map(({ route, index }) => kongRoute(route, index, g, plugins, omissions)),
      ...(servicePlugins.length > 0 ? { plugins: servicePlugins } : {}),
    };
  });
  const upstreams = upstreamsOf(scenario, gateway, omissions);
  const global = plugins(gateway.plugins, 'gateway.plugins');
  const usesKeyAuth = [...gateway.plugins, ...gateway.routes.flatMap((r) => r.plugins)].some(
    (p) => p.name === 'key-auth',
  );
  const config = {
    _format_version: '3.0',
    services,
    upstreams,
    ...(global.length > 0 ? { plugins: global } : {}),
    ...(consumers.size > 0
      ? {
          consumers: [...consumers].map((username) => ({
            username,
            acls: [{ group: username }],
            ...(usesKeyAuth ? { keyauth_credentials: [{ key: `${username}-key` }] } : {}),
          })),
        }
      : {}),
  };
  const header = [
    `Kong declarative config exported by meshsim from "${terminalSafe(scenario.name)}".`,
    'Upstream targets are placeholders, one per simulated instance; consumer keys are placeholders too.',
  ];
  return { text: yamlDocuments([config], header), notExported: omissions.list() };
}

/** The gateway's sizing: what the simulation needs and Kong config does not hold. */
function simulationFields(g: GatewaySpec, omissions: Omissions): void {
  if (g.id !== 'kong')
    omissions.simulation('gateway.id', 'Kong config does not name the gateway (the import calls it kong)');
  const sizing = "the simulated gateway's sizing, not Kong config";
  if (g.instances !== 1) omissions.simulation('gateway.instances', sizing);
  if (g.concurrency !== 256) omissions.simulation('gateway.concurrency', sizing);
  if (Number.isFinite(g.queue)) omissions.simulation('gateway.queue', sizing);
  if (!(g.overhead.dist === 'constant' && g.overhead.value === 0))
    omissions.simulation('gateway.overhead', sizing);
  if (g.region !== undefined) omissions.simulation('gateway.region', sizing);
  if (g.profile !== undefined && g.profile !== 'kong')
    omissions.add('gateway.profile', `the import reads Kong config with Kong's defaults, not ${g.profile}'s`);
  if (g.noRouteStatus !== 404)
    omissions.add('gateway.noRouteStatus', 'Kong answers 404 when no route matches');
}

/** A plugin's shared state: plugins of one name and instance share it. */
const stateKey = (p: PluginSpec): string => `${p.name}\n${String(p.instance)}`;

/**
 * Routes grouped into Kong services: same meshsim service, retries and shared states (a limiter's or
 * cache's instance on several routes). A shared state whose routes fall into several Kong services
 * (other services, other retries) cannot be one Kong plugin: it is listed as not exported.
 */
function serviceGroups(routes: readonly RouteSpec[], omissions: Omissions): ServiceGroup[] {
  const uses = new Map<string, number>();
  for (const r of routes)
    for (const p of r.plugins)
      if (typeof p.instance === 'string' && COUNTING.has(p.name))
        uses.set(stateKey(p), (uses.get(stateKey(p)) ?? 0) + 1);
  const sharedOf = (r: RouteSpec) =>
    r.plugins
      .filter((p) => typeof p.instance === 'string' && (uses.get(stateKey(p)) ?? 0) > 1)
      .map(stateKey)
      .sort();
  const byKey = new Map<string, ServiceGroup>();
  const names = new Set<string>();
  routes.forEach((route, index) => {
    const shared = sharedOf(route);
    const key = JSON.stringify([route.service, route.retries.attempts, route.retries.perTryTimeout, shared]);
    let group = byKey.get(key);
    if (group === undefined) {
      let name = route.service;
      for (let n = 2; names.has(name); n++) name = `${route.service}-${n}`;
      names.add(name);
      group = { name, service: route.service, routes: [], shared };
      byKey.set(key, group);
    }
    group.routes.push({ route, index });
  });
  const groups = [...byKey.values()];
  for (const state of uses.keys()) {
    const holders = groups.filter((g) => g.shared.includes(state));
    if (holders.length < 2) continue;
    for (const g of holders)
      for (const { route, index } of g.routes)
        route.plugins.forEach((p, j) => {
          if (stateKey(p) === state)
            omissions.add(
              `gateway.routes[${index}].plugins[${j}].instance`,
              `Kong keys a ${p.name} by its one route or service; the routes sharing "${String(p.instance)}" go to other services or retry otherwise, so each Kong service counts apart`,
            );
        });
  }
  return groups;
}

/** One Kong route of a meshsim route; its fields Kong cannot hold are recorded. */
function kongRoute(
  route: RouteSpec,
  index: number,
  group: ServiceGroup,
  plugins: (list: readonly PluginSpec[], path: string, keep?: (p: PluginSpec) => boolean) => KongPlugin[],
  omissions: Omissions,
): Record<string, unknown> {
  const at = `gateway.routes[${index}]`;
  if (Number.isFinite(route.timeout))
    omissions.add(`${at}.timeout`, 'Kong has no deadline over all tries: each try has the read_timeout');
  if (route.split !== undefined)
    omissions.add(
      `${at}.split`,
      "Kong's canary release is an Enterprise plugin; deck has no weighted split of a route",
    );
  const first = group.routes[0].route;
  if (
    !same(route.loadBalancer, first.loadBalancer) ||
    !same(route.healthchecks, first.healthchecks) ||
    !same(route.weights, first.weights)
  )
    omissions.add(
      `${at}.loadBalancer`,
      `Kong balances per upstream; the upstream of ${route.service} takes the first route's`,
    );
  const methods = route.match.methods;
  const kongRetryOn =
    methods !== undefined && methods.every((m) => NON_IDEMPOTENT.has(m))
      ? ['connect-failure']
      : ['connect-failure', 'timeout'];
  if (route.retries.attempts > 0 && !same([...route.retries.retryOn].sort(), kongRetryOn.sort()))
    omissions.add(
      `${at}.retries.retryOn`,
      `Kong retries on ${kongRetryOn.join(' and ')} only (nginx never retries a status, nor a POST or PATCH once sent)`,
    );
  const headers = { ...(route.match.headers ?? {}) };
  const host = headers.host;
  delete headers.host;
  const paths =
    route.match.path !== undefined
      ? [`~${escapeRegex(route.match.path)}$`]
      : route.match.prefix !== undefined
        ? [route.match.prefix]
        : methods === undefined && host === undefined && Object.keys(headers).length === 0
          ? ['/']
          : undefined;
  const ownPlugins = plugins(route.plugins, `${at}.plugins`, (p) => !group.shared.includes(stateKey(p)));
  return {
    name: route.id,
    ...(paths !== undefined ? { paths } : {}),
    ...(methods !== undefined ? { methods: [...methods] } : {}),
    ...(host !== undefined ? { hosts: [host] } : {}),
    ...(Object.keys(headers).length > 0
      ? { headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])) }
      : {}),
    strip_path: false,
    ...(ownPlugins.length > 0 ? { plugins: ownPlugins } : {}),
  };
}

/** One upstream per routed service: its instances as targets, the balancer and health checks of its first route. */
function upstreamsOf(scenario: Scenario, gateway: GatewaySpec, omissions: Omissions): object[] {
  const out = new Map<string, object>();
  gateway.routes.forEach((route, i) => {
    if (out.has(route.service)) return;
    const instances = scenario.services.find((s) => s.id === route.service)?.instances ?? 1;
    const algorithm = ALGORITHMS[route.loadBalancer];
    if (algorithm === undefined)
      omissions.add(
        `gateway.routes[${i}].loadBalancer`,
        `Kong balances round-robin, least-connections, consistent-hashing or latency, not ${route.loadBalancer}`,
      );
    balancerOptionsLeftOut(omissions, `gateway.routes[${i}].loadBalancer`, route.balancerOptions, 'Kong');
    const hc = route.healthchecks;
    // Kong's target weights are integers from 1 to 65535 (0 disables a target).
    const weights = route.weights?.length === instances ? route.weights : undefined;
    if (weights !== undefined && weights.some((w) => !Number.isInteger(w) || w < 1 || w > 65535)) {
      omissions.add(`gateway.routes[${i}].weights`, 'Kong target weights are whole numbers from 1 to 65535');
    }
    out.set(route.service, {
      name: route.service,
      ...(algorithm !== undefined && algorithm !== 'round-robin' ? { algorithm } : {}),
      ...(algorithm === 'consistent-hashing' ? { hash_on: 'ip' } : {}),
      ...(hc !== undefined ? { healthchecks: kongHealthchecks(hc) } : {}),
      targets: Array.from({ length: instances }, (_, n) => ({
        target: `${route.service}-${n + 1}:8080`,
        weight: weights !== undefined ? Math.min(65535, Math.max(1, Math.round(weights[n]))) : 100,
      })),
    });
  });
  return [...out.values()];
}

function kongHealthchecks(hc: NonNullable<RouteSpec['healthchecks']>): object {
  const p = hc.passive;
  return {
    passive: {
      unhealthy: {
        http_failures: p.httpFailures,
        tcp_failures: p.tcpFailures,
        timeouts: p.timeouts,
        http_statuses: [...p.httpStatuses],
      },
    },
    ...(hc.active !== undefined
      ? { active: { healthy: { interval: hc.active.interval / 1000, successes: hc.active.successes } } }
      : {}),
  };
}

function escapeRegex(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
