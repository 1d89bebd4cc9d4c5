/**
 * How large a share of requests a playback traces: enough for the diagram's dots, few enough that
 * tracing does not cost the run more than the dots are worth. A traced request records a span for
 * every try, wait and sidecar pass on its way, so what tracing costs grows with the tries a request
 * makes, not with the requests: a hundred-service request makes about 16 tries, and tracing each of
 * its requests tripled its recorded run.
 */
import { triesPerRequest } from '../model/observe';
import type { Scenario } from '../scenario/types';

/**
 * Requests traced per simulated second, over all clients, at most: half of what the diagram draws on
 * one edge (`MAX_DOTS_PER_EDGE_SECOND` of its dot scene), so an edge whose tries retries or fan-out
 * double still shows each traced one, and a retry storm's inner edges are seen denser than its outer ones.
 */
export const DOTS_PER_SECOND = 40;
/**
 * Tries of traced requests per simulated second, at most, over every edge: what the default scenario
 * traces (40 requests of about 3 tries each). A request that fans out over many services is traced
 * less often, its dots spread over as many edges.
 */
export const TRACED_TRIES_PER_SECOND = 120;
/**
 * Requests traced per variant over a whole run, at most: a long run traces a smaller share, so that
 * the dots and traces a recorded run keeps stay bounded (ten minutes at `DOTS_PER_SECOND`).
 */
export const MAX_TRACED_PER_RUN = 24_000;

/** The request rate the clients offer at the start, per second (closed clients count their users). */
export function offeredRate(s: Scenario): number {
  return s.clients.reduce(
    (sum, c) => sum + (c.arrival.process === 'closed' ? c.arrival.users : c.arrival.rate),
    0,
  );
}

/** The share of requests (0 to 1) a playback of `scenario` over `durationMs` traces. */
export function traceShare(scenario: Scenario, durationMs: number): number {
  const rate = Math.max(offeredRate(scenario), 1e-9);
  const seconds = Math.max(durationMs, 1) / 1000;
  return Math.min(
    1,
    DOTS_PER_SECOND / rate,
    TRACED_TRIES_PER_SECOND / (rate * triesPerRequest(scenario)),
    MAX_TRACED_PER_RUN / (rate * seconds),
  );
}
