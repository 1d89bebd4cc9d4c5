import type { Balancer } from './balancer';
import { checkedCount, drawIndex } from './balancer';

/**
 * Envoy's RANDOM load balancer (`random_lb.cc`; Istio and Consul `random`): each pick is a uniform
 * draw among the hosts in use, whatever their weights or load.
 *
 * On every pick:
 * 1. Count the eligible endpoints, m. None: -1 and no draw.
 * 2. Draw k = floor(random() * m).
 * 3. Return the k-th eligible endpoint in index order.
 *
 * Envoy draws `random() % hosts.size()` over its healthy host list, which is the same
 * distribution. It ignores endpoint weights, so this balancer takes only a count. One draw per
 * pick keeps the caller's random stream aligned across variants (common random numbers).
 */
export class RandomBalancer implements Balancer {
  /** Number of endpoints. */
  readonly count: number;

  /** `count`: the number of endpoints, >= 1. */
  constructor(count: number) {
    this.count = checkedCount('random', count);
  }

  pick(eligible: Uint8Array, _now: number, random: () => number, _hashKey: number): number {
    const n = this.count;
    let m = 0;
    for (let i = 0; i < n; i++) m += eligible[i] === 1 ? 1 : 0;
    if (m === 0) return -1;
    let k = drawIndex(random, m);
    for (let i = 0; i < n; i++) {
      if (eligible[i] === 1 && k-- === 0) return i;
    }
    return -1; // unreachable: k < m
  }

  started(_endpoint: number, _now: number): void {}

  finished(_endpoint: number, _now: number, _latencyMs: number, _ok: boolean): void {}
}
