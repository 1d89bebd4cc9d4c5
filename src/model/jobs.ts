import { ColumnTable } from './columns';

/**
 * Every job in flight, by the id of the try it does the work of (see `InFlight`): the work a callee's
 * instance does for one try. Today one try is always exactly one job at its callee (a try answered
 * before it reaches an instance leaves its job columns unread), so they share the id: no second id to
 * allocate, free or look up per call.
 */
export class JobTable extends ColumnTable {
  /** Moves on each time the id is freed, so a child call can tell its parent job is gone. */
  generation = this.uint32();
  /** True while the job holds one of its instance's workers. */
  holding = this.uint8(0);
  /** Time it reached its instance (for wait statistics). */
  arrivedAt = this.float64();
  /** Pending event handle of its work (or of a gateway filter's own call). -1 none. */
  workTimer = this.int32(-1);
  /** The next downstream call to make (sequential) and the calls still out (parallel), set as they start. */
  nextCall = this.int32();
  pendingCalls = this.int32();
  /** A gateway job's route index (-1: none matched yet). */
  route = this.int32(-1);
  /** Status of the job's first failed required downstream call (0: none yet). */
  failedChildStatus = this.int32(0);
  /** A gateway job's answer from its filters, kept while a filter's own call (an external authorizer) runs. */
  heldAnswer = this.int32();
  /** Trace span of a traced request's job: the callee's work. -1 none. */
  workSpan = this.int32(-1);
  /** Intrusive list of the jobs present at one instance, so a crash can reset them. */
  prevAtInstance = this.int32(-1);
  nextAtInstance = this.int32(-1);

  /** Puts job `id` first on the list of `instance`, whose heads are `first` (a station's `firstJob`). */
  link(id: number, first: Int32Array, instance: number): void {
    const head = first[instance];
    this.prevAtInstance[id] = -1;
    this.nextAtInstance[id] = head;
    if (head >= 0) this.prevAtInstance[head] = id;
    first[instance] = id;
  }

  /** Takes job `id` off the list of `instance`, whose heads are `first`. */
  unlink(id: number, first: Int32Array, instance: number): void {
    const prev = this.prevAtInstance[id];
    const next = this.nextAtInstance[id];
    if (prev >= 0) this.nextAtInstance[prev] = next;
    else if (first[instance] === id) first[instance] = next;
    if (next >= 0) this.prevAtInstance[next] = prev;
    this.prevAtInstance[id] = -1;
    this.nextAtInstance[id] = -1;
  }
}
