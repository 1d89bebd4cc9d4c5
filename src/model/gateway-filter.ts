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
   * Processing time, ms, the plugin adds to the gateway's work on a request of client `client`'s
   * mix entry `mix` (fixed per kind of request, so it is tabulated when the run is built).
   */
  cost(client: number, mix: number): number;
  /**
   * Decides on one request at simulated time `now` at gateway instance `instance`: 0 passes it on,
   * any other value is the status the gateway answers with (401, 403, 429, ...).
   * @param request id in `requests`, whose client, kind, key and credential it may read
   */
  decide(now: number, instance: number, request: number, requests: RequestTable, step: FilterStep): number;
  /**
   * Sees the upstream's answer to a request this filter passed on (a cache stores it). Filters that
   * only act on requests leave it out.
   */
  onResponse?(now: number, instance: number, request: number, requests: RequestTable, status: number): void;
  /** Drops what the filter keeps (a cache's entries) at `now`: a `flush` fault. */
  flush?(now: number): void;
  /** Counters the report shows for this plugin (a cache's hits and misses); absent for none. */
  counters?(): Record<string, number>;
  /**
   * A limiter's latest answer: how many requests its counter still allows, of how many (the
   * RateLimit-Remaining and -Limit of the last request it decided); undefined before the first.
   */
  gauge?(): { readonly remaining: number; readonly limit: number } | undefined;
  /**
   * For a traced request only, called right after `decide` on it: what the plugin did, as the trace
   * shows it (`RateLimit-Remaining: 3`, `Hit`, the transformations run). Absent: the answer alone.
   */
  explain?(answer: number, request: number, requests: RequestTable): string;
  /**
   * Sees a request's answer leave the gateway instance, whoever gave it (a logger queues its entry).
   * `request` and `requests` say whose answer it is (a plugin scoped to one consumer needs them).
   */
  onComplete?(
    now: number,
    instance: number,
    effects: GatewayEffects,
    request?: number,
    requests?: RequestTable,
  ): void;
  /** A timer this filter set through `effects.timer` is due. */
  onTimer?(now: number, instance: number, effects: GatewayEffects): void;
}

/** What a filter may ask of the gateway outside a request's path. */
export interface GatewayEffects {
  /** Occupies one of the instance's workers for `ms` of background work (a log batch being sent). */
  background(instance: number, ms: number): void;
  /** Calls `filter.onTimer` for `instance` at simulated time `at`. */
  timer(filter: GatewayFilter, instance: number, at: number): void;
}

/**
 * What a filter may add to the request's path besides its answer: time spent waiting on a call of
 * its own, such as an external authorizer, during which the gateway's worker is free.
 */
export interface FilterStep {
  /** Milliseconds to wait before the answer applies; filters add to it. */
  delay: number;
  /** Seconds a rejected client should wait before trying again (Retry-After); 0 for none. */
  retryAfter: number;
}

/** What `decide` returns to pass a request on to the next filter and then upstream. */
export const FILTER_PASS = 0;
