import { ColumnTable } from './columns';

/**
 * Every logical call in flight, by the id of the try that carries it (see `InFlight`): what a caller
 * asked for, the same in each of its tries. Every try carries its call's columns (a retry copies
 * them forward), so that a try the caller gave up on can still be told apart and counted on its edge
 * after the call itself has been answered.
 */
export class CallTable extends ColumnTable {
  /** The calling job's id, or -1 when the caller is the client (or nobody: a mirrored copy, a queue's message). */
  parent = this.int32();
  /** The parent job's generation when the call was made; a mismatch means the parent is gone. */
  parentGeneration = this.uint32();
  /** The request (client-level) this call belongs to. */
  request = this.int32();
  /** Which of the parent's calls this is (index into its calls, 0 for a gateway's upstream). */
  slot = this.int32();
  /** The call policy (timeouts, retries) the caller applies to it. */
  policy = this.int32();
  /** Try number of the try that carries it: 0 for the first try. */
  tries = this.int32();
  /** The absolute deadline over all tries (Infinity for none), set as each try is made. */
  deadlineAt = this.float64();
  /**
   * Mesh: the destination the call is for, whose retries and budget it uses; a try's own `dest`
   * differs only when it failed over to another service (meaningful only with a `dest`).
   */
  home = this.int32();
}

/**
 * Every try in flight, by id (see `InFlight`): where it went, its timers and times, its pooled
 * connection, its reply. The try is also the job its callee does for it (`JobTable`), under the same id.
 */
export class TryTable extends ColumnTable {
  /** Callee component and instance (-1 until one is picked). */
  component = this.int32();
  instance = this.int32(-1);
  /** Where the row is in its life (the `PHASE_` constants): travelling, queued, working, calling, replying. */
  phase = this.uint8();
  /** Set once the caller has stopped waiting: the callee still works, its reply is dropped. */
  abandoned = this.uint8(0);
  /** Reply status and cause once known. */
  status = this.int32(0);
  cause = this.uint8(0);
  /** Retry-After the answer carries, ms (0: none): set by a gateway's rate limiter on a 429. */
  retryAfterMs = this.float64(0);
  /** Time the try left its caller: when it was made, or later for a retry that waited out a backoff. */
  leftAt = this.float64();
  /**
   * Time the try's endpoint was picked: when it left, or later for a sidecar's try that waited for a
   * place in the connection pool. A balancer's latency runs from here, as an endpoint's own does:
   * neither a backoff nor the caller's pool is the endpoint's latency.
   */
  pickedAt = this.float64();
  /** Pending event handles: the caller's per-try timer, and the call's deadline as this try waits for it. -1 none. */
  tryTimer = this.int32(-1);
  deadlineTimer = this.int32(-1);
  /**
   * The component the try is finally for: a sidecar forwards it there; the callee otherwise. A
   * sidecar's try that fails over is for the service it failed over to.
   */
  target = this.int32();
  /** 1 for the hop between a workload and its own sidecar (no network). */
  local = this.uint8();
  /** Mesh: the sending sidecar's destination state (-1: not a sidecar's outbound try). */
  dest = this.int32();
  /** 1 when the hop's two ends are in different regions: it pays `network.crossRegion` each way. */
  cross = this.uint8();
  /** Mesh: 1 while the try holds a place in its destination's connection pool (meaningful only with a dest). */
  poolHeld = this.uint8();
  /** Mesh: the certificate epoch of its pooled connection (-1: none; meaningful only with a dest). */
  connEpoch = this.int32();
  /** Mesh: the instance the previous try failed on, for retries to another host (-1: none). */
  avoid = this.int32();
  /** Mesh: the destination `avoid` is an endpoint of (a try that fails over elsewhere avoids nothing). */
  avoidDest = this.int32();
  /** Trace span of a traced request's try, as its caller sees it. -1 none. */
  span = this.int32(-1);
}
