/**
 * An Istio `HTTPMatchRequest` (one block of a route's `match`) read as conditions on the request a
 * client sends: its path (`uri` exact, prefix or regex), its method and its headers. Conditions on
 * what meshsim does not simulate (query parameters, scheme, authority, ports, the caller's labels
 * or namespace) cannot be told apart in a run: the block is read as matching no request, which
 * narrows the route rather than widening it, and the reader says so.
 */
import { warnAt } from './config-entity';
import type { MeshEntity } from './mesh-entity';

/** The fields of an HTTPMatchRequest. */
export const MATCH_FIELDS = [
  'name',
  'uri',
  'scheme',
  'method',
  'authority',
  'headers',
  'port',
  'sourceLabels',
  'gateways',
  'queryParams',
  'ignoreUriCase',
  'withoutHeaders',
  'sourceNamespace',
  'statPrefix',
];
const STRING_MATCH = ['exact', 'prefix', 'regex'];

/** How a string is matched. */
export interface StringMatch {
  readonly kind: 'exact' | 'prefix' | 'regex';
  readonly value: string;
}

/** One match block's conditions; absent ones hold for any request. */
export interface MatchConditions {
  readonly uri?: StringMatch;
  readonly method?: StringMatch;
  /** By lower-cased header name. */
  readonly headers?: Readonly<Record<string, StringMatch>>;
  /** Headers that must not match (`withoutHeaders`); a prefix `''` stands for any value. */
  readonly withoutHeaders?: Readonly<Record<string, StringMatch>>;
}

/** The conditions of one match block, or undefined when it can match no simulated request (warned). */
export function readMatchBlock(m: MeshEntity): MatchConditions | undefined {
  m.use('name');
  m.use('statPrefix');
  const uri = stringMatch(m, 'uri');
  const method = stringMatch(m, 'method');
  const headers = headerMatches(m, 'headers');
  const without = headerMatches(m, 'withoutHeaders');
  const caseless = m.bool('ignoreUriCase');
  let matchable = uri !== null && method !== null && headers !== null && without !== null;
  if (caseless === true) {
    warnAt(
      m.at('ignoreUriCase'),
      "paths are matched with their case: a request whose path differs from the route's only in case is not taken",
    );
  }
  const unsimulated: Record<string, string> = {
    queryParams: 'query parameters are not simulated',
    scheme: 'the scheme is not simulated',
    authority: 'the Host header is not simulated',
    port: 'ports are not simulated',
    sourceLabels: "the caller's labels are not matched",
    sourceNamespace: 'namespaces are not simulated',
    gateways: 'a match block bound to gateways is read with the route',
  };
  for (const [k, why] of Object.entries(unsimulated))
    if (m.has(k) && k !== 'gateways') {
      warnAt(
        m.at(k),
        `${why}: this match block is read as matching no request, so its route takes fewer calls than in Istio`,
      );
      matchable = false;
    }
  m.use('gateways');
  for (const k of Object.keys(unsimulated)) m.use(k);
  m.finish();
  if (!matchable) return undefined;
  const out: { -readonly [K in keyof MatchConditions]: MatchConditions[K] } = {};
  if (uri !== undefined && uri !== null) out.uri = uri;
  if (method !== undefined && method !== null) out.method = method;
  if (headers !== undefined && headers !== null && Object.keys(headers).length > 0) out.headers = headers;
  if (without !== undefined && without !== null && Object.keys(without).length > 0)
    out.withoutHeaders = without;
  return out;
}

/** `{ exact | prefix | regex: value }`; null when it is written but unreadable (warned). */
function stringMatch(parent: MeshEntity, key: string): StringMatch | undefined | null {
  const e = parent.child(key, key, STRING_MATCH);
  if (e === undefined) return parent.has(key) ? null : undefined;
  const found = STRING_MATCH.filter((k) => e.has(k));
  const kind = found[0] as StringMatch['kind'] | undefined;
  const value = kind === undefined ? undefined : e.str(kind);
  for (const k of STRING_MATCH) e.use(k);
  e.finish();
  if (found.length > 1)
    warnAt(
      e.at(found[1]),
      `${found.join(' and ')} in one string match (Istio refuses this); ${found[0]} is read`,
    );
  if (kind === undefined || value === undefined) {
    if (kind === undefined)
      warnAt(e.at(), `${key} needs exact, prefix or regex; the match block matches no request`);
    return null;
  }
  return { kind, value };
}

/** Header name to string match, names lower-cased (HTTP header names are case-insensitive). */
function headerMatches(parent: MeshEntity, key: string): Record<string, StringMatch> | undefined | null {
  const h = parent.child(key, key);
  if (h === undefined) return parent.has(key) ? null : undefined;
  const out: Record<string, StringMatch> = {};
  let ok = true;
  for (const name of h.node.entries.keys()) {
    const value = h.node.entries.get(name)?.value;
    // `withoutHeaders: { x: {} }` matches the header's absence whatever its value.
    if (key === 'withoutHeaders' && value?.kind === 'map' && value.entries.size === 0) {
      h.use(name);
      Object.defineProperty(out, name.toLowerCase(), {
        value: { kind: 'prefix', value: '' },
        enumerable: true,
      });
      continue;
    }
    const m = stringMatch(h, name);
    if (m === null || m === undefined) ok = false;
    else Object.defineProperty(out, name.toLowerCase(), { value: m, enumerable: true });
  }
  h.finish();
  return ok ? out : null;
}
