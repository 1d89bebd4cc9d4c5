import type { Balancer, Weights } from './balancer';
import { checkedWeights } from './balancer';

/**
 * Kong's `least-connections` algorithm (`kong/runloop/balancer/least_connections.lua`): a
 * deterministic min-heap of the available targets keyed on (active + 1) / weight, using Tieske's
 * `binaryheap` (0.4) `minUnique`. The `+ 1` makes the heaviest target win when all are idle.
 *
 * 1. Build: insert the eligible endpoints in index order, key (active + 1) / weight; each insert
 *    bubbles up while its parent's key is strictly greater. The heap is rebuilt the same way
 *    whenever the eligible set differs from the heap's members (Kong rebuilds on every target or
 *    health change, `afterHostUpdate`).
 * 2. Pick: the endpoint at the top of the heap; an empty heap gives -1. No randomness.
 * 3. `started` / `finished`: active +1 / -1, then the key is updated in place: bubble up while the
 *    parent is strictly greater, then sink down from the same position, swapping with the left
 *    child if strictly smaller, else with the right child if strictly smaller than both.
 *
 * Ties are therefore not broken by index: equal keys never swap, so the endpoint just picked stays
 * on top while it ties with its children. Three equal idle targets with no request finishing are
 * picked 0, 1, 2, 2, 0, 1, 1, 2, 0 (not 0, 1, 2, 0, ...), exactly as Kong does.
 *
 * Differences from Kong: Kong's counts are per nginx worker (each worker has its own balancer); a
 * retry there pops the failed targets off the heap and reinserts them, whereas here the caller
 * marks them ineligible, which rebuilds the heap (same winner, ties may order differently).
 */
export class LeastConnectionsBalancer implements Balancer {
  /** Weight of each endpoint. */
  readonly weights: Float64Array;
  /** Requests in flight per endpoint. */
  readonly active: Int32Array;
  // The heap, 1-based as in binaryheap.lua: key and endpoint per slot, slot per endpoint (0: out).
  private readonly key: Float64Array;
  private readonly member: Int32Array;
  private readonly slot: Int32Array;
  private size = 0;

  /** `weights`: one positive weight per endpoint (Kong's target weight, default 100 there). */
  constructor(weights: Weights) {
    this.weights = checkedWeights('least-connections', weights);
    const n = this.weights.length;
    this.active = new Int32Array(n);
    this.key = new Float64Array(n + 1);
    this.member = new Int32Array(n + 1);
    this.slot = new Int32Array(n);
  }

  pick(eligible: Uint8Array, _now: number, _random: () => number, _hashKey: number): number {
    const n = this.weights.length;
    for (let i = 0; i < n; i++) {
      if ((eligible[i] === 1) !== this.slot[i] > 0) {
        this.rebuild(eligible);
        break;
      }
    }
    return this.size > 0 ? this.member[1] : -1;
  }

  started(endpoint: number, _now: number): void {
    this.active[endpoint]++;
    this.rekey(endpoint);
  }

  finished(endpoint: number, _now: number, _latencyMs: number, _ok: boolean): void {
    this.active[endpoint]--;
    this.rekey(endpoint);
  }

  /** Kong's score of `endpoint`: (active + 1) / weight. */
  score(endpoint: number): number {
    return (this.active[endpoint] + 1) / this.weights[endpoint];
  }

  private rebuild(eligible: Uint8Array): void {
    this.slot.fill(0);
    this.size = 0;
    for (let i = 0; i < this.weights.length; i++) {
      if (eligible[i] !== 1) continue;
      const at = ++this.size;
      this.key[at] = this.score(i);
      this.member[at] = i;
      this.slot[i] = at;
      this.bubbleUp(at);
    }
  }

  /** binaryheap's `update(pos, value)`: bubble up, then sink down from the original position. */
  private rekey(endpoint: number): void {
    const at = this.slot[endpoint];
    if (at === 0) return; // not available: Kong counts it but leaves the heap alone
    this.key[at] = this.score(endpoint);
    if (at > 1) this.bubbleUp(at);
    if (at < this.size) this.sinkDown(at);
  }

  private bubbleUp(at: number): void {
    while (at > 1) {
      const parent = at >> 1;
      if (this.key[parent] <= this.key[at]) break;
      this.swap(parent, at);
      at = parent;
    }
  }

  private sinkDown(at: number): void {
    const last = this.size;
    for (;;) {
      let min = at;
      const child = 2 * at;
      if (child <= last && this.key[child] < this.key[min]) min = child;
      if (child + 1 <= last && this.key[child + 1] < this.key[min]) min = child + 1;
      if (min === at) return;
      this.swap(at, min);
      at = min;
    }
  }

  private swap(a: number, b: number): void {
    const ka = this.key[a];
    const ma = this.member[a];
    this.key[a] = this.key[b];
    this.member[a] = this.member[b];
    this.key[b] = ka;
    this.member[b] = ma;
    this.slot[this.member[a]] = a;
    this.slot[this.member[b]] = b;
  }
}
