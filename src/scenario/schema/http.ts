/**
 * HTTP words shared by clients, routes and plugins: methods (upper-cased), paths, headers
 * (names lower-cased, as HTTP compares them) and route matches.
 */
import { bad, check, fields, list, map, opt, record, text, type Check } from '../checks';
import type { Path, Reporter } from '../diagnostics';
import type { LNode } from '../positions';
import type { RouteMatch } from '../types';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** An HTTP method, upper-cased: `get` becomes `GET`. */
export const method: Check<string> = check('an HTTP method such as GET or POST', (node, path, r) => {
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v === 'string' && /^[A-Za-z]+$/.test(v)) return v.toUpperCase();
  return bad(r, node, path, 'is not an HTTP method', method.expects);
});

/** A request path; must start with `/`. */
export const httpPath: Check<string> = check('a path starting with /', (node, path, r) => {
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v === 'string' && v.startsWith('/') && !/\s/.test(v)) return v;
  return bad(r, node, path, 'is not a request path', httpPath.expects);
});

/** A header name as a mapping's key, lower-cased (as HTTP compares them); reported when invalid. */
export function headerName(name: string, keyNode: LNode, path: Path, r: Reporter): string | undefined {
  if (TOKEN.test(name)) return name.toLowerCase();
  return bad(r, keyNode, path, 'is not a valid header name', 'a header name such as x-client-version');
}

/** Header name to value; names lower-cased, values any scalar as text. */
export const headers: Check<Record<string, string>> = record(text, headerName);

/** How a route (or a conditional plugin) matches requests: exact `path` or `prefix`, methods, headers. */
export const routeMatch: Check<RouteMatch> = map(
  fields({
    path: opt(httpPath),
    prefix: opt(httpPath),
    methods: opt(list(method, 1)),
    headers: opt(headers),
  }),
  (m, node, path, r) => {
    if (m.path !== undefined && m.prefix !== undefined) {
      const at = node.kind === 'map' ? node.entries.get('prefix')?.keyPos : undefined;
      r.error(at ?? node.pos, [...path, 'prefix'], {
        message: 'give either path (exact) or prefix, not both',
        hint: 'use two routes to match both',
      });
      return undefined;
    }
    return m;
  },
);
