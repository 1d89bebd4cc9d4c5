/**
 * The edge of an Istio app: the ingress gateway that Istio `Gateway` resources (or Gateway API
 * `Gateway`s) configure, with the routes of the VirtualServices bound to it (or of the HTTPRoutes
 * whose parentRefs name it). It becomes the scenario's gateway: a generic gateway (Envoy's route
 * defaults: no timeout, no retries of its own) that joins the mesh with the ingress gateway's
 * identity, so that AuthorizationPolicy principals can name it.
 *
 * meshsim's scenario has one gateway: the routes of every Gateway whose selector picks one
 * ingress deployment go to it, as Istio merges the VirtualServices bound to one gateway; routes
 * bound to another deployment are left out with a warning.
 */
import { warnAt, type Where } from './config-entity';
import { warnOrder } from './istio-edge-order';
import { accountKey } from './k8s-inventory';

/** A gateway route in the file format (docs/scenario-format.md, Routes). */
export interface EdgeRoute {
  readonly id: string;
  readonly match?: {
    readonly path?: string;
    readonly prefix?: string;
    readonly methods?: string[];
    readonly headers?: Record<string, string>;
  };
  readonly service: string;
  readonly split?: { readonly service: string; readonly weight: number }[];
  readonly timeout?: string;
  readonly retries?: { attempts: number; retryOn?: string[]; perTryTimeout?: string };
}

/** One ingress deployment that Gateway resources configure. */
export interface GatewayTarget {
  /** The meshsim gateway id: the ingress deployment's name (`istio-ingressgateway`). */
  readonly id: string;
  /** Its pods' service account, `namespace/name`: what principals name it by. */
  readonly account: string;
  /** `Gateway bookinfo-gateway`. */
  readonly source: string;
  readonly at: Where;
}

/** Routes read from one VirtualService or HTTPRoute, bound to Gateway resources by name. */
export interface BoundRoutes {
  /** Gateway resource names (`bookinfo-gateway`, `istio-system/main`), as written. */
  readonly gateways: readonly string[];
  readonly routes: readonly EdgeRoute[];
  /** The route resource's namespace, where a gateway name without one is looked up. */
  readonly namespace: string;
  /** Whether the routes are tried in order, the first match taking a request (a VirtualService's). */
  readonly firstMatch: boolean;
  /** Where each route is written, when known. */
  readonly routeAt?: readonly Where[];
  readonly source: string;
  readonly at: Where;
}

/** The scenario's gateway as the config gives it. */
export interface ImportedEdge {
  readonly id: string;
  readonly routes: EdgeRoute[];
  /** Service accounts of the gateway's pods, `namespace/name`. */
  readonly accounts: ReadonlySet<string>;
  readonly source: string;
  readonly at: Where;
}

/**
 * Istio's default ingress gateway: the `istio-ingressgateway` deployment in `istio-system`, whose
 * pods run as `istio-ingressgateway-service-account` (istioctl's default profile).
 */
export const DEFAULT_INGRESS: Omit<GatewayTarget, 'source' | 'at'> = {
  id: 'istio-ingressgateway',
  account: accountKey('istio-system', 'istio-ingressgateway-service-account'),
};

/** What the readers of Gateway resources and bound routes collect. */
export class EdgeCollector {
  /** Gateway resources by `namespace/name`. */
  readonly gateways = new Map<string, GatewayTarget>();
  readonly bound: BoundRoutes[] = [];

  /**
   * The gateway of the bound routes: the first ingress deployment named, with every route bound
   * to it in the order the resources were applied; undefined without bound routes.
   */
  edge(): ImportedEdge | undefined {
    let chosen: GatewayTarget | undefined;
    const routes: EdgeRoute[] = [];
    const ids = new Set<string>();
    // Istio's first-match order, of the routes of VirtualServices; an HTTPRoute's rank themselves.
    const ordered: { route: EdgeRoute; at: Where }[] = [];
    for (const b of this.bound) {
      const targets = b.gateways.map((g) => this.target(g, b));
      const mine = chosen === undefined ? targets[0] : targets.find((t) => t.id === chosen?.id);
      if (mine === undefined) {
        warnAt(
          b.at,
          `${b.source} routes at the gateway ${targets.map((t) => t.id).join(', ')}; the scenario has one gateway, ${chosen?.id}, so these routes are left out`,
        );
        continue;
      }
      chosen ??= mine;
      for (const [k, route] of b.routes.entries()) {
        let id = route.id;
        for (let n = 2; ids.has(id); n++) id = `${route.id}-${n}`;
        ids.add(id);
        routes.push({ ...route, id });
        if (b.firstMatch) ordered.push({ route: { ...route, id }, at: b.routeAt?.[k] ?? b.at });
      }
    }
    if (chosen === undefined) return undefined;
    warnOrder(
      ordered.map((x) => x.route),
      ordered.map((x) => x.at),
    );
    return {
      id: chosen.id,
      routes,
      accounts: new Set([chosen.account]),
      source: chosen.source,
      at: chosen.at,
    };
  }

  /** The deployment a gateway name written in `b` stands for; a name no Gateway declares is the default ingress. */
  private target(name: string, b: BoundRoutes): GatewayTarget {
    const key = name.includes('/') ? name : `${b.namespace}/${name}`;
    // meshsim has one namespace: a name alone may find a Gateway of another.
    const found = this.gateways.get(key) ?? [...this.gateways].find(([k]) => k.endsWith(`/${name}`))?.[1];
    if (found !== undefined) return found;
    warnAt(
      b.at,
      `no Gateway named "${name}" in the bundle: its routes are read as bound to Istio's default ingress gateway, ${DEFAULT_INGRESS.id}`,
    );
    const fallback = { ...DEFAULT_INGRESS, source: `Gateway ${name}`, at: b.at };
    this.gateways.set(key, fallback);
    return fallback;
  }
}

/**
 * `scenario` with the imported edge as its gateway. A gateway the scenario already has (the
 * scenario document's, or Kong's: `owner` says which) wins: its routes stay, and the imported ones
 * are left out with a warning; a gateway without routes takes the imported routes.
 */
export function withEdge<S extends { gateway?: unknown }>(
  scenario: S,
  edge: ImportedEdge | undefined,
  owner: string,
): S {
  if (edge === undefined) return scenario;
  const mine = scenario.gateway;
  if (typeof mine !== 'object' || mine === null || Array.isArray(mine))
    return { ...scenario, gateway: { id: edge.id, routes: edge.routes } };
  const gw = mine as Record<string, unknown>;
  if (Array.isArray(gw.routes) && gw.routes.length > 0) {
    warnAt(
      edge.at,
      `the ${owner}'s gateway ${String(gw.id ?? 'gateway')} has routes of its own and wins: the ${edge.routes.length} routes bound to ${edge.source} are left out`,
    );
    return scenario;
  }
  return { ...scenario, gateway: { ...gw, routes: edge.routes } };
}

/** A path a request must have to take `route`: its exact path, its prefix, or `/`. */
export function pathOf(route: EdgeRoute | undefined): string {
  const p = route?.match?.path ?? route?.match?.prefix ?? '/';
  return p.startsWith('/') ? p : `/${p}`;
}
