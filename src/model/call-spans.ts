import type { ComponentHost } from './components/component';
import { causeText } from './causes';
import type { Station } from './station';

/**
 * The spans of a traced request's calls, as the simulation makes its tries and jobs: a try as its
 * caller sees it (with its retry number and backoff), the callee's work, and how the try ended.
 * Only traced requests come here: the simulation tests the request's trace slot first.
 */
export class CallSpans {
  constructor(private readonly host: ComponentHost) {}

  /** Opens the span of a traced call's try, inside its caller's work (or the request). */
  call(id: number, parent: number, tries: number, backoff: number): void {
    const c = this.host.calls;
    const t = this.host.tries;
    const j = this.host.jobs;
    const slot = this.host.requests.trace[c.request[id]];
    const caller =
      parent >= 0
        ? this.host.stations[t.component[parent]].id
        : this.host.topology.clients[this.host.requests.client[c.request[id]]].spec.id;
    const callee = this.host.stations[t.component[id]].id;
    t.span[id] = this.host.tracer.call(
      slot,
      parent >= 0 ? j.workSpan[parent] : 0,
      caller,
      callee,
      this.host.kernel.now,
    );
    if (tries > 0) this.host.tracer.note(slot, t.span[id], `retry ${tries}`);
    if (backoff > 0) {
      // The wait before the try goes, as a span of its own inside the try's.
      const now = this.host.kernel.now;
      // Its length says how long: no note (formatting one cost a retry storm's trace a tenth of its time).
      const wait = this.host.tracer.span(slot, t.span[id], 'backoff', `${caller} backoff`, -1, now);
      this.host.tracer.end(slot, wait, now + backoff, 0);
    }
  }

  /** Opens the span of a traced call's work at its instance (a sidecar's pass, with the mesh on). */
  work(id: number, station: Station, instance: number, now: number): void {
    const c = this.host.calls;
    const t = this.host.tries;
    const j = this.host.jobs;
    const slot = this.host.requests.trace[c.request[id]];
    const kind =
      this.host.mesh !== undefined && this.host.mesh.serviceOf[station.index] >= 0 ? 'sidecar' : 'work';
    j.workSpan[id] = this.host.tracer.span(slot, t.span[id], kind, station.id, instance, now);
  }

  /** Ends a traced call's span with what its caller saw. */
  callEnded(id: number, status: number, cause: number): void {
    const c = this.host.calls;
    const t = this.host.tries;
    const slot = this.host.requests.trace[c.request[id]];
    this.host.tracer.end(slot, t.span[id], this.host.kernel.now, status, causeText(cause));
  }
}
