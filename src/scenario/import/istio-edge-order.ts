/**
 * Where a gateway's routes, taken in Istio's order, would be taken otherwise by meshsim's gateway.
 * Istio's ingress gateway tries a VirtualService's routes in order and the first that matches takes
 * the request; meshsim's gateway ranks routes by specificity (docs/scenario-format.md, Routes): the
 * more methods and headers a route sets, then an exact path over a prefix, then the longer prefix,
 * then file order. A request two routes match goes to the same route both ways unless a later route
 * ranks higher: each such pair is a warning.
 */
import { warnAt, type Where } from './config-entity';
import type { EdgeRoute } from './istio-edge';

/** Warns, at the later route of each pair, where meshsim's precedence differs from Istio's order. */
export function warnOrder(routes: readonly EdgeRoute[], at: readonly Where[]): void {
  routes.forEach((later, j) => {
    const first = routes
      .slice(0, j)
      .find((earlier) => rank(later) > rank(earlier) && overlap(earlier, later));
    if (first !== undefined)
      warnAt(
        at[j],
        `a request both ${first.id} and ${later.id} match goes to ${first.id} in Istio (the first in order) and to ${later.id} in meshsim, whose gateway takes the more specific route`,
        'put the more specific route first in the VirtualService, as meshsim ranks them',
      );
  });
}

/** meshsim's gateway precedence: conditions first, then an exact path, then the prefix length. */
function rank(r: EdgeRoute): number {
  const m = r.match ?? {};
  const conditions = (m.methods !== undefined ? 1 : 0) + Object.keys(m.headers ?? {}).length;
  const path = m.path !== undefined ? 1e6 : (m.prefix?.length ?? -1) + 1;
  return conditions * 1e7 + path;
}

/** Whether some request could match both routes. */
function overlap(a: EdgeRoute, b: EdgeRoute): boolean {
  const x = a.match ?? {};
  const y = b.match ?? {};
  if (x.methods !== undefined && y.methods !== undefined && !x.methods.some((m) => y.methods?.includes(m)))
    return false;
  for (const [name, value] of Object.entries(x.headers ?? {}))
    if (y.headers !== undefined && Object.hasOwn(y.headers, name) && y.headers[name] !== value) return false;
  return pathsOverlap(x, y);
}

function pathsOverlap(x: NonNullable<EdgeRoute['match']>, y: NonNullable<EdgeRoute['match']>): boolean {
  if (x.path !== undefined && y.path !== undefined) return x.path === y.path;
  if (x.path !== undefined) return y.prefix === undefined || x.path.startsWith(y.prefix);
  if (y.path !== undefined) return x.prefix === undefined || y.path.startsWith(x.prefix);
  if (x.prefix === undefined || y.prefix === undefined) return true;
  return x.prefix.startsWith(y.prefix) || y.prefix.startsWith(x.prefix);
}
