import type { Uniform } from '../engine';
import type { HealthCheckSpec } from '../scenario/types';
import type { Balancer } from './balancers';
import { CAUSE_CONNECT, CAUSE_DEADLINE, CAUSE_PER_TRY_TIMEOUT } from './constants';
import type { Station } from './station';
import type { HashKeys } from './gateway/hash-on';

/**
 * A caller's view of one destination: which of its instances are candidates, and how the caller
 * picks among them. Used by the gateway for each route's upstream (Kong's upstream and targets).
 *
 * Health follows Kong (docs/behaviour.md#kong-load-balancing-and-health-checks):
 * 1. Passive: each answer is classified. A status in `httpStatuses` is an HTTP failure, a refused
 *    connection a TCP failure, a per-try timeout a timeout; anything else resets the counts.
 * 2. When one kind's consecutive count reaches its threshold (0: never), the target is out.
 * 3. Without active checks an out target never returns. With them, every `interval` each out target
 *    is probed; a probe succeeds when the instance is up, and `successes` in a row bring it back.
 * 4. With no target in, the gateway answers 503 at once ("failure to get a peer from the
 *    ring-balancer") without calling anyone.
 */
export class Upstream {
  /** 1 for instances that are candidates. */
  readonly eligible: Uint8Array;
  private readonly httpFailures: Int32Array;
  private readonly tcpFailures: Int32Array;
  private readonly timeouts: Int32Array;
  private readonly probeSuccesses: Int32Array;
  private readonly unhealthyStatuses: ReadonlySet<number>;

  constructor(
    readonly station: Station,
    private readonly balancer: Balancer,
    private readonly random: Uniform,
    readonly health: HealthCheckSpec | undefined,
    /** The route's own hash keys by client and mix entry (its `hashOn`); absent: the caller's key. */
    readonly hashKeys?: HashKeys,
  ) {
    const n = station.instances;
    // The targets running at the start; a scale fault adds or removes them (`setRunning`).
    this.eligible = Uint8Array.from(station.up);
    this.httpFailures = new Int32Array(n);
    this.tcpFailures = new Int32Array(n);
    this.timeouts = new Int32Array(n);
    this.probeSuccesses = new Int32Array(n);
    this.unhealthyStatuses = new Set(health?.passive.httpStatuses ?? []);
  }

  /** Instances in right now. */
  healthyCount(): number {
    let n = 0;
    for (let i = 0; i < this.eligible.length; i++) n += this.eligible[i];
    return n;
  }

  /** The instance for a new try, or -1 when none is in. */
  pick(now: number, hashKey: number): number {
    const instance = this.balancer.pick(this.eligible, now, this.random, hashKey);
    if (instance >= 0) this.balancer.started(instance, now);
    return instance;
  }

  /** A try to `instance` ended (answered, refused or timed out) after `latency` ms. */
  finished(instance: number, now: number, latency: number, status: number, cause: number): void {
    this.balancer.finished(instance, now, latency, status >= 200 && status < 400);
    const passive = this.health?.passive;
    // A deadline ends the wait of the caller, not the target's health: it says nothing of the target.
    if (!passive || cause === CAUSE_DEADLINE) return;
    if (cause === CAUSE_CONNECT) this.count(this.tcpFailures, passive.tcpFailures, instance);
    else if (cause === CAUSE_PER_TRY_TIMEOUT) this.count(this.timeouts, passive.timeouts, instance);
    else if (this.unhealthyStatuses.has(status))
      this.count(this.httpFailures, passive.httpFailures, instance);
    else {
      this.httpFailures[instance] = 0;
      this.tcpFailures[instance] = 0;
      this.timeouts[instance] = 0;
    }
  }

  /** A target was added (scaled up) or removed (scaled down): DNS gives it, or takes it away. */
  setRunning(instance: number, running: boolean): void {
    this.eligible[instance] = running ? 1 : 0;
    this.httpFailures[instance] = 0;
    this.tcpFailures[instance] = 0;
    this.timeouts[instance] = 0;
    this.probeSuccesses[instance] = 0;
  }

  /** One round of active probes of the instances that are out. */
  probe(): void {
    const successesNeeded = this.health?.active?.successes ?? Infinity;
    for (let i = 0; i < this.eligible.length; i++) {
      if (this.eligible[i]) continue;
      if (!this.station.up[i]) {
        this.probeSuccesses[i] = 0;
        continue;
      }
      if (++this.probeSuccesses[i] >= successesNeeded) {
        this.eligible[i] = 1;
        this.probeSuccesses[i] = 0;
        this.httpFailures[i] = 0;
        this.tcpFailures[i] = 0;
        this.timeouts[i] = 0;
      }
    }
  }

  private count(counts: Int32Array, threshold: number, instance: number): void {
    if (threshold > 0 && ++counts[instance] >= threshold) this.eligible[instance] = 0;
  }
}
