/**
 * The dots of a playback's frames, collected as the simulation closes traced calls: a try becomes a
 * dot once its answer is back, when everything about it is known. Collecting at the close, rather
 * than looking through every trace still open at each frame, keeps a frame's cost to its own dots:
 * a retry storm holds thousands of open traces of dozens of spans each.
 */
import type { SimulationObserver } from '../model/observe';
import { OUTCOME_PENDING, outcomeOf } from '../report/outcome';
import type { Span, Trace } from '../model/trace';
import type { DotColumns } from './frames';
import { refusalSide } from './refusal-side';

/** Columns of the dots collected but not yet taken, grown as needed. */
class Columns {
  from = new Int32Array(256);
  to = new Int32Array(256);
  leave = new Float64Array(256);
  depart = new Float64Array(256);
  arrive = new Float64Array(256);
  back = new Float64Array(256);
  outcome = new Uint8Array(256);
  retry = new Uint8Array(256);
  refusedBy = new Uint8Array(256);
  traces: Trace[] = [];
  count = 0;

  push(trace: Trace, span: Span, from: number, to: number): void {
    if (this.count === this.from.length) this.grow(this.count * 2);
    const i = this.count++;
    const { depart, arrive } = legTimes(trace.spans, span);
    this.from[i] = from;
    this.to[i] = to;
    this.leave[i] = span.start;
    this.depart[i] = depart;
    this.arrive[i] = arrive;
    this.back[i] = span.end;
    this.outcome[i] = Number.isNaN(span.end) ? OUTCOME_PENDING : outcomeOf(span.status);
    this.retry[i] = span.notes[0]?.startsWith('retry') ? 1 : 0;
    this.refusedBy[i] = refusalSide(span);
    this.traces[i] = trace;
  }

  private grow(size: number): void {
    const grown = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const next = new (a.constructor as new (n: number) => T)(size);
      next.set(a);
      return next;
    };
    this.from = grown(this.from);
    this.to = grown(this.to);
    this.leave = grown(this.leave);
    this.depart = grown(this.depart);
    this.arrive = grown(this.arrive);
    this.back = grown(this.back);
    this.outcome = grown(this.outcome);
    this.retry = grown(this.retry);
    this.refusedBy = grown(this.refusedBy);
  }
}

/** Collects one simulation's dots (it observes the run's traced tries) and hands them out a frame at a time. */
export class DotRecorder implements SimulationObserver {
  private readonly held = new Columns();

  /** `nodeIndex` gives a caller's or callee's index in the topology's nodes. */
  constructor(private readonly nodeIndex: ReadonlyMap<string, number>) {}

  /** Records a traced try whose answer just came back. */
  tracedTryEnded(trace: Trace, span: Span): void {
    const from = this.nodeIndex.get(span.from ?? '') ?? -1;
    const to = this.nodeIndex.get(span.to ?? '') ?? -1;
    this.held.push(trace, span, from, to);
  }

  /**
   * The dots whose answer came back before `to`, in the order they came back, with the ids of their
   * traces (a dot's `trace` indexes `traceIds`); later ones are kept for the next frame (the
   * simulation runs up to and including `to`, a frame covers [from, to)).
   */
  take(to: number): { dots: DotColumns; traceIds: string[] } {
    const held = this.held;
    let n = 0;
    while (n < held.count && held.back[n] < to) n++;
    const traceIds: string[] = [];
    const index = new Map<Trace, number>();
    const trace = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let k = index.get(held.traces[i]);
      if (k === undefined) {
        k = traceIds.push(held.traces[i].id) - 1;
        index.set(held.traces[i], k);
      }
      trace[i] = k;
    }
    const dots: DotColumns = {
      count: n,
      from: held.from.slice(0, n),
      to: held.to.slice(0, n),
      leave: held.leave.slice(0, n),
      depart: held.depart.slice(0, n),
      arrive: held.arrive.slice(0, n),
      back: held.back.slice(0, n),
      outcome: held.outcome.slice(0, n),
      retry: held.retry.slice(0, n),
      refusedBy: held.refusedBy.slice(0, n),
      trace,
    };
    this.keepFrom(n);
    return { dots, traceIds };
  }

  /** Drops the first `n` dots held, keeping the rest at the start. */
  private keepFrom(n: number): void {
    const held = this.held;
    const rest = held.count - n;
    if (n === 0) return;
    if (rest > 0) {
      for (const column of [
        held.from,
        held.to,
        held.leave,
        held.depart,
        held.arrive,
        held.back,
        held.outcome,
        held.retry,
        held.refusedBy,
      ])
        column.copyWithin(0, n, held.count);
      held.traces.copyWithin(0, n, held.count);
    }
    held.traces.length = rest;
    held.count = rest;
  }
}

/**
 * When a try really left its caller (after its backoff) and reached its callee (when the callee's
 * work began; a try refused or answered by its own sidecar reaches nobody: its end).
 */
function legTimes(spans: readonly Span[], call: Span): { depart: number; arrive: number } {
  let depart = call.start;
  let arrive = call.end;
  for (let i = call.id + 1; i < spans.length; i++) {
    const s = spans[i];
    if (s.parent !== call.id) continue;
    if (s.kind === 'backoff') depart = s.end;
    else if (s.kind === 'work' || s.kind === 'sidecar') {
      arrive = s.start;
      break;
    }
  }
  return { depart, arrive: Math.max(arrive, depart) };
}
