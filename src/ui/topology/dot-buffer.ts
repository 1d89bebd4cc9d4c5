/**
 * The dots in play, as a ring of typed-array columns with a fixed capacity: adding a dot to a full
 * ring drops the oldest, and dots whose time is past are dropped from the old end. Columns rather than
 * objects, so that tens of thousands of dots cost no garbage and the drawing loop reads flat arrays.
 */

/** How many dots the ring holds by default: several seconds of sampled traffic. */
export const DEFAULT_DOT_CAPACITY = 20_000;

/** `DotBuffer.refused`: the try bounces off its callee's box. */
export const REFUSED_AT_CALLEE = 1;
/** `DotBuffer.refused`: the try bounces at its caller's end of the edge, never leaving it. */
export const REFUSED_AT_CALLER = 2;

export class DotBuffer {
  readonly capacity: number;
  /** Simulated ms: leaves the caller, reaches the callee, answer back (NaN: unknown), last drawn. */
  readonly depart: Float64Array;
  /** Simulated ms the try was decided: a retry waits at its caller from here until `depart`. */
  readonly leave: Float64Array;
  readonly arrive: Float64Array;
  readonly back: Float64Array;
  readonly end: Float64Array;
  /** Route code from `DotRoutes.route`. */
  readonly route: Int32Array;
  /** Class from `dotClass`. */
  readonly kind: Uint8Array;
  /** 1 for a retry. */
  readonly retry: Uint8Array;
  /**
   * For a try refused at once (never served), where it bounces (`refusalMotion`): REFUSED_AT_CALLEE
   * (a 429, a 401 or 403, a full queue's 503) or REFUSED_AT_CALLER (an open breaker's or a full
   * pool's 503 from the caller's own sidecar); 0 for a try that was served. A refusal's `end` is
   * that of its bounce.
   */
  readonly refused: Uint8Array;
  /** The trace id of the request the try belongs to. */
  readonly trace: string[];
  /** Physical index of the oldest dot, and the number held. */
  private first = 0;
  private count = 0;

  constructor(capacity: number = DEFAULT_DOT_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`DotBuffer: capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.depart = new Float64Array(capacity);
    this.leave = new Float64Array(capacity);
    this.arrive = new Float64Array(capacity);
    this.back = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.route = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.retry = new Uint8Array(capacity);
    this.refused = new Uint8Array(capacity);
    this.trace = new Array<string>(capacity).fill('');
  }

  /** Dots held. */
  get size(): number {
    return this.count;
  }

  /** Physical index of the oldest dot; the k-th oldest is at `(head + k) % capacity`. */
  get head(): number {
    return this.first;
  }

  /**
   * Makes room for one dot and returns its physical index, for the caller to fill every column at.
   * When the ring is full the oldest dot is dropped.
   */
  allocate(): number {
    if (this.count === this.capacity) {
      this.first = this.first + 1 === this.capacity ? 0 : this.first + 1;
      this.count--;
    }
    const index = (this.first + this.count) % this.capacity;
    this.count++;
    return index;
  }

  /**
   * Drops dots from the old end while their `end` is before `t`, and returns how many. Dots come in
   * roughly in order of departure, so a long-lived old dot can hold back younger dead ones: those
   * are not drawn (their phase is hidden) and go once it does.
   */
  expire(t: number): number {
    let dropped = 0;
    while (this.count > 0 && this.end[this.first] < t) {
      this.trace[this.first] = '';
      this.first = this.first + 1 === this.capacity ? 0 : this.first + 1;
      this.count--;
      dropped++;
    }
    return dropped;
  }

  /** Drops every dot (after seeking backwards, before adding the frames around the new time). */
  clear(): void {
    this.first = 0;
    this.count = 0;
    this.trace.fill('');
  }
}
