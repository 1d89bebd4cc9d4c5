import type { Balancer, Weights } from './balancer';
import { checkedOption, checkedWeights } from './balancer';
import { hashKeyPosition, hashString } from './hash';

/** Options of `RingHashBalancer`. */
export interface RingHashOptions {
  /**
   * Points each endpoint gets on the ring when weights are equal; an endpoint of weight w gets
   * round(pointsPerEndpoint * N * w / sum of weights), at least 1. Integer >= 1. Default 160,
   * Kong's (ketama's) points per target.
   */
  readonly pointsPerEndpoint?: number;
}

/**
 * Consistent hashing on a ring (Kong's `consistent-hashing`, a ketama continuum; Envoy's
 * RING_HASH, Istio's and Consul's `ringHash` / `ring_hash`). A key keeps its endpoint while that
 * endpoint stays eligible; when one of N endpoints leaves, only the keys it held (about 1/N) move.
 *
 * Build, once:
 * 1. Endpoint i gets p_i points (see `pointsPerEndpoint`), placed at
 *    hashString(`endpoint-${i}-replica-${j}`) for j = 1 .. p_i, a 32-bit position.
 * 2. Sort the points by (position, endpoint).
 *
 * Pick:
 * 1. No eligible endpoint: -1.
 * 2. Position of the key: hashKeyPosition(hashKey).
 * 3. From the first point at or after that position (wrapping past the top of the ring), walk
 *    clockwise and return the first point's endpoint that is eligible.
 *
 * Walking past ineligible endpoints gives the same answer as rebuilding the ring without them,
 * which is what Envoy does on a health change, and is what Kong does directly (it walks its
 * continuum to the next available address). Differences: Kong places points at
 * xxhash32(`ip:port index`) mod `slots` (10 000 by default) and walks counter-clockwise, Envoy at
 * xxHash64(`ip:port_index`) with at least 1 024 points in all; the addresses and hash functions
 * differ, so which key lands where differs, but the spread and the remapping do not.
 */
export class RingHashBalancer implements Balancer {
  /** Weight of each endpoint. */
  readonly weights: Float64Array;
  /** Ring positions, sorted ascending (unsigned 32-bit). */
  readonly positions: Uint32Array;
  /** Endpoint of each ring point, parallel to `positions`. */
  readonly owners: Int32Array;

  /** `weights`: one positive weight per endpoint; a heavier endpoint gets more points. */
  constructor(weights: Weights, options: RingHashOptions = {}) {
    const name = 'ring-hash';
    this.weights = checkedWeights(name, weights);
    const perEndpoint = checkedOption(
      name,
      'pointsPerEndpoint',
      options.pointsPerEndpoint ?? 160,
      (v) => Number.isInteger(v) && v >= 1,
      'an integer >= 1',
    );
    const n = this.weights.length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.weights[i];
    const counts = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      counts[i] = Math.max(1, Math.round((perEndpoint * n * this.weights[i]) / sum));
      total += counts[i];
    }
    const rawPositions = new Uint32Array(total);
    const rawOwners = new Int32Array(total);
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 1; j <= counts[i]; j++) {
        rawPositions[k] = hashString(`endpoint-${i}-replica-${j}`);
        rawOwners[k++] = i;
      }
    }
    const order = Array.from({ length: total }, (_, p) => p);
    order.sort((a, b) => rawPositions[a] - rawPositions[b] || rawOwners[a] - rawOwners[b]);
    this.positions = new Uint32Array(total);
    this.owners = new Int32Array(total);
    for (let p = 0; p < total; p++) {
      this.positions[p] = rawPositions[order[p]];
      this.owners[p] = rawOwners[order[p]];
    }
  }

  pick(eligible: Uint8Array, _now: number, _random: () => number, hashKey: number): number {
    let any = false;
    for (let i = 0; i < this.weights.length; i++) {
      if (eligible[i] === 1) {
        any = true;
        break;
      }
    }
    if (!any) return -1;
    const points = this.positions.length;
    let p = this.firstPointAtOrAfter(hashKeyPosition(hashKey));
    for (let step = 0; step < points; step++) {
      const owner = this.owners[p];
      if (eligible[owner] === 1) return owner;
      p = p + 1 === points ? 0 : p + 1;
    }
    return -1; // unreachable: every endpoint has at least one point
  }

  started(_endpoint: number, _now: number): void {}

  finished(_endpoint: number, _now: number, _latencyMs: number, _ok: boolean): void {}

  /** Index of the first point whose position is >= `position`, wrapping to 0 past the end. */
  private firstPointAtOrAfter(position: number): number {
    const positions = this.positions;
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (positions[mid] < position) lo = mid + 1;
      else hi = mid;
    }
    return lo === positions.length ? 0 : lo;
  }
}
