/**
 * The future-event list: a binary min-heap keyed (time, sequence) over parallel typed arrays.
 *
 * Each scheduled event gets a handle, a small integer slot that stays valid until the event is popped
 * or cancelled. The heap stores keys inline (time, sequence, handle per position) so that sifting reads
 * contiguous memory, and `position[handle]` lets `cancel` remove an event in O(log n): a timeout that
 * loses to its reply leaves the queue at once instead of lingering until it would have fired.
 *
 * Events carry a kind and two integer arguments instead of a closure, so the hot path allocates
 * nothing once the arrays have grown to the run's high-water mark.
 */
export class EventQueue {
  // Heap order, index = heap position.
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private heapHandle: Int32Array;
  // Per handle.
  private position: Int32Array;
  private eventKind: Int32Array;
  private eventA: Int32Array;
  private eventB: Int32Array;
  private freeHandles: Int32Array;
  private freeCount = 0;
  private handlesUsed = 0;
  private count = 0;
  private nextSeq = 0;

  /** Time, kind and arguments of the event last returned by `pop`. */
  poppedTime = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.heapTime = new Float64Array(n);
    this.heapSeq = new Float64Array(n);
    this.heapHandle = new Int32Array(n);
    this.position = new Int32Array(n);
    this.eventKind = new Int32Array(n);
    this.eventA = new Int32Array(n);
    this.eventB = new Int32Array(n);
    this.freeHandles = new Int32Array(n);
  }

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Time of the earliest pending event; Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? this.heapTime[0] : Infinity;
  }

  /** Schedules an event and returns its handle, valid until it is popped or cancelled. */
  push(time: number, kind: number, a: number, b: number): number {
    const handle = this.allocateHandle();
    this.eventKind[handle] = kind;
    this.eventA[handle] = a;
    this.eventB[handle] = b;
    if (this.count === this.heapTime.length) this.growHeap();
    this.siftUp(this.count++, time, this.nextSeq++, handle);
    return handle;
  }

  /**
   * Removes the earliest event, leaving its fields in `popped*`, and returns its handle (already
   * free for reuse). Returns -1 when empty.
   */
  pop(): number {
    if (this.count === 0) return -1;
    const handle = this.heapHandle[0];
    this.poppedTime = this.heapTime[0];
    this.poppedKind = this.eventKind[handle];
    this.poppedA = this.eventA[handle];
    this.poppedB = this.eventB[handle];
    this.position[handle] = -1;
    this.freeHandles[this.freeCount++] = handle;
    const last = --this.count;
    // The last element fills the root's place: it can only go down (removeAt, without its test).
    if (last > 0) this.siftDown(0, this.heapTime[last], this.heapSeq[last], this.heapHandle[last]);
    return handle;
  }

  /** Cancels a pending event; false if the handle is not pending (already popped or cancelled). */
  cancel(handle: number): boolean {
    if (handle < 0 || handle >= this.handlesUsed) return false;
    const at = this.position[handle];
    if (at < 0) return false;
    this.removeAt(at);
    return true;
  }

  /** True if the handle names an event still pending. */
  isPending(handle: number): boolean {
    return handle >= 0 && handle < this.handlesUsed && this.position[handle] >= 0;
  }

  private removeAt(at: number): void {
    const handle = this.heapHandle[at];
    this.position[handle] = -1;
    this.freeHandles[this.freeCount++] = handle;
    const last = --this.count;
    if (at === last) return;
    const time = this.heapTime[last];
    const seq = this.heapSeq[last];
    const moved = this.heapHandle[last];
    // The last element fills the hole; it may need to go either way.
    if (at > 0 && EventQueue.less(time, seq, this.heapTime[(at - 1) >> 1], this.heapSeq[(at - 1) >> 1])) {
      this.siftUp(at, time, seq, moved);
    } else {
      this.siftDown(at, time, seq, moved);
    }
  }

  private static less(t1: number, s1: number, t2: number, s2: number): boolean {
    return t1 < t2 || (t1 === t2 && s1 < s2);
  }

  private siftUp(at: number, time: number, seq: number, handle: number): void {
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const hh = this.heapHandle;
    const pos = this.position;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const pt = ht[parent];
      if (time > pt || (time === pt && seq > hs[parent])) break;
      ht[at] = pt;
      hs[at] = hs[parent];
      hh[at] = hh[parent];
      pos[hh[at]] = at;
      at = parent;
    }
    ht[at] = time;
    hs[at] = seq;
    hh[at] = handle;
    pos[handle] = at;
  }

  private siftDown(at: number, time: number, seq: number, handle: number): void {
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const hh = this.heapHandle;
    const pos = this.position;
    const n = this.count;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (ht[right] < ht[child] || (ht[right] === ht[child] && hs[right] < hs[child]))) {
        child = right;
      }
      const ct = ht[child];
      if (time < ct || (time === ct && seq < hs[child])) break;
      ht[at] = ct;
      hs[at] = hs[child];
      hh[at] = hh[child];
      pos[hh[at]] = at;
      at = child;
    }
    ht[at] = time;
    hs[at] = seq;
    hh[at] = handle;
    pos[handle] = at;
  }

  private allocateHandle(): number {
    if (this.freeCount > 0) return this.freeHandles[--this.freeCount];
    if (this.handlesUsed === this.position.length) this.growHandles();
    return this.handlesUsed++;
  }

  private growHeap(): void {
    const n = this.heapTime.length * 2;
    this.heapTime = grow(this.heapTime, n);
    this.heapSeq = grow(this.heapSeq, n);
    this.heapHandle = grow(this.heapHandle, n);
  }

  private growHandles(): void {
    const n = this.position.length * 2;
    this.position = grow(this.position, n);
    this.eventKind = grow(this.eventKind, n);
    this.eventA = grow(this.eventA, n);
    this.eventB = grow(this.eventB, n);
    this.freeHandles = grow(this.freeHandles, n);
  }
}

/** Copies a typed array into a new one of `length` elements. */
export function grow<T extends Float64Array | Int32Array | Uint8Array | Uint32Array>(
  array: T,
  length: number,
): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}
