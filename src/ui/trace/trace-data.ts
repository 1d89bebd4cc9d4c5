/**
 * The shape of a trace as the trace views read it. It is the model's `Trace` as the worker sends it
 * (an open span's `end` is NaN) and as `meshsim run --trace` writes it (`end: null`), declared here
 * structurally because the page never imports the model; the kinds of span are the report's. Times
 * are simulated ms.
 */
import type { SpanKind } from '../../report/span-kind';

export type { SpanKind };

/** One span of a trace. */
export interface SpanData {
  /** Index in the trace's `spans`. */
  readonly id: number;
  /** The enclosing span's id; -1 for the request span. */
  readonly parent: number;
  readonly kind: SpanKind;
  /** The component (or client) the span happens at; for a call, `caller -> callee`. */
  readonly name: string;
  /** The component's instance, -1 when not one instance's. */
  readonly instance: number;
  /** Simulated ms. */
  readonly start: number;
  /** Simulated ms; NaN or null while the span is open. */
  readonly end: number | null;
  /** The HTTP status it ended with; 0 while open or when it has none (a backoff). */
  readonly status: number;
  /** Time spent waiting for a worker before the work began, ms; 0 when none. */
  readonly queued: number;
  /** What happened in it, in order: plugin decisions, RateLimit-* values, retries, causes. */
  readonly notes: readonly string[];
}

/** The spans of one sampled request. */
export interface TraceData {
  /** `client#n`: the n-th request the client sent. */
  readonly id: string;
  readonly client: string;
  readonly method: string;
  readonly path: string;
  /** Simulated ms. */
  readonly start: number;
  /** When the client had its answer, simulated ms; NaN or null while waiting. */
  readonly end: number | null;
  /** The answer's status at the client; 0 while waiting. */
  readonly status: number;
  readonly spans: readonly SpanData[];
}

/** Whether a time is known: false for NaN, null and infinities (an open span's end). */
export function isKnownTime(t: number | null): t is number {
  return t !== null && Number.isFinite(t);
}
