import { describe, expect, it } from 'vitest';
import { fnv1a32, hashUnit } from '../../../src/model/gateway';

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('hashUnit', () => {
  it('maps an id to the same point of [0, 1) every time', () => {
    const a = hashUnit('alice');
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
    expect(hashUnit('alice')).toBe(a);
  });
  it('spreads sequential ids evenly: 2 537 of consumer-0..9999 fall below 0.25', () => {
    let below = 0;
    for (let i = 0; i < 10_000; i++) if (hashUnit(`consumer-${i}`) < 0.25) below++;
    expect(below).toBe(2537);
  });
});
