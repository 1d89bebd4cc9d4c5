/**
 * Gateway plugins (docs/scenario-format.md#plugins): the name picks the fields. Values are kept as
 * written, with durations in ms; absent fields are left absent so that a gateway profile can fill them.
 * Every plugin also takes `cost`, its processing time per request, and `instance`: the plugins of one
 * name and instance share one state (a limiter's counters, an authorizer's cache) across the routes that carry
 * them, as one Kong plugin instance serves every route of its service. All but the authentication
 * plugins take `consumer`: the plugin applies only to requests authenticated as that consumer, in
 * place of the one for every consumer (Kong's consumer-scoped plugins).
 */
import {
  bad,
  bool,
  check,
  fields,
  fraction,
  list,
  map,
  positiveInt,
  num,
  oneOf,
  opt,
  req,
  str,
  tagged,
  type Check,
  type Shape,
} from '../checks';
import { dist } from '../distributions';
import type { PluginSpec } from '../types';
import { duration } from '../units';
import { method, routeMatch } from './http';
import { parseIpBlock } from '../ip-block';
import { LIMITER_NAMES, LIMITERS, RATE_LIMIT_PERIODS, type LimiterName } from '../policies/limiters';

/** Every plugin name the gateway knows. */
export const PLUGIN_NAMES = [
  'cors',
  'key-auth',
  'jwt',
  'ip-restriction',
  'acl',
  'external-auth',
  ...LIMITER_NAMES,
  'proxy-cache',
  'request-transformer',
  'response-transformer',
  'request-termination',
  'http-log',
] as const;
/** A gateway plugin name. */
export type PluginName = (typeof PLUGIN_NAMES)[number];

/** Plugins that authenticate, so take no `consumer` of their own. */
const CONSUMER_NAMING: ReadonlySet<string> = new Set(['key-auth', 'jwt', 'external-auth']);

/** Kong's fixed-window periods for `rate-limiting` (declared with the limiter). */
export { RATE_LIMIT_PERIODS };

const statusCode = num({ expects: 'an HTTP status code (100 to 599)', int: true, min: 100, max: 599 });
/** An IP address or CIDR block (`10.0.0.7`, `10.0.0.0/8`, `2001:db8::/32`). */
export const ipBlock = map(str, (text, node, path, r) =>
  parseIpBlock(text) !== undefined
    ? text
    : bad(r, node, path, `"${text}" is not an IP address or CIDR block`, 'e.g. 10.0.0.7 or 10.0.0.0/8'),
);

/**
 * The fields of each plugin that is not a rate limiter (the limiters' are declared in
 * `policies/limiters.ts`), beside `cost`, `instance` and `consumer`. The resolved types of
 * `PluginSpec` are inferred from them, so the model reads a plugin's fields typed.
 */
export const PLUGIN_FIELDS = {
  cors: { preflightContinue: opt(bool) },
  'ip-restriction': { allow: opt(list(ipBlock, 1)), deny: opt(list(ipBlock, 1)), status: opt(statusCode) },
  'request-termination': { status: opt(statusCode) },
  'key-auth': { status: opt(statusCode) },
  jwt: {},
  acl: { allow: opt(list(str, 1)), deny: opt(list(str, 1)) },
  'external-auth': { latency: opt(dist), cacheTtl: opt(duration()), denyRate: opt(fraction) },
  'proxy-cache': {
    ttl: opt(duration()),
    methods: opt(list(method, 1)),
    statuses: opt(list(statusCode, 1)),
  },
  'request-transformer': { when: opt(routeMatch) },
  'response-transformer': { when: opt(routeMatch) },
  'http-log': {
    mode: opt(oneOf(['sync', 'batched'])),
    batchSize: opt(positiveInt),
    flushInterval: opt(duration({ positive: true })),
    entryCost: opt(duration()),
  },
} as const satisfies Readonly<Record<Exclude<PluginName, LimiterName>, Shape>>;

