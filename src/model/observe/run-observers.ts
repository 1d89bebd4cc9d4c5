/**
 * What a run tells the two observers every run has: its request metrics (`RequestMetrics`, the
 * report's counts) and its tracer (`CallSpans`, the spans of the sampled requests). The page's
 * optional observers (`SimulationObserver`, `observer.ts`) hear a few of the same events through
 * the hub.
 *
 * These two are not registered with the hub. The simulation holds each directly, typed by its own
 * class, and calls it at the event's site: one monomorphic call, which the JIT inlines, and no list
 * to walk. A hub's walk at every try, for counters that every run keeps, would cost the batch run
 * more than the counting itself. Each is told only what it keeps, with a test at the site that
 * costs one load: the metrics every request and forwarded try (they choose the measured period
 * themselves, from the times they are told), the tracer only the sampled requests' events (the site
 * tests the request's trace slot, or the try's or job's span, before it calls).
 */

/**
 * The request metrics' view of a run. Times are simulated ms; each notification carries what the
 * metrics count, so they need not read the run's tables.
 */
export interface MetricsObserver {
  /** A client sent a new request at `now` (a resend after Retry-After is the same request). */
  requestSent(now: number): void;
  /**
   * A try was forwarded past the first hop, from one component to another (not a client's, not a
   * workload's hop to its own sidecar), at `now`; `tries` earlier tries of its call were made (0:
   * the first, more: a retry).
   */
  tryForwarded(tries: number, now: number): void;
  /** A request sent at `sentAt` was answered `status` at its client at `now` (its last answer). */
  requestAnswered(status: number, sentAt: number, now: number): void;
}

/**
 * The tracer's view of a run: the events of the sampled requests, from which it opens and closes
 * their spans. A notification says which request, call (try) or job it is about and what happened
 * (the caller, the callee, the station and instance, the try's number and backoff, the status and
 * the cause). The tracer keeps its own handles in the run's tables, so that nothing is allocated
 * per call: the request's trace slot (`RequestTable.trace`, 0: not traced) and a try's and a job's
 * span (`CallTable.span`, `workSpan`, -1: none); it reads and writes those, and no other column.
 *
 * `requestSent` is told of every request: it is where the tracer samples. Every other notification
 * is told of a traced request only; the site tests the handle first.
 */
export interface TraceObserver {
  /**
   * Client `client` (its index) sent request `request`, its `sequence`-th (from 1), of its mix
   * entry `mix`: sets the request's trace slot, opening a trace when the request is sampled.
   */
  requestSent(request: number, client: number, sequence: number, mix: number): void;
  /** The client will send the request again in `retryAfterMs` ms, as a 429's Retry-After asked. */
  requestResent(request: number, retryAfterMs: number): void;
  /** The client has its answer, `status`. */
  requestAnswered(request: number, status: number): void;
  /** Nothing more can happen to the request (every call of it is done, abandoned ones too). */
  requestReleased(request: number): void;
  /**
   * Try `id` of a call from job `parent` (-1: the client) into station `callee` was made: the
   * `tries`-th retry (0: the first try), after a backoff of `backoffMs` ms (0: none).
   */
  tryOpened(
    id: number,
    request: number,
    parent: number,
    callee: number,
    tries: number,
    backoffMs: number,
  ): void;
  /** The try's caller picked `instance` of its callee (-1: no healthy one). */
  trySent(id: number, request: number, instance: number): void;
  /**
   * The try fails over from station `from` (its destination knows no healthy endpoint) to station
   * `into`, the way into service `target` (a sidecar with the mesh on).
   */
  tryFailedOver(id: number, request: number, from: number, into: number, target: number): void;
  /** The try ended for its caller with `status`, for `cause` (a `CAUSE_*`: its reply, a timeout). */
  tryEnded(id: number, request: number, status: number, cause: number): void;
  /**
   * A job nobody waits for, `job`, was made at the instance try `id` reached (a queue's message,
   * for the same request): its work is told of as any job's, inside that try's span.
   */
  jobDetached(job: number, id: number): void;
  /** Try `id` reached `instance` of station `station`, where it is a job. */
  jobAdmitted(id: number, request: number, station: number, instance: number): void;
  /** A worker took the job after it waited `queuedMs` ms in the queue. */
  workStarted(id: number, request: number, queuedMs: number): void;
  /** The job answered `status`, for `cause` (a `CAUSE_*`), and its reply leaves. */
  jobAnswered(id: number, request: number, status: number, cause: number): void;
  /** What a component decided on the job, as a line of its span (the gateway's route, a filter's verdict). */
  jobNote(id: number, request: number, text: string): void;
}
