/**
 * Timed faults: `crash` (instances stop answering), `latency` (adds `add` to service time),
 * `errors` (share `rate` answered 500), `scale` (the service runs `instances` instances) and `flush`
 * (the gateway's caches drop every entry, at one instant: it has no `for`). `at`
 * defaults to 0, `for` to the end of the run; no `instance` means every instance of the target.
 */
import {
  dflt,
  fields,
  fraction,
  identifier,
  map,
  nonNegativeInt,
  positiveInt,
  oneOf,
  opt,
  req,
  tagged,
  type Check,
} from '../checks';
import { dist } from '../distributions';
import type { FaultSpec } from '../types';
import { duration } from '../units';

const timing = {
  at: dflt(duration(), 0),
  for: dflt(duration({ infinite: true, positive: true }), Infinity),
  target: req(identifier),
};
const common = { ...timing, instance: opt(nonNegativeInt) };

/** One fault. */
export const fault: Check<FaultSpec> = tagged(
  'kind',
  {
    crash: fields({ kind: req(oneOf(['crash'])), ...common }),
    latency: fields({ kind: req(oneOf(['latency'])), ...common, add: req(dist) }),
    errors: fields({ kind: req(oneOf(['errors'])), ...common, rate: req(fraction) }),
    scale: fields({ kind: req(oneOf(['scale'])), ...timing, instances: req(positiveInt) }),
    flush: map(fields({ kind: req(oneOf(['flush'])), at: timing.at, target: timing.target }), (f) => ({
      ...f,
      for: Infinity,
    })),
  },
  'fault kind',
);
