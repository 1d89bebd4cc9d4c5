/**
 * A service-router route's `Match.HTTP` as a mesh route's `match`: `PathExact`, `PathPrefix` and
 * `PathRegex` (a plain string prefix, and a regular expression over the whole path, as Envoy
 * applies them), `Methods`, and `Header` conditions (`Exact`, `Prefix`, `Suffix`, `Regex` over the
 * whole value, `Present`, each turned round by `Invert`). Simulated requests carry no query
 * string, so a route that needs a `QueryParam` matches none of them.
 */
import type { Where } from './config-entity';
import { warnAt } from './config-entity';
import type { ConsulEntity } from './consul-entity';
import type { RawHeaderMatch, RawMeshMatch } from './types';
import { setOwn } from '../own';

/** What a route's match is: `match` (absent: every call), or never, saying why. */
export type RouteMatch = { readonly match?: RawMeshMatch } | { readonly never: string; readonly at: Where };

const HTTP_FIELDS = ['PathExact', 'PathPrefix', 'PathRegex', 'Header', 'QueryParam', 'Methods'];
const HEADER_FIELDS = ['Name', 'Present', 'Exact', 'Prefix', 'Suffix', 'Regex', 'Invert'];
const QUERY_FIELDS = ['Name', 'Present', 'Exact', 'Regex'];
const TESTS = ['Exact', 'Prefix', 'Suffix', 'Regex', 'Present'] as const;
/** A header name meshsim's requests can carry (an HTTP token); `:authority` and friends are not. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Reads `route`'s `Match`; `route` keeps its other fields unread. */
export function readMatch(route: ConsulEntity): RouteMatch {
  const m = route.child('Match', 'route match', ['HTTP']);
  if (m === undefined) return {};
  const http = m.child('HTTP', 'route HTTP match', HTTP_FIELDS);
  m.finish();
  if (http === undefined) return {};
  const out: RawMeshMatch = {};
  const exact = http.str('PathExact');
  const prefix = http.str('PathPrefix');
  const regex = http.str('PathRegex');
  if (exact !== undefined) out.path = exact;
  else if (prefix !== undefined && prefix !== '/') out.prefix = prefix;
  else if (regex !== undefined) out.regex = regex;
  const paths = [exact, prefix, regex].filter((p) => p !== undefined).length;
  if (paths > 1)
    warnAt(
      http.at(),
      'give one of PathExact, PathPrefix or PathRegex (Consul refuses more); the first is read',
    );
  const methods = http.strings('Methods')?.map((x) => x.toUpperCase());
  if (methods !== undefined && methods.length > 0) out.methods = methods;
  let never: { never: string; at: Where } | undefined;
  const headers: Record<string, string | RawHeaderMatch> = {};
  for (const { e: h } of http.children('Header', 'header match', HEADER_FIELDS)) {
    const test = headerTest(h);
    if (test === undefined) continue;
    if ('never' in test) {
      never ??= test;
      continue;
    }
    if (test.name === ':method' && typeof test.test === 'string') {
      out.methods = [...(out.methods ?? []), test.test.toUpperCase()];
      continue;
    }
    if (Object.hasOwn(headers, test.name)) {
      warnAt(
        h.at(),
        `a second condition on header ${test.name} is left out: meshsim tests a header once per route`,
      );
      continue;
    }
    setOwn(headers, test.name, test.test); // not `headers[name] =`: a header may be named `__proto__`
  }
  if (Object.keys(headers).length > 0) out.headers = headers;
  for (const { e: q } of http.children('QueryParam', 'query parameter match', QUERY_FIELDS)) {
    const name = q.str('Name') ?? '';
    const tested =
      (q.bool('Present') ?? false) || q.str('Exact') !== undefined || q.str('Regex') !== undefined;
    q.finish();
    if (tested)
      never ??= {
        never: `it needs query parameter ${name}, and simulated requests carry no query string`,
        at: q.at(),
      };
  }
  http.finish();
  return never ?? (Object.keys(out).length > 0 ? { match: out } : {});
}

type HeaderTest =
  | { readonly name: string; readonly test: string | RawHeaderMatch }
  | { readonly never: string; readonly at: Where };

/** One `Header` condition; undefined when it tests nothing (Consul then skips it). */
function headerTest(h: ConsulEntity): HeaderTest | undefined {
  const written = h.str('Name');
  const invert = h.bool('Invert') ?? false;
  const present = h.bool('Present') ?? false;
  const values: Partial<Record<(typeof TESTS)[number], string>> = {};
  for (const t of TESTS) if (t !== 'Present') values[t] = h.str(t);
  h.finish();
  const set = TESTS.filter((t) => (t === 'Present' ? present : values[t] !== undefined));
  if (written === undefined) {
    if (!h.has('Name'))
      h.r.error(h.node.pos, h.path, { message: 'a header match needs Name', expected: 'Name: x-debug' });
    return undefined;
  }
  if (set.length === 0) {
    warnAt(h.at(), `the condition on header ${written} tests nothing: Consul skips it`);
    return undefined;
  }
  if (set.length > 1)
    warnAt(h.at(), `give one of ${set.join(', ')} (Consul refuses more); ${set[0]} is read`);
  const name = written.toLowerCase();
  const op = set[0];
  if (name === ':method' && op === 'Exact' && !invert) return { name, test: values.Exact! };
  if (!TOKEN.test(name)) {
    // Pseudo-headers such as :authority: simulated requests have no host to test.
    if (invert) {
      warnAt(
        h.at(),
        `simulated requests carry no ${written}, so this inverted condition always holds; left out`,
      );
      return undefined;
    }
    return { never: `it needs header ${written}, which simulated requests do not carry`, at: h.at() };
  }
  if (op === 'Exact' && !invert) return { name, test: values.Exact! };
  const test: RawHeaderMatch = op === 'Present' ? { present: true } : { [op.toLowerCase()]: values[op]! };
  if (invert) test.invert = true;
  return { name, test };
}
