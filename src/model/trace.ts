import { fmix32 } from '../engine';
import type { SpanKind } from '../report/span-kind';
import type { Millis, TracingSpec } from '../scenario/types';
import { ObserverHub } from './observe/observer';

export type { SpanKind };

/** One span of a trace. Times are simulated ms; `end` is NaN while the span is open. */
export interface Span {
  /** Index in the trace's `spans`. */
  readonly id: number;
  /** The enclosing span's id; -1 for the request span. */
  readonly parent: number;
  readonly kind: SpanKind;
  /** The component (or client) the span happens at; for a call, `caller -> callee`. */
  name: string;
  /** Instance of the component, -1 when not one instance's (or a call's, until it is sent). */
  instance: number;
  readonly start: Millis;
  end: Millis;
  /** HTTP status it ended with (0 while open, or when it has none). */
  status: number;
  /** Time spent waiting for a worker before the work began (work spans), ms. */
  queued: Millis;
  /** What happened in it, in order: plugin decisions, transformations, RateLimit-* values, causes. */
  notes: readonly string[];
  /** A call's caller and callee: client, gateway, service or sidecar (`<workload> sidecar`) ids. */
  readonly from?: string;
  /** Changed only by `retarget`, when a try fails over to another service. */
  to?: string;
}

/** The spans of one sampled request. */
export interface Trace {
  /** `client#n`: the n-th request the client sent (from 1), the same request in every variant. */
  readonly id: string;
  readonly client: string;
  readonly method: string;
  readonly path: string;
  readonly start: Millis;
  /** When the client had its answer (NaN while waiting). */
  end: Millis;
  /** The answer's status at the client (0 while waiting). */
  status: number;
  readonly spans: Span[];
}

/**
 * Keeps the spans of a sample of requests. Which requests is a pure function of the client and the
 * request's number at that client, so variants run on common random numbers trace the same requests
 * and a learner can set one request's two traces side by side. Open traces live until their request
 * is released (every call of it done, abandoned ones too); then the trace joins a ring of the `keep`
 * most recent finished ones.
 *
 * It is the record; `CallSpans` is the observer of the run that writes into it, told only of the
 * sampled requests' events.
 */
export class Tracer {
  private readonly threshold: number;
  private readonly open = new Map<number, Trace>();
  private readonly finished: Trace[] = [];
  private nextSlot = 1;
  private nextFinished = 0;

  /**
   * @param observers told of each traced try as its call span closes (`tracedTryEnded`): the
   *   simulation's own hub, so that its observers hear of traced tries; none by default
   */
  constructor(
    private readonly spec: TracingSpec,
    private readonly observers: ObserverHub = new ObserverHub(),
  ) {
    // Compared with a 32-bit hash: sample 1 traces every request, 0 none.
    this.threshold = spec.keep > 0 ? Math.round(spec.sample * 2 ** 32) : 0;
  }

  /** Whether the `sequence`-th request (from 1) of client `clientIndex` is traced. */
  sampled(clientIndex: number, sequence: number): boolean {
    return this.threshold > 0 && mix32(clientIndex, sequence) < this.threshold;
  }

  /** Opens a trace and its request span; returns its slot (above 0) for the other calls. */
  begin(id: string, client: string, method: string, path: string, now: Millis): number {
    const slot = this.nextSlot++;
    const trace: Trace = { id, client, method, path, start: now, end: NaN, status: 0, spans: [] };
    this.open.set(slot, trace);
    this.span(slot, -1, 'request', client, -1, now);
    return slot;
  }

  /** Opens a span in trace `slot` and returns its id. */
  span(slot: number, parent: number, kind: SpanKind, name: string, instance: number, now: Millis): number {
    const spans = this.open.get(slot)!.spans;
    const id = spans.length;
    spans.push({
      id,
      parent,
      kind,
      name,
      instance,
      start: now,
      end: NaN,
      status: 0,
      queued: 0,
      notes: NO_NOTES,
    });
    return id;
  }

