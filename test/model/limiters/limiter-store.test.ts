import { describe, expect, it } from 'vitest';
import {
  FixedWindowLimiter,
  LimiterStore,
  SpikeArrestLimiter,
  TokenBucketLimiter,
  newDecision,
} from '../../../src/model/limiters';

/** `count` requests of one key, one every `gap` ms from 0, dealt round robin over `stores`; returns how many pass. */
function roundRobin(stores: LimiterStore<unknown>[], count: number, gap: number): number {
  let admitted = 0;
  for (let i = 0; i < count; i++)
    if (stores[i % stores.length].decide('consumer', i * gap).allowed) admitted++;
  return admitted;
}

describe('LimiterStore', () => {
  it('LimiterStore.decide keeps one state per key, made on its first request', () => {
    const store = new LimiterStore(new TokenBucketLimiter({ burst: 2, rate: 1 }));
    const seen = ['a', 'a', 'a', 'b', 'b', 'c'].map((key) => store.decide(key, 0).allowed);
    expect(seen).toEqual([true, true, false, true, true, true]);
    expect(store.size).toBe(3);
    expect(store.state('a')).toEqual({ tokens: 0, last: 0 });
    expect(store.state('z')).toBeUndefined();
    store.clear();
    expect(store.size).toBe(0);
    expect(store.decide('a', 0).allowed).toBe(true);
  });

  it('LimiterStore.decide writes into one reused result, or into the object given', () => {
    const store = new LimiterStore(new FixedWindowLimiter({ limits: { second: 1 } }));
    const first = store.decide('k', 0);
    expect(first).toBe(store.result);
    expect(store.decide('k', 0)).toBe(first);
    const mine = newDecision();
    expect(store.decide('k', 1000, mine)).toBe(mine);
    expect(mine.allowed).toBe(true);
    expect(store.result.allowed).toBe(false);
  });

  it('BEHAVIOUR 2: policy local on 2 nodes behind round robin admits 2 x the limit', () => {
    const limiter = new FixedWindowLimiter({ limits: { minute: 100 } });
    // 300 requests in the first minute, one every 200 ms.
    expect(roundRobin([new LimiterStore(limiter)], 300, 200)).toBe(100);
    expect(roundRobin([new LimiterStore(limiter), new LimiterStore(limiter)], 300, 200)).toBe(200);
    const three = [0, 1, 2].map(() => new LimiterStore(limiter));
    expect(roundRobin(three, 300, 200)).toBe(300);
  });

  it('BEHAVIOUR 2: SpikeArrest without effective count smooths per message processor, so 2 processors pass twice the rate', () => {
    const limiter = new SpikeArrestLimiter({ rate: '12pm' });
    // A request every 500 ms for a minute: one processor passes those at 0, 5, ..., 55 s; two
    // processors each see one a second and pass 0, 5, ..., 55 s and 0.5, 5.5, ..., 55.5 s.
    expect(roundRobin([new LimiterStore(limiter)], 120, 500)).toBe(12);
    expect(roundRobin([new LimiterStore(limiter), new LimiterStore(limiter)], 120, 500)).toBe(24);
  });
});
