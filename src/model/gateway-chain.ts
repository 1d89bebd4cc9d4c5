import type { ClientSpec, GatewaySpec, OtherPluginSpec, PluginSpec, RouteSpec } from '../scenario/types';
import { Sampler, type RandomStreams } from '../engine';
import { acl, checkAcl, type Acl } from './gateway/acl';
import {
  authorize,
  authorizerVerdict,
  completeAuthorizerCall,
  externalAuth,
  externalAuthState,
} from './gateway/external-auth';
import type { CredentialState } from './gateway/credential';
import { authenticateJwt, jwt } from './gateway/jwt';
import { authenticateKey, keyAuth } from './gateway/key-auth';
import {
  cacheKey,
  flushCache,
  lookupCache,
  proxyCache,
  proxyCacheState,
  storeInCache,
} from './gateway/proxy-cache';
import { transform, transformer } from './gateway/transformer';
import { consumerScopedFilter, pluginsFor, scopedConsumer } from './gateway/consumer-scope';
import { corsFilter, ipRestrictionFilter, terminationFilter } from './gateway/answering-filters';
import { ms, type FilterContext } from './gateway/filter-context';
import { limiterFilter } from './gateway/limiter-filter';
import { FILTER_PASS, type GatewayEffects, type GatewayFilter } from './gateway-filter';
import {
  httpLog,
  httpLogState,
  logRequest,
  logTimer,
  type HttpLogState,
  type LogStep,
} from './gateway/http-log';
import type { RequestTable } from './request-table';
import { PLUGIN_NAMES } from '../scenario/schema/plugins';
import { AWS_ACCOUNT_THROTTLE } from '../scenario/profiles/gateway';

/**
 * The order plugins run in, whatever order the file lists them: who you are, whether you may, how
 * fast, then what the request looks like (docs/scenario-format.md#plugins; Kong's plugin priorities
 * agree). The scenario format lists the names in this order.
 */
export const PLUGIN_ORDER: readonly string[] = PLUGIN_NAMES;

/**
 * The plugins of one route for a request of `consumer` (undefined: none authenticated): the
 * gateway's global ones, with a route plugin of the same name replacing the global one (Kong: the
 * most specific configuration wins), and a plugin scoped to the consumer replacing both (see
 * gateway/consumer-scope.ts for the order), in `PLUGIN_ORDER`.
 */
export function effectivePlugins(gateway: GatewaySpec, route: RouteSpec, consumer?: string): PluginSpec[] {
  // AWS throttles every account at 10 000 rps with a burst of 5 000, one bucket for all its APIs
  // (docs/behaviour.md#aws-throttling-and-usage-plans); the file may set its own token-bucket instead.
  const global =
    gateway.profile === 'aws-api-gateway' ? [AWS_ACCOUNT_THROTTLE, ...gateway.plugins] : gateway.plugins;
  const byName = pluginsFor(global, route.plugins, consumer);
  return PLUGIN_ORDER.filter((name) => byName.has(name)).map((name) => byName.get(name)!);
}

/** The account-level throttle the AWS profile puts in front of every route (the profile's). */
export { AWS_ACCOUNT_THROTTLE };

/** A route's filters and the processing time they add for each kind of request. */
export interface RouteChain {
  readonly filters: readonly GatewayFilter[];
  /** The filters that see every answer leave (`onComplete`), in chain order. */
  readonly completing: readonly GatewayFilter[];
  /** Cost in ms of a request of client c's mix entry m, at `c * mixStride(clients) + m`. */
  readonly cost: Float64Array;
}

