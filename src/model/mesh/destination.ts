import { IntRing, type Uniform } from '../../engine';
import type { MeshPolicy } from '../../scenario/types';
import { makeBalancer, panicEligibility, type Balancer } from '../balancers';
import type { CircuitBreaker } from './circuit-breaker';
import type { FailureAccrual } from './failure-accrual';
import type { OutlierDetector } from './outlier-detection';
import { HEALTH_CHECK_MAKERS } from '../health/registry';
import { BREAKER_MAKERS, retryBudget, type PoolLimits } from './registry';
import type { RetryBudget } from './retry-budget';

/** How often `pick` redraws to avoid the instance the last try failed on (Istio sets Envoy's to 5). */
const HOST_SELECTION_ATTEMPTS = 5;

/**
 * Linkerd's balancer picks among ready endpoints only: one whose connection was refused is not ready
 * while its proxy reconnects, backing off exponentially (linkerd2-proxy's outbound connect backoff,
 * 100 ms doubling up to 500 ms). Envoy keeps a refused host in its balancer, so this applies to the
 * EWMA balancer, Linkerd's, alone.
 */
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 500;

/**
 * One sidecar's outbound view of one destination service (an Envoy cluster in one proxy): its load
 * balancer, what it knows of the endpoints (from the registry, late by the propagation delay, and
 * from its own outlier detection or failure accrual), its circuit-breaker thresholds, its retry
 * budget and its pooled connections. Every caller instance has its own, as every proxy does: one
 * sidecar's ejections and counters are not another's.
 */
export class MeshDestination {
  readonly balancer: Balancer;
  readonly outlier: OutlierDetector | undefined;
  readonly accrual: FailureAccrual | undefined;
  readonly breaker: CircuitBreaker | undefined;
  readonly budget: RetryBudget | undefined;
  /** Requests in flight through the pool; at most `maxActive`. */
  active = 0;
  /** Retries in flight; at most `pool.maxRetries`. */
  retriesActive = 0;
  /** Calls waiting for a connection, oldest first. */
  readonly pending = new IntRing();
  readonly maxActive: number;
  /** The connection pool's limits (`connectionPool`), as built by its registered constructor. */
  readonly pool: PoolLimits;
  /** Idle pooled connections per endpoint: when each went idle, most recent last. */
  private readonly idleSince: number[][];
  /** The certificate epoch each idle connection was made in, parallel to `idleSince`. */
  private readonly idleEpoch: number[][];
  private readonly eligible: Uint8Array;
  private readonly healthy: Uint8Array;
  private readonly scratch: Uint8Array;
  /** With Linkerd's balancer: when each endpoint is ready again after a refused connection (0: ready). */
  private readonly readyAt: Float64Array | undefined;
  /** Refused connections in a row, per endpoint, for the reconnect backoff. */
  private readonly refusals: Uint8Array | undefined;

  /**
   * The same sidecar's destinations towards the services this one fails over to, in order: a try
   * goes to the first that knows a healthy endpoint when this one knows none. Empty: no failover.
   */
  failover: readonly MeshDestination[] = [];

  // Counters for the report.
  overflows = 0;
  handshakes = 0;
  retriesDenied = 0;

  constructor(
    /** Index in the topology's destination table. */
    readonly index: number,
    /** Destination component. */
    readonly component: number,
    /** The component whose sidecar this is. */
    readonly caller: number,
    /** The station its tries go to: the destination's sidecar, or the destination without one. */
    readonly into: number,
    readonly endpoints: number,
    readonly policy: MeshPolicy,
    /** Index of the CallPolicy its calls use. */
    readonly callPolicy: number,
    /** What the registry says is up, shared by every sidecar (late by the propagation delay). */
    private readonly registryUp: Uint8Array,
    private readonly random: Uniform,
  ) {
    const n = endpoints;
    this.balancer = makeBalancer(policy.loadBalancer, new Float64Array(n).fill(1), policy.balancerOptions);
    // Each policy the file turned on, built by its registered constructor (`registry.ts`).
    const { outlierDetection, failureAccrual, circuitBreaker } = policy;
    this.outlier = outlierDetection && HEALTH_CHECK_MAKERS.outlierDetection(outlierDetection, n, random);
    this.accrual = failureAccrual && HEALTH_CHECK_MAKERS.failureAccrual(failureAccrual, n, random);
    this.breaker = circuitBreaker && BREAKER_MAKERS.circuitBreaker(circuitBreaker);
    this.budget = policy.retries.budget && retryBudget(policy.retries.budget);
    this.pool = BREAKER_MAKERS.connectionPool(policy.connectionPool);
    this.maxActive = this.pool.maxActive;
    this.idleSince = Array.from({ length: n }, () => []);
    this.idleEpoch = Array.from({ length: n }, () => []);
    this.eligible = new Uint8Array(n);
    this.healthy = new Uint8Array(n);
    this.scratch = new Uint8Array(n);
    if (policy.loadBalancer === 'EWMA') {
      this.readyAt = new Float64Array(n);
      this.refusals = new Uint8Array(n);
    }
  }

