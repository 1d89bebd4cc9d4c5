/**
 * A first-in, first-out queue of integers on a growable ring buffer: the waiting line of one
 * service instance. No allocation once it has grown to its high-water mark.
 */
export class IntRing {
  private items: Int32Array;
  private head = 0;
  private count = 0;

  constructor(initialCapacity = 16) {
    this.items = new Int32Array(Math.max(4, initialCapacity));
  }

  /** Number of items waiting. */
  get length(): number {
    return this.count;
  }

  /** Appends an item at the tail. */
  push(item: number): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
  }

  /** Removes and returns the head item; -1 when empty. */
  shift(): number {
    if (this.count === 0) return -1;
    const item = this.items[this.head];
    this.head = (this.head + 1) % this.items.length;
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
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
