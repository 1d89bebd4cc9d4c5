/**
 * The parts of a Kong service and route that decide where a request goes: the host a service
 * forwards to (from `url` or `host`), and a route's paths and header conditions as meshsim matches.
 */
import { describe } from '../checks';
import { warnAt, type Where } from './config-entity';
import type { KongEntity } from './kong-entity';
import { isRegexPath, regexPathMatch, type PathMatch } from './kong-paths';
import { setOwn } from '../own';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The host a service forwards to, from `url` or `host`. */
export function hostOf(e: KongEntity): { host: string; at: Where } | undefined {
  const url = e.str('url');
  if (url !== undefined) {
    e.note('host', 'url gives the host');
    for (const k of ['protocol', 'port', 'path']) e.note(k, 'url gives it');
    const parsed = parseUrl(url);
    const at = e.valueAt('url');
    if (parsed === undefined) {
      e.r.error(at.pos, at.path, {
        message: 'is not a URL with a host',
        expected: 'e.g. http://orders.internal:8080',
      });
      return undefined;
    }
    if (parsed.extras.length > 0)
      warnAt(
        e.at('url'),
        `not modelled, left out: ${parsed.extras.join(', ')} (only the host names a service)`,
      );
    return { host: parsed.host, at };
  }
  const host = e.str('host');
  if (host !== undefined) return { host: host.toLowerCase(), at: e.valueAt('host') };
  if (!e.has('host') && !e.has('url'))
    e.r.error(e.node.pos, e.path, {
      message: 'a service needs url or host',
      expected: 'url: http://orders:8080',
    });
  return undefined;
}

function parseUrl(text: string): { host: string; extras: string[] } | undefined {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return undefined;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host === '') return undefined;
  const extras: string[] = [];
  if (u.protocol !== 'http:') extras.push(`the ${u.protocol.slice(0, -1)} scheme`);
  if (u.port !== '') extras.push(`port ${u.port}`);
  if (u.pathname !== '' && u.pathname !== '/') extras.push(`path ${u.pathname}`);
  return { host: host.toLowerCase(), extras };
}

/** A route's paths as meshsim matches; regex paths are warnings saying what they became. */
export function routePaths(e: KongEntity, major: number): PathMatch[] | undefined {
  const paths = e.strings('paths');
  const items = e.node.entries.get('paths')?.value;
  if (paths === undefined || items?.kind !== 'seq') return undefined;
  const out: PathMatch[] = [];
  paths.forEach((p, i) => {
    const where: Where = { r: e.r, pos: items.items[i].pos, path: [...e.path, 'paths', i] };
    if (isRegexPath(p, major)) {
      const m = regexPathMatch(p);
      const as = `${m.kind === 'path' ? 'exact path' : 'prefix'} ${m.value}`;
      const why = major < 3 ? `Kong ${major}.x reads it as a regex; ` : '';
      warnAt(
        where,
        m.exact
          ? `${why}regex path "${p}" is matched as the ${as} (the same requests)`
          : `${why}regex path "${p}" is matched as the ${as}, which takes more requests than the regex`,
      );
      out.push(m);
    } else if (!p.startsWith('/') || /\s/.test(p))
      e.r.error(where.pos, where.path, {
        message: 'a Kong path starts with / (or ~ for a regex) and has no spaces',
        found: JSON.stringify(p),
      });
    else out.push({ kind: 'prefix', value: p, exact: true });
  });
  return out;
}

/** A route's header conditions: one value each (the first), regex values left out. */
export function routeHeaders(e: KongEntity): Record<string, string> | undefined {
  const node = e.take('headers');
  if (node === undefined) return undefined;
  if (node.kind !== 'map') {
    e.r.error(node.pos, [...e.path, 'headers'], {
      message: 'must map header names to lists of values',
      found: describe(node),
    });
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [name, entry] of node.entries) {
    const path = [...e.path, 'headers', name];
    const where: Where = { r: e.r, pos: entry.keyPos, path };
    if (!TOKEN.test(name) || name.toLowerCase() === 'host') {
      e.r.error(entry.keyPos, path, {
        message: name.toLowerCase() === 'host' ? 'Kong takes the host under hosts' : 'is not a header name',
      });
      continue;
    }
    const values = entry.value.kind === 'seq' ? entry.value.items : [entry.value];
    const texts = values.map((v) => (v.kind === 'scalar' && v.value !== null ? String(v.value) : undefined));
    const first = texts[0];
    if (first === undefined || texts.some((t) => t === undefined)) {
      e.r.error(entry.value.pos, path, {
        message: 'must be a list of header values',
        found: describe(entry.value),
      });
      continue;
    }
    if (first.startsWith('~*')) {
      warnAt(where, `regex header value "${first}" is not modelled; this header condition is left out`);
      continue;
    }
    if (texts.length > 1)
      warnAt(where, `Kong matches any of ${texts.length} values; meshsim matches one: the first, "${first}"`);
    setOwn(out, name.toLowerCase(), first); // not `out[name] =`: a header may be named `__proto__`
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Whether a route takes HTTP traffic, by its `protocols` (Kong's default: http and https). A route
 * for grpc, tcp, tls or udp only takes none of the simulated requests and is left out; one for
 * https alone takes them as HTTPS (TLS costs nothing in the simulation), and Kong would answer a
 * plain-HTTP request with its `https_redirect_status_code` (426).
 */
export function httpProtocols(e: KongEntity): boolean {
  if (e.atDefault('protocols')) {
    e.use('protocols');
    return true;
  }
  const protocols = e.strings('protocols')?.map((p) => p.toLowerCase());
  if (protocols === undefined) return true;
  if (!protocols.includes('http') && !protocols.includes('https')) {
    warnAt(
      e.at('protocols'),
      `protocols ${protocols.join(', ')}: the route takes no HTTP request, and simulated clients send HTTP only; the route is left out`,
    );
    return false;
  }
  if (!protocols.includes('http'))
    warnAt(
      e.at('protocols'),
      'https only: simulated requests are taken to come over HTTPS (TLS costs are not modelled); Kong answers a plain-HTTP request with https_redirect_status_code (426)',
    );
  return true;
}
