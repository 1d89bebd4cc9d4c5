/**
 * Routes of a service's mesh policy as Istio and Consul config give them (VirtualService http
 * routes, service-router routes), collected in order before the scenario is known, and written as
 * the policy's `routes`. One resource's routes for a service are kept whole: a second resource
 * routing the same service is left out with a warning (Istio does not merge two VirtualServices of
 * one host for sidecars; Consul has one service-router per service).
 */
import { warnAt, type Where } from './config-entity';
import type { RawMeshFault, RawMeshMatch, RawMeshPolicy, RawMeshRetries, RawMeshRoute } from './types';

/** One route as an importer reads it; services are meshsim ids (a subset's: `subsetService`). */
export interface ImportedRoute {
  /** Absent: the route takes every call (a catch-all). */
  readonly match?: RawMeshMatch;
  /** Where it sends calls, by weight; absent: to the routed service itself. */
  readonly split?: readonly { readonly service: string; readonly weight: number }[];
  /** A copy of this percentage (0 to 100) of its calls goes to `service`. */
  readonly mirror?: { readonly service: string; readonly percentage: number };
  readonly fault?: RawMeshFault;
  /** A duration such as `10s`; absent: the service policy's. */
  readonly timeout?: string;
  /** Fields left out come from the service policy's retries. */
  readonly retries?: RawMeshRetries;
  /** Where the route is written (the http route's or the router route's entry), for diagnostics. */
  readonly at: Where;
}

interface Routes {
  readonly source: string;
  readonly at: Where;
  readonly routes: ImportedRoute[];
}

/** Settings of a route-less policy that a route takes when the policy has routes. */
const ROUTE_FIELDS = ['split', 'mirror', 'fault'] as const;

/** The routes of every service, by service id, in the order they were added. */
export class RouteTable {
  private readonly byService = new Map<string, Routes>();
  private readonly refused = new Set<string>();

  /** Adds `route` to `service`'s routes; one from another source than the first is left out. */
  add(service: string, route: ImportedRoute, source: string): void {
    const own = this.byService.get(service);
    if (own === undefined) {
      this.byService.set(service, { source, at: route.at, routes: [route] });
      return;
    }
    if (own.source === source) {
      own.routes.push(route);
      return;
    }
    const key = `${service}\u0000${source}`;
    if (this.refused.has(key)) return;
    this.refused.add(key);
    warnAt(
      route.at,
      `the calls into "${service}" are already routed by ${own.source} (line ${own.at.pos.line} of ${own.at.r.file}); the routes of ${source} are left out`,
      "a service takes one resource's routes: merge them into one, in the order they should be tried",
    );
  }

  /** Forgets every route `source` added (a resource applied again replaces its earlier version). */
  drop(source: string): void {
    for (const [service, own] of this.byService) if (own.source === source) this.byService.delete(service);
  }

  /** Whether `service` has routes. */
  has(service: string): boolean {
    return this.byService.has(service);
  }

  /** The services routes send calls or copies to, with where each is named. */
  *targets(): Iterable<[string, Where]> {
    for (const { routes } of this.byService.values())
      for (const r of routes) {
        for (const s of r.split ?? []) yield [s.service, r.at];
        if (r.mirror) yield [r.mirror.service, r.at];
      }
  }

  /** The services with routes, in the order they were first routed. */
  services(): string[] {
    return [...this.byService.keys()];
  }

  /**
   * `policy` with `service`'s routes. A `split`, `mirror` or `fault` the policy has from a route-less
   * setting becomes a last catch-all route, unless a route already takes every call (then it is left
   * out with a warning at `at` of each): with routes, only a route says where a call goes.
   */
  apply(service: string, policy: RawMeshPolicy, at: (field: string) => Where | undefined): RawMeshPolicy {
    const own = this.byService.get(service);
    if (own === undefined) return policy;
    const routes: RawMeshRoute[] = own.routes.map(rawRoute);
    const rest: RawMeshPolicy = { ...policy };
    const tail: RawMeshRoute = {};
    for (const field of ROUTE_FIELDS) {
      if (rest[field] === undefined) continue;
      (tail as Record<string, unknown>)[field] = rest[field];
      delete rest[field];
    }
    if (Object.keys(tail).length > 0) {
      const catchAll = own.routes.find((r) => r.match === undefined);
      if (catchAll === undefined) routes.push(tail);
      else
        for (const field of Object.keys(tail)) {
          const where = at(field);
          if (where !== undefined)
            warnAt(
              where,
              `${field} of "${service}" is left out: its route at line ${catchAll.at.pos.line} of ${catchAll.at.r.file} takes every call the routes before it do not`,
            );
        }
    }
    return { ...rest, routes };
  }
}

/** A route as the file format writes it, fields in the format's order. */
function rawRoute(r: ImportedRoute): RawMeshRoute {
  return {
    ...(r.match !== undefined && { match: r.match }),
    ...(r.timeout !== undefined && { timeout: r.timeout }),
    ...(r.retries !== undefined && { retries: r.retries }),
    ...(r.fault !== undefined && { fault: r.fault }),
    ...(r.split !== undefined && { split: r.split.map((s) => ({ service: s.service, weight: s.weight })) }),
    ...(r.mirror !== undefined && { mirror: { ...r.mirror } }),
  };
}
