/**
 * The two observers every run has, told by hand what a run would tell them: the request metrics
 * choose the measured period from the times alone, and the tracer builds a request's spans from
 * the notifications and its own handles, with no simulation behind it.
 */
import { describe, expect, it } from 'vitest';
import { CallSpans, type TracedRun } from '../../../src/model/call-spans';
import { CAUSE_NONE, CAUSE_PER_TRY_TIMEOUT } from '../../../src/model/constants';
import { InFlight } from '../../../src/model/in-flight';
import { RequestMetrics } from '../../../src/model/metrics';
import { RequestTable } from '../../../src/model/request-table';
import { Tracer } from '../../../src/model/trace';

describe('RequestMetrics as an observer', () => {
  it('counts the requests sent, the tries forwarded and the answers of the measured period only', () => {
    const metrics = new RequestMetrics(100);
    metrics.requestSent(99.9);
    metrics.requestSent(100);
    metrics.tryForwarded(0, 50);
    metrics.tryForwarded(0, 100);
    metrics.tryForwarded(2, 150);
    // Sent before warmup, answered after: not measured.
    metrics.requestAnswered(200, 99.9, 130);
    metrics.requestAnswered(503, 100, 130);
    metrics.requestAnswered(200, 120, 1500);
    expect([metrics.generated, metrics.attempts, metrics.retries]).toEqual([1, 2, 1]);
    expect([metrics.ok, metrics.failed]).toEqual([1, 1]);
    expect(metrics.statusCounts()).toEqual({ '200': 1, '503': 1 });
    expect(metrics.latency.mean).toBe((30 + 1380) / 2);
  });
});

describe('CallSpans as an observer', () => {
  /** A run of two stations and one client, with nothing of a simulation but its clock and tables. */
  function tracedRun(): TracedRun & { kernel: { now: number }; rows: InFlight } {
    const rows = new InFlight(4);
    return {
      kernel: { now: 0 },
      topology: { clients: [{ spec: { id: 'web', mix: [{ method: 'GET', path: '/cart' }] } }] },
      stations: [{ id: 'api' }, { id: 'db' }],
      rows,
      tries: rows.tries,
      jobs: rows.jobs,
      requests: new RequestTable(4),
      mesh: undefined,
    } as unknown as TracedRun & { kernel: { now: number }; rows: InFlight };
  }

  it('builds a request, its tries, a retry and its backoff, and the work, from notifications alone', () => {
    const run = tracedRun();
    const tracer = new Tracer({ sample: 1, keep: 5 });
    const spans = new CallSpans(run, tracer);
    const request = run.requests.allocate();
    spans.requestSent(request, 0, 1, 0);
    expect(run.requests.trace[request]).toBeGreaterThan(0);

    const first = run.rows.allocate();
    spans.tryOpened(first, request, -1, 0, 0, 0);
    spans.trySent(first, request, 2);
    run.kernel.now = 1;
    spans.jobAdmitted(first, request, 0, 2);
    run.kernel.now = 3;
    spans.workStarted(first, request, 2);
    spans.jobNote(first, request, 'route cart');
    const child = run.rows.allocate();
    spans.tryOpened(child, request, first, 1, 1, 4);
    run.kernel.now = 10;
    spans.tryEnded(child, request, 504, CAUSE_PER_TRY_TIMEOUT);
    run.kernel.now = 12;
    spans.jobAnswered(first, request, 200, CAUSE_NONE);
    run.kernel.now = 13;
    spans.tryEnded(first, request, 200, CAUSE_NONE);
    spans.requestAnswered(request, 200);
    expect(tracer.openTraces().next().value?.id).toBe('web#1');
    spans.requestReleased(request);

    const [trace] = tracer.traces();
    expect(trace).toMatchObject({ id: 'web#1', client: 'web', method: 'GET', path: '/cart', end: 13 });
    const shape = trace.spans.map((s) => [s.kind, s.name, s.parent, s.instance, s.start, s.end, s.status]);
    expect(shape).toEqual([
      ['request', 'web', -1, -1, 0, 13, 200],
      ['call', 'web -> api', 0, 2, 0, 13, 200],
      ['work', 'api', 1, 2, 1, 12, 200],
      ['call', 'api -> db', 2, -1, 3, 10, 504],
      ['backoff', 'api backoff', 3, -1, 3, 7, 0],
    ]);
    expect(trace.spans[2]).toMatchObject({ queued: 2, notes: ['route cart'] });
    expect(trace.spans[3].notes).toEqual(['retry 1', 'per-try timeout']);
  });

  it('opens no trace for a request the sample leaves out, and clears the slot its row held', () => {
    const run = tracedRun();
    const spans = new CallSpans(run, new Tracer({ sample: 0, keep: 5 }));
    const request = run.requests.allocate();
    run.requests.trace[request] = 7;
    spans.requestSent(request, 0, 1, 0);
    expect(run.requests.trace[request]).toBe(0);
  });
});