  /** Opens the span of a call from `caller` to `callee` (its instance is set once chosen). */
  call(slot: number, parent: number, caller: string, callee: string, now: Millis): number {
    const spans = this.open.get(slot)!.spans;
    const id = spans.length;
    spans.push({
      id,
      parent,
      kind: 'call',
      name: `${caller} -> ${callee}`,
      instance: -1,
      start: now,
      end: NaN,
      status: 0,
      queued: 0,
      notes: NO_NOTES,
      from: caller,
      to: callee,
    });
    return id;
  }

  /** A call's try goes to another callee than the one its span was opened for (a failover). */
  retarget(slot: number, span: number, callee: string): void {
    const s = this.open.get(slot)?.spans[span];
    if (!s || s.kind !== 'call') return;
    s.name = `${s.from} -> ${callee}`;
    s.to = callee;
  }

  /** Closes a span (once: a later close of the same span is ignored). */
  end(slot: number, span: number, now: Millis, status: number, note?: string): void {
    const trace = this.open.get(slot);
    const s = trace?.spans[span];
    if (!s || !Number.isNaN(s.end)) return;
    s.end = now;
    s.status = status;
    if (note) addNote(s, note);
    if (s.kind === 'call' && this.observers.traced.length > 0) this.observers.tracedTryEnded(trace!, s);
  }

  /** The name of span `span` of open trace `slot`: a request's is its client's id, a work span its station's. */
  nameOf(slot: number, span: number): string {
    return this.open.get(slot)!.spans[span].name;
  }

  /** Adds a note to an open or closed span. */
  note(slot: number, span: number, text: string): void {
    const s = this.open.get(slot)?.spans[span];
    if (s) addNote(s, text);
  }

  /** Records which instance a call's try went to, once its caller has chosen. */
  sentTo(slot: number, span: number, instance: number): void {
    const s = this.open.get(slot)?.spans[span];
    if (s) s.instance = instance;
  }

  /** Records the wait for a worker on a work span. */
  queued(slot: number, span: number, ms: Millis): void {
    const s = this.open.get(slot)?.spans[span];
    if (s) s.queued = ms;
  }

  /** The client has its answer. */
  answered(slot: number, now: Millis, status: number): void {
    const trace = this.open.get(slot);
    if (!trace) return;
    trace.end = now;
    trace.status = status;
    this.end(slot, 0, now, status);
  }

  /** The request is released: nothing more can happen to it, so its trace is finished. */
  release(slot: number): void {
    const trace = this.open.get(slot);
    if (!trace) return;
    this.open.delete(slot);
    if (this.finished.length < this.spec.keep) this.finished.push(trace);
    else this.finished[this.nextFinished] = trace;
    this.nextFinished = (this.nextFinished + 1) % Math.max(1, this.spec.keep);
  }

  /** The traces of requests still in flight. */
  openTraces(): IterableIterator<Trace> {
    return this.open.values();
  }

  /** Finished traces, oldest first, then those still open (the run may end with requests in flight). */
  traces(): Trace[] {
    const n = this.finished.length;
    const start = n < this.spec.keep ? 0 : this.nextFinished;
    const ordered = Array.from({ length: n }, (_, i) => this.finished[(start + i) % n]);
    return [...ordered, ...this.open.values()];
  }

  /** The trace with `id`, finished or open; undefined when it was not sampled or is no longer kept. */
  trace(id: string): Trace | undefined {
    return this.traces().find((t) => t.id === id);
  }
}

/**
 * The notes of a span that has none, shared: most spans get none, and a traced retry storm opens
 * hundreds of thousands of spans, so each does not get an empty array of its own.
 */
const NO_NOTES: readonly string[] = Object.freeze([]);

/** Adds a note to a span, giving it an array of its own at its first. */
function addNote(span: Span, text: string): void {
  if (span.notes === NO_NOTES) span.notes = [text];
  else (span.notes as string[]).push(text);
}

/** A 32-bit hash of two integers: each spread on its own, then combined and spread again. */
function mix32(a: number, b: number): number {
  return fmix32(fmix32(a + 0x9e3779b9) ^ b);
}
