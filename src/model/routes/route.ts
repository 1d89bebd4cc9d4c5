import type { ComponentHost } from '../components/component';
import type { NextTry } from '../next-try';

/**
 * How the tries of a call find their way: one interface, implemented once for a caller that picks
 * an instance itself (`DirectRoute`: a gateway route's upstream, plain round robin, the hop between
 * a workload and its sidecar) and once for a sidecar's destination (`MeshRoute`: breaker, pool,
 * retry limits, mTLS). The simulation's one call machinery (`sendCall`, `startTry`, `replyArrived`,
 * the timeouts, `outcome`, `deliver`) asks the try's route at each of these steps and nothing else.
 * A direct try holds nothing on its route and its call always has a caller, so the machinery asks
 * `release` and `callEnded` of a sidecar's try only: two calls fewer per try on the hot path.
 */
export interface TryRoute {
  /**
   * Starts a logical call from job `parent` (-1: the client) into `component` under call policy
   * `policy`, addressed as this route addresses new calls; returns its first try.
   */
  open(parent: number, slot: number, policy: number, request: number, component: number): number;
  /**
   * The try goes now: the route may answer it itself (no route, breaker open, pool full), let it
   * wait (for a place in a pool), or pick an endpoint and put it on the network.
   */
  send(id: number): void;
  /** The try has ended with `status` and `cause` (its reply, its timeout, the deadline): the route learns of it. */
  tryEnded(id: number, status: number, cause: number): void;
  /** The try lets go of what it holds on the route (a place in a pool; its connection, when `reusable`). */
  release(id: number, reusable: boolean): void;
  /** Whether the route's own limits (retries in flight, a budget) let the call try again now. */
  retryAllowed(id: number): boolean;
  /** How long the next try of the call waits before it goes, ms. */
  backoff(id: number): number;
  /** Makes the next try of call `id` after `backoff` ms, addressed as the route retries; returns it. */
  retry(id: number, backoff: number): number;
  /** The logical call is over; true when nobody waits for its answer (a mirrored copy). */
  callEnded(id: number): boolean;
}

/** What a route may do of the simulation's call machinery, beyond what a component may. */
export interface RouteHost extends ComponentHost {
  /** True when no hop has any network latency. */
  readonly zeroLatency: boolean;
  /** The try `sendCall` makes next: one, reused; fill it (`call`, `retryOf`, then by name) and pass it. */
  readonly nextTry: NextTry;
  /** Makes the try `next` describes and returns its id (see `Simulation.sendCall`). */
  sendCall(next: NextTry): number;
  /** Arms the try's per-try timer when its policy has one, as the try reaches its endpoint. */
  armTryTimer(id: number): void;
  /** Sends a try (`EV_CALL_ARRIVE`) or its reply (`EV_REPLY`) over one network hop, `extra` ms later. */
  hop(kind: number, id: number, extra?: number): void;
  /** The try's reply is back (or answered where it is): timers, the route, then the outcome. */
  replyArrived(id: number): void;
  /** No healthy instance: the caller answers 503 itself, without a call on the network. */
  noHealthyInstance(id: number): void;
  /** Lets a try's row go, with its timers and its hold on the request. */
  releaseCall(id: number): void;
  /** 1 when a try from its caller to `component` crosses regions. */
  crosses(parent: number, request: number, dest: number, component: number): number;
}
