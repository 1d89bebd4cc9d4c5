import type { MeshFault, MeshRoute } from '../../scenario/types';
import { CallPolicy } from '../call-policy';
import type { RequestShape } from '../routing';
import { CompiledRouteMatch, firstRoute } from './route-match';
import { WeightedChoice } from './weighted-choice';

/** What a caller's sidecar does with the calls one route takes, resolved to indices. */
export interface RouteRuntime {
  /** The call policy of its calls: its timeout and retries. */
  readonly policy: number;
  readonly fault: MeshFault | undefined;
  /** Weighted destinations; undefined: `target` alone. */
  readonly split: { readonly choice: WeightedChoice; readonly targets: Int32Array } | undefined;
  /** The routed service's component, where calls go without a split. */
  readonly target: number;
  readonly mirror: { readonly component: number; readonly share: number } | undefined;
}

/** Not yet decided, in the decision table. */
const UNDECIDED = -2;

/**
 * The routes of calls into one service (an Envoy route configuration's virtual host): the first
 * route whose match holds takes a call, none matching answers 404. A call's match depends only on
 * the client request it serves (its mix entry's method and path, the client's headers with the
 * entry's on top), so each request kind's route is decided once, on first use, and read from a
 * table after that: the hot path allocates nothing.
 */
export class ServiceRoutes {
  readonly routes: readonly RouteRuntime[];
  private readonly compiled: readonly (CompiledRouteMatch | undefined)[];
  /** The route of each request kind; -1: none; UNDECIDED until first asked. */
  private readonly decided: Int32Array;

  constructor(
    private readonly spec: readonly MeshRoute[],
    /** The routed service's component. */
    target: number,
    /** Every request kind of the run, by kind index. */
    private readonly kinds: readonly RequestShape[],
    component: (id: string) => number,
    addPolicy: (policy: CallPolicy) => number,
  ) {
    this.compiled = spec.map((r) => (r.match === undefined ? undefined : new CompiledRouteMatch(r.match)));
    this.routes = spec.map((r) => ({
      policy: addPolicy(
        new CallPolicy({
          attempts: r.retries.attempts,
          retryOn: r.retries.retryOn,
          perTryTimeout: r.retries.perTryTimeout,
          timeout: r.timeout,
        }),
      ),
      fault: r.fault,
      split:
        r.split && r.split.length > 0
          ? {
              choice: new WeightedChoice(r.split.map((s) => s.weight)),
              targets: Int32Array.from(r.split, (s) => component(s.service)),
            }
          : undefined,
      target,
      mirror: r.mirror && { component: component(r.mirror.service), share: r.mirror.percentage / 100 },
    }));
    this.decided = new Int32Array(kinds.length).fill(UNDECIDED);
  }

  /** The index of the route that takes calls serving request kind `kind`; -1 for none (404). */
  routeOf(kind: number): number {
    let route = this.decided[kind];
    if (route === UNDECIDED) {
      route = firstRoute(this.spec, this.compiled, this.kinds[kind]);
      this.decided[kind] = route;
    }
    return route;
  }
}
