import { describe, expect, it } from 'vitest';
import { LeastConnectionsBalancer } from '../../../src/model/balancers';

const never = (): number => {
  throw new Error('least-connections must not draw random numbers');
};

/** Picks once with `eligible` and, if something was picked, starts a request on it. */
function pickAndStart(lc: LeastConnectionsBalancer, eligible: number[]): number {
  const p = lc.pick(Uint8Array.from(eligible), 0, never, 0);
  if (p >= 0) lc.started(p, 0);
  return p;
}

describe('LeastConnectionsBalancer (Kong)', () => {
  it("equal weights, nothing finishing: 0 1 2 2 0 1 1 2 0, ties resolved as Kong's binary heap does", () => {
    // Keys are (active + 1) / weight. The heap only swaps on a strictly smaller key, so after the
    // third pick all keys are 2 and endpoint 2, on top, is picked again; a lowest-index tie-break
    // would have picked 0. Then each pick's key rises and it sinks to the left child first.
    const lc = new LeastConnectionsBalancer([1, 1, 1]);
    const seq = Array.from({ length: 9 }, () => pickAndStart(lc, [1, 1, 1]));
    expect(seq).toEqual([0, 1, 2, 2, 0, 1, 1, 2, 0]);
    expect(Array.from(lc.active)).toEqual([3, 3, 3]);
  });
  it('the endpoint with the fewest active requests wins, whatever the order of events', () => {
    const lc = new LeastConnectionsBalancer([1, 1, 1]);
    for (const e of [0, 0, 1, 1, 2, 2]) lc.started(e, 0);
    lc.finished(1, 5, 3, true);
    expect(lc.pick(Uint8Array.of(1, 1, 1), 5, never, 0)).toBe(1); // active 2, 1, 2
    lc.finished(2, 6, 3, true);
    lc.finished(2, 6, 3, true);
    expect(lc.pick(Uint8Array.of(1, 1, 1), 6, never, 0)).toBe(2); // active 2, 1, 0
    expect(lc.score(2)).toBe(1);
  });
  it('the heavier endpoint goes first when all are idle, then (active + 1) / weight decides', () => {
    // Weights 1, 3: idle keys 1 and 1/3. Each pick and the winner's key after it:
    // 1 -> 2/3, 1 -> 1 (ties endpoint 0, stays on top), 1 -> 4/3, 0 -> 2, 1 -> 5/3, 1 -> 2 (tie),
    // 1 -> 7/3, 0 -> 3.
    const lc = new LeastConnectionsBalancer([1, 3]);
    const seq = Array.from({ length: 8 }, () => pickAndStart(lc, [1, 1]));
    expect(seq).toEqual([1, 1, 1, 0, 1, 1, 1, 0]);
    expect(Array.from(lc.active)).toEqual([2, 6]);
  });
  it('is deterministic: two balancers fed the same events pick the same endpoints', () => {
    const a = new LeastConnectionsBalancer([2, 1, 1, 3]);
    const b = new LeastConnectionsBalancer([2, 1, 1, 3]);
    const seqA: number[] = [];
    const seqB: number[] = [];
    for (let k = 0; k < 50; k++) {
      seqA.push(pickAndStart(a, [1, 1, 1, 1]));
      seqB.push(pickAndStart(b, [1, 1, 1, 1]));
      if (k % 3 === 2) {
        a.finished(seqA[k - 1], k, 1, true);
        b.finished(seqB[k - 1], k, 1, true);
      }
    }
    expect(seqA).toEqual(seqB);
  });
  it('skips ineligible endpoints and counts them again when they return', () => {
    const lc = new LeastConnectionsBalancer([1, 1, 1]);
    expect(pickAndStart(lc, [0, 1, 1])).toBe(1);
    expect(pickAndStart(lc, [0, 1, 1])).toBe(2);
    expect(pickAndStart(lc, [0, 1, 1])).toBe(2); // tie at key 2, endpoint 2 stays on top
    expect(pickAndStart(lc, [1, 1, 1])).toBe(0); // rebuilt: 0 is idle
    expect(pickAndStart(lc, [0, 0, 0])).toBe(-1);
  });
  it('finishing on an ineligible endpoint updates its count but not the heap', () => {
    const lc = new LeastConnectionsBalancer([1, 1]);
    lc.started(0, 0);
    lc.started(0, 0);
    expect(lc.pick(Uint8Array.of(0, 1), 0, never, 0)).toBe(1);
    lc.finished(0, 1, 1, true);
    lc.finished(0, 1, 1, true);
    expect(lc.pick(Uint8Array.of(1, 1), 1, never, 0)).toBe(0); // rebuilt with active 0, 0: index order
  });
  it('rejects bad weights', () => {
    expect(() => new LeastConnectionsBalancer([1, -2])).toThrow(
      'least-connections: weights[1] must be a finite number > 0, got -2',
    );
  });
});
