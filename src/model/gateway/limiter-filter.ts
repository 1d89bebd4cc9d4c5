/**
 * The filter of a rate-limiting plugin (Kong's rate-limiting and rate-limiting-advanced, the token
 * bucket, Apigee's spike arrest and quota): the key each request counts under, the limiter its
 * plugin names, and one store per gateway instance or one shared (`policy: cluster`).
 */
import { ownValue } from '../../scenario/own';
import type { PluginSpec } from '../../scenario/types';
import { FILTER_PASS, type FilterStep, type GatewayFilter } from '../gateway-filter';
import {
  ClusterCounter,
  FixedWindowLimiter,
  LimiterStore,
  QuotaLimiter,
  SlidingWindowLimiter,
  SpikeArrestLimiter,
  TokenBucketLimiter,
  newDecision,
  type CalendarPeriod,
  type LimitDecision,
  type Limiter,
  type QuotaTimeUnit,
} from '../limiters';
import type { RequestTable } from '../request-table';
import { ms, type FilterContext } from './filter-context';

/** The key a limiter counts a request under, per client and mix entry, as `limit_by` says. */
function limitKeys(plugin: PluginSpec, context: FilterContext): string[][] {
  const by = (plugin.limit_by as string | undefined) ?? (plugin.identifier ? 'header' : 'consumer');
  const headerName = ((plugin.header_name ?? plugin.identifier) as string | undefined)?.toLowerCase();
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

function makeLimiter(plugin: PluginSpec): Limiter<unknown> {
  switch (plugin.name) {
    case 'rate-limiting': {
      const limits: Partial<Record<CalendarPeriod, number>> = {};
      for (const period of ['second', 'minute', 'hour', 'day', 'month', 'year'] as const) {
        if (typeof plugin[period] === 'number') limits[period] = plugin[period] as number;
      }
      return new FixedWindowLimiter({ limits }) as Limiter<unknown>;
    }
    case 'rate-limiting-advanced':
      return new SlidingWindowLimiter({
        windows: [{ limit: plugin.limit as number, size: plugin.window as number }],
        windowType: plugin.window_type as 'sliding' | 'fixed' | undefined,
      }) as Limiter<unknown>;
    case 'token-bucket':
      return new TokenBucketLimiter({
        rate: plugin.rate as number,
        burst: (plugin.burst as number | undefined) ?? Math.max(1, plugin.rate as number),
      }) as Limiter<unknown>;
    case 'spike-arrest': {
      const rate = plugin.rate as { count: number; per: 'second' | 'minute' };
      return new SpikeArrestLimiter({
        rate: `${rate.count}${rate.per === 'second' ? 'ps' : 'pm'}`,
        useEffectiveCount: plugin.useEffectiveCount as boolean | undefined,
      }) as Limiter<unknown>;
    }
    case 'quota':
      return new QuotaLimiter({
        allow: plugin.limit as number,
        interval: plugin.interval as number | undefined,
        timeUnit: ((plugin.timeUnit as QuotaTimeUnit | undefined) ?? 'minute') as QuotaTimeUnit,
        type: plugin.type === 'calendar' ? 'default' : (plugin.type as 'flexi' | 'rollingwindow' | undefined),
      }) as Limiter<unknown>;
    default:
      throw new Error(`no limiter for plugin '${plugin.name}'`);
  }
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
export function limiterFilter(plugin: PluginSpec, context: FilterContext, cost: number): GatewayFilter {
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
      const limiter = makeLimiter(plugin) as unknown as FixedWindowLimiter;
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
    const limiter = makeLimiter(plugin);
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
