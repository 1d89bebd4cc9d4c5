/**
 * Kong plugins whose effect on traffic is an answer the gateway gives itself: cors (a preflight),
 * ip-restriction (the client's address) and request-termination (every request), as meshsim's
 * plugins of the same names; and response-ratelimiting, which counts what the upstream reports in
 * response headers and so has nothing to count in a simulation.
 */
import { parseIpBlock } from '../ip-block';
import { warnAt } from './config-entity';
import type { KongEntity } from './kong-entity';

type Fields = Record<string, unknown>;

const HEADERS_ONLY = 'it only shapes the Access-Control-* response headers, which change no outcome';

/** cors: `preflight_continue` is modelled; the rest only shapes response headers. */
export function corsConfig(c: KongEntity): Fields {
  const out: Fields = {};
  const go = c.bool('preflight_continue');
  if (go === true) out.preflightContinue = true;
  c.finish({
    origins: `${HEADERS_ONLY} (Kong answers a preflight 200 whatever its origin)`,
    methods: HEADERS_ONLY,
    headers: HEADERS_ONLY,
    exposed_headers: HEADERS_ONLY,
    credentials: HEADERS_ONLY,
    max_age: HEADERS_ONLY,
    private_network: HEADERS_ONLY,
  });
  return out;
}

/** ip-restriction: `allow` and `deny` (or the older `whitelist` and `blacklist`), and `status`. */
export function ipRestrictionConfig(c: KongEntity): Fields | undefined {
  const out: Fields = {};
  for (const [key, old] of [
    ['allow', 'whitelist'],
    ['deny', 'blacklist'],
  ] as const) {
    const written = c.has(key) ? key : old;
    const list = c.strings(written);
    if (c.has(written === key ? old : key)) c.use(written === key ? old : key);
    if (list === undefined || list.length === 0) continue;
    const bad = list.filter((ip) => parseIpBlock(ip) === undefined);
    if (bad.length > 0) {
      const w = c.valueAt(written);
      c.r.error(w.pos, w.path, {
        message: `not IP addresses or CIDR blocks: ${bad.join(', ')} (Kong refuses them too)`,
      });
      return undefined;
    }
    out[key] = list;
  }
  if (out.allow === undefined && out.deny === undefined) {
    c.r.error(c.node.pos, c.path, {
      message: 'ip-restriction needs allow or deny (Kong refuses it too)',
      expected: 'allow: [10.0.0.0/8]',
    });
    return undefined;
  }
  const status = c.int('status', { min: 100, max: 599 });
  if (status !== undefined && status !== 403) out.status = status;
  c.finish({ message: 'response bodies are not simulated; the status is' });
  return out;
}

/**
 * request-termination: `status_code` is the status the gateway answers with. With `trigger` Kong
 * terminates only requests carrying that header or query argument; the plugin is then left out.
 */
export function terminationConfig(c: KongEntity): Fields | undefined {
  const trigger = c.str('trigger');
  if (trigger !== undefined) {
    warnAt(
      c.at('trigger'),
      `Kong terminates only requests carrying the header or query argument "${trigger}", which meshsim cannot test for presence; the plugin is left out, so every request goes upstream`,
    );
    c.finish();
    return undefined;
  }
  const status = c.int('status_code', { min: 100, max: 599 });
  c.finish({
    message: 'response bodies are not simulated; the status is',
    body: 'response bodies are not simulated; the status is',
    content_type: 'response bodies are not simulated; the status is',
    echo: 'response bodies are not simulated; the status is',
  });
  return status === undefined ? {} : { status };
}

/** Why response-ratelimiting is left out: its counts come from the upstream's response headers. */
export const RESPONSE_RATELIMITING_NOTE =
  'plugin "response-ratelimiting" is not modelled; left out: it counts the usage the upstream reports in X-Kong-Limit response headers, which simulated services do not send, so Kong would count nothing and block no request either';
