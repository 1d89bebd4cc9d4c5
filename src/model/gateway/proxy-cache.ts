/**
 * A gateway response cache: Kong's proxy-cache plugin (memory strategy), and with other options the
 * AWS API Gateway stage cache.
 *
 * Kong (kong/plugins/proxy-cache/{handler,cache_key}.lua, strategies/memory.lua), per request:
 * 1. A method not in `methods` (default GET, HEAD) is not cacheable: X-Cache-Status Bypass, upstream.
 * 2. The key is the route, the consumer when one is authenticated, the method, the path, the query
 *    parameters and any `vary_headers`. Here: route, consumer (unless `includeConsumer` is false), method,
 *    path and the request's cache key (which stands for its query).
 * 3. No entry: Miss, upstream. An entry older than `ttl` (default 300 s): Refresh, upstream. Otherwise
 *    Hit: the gateway answers with the stored status itself and the upstream is not touched.
 * 4. On the way back, after a Miss or Refresh: a status in `statuses` (default 200, 301, 404) is
 *    stored, stamped with the response time; any other status is not, and the response's
 *    X-Cache-Status becomes Bypass (Kong's header_filter). A stale entry then stays as it was.
 * There is no request collapsing: while one Miss is upstream, more requests for the key miss too, so
 * a flush or a cold start sends a burst of misses upstream (AWS warns of the same after a flush).
 *
 * Entries outlive `ttl` only while the store keeps them: Kong's memory strategy keeps an entry for
 * `storage_ttl`, which defaults to `cache_ttl`, so by default an expired entry is gone and the next
 * request is a Miss; Refresh appears when `storageTtl` is longer than `ttl`. Kong compares ages in
 * whole seconds (`now - timestamp > cache_ttl`); here an entry is fresh while its age in ms is below
 * `ttl`, and stored while below `storageTtl`.
 *
 * `capacity` bounds the number of entries (default unbounded). When a store would exceed it the least
 * recently used entry is evicted; a Hit or a Refresh counts as a use. That is what the shared memory
 * zone behind Kong's memory strategy does when full (lua_shared_dict evicts LRU), but counted in
 * entries, not bytes.
 *
 * AWS stage cache (api-gateway-caching.md): TTL default 300 s, at most 3 600 s; GET only; the key is
 * the method, path and chosen parameters, not the caller, so `includeConsumer: false`; no
 * X-Cache-Status header. Which statuses it stores is UNVERIFIED; the default here is Kong's list.
 */
import type { Millis } from '../../scenario/types';
import { checkCount, checkMillis } from './options';

/** Kong's proxy-cache default TTL, and AWS's stage cache default, ms (300 s). */
export const DEFAULT_CACHE_TTL: Millis = 300_000;
/** Kong's default cacheable request methods. */
export const DEFAULT_CACHE_METHODS: readonly string[] = ['GET', 'HEAD'];
/** Kong's default cacheable response statuses. */
export const DEFAULT_CACHE_STATUSES: readonly number[] = [200, 301, 404];

/** Kong's X-Cache-Status values. */
export type CacheStatus = 'Miss' | 'Hit' | 'Refresh' | 'Bypass';

/** proxy-cache as written in a scenario, plus what a profile or an import may set. */
export interface ProxyCacheOptions {
  /** Gateway time per request to compute the key and look it up, ms; default 0. */
  readonly cost?: Millis;
  /** How long an entry is served, ms; default 300 000. */
  readonly ttl?: Millis;
  /** How long the store keeps an entry, ms (Kong's `storage_ttl`); default `ttl`; at least `ttl`. */
  readonly storageTtl?: Millis;
  /** Cacheable methods, upper case; default GET, HEAD. */
  readonly methods?: readonly string[];
  /** Statuses stored; default 200, 301, 404. */
  readonly statuses?: readonly number[];
  /** Most entries kept, least recently used evicted first; default Infinity. */
  readonly capacity?: number;
  /** Whether the consumer is part of the key (Kong: yes; AWS: no); default true. */
  readonly includeConsumer?: boolean;
}

/** A response cache's settings, checked and with defaults filled. */
export interface ProxyCache {
  readonly cost: Millis;
  readonly ttl: Millis;
  readonly storageTtl: Millis;
  readonly methods: ReadonlySet<string>;
  readonly statuses: ReadonlySet<number>;
  readonly capacity: number;
  readonly includeConsumer: boolean;
}

