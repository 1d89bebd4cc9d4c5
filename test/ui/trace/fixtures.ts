/**
 * Hand-built traces for the waterfall's tests. Times are chosen exact in binary (halves, quarters)
 * so that offsets compare with `toEqual`.
 */
import type { SpanData, SpanKind, TraceData } from '../../../src/ui/trace/trace-data';

/** A span; `end` null while open. */
export function span(
  id: number,
  parent: number,
  kind: SpanKind,
  name: string,
  instance: number,
  start: number,
  end: number | null,
  status: number,
  more: { queued?: number; notes?: string[] } = {},
): SpanData {
  return {
    id,
    parent,
    kind,
    name,
    instance,
    start,
    end,
    status,
    queued: more.queued ?? 0,
    notes: more.notes ?? [],
  };
}

/**
 * `web#7`, sent at 1000 ms, with the mesh on. The gateway answers the first sending 429; the client
 * honours Retry-After and sends again at 1110. The gateway's first try to `orders` times out at 1200
 * (its sidecar and work go on until 1250, abandoned); the retry waits 12.5 ms of backoff, then
 * succeeds. The answer comes at 1300.
 */
export const retriedTrace: TraceData = {
  id: 'web#7',
  client: 'web',
  method: 'GET',
  path: '/api/orders',
  start: 1000,
  end: 1300,
  status: 200,
  spans: [
    span(0, -1, 'request', 'web', -1, 1000, 1300, 200, {
      notes: ['429: the client honours Retry-After and resends in 0.1 s'],
    }),
    span(1, 0, 'call', 'web -> edge', 0, 1000, 1010, 429),
    span(2, 1, 'work', 'edge', 0, 1001, 1009, 429, {
      queued: 0.5,
      notes: [
        'route orders',
        'key-auth: authenticated',
        'rate-limiting: 429, RateLimit-Limit: 10, RateLimit-Remaining: 0, RateLimit-Reset: 1, Retry-After: 0.1',
        'answered by the gateway',
      ],
    }),
    span(3, 0, 'call', 'web -> edge', 1, 1110, 1300, 200),
    span(4, 3, 'work', 'edge', 1, 1111, 1299, 200, {
      notes: [
        'route orders',
        'key-auth: authenticated',
        'rate-limiting: RateLimit-Limit: 10, RateLimit-Remaining: 9, RateLimit-Reset: 1',
        'proxy-cache: Miss',
      ],
    }),
    span(5, 4, 'call', 'edge -> orders sidecar', 0, 1112, 1200, 504, { notes: ['per-try timeout'] }),
    span(6, 5, 'sidecar', 'orders sidecar', 0, 1113, 1250, 200),
    span(7, 6, 'call', 'orders sidecar -> orders', 0, 1113.5, 1250, 200),
    span(8, 7, 'work', 'orders', 0, 1113.5, 1249.5, 200, { queued: 20 }),
    span(9, 4, 'call', 'edge -> orders sidecar', 1, 1200, 1299, 200, { notes: ['retry 1'] }),
    span(10, 9, 'backoff', 'edge backoff', -1, 1200, 1212.5, 0, { notes: ['backoff 12.500 ms'] }),
    span(11, 9, 'sidecar', 'orders sidecar', 1, 1213, 1298, 200),
    span(12, 11, 'call', 'orders sidecar -> orders', 1, 1213.5, 1297.5, 200),
    span(13, 12, 'work', 'orders', 1, 1213.5, 1297, 200),
  ],
};

/**
 * `web#9`, sent at 2000 ms and still waiting when the trace was taken, in the form `meshsim run
 * --trace` writes (`end: null`). `orders` has waited 3 ms for a worker and has had its answer from
 * `db` at 2010, the latest time the trace knows of.
 */
export const openTrace: TraceData = {
  id: 'web#9',
  client: 'web',
  method: 'POST',
  path: '/api/orders',
  start: 2000,
  end: null,
  status: 0,
  spans: [
    span(0, -1, 'request', 'web', -1, 2000, null, 0),
    span(1, 0, 'call', 'web -> edge', 0, 2000, null, 0),
    span(2, 1, 'work', 'edge', 0, 2000.5, null, 0, { notes: ['route orders'] }),
    span(3, 2, 'call', 'edge -> orders', 1, 2001, null, 0),
    span(4, 3, 'work', 'orders', 1, 2001.5, null, 0, { queued: 3 }),
    span(5, 4, 'call', 'orders -> db', 0, 2005, 2010, 200),
    span(6, 5, 'work', 'db', 0, 2005.25, 2009.75, 200),
  ],
};

/** A trace of `spans` sent at 0 and answered 200 at `end`. */
export function traceOf(spans: SpanData[], end: number | null = 100): TraceData {
  return {
    id: 'c#1',
    client: 'c',
    method: 'GET',
    path: '/',
    start: 0,
    end,
    status: end === null ? 0 : 200,
    spans,
  };
}