  /**
   * The endpoint for a new try, or -1 when none may be chosen: the registry's live endpoints, less
   * those outlier detection ejected or failure accrual took out; below the panic threshold, every
   * endpoint the registry knows. `avoid` (-1: none) is the endpoint the previous try failed on.
   */
  pick(now: number, hashKey: number, avoid: number): number {
    const n = this.endpoints;
    for (let i = 0; i < n; i++) {
      let ok = this.registryUp[i];
      if (ok && this.outlier?.isEjected(i)) ok = 0;
      if (ok && this.accrual && !this.accrual.available(i, now)) ok = 0;
      if (ok && this.readyAt && now < this.readyAt[i]) ok = 0;
      this.healthy[i] = ok;
    }
    const panic = this.policy.panicThreshold;
    const eligible = panic > 0 ? panicEligibility(this.healthy, n, this.scratch, panic) : this.healthy;
    let endpoint = this.balancer.pick(eligible, now, this.random, hashKey);
    if (avoid >= 0 && endpoint === avoid) {
      // Envoy's previous-hosts predicate: redraw a few times, then accept the same host.
      this.eligible.set(eligible);
      this.eligible[avoid] = 0;
      for (let i = 0; i < HOST_SELECTION_ATTEMPTS && endpoint === avoid; i++) {
        const other = this.balancer.pick(this.eligible, now, this.random, hashKey + i + 1);
        if (other >= 0) endpoint = other;
        else break;
      }
    }
    if (endpoint >= 0) {
      this.balancer.started(endpoint, now);
      this.accrual?.sent(endpoint, now);
    }
    return endpoint;
  }

  /**
   * Whether some endpoint is healthy as this sidecar knows at `now`: up in the registry, not
   * ejected, not taken out by failure accrual. No side effects on the balancer.
   */
  knowsHealthy(now: number): boolean {
    for (let i = 0; i < this.endpoints; i++) {
      if (this.registryUp[i] === 0 || this.outlier?.isEjected(i)) continue;
      if (this.accrual && !this.accrual.available(i, now)) continue;
      return true;
    }
    return false;
  }

  /**
   * Where a try for this destination goes at `now`: here while some endpoint is healthy, else to the
   * first failover destination with one, else here all the same (and the try finds no endpoint).
   */
  resolve(now: number): MeshDestination {
    const failover = this.failover;
    if (failover.length === 0 || this.knowsHealthy(now)) return this;
    for (let i = 0; i < failover.length; i++) if (failover[i].knowsHealthy(now)) return failover[i];
    return this;
  }

  /**
   * Takes a pooled connection to `endpoint` at `now`: true when an idle one could be reused, false
   * when a new one must be opened (and pay the handshake). An idle connection older than the idle
   * timeout, or made under a certificate since rotated, is closed instead of reused.
   */
  takeConnection(endpoint: number, now: number, idleTimeout: number, epoch: number): boolean {
    const since = this.idleSince[endpoint];
    const epochs = this.idleEpoch[endpoint];
    while (since.length > 0) {
      const idleAt = since.pop()!;
      const madeIn = epochs.pop()!;
      if (madeIn === epoch && now - idleAt <= idleTimeout) return true;
      // The most recent idle connection is stale, so are the older ones: close them all.
      since.length = 0;
      epochs.length = 0;
    }
    this.handshakes++;
    return false;
  }

  /** A request's connection to `endpoint` is free again (made in certificate `epoch`). */
  returnConnection(endpoint: number, now: number, epoch: number): void {
    this.idleSince[endpoint].push(now);
    this.idleEpoch[endpoint].push(epoch);
  }

  /** Drops the connections to `endpoint` (the instance died: the resets closed them). */
  dropConnections(endpoint: number): void {
    this.idleSince[endpoint].length = 0;
    this.idleEpoch[endpoint].length = 0;
  }

  /** A connection to `endpoint` was refused at `now`: with Linkerd's balancer it is not ready for a backoff. */
  connectRefused(endpoint: number, now: number): void {
    if (!this.readyAt || !this.refusals) return;
    const refusals = Math.min(this.refusals[endpoint] + 1, 16);
    this.refusals[endpoint] = refusals;
    this.readyAt[endpoint] = now + Math.min(RECONNECT_MIN_MS * 2 ** (refusals - 1), RECONNECT_MAX_MS);
  }

  /** Tells the balancer and the health trackers how a try to `endpoint` ended. */
  finished(endpoint: number, now: number, latency: number, status: number, locallyOriginated: boolean): void {
    if (this.refusals && !locallyOriginated) this.refusals[endpoint] = 0;
    // Linkerd and Envoy alike count a 4xx (429 included) as a success of the endpoint.
    const ok = status < 500 && !locallyOriginated;
    this.balancer.finished(endpoint, now, latency, ok);
    this.outlier?.record(endpoint, now, status, locallyOriginated);
    this.accrual?.record(endpoint, now, ok);
  }
}
