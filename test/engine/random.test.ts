import { describe, expect, it } from 'vitest';
import { RandomStreams, type Uniform } from '../../src/engine/random';

function draw(stream: Uniform, n: number): number[] {
  return Array.from({ length: n }, () => stream());
}

describe('RandomStreams', () => {
  it('RandomStreams.stream gives identical sequences for the same seed and name', () => {
    const x = new RandomStreams(42).stream('client:web:arrivals');
    const y = new RandomStreams(42).stream('client:web:arrivals');
    expect(draw(x, 1000)).toEqual(draw(y, 1000));
  });

  it('RandomStreams.stream returns the same stream object on every call for one name', () => {
    const streams = new RandomStreams(1);
    const s = streams.stream('a');
    expect(streams.stream('a')).toBe(s);
  });

  it('RandomStreams.stream gives different sequences for different names and different seeds', () => {
    const base = draw(new RandomStreams(42).stream('a'), 100);
    const otherName = draw(new RandomStreams(42).stream('b'), 100);
    const otherSeed = draw(new RandomStreams(43).stream('a'), 100);
    // Seed and name are joined with a NUL separator, so seed 1 with name '2a' and seed 12 with name
    // 'a', equal under plain concatenation, are different streams.
    const glued1 = draw(new RandomStreams(1).stream('2a'), 100);
    const glued2 = draw(new RandomStreams(12).stream('a'), 100);
    for (const other of [otherName, otherSeed]) {
      // Equal draws from independent uniform streams are a ~2^-32 event per draw at best.
      expect(other.filter((v, i) => v === base[i]).length).toBe(0);
    }
    expect(glued1.filter((v, i) => v === glued2[i]).length).toBe(0);
  });

  it('RandomStreams.stream: creating and drawing from a new stream does not shift an existing one', () => {
    // Common random numbers: a variant that adds a component must see the same draws elsewhere.
    const alone = new RandomStreams(7);
    const expected = draw(alone.stream('arrivals'), 10);

    const mixed = new RandomStreams(7);
    const a = mixed.stream('arrivals');
    const got = draw(a, 4);
    draw(mixed.stream('service:new:time'), 1000);
    got.push(...draw(a, 6));
    expect(got).toEqual(expected);
  });

  it('RandomStreams.stream values lie in [0, 1) with the mean and variance of a uniform', () => {
    const n = 200_000;
    const s = new RandomStreams(2024).stream('u');
    let sum = 0;
    let sumSq = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const u = s();
      sum += u;
      sumSq += u * u;
      if (u < min) min = u;
      if (u > max) max = u;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    // Uniform(0,1): mean 1/2 with standard error sqrt(1/12 / n) ~ 6.5e-4; variance 1/12 with standard
    // error sqrt((1/80 - 1/144) / n) ~ 1.7e-4. Five standard errors: a false failure ~ 1e-6.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });
});
