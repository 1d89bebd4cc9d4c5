/**
 * The gateway and its routes, with defaults: 1 instance, 256 workers, unlimited queue, no overhead,
 * no plugins; a route matches everything, has no timeout and no retries unless told.
 */
import {
  dflt,
  fields,
  identifier,
  list,
  map,
  oneOf,
  opt,
  positiveInt,
  queueSize,
  req,
  type Check,
} from '../checks';
import { dist } from '../distributions';
import type { GatewaySpec, RetrySpec, RouteSpec } from '../types';
import { duration } from '../units';
import { routeMatch } from './http';
import { plugins } from './plugins';
import { gatewayProfile } from '../profiles/gateway';
import { routeRetries } from './retries';

/** Gateway products whose defaults a profile selects. */
export const GATEWAY_PROFILES = ['kong', 'aws-api-gateway', 'apigee'] as const;

const routeFields = fields({
  id: opt(identifier),
  match: dflt(routeMatch, {}),
  service: req(identifier),
  timeout: opt(duration({ infinite: true, positive: true })),
  retries: opt(routeRetries),
  plugins: dflt(plugins, []),
});

/** A route as written: timeout and retries stay absent until the gateway's profile fills them. */
type RouteAsWritten = Omit<RouteSpec, 'timeout' | 'retries'> & {
  readonly timeout?: RouteSpec['timeout'];
  readonly retries?: RetrySpec;
};

/** A route; `id` defaults to `route-N`, N its position from 1, so small files need not name routes. */
const route: Check<RouteAsWritten> = map(routeFields, ({ id, ...rest }, _node, path) => {
  const index = path[path.length - 1];
  return { id: id ?? `route-${typeof index === 'number' ? index + 1 : 1}`, ...rest };
});

/**
 * The gateway section. What a route leaves out comes from the profile (Kong's five retries on
 * connect errors and timeouts, AWS's 29 s integration timeout, ...) or, without one, from the
 * generic gateway: no deadline, no retries.
 */
export const gateway: Check<GatewaySpec> = map(
  fields({
    id: dflt(identifier, 'gateway'),
    profile: opt(oneOf(GATEWAY_PROFILES, 'gateway profile')),
    instances: dflt(positiveInt, 1),
    concurrency: dflt(positiveInt, 256),
    queue: dflt(queueSize, Infinity),
    overhead: dflt(dist, { dist: 'constant', value: 0 }),
    plugins: dflt(plugins, []),
    routes: dflt(list(route), []),
  }),
  ({ routes, ...rest }): GatewaySpec => {
    const defaults = gatewayProfile(rest.profile);
    return {
      ...rest,
      noRouteStatus: defaults.noRouteStatus,
      routes: routes.map((r) => ({
        ...r,
        timeout: r.timeout ?? defaults.routeTimeout,
        retries: r.retries ?? defaults.retries,
      })),
    };
  },
);
