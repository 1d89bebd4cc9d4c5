import type { Uniform } from '../engine';
import type { HealthCheckSpec } from '../scenario/types';
import type { Balancer } from './balancers';
import { CAUSE_DEADLINE } from './constants';
import { HEALTH_CHECK_MAKERS } from './health/registry';
import type { ActiveHealthCheck, PassiveHealthCheck } from './health/kong-health';
import type { Station } from './station';
import type { HashKeys } from './gateway/hash-on';

/**
 * A caller's view of one destination: which of its instances are candidates, and how the caller
 * picks among them. Used by the gateway for each route's upstream (Kong's upstream and targets).
 *
 * Health follows Kong (docs/behaviour.md#kong-load-balancing-and-health-checks), with the checks
 * built by their registered constructors (`health/registry.ts`):
 * 1. Passive (`PassiveHealthCheck`): consecutive failures of a kind take a target out.
 * 2. Without active checks an out target never returns. With them (`ActiveHealthCheck`), every
 *    `interval` each out target is probed; a probe succeeds when the instance is up, and
 *    `successes` in a row bring it back with its counts at 0.
 * 3. With no target in, the gateway answers 503 at once ("failure to get a peer from the
 *    ring-balancer") without calling anyone.
 */
export class Upstream {
  /** 1 for instances that are candidates. */
  readonly eligible: Uint8Array;
  private readonly passive: PassiveHealthCheck | undefined;
  private readonly active: ActiveHealthCheck | undefined;

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
    this.passive = health && HEALTH_CHECK_MAKERS.passive(health.passive, n, random);
    this.active = health?.active && HEALTH_CHECK_MAKERS.active(health.active, n, random);
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
    // A deadline ends the wait of the caller, not the target's health: it says nothing of the target.
    if (!this.passive || cause === CAUSE_DEADLINE) return;
    if (this.passive.failed(instance, status, cause)) this.eligible[instance] = 0;
  }

  /** A target was added (scaled up) or removed (scaled down): DNS gives it, or takes it away. */
  setRunning(instance: number, running: boolean): void {
    this.eligible[instance] = running ? 1 : 0;
    this.passive?.reset(instance);
    this.active?.reset(instance);
  }

  /** One round of active probes of the instances that are out. */
  probe(): void {
    const active = this.active;
    if (!active) return;
    for (let i = 0; i < this.eligible.length; i++) {
      if (this.eligible[i]) continue;
      if (active.probe(i, this.station.up[i] !== 0)) {
        this.eligible[i] = 1;
        this.passive?.reset(i);
      }
    }
  }
}
