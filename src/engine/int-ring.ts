/**
 * A first-in, first-out queue of integers on a growable ring buffer: the waiting line of one
 * service instance. No allocation once it has grown to its high-water mark.
 */
export class IntRing {
  /** Its length is a power of two, so a position wraps with `& mask` rather than a division. */
  private items: Int32Array;
  private mask: number;
  private head = 0;
  private count = 0;

  constructor(initialCapacity = 16) {
    let capacity = 4;
    while (capacity < initialCapacity) capacity *= 2;
    this.items = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Number of items waiting. */
  get length(): number {
    return this.count;
  }

  /** Appends an item at the tail. */
  push(item: number): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  /** Removes and returns the head item; -1 when empty. */
  shift(): number {
    if (this.count === 0) return -1;
    const item = this.items[this.head];
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  /** Removes every item. */
  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  private grow(): void {
    const next = new Int32Array(this.items.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) & this.mask];
    this.items = next;
    this.mask = next.length - 1;
    this.head = 0;
  }
}