/** Builds the filter chain of every route of a gateway. */
export function buildChains(
  gateway: GatewaySpec,
  clients: readonly ClientSpec[],
  random: RandomStreams,
): RouteChain[] {
  const stride = mixStride(clients);
  const state = new Map<PluginSpec | string, unknown>();
  const shared = <T>(plugin: PluginSpec, make: () => T): T => {
    // Plugins of one name and `instance` (and consumer) are one plugin serving several routes.
    const key =
      typeof plugin.instance === 'string'
        ? `${plugin.name}\n${plugin.instance}\n${scopedConsumer(plugin) ?? ''}`
        : plugin;
    if (!state.has(key)) state.set(key, make());
    return state.get(key) as T;
  };
  return gateway.routes.map((route) => {
    const common = effectivePlugins(gateway, route);
    const authenticated = common.some((p) => p.name === 'key-auth' || p.name === 'jwt');
    const context = { gateway, route, clients, authenticated, random, shared };
    // Each client's plugins: a consumer is known only where the route authenticates.
    const perClient = clients.map((c) =>
      authenticated && c.consumer !== undefined ? effectivePlugins(gateway, route, c.consumer) : common,
    );
    const made = new Map<PluginSpec, GatewayFilter>();
    const filterOf = (p: PluginSpec) => {
      if (!made.has(p)) made.set(p, makeFilter(p, context));
      return made.get(p)!;
    };
    const names = PLUGIN_ORDER.filter((name) =>
      [common, ...perClient].some((list) => list.some((p) => p.name === name)),
    );
    const filters = names.map((name) => {
      const specs = perClient.map((list) => list.find((p) => p.name === name));
      const one = common.find((p) => p.name === name);
      if (one !== undefined && specs.every((p) => p === one)) return filterOf(one);
      const chosen = specs.map((p) => (p === undefined ? undefined : filterOf(p)));
      const distinct = [...new Set(chosen.filter((f): f is GatewayFilter => f !== undefined))];
      return consumerScopedFilter(name, chosen, distinct);
    });
    const cost = new Float64Array(clients.length * stride);
    clients.forEach((client, c) =>
      client.mix.forEach((_, m) => {
        cost[c * stride + m] = filters.reduce((sum, f) => sum + f.cost(c, m), 0);
      }),
    );
    return { filters, completing: filters.filter((f) => f.onComplete), cost };
  });
}

/** The stride of the cost tables `buildChains` makes. */
export function mixStride(clients: readonly ClientSpec[]): number {
  return Math.max(1, ...clients.map((c) => c.mix.length));
}

function makeFilter(plugin: PluginSpec, context: FilterContext): GatewayFilter {
  const pluginCost = ms(plugin.cost);
  const flat = (cost: number) => () => cost;
  switch (plugin.name) {
    case 'key-auth':
    case 'jwt': {
      const isKey = plugin.name === 'key-auth';
      const keyPolicy = keyAuth({ cost: pluginCost, status: isKey ? plugin.status : undefined });
      const jwtPolicy = jwt({ cost: pluginCost });
      const authenticate = (request: number, requests: RequestTable) => {
        const credential = requests.badCredential[request] as CredentialState;
        return isKey
          ? authenticateKey(keyPolicy, credential, '')
          : authenticateJwt(jwtPolicy, credential, '');
      };
      return {
        name: plugin.name,
        cost: flat(pluginCost),
        decide: (_now, _instance, request, requests) => authenticate(request, requests).status,
        explain: (answer, request, requests) =>
          answer === FILTER_PASS ? 'authenticated' : `${answer} ${authenticate(request, requests).message}`,
      };
    }
    case 'acl': {
      const policy: Acl = acl({
        allow: plugin.allow,
        deny: plugin.deny,
        cost: pluginCost,
      });
      const consumers = context.clients.map((c) => c.consumer ?? '');
      // Without an authentication plugin on the route nobody is identified (Kong 3.x: 401).
      const check = (request: number, requests: RequestTable) =>
        checkAcl(
          policy,
          context.authenticated ? consumers[requests.client[request]] : '',
          context.authenticated,
        );
      return {
        name: 'acl',
        cost: flat(pluginCost),
        decide: (_now, _instance, request, requests) => check(request, requests).status,
        explain: (answer, request, requests) =>
          answer === FILTER_PASS
            ? `consumer ${consumers[requests.client[request]]} allowed`
            : `${answer} ${check(request, requests).message}`,
      };
    }
    case 'request-transformer':
    case 'response-transformer': {
      const policy = transformer({ cost: pluginCost, when: plugin.when });
      const results = context.clients.map((client) =>
        client.mix.map((entry) =>
          transform(policy, {
            method: entry.method,
            path: entry.path,
            headers: { ...client.headers, ...entry.headers },
          }),
        ),
      );
      const side = plugin.name === 'request-transformer' ? 'request' : 'response';
      return {
        name: plugin.name,
        cost: (c, m) => results[c][m].cost,
        decide: () => FILTER_PASS,
        explain: (_answer, request, requests) => {
          const applied = results[requests.client[request]][requests.mix[request]].applied;
          return applied.length > 0
            ? `${side} ${applied.join(', ')}`
            : 'not applied (its when does not match)';
        },
      };
    }
    case 'cors':
      return corsFilter(plugin, context.clients, pluginCost);
    case 'ip-restriction':
      return ipRestrictionFilter(plugin, context.clients, pluginCost);
    case 'request-termination':
      return terminationFilter(plugin, pluginCost);
    case 'proxy-cache':
      return cacheFilter(plugin, context, pluginCost);
    case 'external-auth':
      return externalAuthFilter(plugin, context, pluginCost);
    case 'http-log':
      return httpLogFilter(plugin, context, pluginCost);
    default:
      return limiterFilter(plugin, context, pluginCost);
  }
}

