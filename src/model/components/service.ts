import type { Uniform } from '../../engine';
import type { CallTable, TryTable } from '../calls';
import type { JobTable } from '../jobs';
import { CAUSE_APP, CAUSE_NONE, PHASE_CALLING } from '../constants';
import type { Station } from '../station';
import type { ServiceBehaviour } from '../topology';
import type { Component, ComponentHost } from './component';

/**
 * A service: a job is worked on for its service time, may fail (its error rate, or a fault's), then
 * makes its downstream calls in order or all at once, and answers when they are done: 200, or the
 * status of the first required call that failed.
 */
export class ServiceComponent implements Component {
  readonly times: Uniform;
  /** The host's call tables, read on every job: held here, one load nearer. */
  private readonly calls: CallTable;
  private readonly tries: TryTable;
  private readonly jobs: JobTable;

  constructor(
    private readonly host: ComponentHost,
    private readonly service: ServiceBehaviour,
  ) {
    this.times = service.times;
    this.calls = host.calls;
    this.tries = host.tries;
    this.jobs = host.jobs;
  }

  workTime(): number {
    return this.service.serviceTime.sample(this.service.times);
  }

  /** The service time is over: fail, answer, or make the downstream calls. */
  workDone(id: number, station: Station): void {
    const host = this.host;
    const t = this.tries;
    const service = this.service;
    const override = station.errorOverride[t.instance[id]];
    const errorRate = override >= 0 ? override : service.spec.errorRate;
    if (errorRate > 0 && service.errors() < errorRate) return host.finishJob(id, 500, CAUSE_APP);
    if (service.calls.length === 0) return host.finishJob(id, 200, CAUSE_NONE);
    this.callDownstream(id, station);
  }

  /** The job makes its downstream calls: all at once, or the first of them in order. */
  private callDownstream(id: number, station: Station): void {
    const host = this.host;
    const c = this.calls;
    const t = this.tries;
    const j = this.jobs;
    const service = this.service;
    const calls = service.calls;
    if (!station.holdWhileCalling) host.releaseWorker(id, station);
    t.phase[id] = PHASE_CALLING;
    const request = c.request[id];
    if (service.parallel) {
      // Set before sending: a call may complete inline when the network has no latency.
      j.pendingCalls[id] = calls.length;
      const generation = j.generation[id];
      for (let i = 0; i < calls.length && j.generation[id] === generation; i++) {
        host.callInto(id, i, calls[i].policy, request, calls[i].component);
      }
    } else {
      j.nextCall[id] = 0;
      host.callInto(id, 0, calls[0].policy, request, calls[0].component);
    }
  }

  /** A downstream call is over: remember a required one's failure, then answer or make the next. */
  childDone(job: number, slot: number, status: number): void {
    const host = this.host;
    const c = this.calls;
    const j = this.jobs;
    const calls = this.service.calls;
    const failed = status < 200 || status >= 300;
    if (failed && !calls[slot].optional && j.failedChildStatus[job] === 0) j.failedChildStatus[job] = status;
    if (this.service.parallel) {
      if (--j.pendingCalls[job] === 0) {
        const fail = j.failedChildStatus[job];
        host.finishJob(job, fail || 200, fail ? CAUSE_APP : CAUSE_NONE);
      }
      return;
    }
    if (j.failedChildStatus[job] !== 0) return host.finishJob(job, j.failedChildStatus[job], CAUSE_APP);
    const next = ++j.nextCall[job];
    if (next === calls.length) return host.finishJob(job, 200, CAUSE_NONE);
    host.callInto(job, next, calls[next].policy, c.request[job], calls[next].component);
  }
}
