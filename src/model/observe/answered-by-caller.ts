/**
 * Which side answered a traced try that was refused at once, read from its call span's cause note:
 * the caller's own sidecar (or the gateway, for its upstreams) refuses a try on an open breaker, a
 * full connection pool, an injected abort, no healthy endpoint or no route, and the try never leaves
 * it; every other quick answer (a rate limit, a full queue, a host that refuses the connection, an
 * auth plugin) comes from the callee the try reached.
 */
import { causeText } from '../causes';
import {
  CAUSE_BREAKER_OPEN,
  CAUSE_FAULT,
  CAUSE_NO_ROUTE,
  CAUSE_NO_UPSTREAM,
  CAUSE_POOL_OVERFLOW,
} from '../constants';
import type { Span } from '../trace';

/** The cause notes a caller writes on a try it answered itself. */
const CALLER_CAUSES: ReadonlySet<string> = new Set(
  [CAUSE_BREAKER_OPEN, CAUSE_POOL_OVERFLOW, CAUSE_FAULT, CAUSE_NO_UPSTREAM, CAUSE_NO_ROUTE].map((cause) =>
    causeText(cause)!,
  ),
);

/** True when call span `span` was answered by its caller itself (its notes carry one of the causes above). */
export function answeredByCaller(span: Pick<Span, 'notes'>): boolean {
  // A try's notes are a handful (a retry mark, a cause): a scan costs less than a lookup structure.
  for (const note of span.notes) if (CALLER_CAUSES.has(note)) return true;
  return false;
}
