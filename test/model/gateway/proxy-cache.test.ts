import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cacheKey,
  flushCache,
  lookupCache,
  proxyCache,
  proxyCacheState,
  storeInCache,
  type CacheStatus,
  type ProxyCache,
  type ProxyCacheState,
} from '../../../src/model/gateway';

/**
 * One request: look it up at `now`; on a Miss or Refresh the upstream answers `upstream` at once and
 * the response is offered to the cache. Returns the request's final X-Cache-Status.
 */
function serve(
  policy: ProxyCache,
  state: ProxyCacheState,
  key: string,
  now: number,
  upstream = 200,
  method = 'GET',
): CacheStatus {
  const found = lookupCache(policy, state, method, key, now);
  if (found.status === 'Hit' || found.status === 'Bypass') return found.status;
  return storeInCache(policy, state, key, found.status, upstream, now);
}

describe('proxyCache options', () => {
  it("defaults are Kong's: TTL 300 s kept as long, GET and HEAD, 200 301 404, unbounded, per consumer", () => {
    const p = proxyCache();
    expect([p.ttl, p.storageTtl, [...p.methods], [...p.statuses], p.capacity, p.includeConsumer]).toEqual([
      300_000,
      300_000,
      ['GET', 'HEAD'],
      [200, 301, 404],
      Infinity,
      true,
    ]);
  });
  it('refuses a storageTtl shorter than the ttl and a capacity below 1', () => {
    expect(() => proxyCache({ ttl: 10_000, storageTtl: 5_000 })).toThrow(
      'proxy-cache: storageTtl must be at least ttl (10000 ms), got 5000',
    );
    expect(() => proxyCache({ capacity: 0 })).toThrow(
      'proxy-cache: capacity must be a whole number >= 1, got 0',
    );
  });
});

describe('cacheKey', () => {
  it('includes the consumer by default (Kong) and leaves it out when told (AWS stage cache)', () => {
    const kong = proxyCache();
    const aws = proxyCache({ includeConsumer: false });
    expect(cacheKey(kong, 'products', 'GET', '/api/products', 7, 'alice')).toBe(
      'products|alice|GET|/api/products|7',
    );
    expect(cacheKey(kong, 'products', 'GET', '/api/products', 7, 'alice')).not.toBe(
      cacheKey(kong, 'products', 'GET', '/api/products', 7, 'bob'),
    );
    expect(cacheKey(aws, 'products', 'GET', '/api/products', 7, 'alice')).toBe(
      cacheKey(aws, 'products', 'GET', '/api/products', 7, 'bob'),
    );
  });
});

