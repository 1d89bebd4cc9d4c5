/**
 * What the trace waterfall shows, computed from a trace without the DOM: one row per span in tree
 * order with its label, bar, outcome and notes, which spans are on the critical path, and the
 * header's facts. Times in rows are ms after the trace's start.
 */
import { criticalSpans } from './critical-path';
import { outcomeOf, statusText, type Outcome } from './outcome';
import { spanTree } from './span-tree';
import { isKnownTime, type SpanData, type SpanKind, type TraceData } from './trace-data';
import { formatSpanDuration } from './waterfall-scale';

/** One span as a row of the waterfall. */
export interface WaterfallRow {
  /** The span's id (its index in the trace's spans). */
  readonly id: number;
  /** The enclosing span's id; -1 for a root. */
  readonly parent: number;
  /** 0 for the request span, one more per level of nesting. */
  readonly depth: number;
  /** `edge -> catalog`, `catalog #1`, `catalog sidecar #0`, `backoff 12.3 ms`, `web: GET /`. */
  readonly label: string;
  readonly kind: SpanKind;
  /** ms after the trace's start. */
  readonly start: number;
  /** ms after the trace's start; for an open span, the latest time the trace knows of. */
  readonly end: number;
  /** End of the wait for a worker, ms after the trace's start: the bar waits from `start` to
   * here and works from here to `end`. Equal to `start` when the span did not wait. */
  readonly queuedEnd: number;
  /** HTTP status; 0 while open or for a span without one (a backoff). */
  readonly status: number;
  /** The status's class; null while open or without a status. */
  readonly outcome: Outcome | null;
  /** `200`, `429 throttled`, `open`, or empty without a status. */
  readonly statusText: string;
  readonly notes: readonly string[];
  /** Still running when the trace was taken: `end` is then not the span's end. */
  readonly open: boolean;
  /** Ends after its parent: a try its caller gave up on, which the callee finished anyway. */
  readonly outlivesParent: boolean;
  /** On the chain of spans that determined when the request ended. */
  readonly critical: boolean;
  /** How many rows sit directly under this one. */
  readonly children: number;
}

/**
 * The spans of `trace` as rows, depth first, siblings by start time. Open spans run to `asOf`
 * (simulated ms, when the trace was taken) or, when that is earlier or not given, to the latest
 * time the trace knows of.
 */
export function waterfallRows(trace: TraceData, asOf = -Infinity): WaterfallRow[] {
  const spans = trace.spans;
  const tree = spanTree(spans);
  const horizon = latestTime(trace, asOf);
  const endOf = (s: SpanData) => (isKnownTime(s.end) ? s.end : horizon);
  const root = tree.roots.find((r) => spans[r].kind === 'request') ?? tree.roots[0] ?? -1;
  const critical = criticalSpans(spans, tree.children, root, endOf);
  const isRoot = new Set(tree.roots);
  return tree.order.map((id) => {
    const span = spans[id];
    const end = endOf(span);
    const queued = Number.isFinite(span.queued) && span.queued > 0 ? span.queued : 0;
    const open = !isKnownTime(span.end);
    const parent = isRoot.has(id) ? -1 : span.parent;
    return {
      id,
      parent,
      depth: tree.depth[id],
      label: spanLabel(span, trace),
      kind: span.kind,
      start: span.start - trace.start,
      end: end - trace.start,
      queuedEnd: Math.min(span.start + queued, end) - trace.start,
      status: open ? 0 : span.status,
      outcome: open ? null : outcomeOf(span.status),
      statusText: statusText(span.status, open),
      notes: [...span.notes],
      open,
      outlivesParent: parent >= 0 && end > endOf(spans[parent]),
      critical: critical[id],
      children: tree.children[id].length,
    };
  });
}

/** A span's row label: a call as `caller -> callee`, work at an instance as `name #i`. */
export function spanLabel(span: SpanData, trace: TraceData): string {
  switch (span.kind) {
    case 'request':
      return `${span.name}: ${trace.method} ${trace.path}`;
    case 'call':
      return span.name;
    case 'backoff':
      return isKnownTime(span.end) ? `backoff ${formatSpanDuration(span.end - span.start)}` : 'backoff';
    default:
      return span.instance >= 0 ? `${span.name} #${span.instance}` : span.name;
  }
}

