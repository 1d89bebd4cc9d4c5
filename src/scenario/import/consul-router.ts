/**
 * service-router: of its routes the one that takes the requests no other route matches (the first
 * without match conditions, or else Consul's own default route to the service itself), with its
 * destination, RequestTimeout and retries; every other route is a warning naming what it matches.
 */
import { formatPath } from '../diagnostics';
import type { ConsulEntry } from './consul';
import { first, HEADERS, PLACEMENT, timeoutOf } from './consul-chain';
import { MAX_IMPORTED_RETRIES } from './kong';
import { warnAt } from './config-entity';
import { meshId, subsetService, type PolicySetting } from './mesh-config';
import type { MeshEntity } from './mesh-entity';
import { retryConditions } from './mesh-retry-on';

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

/** Reads a service-router: the route that takes the requests no other route matches. */
export function readRouter(entry: ConsulEntry): void {
  const { e, name, source, chains } = entry;
  if (!first(chains.routers, entry)) return;
  const routes = e.children('Routes', 'route', ['Match', 'Destination']);
  e.finish();
  const catchAll = routes.findIndex(({ e: r }) => isCatchAll(r));
  routes.forEach(({ e: r, i }) => {
    if (i === catchAll) return;
    const modelled =
      catchAll >= 0
        ? `${formatPath(['Routes', catchAll])}, the first without match conditions`
        : `Consul's default route to ${name}`;
    if (catchAll >= 0 && i > catchAll)
      warnAt(
        r.at(),
        `left out: never reached, as ${formatPath(['Routes', catchAll])} before it takes every request`,
      );
    else
      warnAt(
        r.at(),
        `left out: a meshsim policy treats every call into "${name}" alike, so one route is modelled, ${modelled}; this one sends the calls it matches${matchedOn(r)} to ${destinationText(r, name)}`,
      );
  });
  if (catchAll < 0) {
    chains.routers.set(name, { source, at: entry.at, settings: [] });
    return;
  }
  const route = routes[catchAll].e;
  route.use('Match');
  const d = route.child('Destination', 'route destination', DESTINATION_FIELDS);
  route.finish();
  if (d === undefined) {
    chains.routers.set(name, { source, at: entry.at, settings: [] });
    return;
  }
  const service = d.str('Service');
  const subset = d.str('ServiceSubset');
  const settings: PolicySetting[] = [];
  const timeout = timeoutOf(d, 'RequestTimeout');
  if (timeout !== undefined) settings.push(timeout);
  settings.push(...routeRetries(d));
  for (const [k, why] of Object.entries(PLACEMENT)) d.note(k, why);
  d.note('PrefixRewrite', 'the path sent upstream is not simulated');
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
  chains.routers.set(name, { source, at: entry.at, target, settings });
}

/**
 * A route's retries as Consul hands them to Envoy: RetryOn, then `connect-failure` for
 * RetryOnConnectFailure, then the status codes; NumRetries, or Envoy's default of one retry. With no
 * condition at all Envoy retries nothing.
 */
function routeRetries(d: MeshEntity): PolicySetting[] {
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

/** Whether a route matches every request: no Match, or one whose HTTP sets nothing but the prefix `/`. */
function isCatchAll(route: MeshEntity): boolean {
  const match = route.node.entries.get('Match')?.value;
  if (match === undefined || (match.kind === 'scalar' && match.value === null)) return true;
  if (match.kind !== 'map') return false;
  const http = match.entries.get('HTTP')?.value;
  if (http === undefined || (http.kind === 'scalar' && http.value === null)) return match.entries.size <= 1;
  if (http.kind !== 'map') return false;
  for (const [k, v] of http.entries) {
    const value = v.value;
    if (value.kind === 'scalar' && (value.value === null || value.value === '')) continue;
    if (value.kind === 'seq' && value.items.length === 0) continue;
    if (k === 'PathPrefix' && value.kind === 'scalar' && value.value === '/') continue;
    return false;
  }
  return true;
}

/** ` (on PathPrefix, Header)`, for messages. */
function matchedOn(route: MeshEntity): string {
  const http = route.node.entries.get('Match')?.value;
  const h = http?.kind === 'map' ? http.entries.get('HTTP')?.value : undefined;
  return h?.kind === 'map' && h.entries.size > 0 ? ` (on ${[...h.entries.keys()].join(', ')})` : '';
}

/** Where a route sends calls, read without checks, for messages. */
function destinationText(route: MeshEntity, name: string): string {
  const d = route.node.entries.get('Destination')?.value;
  const get = (k: string): string | undefined => {
    const v = d?.kind === 'map' ? d.entries.get(k)?.value : undefined;
    return v?.kind === 'scalar' && typeof v.value === 'string' && v.value !== '' ? v.value : undefined;
  };
  const service = meshId(get('Service') ?? name);
  const subset = get('ServiceSubset');
  return subset === undefined ? service : subsetService(service, subset);
}
