/**
 * Kong's defaults for the fields the importer does not model (kong/db/schema/entities and each
 * plugin's schema.lua, 3.x). A `deck dump` writes every field, defaults included; a field left at
 * its default changes nothing Kong does, so it needs no warning. {@link isKongDefault} says whether
 * a written value is the default; an empty list or mapping, Kong's "nothing set", always is.
 */
import type { LNode } from '../positions';

type Value = null | boolean | number | string | readonly Value[] | { readonly [k: string]: Value };

const REDIS = {
  redis_host: null,
  redis_port: 6379,
  redis_password: null,
  redis_username: null,
  redis_timeout: 2000,
  redis_database: 0,
  redis_ssl: false,
  redis_ssl_verify: false,
  redis_server_name: null,
  redis: {
    host: null,
    port: 6379,
    password: null,
    username: null,
    timeout: 2000,
    database: 0,
    ssl: false,
    ssl_verify: false,
    server_name: null,
  },
};
const QUEUE = {
  max_batch_size: 1,
  max_coalescing_delay: 1,
  max_entries: 10000,
  max_bytes: null,
  max_retry_time: 60,
  initial_retry_delay: 0.01,
  max_retry_delay: 60,
  concurrency_limit: 1,
};
const ACTIVE_HEALTHY = { interval: 0, successes: 0, http_statuses: [200, 302] };
const ACTIVE_UNHEALTHY = {
  interval: 0,
  http_failures: 0,
  tcp_failures: 0,
  timeouts: 0,
  http_statuses: [429, 404, 500, 501, 502, 503, 504, 505],
};
const PASSIVE_HEALTHY = {
  successes: 0,
  http_statuses: [
    200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308,
  ],
};
const PASSIVE_UNHEALTHY = { http_failures: 0, tcp_failures: 0, timeouts: 0, http_statuses: [429, 500, 503] };
const ACTIVE = {
  type: 'http',
  timeout: 1,
  concurrency: 10,
  http_path: '/',
  https_verify_certificate: true,
  https_sni: null,
  headers: null,
  healthy: ACTIVE_HEALTHY,
  unhealthy: ACTIVE_UNHEALTHY,
};
const PASSIVE = { type: 'http', healthy: PASSIVE_HEALTHY, unhealthy: PASSIVE_UNHEALTHY };
const CREDENTIAL_CHECK = { anonymous: null, hide_credentials: false, run_on_preflight: true, realm: null };

