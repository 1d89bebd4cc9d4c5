import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BalancerKind } from '../../../src/model/balancers';
import {
  BALANCER_KINDS,
  LeastConnectionsBalancer,
  LeastRequestBalancer,
  makeBalancer,
  PeakEwmaBalancer,
  RandomBalancer,
  RingHashBalancer,
  RoundRobinBalancer,
} from '../../../src/model/balancers';

/** Seed of every property test in this file; pass it to `fc.assert` to replay a failure exactly. */
const SEED = 4_120_977;

describe('makeBalancer', () => {
  it('builds each kind', () => {
    const w = [1, 2, 3];
    expect(makeBalancer('ROUND_ROBIN', w)).toBeInstanceOf(RoundRobinBalancer);
    expect(makeBalancer('RANDOM', w)).toBeInstanceOf(RandomBalancer);
    expect(makeBalancer('LEAST_REQUEST', w)).toBeInstanceOf(LeastRequestBalancer);
    expect(makeBalancer('LEAST_CONNECTIONS', w)).toBeInstanceOf(LeastConnectionsBalancer);
    expect(makeBalancer('RING_HASH', w)).toBeInstanceOf(RingHashBalancer);
    expect(makeBalancer('EWMA', w)).toBeInstanceOf(PeakEwmaBalancer);
  });
  it('passes each kind its options', () => {
    const lr = makeBalancer('LEAST_REQUEST', [1, 1], { choiceCount: 3 }) as LeastRequestBalancer;
    expect(lr.choiceCount).toBe(3);
    const ring = makeBalancer('RING_HASH', [1, 1], { pointsPerEndpoint: 10 }) as RingHashBalancer;
    expect(ring.positions.length).toBe(20);
    const ewma = makeBalancer('EWMA', [1, 1], { decay: 5_000, defaultRtt: 50 }) as PeakEwmaBalancer;
    expect([ewma.decayMs, ewma.defaultRttMs, ewma.count]).toEqual([5_000, 50, 2]);
  });
  it('rejects an unknown kind and bad weights for kinds that ignore weights', () => {
    expect(() => makeBalancer('MAGLEV' as BalancerKind, [1])).toThrow(
      'load balancer kind must be one of ROUND_ROBIN, RANDOM, LEAST_REQUEST, LEAST_CONNECTIONS, RING_HASH, ' +
        'EWMA, got MAGLEV',
    );
    expect(() => makeBalancer('RANDOM', [1, 0])).toThrow(
      'random: weights[1] must be a finite number > 0, got 0',
    );
    expect(() => makeBalancer('EWMA', [])).toThrow('peak-ewma: weights must name at least one endpoint');
  });
});

/** One step of a property run: a pick with an eligibility mask, then maybe a completion. */
interface Step {
  mask: number;
  draws: number[];
  hashKey: number;
  dt: number;
  finishOldest: boolean;
  latency: number;
  ok: boolean;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  mask: fc.nat({ max: 255 }),
  // Values at the edges of [0, 1) catch an index computed one past the end.
  draws: fc.array(
    fc.oneof(
      fc.constantFrom(0, 0.5, 1 - 2 ** -53),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    ),
    { minLength: 4, maxLength: 4 },
  ),
  hashKey: fc.oneof(fc.nat(), fc.integer({ min: -(2 ** 40), max: 2 ** 40 })),
  dt: fc.double({ min: 0, max: 1_000, noNaN: true }),
  finishOldest: fc.boolean(),
  latency: fc.double({ min: 0, max: 5_000, noNaN: true }),
  ok: fc.boolean(),
});

const runArb = fc.record({
  kind: fc.constantFrom(...BALANCER_KINDS),
  weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
  // size 'max': fast-check's default size would keep runs to about 10 steps.
  steps: fc.array(stepArb, { maxLength: 60, size: 'max' }),
});

describe('every balancer', () => {
  it(`pick returns an eligible endpoint, or -1 iff none is eligible (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(runArb, ({ kind, weights, steps }) => {
        const n = weights.length;
        const balancer = makeBalancer(kind, weights, { pointsPerEndpoint: 8 });
        const inFlight: number[] = [];
        const eligible = new Uint8Array(n);
        let now = 0;
        for (const step of steps) {
          now += step.dt;
          let any = false;
          for (let i = 0; i < n; i++) {
            eligible[i] = (step.mask >> i) & 1;
            any ||= eligible[i] === 1;
          }
          let d = 0;
          const random = () => step.draws[d++ % step.draws.length];
          const p = balancer.pick(eligible, now, random, step.hashKey);
          if (!any) {
            if (p !== -1) return false;
          } else {
            if (!Number.isInteger(p) || p < 0 || p >= n || eligible[p] !== 1) return false;
            balancer.started(p, now);
            inFlight.push(p);
          }
          if (step.finishOldest && inFlight.length > 0) {
            balancer.finished(inFlight.shift()!, now, step.latency, step.ok);
          }
        }
        return true;
      }),
      { seed: SEED, numRuns: 600 },
    );
  });
});
