import { describe, expect, it } from 'vitest';
import { LeastRequestBalancer } from '../../../src/model/balancers';

/** A random source that returns `values` in order and fails when asked for more. */
function scripted(values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error(`only ${values.length} draws were scripted`);
    return values[i++];
  };
}

/** A least-request balancer over equal weights with the given active counts. */
function withActive(active: number[], choiceCount?: number): LeastRequestBalancer {
  const lr = new LeastRequestBalancer(
    active.map(() => 1),
    { choiceCount },
  );
  active.forEach((a, i) => {
    for (let k = 0; k < a; k++) lr.started(i, 0);
  });
  return lr;
}

const ALL3 = Uint8Array.of(1, 1, 1);

describe('LeastRequestBalancer, equal weights (power of two choices)', () => {
  it('of two random hosts, the one with fewer active requests wins', () => {
    const lr = withActive([2, 0, 1]);
    // Draw k = floor(r * 3): 0.1 -> 0, 0.5 -> 1, 0.9 -> 2.
    expect(lr.pick(ALL3, 0, scripted([0.1, 0.5]), 0)).toBe(1);
    expect(lr.pick(ALL3, 0, scripted([0.9, 0.1]), 0)).toBe(2);
    expect(lr.pick(ALL3, 0, scripted([0.5, 0.9]), 0)).toBe(1);
  });
  it('a tie goes to the first drawn', () => {
    const lr = withActive([1, 1, 0]);
    expect(lr.pick(ALL3, 0, scripted([0.1, 0.5]), 0)).toBe(0);
    expect(lr.pick(ALL3, 0, scripted([0.5, 0.1]), 0)).toBe(1);
  });
  it('draws with replacement, as Envoy does: both draws may be the same busy host', () => {
    const lr = withActive([5, 0, 0]);
    expect(lr.pick(ALL3, 0, scripted([0.1, 0.2]), 0)).toBe(0);
  });
  it('draws only among eligible hosts', () => {
    const lr = withActive([0, 0, 3]);
    // Eligible 1 and 2: floor(r * 2) picks 1 (r < 0.5) or 2.
    expect(lr.pick(Uint8Array.of(0, 1, 1), 0, scripted([0.7, 0.2]), 0)).toBe(1);
    expect(lr.pick(Uint8Array.of(0, 0, 1), 0, scripted([0.7, 0.2]), 0)).toBe(2);
    expect(lr.pick(Uint8Array.of(0, 0, 0), 0, scripted([]), 0)).toBe(-1);
  });
  it('choiceCount 3 compares three draws', () => {
    const lr = withActive([2, 1, 0], 3);
    expect(lr.pick(ALL3, 0, scripted([0.1, 0.5, 0.9]), 0)).toBe(2);
    expect(lr.pick(ALL3, 0, scripted([0.1, 0.5, 0.4]), 0)).toBe(1);
  });
  it('finished lowers the active count that started raised', () => {
    const lr = withActive([2, 0, 0]);
    lr.finished(0, 10, 5, true);
    lr.finished(0, 11, 5, false);
    expect(Array.from(lr.active)).toEqual([0, 0, 0]);
    expect(lr.weighted).toBe(false);
  });
});

describe('LeastRequestBalancer, unequal weights (EDF on weight / (active + 1))', () => {
  it('weights 2:1 with nothing finishing: 0 1 0 1 0 0 1 0, computed by hand', () => {
    // Deadlines start at 1/2 (host 0) and 1 (host 1). Each pick advances time to the winner's
    // deadline and re-adds it at time + (active + 1) / weight, active counted before the pick:
    //   0 at 0.5 -> 1.0 | 1 at 1.0 (inserted first) -> 2.0 | 0 at 1.0 -> 2.0 | 1 at 2.0 -> 4.0
    //   0 at 2.0 -> 3.5 | 0 at 3.5 -> 5.5 | 1 at 4.0 -> 7.0 | 0 at 5.5 -> 8.0
    const lr = new LeastRequestBalancer([2, 1]);
    expect(lr.weighted).toBe(true);
    const seq: number[] = [];
    for (let k = 0; k < 8; k++) {
      const p = lr.pick(Uint8Array.of(1, 1), k, Math.random, 0);
      lr.started(p, k);
      seq.push(p);
    }
    expect(seq).toEqual([0, 1, 0, 1, 0, 0, 1, 0]);
  });
  it('with no request in flight it is weighted round robin: shares 3:1', () => {
    const lr = new LeastRequestBalancer([3, 1]);
    const counts = [0, 0];
    for (let k = 0; k < 400; k++) {
      const p = lr.pick(Uint8Array.of(1, 1), k, Math.random, 0);
      counts[p]++;
    }
    expect(counts).toEqual([300, 100]);
  });
  it('a host loaded with active requests is picked less than its weight says', () => {
    const lr = new LeastRequestBalancer([2, 1]);
    for (let k = 0; k < 9; k++) lr.started(0, 0); // host 0: w = 2 / 10 = 0.2 once re-added
    const counts = [0, 0];
    for (let k = 0; k < 60; k++) counts[lr.pick(Uint8Array.of(1, 1), k, Math.random, 0)]++;
    expect(counts[0]).toBeLessThan(counts[1]);
  });
  it('an ineligible host is skipped and rejoins at the current schedule time', () => {
    const lr = new LeastRequestBalancer([1, 2, 1]);
    const seq: number[] = [];
    for (let k = 0; k < 4; k++) seq.push(lr.pick(Uint8Array.of(1, 0, 1), k, Math.random, 0));
    seq.push(lr.pick(Uint8Array.of(0, 0, 0), 4, Math.random, 0));
    for (let k = 0; k < 4; k++) seq.push(lr.pick(Uint8Array.of(1, 1, 1), k, Math.random, 0));
    // Hosts 0 and 2 alternate (deadlines 1, 1, 2, 2, ...); host 1 rejoins at time 2 with
    // deadline 2.5 rather than at its stale 0.5, so it gets no burst of catch-up picks.
    expect(seq).toEqual([0, 2, 0, 2, -1, 1, 0, 2, 1]);
  });
  it('activeRequestBias 0 ignores active requests', () => {
    const lr = new LeastRequestBalancer([2, 1], { activeRequestBias: 0 });
    for (let k = 0; k < 50; k++) lr.started(0, 0);
    expect(lr.hostWeight(0)).toBe(2);
  });
  it('rejects bad options, naming them', () => {
    expect(() => new LeastRequestBalancer([1, 1], { choiceCount: 0 })).toThrow(
      'least-request: choiceCount must be an integer >= 1, got 0',
    );
    expect(() => new LeastRequestBalancer([1, 1], { activeRequestBias: -1 })).toThrow(
      'least-request: activeRequestBias must be a finite number >= 0, got -1',
    );
  });
});