/** Kong's default of each field, by the importer's name for the entity (`KongEntity.kind`). */
const DEFAULTS: Readonly<Record<string, Readonly<Record<string, Value>>>> = {
  service: {
    protocol: 'http',
    port: 80,
    path: '/', // the same as none: the request's own path goes upstream
    retries: 5,
    connect_timeout: 60000,
    write_timeout: 60000,
    read_timeout: 60000,
    tls_verify: null,
    tls_verify_depth: null,
    client_certificate: null,
    ca_certificates: null,
    enabled: true,
  },
  route: {
    protocols: ['http', 'https'],
    https_redirect_status_code: 426,
    regex_priority: 0,
    strip_path: true,
    path_handling: 'v0',
    preserve_host: false,
    request_buffering: true,
    response_buffering: true,
    snis: null,
    sources: null,
    destinations: null,
    priority: 0,
  },
  plugin: {
    enabled: true,
    protocols: ['grpc', 'grpcs', 'http', 'https'],
    run_on: 'first',
    instance_name: null,
    ordering: null,
  },
  upstream: {
    algorithm: 'round-robin',
    hash_on: 'none',
    hash_fallback: 'none',
    hash_on_cookie_path: '/',
    slots: 10000,
    host_header: null,
    client_certificate: null,
    use_srv_name: false,
  },
  target: { weight: 100 },
  healthchecks: { threshold: 0, active: ACTIVE, passive: PASSIVE },
  'active health check': ACTIVE,
  'active healthy check': ACTIVE_HEALTHY,
  'active unhealthy check': ACTIVE_UNHEALTHY,
  'passive health check': PASSIVE,
  'passive unhealthy check': PASSIVE_UNHEALTHY,
  'rate-limiting plugin': {
    limit_by: 'consumer',
    policy: 'local',
    fault_tolerant: true,
    hide_client_headers: false,
    header_name: null,
    path: null,
    error_code: 429,
    error_message: 'API rate limit exceeded',
    sync_rate: -1,
    ...REDIS,
  },
  'response-ratelimiting plugin': {
    header_name: 'x-kong-limit',
    limit_by: 'consumer',
    policy: 'local',
    fault_tolerant: true,
    block_on_first_violation: false,
    hide_client_headers: false,
    ...REDIS,
  },
  'key-auth plugin': {
    ...CREDENTIAL_CHECK,
    key_names: ['apikey'],
    key_in_header: true,
    key_in_query: true,
    key_in_body: false,
  },
  'jwt plugin': {
    ...CREDENTIAL_CHECK,
    uri_param_names: ['jwt'],
    cookie_names: [],
    header_names: ['authorization'],
    claims_to_verify: null,
    key_claim_name: 'iss',
    secret_is_base64: false,
    maximum_expiration: 0,
  },
  'basic-auth plugin': CREDENTIAL_CHECK,
  'hmac-auth plugin': {
    ...CREDENTIAL_CHECK,
    clock_skew: 300,
    validate_request_body: false,
    enforce_headers: [],
    algorithms: ['hmac-sha1', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512'],
  },
  'acl plugin': {
    hide_groups_header: false,
    include_consumer_groups: false,
    always_use_authenticated_groups: false,
  },
  'proxy-cache plugin': {
    response_code: [200, 301, 404],
    request_method: ['GET', 'HEAD'],
    content_type: ['text/plain', 'application/json'],
    cache_ttl: 300,
    strategy: 'memory',
    cache_control: false,
    ignore_uri_case: false,
    storage_ttl: null,
    memory: { dictionary_name: 'kong_db_cache' },
    vary_query_params: null,
    vary_headers: null,
    response_headers: { age: true, 'X-Cache-Status': true, 'X-Cache-Key': true },
  },
  'cors plugin': {
    origins: null,
    headers: null,
    exposed_headers: null,
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'],
    max_age: null,
    credentials: false,
    preflight_continue: false,
    private_network: false,
  },
  'ip-restriction plugin': { status: null, message: null },
  'request-termination plugin': {
    status_code: 503,
    message: null,
    body: null,
    content_type: null,
    trigger: null,
    echo: false,
  },
  'http-log plugin': {
    method: 'POST',
    content_type: 'application/json',
    timeout: 10000,
    keepalive: 60000,
    retry_count: 10,
    queue_size: 1,
    flush_timeout: 2,
    headers: null,
    custom_fields_by_lua: null,
    queue: QUEUE,
  },
  'http-log plugin queue': QUEUE,
  'request-transformer plugin': { http_method: null },
  'response-transformer plugin': {},
};

/** True when the value written under `key` of a Kong entity of kind `kind` is Kong's default. */
export function isKongDefault(kind: string, key: string, node: LNode): boolean {
  const defaults = Object.hasOwn(DEFAULTS, kind) ? DEFAULTS[kind] : undefined;
  const dflt = defaults !== undefined && Object.hasOwn(defaults, key) ? defaults[key] : undefined;
  return dflt === undefined ? isEmpty(node) : same(node, dflt);
}

/** Nothing set: null, an empty list, or a mapping of nothing set (`remove: { headers: [] }`). */
function isEmpty(node: LNode): boolean {
  if (node.kind === 'scalar') return node.value === null;
  if (node.kind === 'seq') return node.items.length === 0;
  return [...node.entries.values()].every((e) => isEmpty(e.value));
}

function same(node: LNode, dflt: Value): boolean {
  if (isEmpty(node) && (dflt === null || (Array.isArray(dflt) && dflt.length === 0))) return true;
  if (node.kind === 'scalar') {
    const v = node.value;
    if (typeof v === 'string' && typeof dflt === 'string') return v.toLowerCase() === dflt.toLowerCase();
    return v === dflt;
  }
  if (node.kind === 'seq') {
    if (!Array.isArray(dflt) || node.items.length !== dflt.length) return false;
    // Kong's lists here are sets (methods, statuses, protocols): order does not matter.
    const want = (dflt as readonly Value[]).map((d) => String(d).toLowerCase()).sort();
    const got = node.items
      .map((i) => (i.kind === 'scalar' ? String(i.value).toLowerCase() : '\u0000'))
      .sort();
    return want.every((w, i) => w === got[i]);
  }
  if (dflt === null || typeof dflt !== 'object' || Array.isArray(dflt)) return false;
  const map = dflt as { readonly [k: string]: Value };
  return [...node.entries].every(([k, e]) =>
    Object.hasOwn(map, k) ? same(e.value, map[k]) : isEmpty(e.value),
  );
}
