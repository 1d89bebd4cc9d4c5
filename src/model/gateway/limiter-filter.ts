/**
 * The filter of a rate-limiting plugin (Kong's rate-limiting and rate-limiting-advanced, the token
 * bucket, Apigee's spike arrest and quota): the key each request counts under, the limiter its
 * plugin names, and one store per gateway instance or one shared (`policy: cluster`).
 */
import { ownValue } from '../../scenario/own';
import type { LimitBy, LimiterPluginSpec } from '../../scenario/policies/limiters';
import { FILTER_PASS, type FilterStep, type GatewayFilter } from '../gateway-filter';
import {
  ClusterCounter,
  FixedWindowLimiter,
  LimiterStore,
  makeLimiter,
  newDecision,
  periodLimits,
  type LimitDecision,
} from '../limiters';
import type { RequestTable } from '../request-table';
import { ms, type FilterContext } from './filter-context';

/**
 * What a limiter counts by, and the header `by: header` reads: the plugin's `limit_by` and
 * `header_name`; spike-arrest's `identifier` header when it has one, else its consumer; quota's
 * consumer.
 */
function countedBy(plugin: LimiterPluginSpec): { readonly by: LimitBy; readonly header?: string } {
  switch (plugin.name) {
    case 'spike-arrest':
      return plugin.identifier ? { by: 'header', header: plugin.identifier } : { by: 'consumer' };
    case 'quota':
      return { by: 'consumer' };
    case 'rate-limiting':
      return { by: plugin.limit_by ?? 'consumer', header: plugin.header_name };
    default:
      return { by: plugin.limit_by ?? 'consumer' };
  }
}

/** The key a limiter counts a request under, per client and mix entry, as `limit_by` says. */
function limitKeys(plugin: LimiterPluginSpec, context: FilterContext): string[][] {
  const { by, header } = countedBy(plugin);
  const headerName = header?.toLowerCase();
  return context.clients.map((client) =>
    client.mix.map((entry) => {
      // Kong falls back to the IP when the consumer, credential or header is absent. One IP per client.
      const ip = `ip:${client.id}`;
      switch (by) {
        case 'consumer':
        case 'credential':
        case 'consumer-group':
          return context.authenticated && client.consumer ? `consumer:${client.consumer}` : ip;
        case 'service':
          return `service:${context.route.service}`;
        case 'account':
          return 'account';
        case 'path':
          return `path:${entry.path}`;
        case 'header': {
          // Own keys only: an absent header named `constructor` is absent, not Object.
          const value = headerName
            ? (ownValue(entry.headers, headerName) ?? ownValue(client.headers, headerName))
            : undefined;
          return value === undefined ? ip : `header:${value}`;
        }
        default:
          return ip;
      }
    }),
  );
}

/** 429 with the decision's Retry-After when the limiter says no (Kong, AWS and Apigee all answer 429). */
function rejectWith(decision: LimitDecision, step: FilterStep, counts: LimitCounts): number {
  if (decision.allowed) {
    counts.admitted++;
    return FILTER_PASS;
  }
  counts.rejected++;
  step.retryAfter = decision.retryAfter;
  return 429;
}

/** The RateLimit-* headers (and Retry-After) Kong puts on the answer, as the trace records them. */
function rateLimitHeaders(decision: LimitDecision): string {
  const headers = `RateLimit-Limit: ${decision.limit}, RateLimit-Remaining: ${decision.remaining}, RateLimit-Reset: ${decision.reset}`;
  return decision.allowed ? headers : `429, ${headers}, Retry-After: ${decision.retryAfter}`;
}

/** What a limiter decided on a route, for the report. */
interface LimitCounts {
  admitted: number;
  rejected: number;
}

/**
 * A rate-limiting plugin: 429 when its limiter says no. `policy: local` (the default) keeps one
 * counter per gateway instance, so N instances admit up to N x the limit; `policy: cluster` shares
 * the counter, synced every `syncDelay` ms (Kong's fixed window), or exactly for the other kinds.
 */
export function limiterFilter(
  plugin: LimiterPluginSpec,
  context: FilterContext,
  cost: number,
): GatewayFilter {
  const keys = limitKeys(plugin, context);
  const instances = context.gateway.instances;
  const decision = newDecision();
  const counts: LimitCounts = { admitted: 0, rejected: 0 };
  const counters = () => ({ ...counts });
  const gauge = () =>
    counts.admitted + counts.rejected > 0
      ? { remaining: decision.remaining, limit: decision.limit }
      : undefined;
  if (plugin.policy === 'cluster' && plugin.name === 'rate-limiting') {
    const counter = context.shared(plugin, () => {
      const limiter = new FixedWindowLimiter({ limits: periodLimits(plugin) });
      return new ClusterCounter(limiter.limits, { nodes: instances, syncDelay: ms(plugin.syncDelay) });
    });
    return {
      name: plugin.name,
      cost: () => cost,
      decide: (now, instance, request, requests, step) =>
        rejectWith(
          counter.decide(instance, keys[requests.client[request]][requests.mix[request]], now, decision),
          step,
          counts,
        ),
      explain: () => rateLimitHeaders(decision),
      counters,
      gauge,
    };
  }
  const stores = context.shared(plugin, () => {
    const limiter = makeLimiter(plugin.name, plugin);
    if (plugin.policy !== 'cluster')
      return Array.from({ length: instances }, () => new LimiterStore(limiter));
    const store = new LimiterStore(limiter);
    return Array.from({ length: instances }, () => store);
  });
  return {
    name: plugin.name,
    cost: () => cost,
    decide: (now, instance, request, requests: RequestTable, step) =>
      rejectWith(
        stores[instance].decide(keys[requests.client[request]][requests.mix[request]], now, decision),
        step,
        counts,
      ),
    explain: () => rateLimitHeaders(decision),
    counters,
    gauge,
  };
}
