import { grow } from '../engine';
import type { Upstream } from './upstream';

/**
 * Every client request in flight, as parallel typed arrays indexed by request id (recycled). A
 * request is what a client sent and waits for; its first call (`root`) carries it into the system.
 */
export class RequestTable {
  client: Int32Array;
  /** Index of its kind in the client's mix. */
  mix: Int32Array;
  /** Cache key drawn from the mix entry's key space (-1 for none). */
  key: Int32Array;
  /** Closed-loop user that sent it (-1 for open clients). */
  user: Int32Array;
  /** 1 when the credential is missing or bad. */
  badCredential: Uint8Array;
  sentAt: Float64Array;
  /** Times the client has sent it again after a 429's Retry-After. */
  resends: Uint8Array;
  /** Its current first-hop call. */
  root: Int32Array;
  /** Calls of this request still allocated, plus one until the client has its answer. */
  refs: Int32Array;
  /** Its trace's slot in the tracer, 0 when it is not traced: the tracer's handle (`CallSpans`). */
  trace: Int32Array;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor(capacity = 1024) {
    this.client = new Int32Array(capacity);
    this.mix = new Int32Array(capacity);
    this.key = new Int32Array(capacity);
    this.user = new Int32Array(capacity);
    this.badCredential = new Uint8Array(capacity);
    this.sentAt = new Float64Array(capacity);
    this.resends = new Uint8Array(capacity);
    this.root = new Int32Array(capacity);
    this.refs = new Int32Array(capacity);
    this.trace = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
  }

  /** A fresh request id (fields to be set by the caller). */
  allocate(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.used === this.client.length) this.grow();
    return this.used++;
  }

  /** Ring-hash key of a request: its route's `hashOn` (`upstream`'s keys), else its cache key, else its client. */
  hashKey(request: number, upstream?: Upstream): number {
    const own = upstream?.hashKeys;
    if (own !== undefined) return own.keys[this.client[request] * own.stride + this.mix[request]];
    const key = this.key[request];
    return key >= 0 ? key : this.client[request];
  }

  /** Drops one reference; the id is recycled when none is left, and then it returns true. */
  unref(id: number): boolean {
    if (--this.refs[id] > 0) return false;
    this.free[this.freeCount++] = id;
    return true;
  }

  private grow(): void {
    const n = this.client.length * 2;
    this.client = grow(this.client, n);
    this.mix = grow(this.mix, n);
    this.key = grow(this.key, n);
    this.user = grow(this.user, n);
    this.badCredential = grow(this.badCredential, n);
    this.sentAt = grow(this.sentAt, n);
    this.resends = grow(this.resends, n);
    this.root = grow(this.root, n);
    this.refs = grow(this.refs, n);
    this.trace = grow(this.trace, n);
    this.free = grow(this.free, n);
  }
}
