/** Event kinds the model schedules on the kernel. Plain numbers: a tag per event, no closure. */
export const EV_ARRIVAL = 1; // a = client: the next open-loop arrival
export const EV_USER_SEND = 2; // a = client, b = user: a closed-loop user sends
export const EV_CALL_ARRIVE = 3; // a = call: the request reaches the callee's instance
export const EV_WORK_DONE = 4; // a = call: service time (or gateway overhead) is over
export const EV_REPLY = 5; // a = call: the reply reaches the caller
export const EV_PER_TRY_TIMEOUT = 6; // a = call: the caller stops waiting for this try
export const EV_DEADLINE = 7; // a = call: the deadline over all tries has passed
export const EV_FAULT_START = 8; // a = fault
export const EV_FAULT_END = 9; // a = fault
export const EV_RATE_STEP = 10; // a = client, b = step index
export const EV_WARMUP_END = 11;
export const EV_GATEWAY_RESUME = 12; // a = call: a gateway filter's own call (an authorizer) answered
export const EV_CLIENT_RESEND = 13; // a = request: a client sends it again after Retry-After
export const EV_HEALTH_PROBE = 14; // a = upstream: active health checks probe the targets that are out
export const EV_FILTER_TIMER = 15; // a = timer filter, b = gateway instance: a filter's own timer is due
export const EV_BACKGROUND_DONE = 16; // a = component, b = backgroundPayload (event-payloads.ts): background work done
export const EV_TRY_START = 17; // a = call: a retry's backoff is over, the try goes
export const EV_DISCOVERY = 18; // a = component, b = discoveryPayload (event-payloads.ts): the registry learns of a change
export const EV_OUTLIER_TICK = 19; // a = mesh destination: outlier detection's interval timer

/** Why a call failed, beyond its status: retry conditions look at this. */
export const CAUSE_NONE = 0;
/** The application answered an error (500, or a downstream failure passed on). */
export const CAUSE_APP = 1;
/** The instance's queue was full: 503 at once. */
export const CAUSE_OVERFLOW = 2;
/** The instance was down: the connection was refused, 503 at once. */
export const CAUSE_CONNECT = 3;
/** The instance crashed while holding the request: the connection was reset, 503. */
export const CAUSE_RESET = 4;
/** One try took longer than its per-try timeout: 504. */
export const CAUSE_PER_TRY_TIMEOUT = 5;
/** The deadline over all tries passed: 504 (or the client's own 499); never retried. */
export const CAUSE_DEADLINE = 6;
/** The gateway answered itself (no route, a plugin's decision). */
export const CAUSE_GATEWAY = 7;
/** No instance of the destination was healthy: 503 without a call. */
export const CAUSE_NO_UPSTREAM = 8;
/** The sidecar's connection pool was full (Envoy's circuit breaker): 503 at once, never retried. */
export const CAUSE_POOL_OVERFLOW = 9;
/** The caller's circuit breaker was open: 503 at once, never retried. */
export const CAUSE_BREAKER_OPEN = 10;
/** An injected fault answered instead of the destination. */
export const CAUSE_FAULT = 11;
/** An authorization policy refused the caller: 403 from the callee's sidecar. */
export const CAUSE_DENIED = 12;
/** No route of the service called matched the request: 404 from the caller's sidecar (Envoy's NR). */
export const CAUSE_NO_ROUTE = 13;
/** The callee's sidecar refused the request's end-user token (invalid, or of an issuer it does not accept): 401. */
export const CAUSE_UNAUTHENTICATED = 14;

/** Where a call is in its life. */
export const PHASE_FREE = 0;
export const PHASE_TRAVELLING = 1; // on the network towards the callee
export const PHASE_QUEUED = 2;
export const PHASE_WORKING = 3; // holding a worker for its service time or overhead
export const PHASE_CALLING = 4; // waiting on its own downstream calls
export const PHASE_REPLYING = 5; // reply on the network back to the caller
export const PHASE_POOL_PENDING = 6; // waiting for a connection of its sidecar's pool
export const PHASE_BACKOFF = 7; // a retry waiting out its backoff
