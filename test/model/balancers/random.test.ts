import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine';
import { RandomBalancer } from '../../../src/model/balancers';

/** A random source that returns `values` in order and fails when asked for more. */
function scripted(values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error(`only ${values.length} draws were scripted`);
    return values[i++];
  };
}

describe('RandomBalancer', () => {
  it('maps one draw onto the eligible endpoints in index order', () => {
    const rnd = new RandomBalancer(4);
    const mask = Uint8Array.of(1, 0, 1, 1); // eligible: 0, 2, 3
    expect(rnd.pick(mask, 0, scripted([0]), 0)).toBe(0);
    expect(rnd.pick(mask, 0, scripted([0.34]), 0)).toBe(2);
    expect(rnd.pick(mask, 0, scripted([0.9999999]), 0)).toBe(3);
  });
  it('returns -1 without drawing when nothing is eligible', () => {
    expect(new RandomBalancer(2).pick(Uint8Array.of(0, 0), 0, scripted([]), 0)).toBe(-1);
  });
  it('is uniform: 30 000 picks over 3 endpoints within 4 standard deviations of 1/3 each', () => {
    // Each count is Binomial(30 000, 1/3): sd = sqrt(30 000 * 1/3 * 2/3) = 81.6, so +-330 is 4 sd.
    const rnd = new RandomBalancer(3);
    const source = new RandomStreams(7).stream('lb');
    const counts = [0, 0, 0];
    const mask = Uint8Array.of(1, 1, 1);
    for (let k = 0; k < 30_000; k++) counts[rnd.pick(mask, k, source, 0)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(330);
  });
  it('rejects a bad count', () => {
    expect(() => new RandomBalancer(0)).toThrow('random: endpoint count must be an integer >= 1, got 0');
  });
});
