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
  num,
  oneOf,
  opt,
  positiveInt,
  queueSize,
  req,
  str,
  type Check,
} from '../checks';
import { dist } from '../distributions';
import type { GatewaySpec, HashOnSpec, HealthCheckSpec, RetrySpec, RouteSpec } from '../types';
import { duration } from '../units';
import { routeMatch } from './http';
import { split } from './mesh';
import { region } from './network';
import { plugins } from './plugins';
import { gatewayProfile } from '../profiles/gateway';
import { routeRetries } from './retries';
import { balancerChoice, balancerFields, balancersFor } from '../policies/balancers';
import { HEALTH_CHECKS } from '../policies/health-checks';
import { defaultsOf, filledFields } from '../policies/policy-option';

/** Gateway products whose defaults a profile selects. */
export const GATEWAY_PROFILES = ['kong', 'aws-api-gateway', 'apigee'] as const;

/** The upstream balancers a gateway route can use, spelled as Istio spells them (the balancer registry's). */
export const GATEWAY_BALANCERS = balancersFor('gateway');

/**
 * Kong-style health checks of a route's upstream targets, their fields, checks and defaults the
 * registry's (`policies/health-checks.ts`). Passive: a target is taken out after so many
 * consecutive failures of a kind (0 turns that kind off). Active: out targets are probed every
 * `interval` and return after `successes` good probes; without it a target never returns.
 */
const healthchecks: Check<HealthCheckSpec> = fields({
  passive: dflt(
    fields(filledFields(HEALTH_CHECKS.passive.options)),
    defaultsOf(HEALTH_CHECKS.passive.options),
  ),
  active: opt(fields(filledFields(HEALTH_CHECKS.active.options))),
});

/** What a ring hash keys by; `header` names its header. */
const hashOn: Check<HashOnSpec> = map(
  fields({ by: req(oneOf(['client', 'consumer', 'header', 'path'] as const)), header: opt(str) }),
  (h, node, path, r) => {
    if ((h.by === 'header') === (h.header !== undefined))
      return h.header === undefined ? h : { ...h, header: h.header.toLowerCase() };
    r.error(node.pos, path, {
      message: h.by === 'header' ? 'hashOn by header needs header' : 'header goes with by: header only',
      expected: '{ by: header, header: x-user }',
    });
    return undefined;
  },
);

const routeFields = fields({
  id: opt(identifier),
  match: dflt(routeMatch, {}),
  service: req(identifier),
  timeout: opt(duration({ infinite: true, positive: true })),
  retries: opt(routeRetries),
  plugins: dflt(plugins, []),
  loadBalancer: dflt(balancerChoice(GATEWAY_BALANCERS), { name: 'ROUND_ROBIN', options: {} }),
  healthchecks: opt(healthchecks),
  split: opt(split),
  weights: opt(list(num({ expects: 'a weight > 0', above: 0 }), 1)),
  hashOn: opt(hashOn),
});

/** A route as written: timeout and retries stay absent until the gateway's profile fills them. */
type RouteAsWritten = Omit<RouteSpec, 'timeout' | 'retries' | 'balancerOptions'> & {
  readonly timeout?: RouteSpec['timeout'];
  readonly retries?: RetrySpec;
};

/** A route; `id` defaults to `route-N`, N its position from 1, so small files need not name routes. */
const route: Check<RouteAsWritten> = map(routeFields, ({ id, loadBalancer, ...rest }, _node, path) => {
  const index = path[path.length - 1];
  return {
    id: id ?? `route-${typeof index === 'number' ? index + 1 : 1}`,
    ...rest,
    ...balancerFields(loadBalancer),
  };
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
    region: opt(region),
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
