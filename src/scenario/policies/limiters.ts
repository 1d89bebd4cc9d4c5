/**
 * The registry of rate limiters, the gateway plugins that answer 429: each declared once, with its
 * plugin name, the fields a file writes (their checks, hence their types), the fields that are its
 * limits (what a knob or a summary of the limits reads; named in `limiter-table.ts`, the plain facts
 * the page's sliders read). The plugin checks read it, so do the resolved types: the model builds each limiter from
 * typed options (`src/model/limiters/registry.ts` pairs every name with its constructor, and the
 * compiler makes every name have one).
 */
import { bad, bool, map, num, oneOf, opt, positiveInt, req, str, type Check, type ShapeOf } from '../checks';
import type { PluginSpec } from '../types';
import { duration, rate, spikeRate } from '../units';
import { LIMITER_TABLE, RATE_LIMIT_PERIODS } from './limiter-table';

export { RATE_LIMIT_PERIODS } from './limiter-table';

/** What a limiter counts by (Kong's `limit_by`). */
export const LIMIT_BY_VALUES = [
  'consumer',
  'credential',
  'ip',
  'service',
  'header',
  'path',
  'consumer-group',
  // One count for every request the plugin sees: AWS's account throttle, and a stage's when an
  // imported stage throttle names it.
  'account',
] as const;

/** A `limit_by` as the model reads it. */
export type LimitBy = (typeof LIMIT_BY_VALUES)[number];

const limitBy: Check<LimitBy> = oneOf(LIMIT_BY_VALUES);
// A limiter of 0 would refuse everything; the real products require at least 1 (Kong: `gt = 0`).
const limit = positiveInt;
const positiveRate = map(rate, (v, node, path, r) =>
  v > 0 ? v : bad(r, node, path, 'must be above 0', 'a rate per second > 0'),
);

/** Every limiter, in the gateway's plugin order. */
export const LIMITERS = {
  'rate-limiting': {
    shape: {
      second: opt(limit),
      minute: opt(limit),
      hour: opt(limit),
      day: opt(limit),
      month: opt(limit),
      year: opt(limit),
      limit_by: opt(limitBy),
      header_name: opt(str),
      policy: opt(oneOf(['local', 'cluster'])),
      syncDelay: opt(duration()),
    },
    limits: LIMITER_TABLE['rate-limiting'].limits,
  },
  'rate-limiting-advanced': {
    shape: {
      limit: req(limit),
      window: req(duration({ positive: true })),
      window_type: opt(oneOf(['sliding', 'fixed'])),
      limit_by: opt(limitBy),
    },
    limits: LIMITER_TABLE['rate-limiting-advanced'].limits,
  },
  'token-bucket': {
    shape: { rate: req(positiveRate), burst: opt(limit), limit_by: opt(limitBy) },
    limits: LIMITER_TABLE['token-bucket'].limits,
  },
  'spike-arrest': {
    shape: { rate: req(spikeRate), useEffectiveCount: opt(bool), identifier: opt(str) },
    limits: LIMITER_TABLE['spike-arrest'].limits,
  },
  quota: {
    shape: {
      limit: req(limit),
      interval: opt(num({ expects: 'a positive integer', int: true, min: 1 })),
      timeUnit: opt(oneOf(['minute', 'hour', 'day', 'week', 'month'])),
      type: opt(oneOf(['calendar', 'rollingwindow', 'flexi'])),
    },
    limits: LIMITER_TABLE.quota.limits,
  },
} as const satisfies {
  // Every limiter of the table, which the page's sliders read, and no other.
  readonly [K in keyof typeof LIMITER_TABLE]: { readonly shape: object; readonly limits: readonly string[] };
};

/** A limiter's plugin name. */
export type LimiterName = keyof typeof LIMITERS;

/** Every limiter name, in the gateway's plugin order. */
export const LIMITER_NAMES = Object.keys(LIMITERS) as LimiterName[];

/** Whether plugin `name` is a rate limiter. */
export function isLimiterName(name: string): name is LimiterName {
  return Object.hasOwn(LIMITERS, name);
}