// The `name` field is checked by `tagged`; each shape only has to accept it.
const named = (name: PluginName, shape: Shape): Check<PluginSpec> =>
  fields({
    name: req(check(name, () => name)),
    cost: opt(duration()),
    instance: opt(str),
    // Authentication plugins name the consumer, so they cannot be scoped to one (Kong: `no_consumer`).
    ...(CONSUMER_NAMING.has(name) ? {} : { consumer: opt(str) }),
    ...shape,
  }) as Check<PluginSpec>;

const rateLimiting = map(named('rate-limiting', LIMITERS['rate-limiting'].shape), (p, node, path, r) => {
  if (RATE_LIMIT_PERIODS.some((k) => p[k] !== undefined)) return p;
  r.error(node.pos, path, {
    message: 'rate-limiting needs a limit for at least one period',
    expected: `one of ${RATE_LIMIT_PERIODS.join(', ')}`,
    hint: 'e.g. minute: 100',
  });
  return undefined;
});

const acl = map(named('acl', PLUGIN_FIELDS.acl), (p, node, path, r) => {
  const both = p.allow !== undefined && p.deny !== undefined;
  if (!both && (p.allow !== undefined || p.deny !== undefined)) return p;
  r.error(node.pos, path, {
    message: both ? 'acl takes allow or deny, not both' : 'acl needs allow or deny',
    expected: 'a list of consumers under allow or deny',
  });
  return undefined;
});

const ipRestriction = map(named('ip-restriction', PLUGIN_FIELDS['ip-restriction']), (p, node, path, r) => {
  if (p.allow !== undefined || p.deny !== undefined) return p;
  r.error(node.pos, path, {
    message: 'ip-restriction needs allow or deny',
    expected: 'a list of IP addresses or CIDR blocks under allow or deny',
  });
  return undefined;
});

/** Each rate limiter's check, from its registered fields (`rate-limiting` needs a period too). */
const limiterChecks = Object.fromEntries(
  LIMITER_NAMES.map((name) => [
    name,
    name === 'rate-limiting' ? rateLimiting : named(name, LIMITERS[name].shape),
  ]),
);

/** One gateway plugin, its fields checked for its name. */
export const plugin: Check<PluginSpec> = tagged(
  'name',
  {
    cors: named('cors', PLUGIN_FIELDS.cors),
    'ip-restriction': ipRestriction,
    'request-termination': named('request-termination', PLUGIN_FIELDS['request-termination']),
    'key-auth': named('key-auth', PLUGIN_FIELDS['key-auth']),
    jwt: named('jwt', PLUGIN_FIELDS.jwt),
    acl,
    'external-auth': named('external-auth', PLUGIN_FIELDS['external-auth']),
    ...limiterChecks,
    'proxy-cache': named('proxy-cache', PLUGIN_FIELDS['proxy-cache']),
    'request-transformer': named('request-transformer', PLUGIN_FIELDS['request-transformer']),
    'response-transformer': named('response-transformer', PLUGIN_FIELDS['response-transformer']),
    'http-log': named('http-log', PLUGIN_FIELDS['http-log']),
  },
  'plugin',
);

/**
 * A list of plugins; a name may appear once per list and consumer (one instance per scope, as in
 * Kong): once for every consumer and once for each `consumer` it is scoped to.
 */
export const plugins: Check<PluginSpec[]> = map(list(plugin), (ps, node, path, r) => {
  const seen = new Set<string>();
  let ok = true;
  ps.forEach((p, i) => {
    const scope = typeof p.consumer === 'string' ? `${p.name}\n${p.consumer}` : p.name;
    if (seen.has(scope) && node.kind === 'seq') {
      ok = false;
      bad(
        r,
        node.items[i],
        [...path, i],
        typeof p.consumer === 'string'
          ? `plugin "${p.name}" for consumer "${p.consumer}" appears twice in this list`
          : `plugin "${p.name}" appears twice in this list`,
        'each plugin once per scope',
      );
    }
    seen.add(scope);
  });
  return ok ? ps : undefined;
});
