/**
 * service-router: its routes, in order, each with its match (consul-match.ts), its destination
 * (a service or one of its subsets; absent: the router's own service) and its RequestTimeout and
 * retries. Consul tries them in order and sends a call none matches down its default route, to the
 * service itself; the chain assembly (consul-chain.ts) writes that route explicitly, after them.
 * A route no request can reach (after one that takes every call, or one that needs a query
 * parameter) is left out with a warning.
 */
import { formatPath } from '../diagnostics';
import type { ConsulEntry } from './consul';
import { first, HEADERS, PLACEMENT, timeoutOf, type Entry, type Target } from './consul-chain';
import type { ConsulEntity } from './consul-entity';
import { readMatch } from './consul-match';
import { MAX_IMPORTED_RETRIES } from './kong';
import { warnAt, type Where } from './config-entity';
import { meshId, type PolicySetting } from './mesh-config';
import { retryConditions } from './mesh-retry-on';
import type { RawMeshMatch, RawMeshRetries } from './types';

const DESTINATION_FIELDS = [
  'Service',
  'ServiceSubset',
  'Namespace',
  'Partition',
  'PrefixRewrite',
  'RequestTimeout',
  'IdleTimeout',
  'NumRetries',
  'RetryOnConnectFailure',
  'RetryOnStatusCodes',
  'RetryOn',
  'RequestHeaders',
  'ResponseHeaders',
];
const COUNT = { min: 0, max: 2 ** 31 - 1 };

/** One route of a router, as read. */
export interface RouterRoute {
  /** Absent: the route takes every call. */
  readonly match?: RawMeshMatch;
  /** Absent: the router's own service. */
  readonly target?: Target;
  readonly timeout?: string;
  readonly retries?: RawMeshRetries;
  readonly at: Where;
}

/** A router's routes, in order, up to the first that takes every call. */
export interface RouterInfo extends Entry {
  readonly routes: readonly RouterRoute[];
}

/** Reads a service-router's routes. */
export function readRouter(entry: ConsulEntry): void {
  const { e, name, source, chains } = entry;
  if (!first(chains.routers, entry)) return;
  const list = e.children('Routes', 'route', ['Match', 'Destination']);
  e.finish();
  const routes: RouterRoute[] = [];
  let catchAll: number | undefined;
  for (const { e: r, i } of list) {
    if (catchAll !== undefined) {
      warnAt(
        r.at(),
        `left out: never reached, as ${formatPath(['Routes', catchAll])} before it takes every request`,
      );
      continue;
    }
    const matched = readMatch(r);
    const route = readDestination(r, name);
    r.finish();
    if ('never' in matched) {
      warnAt(matched.at, `left out: the route matches no simulated request: ${matched.never}`);
      continue;
    }
    if (matched.match === undefined) catchAll = i;
    routes.push({ ...route, ...(matched.match !== undefined && { match: matched.match }) });
  }
  chains.routers.set(name, { source, at: entry.at, routes });
}

/** A route's destination, timeout and retries. */
function readDestination(route: ConsulEntity, name: string): RouterRoute {
  const d = route.child('Destination', 'route destination', DESTINATION_FIELDS);
  if (d === undefined) return { at: route.at() };
  const service = d.str('Service');
  const subset = d.str('ServiceSubset');
  const timeout = timeoutOf(d, 'RequestTimeout')?.value as string | undefined;
  const retries = routeRetries(d);
  for (const [k, why] of Object.entries(PLACEMENT)) d.note(k, why);
  d.note('PrefixRewrite', 'the path sent upstream is not simulated: calls keep the client request’s path');
  d.note('IdleTimeout', 'idle streams are not simulated');
  d.note('RequestHeaders', HEADERS);
  d.note('ResponseHeaders', HEADERS);
  d.finish();
  const target =
    service === undefined && subset === undefined
      ? undefined
      : {
          service: meshId(service ?? name),
          subset,
          at: d.at(subset !== undefined ? 'ServiceSubset' : 'Service'),
        };
  return {
    at: route.at(),
    ...(target !== undefined && { target }),
    ...(timeout !== undefined && { timeout }),
    ...(retries !== undefined && { retries }),
  };
}

/**
 * A route's retries as Consul hands them to Envoy: RetryOn, then `connect-failure` for
 * RetryOnConnectFailure, then the status codes; NumRetries, or Envoy's default of one retry. With no
 * condition at all Envoy retries nothing; with none written, the route has no retry policy of its
 * own and takes the service policy's.
 */
function routeRetries(d: ConsulEntity): RawMeshRetries | undefined {
  const settings = retrySettings(d);
  if (settings.length === 0) return undefined;
  const out: RawMeshRetries = {};
  for (const s of settings) {
    if (s.leaf === 'retries.attempts') out.attempts = s.value as number;
    if (s.leaf === 'retries.retryOn') out.retryOn = s.value as string[];
  }
  return out;
}

function retrySettings(d: ConsulEntity): PolicySetting[] {
  const num = d.int('NumRetries', COUNT);
  const onConnect = d.bool('RetryOnConnectFailure') ?? false;
  const codes = d.strings('RetryOnStatusCodes') ?? [];
  const on = d.strings('RetryOn') ?? [];
  if (!(num !== undefined && num > 0) && !onConnect && codes.length === 0 && on.length === 0) {
    return num === 0 ? [{ leaf: 'retries.attempts', value: 0, at: d.at('NumRetries') }] : [];
  }
  const bad = codes.find((c) => !/^[1-5]\d\d$/.test(c));
  if (bad !== undefined)
    d.r.error(d.valueAt('RetryOnStatusCodes').pos, d.valueAt('RetryOnStatusCodes').path, {
      message: 'must be a list of status codes',
      found: JSON.stringify(bad),
    });
  const conditions = retryConditions(
    [...on, ...(onConnect ? ['connect-failure'] : []), ...codes],
    d.at(on.length > 0 ? 'RetryOn' : onConnect ? 'RetryOnConnectFailure' : 'RetryOnStatusCodes'),
  );
  // Envoy's own default when a policy sets no number: one retry.
  let attempts = num !== undefined && num > 0 ? num : 1;
  if (attempts > MAX_IMPORTED_RETRIES) {
    warnAt(
      d.at('NumRetries'),
      `${attempts} retries are cut to ${MAX_IMPORTED_RETRIES}: more only multiply the simulated events`,
    );
    attempts = MAX_IMPORTED_RETRIES;
  }
  const at = d.at(num !== undefined ? 'NumRetries' : 'RetryOnConnectFailure');
  if (conditions.length === 0) {
    warnAt(
      at,
      on.length > 0
        ? 'none of these retry conditions can happen in the simulation: attempts: 0'
        : 'NumRetries without RetryOn, RetryOnConnectFailure or RetryOnStatusCodes: Envoy retries on no condition (attempts: 0)',
    );
    return [{ leaf: 'retries.attempts', value: 0, at }];
  }
  return [
    { leaf: 'retries.attempts', value: attempts, at },
    { leaf: 'retries.retryOn', value: conditions, at: d.at('RetryOn') },
  ];
}
