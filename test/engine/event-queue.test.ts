import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue';

/** Seed of every property test in this file; pass it to `fc.assert` to replay a failure exactly. */
const SEED = 6_221_280;
// Arrays say `size: 'max'`: fast-check's default size keeps them to about 10 items whatever
// maxLength says, too short to grow the arrays or build deep heaps.

/** One pending event in the reference model. */
interface Entry {
  time: number;
  seq: number;
  handle: number;
  id: number;
}

/**
 * The reference: a plain array kept sorted by (time, sequence). Obviously correct and O(n) per
 * operation, which is fine at property-test sizes.
 */
class ReferenceQueue {
  readonly entries: Entry[] = [];
  private nextSeq = 0;

  push(time: number, handle: number, id: number): void {
    const entry = { time, seq: this.nextSeq++, handle, id };
    let at = this.entries.length;
    while (at > 0 && before(entry, this.entries[at - 1])) at--;
    this.entries.splice(at, 0, entry);
  }

  pop(): Entry | undefined {
    return this.entries.shift();
  }

  /** Removes the pending entry holding `handle`; undefined when no pending entry holds it. */
  cancel(handle: number): Entry | undefined {
    const at = this.entries.findIndex((e) => e.handle === handle);
    return at < 0 ? undefined : this.entries.splice(at, 1)[0];
  }

  peekTime(): number {
    return this.entries.length > 0 ? this.entries[0].time : Infinity;
  }
}

function before(x: Entry, y: Entry): boolean {
  return x.time < y.time || (x.time === y.time && x.seq < y.seq);
}

type Op =
  | { op: 'push'; time: number }
  | { op: 'pop' }
  | { op: 'cancel'; pick: number }
  | { op: 'cancelPending'; pick: number };

// Small integer times make ties (and so the FIFO rule) common; doubles exercise the general order.
const timeArb = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('push' as const), time: timeArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
);
/**
 * Deep heaps with cancellations in the middle: most interesting cancels hit an inner node, where the
 * last element that fills the hole may have to move up rather than down, and with few distinct times
 * it must respect the sequence number on the way.
 */
const deepOpArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant('push' as const), time: fc.integer({ min: 0, max: 6 }) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('cancelPending' as const), pick: fc.nat() }) },
);

const KIND = 7;

/** Drains `q`, returning the `a` argument (the event's id) of each popped event in order. */
function drainIds(q: EventQueue): number[] {
  const ids: number[] = [];
  while (q.pop() >= 0) ids.push(q.poppedA);
  return ids;
}

