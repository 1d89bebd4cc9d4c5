/**
 * The bare limit: a plain binary min-heap of event times over one Float64Array. No sequence numbers,
 * no handles, no payload, no cancellation, so it is the least work any future-event list on a binary
 * heap can do per push and pop. The engine's `EventQueue` does more (FIFO ties, handles, cancel); this
 * heap shows what that costs. Not for use in the simulator.
 */
export class BareHeap {
  private keys: Float64Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    this.keys = new Float64Array(Math.max(16, initialCapacity));
  }

  /** Number of keys held. */
  get size(): number {
    return this.count;
  }

  /** Adds a key. */
  push(key: number): void {
    if (this.count === this.keys.length) {
      const next = new Float64Array(this.keys.length * 2);
      next.set(this.keys);
      this.keys = next;
    }
    const keys = this.keys;
    let at = this.count++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const pk = keys[parent];
      if (key >= pk) break;
      keys[at] = pk;
      at = parent;
    }
    keys[at] = key;
  }

  /** Removes and returns the smallest key; NaN when empty. */
  pop(): number {
    if (this.count === 0) return NaN;
    const keys = this.keys;
    const top = keys[0];
    const n = --this.count;
    if (n === 0) return top;
    const key = keys[n];
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1] < keys[child]) child++;
      const ck = keys[child];
      if (key <= ck) break;
      keys[at] = ck;
      at = child;
    }
    keys[at] = key;
    return top;
  }
}
