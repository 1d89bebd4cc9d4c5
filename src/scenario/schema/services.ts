/**
 * Services and their downstream calls, with defaults: 1 instance, 1 worker, unlimited queue,
 * zero service time, no errors, no calls, sequential calls, thread-per-request; `kind: queue` makes
 * it a one-way message queue.
 */
import {
  bool,
  byKind,
  dflt,
  fields,
  fraction,
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
import type { CallSpec, ServiceSpec } from '../types';
import { duration } from '../units';
import { region } from './network';

/** A downstream call: `{service, optional, timeout}`, or just the service id. */
export const call: Check<CallSpec> = byKind<CallSpec>(
  {
    scalar: map(identifier, (service): CallSpec => ({ service, optional: false, timeout: Infinity })),
    map: fields({
      service: req(identifier),
      optional: dflt(bool, false),
      timeout: dflt(duration({ infinite: true, positive: true }), Infinity),
    }),
  },
  'a service id or {service, optional, timeout}',
);

/** One service. */
export const service: Check<ServiceSpec> = fields({
  id: req(identifier),
  kind: opt(oneOf(['service', 'queue'])),
  instances: dflt(positiveInt, 1),
  concurrency: dflt(positiveInt, 1),
  queue: dflt(queueSize, Infinity),
  serviceTime: dflt(dist, { dist: 'constant', value: 0 }),
  errorRate: dflt(fraction, 0),
  calls: dflt(list(call), []),
  callMode: dflt(oneOf(['sequential', 'parallel']), 'sequential'),
  model: dflt(oneOf(['thread-per-request', 'event-loop']), 'thread-per-request'),
  region: opt(region),
});
