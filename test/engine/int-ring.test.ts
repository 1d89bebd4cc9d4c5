import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntRing } from '../../src/engine/int-ring';

/** Seed of the property test in this file; pass it to `fc.assert` to replay a failure exactly. */
const SEED = 423;
// Arrays say `size: 'max'`: fast-check's default size keeps them to about 10 items whatever
// maxLength says, too short to grow the arrays or build deep heaps.

describe('IntRing', () => {
  it('IntRing.shift returns -1 when empty', () => {
    const ring = new IntRing();
    expect(ring.length).toBe(0);
    expect(ring.shift()).toBe(-1);
  });

  it('IntRing.push grows while wrapped and keeps FIFO order', () => {
    const ring = new IntRing(4);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    expect(ring.shift()).toBe(1);
    expect(ring.shift()).toBe(2);
    // head is now at slot 2: these wrap around the end of the 4-slot buffer.
    ring.push(4);
    ring.push(5);
    ring.push(6);
    expect(ring.length).toBe(4); // full and wrapped
    ring.push(7); // grows here
    ring.push(8);
    expect(ring.length).toBe(6);
    const out: number[] = [];
    while (ring.length > 0) out.push(ring.shift());
    expect(out).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('IntRing.clear empties the ring, which then works as a new one', () => {
    const ring = new IntRing(4);
    for (let i = 0; i < 6; i++) ring.push(i);
    ring.shift();
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.shift()).toBe(-1);
    ring.push(9);
    ring.push(10);
    expect([ring.shift(), ring.shift(), ring.shift()]).toEqual([9, 10, -1]);
  });

  it(`IntRing push/shift interleavings match an array reference (fast-check seed ${SEED})`, () => {
    // true = push the next integer, false = shift. Pushes outweigh shifts so that the ring grows
    // several times, mostly while wrapped.
    const opsArb = fc.array(
      fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constant(false) }),
      {
        maxLength: 500,
        size: 'max',
      },
    );
    fc.assert(
      fc.property(opsArb, fc.integer({ min: 1, max: 8 }), (ops, capacity) => {
        const ring = new IntRing(capacity);
        const ref: number[] = [];
        let next = 0;
        for (const push of ops) {
          if (push) {
            ring.push(next);
            ref.push(next);
            next++;
          } else {
            expect(ring.shift()).toBe(ref.length > 0 ? ref.shift() : -1);
          }
          expect(ring.length).toBe(ref.length);
        }
        const rest: number[] = [];
        while (ring.length > 0) rest.push(ring.shift());
        expect(rest).toEqual(ref);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
