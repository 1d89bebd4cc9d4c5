import type { Balancer, Weights } from './balancer';
import { checkedOption, checkedWeights, drawIndex, listEligible } from './balancer';

/** Options of `LeastRequestBalancer`. */
export interface LeastRequestOptions {
  /** Random hosts compared per pick when weights are equal; integer >= 1. Default 2 (P2C). */
  readonly choiceCount?: number;
  /** Exponent of (active + 1) in the weighted form; >= 0. Default 1.0; 0 is weighted round robin. */
  readonly activeRequestBias?: number;
}

/**
 * Envoy's LEAST_REQUEST load balancer (`least_request_lb.cc`; Istio's default, Consul's
 * `least_request`). It has two modes, chosen once from the configured weights.
 *
 * All weights equal: N choices (power of two choices by default). On every pick:
 * 1. List the eligible endpoints (m of them). None: -1.
 * 2. `choiceCount` times, draw one of them uniformly, WITH replacement (Envoy draws
 *    `random() % size` each time, so both draws can be the same host).
 * 3. Keep the first draw; a later draw replaces it only with strictly fewer active requests, so
 *    a tie goes to the first drawn.
 *
 * Weights differ: earliest deadline first over dynamic weights (Envoy's `EdfScheduler`):
 * 1. An endpoint entering the schedule (at start, or on becoming eligible again, as Envoy rebuilds
 *    its scheduler when health changes) gets deadline = time + 1 / w, where
 *    w = weight / (active + 1)^activeRequestBias, and the next insertion number.
 * 2. Pick the eligible endpoint with the smallest (deadline, insertion number); time = its deadline.
 * 3. Put it back with deadline = time + 1 / w, w computed now, before the new request counts as
 *    active (Envoy's `pickAndAdd`). Other endpoints keep their deadlines until picked, so their
 *    weights are as stale as Envoy's are.
 *
 * Not modelled: Envoy's FULL_SCAN selection method, slow start, the random start offset of the
 * schedule, and counting pending requests (a runtime flag). Active requests are this proxy's, kept
 * by `started` and `finished`.
 */
export class LeastRequestBalancer implements Balancer {
  /** Weight of each endpoint. */
  readonly weights: Float64Array;
  /** Requests in flight per endpoint. */
  readonly active: Int32Array;
  /** Random hosts compared per pick in the equal-weight mode. */
  readonly choiceCount: number;
  /** Exponent of (active + 1) in the weighted mode. */
  readonly activeRequestBias: number;
  /** True when weights differ, so picks use the EDF schedule. */
  readonly weighted: boolean;
  private readonly candidates: Int32Array;
  // EDF state, parallel arrays by endpoint.
  private readonly deadline: Float64Array;
  private readonly insertion: Float64Array;
  private readonly scheduled: Uint8Array;
  private edfTime = 0;
  private nextInsertion = 0;

  /** `weights`: one positive weight per endpoint; equal weights select the P2C mode. */
  constructor(weights: Weights, options: LeastRequestOptions = {}) {
    const name = 'least-request';
    this.weights = checkedWeights(name, weights);
    const n = this.weights.length;
    this.choiceCount = checkedOption(
      name,
      'choiceCount',
      options.choiceCount ?? 2,
      (v) => Number.isInteger(v) && v >= 1,
      'an integer >= 1',
    );
    this.activeRequestBias = checkedOption(
      name,
      'activeRequestBias',
      options.activeRequestBias ?? 1,
      (v) => Number.isFinite(v) && v >= 0,
      'a finite number >= 0',
    );
    this.active = new Int32Array(n);
    this.candidates = new Int32Array(n);
    this.deadline = new Float64Array(n);
    this.insertion = new Float64Array(n);
    this.scheduled = new Uint8Array(n);
    let weighted = false;
    for (let i = 1; i < n; i++) if (this.weights[i] !== this.weights[0]) weighted = true;
    this.weighted = weighted;
    if (weighted) for (let i = 0; i < n; i++) this.schedule(i);
  }

  pick(eligible: Uint8Array, _now: number, random: () => number, _hashKey: number): number {
    return this.weighted ? this.pickEdf(eligible) : this.pickChoices(eligible, random);
  }

  started(endpoint: number, _now: number): void {
    this.active[endpoint]++;
  }

  finished(endpoint: number, _now: number, _latencyMs: number, _ok: boolean): void {
    this.active[endpoint]--;
  }

  /** Envoy's dynamic weight: weight / (active + 1)^bias. */
  hostWeight(endpoint: number): number {
    const bias = this.activeRequestBias;
    const w = this.weights[endpoint];
    if (bias === 0) return w;
    const load = this.active[endpoint] + 1;
    return bias === 1 ? w / load : w / Math.pow(load, bias);
  }

  private pickChoices(eligible: Uint8Array, random: () => number): number {
    const m = listEligible(eligible, this.weights.length, this.candidates);
    if (m === 0) return -1;
    const active = this.active;
    let best = this.candidates[drawIndex(random, m)];
    for (let c = 1; c < this.choiceCount; c++) {
      const sampled = this.candidates[drawIndex(random, m)];
      if (active[sampled] < active[best]) best = sampled;
    }
    return best;
  }

  private pickEdf(eligible: Uint8Array): number {
    const n = this.weights.length;
    const deadline = this.deadline;
    const insertion = this.insertion;
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (eligible[i] !== 1) {
        this.scheduled[i] = 0;
        continue;
      }
      if (this.scheduled[i] === 0) this.schedule(i);
      if (
        best < 0 ||
        deadline[i] < deadline[best] ||
        (deadline[i] === deadline[best] && insertion[i] < insertion[best])
      ) {
        best = i;
      }
    }
    if (best < 0) return -1;
    this.edfTime = deadline[best];
    this.schedule(best);
    return best;
  }

  /** (Re)inserts `endpoint` into the EDF schedule at the current schedule time. */
  private schedule(endpoint: number): void {
    this.deadline[endpoint] = this.edfTime + 1 / this.hostWeight(endpoint);
    this.insertion[endpoint] = this.nextInsertion++;
    this.scheduled[endpoint] = 1;
  }
}
