import { describe, expect, it } from 'vitest';
import { RoundRobinBalancer } from '../../../src/model/balancers';

const never = (): number => {
  throw new Error('round robin must not draw random numbers');
};

/** `count` picks with the given eligibility, as endpoint letters. */
function picks(balancer: RoundRobinBalancer, eligible: number[], count: number): string {
  const mask = Uint8Array.from(eligible);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const p = balancer.pick(mask, k, never, 0);
    out.push(p < 0 ? '-' : 'abcdefgh'[p]);
  }
  return out.join(' ');
}

describe('RoundRobinBalancer', () => {
  it('weights 3:1 interleave as nginx does: a a b a, repeated', () => {
    expect(picks(new RoundRobinBalancer([3, 1]), [1, 1], 12)).toBe('a a b a a a b a a a b a');
  });
  it("weights 5:1:1 give nginx's documented order a a b a c a a", () => {
    expect(picks(new RoundRobinBalancer([5, 1, 1]), [1, 1, 1], 14)).toBe('a a b a c a a a a b a c a a');
  });
  it('equal weights rotate in index order', () => {
    expect(picks(new RoundRobinBalancer([1, 1, 1]), [1, 1, 1], 7)).toBe('a b c a b c a');
  });
  it('skips an ineligible endpoint and shares among the rest by weight', () => {
    // b out: a and c at 3:1, the same pattern as two endpoints alone.
    expect(picks(new RoundRobinBalancer([3, 2, 1]), [1, 0, 1], 8)).toBe('a a c a a a c a');
  });
  it('an endpoint that returns resumes its place without a burst', () => {
    const rr = new RoundRobinBalancer([1, 1]);
    expect(picks(rr, [1, 0], 3)).toBe('a a a');
    // b kept its score while away (nginx leaves a skipped peer's current_weight alone).
    expect(picks(rr, [1, 1], 4)).toBe('a b a b');
  });
  it('returns -1 when nothing is eligible, and changes no score', () => {
    const rr = new RoundRobinBalancer([3, 1]);
    expect(picks(rr, [0, 0], 2)).toBe('- -');
    expect(Array.from(rr.current)).toEqual([0, 0]);
  });
  it('shares follow the weights exactly over whole cycles', () => {
    const rr = new RoundRobinBalancer([5, 3, 2]);
    const counts = [0, 0, 0];
    const mask = Uint8Array.of(1, 1, 1);
    for (let k = 0; k < 1000; k++) counts[rr.pick(mask, k, never, 0)]++;
    expect(counts).toEqual([500, 300, 200]);
  });
  it('rejects bad weights, naming the index and the value', () => {
    expect(() => new RoundRobinBalancer([1, 0])).toThrow(
      'round-robin: weights[1] must be a finite number > 0, got 0',
    );
    expect(() => new RoundRobinBalancer([])).toThrow('round-robin: weights must name at least one endpoint');
    expect(() => new RoundRobinBalancer([Number.NaN])).toThrow('got NaN');
  });
});
