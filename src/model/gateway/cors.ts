/**
 * Kong's cors plugin, as far as traffic goes: the gateway answers a CORS preflight itself.
 *
 * Kong (kong/plugins/cors/handler.lua, 3.x), priority 2000, before authentication:
 * 1. A preflight is an OPTIONS request carrying `Origin` and `Access-Control-Request-Method`.
 * 2. Unless `preflight_continue` is set, Kong answers it 200 with the Access-Control-* headers and
 *    the upstream never sees it; with `preflight_continue` it goes on like any request.
 * 3. Any other request passes; the plugin only adds response headers, which change no outcome here.
 */

/** Kong's status for a preflight it answers. */
export const PREFLIGHT_STATUS = 200;

/** Whether a request of `method` with `headers` (names lower-case) is a CORS preflight. */
export function isPreflight(method: string, headers: Readonly<Record<string, string>>): boolean {
  return method === 'OPTIONS' && 'origin' in headers && 'access-control-request-method' in headers;
}