describe('lookupCache / storeInCache', () => {
  // A Zipf-like sequence: key 0 six times, key 1 three times, key 2 twice, key 3 once.
  const zipf = [0, 1, 0, 2, 0, 1, 3, 0, 0, 2, 1, 0].map(String);

  it('a Zipf-like key sequence within the TTL: one Miss per distinct key, then Hits (4 misses, 8 hits)', () => {
    const p = proxyCache();
    const s = proxyCacheState();
    const statuses = zipf.map((k, i) => serve(p, s, k, i * 1_000));
    expect(statuses.filter((x) => x === 'Hit').length).toBe(8);
    expect(statuses).toEqual([
      'Miss',
      'Miss',
      'Hit',
      'Miss',
      'Hit',
      'Hit',
      'Miss',
      'Hit',
      'Hit',
      'Hit',
      'Hit',
      'Hit',
    ]);
  });

  it('the same sequence with capacity 2 and LRU eviction: 3 hits, 7 evictions', () => {
    // By hand (least to most recently used after each request):
    // 0 Miss [0]; 1 Miss [0 1]; 0 Hit [1 0]; 2 Miss [0 2] (evicts 1); 0 Hit [2 0];
    // 1 Miss [0 1] (evicts 2); 3 Miss [1 3] (evicts 0); 0 Miss [3 0] (evicts 1); 0 Hit [3 0];
    // 2 Miss [0 2] (evicts 3); 1 Miss [2 1] (evicts 0); 0 Miss [1 0] (evicts 2).
    const p = proxyCache({ capacity: 2 });
    const s = proxyCacheState();
    expect(zipf.map((k, i) => serve(p, s, k, i * 1_000))).toEqual([
      'Miss',
      'Miss',
      'Hit',
      'Miss',
      'Hit',
      'Miss',
      'Miss',
      'Miss',
      'Hit',
      'Miss',
      'Miss',
      'Miss',
    ]);
    expect(s.evictions).toBe(7);
    expect([...s.entries.keys()]).toEqual(['1', '0']);
  });

  it('a Hit answers with the stored status; a 404 is cached like a 200', () => {
    const p = proxyCache();
    const s = proxyCacheState();
    expect(serve(p, s, 'missing-product', 0, 404)).toBe('Miss');
    expect(lookupCache(p, s, 'GET', 'missing-product', 1)).toEqual({ status: 'Hit', answer: 404 });
  });

  it('by default an entry expires with its TTL and the next request is a Miss (Kong storage_ttl unset)', () => {
    const p = proxyCache({ ttl: 30_000 });
    const s = proxyCacheState();
    expect([
      serve(p, s, 'k', 0),
      serve(p, s, 'k', 29_999),
      serve(p, s, 'k', 30_000),
      serve(p, s, 'k', 30_001),
    ]).toEqual(['Miss', 'Hit', 'Miss', 'Hit']);
  });

  it('with storageTtl past the TTL an expired entry is a Refresh: re-fetched, stored again, then Hit', () => {
    const p = proxyCache({ ttl: 30_000, storageTtl: 60_000 });
    const s = proxyCacheState();
    expect([
      serve(p, s, 'k', 0),
      serve(p, s, 'k', 29_999),
      serve(p, s, 'k', 30_000),
      serve(p, s, 'k', 30_001),
      serve(p, s, 'k', 59_999),
      serve(p, s, 'k', 120_000),
    ]).toEqual(['Miss', 'Hit', 'Refresh', 'Hit', 'Hit', 'Miss']);
  });

  it('a Refresh whose upstream fails keeps the stale entry: Bypass, then Refresh again', () => {
    const p = proxyCache({ ttl: 1_000, storageTtl: 10_000 });
    const s = proxyCacheState();
    expect([
      serve(p, s, 'k', 0, 200),
      serve(p, s, 'k', 2_000, 503),
      serve(p, s, 'k', 3_000, 200),
      serve(p, s, 'k', 3_500, 200),
    ]).toEqual(['Miss', 'Bypass', 'Refresh', 'Hit']);
  });

  it('POST is not cacheable: Bypass, nothing looked up or stored; HEAD is cacheable', () => {
    const p = proxyCache();
    const s = proxyCacheState();
    expect(lookupCache(p, s, 'POST', 'k', 0)).toEqual({ status: 'Bypass', answer: 0 });
    expect(s.entries.size).toBe(0);
    expect([serve(p, s, 'h', 0, 200, 'HEAD'), serve(p, s, 'h', 1, 200, 'HEAD')]).toEqual(['Miss', 'Hit']);
    expect(serve(proxyCache({ methods: ['GET'] }), proxyCacheState(), 'h', 0, 200, 'HEAD')).toBe('Bypass');
  });

  it('a 500 is not stored: the response is Bypass and the next request misses again', () => {
    const p = proxyCache();
    const s = proxyCacheState();
    expect([serve(p, s, 'k', 0, 500), serve(p, s, 'k', 1, 200), serve(p, s, 'k', 2, 200)]).toEqual([
      'Bypass',
      'Miss',
      'Hit',
    ]);
  });

  it('flushCache drops every entry, so every key misses once more', () => {
    const p = proxyCache();
    const s = proxyCacheState();
    for (const k of ['a', 'b', 'c']) serve(p, s, k, 0);
    expect(flushCache(s, 5_000)).toBe(3);
    expect(s.flushedAt).toBe(5_000);
    expect(['a', 'b', 'c', 'a'].map((k) => serve(p, s, k, 5_001))).toEqual(['Miss', 'Miss', 'Miss', 'Hit']);
  });
});

describe('proxy-cache properties', () => {
  type Op =
    | { kind: 'request'; dt: number; key: number; method: string; upstream: number }
    | { kind: 'flush'; dt: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 20,
      arbitrary: fc.record({
        kind: fc.constant('request' as const),
        dt: fc.integer({ min: 0, max: 80 }),
        key: fc.integer({ min: 0, max: 5 }),
        method: fc.constantFrom('GET', 'HEAD', 'POST'),
        upstream: fc.constantFrom(200, 301, 404, 500, 503),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('flush' as const), dt: fc.integer({ min: 0, max: 80 }) }),
    },
  );

  it('never a Hit for a key not stored within the TTL, and a Hit answers what was stored (seed 20250611)', () => {
    fc.assert(
      fc.property(
        // Times in ms small enough that ages land on and around the TTL boundaries often.
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 4 })),
        fc.array(op, { maxLength: 200, size: 'max' }),
        (ttl, extra, capacity, ops) => {
          const p = proxyCache({ ttl, storageTtl: ttl + extra, capacity });
          const s = proxyCacheState();
          // What the cache may hold: the last status stored per key, and when.
          const stored = new Map<string, { at: number; status: number }>();
          let now = 0;
          for (const o of ops) {
            now += o.dt;
            if (o.kind === 'flush') {
              flushCache(s, now);
              stored.clear();
              continue;
            }
            const key = String(o.key);
            const found = lookupCache(p, s, o.method, key, now);
            if (found.status === 'Hit') {
              const last = stored.get(key);
              expect(last).toBeDefined();
              expect(now - last!.at).toBeLessThan(ttl);
              expect(found.answer).toBe(last!.status);
            } else if (found.status !== 'Bypass') {
              const final = storeInCache(p, s, key, found.status, o.upstream, now);
              if (final !== 'Bypass') stored.set(key, { at: now, status: o.upstream });
            }
            expect(s.entries.size).toBeLessThanOrEqual(capacity);
          }
        },
      ),
      { seed: 20250611, numRuns: 300 },
    );
  });
});
