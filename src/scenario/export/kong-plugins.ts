/**
 * meshsim gateway plugins as Kong plugins: the inverse of the Kong importer's plugin mapping
 * (src/scenario/import/kong-plugins.ts). Each field with a Kong counterpart goes into `config`; a
 * field without one, and a plugin Kong does not have (Apigee's and AWS's limiters), is left out.
 */
import type { PluginSpec } from '../types';
import type { Omissions } from './omissions';

/** A Kong plugin as deck writes it. */
export interface KongPlugin {
  name: string;
  consumer?: string;
  config?: Record<string, unknown>;
}

const PERIODS = ['second', 'minute', 'hour', 'day', 'month', 'year'];
/** Fields every meshsim plugin may have, handled apart from its config. */
const COMMON = new Set(['name', 'cost', 'instance', 'consumer']);
/** Kong's http-log needs an endpoint; the simulation has no log server, so this names a placeholder. */
const LOG_ENDPOINT = 'http://log-collector:8080/logs';

type Mapper = (p: PluginSpec, leave: (field: string, why: string) => void) => KongPlugin | undefined;

const MAPPERS: Readonly<Record<string, Mapper>> = {
  cors: (p) => ({
    name: 'cors',
    ...(p.preflightContinue === true ? { config: { preflight_continue: true } } : {}),
  }),
  'ip-restriction': (p) => ({
    name: 'ip-restriction',
    config: {
      ...(p.allow !== undefined ? { allow: p.allow } : {}),
      ...(p.deny !== undefined ? { deny: p.deny } : {}),
      ...(p.status !== undefined ? { status: p.status } : {}),
    },
  }),
  'request-termination': (p) => ({
    name: 'request-termination',
    ...(p.status !== undefined ? { config: { status_code: p.status } } : {}),
  }),
  'key-auth': () => ({ name: 'key-auth' }),
  jwt: () => ({ name: 'jwt' }),
  acl: (p) => {
    // meshsim's acl lists consumers; Kong's lists groups: each consumer is put in a group of its name.
    const allow = p.allow as string[] | undefined;
    return { name: 'acl', config: allow !== undefined ? { allow } : { deny: p.deny as string[] } };
  },
  'rate-limiting': (p) => {
    const config: Record<string, unknown> = {};
    for (const period of PERIODS) if (p[period] !== undefined) config[period] = p[period];
    if (p.limit_by !== undefined) config.limit_by = p.limit_by;
    if (p.header_name !== undefined) config.header_name = p.header_name;
    if (p.policy !== undefined) config.policy = p.policy;
    // Kong's sync_rate is in seconds; -1 (its default) updates the counter with each request.
    if (typeof p.syncDelay === 'number') config.sync_rate = p.syncDelay > 0 ? p.syncDelay / 1000 : -1;
    return { name: 'rate-limiting', config };
  },
  'rate-limiting-advanced': (p) => {
    const config: Record<string, unknown> = {
      limit: [p.limit],
      window_size: [(p.window as number) / 1000],
    };
    if (p.window_type !== undefined) config.window_type = p.window_type;
    if (p.limit_by !== undefined) config.identifier = p.limit_by;
    return { name: 'rate-limiting-advanced', config };
  },
  'proxy-cache': (p, leave) => {
    const config: Record<string, unknown> = { strategy: 'memory' };
    if (typeof p.ttl === 'number') {
      // Kong's cache_ttl is whole seconds.
      if (p.ttl % 1000 === 0 && p.ttl > 0) config.cache_ttl = p.ttl / 1000;
      else leave('ttl', `Kong's cache_ttl is a whole number of seconds, not ${p.ttl} ms`);
    }
    if (p.methods !== undefined) config.request_method = p.methods;
    if (p.statuses !== undefined) config.response_code = p.statuses;
    return { name: 'proxy-cache', config };
  },
  'request-transformer': (p, leave) => {
    if (p.when !== undefined) leave('when', 'Kong applies a transformer to every request of its scope');
    return { name: 'request-transformer' };
  },
  'response-transformer': (p, leave) => {
    if (p.when !== undefined) leave('when', 'Kong applies a transformer to every request of its scope');
    return { name: 'response-transformer' };
  },
  'http-log': (p, leave) => {
    for (const f of ['batchSize', 'flushInterval', 'entryCost'])
      if (p[f] !== undefined) leave(f, 'a cost of the simulated log sending; Kong config has none');
    const batch =
      p.mode === 'batched' ? { queue: { max_batch_size: 100 } } : { queue: { max_batch_size: 1 } };
    return {
      name: 'http-log',
      config: { http_endpoint: LOG_ENDPOINT, ...(p.mode !== undefined ? batch : {}) },
    };
  },
};

/** Why a meshsim plugin has no Kong counterpart. */
const NOT_KONG: Readonly<Record<string, string>> = {
  'token-bucket': "a token bucket is Envoy's and AWS's limiter; Kong's rate-limiting counts fixed windows",
  'spike-arrest': "Apigee's SpikeArrest has no Kong counterpart",
  quota: "Apigee's Quota has no Kong counterpart",
  'external-auth':
    "an authorization server's latency, cache and deny rate are simulated; Kong's opa and oauth2-introspection plugins hold none of them",
};

/**
 * The Kong plugin for `p`, or undefined when Kong has none; every field left out is recorded under
 * `path` (`gateway.routes[0].plugins[1]`). `cost` is the simulated processing time: not config.
 */
export function kongPlugin(p: PluginSpec, path: string, omissions: Omissions): KongPlugin | undefined {
  const mapper = Object.hasOwn(MAPPERS, p.name) ? MAPPERS[p.name] : undefined;
  if (mapper === undefined) {
    omissions.add(path, NOT_KONG[p.name] ?? `Kong has no plugin like ${p.name}`);
    return undefined;
  }
  if (p.cost !== undefined)
    omissions.add(`${path}.cost`, "a plugin's processing time is simulated; Kong config holds none");
  const out = mapper(p, (field, why) => omissions.add(`${path}.${field}`, why));
  if (out === undefined) return undefined;
  for (const field of Object.keys(p))
    if (!COMMON.has(field) && !KNOWN_FIELDS[p.name]?.includes(field))
      omissions.add(`${path}.${field}`, `not read by the Kong export of ${p.name}`);
  // deck writes a plugin's scope before its config.
  if (typeof p.consumer !== 'string') return out;
  const { name, ...rest } = out;
  return { name, consumer: p.consumer, ...rest };
}

/** The config fields each mapper reads, to catch a field added to the format later. */
const KNOWN_FIELDS: Readonly<Record<string, readonly string[]>> = {
  cors: ['preflightContinue'],
  'ip-restriction': ['allow', 'deny', 'status'],
  'request-termination': ['status'],
  'key-auth': [],
  jwt: [],
  acl: ['allow', 'deny'],
  'rate-limiting': [...PERIODS, 'limit_by', 'header_name', 'policy', 'syncDelay'],
  'rate-limiting-advanced': ['limit', 'window', 'window_type', 'limit_by'],
  'proxy-cache': ['ttl', 'methods', 'statuses'],
  'request-transformer': ['when'],
  'response-transformer': ['when'],
  'http-log': ['mode', 'batchSize', 'flushInterval', 'entryCost'],
};

/** The consumers `p` names: its own scope and an acl's lists. */
export function consumersOf(p: PluginSpec): string[] {
  const names = typeof p.consumer === 'string' ? [p.consumer] : [];
  for (const key of ['allow', 'deny']) if (Array.isArray(p[key])) names.push(...(p[key] as string[]));
  return names;
}
