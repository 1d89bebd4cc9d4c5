/**
 * Plugins scoped to one consumer (Kong's `consumer` on a plugin): which plugin of a name applies to
 * a request, and a filter that hands each request to the plugin its consumer gets.
 *
 * Kong resolves a plugin of each name per request, once the authentication plugins have named the
 * consumer, taking the most specific configuration (Kong's "plugin precedence", 3.x):
 * consumer + route + service, consumer + route, consumer + service, route + service, consumer,
 * route, service, global. meshsim has two scopes, the gateway's list and a route's (the Kong
 * importer folds a service's plugins into its routes' lists, the route's own winning), so the order
 * here is:
 * 1. a route plugin for this consumer (Kong's consumer + route, consumer + service);
 * 2. a gateway plugin for this consumer (Kong's consumer alone);
 * 3. a route plugin for every consumer (route, service);
 * 4. a gateway plugin for every consumer (global).
 * A request not authenticated (no `key-auth` or `jwt` on its route, or none passed) has no consumer
 * and gets 3 and 4 only. Authentication plugins cannot be scoped to a consumer: they name it.
 */
import type { PluginSpec } from '../../scenario/types';
import type { RequestTable } from '../request-table';
import { FILTER_PASS, type GatewayFilter } from '../gateway-filter';

/** Plugins that name the consumer, so that cannot be scoped to one (Kong's `no_consumer`). */
export const CONSUMER_NAMING_PLUGINS: ReadonlySet<string> = new Set(['key-auth', 'jwt', 'external-auth']);

/** The consumer a plugin is scoped to, or undefined for every consumer. */
export function scopedConsumer(plugin: PluginSpec): string | undefined {
  return typeof plugin.consumer === 'string' ? plugin.consumer : undefined;
}

/**
 * The plugin of each name that applies to a request of `consumer` (undefined: not authenticated),
 * from the gateway's list and the route's, by the precedence above; keyed by name, unordered.
 */
export function pluginsFor(
  global: readonly PluginSpec[],
  own: readonly PluginSpec[],
  consumer: string | undefined,
): Map<string, PluginSpec> {
  const byName = new Map<string, PluginSpec>();
  const put = (list: readonly PluginSpec[], scoped: boolean) => {
    for (const p of list) {
      const c = scopedConsumer(p);
      if (scoped ? c !== undefined && c === consumer : c === undefined) byName.set(p.name, p);
    }
  };
  put(global, false);
  put(own, false);
  if (consumer !== undefined) {
    put(global, true);
    put(own, true);
  }
  return byName;
}

/**
 * One step of a route's chain whose plugin differs by client: `chosen[c]` is the filter client c's
 * requests meet (undefined: none of that name applies to them, so they pass at no cost). `filters`
 * are the distinct ones, each with its own state. Counters are summed over them; the gauge is that of
 * the filter that decided last.
 */
export function consumerScopedFilter(
  name: string,
  chosen: readonly (GatewayFilter | undefined)[],
  filters: readonly GatewayFilter[],
): GatewayFilter {
  let last: GatewayFilter | undefined;
  const of = (request: number, requests: RequestTable) => chosen[requests.client[request]];
  const completing = filters.some((f) => f.onComplete !== undefined);
  const counting = filters.some((f) => f.counters !== undefined);
  return {
    name,
    cost: (client, mix) => chosen[client]?.cost(client, mix) ?? 0,
    decide: (now, instance, request, requests, step) => {
      const f = of(request, requests);
      if (f === undefined) return FILTER_PASS;
      last = f;
      return f.decide(now, instance, request, requests, step);
    },
    onResponse: (now, instance, request, requests, status) =>
      of(request, requests)?.onResponse?.(now, instance, request, requests, status),
    flush: (now) => {
      for (const f of filters) f.flush?.(now);
    },
    ...(counting ? { counters: () => sumCounters(filters) } : {}),
    gauge: () => last?.gauge?.(),
    explain: (answer, request, requests) => {
      const f = of(request, requests);
      if (f === undefined) return `none for this consumer: ${answer === FILTER_PASS ? 'pass' : answer}`;
      return f.explain
        ? f.explain(answer, request, requests)
        : answer === FILTER_PASS
          ? 'pass'
          : String(answer);
    },
    ...(completing
      ? {
          onComplete: (now, instance, effects, request, requests) => {
            // A logger scoped to a consumer logs that consumer's answers only.
            if (request === undefined || requests === undefined) return;
            of(request, requests)?.onComplete?.(now, instance, effects, request, requests);
          },
        }
      : {}),
  } satisfies GatewayFilter;
}

function sumCounters(filters: readonly GatewayFilter[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of filters)
    for (const [k, v] of Object.entries(f.counters?.() ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
}