/** Builds a response cache from its options; throws a RangeError naming a bad option. */
export function proxyCache(options: ProxyCacheOptions = {}): ProxyCache {
  const plugin = 'proxy-cache';
  const ttl = checkMillis(plugin, 'ttl', options.ttl ?? DEFAULT_CACHE_TTL, true);
  const storageTtl = checkMillis(plugin, 'storageTtl', options.storageTtl ?? ttl, true);
  if (storageTtl < ttl) {
    throw new RangeError(`${plugin}: storageTtl must be at least ttl (${ttl} ms), got ${storageTtl}`);
  }
  return {
    cost: checkMillis(plugin, 'cost', options.cost ?? 0),
    ttl,
    storageTtl,
    methods: new Set(options.methods ?? DEFAULT_CACHE_METHODS),
    statuses: new Set(options.statuses ?? DEFAULT_CACHE_STATUSES),
    capacity: checkCount(plugin, 'capacity', options.capacity ?? Infinity, true),
    includeConsumer: options.includeConsumer ?? true,
  };
}

/** A stored response: its status and when it was stored, ms. */
export interface CacheEntry {
  readonly status: number;
  readonly storedAt: Millis;
}

/** One cache's entries, in least- to most-recently-used order (a Map keeps insertion order). */
export interface ProxyCacheState {
  readonly entries: Map<string, CacheEntry>;
  /** Entries evicted for capacity. */
  evictions: number;
  /** When the cache was last flushed, ms; -Infinity if never. */
  flushedAt: Millis;
}

/** An empty cache. */
export function proxyCacheState(): ProxyCacheState {
  return { entries: new Map(), evictions: 0, flushedAt: -Infinity };
}

/**
 * The cache key of a request.
 * @param route the matched route's id
 * @param key the request's cache key (its query), -1 or '' for none
 * @param consumer the authenticated consumer, '' for none
 */
export function cacheKey(
  policy: ProxyCache,
  route: string,
  method: string,
  path: string,
  key: number | string,
  consumer: string,
): string {
  const who = policy.includeConsumer ? consumer : '';
  return `${route}|${who}|${method}|${path}|${key}`;
}

/** What a lookup found. */
export interface CacheLookup {
  readonly status: CacheStatus;
  /** On a Hit, the stored status the gateway answers with; otherwise 0 (go upstream). */
  readonly answer: number;
}

const BYPASS: CacheLookup = { status: 'Bypass', answer: 0 };
const MISS: CacheLookup = { status: 'Miss', answer: 0 };
const REFRESH: CacheLookup = { status: 'Refresh', answer: 0 };

/**
 * Looks a request up at `now`: Bypass for a method that is not cacheable, Miss when nothing is stored
 * (or only an entry past `storageTtl`, which is dropped), Refresh for an entry past `ttl`, else Hit.
 */
export function lookupCache(
  policy: ProxyCache,
  state: ProxyCacheState,
  method: string,
  key: string,
  now: Millis,
): CacheLookup {
  if (!policy.methods.has(method)) return BYPASS;
  const entry = state.entries.get(key);
  if (entry === undefined) return MISS;
  const age = now - entry.storedAt;
  state.entries.delete(key);
  if (age >= policy.storageTtl) return MISS;
  // A use: move the entry to the most recently used end.
  state.entries.set(key, entry);
  if (age >= policy.ttl) return REFRESH;
  return { status: 'Hit', answer: entry.status };
}

/**
 * The upstream answered `status` at `now` for a request that looked up `key` as Miss or Refresh:
 * stores it when the status is cacheable, evicting the least recently used entry if over capacity.
 * Returns the request's final X-Cache-Status: `looked` when stored, Bypass when not.
 */
export function storeInCache(
  policy: ProxyCache,
  state: ProxyCacheState,
  key: string,
  looked: 'Miss' | 'Refresh',
  status: number,
  now: Millis,
): CacheStatus {
  if (!policy.statuses.has(status)) return 'Bypass';
  const entries = state.entries;
  entries.delete(key);
  entries.set(key, { status, storedAt: now });
  if (entries.size > policy.capacity) {
    const oldest = entries.keys().next().value as string;
    entries.delete(oldest);
    state.evictions++;
  }
  return looked;
}

/** Drops every entry at `now` (Kong's DELETE /proxy-cache; AWS's "flush stage cache"); returns how many. */
export function flushCache(state: ProxyCacheState, now: Millis): number {
  const dropped = state.entries.size;
  state.entries.clear();
  state.flushedAt = now;
  return dropped;
}
