/**
 * The kinds of span a trace holds, as the model records them, `meshsim run --trace` writes them and
 * the page's trace views draw them.
 */

/** What a span stands for in a request's life. */
export type SpanKind =
  /** The client's request, from its first sending to its answer (resends included). */
  | 'request'
  /** One try of a call from a caller to a callee, as the caller saw it. */
  | 'call'
  /** A component's work on one call: waiting for a worker, then working (and calling on). */
  | 'work'
  /** A sidecar's part of a call, on the caller's (outbound) or the callee's (inbound) side. */
  | 'sidecar'
  /** A wait between tries. */
  | 'backoff';
