/**
 * Kong upstreams and their targets. A Kong service whose host is an upstream's name forwards to that
 * upstream's targets; meshsim models them as the instances of one service, so an upstream
 * contributes how many targets take traffic, its balancer (`algorithm`) and its health checks, which
 * become the `loadBalancer` and `healthchecks` of the routes that forward to it. Target weights and
 * the details of probing are warnings.
 */
import type { Path, Reporter } from '../diagnostics';
import type { WrittenHealthchecks } from '../policies/health-checks';
import type { LNode } from '../positions';
import { warnAt, type Where } from './config-entity';
import { KongEntity, refOf } from './kong-entity';
import { formatSeconds } from './types';

/** An upstream as the importer needs it. */
export interface KongUpstream {
  readonly name: string;
  /** Targets with a weight above 0 (weight 0 disables a target in Kong). */
  targets: number;
  readonly at: Where;
  /** The weights of the active targets, in file order: one per meshsim instance. */
  readonly weights: number[];
  /** meshsim's name of the balancer; absent: round robin. */
  loadBalancer?: string;
  /** Health checks in the file format, typed by the registry; absent: none (Kong's default). */
  healthchecks?: WrittenHealthchecks;
  /** The ring hash's key, in the file format's `hashOn`; absent: the request's cache key or client. */
  hashOn?: { by: string; header?: string };
}

/** Kong's `algorithm` values as meshsim's route balancers. */
const BALANCERS: Readonly<Record<string, string>> = {
  'round-robin': 'ROUND_ROBIN',
  'least-connections': 'LEAST_CONNECTIONS',
  'consistent-hashing': 'RING_HASH',
  latency: 'EWMA',
};
const HASH_FIELDS = [
  'hash_on',
  'hash_fallback',
  'hash_on_header',
  'hash_fallback_header',
  'hash_on_cookie',
  'hash_on_cookie_path',
  'hash_on_query_arg',
  'hash_fallback_query_arg',
  'hash_on_uri_capture',
  'hash_fallback_uri_capture',
];

const UPSTREAM_FIELDS = [
  'id',
  'name',
  'algorithm',
  'hash_on',
  'hash_fallback',
  'hash_on_header',
  'hash_fallback_header',
  'hash_on_cookie',
  'hash_on_cookie_path',
  'hash_on_query_arg',
  'hash_fallback_query_arg',
  'hash_on_uri_capture',
  'hash_fallback_uri_capture',
  'slots',
  'healthchecks',
  'tags',
  'host_header',
  'client_certificate',
  'use_srv_name',
  'targets',
  'created_at',
  'updated_at',
];
const TARGET_FIELDS = ['id', 'target', 'weight', 'tags', 'upstream', 'created_at', 'updated_at'];

/** Upstreams by lower-cased name (hosts compare without case). */
export type Upstreams = Map<string, KongUpstream>;

/** Reads one upstream and its nested targets into `into`. */
export function readUpstream(node: LNode, path: Path, r: Reporter, into: Upstreams): void {
  const e = KongEntity.of(node, path, r, 'upstream', UPSTREAM_FIELDS);
  if (e === undefined) return;
  e.use('id');
  const name = e.str('name');
  if (name === undefined) {
    if (!e.has('name')) r.error(node.pos, path, { message: 'an upstream needs a name' });
    return;
  }
  if (into.has(name.toLowerCase())) {
    r.error(e.valueAt('name').pos, [...path, 'name'], { message: `a second upstream named "${name}"` });
    return;
  }
  const upstream: KongUpstream = { name, targets: 0, at: e.at('name'), weights: [] };
  const algorithm = e.str('algorithm');
  if (algorithm !== undefined && Object.hasOwn(BALANCERS, algorithm)) {
    if (algorithm !== 'round-robin') upstream.loadBalancer = BALANCERS[algorithm];
  } else if (algorithm !== undefined)
    warnAt(e.at('algorithm'), `unknown balancer "${algorithm}"; left out: instances are chosen round robin`);
  if (algorithm === 'consistent-hashing') readHashOn(e, upstream);
  else for (const k of HASH_FIELDS) e.note(k, 'only the consistent-hashing algorithm hashes');
  const checks = e.take('healthchecks');
  if (checks !== undefined) upstream.healthchecks = readHealthchecks(checks, [...path, 'healthchecks'], r);
  into.set(name.toLowerCase(), upstream);
  const targets = e.list('targets');
  targets?.forEach((t, i) => readTarget(t, [...path, 'targets', i], r, upstream));
  e.finish();
}