describe('EventQueue', () => {
  it('EventQueue.peekTime is Infinity and pop returns -1 when empty', () => {
    const q = new EventQueue();
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBe(-1);
    const h = q.push(5, 1, 2, 3);
    expect(q.peekTime()).toBe(5);
    expect(q.pop()).toBe(h);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBe(-1);
    expect(q.size).toBe(0);
  });

  it('EventQueue.pop returns events in (time, sequence) order with their kind and arguments', () => {
    const q = new EventQueue();
    q.push(30, 1, 10, -1);
    q.push(10, 2, 20, -2);
    q.push(20, 3, 30, -3);
    q.push(10, 4, 40, -4);
    q.push(0.5, 5, 50, -5);
    const trace: [number, number, number, number][] = [];
    while (q.pop() >= 0) trace.push([q.poppedTime, q.poppedKind, q.poppedA, q.poppedB]);
    expect(trace).toEqual([
      [0.5, 5, 50, -5],
      [10, 2, 20, -2],
      [10, 4, 40, -4],
      [20, 3, 30, -3],
      [30, 1, 10, -1],
    ]);
  });

  it('EventQueue.pop returns equal times first-in, first-out, also around cancellations', () => {
    const q = new EventQueue(16);
    const handles: number[] = [];
    for (let id = 0; id < 200; id++) handles.push(q.push(42, 0, id, 0));
    // Cancelling every third event reshapes the heap; the rest must still come out in push order.
    for (let id = 0; id < 200; id += 3) expect(q.cancel(handles[id])).toBe(true);
    const expected = Array.from({ length: 200 }, (_, id) => id).filter((id) => id % 3 !== 0);
    expect(drainIds(q)).toEqual(expected);
  });

  it('EventQueue.cancel removes a pending event once and returns false for handles not pending', () => {
    const q = new EventQueue();
    const a = q.push(1, 0, 1, 0);
    const b = q.push(2, 0, 2, 0);
    const c = q.push(3, 0, 3, 0);
    expect(q.isPending(b)).toBe(true);
    expect(q.cancel(b)).toBe(true);
    expect(q.isPending(b)).toBe(false);
    expect(q.size).toBe(2);
    expect(q.cancel(b)).toBe(false); // already cancelled
    expect(q.pop()).toBe(a);
    expect(q.cancel(a)).toBe(false); // already popped
    expect(q.cancel(-1)).toBe(false); // never issued
    expect(q.cancel(1_000_000)).toBe(false);
    expect(q.isPending(-1)).toBe(false);
    expect(q.size).toBe(1);
    expect(drainIds(q)).toEqual([3]);
    expect(q.cancel(c)).toBe(false);
  });

  it("EventQueue.cancel of an inner event moves the filler up when it is earlier than the hole's parent", () => {
    // Heap array after these pushes: [1, 10, 2, 11, 12, 30, 4]. Cancelling 11 (under 10) fills its
    // slot with the last element, 4, from the other subtree: 4 must rise above 10, or 10 would later
    // reach the root with 4 still beneath it and pop first.
    const q = new EventQueue();
    const handles = new Map<number, number>();
    for (const t of [1, 10, 2, 11, 12, 30, 4]) handles.set(t, q.push(t, 0, t, 0));
    expect(q.cancel(handles.get(11)!)).toBe(true);
    expect(drainIds(q)).toEqual([1, 2, 4, 10, 12, 30]);
  });

  it('EventQueue.push recycles a freed handle, which then names the new event', () => {
    // The contract: a handle is valid until its event is popped or cancelled. After that the slot is
    // free and the next push may reuse it, so a caller must forget a handle once its event has run or
    // been cancelled (the model resets its timer fields to -1). Until reuse, `cancel` of the stale
    // handle returns false; after reuse, the same number names the new event.
    const q = new EventQueue();
    const first = q.push(1, 0, 1, 0);
    expect(q.pop()).toBe(first);
    expect(q.cancel(first)).toBe(false);
    const second = q.push(2, 0, 2, 0);
    expect(second).toBe(first);
    expect(q.isPending(first)).toBe(true);
    expect(q.cancel(first)).toBe(true);
    expect(q.size).toBe(0);
    // A recycled handle never aliases another pending event.
    const live = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const h = q.push(i, 0, i, 0);
      expect(live.has(h)).toBe(false);
      live.add(h);
    }
  });

  it('EventQueue.push grows beyond the initial capacity and keeps the order', () => {
    const q = new EventQueue(1); // rounded up to 16
    let state = 12345;
    const times: number[] = [];
    for (let id = 0; id < 5000; id++) {
      // A small LCG keeps the test deterministic without depending on the engine's streams.
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const time = state % 997;
      times.push(time);
      q.push(time, 0, id, 0);
    }
    expect(q.size).toBe(5000);
    const expected = times
      .map((time, id) => ({ time, id }))
      .sort((x, y) => x.time - y.time || x.id - y.id)
      .map((e) => e.id);
    expect(drainIds(q)).toEqual(expected);
  });

  it(`EventQueue push/pop/cancel interleavings match a sorted-array reference (fast-check seed ${SEED})`, () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 400, size: 'max' }), checkAgainstReference), {
      seed: SEED,
      numRuns: 300,
    });
  });

  it(`EventQueue.cancel of inner events in deep heaps with tied times matches the reference (fast-check seed ${SEED})`, () => {
    fc.assert(fc.property(fc.array(deepOpArb, { maxLength: 600, size: 'max' }), checkAgainstReference), {
      seed: SEED,
      numRuns: 300,
    });
  });
});

/**
 * `expect(actual).toBe(expected)`, made only when the two differ (by `Object.is`, as `toBe` compares):
 * the interleaving tests compare after each of some 200,000 operations, where an `expect` that passes
 * costs more than the queue operation it checks.
 */
function expectSame(actual: unknown, expected: unknown): void {
  if (!Object.is(actual, expected)) expect(actual).toBe(expected);
}

/** Runs `ops` on an EventQueue and on the reference, asserting after every step that they agree. */
function checkAgainstReference(ops: Op[]): void {
  const q = new EventQueue(16); // small, so that runs cross the growth of both array sets
  const ref = new ReferenceQueue();
  const issued: number[] = []; // every handle ever returned, pending or not
  let nextId = 0;
  for (const o of ops) {
    if (o.op === 'push') {
      const id = nextId++;
      const handle = q.push(o.time, KIND, id, ~id); // ~id: a distinct Int32 (unlike -0)
      // A fresh handle never names an event still pending.
      expectSame(
        ref.entries.some((e) => e.handle === handle),
        false,
      );
      ref.push(o.time, handle, id);
      issued.push(handle);
    } else if (o.op === 'pop') {
      const want = ref.pop();
      const got = q.pop();
      if (want === undefined) {
        expectSame(got, -1);
      } else {
        expectSame(got, want.handle);
        expectSame(q.poppedTime, want.time);
        expectSame(q.poppedKind, KIND);
        expectSame(q.poppedA, want.id);
        expectSame(q.poppedB, ~want.id);
      }
    } else if (o.op === 'cancelPending') {
      const want = ref.entries[o.pick % Math.max(1, ref.entries.length)];
      if (want !== undefined) {
        ref.cancel(want.handle);
        expectSame(q.cancel(want.handle), true);
      }
    } else {
      // Picks among all handles ever issued: pending ones, and popped or cancelled ones whose
      // slot may or may not have been reused since.
      const handle = issued.length > 0 ? issued[o.pick % issued.length] : o.pick;
      const pending = ref.entries.some((e) => e.handle === handle);
      expectSame(q.isPending(handle), pending);
      const removed = ref.cancel(handle);
      expectSame(q.cancel(handle), removed !== undefined);
    }
    expectSame(q.size, ref.entries.length);
    expectSame(q.peekTime(), ref.peekTime());
  }
  expect(drainIds(q)).toEqual(ref.entries.map((e) => e.id));
}
