import { ownValue } from '../scenario/own';
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
 * A route matches when every field it sets matches (methods, headers, path). Among matching routes
 * one that sets more of methods and headers wins (Kong's router orders routes by how many fields they
 * match on before their paths, docs/behaviour.md#kong-routing; AWS prefers a method over ANY); then
 * an exact path beats any prefix and a longer prefix a shorter one; file order breaks ties.
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
      if (ownValue(request.headers, name) !== value) return -1;
    }
  }
  // The fields set rank first; the path's specificity (exact, then prefix length) within them.
  const fields =
    (match.methods && match.methods.length > 0 ? 1 : 0) +
    (match.headers && Object.keys(match.headers).length > 0 ? 1 : 0);
  let path = 0;
  if (match.path !== undefined) {
    if (match.path !== request.path) return -1;
    path = EXACT_PATH;
  } else if (match.prefix !== undefined) {
    if (!pathHasPrefix(request.path, match.prefix)) return -1;
    path = match.prefix.length;
  }
  return fields * FIELD_WEIGHT + path;
}

/** Above any prefix length: an exact path beats every prefix. */
const EXACT_PATH = 2 ** 30;
/** Above any path score: one more field set beats any path. */
const FIELD_WEIGHT = 2 ** 32;

/** A plain string prefix, as Kong and Envoy match it: `/api` also matches `/apiv2`. */
export function pathHasPrefix(path: string, prefix: string): boolean {
  return path.startsWith(prefix);
}