/** Reads a top-level target, which names its upstream. */
export function readTopTarget(node: LNode, path: Path, r: Reporter, upstreams: Upstreams): void {
  const e = KongEntity.of(node, path, r, 'target', TARGET_FIELDS);
  if (e === undefined) return;
  const ref = refOf(e, 'upstream');
  if (ref === undefined) {
    if (!e.has('upstream')) r.error(node.pos, path, { message: 'a top-level target needs its upstream' });
    return;
  }
  const upstream = upstreams.get(ref.toLowerCase());
  if (upstream === undefined) {
    r.error(e.valueAt('upstream').pos, [...path, 'upstream'], { message: `no upstream named "${ref}"` });
    return;
  }
  readTarget(e, path, r, upstream);
}

function readTarget(node: LNode | KongEntity, path: Path, r: Reporter, upstream: KongUpstream): void {
  const e = node instanceof KongEntity ? node : KongEntity.of(node, path, r, 'target', TARGET_FIELDS);
  if (e === undefined) return;
  e.use('id');
  e.use('upstream');
  const target = e.str('target');
  if (target === undefined && !e.has('target'))
    r.error(e.node.pos, path, { message: 'a target needs target' });
  const weight = e.int('weight', { min: 0, max: 65535 }) ?? 100;
  // Weight 0 takes a target out of rotation: Kong sends it nothing, so it is no instance here.
  if (weight > 0) {
    upstream.targets++;
    upstream.weights.push(weight);
  }
  e.finish();
}

/** The instances' weights when they differ (the routes' `weights`), else undefined: equal shares. */
export function unequalWeights(upstream: KongUpstream): number[] | undefined {
  const w = upstream.weights;
  return w.some((x) => x !== w[0]) ? [...w] : undefined;
}

/**
 * consistent-hashing's key (`hash_on`, Kong's default `none`). `none` hashes nothing: Kong balances
 * weighted round robin, as meshsim's ROUND_ROBIN. Otherwise RING_HASH with the route's `hashOn`:
 * `ip` and `cookie` by client (one address, one cookie per client), `consumer` by consumer,
 * `header` by the header `hash_on_header` names, `path` by path. A query argument or URI capture is
 * keyed by client, said in a warning. A request without the value falls back to its client.
 */
function readHashOn(e: KongEntity, upstream: KongUpstream): void {
  const on = e.str('hash_on') ?? 'none';
  if (on === 'none') {
    delete upstream.loadBalancer;
    return;
  }
  const header = e.str('hash_on_header');
  if (on === 'consumer' || on === 'path') upstream.hashOn = { by: on };
  else if (on === 'header' && header !== undefined)
    upstream.hashOn = { by: 'header', header: header.toLowerCase() };
  else {
    upstream.hashOn = { by: 'client' };
    if (on !== 'ip' && on !== 'cookie')
      warnAt(
        e.at('hash_on'),
        `hash_on ${on} is approximated by the client: simulated requests carry no ${on === 'header' ? 'header named' : on.replace('_', ' ')} to hash; requests of one client stay on one target, as they would for one value`,
      );
  }
  for (const k of ['hash_on_cookie', 'hash_on_query_arg', 'hash_on_uri_capture']) e.use(k);
  for (const k of HASH_FIELDS.filter((x) => x.startsWith('hash_fallback')))
    e.note(k, 'a request without the hashed value is keyed by its client');
  e.note('hash_on_cookie_path', 'cookies are not simulated');
}

const PROBE_DETAIL = 'probe requests are not simulated, only their outcome';

/**
 * Kong's `healthchecks` as meshsim's: passive `unhealthy` counters and statuses; active probing as
 * the `interval` and `successes` that bring a target back. Undefined when nothing is turned on.
 */
