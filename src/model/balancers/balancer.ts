/**
 * What every load balancer offers: a pick among the endpoints of one destination, and the two
 * notifications that keep its load figures current. One balancer lives in each proxy that chooses
 * (the gateway's upstream, each sidecar's outbound cluster), so its state is that proxy's view only.
 *
 * Endpoints are numbered 0 to N - 1. The caller says which of them may be chosen with `eligible`
 * (1: healthy and known; see `panicEligibility` for Envoy's panic threshold); a balancer never
 * reads past index N - 1, so the array may be longer. Times are simulated milliseconds.
 */
export interface Balancer {
  /**
   * Picks an endpoint among those eligible (eligible[i] === 1), or -1 when none is. `random` is a
   * uniform [0,1) source (seeded stream from the caller); `hashKey` is used by hashing balancers.
   */
  pick(eligible: Uint8Array, now: number, random: () => number, hashKey: number): number;
  /** A request to `endpoint` started (active + 1). */
  started(endpoint: number, now: number): void;
  /** A request to `endpoint` ended after `latencyMs`, successfully or not. */
  finished(endpoint: number, now: number, latencyMs: number, ok: boolean): void;
}

/** Endpoint weights as given: one positive finite number per endpoint. */
export type Weights = ArrayLike<number>;

/**
 * Copies `weights` after checking them, so a bad configuration fails when the balancer is built
 * and names what was wrong. Weights must be finite and > 0: a target of weight 0 (Kong's way to
 * disable one) is the caller's to mark ineligible, which keeps "-1 iff nothing eligible" true.
 */
export function checkedWeights(balancer: string, weights: Weights): Float64Array {
  if (weights.length === 0) throw new RangeError(`${balancer}: weights must name at least one endpoint`);
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(typeof w === 'number' && Number.isFinite(w) && w > 0)) {
      throw new RangeError(`${balancer}: weights[${i}] must be a finite number > 0, got ${String(w)}`);
    }
    out[i] = w;
  }
  return out;
}

/** Checks an endpoint count: an integer >= 1. */
export function checkedCount(balancer: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`${balancer}: endpoint count must be an integer >= 1, got ${String(count)}`);
  }
  return count;
}

/** Checks a numeric option against `ok`, naming the option, the expected form and the value found. */
export function checkedOption(
  balancer: string,
  option: string,
  value: number,
  ok: (v: number) => boolean,
  expected: string,
): number {
  if (typeof value !== 'number' || !ok(value)) {
    throw new RangeError(`${balancer}: ${option} must be ${expected}, got ${String(value)}`);
  }
  return value;
}

/**
 * Writes the indices of the eligible endpoints among the first `n` into `into`, in index order,
 * and returns how many there are. Used by the sampling balancers to draw among eligible endpoints
 * without allocating.
 */
export function listEligible(eligible: Uint8Array, n: number, into: Int32Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) if (eligible[i] === 1) into[m++] = i;
  return m;
}

/** A uniform integer in [0, n) from a [0,1) draw; guards a source that returns 1 by mistake. */
export function drawIndex(random: () => number, n: number): number {
  const i = Math.floor(random() * n);
  return i < n ? i : n - 1;
}