/** Fields every plugin of the gateway may carry (see `schema/plugins.ts`). */
export interface PluginCommon {
  /** Processing time per request, ms; absent: the profile's, else 0. */
  readonly cost?: number;
  /** Plugins of one name and instance share one state across routes. */
  readonly instance?: string;
  /** Absent: the plugin applies to every consumer. */
  readonly consumer?: string;
}

/** The options of limiter `K` as a resolved scenario holds them. */
export type LimiterOptions<K extends LimiterName> = ShapeOf<(typeof LIMITERS)[K]['shape']>;

/**
 * A limiter plugin as resolved: its name, common fields and typed options. `policy: cluster` shares
 * one count across the gateway's instances; a file writes it on `rate-limiting` only. Like every
 * plugin it may be read by field name (other fields are absent: `unknown`).
 */
export type LimiterPluginSpec<K extends LimiterName = LimiterName> = K extends LimiterName
  ? PluginCommon & { readonly name: K; readonly policy?: 'local' | 'cluster' } & Omit<
        LimiterOptions<K>,
        'limit_by'
      > & { readonly limit_by?: LimitBy } & { readonly [field: string]: unknown }
  : never;

/** Whether `plugin` is a rate limiter's, so has its typed options. */
export function isLimiterPluginSpec(plugin: PluginSpec): plugin is LimiterPluginSpec {
  return isLimiterName(plugin.name);
}

/** A rate a limiter admits per key in the long run, and how its plugin writes it. */
export interface AdmittedRate {
  /** Requests a second. */
  readonly perSecond: number;
  /** As written: `100 a minute`, `10 per 1 s`. */
  readonly written: string;
}

/** Each limiter's plugin, by name. */
type LimiterSpecs = { readonly [K in LimiterName]: LimiterPluginSpec<K> };

/** Seconds in each of Kong's `rate-limiting` periods. */
const PERIOD_SECONDS: Readonly<Record<(typeof RATE_LIMIT_PERIODS)[number], number>> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86_400,
  month: 2_592_000,
  year: 31_536_000,
};

/** Seconds in a quota's `timeUnit`. */
const QUOTA_UNIT_SECONDS: Readonly<Record<NonNullable<LimiterOptions<'quota'>['timeUnit']>, number>> = {
  minute: 60,
  hour: 3600,
  day: 86_400,
  week: 604_800,
  month: 2_592_000,
};

/**
 * The rates each limiter admits, from its typed limits (the `limits` fields): what a summary of an
 * import or of a setup says of it. The mapped type makes a declared limiter without one a compile
 * error.
 */
export const LIMITER_RATES: {
  readonly [K in LimiterName]: (plugin: LimiterSpecs[K]) => AdmittedRate[];
} = {
  'rate-limiting': (plugin) =>
    RATE_LIMIT_PERIODS.flatMap((period) => {
      const n = plugin[period];
      return n === undefined ? [] : [{ perSecond: n / PERIOD_SECONDS[period], written: `${n} a ${period}` }];
    }),
  'rate-limiting-advanced': (plugin) => [
    {
      perSecond: plugin.limit / (plugin.window / 1000),
      written: `${plugin.limit} per ${plugin.window / 1000} s`,
    },
  ],
  'token-bucket': (plugin) => [{ perSecond: plugin.rate, written: `${plugin.rate} a second` }],
  // Apigee writes `30ps` or `12pm`: said as written, counted per second.
  'spike-arrest': ({ rate }) => [{ perSecond: rate.perSecond, written: `${rate.count} a ${rate.per}` }],
  quota: (plugin) => {
    const unit = plugin.timeUnit ?? 'minute';
    const interval = plugin.interval ?? 1;
    return [
      {
        perSecond: plugin.limit / (QUOTA_UNIT_SECONDS[unit] * interval),
        written: `${plugin.limit} per ${interval === 1 ? unit : `${interval} ${unit}s`}`,
      },
    ];
  },
};

/** The rates limiter plugin `plugin` admits (see `LIMITER_RATES`). */
export function admittedRates<K extends LimiterName>(name: K, plugin: LimiterSpecs[K]): AdmittedRate[] {
  return LIMITER_RATES[name](plugin);
}
