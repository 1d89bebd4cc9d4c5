/**
 * The filters of the plugins that answer a request from what it is, with no state of their own:
 * cors (a preflight), ip-restriction (the client's address) and request-termination (every
 * request). Each answer is known per client and mix entry when the run is built.
 */
import type { ClientSpec, OtherPluginSpec } from '../../scenario/types';
import { FILTER_PASS, type GatewayFilter } from '../gateway-filter';
import { isPreflight, PREFLIGHT_STATUS } from './cors';
import { checkIp, ipRestriction, IP_DENIED_MESSAGE } from './ip-restriction';
import { TERMINATION_STATUS } from './request-termination';

/** cors: the gateway answers a preflight 200 itself, unless `preflightContinue`. */
export function corsFilter(
  plugin: OtherPluginSpec<'cors'>,
  clients: readonly ClientSpec[],
  cost: number,
): GatewayFilter {
  const answers = clients.map((client) =>
    client.mix.map((entry) =>
      plugin.preflightContinue !== true && isPreflight(entry.method, { ...client.headers, ...entry.headers })
        ? PREFLIGHT_STATUS
        : FILTER_PASS,
    ),
  );
  return {
    name: 'cors',
    cost: () => cost,
    decide: (_now, _instance, request, requests) => answers[requests.client[request]][requests.mix[request]],
    explain: (answer) => (answer === FILTER_PASS ? 'not a preflight' : `preflight answered ${answer}`),
  };
}

/** ip-restriction: each client's address is allowed or refused once for all its requests. */
export function ipRestrictionFilter(
  plugin: OtherPluginSpec<'ip-restriction'>,
  clients: readonly ClientSpec[],
  cost: number,
): GatewayFilter {
  const policy = ipRestriction({
    allow: plugin.allow,
    deny: plugin.deny,
    status: plugin.status,
  });
  const answers = clients.map((client) => checkIp(policy, client.ip));
  return {
    name: 'ip-restriction',
    cost: () => cost,
    decide: (_now, _instance, request, requests) => answers[requests.client[request]],
    explain: (answer, request, requests) => {
      const ip = clients[requests.client[request]].ip ?? 'no address';
      return answer === FILTER_PASS ? `${ip} allowed` : `${answer} ${IP_DENIED_MESSAGE} (${ip})`;
    },
  };
}

/** request-termination: every request is answered `status` (503) by the gateway. */
export function terminationFilter(
  plugin: OtherPluginSpec<'request-termination'>,
  cost: number,
): GatewayFilter {
  const status = plugin.status ?? TERMINATION_STATUS;
  return {
    name: 'request-termination',
    cost: () => cost,
    decide: () => status,
    explain: (answer) => `${answer} answered by the gateway`,
  };
}
