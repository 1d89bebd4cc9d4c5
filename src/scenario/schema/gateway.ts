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
import { routeRetries } from './retries';

/** Gateway products whose defaults a profile selects. */
export const GATEWAY_PROFILES = ['kong', 'aws-api-gateway', 'apigee'] as const;

const NO_RETRIES: RetrySpec = { attempts: 0, retryOn: ['5xx'], perTryTimeout: Infinity };

const routeFields = fields({
  id: opt(identifier),
  match: dflt(routeMatch, {}),
  service: req(identifier),
  timeout: dflt(duration({ infinite: true, positive: true }), Infinity),
  retries: dflt(routeRetries, NO_RETRIES),
  plugins: dflt(plugins, []),
});

/** A route; `id` defaults to `route-N`, N its position from 1, so small files need not name routes. */
export const route: Check<RouteSpec> = map(routeFields, ({ id, ...rest }, _node, path) => {
  const index = path[path.length - 1];
  return { id: id ?? `route-${typeof index === 'number' ? index + 1 : 1}`, ...rest };
});

/** The gateway section. */
export const gateway: Check<GatewaySpec> = fields({
  id: dflt(identifier, 'gateway'),
  profile: opt(oneOf(GATEWAY_PROFILES, 'gateway profile')),
  instances: dflt(positiveInt, 1),
  concurrency: dflt(positiveInt, 256),
  queue: dflt(queueSize, Infinity),
  overhead: dflt(dist, { dist: 'constant', value: 0 }),
  plugins: dflt(plugins, []),
  routes: dflt(list(route), []),
});
