import { grow } from '../engine';
import { PHASE_FREE } from './constants';

/**
 * Every call in flight, as parallel typed arrays indexed by call id. A call is one try of a request
 * from a caller (a client or a job) to a callee component, and also the job the callee does for it.
 * Ids are recycled through a free list; `generation` tells a recycled id from the call it used to be.
 */
export class CallTable {
  /** The calling job's id, or -1 when the caller is the client. */
  parent: Int32Array;
  /** The parent's generation when this call was made; a mismatch means the parent is gone. */
  parentGeneration: Uint32Array;
  generation: Uint32Array;
  /** The request (client-level) this call belongs to. */
  request: Int32Array;
  /** Which of the parent's calls this is (index into its calls, 0 for a gateway's upstream). */
  slot: Int32Array;
  /** The call policy (timeouts, retries) the caller applies to it. */
  policy: Int32Array;
  /** Try number: 0 for the first try. */
  tries: Int32Array;
  /** Callee component and instance. */
  component: Int32Array;
  instance: Int32Array;
  phase: Uint8Array;
  /** Set once the caller has stopped waiting: the callee still works, its reply is dropped. */
  abandoned: Uint8Array;
  /** True while it holds one of its instance's workers. */
  holding: Uint8Array;
  /** Reply status and cause once known. */
  status: Int32Array;
  cause: Uint8Array;
  /** Time the try left its caller: when it was made, or later for a retry that waited out a backoff. */
  leftAt: Float64Array;
  /**
   * Time the try's endpoint was picked: when it left, or later for a sidecar's try that waited for a
   * place in the connection pool. A balancer's latency runs from here, as an endpoint's own does:
   * neither a backoff nor the caller's pool is the endpoint's latency.
   */
  pickedAt: Float64Array;
  /** Time it reached its instance (for wait statistics). */
  arrivedAt: Float64Array;
  /** Pending event handles: the caller's per-try timer, the deadline, the callee's work. -1 none. */
  tryTimer: Int32Array;
  deadlineTimer: Int32Array;
  workTimer: Int32Array;
  /** The absolute deadline over all tries (Infinity for none). */
  deadlineAt: Float64Array;
  /** As a job: next downstream call to make (sequential), calls still out (parallel), route index. */
  nextCall: Int32Array;
  pendingCalls: Int32Array;
  route: Int32Array;
  /** As a job: status of the first failed required downstream call (0: none yet). */
  failStatus: Int32Array;
  /** Retry-After the answer carries, ms (0: none): set by a gateway's rate limiter on a 429. */
  retryAfterMs: Float64Array;
  /** Mesh: the component the call is finally for (a sidecar forwards it there); its own component otherwise. */
  target: Int32Array;
  /** Mesh: 1 for the hop between a workload and its own sidecar (no network). */
  local: Uint8Array;
  /** Mesh: the sending sidecar's destination state (-1: not a sidecar's outbound try). */
  dest: Int32Array;
  /**
   * Mesh: the destination the logical call is for, whose retries and budget it uses; `dest` differs
   * only when this try failed over to another service (meaningful only with a dest).
   */
  home: Int32Array;
  /** 1 when the hop's two ends are in different regions: it pays `network.crossRegion` each way. */
  cross: Uint8Array;
  /** Mesh: 1 while the try holds a place in its destination's connection pool (meaningful only with a dest). */
  poolHeld: Uint8Array;
  /** Mesh: the certificate epoch of its pooled connection (-1: none; meaningful only with a dest). */
  connEpoch: Int32Array;
  /** Mesh: the instance the previous try failed on, for retries to another host (-1: none). */
  avoid: Int32Array;
  /** Mesh: the destination `avoid` is an endpoint of (a try that fails over elsewhere avoids nothing). */
  avoidDest: Int32Array;
  /** Trace spans of a traced request's call: the try as its caller sees it, the callee's work. -1 none. */
  span: Int32Array;
  workSpan: Int32Array;
  /** Intrusive list of the jobs present at one instance, so a crash can reset them. */
  prevAtInstance: Int32Array;
  nextAtInstance: Int32Array;

  private free: Int32Array;
  private freeCount = 0;
  private used = 0;
  /** Calls currently allocated. */
  live = 0;