/** The latest time a trace knows of, ms: its end, the latest start or end of a span, or `asOf`. */
function latestTime(trace: TraceData, asOf: number): number {
  let latest = Number.isFinite(asOf) ? Math.max(trace.start, asOf) : trace.start;
  if (isKnownTime(trace.end)) latest = Math.max(latest, trace.end);
  for (const s of trace.spans) {
    if (Number.isFinite(s.start)) latest = Math.max(latest, s.start);
    if (isKnownTime(s.end)) latest = Math.max(latest, s.end);
  }
  return latest;
}

/** The facts of the waterfall's header. */
export interface WaterfallHeader {
  readonly id: string;
  readonly client: string;
  readonly method: string;
  readonly path: string;
  /** The answer's status at the client; 0 while waiting. */
  readonly status: number;
  readonly outcome: Outcome | null;
  /** `200`, `504 timed out`, `open`. */
  readonly statusText: string;
  /** The client is still waiting. */
  readonly open: boolean;
  /** From sending to the answer, ms; while open, up to the latest time the trace knows of. */
  readonly totalMs: number;
  /** When the client had its answer, ms after the start; NaN while open. */
  readonly answeredAt: number;
  readonly spans: number;
  /** Spans still running: the request's, or work its callers gave up on. */
  readonly openSpans: number;
  /** Tries after the first, over every call (their spans note `retry N`). */
  readonly retries: number;
}

/** The header of the waterfall of `trace`, taken at `asOf` (as for `waterfallRows`). */
export function waterfallHeader(trace: TraceData, asOf = -Infinity): WaterfallHeader {
  const open = !isKnownTime(trace.end);
  const answeredAt = open ? NaN : trace.end! - trace.start;
  return {
    id: trace.id,
    client: trace.client,
    method: trace.method,
    path: trace.path,
    status: open ? 0 : trace.status,
    outcome: open ? null : outcomeOf(trace.status),
    statusText: statusText(trace.status, open),
    open,
    totalMs: open ? latestTime(trace, asOf) - trace.start : answeredAt,
    answeredAt,
    spans: trace.spans.length,
    openSpans: trace.spans.filter((s) => !isKnownTime(s.end)).length,
    retries: trace.spans.filter((s) => s.kind === 'call' && s.notes.some((n) => /^retry \d+$/.test(n)))
      .length,
  };
}

/** Notes at most this many in all are shown unfolded when a waterfall opens. */
export const NOTES_UNFOLDED_UP_TO = 8;

/** Whether the rows' notes start unfolded: when there are few enough to read at a glance. */
export function notesUnfoldedAtFirst(rows: readonly WaterfallRow[]): boolean {
  let count = 0;
  for (const row of rows) count += row.notes.length;
  return count <= NOTES_UNFOLDED_UP_TO;
}

/** A note split into the plugin or policy that wrote it, if it names one, and what it said. */
export interface NoteParts {
  /** `rate-limiting` in `rate-limiting: RateLimit-Limit: 10, ...`; null when none is named. */
  readonly source: string | null;
  readonly text: string;
}

/** Splits `key-auth: authenticated` into its source and text; `retry 1` has no source. */
export function noteParts(note: string): NoteParts {
  const match = /^([A-Za-z][\w.-]*): ([\s\S]+)$/.exec(note);
  return match ? { source: match[1], text: match[2] } : { source: null, text: note };
}

/**
 * A row's bar in words, for screen readers and the tooltip: `0.1 ms to 12.7 ms, waited 1.2 ms
 * for a worker`, then `still open` or `outlived its caller` when so.
 */
export function barText(row: WaterfallRow): string {
  const parts = [`${formatSpanDuration(row.start)} to ${formatSpanDuration(row.end)}`];
  if (row.queuedEnd > row.start)
    parts.push(`waited ${formatSpanDuration(row.queuedEnd - row.start)} for a worker`);
  if (row.open) parts.push('still open');
  if (row.outlivesParent) parts.push('outlived its caller');
  return parts.join(', ');
}

/** Where a row's bar sits, in percent: of the axis for `left` and `width`, of the bar for `queued`. */
export interface BarPlacement {
  readonly left: number;
  readonly width: number;
  /** The share of the bar spent waiting for a worker, drawn hatched. */
  readonly queued: number;
}

/** The placement of `row`'s bar on an axis `extent` ms long (a `WaterfallScale`'s extent). */
export function barPlacement(row: WaterfallRow, extent: number): BarPlacement {
  const percent = (ms: number) => Math.min(100, Math.max(0, (ms / extent) * 100));
  const left = percent(row.start);
  const length = row.end - row.start;
  return {
    left,
    width: Math.min(100 - left, percent(length)),
    queued: length > 0 ? Math.min(100, ((row.queuedEnd - row.start) / length) * 100) : 0,
  };
}
