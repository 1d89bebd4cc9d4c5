import {
  LIMITERS,
  RATE_LIMIT_PERIODS,
  isLimiterName,
  type LimiterName,
  type LimiterPluginSpec,
} from '../../scenario/policies/limiters';
import type { PluginSpec } from '../../scenario/types';
import { FixedWindowLimiter, type CalendarPeriod } from './fixed-window';
import type { Limiter } from './limiter';
import { QuotaLimiter } from './quota';
import { SlidingWindowLimiter } from './sliding-window';
import { SpikeArrestLimiter } from './spike-arrest';
import { TokenBucketLimiter } from './token-bucket';

/** Each limiter's plugin, by name. */
type LimiterSpecs = { readonly [K in LimiterName]: LimiterPluginSpec<K> };

/**
 * The constructor of every registered limiter (`src/scenario/policies/limiters.ts` declares its
 * plugin name and fields), from its plugin's typed options. The mapped type makes a declared
 * limiter without a constructor a compile error. Built once per plugin (and store), off the
 * per-request path; each returns its own class, so a store's `decide` call site sees one class.
 */
export const LIMITER_MAKERS: {
  readonly [K in LimiterName]: (plugin: LimiterSpecs[K]) => Limiter<unknown>;
} = {
  'rate-limiting': (plugin) => new FixedWindowLimiter({ limits: periodLimits(plugin) }),
  'rate-limiting-advanced': (plugin) =>
    new SlidingWindowLimiter({
      windows: [{ limit: plugin.limit, size: plugin.window }],
      windowType: plugin.window_type,
    }),
  // Without `burst`, the bucket holds a second's worth of tokens (at least one).
  'token-bucket': (plugin) =>
    new TokenBucketLimiter({ rate: plugin.rate, burst: plugin.burst ?? Math.max(1, plugin.rate) }),
  'spike-arrest': (plugin) =>
    new SpikeArrestLimiter({
      rate: `${plugin.rate.count}${plugin.rate.per === 'second' ? 'ps' : 'pm'}`,
      useEffectiveCount: plugin.useEffectiveCount,
    }),
  // The format's `calendar` is Apigee's `default` type (aligned to the clock); Apigee's own
  // `calendar` needs a start time, which the format does not take.
  quota: (plugin) =>
    new QuotaLimiter({
      allow: plugin.limit,
      interval: plugin.interval,
      timeUnit: plugin.timeUnit ?? 'minute',
      type: plugin.type === 'calendar' ? 'default' : plugin.type,
    }),
};

/** The limits of a `rate-limiting` plugin, by period; only the periods it sets. */
export function periodLimits(
  plugin: LimiterPluginSpec<'rate-limiting'>,
): Partial<Record<CalendarPeriod, number>> {
  const limits: Partial<Record<CalendarPeriod, number>> = {};
  for (const period of RATE_LIMIT_PERIODS) {
    const limit = plugin[period];
    if (limit !== undefined) limits[period] = limit;
  }
  return limits;
}

/** The limiter of a limiter plugin `name` (`plugin.name`; see `LIMITERS`). */
export function makeLimiter<K extends LimiterName>(name: K, plugin: LimiterSpecs[K]): Limiter<unknown> {
  return LIMITER_MAKERS[name](plugin);
}

/** Whether `plugin` is a rate limiter, so has a limiter (see `LIMITERS`). */
export function isLimiterPlugin(plugin: PluginSpec): plugin is LimiterPluginSpec {
  return isLimiterName(plugin.name);
}

/** The limiter plugin names, in the gateway's order. */
export const LIMITER_PLUGINS: readonly LimiterName[] = Object.keys(LIMITERS).filter(isLimiterName);
