/**
 * Envoy's panic threshold (`healthy_panic_threshold`, default 50 %; Istio's DestinationRule
 * `minHealthPercent`, default 0 = off). When too few hosts are healthy, Envoy stops trusting
 * health and balances across all of them, on the bet that spreading load is better than crushing
 * the survivors.
 *
 * 1. known = endpoints the proxy knows (all of them when `known` is null), healthy = those of them
 *    marked healthy.
 * 2. healthy share = 100 * healthy / known (0 when nothing is known).
 * 3. Panic iff healthy share < thresholdPercent (strictly, as Envoy compares). A threshold of 0
 *    never panics: with no healthy host the pick fails (Istio: 503 "no healthy upstream").
 *
 * Envoy's degraded hosts and priority levels are not modelled: one priority, healthy or not.
 */

/** Checks a threshold at the boundary: a percentage in [0, 100]. */
export function checkedPanicThreshold(thresholdPercent: number): number {
  if (!(typeof thresholdPercent === 'number' && thresholdPercent >= 0 && thresholdPercent <= 100)) {
    throw new RangeError(`panic threshold must be a percentage in [0, 100], got ${String(thresholdPercent)}`);
  }
  return thresholdPercent;
}

/**
 * True when the healthy share of the first `count` endpoints is below `thresholdPercent`.
 * `healthy[i] === 1` marks a healthy endpoint; `known` (or null: all) the endpoints that count.
 */
export function isInPanic(
  healthy: Uint8Array,
  count: number,
  thresholdPercent = 50,
  known: Uint8Array | null = null,
): boolean {
  let total = 0;
  let good = 0;
  for (let i = 0; i < count; i++) {
    if (known !== null && known[i] !== 1) continue;
    total++;
    if (healthy[i] === 1) good++;
  }
  const share = total === 0 ? 0 : (100 * good) / total;
  return share < thresholdPercent;
}

/**
 * The eligibility array a balancer should use for the first `count` endpoints: `healthy` itself
 * when not in panic, else `scratch` filled with the known endpoints (all when `known` is null).
 * Writes only into `scratch` (length >= count), so a hot path allocates nothing.
 */
export function panicEligibility(
  healthy: Uint8Array,
  count: number,
  scratch: Uint8Array,
  thresholdPercent = 50,
  known: Uint8Array | null = null,
): Uint8Array {
  if (!isInPanic(healthy, count, thresholdPercent, known)) return healthy;
  for (let i = 0; i < count; i++) scratch[i] = known === null || known[i] === 1 ? 1 : 0;
  return scratch;
}
