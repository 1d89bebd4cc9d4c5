/**
 * Kong plugins as meshsim gateway plugins: the name, and each `config` field that has a meshsim
 * counterpart (rate-limiting's periods, `limit_by` and `policy`; proxy-cache's `cache_ttl`,
 * `request_method` and `response_code`; acl's groups, resolved to the consumers in them; ...). Every
 * other config field is a warning naming it. A few Kong plugins without a meshsim namesake map onto
 * the one that behaves alike (basic-auth checks a credential as key-auth does), with a warning saying
 * so; other plugins are left out with a warning.
 */
import type { PluginName } from '../schema/plugins';
import { didYouMean } from '../suggest';
import { warnAt, type Where } from './config-entity';
import { KongEntity } from './kong-entity';
import { formatSeconds, type RawPlugin } from './types';
import {
  corsConfig,
  ipRestrictionConfig,
  RESPONSE_RATELIMITING_NOTE,
  terminationConfig,
} from './kong-plugin-answers';
import { rateLimiting, rateLimitingAdvanced } from './kong-plugin-limits';

/** What plugin mapping needs to know about the rest of the config. */
export interface PluginContext {
  /** Consumer names by ACL group, from the consumers' `acls`. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
}

type Fields = Record<string, unknown>;
type ConfigMapper = (c: KongEntity, ctx: PluginContext) => Fields | undefined;

const NOT_SIMULATED_TRANSFORM =
  'the transformation itself is not simulated; the plugin costs its `cost` (the profile default)';
const TRANSFORM_NOTES = Object.fromEntries(
  ['http_method', 'remove', 'rename', 'replace', 'add', 'append', 'allow', 'dots_in_keys'].map((k) => [
    k,
    NOT_SIMULATED_TRANSFORM,
  ]),
);

const credentialCheck: ConfigMapper = (c) => {
  c.finish({
    anonymous: 'anonymous access is not modelled: a request without a valid credential gets 401',
    hide_credentials: 'credentials are not forwarded in the simulation either way',
  });
  return {};
};

const acl: ConfigMapper = (c, ctx) => {
  const allow = c.has('allow') ? c.strings('allow') : c.strings('whitelist');
  const deny = c.has('deny') ? c.strings('deny') : c.strings('blacklist');
  const key = c.has('allow')
    ? 'allow'
    : c.has('whitelist')
      ? 'whitelist'
      : c.has('deny')
        ? 'deny'
        : 'blacklist';
  if (allow !== undefined && deny !== undefined) {
    c.r.error(c.node.pos, c.path, { message: 'acl takes allow or deny, not both (Kong refuses both too)' });
    return undefined;
  }
  const groups = allow ?? deny;
  if (groups === undefined) {
    if (c.has(key)) return undefined; // a bad list, already reported
    c.r.error(c.node.pos, c.path, {
      message: 'acl needs allow or deny: a list of consumer groups',
      expected: 'allow: [group, ...]',
    });
    return undefined;
  }
  if (groups.length === 0) {
    c.finish();
    if (deny !== undefined) {
      warnAt(c.at(key), 'an empty deny list denies nobody; the acl plugin is left out');
      return undefined;
    }
    c.r.error(c.valueAt(key).pos, c.valueAt(key).path, {
      message: "an empty allow list lets nobody in, which meshsim's acl cannot say",
      expected: 'at least one group',
    });
    return undefined;
  }
  // meshsim's acl lists consumers; Kong's lists groups, so take the consumers of each group.
  const consumers: string[] = [];
  for (const g of groups) {
    const members = ctx.groups.get(g);
    if (members === undefined || members.length === 0) {
      warnAt(
        c.valueAt(key),
        `group "${g}" has no consumers in this config; kept as a consumer name, which no client matches unless it is named "${g}"`,
      );
      consumers.push(g);
    } else consumers.push(...members);
  }
  c.finish();
  return { [allow !== undefined ? 'allow' : 'deny']: [...new Set(consumers)] };
};

const proxyCache: ConfigMapper = (c) => {
  const out: Fields = {};
  const ttl = c.int('cache_ttl', { min: 1, max: 2 ** 31 });
  if (ttl !== undefined) out.ttl = formatSeconds(ttl);
  const methods = c.strings('request_method');
  if (methods !== undefined) {
    const bad = methods.filter((m) => !/^[A-Za-z]+$/.test(m));
    if (bad.length > 0) {
      c.r.error(c.valueAt('request_method').pos, c.valueAt('request_method').path, {
        message: `not HTTP methods: ${bad.join(', ')}`,
      });
      return undefined;
    }
    if (methods.length > 0) out.methods = methods.map((m) => m.toUpperCase());
    else warnAt(c.at('request_method'), 'an empty list caches nothing; left out');
  }
  const codes = c.strings('response_code', 'a list of status codes');
  if (codes !== undefined) {
    const statuses = codes.map(Number);
    if (statuses.some((s) => !Number.isInteger(s) || s < 100 || s > 999)) {
      c.r.error(c.valueAt('response_code').pos, c.valueAt('response_code').path, {
        message: 'must be a list of status codes from 100 to 999',
      });
      return undefined;
    }
    const kept = statuses.filter((s) => s <= 599);
    if (kept.length < statuses.length)
      warnAt(c.at('response_code'), 'status codes above 599 are never produced in the simulation; left out');
    if (kept.length > 0) out.statuses = kept;
  }
  c.finish({
    strategy: 'the cache is an in-memory store on each gateway instance',
    content_type: 'responses carry no content type in the simulation',
    cache_control: 'Cache-Control headers are not simulated',
    vary_headers: 'the cache key is method, path, key and consumer',
    vary_query_params: 'the cache key is method, path, key and consumer',
  });
  return out;
};

const transformer: ConfigMapper = (c) => {
  c.finish(TRANSFORM_NOTES);
  return {};
};

const httpLog: ConfigMapper = (c) => {
  let batch = c.int('queue_size', { min: 1, max: 2 ** 31 });
  const queueNode = c.take('queue');
  if (queueNode !== undefined) {
    const q = KongEntity.of(queueNode, [...c.path, 'queue'], c.r, `${c.kind} queue`);
    if (q !== undefined) {
      batch = q.int('max_batch_size', { min: 1, max: 2 ** 31 }) ?? batch;
      q.finish();
    }
  }
  c.finish({ http_endpoint: 'the log server is not simulated; the plugin costs its `cost`' });
  return batch === undefined ? {} : { mode: batch > 1 ? 'batched' : 'sync' };
};

const externalAuth: ConfigMapper = (c) => {
  c.finish();
  return {};
};

/** Kong plugins meshsim models under their own name. */
const MAPPERS: Readonly<Record<string, { readonly as: PluginName; readonly config: ConfigMapper }>> = {
  'key-auth': { as: 'key-auth', config: credentialCheck },
  jwt: { as: 'jwt', config: credentialCheck },
  acl: { as: 'acl', config: acl },
  'rate-limiting': { as: 'rate-limiting', config: rateLimiting },
  'rate-limiting-advanced': { as: 'rate-limiting-advanced', config: rateLimitingAdvanced },
  'proxy-cache': { as: 'proxy-cache', config: proxyCache },
  'request-transformer': { as: 'request-transformer', config: transformer },
  'response-transformer': { as: 'response-transformer', config: transformer },
  'http-log': { as: 'http-log', config: httpLog },
  cors: { as: 'cors', config: corsConfig },
  'ip-restriction': { as: 'ip-restriction', config: ipRestrictionConfig },
  'request-termination': { as: 'request-termination', config: (c) => terminationConfig(c) },
};

/** Kong plugins modelled as a meshsim plugin that behaves alike, and why. */
const ALIASES: Readonly<Record<string, { readonly as: string; readonly why: string }>> = {
  'basic-auth': { as: 'key-auth', why: 'a credential check answering 401' },
  'hmac-auth': { as: 'key-auth', why: 'a credential check answering 401' },
  'ldap-auth': { as: 'key-auth', why: 'a credential check answering 401' },
  'ldap-auth-advanced': { as: 'key-auth', why: 'a credential check answering 401' },
  'key-auth-enc': { as: 'key-auth', why: 'a credential check answering 401' },
  'openid-connect': { as: 'jwt', why: 'a token check answering 401' },
  'oauth2-introspection': { as: 'external-auth', why: 'a call to an authorization server' },
  opa: { as: 'external-auth', why: 'a call to an authorization server' },
  'proxy-cache-advanced': { as: 'proxy-cache', why: 'the same cache' },
  'request-transformer-advanced': { as: 'request-transformer', why: 'the same transformation cost' },
  'response-transformer-advanced': { as: 'response-transformer', why: 'the same transformation cost' },
  'tcp-log': { as: 'http-log', why: 'a logging cost' },
  'udp-log': { as: 'http-log', why: 'a logging cost' },
  'file-log': { as: 'http-log', why: 'a logging cost' },
  syslog: { as: 'http-log', why: 'a logging cost' },
  loggly: { as: 'http-log', why: 'a logging cost' },
  'kafka-log': { as: 'http-log', why: 'a logging cost' },
  datadog: { as: 'http-log', why: 'a logging cost' },
  statsd: { as: 'http-log', why: 'a logging cost' },
};

const ALIAS_CONFIG: Readonly<Record<string, ConfigMapper>> = {
  'key-auth': credentialCheck,
  jwt: credentialCheck,
  'external-auth': externalAuth,
  'proxy-cache': proxyCache,
  'request-transformer': transformer,
  'response-transformer': transformer,
  'http-log': (c) => {
    c.finish();
    return {};
  },
};

/** Every Kong plugin name the importer recognises, for "did you mean". */
export const KONG_PLUGIN_NAMES: readonly string[] = [...Object.keys(MAPPERS), ...Object.keys(ALIASES)];

/**
 * The meshsim plugin for Kong plugin `name` with its `config` (absent: Kong's defaults), or undefined
 * when it has no counterpart (a warning at `where`) or its config is invalid (an error).
 */
export function mapPlugin(
  name: string,
  config: KongEntity | undefined,
  ctx: PluginContext,
  where: Where,
): RawPlugin | undefined {
  const direct = Object.hasOwn(MAPPERS, name) ? MAPPERS[name] : undefined;
  const alias = Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
  const as = direct?.as ?? alias?.as;
  if (as === undefined) {
    if (name === 'response-ratelimiting') warnAt(where, RESPONSE_RATELIMITING_NOTE);
    else warnAt(where, `plugin "${name}" is not modelled; left out`, didYouMean(name, KONG_PLUGIN_NAMES));
    return undefined;
  }
  if (alias !== undefined) warnAt(where, `plugin "${name}" is modelled as ${alias.as} (${alias.why})`);
  const mapper = direct?.config ?? ALIAS_CONFIG[as];
  if (config === undefined) {
    if (['rate-limiting', 'rate-limiting-advanced', 'acl', 'ip-restriction'].includes(name)) {
      where.r.error(where.pos, where.path, {
        message: `plugin "${name}" needs a config (Kong refuses it too)`,
      });
      return undefined;
    }
    return { name: as };
  }
  const fields = mapper(config, ctx);
  return fields === undefined ? undefined : { name: as, ...fields };
}
