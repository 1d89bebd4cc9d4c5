import type { RouteSpec } from '../scenario/types';

/** What a gateway route is matched against. */
export interface RequestShape {
  readonly method: string;
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The route a request takes, or -1 when none matches (the gateway answers 404).
 *
 * A route matches when every field it sets matches (methods, headers, path). Among matching routes an
 * exact path beats any prefix, a longer prefix beats a shorter one, and file order breaks ties: the
 * rule most gateways share (Kong's longest prefix; exact before prefix in Envoy and NGINX).
 */
export function matchRoute(routes: readonly RouteSpec[], request: RequestShape): number {
  let best = -1;
  let bestScore = -1;
  for (let i = 0; i < routes.length; i++) {
    const score = matchScore(routes[i], request);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/** -1 for no match; otherwise higher is more specific. */
function matchScore(route: RouteSpec, request: RequestShape): number {
  const { match } = route;
  if (match.methods && match.methods.length > 0 && !match.methods.includes(request.method)) return -1;
  if (match.headers) {
    for (const [name, value] of Object.entries(match.headers)) {
      if (request.headers[name] !== value) return -1;
    }
  }
  if (match.path !== undefined) return match.path === request.path ? Number.MAX_SAFE_INTEGER : -1;
  if (match.prefix !== undefined) return pathHasPrefix(request.path, match.prefix) ? match.prefix.length : -1;
  return 0;
}

/** A plain string prefix, as Kong and Envoy match it: `/api` also matches `/apiv2`. */
export function pathHasPrefix(path: string, prefix: string): boolean {
  return path.startsWith(prefix);
}