  constructor(capacity = 1024) {
    this.parent = new Int32Array(capacity);
    this.parentGeneration = new Uint32Array(capacity);
    this.generation = new Uint32Array(capacity);
    this.request = new Int32Array(capacity);
    this.slot = new Int32Array(capacity);
    this.policy = new Int32Array(capacity);
    this.tries = new Int32Array(capacity);
    this.component = new Int32Array(capacity);
    this.instance = new Int32Array(capacity);
    this.phase = new Uint8Array(capacity);
    this.abandoned = new Uint8Array(capacity);
    this.holding = new Uint8Array(capacity);
    this.status = new Int32Array(capacity);
    this.cause = new Uint8Array(capacity);
    this.leftAt = new Float64Array(capacity);
    this.pickedAt = new Float64Array(capacity);
    this.arrivedAt = new Float64Array(capacity);
    this.tryTimer = new Int32Array(capacity);
    this.deadlineTimer = new Int32Array(capacity);
    this.workTimer = new Int32Array(capacity);
    this.deadlineAt = new Float64Array(capacity);
    this.nextCall = new Int32Array(capacity);
    this.pendingCalls = new Int32Array(capacity);
    this.route = new Int32Array(capacity);
    this.failStatus = new Int32Array(capacity);
    this.retryAfterMs = new Float64Array(capacity);
    this.target = new Int32Array(capacity);
    this.local = new Uint8Array(capacity);
    this.dest = new Int32Array(capacity);
    this.home = new Int32Array(capacity);
    this.cross = new Uint8Array(capacity);
    this.poolHeld = new Uint8Array(capacity);
    this.connEpoch = new Int32Array(capacity);
    this.avoid = new Int32Array(capacity);
    this.avoidDest = new Int32Array(capacity);
    this.span = new Int32Array(capacity);
    this.workSpan = new Int32Array(capacity);
    this.prevAtInstance = new Int32Array(capacity);
    this.nextAtInstance = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
  }

  /** A fresh call id; the fields the sender always sets (parent, request, target, local, dest, avoid, ...) are left to it. */
  allocate(): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount];
    else {
      if (this.used === this.parent.length) this.grow();
      id = this.used++;
    }
    this.live++;
    this.abandoned[id] = 0;
    this.holding[id] = 0;
    this.status[id] = 0;
    this.cause[id] = 0;
    this.tryTimer[id] = -1;
    this.deadlineTimer[id] = -1;
    this.workTimer[id] = -1;
    this.deadlineAt[id] = Infinity;
    this.nextCall[id] = 0;
    this.pendingCalls[id] = 0;
    this.route[id] = -1;
    this.failStatus[id] = 0;
    this.retryAfterMs[id] = 0;
    this.instance[id] = -1;
    this.span[id] = -1;
    this.workSpan[id] = -1;
    this.prevAtInstance[id] = -1;
    this.nextAtInstance[id] = -1;
    return id;
  }

  /** Returns a call id to the free list; its generation moves on so stale references can tell. */
  release(id: number): void {
    this.phase[id] = PHASE_FREE;
    this.generation[id]++;
    this.free[this.freeCount++] = id;
    this.live--;
  }

  private grow(): void {
    const n = this.parent.length * 2;
    this.parent = grow(this.parent, n);
    this.parentGeneration = grow(this.parentGeneration, n);
    this.generation = grow(this.generation, n);
    this.request = grow(this.request, n);
    this.slot = grow(this.slot, n);
    this.policy = grow(this.policy, n);
    this.tries = grow(this.tries, n);
    this.component = grow(this.component, n);
    this.instance = grow(this.instance, n);
    this.phase = grow(this.phase, n);
    this.abandoned = grow(this.abandoned, n);
    this.holding = grow(this.holding, n);
    this.status = grow(this.status, n);
    this.cause = grow(this.cause, n);
    this.leftAt = grow(this.leftAt, n);
    this.pickedAt = grow(this.pickedAt, n);
    this.arrivedAt = grow(this.arrivedAt, n);
    this.tryTimer = grow(this.tryTimer, n);
    this.deadlineTimer = grow(this.deadlineTimer, n);
    this.workTimer = grow(this.workTimer, n);
    this.deadlineAt = grow(this.deadlineAt, n);
    this.nextCall = grow(this.nextCall, n);
    this.pendingCalls = grow(this.pendingCalls, n);
    this.route = grow(this.route, n);
    this.failStatus = grow(this.failStatus, n);
    this.retryAfterMs = grow(this.retryAfterMs, n);
    this.target = grow(this.target, n);
    this.local = grow(this.local, n);
    this.dest = grow(this.dest, n);
    this.home = grow(this.home, n);
    this.cross = grow(this.cross, n);
    this.poolHeld = grow(this.poolHeld, n);
    this.connEpoch = grow(this.connEpoch, n);
    this.avoid = grow(this.avoid, n);
    this.avoidDest = grow(this.avoidDest, n);
    this.span = grow(this.span, n);
    this.workSpan = grow(this.workSpan, n);
    this.prevAtInstance = grow(this.prevAtInstance, n);
    this.nextAtInstance = grow(this.nextAtInstance, n);
    this.free = grow(this.free, n);
  }
}
