import type { Balancer, Weights } from './balancer';
import { checkedWeights } from './balancer';
import { LeastConnectionsBalancer } from './least-connections';
import type { LeastRequestOptions } from './least-request';
import { LeastRequestBalancer } from './least-request';
import type { PeakEwmaOptions } from './peak-ewma';
import { PeakEwmaBalancer } from './peak-ewma';
import { RandomBalancer } from './random';
import type { RingHashOptions } from './ring-hash';
import { RingHashBalancer } from './ring-hash';
import { RoundRobinBalancer } from './round-robin';

/** The balancer kinds, spelled as Istio's `loadBalancer.simple` spells its own. */
export const BALANCER_KINDS = [
  'ROUND_ROBIN',
  'RANDOM',
  'LEAST_REQUEST',
  'LEAST_CONNECTIONS',
  'RING_HASH',
  'EWMA',
] as const;

/** One of `BALANCER_KINDS`. */
export type BalancerKind = (typeof BALANCER_KINDS)[number];

/** Options of every kind together; each kind reads its own and ignores the rest. */
export type BalancerOptions = LeastRequestOptions & RingHashOptions & PeakEwmaOptions;

/**
 * Builds the balancer of `kind` for endpoints of `weights` (one per endpoint):
 * ROUND_ROBIN smooth weighted round robin; RANDOM uniform (weights ignored, as Envoy does);
 * LEAST_REQUEST Envoy's P2C / weighted least request; LEAST_CONNECTIONS Kong's heap; RING_HASH
 * consistent hashing; EWMA Linkerd's peak EWMA with P2C (weights ignored, as Linkerd does).
 * Bad weights, options or kinds throw a RangeError naming them.
 */
export function makeBalancer(kind: BalancerKind, weights: Weights, options: BalancerOptions = {}): Balancer {
  switch (kind) {
    case 'ROUND_ROBIN':
      return new RoundRobinBalancer(weights);
    case 'RANDOM':
      return new RandomBalancer(checkedWeights('random', weights).length);
    case 'LEAST_REQUEST':
      return new LeastRequestBalancer(weights, options);
    case 'LEAST_CONNECTIONS':
      return new LeastConnectionsBalancer(weights);
    case 'RING_HASH':
      return new RingHashBalancer(weights, options);
    case 'EWMA':
      return new PeakEwmaBalancer(checkedWeights('peak-ewma', weights).length, options);
    default:
      throw new RangeError(
        `load balancer kind must be one of ${BALANCER_KINDS.join(', ')}, got ${String(kind as unknown)}`,
      );
  }
}
