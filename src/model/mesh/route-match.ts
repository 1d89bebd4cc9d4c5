import type { HeaderCondition, MeshRoute, MeshRouteMatch } from '../../scenario/types';
import { pathHasPrefix, type RequestShape } from '../routing';

/**
 * A mesh route's match, ready to test requests: its regular expressions compiled once. Envoy's
 * route match: every condition set must hold; the path is compared without its query string; a
 * `regex` must match the whole path, and a header `regex` the whole value.
 */
export class CompiledRouteMatch {
  private readonly pathRegex: RegExp | undefined;
  private readonly headerRegex: (RegExp | undefined)[];

  constructor(readonly match: MeshRouteMatch) {
    this.pathRegex = match.regex === undefined ? undefined : whole(match.regex);
    this.headerRegex = match.headers.map((h) => (h.op === 'regex' ? whole(h.value) : undefined));
  }

  /** Whether `request` meets every condition. */
  holds(request: RequestShape): boolean {
    const m = this.match;
    if (m.methods !== undefined && m.methods.length > 0 && !m.methods.includes(request.method)) return false;
    const path = withoutQuery(request.path);
    if (m.path !== undefined && path !== m.path) return false;
    if (m.prefix !== undefined && !pathHasPrefix(path, m.prefix)) return false;
    if (this.pathRegex !== undefined && !this.pathRegex.test(path)) return false;
    for (let i = 0; i < m.headers.length; i++) {
      const h = m.headers[i];
      const value = Object.hasOwn(request.headers, h.name) ? request.headers[h.name] : undefined;
      if (headerHolds(h, value, this.headerRegex[i]) === h.invert) return false;
    }
    return true;
  }
}

/** The index of the first of `routes` whose match holds for `request` (a route without one always does); -1 for none. */
export function firstRoute(
  routes: readonly MeshRoute[],
  compiled: readonly (CompiledRouteMatch | undefined)[],
  request: RequestShape,
): number {
  for (let i = 0; i < routes.length; i++) {
    const m = compiled[i];
    if (m === undefined || m.holds(request)) return i;
  }
  return -1;
}

/** The comparison of one header condition, before `invert`; an absent header fails every one. */
function headerHolds(h: HeaderCondition, value: string | undefined, regex: RegExp | undefined): boolean {
  if (value === undefined) return false;
  switch (h.op) {
    case 'exact':
      return value === h.value;
    case 'prefix':
      return value.startsWith(h.value);
    case 'suffix':
      return value.endsWith(h.value);
    case 'regex':
      return regex!.test(value);
    case 'present':
      return true;
  }
}

/** `pattern` anchored at both ends: Envoy's safe_regex matches the whole string. */
function whole(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

function withoutQuery(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}