/**
 * proxy-cache: a hit answers from the gateway without touching the upstream; a miss goes upstream and
 * its answer is stored when cacheable. One cache per gateway instance, as Kong's memory strategy
 * keeps one per node. Keys come from the request's method, path, cache key and (by default) consumer,
 * so the hit ratio emerges from the clients' Zipf key spaces.
 */
function cacheFilter(
  plugin: OtherPluginSpec<'proxy-cache'>,
  context: FilterContext,
  cost: number,
): GatewayFilter {
  // AWS's stage cache keys on the method, path and chosen parameters, not the caller, and caches GET
  // only; Kong's key includes the consumer and caches GET and HEAD (docs/behaviour.md#aws-api-gateway,
  // docs/behaviour.md#kong-authentication-caching-and-transformation).
  const aws = context.gateway.profile === 'aws-api-gateway';
  const policy = proxyCache({
    cost,
    ttl: plugin.ttl,
    methods: plugin.methods ?? (aws ? ['GET'] : undefined),
    statuses: plugin.statuses,
    includeConsumer: !aws,
  });
  // A cache named by `instance` is one Kong plugin's on several routes: one store, keyed by the
  // instance as Kong keys it by its route.
  const named = typeof plugin.instance === 'string';
  const states = named
    ? context.shared(plugin, () => Array.from({ length: context.gateway.instances }, () => proxyCacheState()))
    : Array.from({ length: context.gateway.instances }, () => proxyCacheState());
  // The key without the request's own cache key, per client and mix entry.
  const prefixes = context.clients.map((client) =>
    client.mix.map((entry) =>
      cacheKey(
        policy,
        named ? `instance ${String(plugin.instance)}` : context.route.id,
        entry.method,
        entry.path,
        '',
        context.authenticated ? (client.consumer ?? '') : '',
      ),
    ),
  );
  const methods = context.clients.map((client) => client.mix.map((entry) => entry.method));
  const counts = { hit: 0, miss: 0, refresh: 0, bypass: 0 };
  let last = '';
  const keyOf = (request: number, requests: RequestTable) =>
    prefixes[requests.client[request]][requests.mix[request]] + requests.key[request];
  return {
    name: 'proxy-cache',
    cost: () => cost,
    decide: (now, instance, request, requests) => {
      const method = methods[requests.client[request]][requests.mix[request]];
      const found = lookupCache(policy, states[instance], method, keyOf(request, requests), now);
      last = found.status;
      if (found.status === 'Hit') {
        counts.hit++;
        return found.answer;
      }
      if (found.status === 'Bypass') counts.bypass++;
      else if (found.status === 'Miss') counts.miss++;
      else counts.refresh++;
      return FILTER_PASS;
    },
    onResponse: (now, instance, request, requests, status) => {
      const method = methods[requests.client[request]][requests.mix[request]];
      if (policy.methods.has(method))
        storeInCache(policy, states[instance], keyOf(request, requests), 'Miss', status, now);
    },
    flush: (now) => {
      for (const state of states) flushCache(state, now);
    },
    explain: (answer) => (answer === FILTER_PASS ? last : `${last}: ${answer} from the cache`),
    counters: () => ({ ...counts }),
  };
}

