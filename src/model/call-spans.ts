import { causeText } from './causes';
import type { ComponentHost } from './components/component';
import type { TraceObserver } from './observe/run-observers';
import type { Tracer } from './trace';

/** What the tracer reads of the run it watches: the clock, the names of its parts, and its handles' tables. */
export type TracedRun = Pick<
  ComponentHost,
  'kernel' | 'topology' | 'stations' | 'tries' | 'jobs' | 'requests' | 'mesh'
>;

/**
 * The tracer as an observer of the run: it hears the sampled requests' events (`TraceObserver`)
 * and records them as spans in the `Tracer`: a request, a try as its caller sees it (with its retry
 * number and backoff), the callee's work (a sidecar's pass, with the mesh on), and how each ended.
 * It keeps its handles in the run's tables (a request's trace slot, a try's and a job's span) and
 * reads nothing else of them: what happened comes in the notification.
 */
export class CallSpans implements TraceObserver {
  constructor(
    private readonly run: TracedRun,
    private readonly tracer: Tracer,
  ) {}

  requestSent(request: number, client: number, sequence: number, mix: number): void {
    // Every request comes here: the test stays small enough to be inlined, the trace's opening apart.
    this.run.requests.trace[request] = this.tracer.sampled(client, sequence)
      ? this.begin(client, sequence, mix)
      : 0;
  }

  /** Opens the trace of a sampled request and returns its slot. */
  private begin(client: number, sequence: number, mix: number): number {
    const spec = this.run.topology.clients[client].spec;
    const { method, path } = spec.mix[mix];
    return this.tracer.begin(`${spec.id}#${sequence}`, spec.id, method, path, this.run.kernel.now);
  }

  requestResent(request: number, retryAfterMs: number): void {
    const note = `429: the client honours Retry-After and resends in ${retryAfterMs / 1000} s`;
    this.tracer.note(this.run.requests.trace[request], 0, note);
  }

  requestAnswered(request: number, status: number): void {
    this.tracer.answered(this.run.requests.trace[request], this.run.kernel.now, status);
  }

  requestReleased(request: number): void {
    this.tracer.release(this.run.requests.trace[request]);
  }

  tryOpened(
    id: number,
    request: number,
    parent: number,
    callee: number,
    tries: number,
    backoffMs: number,
  ): void {
    const slot = this.run.requests.trace[request];
    const now = this.run.kernel.now;
    // Inside its caller's work, or the request's span; either is named for the caller (a station, the client).
    const within = parent >= 0 ? this.run.jobs.workSpan[parent] : 0;
    const caller = this.tracer.nameOf(slot, within);
    const span = this.tracer.call(slot, within, caller, this.run.stations[callee].id, now);
    this.run.tries.span[id] = span;
    if (tries > 0) this.tracer.note(slot, span, `retry ${tries}`);
    if (backoffMs > 0) {
      // The wait before the try goes, as a span of its own inside the try's. Its length says how
      // long: no note (formatting one cost a retry storm's trace a tenth of its time).
      const wait = this.tracer.span(slot, span, 'backoff', `${caller} backoff`, -1, now);
      this.tracer.end(slot, wait, now + backoffMs, 0);
    }
  }

  trySent(id: number, request: number, instance: number): void {
    this.tracer.sentTo(this.run.requests.trace[request], this.run.tries.span[id], instance);
  }

  tryFailedOver(id: number, request: number, from: number, into: number, target: number): void {
    const slot = this.run.requests.trace[request];
    const span = this.run.tries.span[id];
    const stations = this.run.stations;
    this.tracer.retarget(slot, span, stations[into].id);
    const note = `failover: no healthy endpoint of ${stations[from].id} known to this sidecar; sent to ${stations[target].id}`;
    this.tracer.note(slot, span, note);
  }

  tryEnded(id: number, request: number, status: number, cause: number): void {
    const slot = this.run.requests.trace[request];
    this.tracer.end(slot, this.run.tries.span[id], this.run.kernel.now, status, causeText(cause));
  }

  jobDetached(job: number, id: number): void {
    const t = this.run.tries;
    t.span[job] = t.span[id];
  }

  jobAdmitted(id: number, request: number, station: number, instance: number): void {
    const slot = this.run.requests.trace[request];
    const mesh = this.run.mesh;
    const kind = mesh !== undefined && mesh.serviceOf[station] >= 0 ? 'sidecar' : 'work';
    const name = this.run.stations[station].id;
    const span = this.run.tries.span[id];
    this.run.jobs.workSpan[id] = this.tracer.span(slot, span, kind, name, instance, this.run.kernel.now);
  }

  workStarted(id: number, request: number, queuedMs: number): void {
    this.tracer.queued(this.run.requests.trace[request], this.run.jobs.workSpan[id], queuedMs);
  }

  jobAnswered(id: number, request: number, status: number, cause: number): void {
    const slot = this.run.requests.trace[request];
    this.tracer.end(slot, this.run.jobs.workSpan[id], this.run.kernel.now, status, causeText(cause));
  }

  jobNote(id: number, request: number, text: string): void {
    this.tracer.note(this.run.requests.trace[request], this.run.jobs.workSpan[id], text);
  }
}
