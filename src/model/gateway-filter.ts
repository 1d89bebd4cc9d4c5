import type { RequestTable } from './request-table';

/**
 * One step of the gateway's plugin chain (authentication, rate limiting, caching, ...). The gateway
 * runs its filters in order on each request once its route is known; a filter either passes the
 * request on or answers it itself. Filters are small policies: their state is their own, time is
 * passed in, and the simulation turns their decisions into events.
 */
export interface GatewayFilter {
  /** The plugin name as written in the scenario. */
  readonly name: string;
  /**
   * Decides on one request at simulated time `now`: 0 passes it on, any other value is the status the
   * gateway answers with (401, 403, 429, or 200 for a cache hit).
   * @param request id in `requests`, whose client, kind, key and credential it may read
   * @param route index of the matched route
   */
  decide(now: number, request: number, route: number, requests: RequestTable): number;
}

/** What `decide` returns to pass a request on to the next filter and then upstream. */
export const FILTER_PASS = 0;