/**
 * A Lambda-style authorizer (AWS API Gateway): a cached Allow or Deny answers at once; otherwise the
 * gateway calls the function and waits its latency (without holding a worker) before the answer
 * applies: Deny 403, failure 500, a rejected token 401. One cache per plugin as written (a global
 * plugin's is shared by every route), not per node: AWS runs the authorizer beside the API. The cache entry is written when the call is made, dated to
 * when it answers.
 */
function externalAuthFilter(
  plugin: OtherPluginSpec<'external-auth'>,
  context: FilterContext,
  cost: number,
): GatewayFilter {
  const policy = externalAuth({
    cost,
    latency: plugin.latency,
    cacheTtl: plugin.cacheTtl,
    denyRate: plugin.denyRate,
  });
  const state = context.shared(plugin, () => externalAuthState());
  const latency = new Sampler(policy.latency);
  const draws = context.random.stream(`gateway:${context.gateway.id}:${context.route.id}:external-auth`);
  const consumers = context.clients.map((c) => c.consumer ?? `anonymous:${c.id}`);
  let lastWait = 0;
  return {
    name: 'external-auth',
    cost: () => cost,
    decide: (now, _instance, request, requests, step) => {
      const credential = requests.badCredential[request] as CredentialState;
      const consumer = consumers[requests.client[request]];
      const first = authorize(policy, state, credential, consumer, now);
      lastWait = 0;
      if (first.kind === 'decided') return first.decision.status;
      const wait = latency.sample(draws);
      lastWait = wait;
      const verdict = authorizerVerdict(policy, credential, consumer, draws());
      step.delay += wait;
      return completeAuthorizerCall(policy, state, consumer, verdict, now + wait).status;
    },
    explain: (answer) => {
      const verdict = answer === FILTER_PASS ? 'Allow' : String(answer);
      return lastWait > 0
        ? `authorizer called (${lastWait.toFixed(3)} ms): ${verdict}`
        : `cached: ${verdict}`;
    },
    counters: () => ({ calls: state.calls, cached: state.hits }),
  };
}

/**
 * http-log: a synchronous logger costs every request its write in the worker; a batched one (the
 * default, as Kong's queue) costs the request nothing and sends each batch in the background, where
 * it takes one of the instance's workers for `cost + entryCost x entries`. One queue per gateway
 * instance, as Kong keeps one per worker process.
 */
function httpLogFilter(
  plugin: OtherPluginSpec<'http-log'>,
  context: FilterContext,
  cost: number,
): GatewayFilter {
  const policy = httpLog({
    cost,
    mode: plugin.mode,
    batchSize: plugin.batchSize,
    flushInterval: plugin.flushInterval,
    entryCost: plugin.entryCost,
  });
  const states = Array.from({ length: context.gateway.instances }, () => httpLogState());
  let backgroundMs = 0;
  const sync = policy.mode === 'sync';
  const send = (step: LogStep, instance: number, effects: GatewayEffects) => {
    if (step.flushCost > 0) {
      backgroundMs += step.flushCost;
      effects.background(instance, step.flushCost);
    }
  };
  const filter: GatewayFilter = {
    name: 'http-log',
    cost: () => (sync ? policy.cost + policy.entryCost : 0),
    decide: () => FILTER_PASS,
    explain: () => (sync ? 'written inline' : 'queued for the next batch'),
    onComplete: (now, instance, effects) => {
      const step = logRequest(policy, states[instance], now);
      send(step, instance, effects);
      if (step.timerAt >= 0) effects.timer(filter, instance, step.timerAt);
    },
    onTimer: (now, instance, effects) => send(logTimer(policy, states[instance], now), instance, effects),
    counters: () => {
      const sum = (pick: (s: HttpLogState) => number) => states.reduce((n, s) => n + pick(s), 0);
      return {
        entries: sum((s) => s.entries),
        batches: sum((s) => s.batches),
        waiting: sum((s) => s.pending),
        backgroundMs: Math.round(backgroundMs * 1000) / 1000,
      };
    },
  };
  return filter;
}
