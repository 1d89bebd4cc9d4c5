import {
  BALANCER_NAMES,
  BALANCERS,
  type BalancerName,
  type BalancerOptions as WrittenBalancerOptions,
} from '../../scenario/policies/balancers';
import { withDefaults, type FilledOptions, type OptionValues } from '../../scenario/policies/policy-option';
import type { Balancer, Weights } from './balancer';
import { checkedWeights } from './balancer';
import { LeastConnectionsBalancer } from './least-connections';
import { LeastRequestBalancer } from './least-request';
import { PeakEwmaBalancer } from './peak-ewma';
import { RandomBalancer } from './random';
import { RingHashBalancer } from './ring-hash';
import { RoundRobinBalancer } from './round-robin';

/** The balancer kinds, spelled as Istio's `loadBalancer.simple` spells its own: the registry's names. */
export const BALANCER_KINDS: readonly BalancerName[] = BALANCER_NAMES;

/** One of `BALANCER_KINDS`. */
export type BalancerKind = BalancerName;

/** Options of every kind together, as a file writes them; each kind reads its own. */
export type BalancerOptions = WrittenBalancerOptions;

/** The options balancer `K` is built with: every option of its declaration, defaults filled. */
export type BuiltOptions<K extends BalancerName> = FilledOptions<(typeof BALANCERS)[K]['options']>;

/**
 * The constructor of every registered balancer (`src/scenario/policies/balancers.ts` declares its
 * name and options), from the endpoints' weights (one per endpoint) and its typed options. The
 * mapped type makes a declared balancer without a constructor, or a constructor of an undeclared
 * one, a compile error. Each returns the balancer's own class, so a proxy's `pick` call site sees
 * one class for the whole run.
 */
export const BALANCER_MAKERS: {
  readonly [K in BalancerName]: (weights: Weights, options: BuiltOptions<K>) => Balancer;
} = {
  ROUND_ROBIN: (weights) => new RoundRobinBalancer(weights),
  // Envoy's RANDOM ignores weights, but they are still checked so a bad file fails the same way.
  RANDOM: (weights) => new RandomBalancer(checkedWeights('random', weights).length),
  LEAST_REQUEST: (weights, options) => new LeastRequestBalancer(weights, options),
  LEAST_CONNECTIONS: (weights) => new LeastConnectionsBalancer(weights),
  RING_HASH: (weights, options) => new RingHashBalancer(weights, options),
  // Linkerd ignores endpoint weights.
  EWMA: (weights, options) =>
    new PeakEwmaBalancer(checkedWeights('peak-ewma', weights).length, {
      decayMs: options.decay,
      defaultRttMs: options.defaultRtt,
    }),
};

/**
 * Builds the balancer `kind` for endpoints of `weights` with the options a file wrote (absent:
 * the declared defaults, which are the policy's own). Construction happens once per proxy and
 * destination, off the per-request path.
 */
export function buildBalancer<K extends BalancerName>(
  kind: K,
  weights: Weights,
  options: OptionValues<(typeof BALANCERS)[K]['options']> = {},
): Balancer {
  const make = BALANCER_MAKERS[kind];
  return make(weights, withDefaults(BALANCERS[kind].options, options));
}

/**
 * Builds the balancer of `kind` (see `BALANCER_MAKERS`) for endpoints of `weights`, reading the
 * options of that kind from `options`. Bad weights, options or kinds throw a RangeError naming them.
 */
export function makeBalancer(kind: BalancerKind, weights: Weights, options: BalancerOptions = {}): Balancer {
  if (!Object.hasOwn(BALANCER_MAKERS, kind)) {
    throw new RangeError(
      `load balancer kind must be one of ${BALANCER_KINDS.join(', ')}, got ${String(kind)}`,
    );
  }
  return buildBalancer(kind, weights, options);
}
