import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter, newDecision, type LimitDecision } from '../../../src/model/limiters';

const SEED = 63_113;

/** Sends `count` requests at `now` to one bucket; returns how many pass. */
function burst(
  limiter: TokenBucketLimiter,
  state: ReturnType<TokenBucketLimiter['init']>,
  now: number,
  count: number,
) {
  const out = newDecision();
  let admitted = 0;
  for (let i = 0; i < count; i++) if (limiter.decide(state, now, out)) admitted++;
  return admitted;
}

describe('TokenBucketLimiter', () => {
  it('BEHAVIOUR 4: Envoy max_tokens 100, tokens_per_fill 10 every 1 s: 100 at once, then 10 a second', () => {
    const limiter = new TokenBucketLimiter({ burst: 100, tokensPerFill: 10, fillInterval: 1000 });
    const state = limiter.init(0);
    expect(burst(limiter, state, 0, 150)).toBe(100);
    expect(burst(limiter, state, 999, 50)).toBe(0);
    expect(burst(limiter, state, 1000, 50)).toBe(10);
    expect(burst(limiter, state, 1500, 50)).toBe(0);
    expect(burst(limiter, state, 2000, 50)).toBe(10);
    // Three idle fills add 30, not more than the bucket holds.
    expect(burst(limiter, state, 5000, 50)).toBe(30);
    expect(limiter.tokensAt(state, 100_000)).toBe(100);
  });

  it('BEHAVIOUR 4: a continuous 10/s bucket of 100 admits 100 at once, then one every 100 ms', () => {
    const limiter = new TokenBucketLimiter({ burst: 100, rate: 10 });
    const state = limiter.init(0);
    expect(burst(limiter, state, 0, 150)).toBe(100);
    const out = newDecision();
    const passed: number[] = [];
    for (let t = 10; t <= 2000; t += 10) if (limiter.decide(state, t, out)) passed.push(t);
    expect(passed).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 100));
  });

  it('BEHAVIOUR 4: AWS 10 000 rps, burst 5 000: 10 000 requests in the first millisecond serve 5 000', () => {
    const limiter = new TokenBucketLimiter({ burst: 5000, rate: 10_000 });
    expect(burst(limiter, limiter.init(0), 0, 10_000)).toBe(5000);
  });

  it('BEHAVIOUR 4: AWS 5 000 in the first millisecond and 5 000 in the 101st (t = 100 ms) serve 6 000', () => {
    const limiter = new TokenBucketLimiter({ burst: 5000, rate: 10_000 });
    const state = limiter.init(0);
    const first = burst(limiter, state, 0, 5000);
    expect(limiter.tokensAt(state, 100)).toBe(1000);
    expect(first + burst(limiter, state, 100, 5000)).toBe(6000);
    // At t = 101 ms exactly the bucket has had 101 ms to refill: 1 010 tokens, 6 010 served.
    const late = limiter.init(0);
    expect(burst(limiter, late, 0, 5000) + burst(limiter, late, 101, 5000)).toBe(6010);
  });

  it('BEHAVIOUR 4: AWS 5 000 in the first millisecond, then 5 000 spread over the other 999 ms: all 10 000 served', () => {
    const limiter = new TokenBucketLimiter({ burst: 5000, rate: 10_000 });
    const state = limiter.init(0);
    let served = burst(limiter, state, 0, 5000);
    const out = newDecision();
    for (let i = 0; i < 5000; i++) if (limiter.decide(state, 1 + (i * 999) / 5000, out)) served++;
    expect(served).toBe(10_000);
  });

  it('TokenBucketLimiter.decide reports tokens left, seconds to full and seconds to the next token', () => {
    const continuous = new TokenBucketLimiter({ burst: 100, rate: 10 });
    const state = continuous.init(0);
    const out = newDecision();
    continuous.decide(state, 0, out);
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: true,
      limit: 100,
      remaining: 99,
      reset: 1,
      retryAfter: 0,
    });
    burst(continuous, state, 0, 99);
    continuous.decide(state, 0, out);
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: false,
      limit: 100,
      remaining: 0,
      reset: 10,
      retryAfter: 1,
    });

    const discrete = new TokenBucketLimiter({ burst: 100, tokensPerFill: 10, fillInterval: 1000 });
    const d = discrete.init(0);
    burst(discrete, d, 0, 100);
    discrete.decide(d, 500, out);
    // Full after 10 fills: the next at 1 000 ms, then 9 more.
    expect({ ...out }).toEqual<LimitDecision>({
      allowed: false,
      limit: 100,
      remaining: 0,
      reset: 10,
      retryAfter: 1,
    });
    const slow = new TokenBucketLimiter({ burst: 1, tokensPerFill: 1, fillInterval: 10_000 });
    const s = slow.init(0);
    slow.decide(s, 0, out);
    slow.decide(s, 2500, out);
    expect(out.retryAfter).toBe(8);
  });

  it('TokenBucketLimiter refuses bad options with the option and the value', () => {
    expect(() => new TokenBucketLimiter({ burst: 0, rate: 1 })).toThrow(
      'burst: expected a number above 0, got 0',
    );
    expect(() => new TokenBucketLimiter({ burst: 1 })).toThrow(
      'rate, fillInterval: expected exactly one of them',
    );
    expect(() => new TokenBucketLimiter({ burst: 1, rate: 1, fillInterval: 1 })).toThrow('exactly one');
    expect(() => new TokenBucketLimiter({ burst: 1, rate: -2 })).toThrow(
      'rate: expected a number above 0, got -2',
    );
    expect(() => new TokenBucketLimiter({ burst: 1, rate: 1, tokensPerFill: 2 })).toThrow('tokensPerFill');
    expect(() => new TokenBucketLimiter({ burst: 1, fillInterval: 1000, tokensPerFill: 0 })).toThrow(
      'tokensPerFill: expected a number above 0, got 0',
    );
  });

  it(`TokenBucketLimiter tokens never go below 0 or above burst, and admissions never beat burst + refill (fast-check seed ${SEED})`, () => {
    const arb = fc.record({
      burst: fc.integer({ min: 1, max: 50 }),
      rate: fc.double({ min: 0.5, max: 200, noNaN: true }),
      discrete: fc.boolean(),
      fillInterval: fc.integer({ min: 1, max: 2000 }),
      tokensPerFill: fc.integer({ min: 1, max: 20 }),
      gaps: fc.array(fc.double({ min: 0, max: 300, noNaN: true }), { minLength: 1, maxLength: 300 }),
    });
    fc.assert(
      fc.property(arb, ({ burst: size, rate, discrete, fillInterval, tokensPerFill, gaps }) => {
        const limiter = discrete
          ? new TokenBucketLimiter({ burst: size, fillInterval, tokensPerFill })
          : new TokenBucketLimiter({ burst: size, rate });
        const state = limiter.init(0);
        const out = newDecision();
        let now = 0;
        let admitted = 0;
        for (const gap of gaps) {
          now += gap;
          if (limiter.decide(state, now, out)) admitted++;
          expect(state.tokens).toBeGreaterThanOrEqual(0);
          expect(state.tokens).toBeLessThanOrEqual(size);
          const refill = discrete ? Math.floor(now / fillInterval) * tokensPerFill : (now * rate) / 1000;
          expect(admitted).toBeLessThanOrEqual(size + refill + 1e-6);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