function readHealthchecks(node: LNode, path: Path, r: Reporter): WrittenHealthchecks | undefined {
  const hc = KongEntity.of(node, path, r, 'healthchecks', ['active', 'passive', 'threshold']);
  if (hc === undefined) return undefined;
  const out: WrittenHealthchecks = {};
  const passiveNode = hc.take('passive');
  const passive =
    passiveNode &&
    KongEntity.of(passiveNode, [...path, 'passive'], r, 'passive health check', [
      'type',
      'healthy',
      'unhealthy',
    ]);
  if (passive !== undefined) {
    const unhealthyNode = passive.take('unhealthy');
    const u =
      unhealthyNode &&
      KongEntity.of(unhealthyNode, [...path, 'passive', 'unhealthy'], r, 'passive unhealthy check', [
        'http_failures',
        'tcp_failures',
        'timeouts',
        'http_statuses',
      ]);
    if (u !== undefined) {
      const counts = { min: 0, max: 2 ** 31 };
      const fields: NonNullable<WrittenHealthchecks['passive']> = {};
      const httpFailures = u.int('http_failures', counts);
      const tcpFailures = u.int('tcp_failures', counts);
      const timeouts = u.int('timeouts', counts);
      if (httpFailures) fields.httpFailures = httpFailures;
      if (tcpFailures) fields.tcpFailures = tcpFailures;
      if (timeouts) fields.timeouts = timeouts;
      const statuses = statusList(u, 'http_statuses');
      if (statuses !== undefined) fields.httpStatuses = statuses;
      u.finish();
      if (httpFailures || tcpFailures || timeouts) out.passive = fields;
    }
    passive.finish({
      healthy: 'a target taken out returns only through active probes, as in Kong',
      type: PROBE_DETAIL,
    });
  }
  const activeNode = hc.take('active');
  const active =
    activeNode &&
    KongEntity.of(activeNode, [...path, 'active'], r, 'active health check', [
      'type',
      'timeout',
      'concurrency',
      'http_path',
      'https_sni',
      'https_verify_certificate',
      'headers',
      'healthy',
      'unhealthy',
    ]);
  if (active !== undefined) {
    const healthyNode = active.take('healthy');
    const h =
      healthyNode &&
      KongEntity.of(healthyNode, [...path, 'active', 'healthy'], r, 'active healthy check', [
        'interval',
        'successes',
        'http_statuses',
      ]);
    if (h !== undefined) {
      const interval = h.num('interval', -1, 65535);
      const successes = h.int('successes', { min: 0, max: 255 });
      h.finish({ http_statuses: PROBE_DETAIL });
      if (interval !== undefined && interval > 0 && successes !== undefined && successes > 0)
        out.active = { interval: formatSeconds(interval), successes };
      else if (interval !== undefined && interval > 0)
        warnAt(h.at('successes'), 'probing with successes 0 never brings a target back; left out');
    }
    const unhealthyNode = active.take('unhealthy');
    if (unhealthyNode !== undefined) probedOut(unhealthyNode, [...path, 'active', 'unhealthy'], r, out);
    active.finish({
      timeout: PROBE_DETAIL,
      concurrency: PROBE_DETAIL,
      http_path: PROBE_DETAIL,
      https_sni: PROBE_DETAIL,
      https_verify_certificate: PROBE_DETAIL,
      headers: PROBE_DETAIL,
      type: PROBE_DETAIL,
    });
  }
  hc.finish({ threshold: 'the panic threshold of health checks is not modelled' });
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Active probes that take a target out (`active.unhealthy`), onto the passive counts of the same
 * kinds where passive checks leave them off: meshsim counts failures on traffic, so a down target
 * goes out after that many failed requests rather than that many failed probes, one per `interval`.
 */
function probedOut(node: LNode, path: Path, r: Reporter, out: WrittenHealthchecks): void {
  const u = KongEntity.of(node, path, r, 'active unhealthy check', [
    'interval',
    'http_failures',
    'tcp_failures',
    'timeouts',
    'http_statuses',
  ]);
  if (u === undefined) return;
  const interval = u.num('interval', -1, 65535) ?? 0;
  const counts = { min: 0, max: 255 };
  const found = {
    httpFailures: u.int('http_failures', counts) ?? 0,
    tcpFailures: u.int('tcp_failures', counts) ?? 0,
    timeouts: u.int('timeouts', counts) ?? 0,
  };
  u.use('http_statuses');
  u.finish();
  if (interval <= 0 || Object.values(found).every((n) => n === 0)) return;
  const passive = out.passive ?? {};
  const taken = (Object.keys(found) as (keyof typeof found)[])
    .filter((k) => found[k] > 0 && !passive[k])
    .map((k) => [k, found[k]] as const);
  if (taken.length === 0) {
    warnAt(
      u.at('interval'),
      'not modelled, left out: active probes that take a target out; the passive counts of the same kinds take it out on traffic',
    );
    return;
  }
  for (const [k, n] of taken) passive[k] = n;
  out.passive = passive;
  warnAt(
    u.at('interval'),
    `active probes that take a target out are approximated by passive counts (${taken.map(([k, n]) => `${k} ${n}`).join(', ')}): meshsim counts failed requests, so a down target goes out after that many failed requests instead of that many failed probes ${interval} s apart`,
  );
}

/** HTTP status codes 100 to 599 (higher ones, which Kong allows, never occur in a simulation). */
function statusList(e: KongEntity, key: string): number[] | undefined {
  const codes = e.strings(key, 'a list of status codes');
  if (codes === undefined) return undefined;
  const statuses = codes.map(Number);
  if (statuses.some((s) => !Number.isInteger(s) || s < 100 || s > 999)) {
    e.r.error(e.valueAt(key).pos, e.valueAt(key).path, {
      message: 'must be a list of status codes from 100 to 999',
    });
    return undefined;
  }
  const kept = statuses.filter((s) => s <= 599);
  if (kept.length < statuses.length)
    warnAt(e.at(key), 'status codes above 599 never occur in the simulation; left out');
  return kept.length > 0 ? kept : undefined;
}
