import type { Millis, OutlierDetectionSpec } from '../../scenario/types';
import { positive, positiveInteger } from '../limiters/limiter';

/**
 * Envoy's outlier detection (passive health checking) of one caller proxy's view of one
 * destination: Istio's DestinationRule `outlierDetection`. Each sidecar keeps its own detector, so
 * one caller may have ejected a host that another still uses.
 *
 * Per host it keeps two counters, consecutive 5xx and consecutive gateway errors, the ejection
 * multiplier (Envoy's `ejectTimeBackoff`) and the times of the last ejection and return.
 *
 * A result (`record`):
 * 1. An ejected host's results are ignored. (Envoy keeps counting, but its trigger is `==` the
 *    threshold and it does nothing for a host already ejected, and the return resets every counter:
 *    the same outcome.)
 * 2. Locally originated failures (connect failure, reset, timeout) count as a 503/504 would: a 5xx
 *    and a gateway error (Envoy without `split_external_local_origin_errors`, its default).
 * 3. A 502, 503 or 504 adds one to both counters. Another 5xx adds one to the 5xx counter and sets
 *    the gateway counter to 0 (Envoy's `putHttpResponseCode`). Anything below 500 sets both to 0.
 * 4. A counter that reaches its threshold (gateway errors first, as in Envoy) tries to eject the
 *    host, inline. Whether or not the host is ejected, that counter goes back to 0, so the next
 *    bout of errors tries again. A threshold of 0 turns that detector off.
 * 5. The host is ejected if fewer than `maxEjected` hosts are: `floor(maxEjectionPercent x hosts
 *    / 100)`, but at least 1 (item 10 of docs/behaviour.md#what-meshsim-reproduces; Envoy's proto
 *    doc: "will eject at least one host regardless of the value"; newer Envoy has this only with
 *    `always_eject_one_host`). A percent of 0 ejects nothing: the floor of one is not applied to it
 *    (old Envoy's `ejected% < max%` never holds for 0 either).
 * 6. Ejecting: the multiplier goes up by one while `multiplier x base < max + base` (Envoy's rule,
 *    so it stops one step past the cap); the ejection lasts `min(base x multiplier, max)`.
 *    Envoy's `max_ejection_time_jitter` (default 0) is not modelled.
 *
 * The interval timer (`tick`, every `interval` ms, driven by the caller):
 * 1. Every ejected host whose time is up (`now - ejectedAt >= duration`) returns: its counters are
 *    reset, its return time noted. A host returns only at a tick, so up to one interval late.
 * 2. Every host not ejected that returned at least one interval ago loses one from its multiplier
 *    (down to 0): the multiplier decays by one per healthy interval.
 *
 * Enforcement percentages are taken as 100 % (Envoy's `enforcing_consecutive_5xx` default; Istio
 * sets the gateway one). Success-rate and failure-percentage detection are not modelled (off by
 * default in Envoy and Istio). The host count is fixed; times are simulated ms and must not go back.
 */
export class OutlierDetector {
  /** Number of hosts. */
  readonly hosts: number;
  /** Most hosts ejected at once. */
  readonly maxEjected: number;
  /** 1 while a host is ejected, else 0, by host. Read it; do not write it. */
  readonly ejected: Uint8Array;
  /** Hosts ejected so far, counting each ejection. */
  ejections = 0;

  private readonly threshold5xx: number;
  private readonly thresholdGateway: number;
  private readonly interval: Millis;
  private readonly baseEjectionTime: Millis;
  private readonly maxEjectionTime: Millis;
  private readonly count5xx: Int32Array;
  private readonly countGateway: Int32Array;
  private readonly multipliers: Int32Array;
  private readonly ejectedAt: Float64Array;
  private readonly returnedAt: Float64Array;
  private active = 0;

  /** `hosts`: the number of hosts, >= 1. `spec`: checked here; errors name the field and value. */
  constructor(hosts: number, spec: OutlierDetectionSpec) {
    this.hosts = positiveInteger('hosts', hosts);
    this.threshold5xx = wholeOrZero('outlierDetection.consecutive5xxErrors', spec.consecutive5xxErrors);
    this.thresholdGateway = wholeOrZero(
      'outlierDetection.consecutiveGatewayErrors',
      spec.consecutiveGatewayErrors,
    );
    this.interval = positive('outlierDetection.interval', spec.interval);
    this.baseEjectionTime = positive('outlierDetection.baseEjectionTime', spec.baseEjectionTime);
    this.maxEjectionTime = positive('outlierDetection.maxEjectionTime', spec.maxEjectionTime);
    if (this.maxEjectionTime < this.baseEjectionTime) {
      throw new RangeError(
        `outlierDetection.maxEjectionTime: expected at least baseEjectionTime (${this.baseEjectionTime}), got ${this.maxEjectionTime}`,
      );
    }
    const percent = spec.maxEjectionPercent;
    if (typeof percent !== 'number' || !(percent >= 0 && percent <= 100)) {
      throw new RangeError(
        `outlierDetection.maxEjectionPercent: expected a number from 0 to 100, got ${String(percent)}`,
      );
    }
    // 1e-9: 10 % of 30 hosts is 3 in real numbers and must not floor to 2.
    this.maxEjected = percent === 0 ? 0 : Math.max(1, Math.floor((percent * hosts) / 100 + 1e-9));
    this.ejected = new Uint8Array(hosts);
    this.count5xx = new Int32Array(hosts);
    this.countGateway = new Int32Array(hosts);
    this.multipliers = new Int32Array(hosts);
    this.ejectedAt = new Float64Array(hosts).fill(NaN);
    this.returnedAt = new Float64Array(hosts).fill(NaN);
  }

  /**
   * A try to `host` ended at `now` with HTTP `status`, or, with `locallyOriginated`, without one
   * (connect failure, reset or timeout: counts as a 5xx and as a gateway error; `status` is then
   * ignored). Returns true when this result ejected the host.
   */
  record(host: number, now: Millis, status: number, locallyOriginated: boolean): boolean {
    if (this.ejected[host] === 1) return false;
    if (!locallyOriginated && status < 500) {
      this.count5xx[host] = 0;
      this.countGateway[host] = 0;
      return false;
    }
    let tripGateway = false;
    if (locallyOriginated || status === 502 || status === 503 || status === 504) {
      tripGateway = ++this.countGateway[host] === this.thresholdGateway;
    } else {
      this.countGateway[host] = 0;
    }
    const trip5xx = ++this.count5xx[host] === this.threshold5xx;
    let ejected = false;
    if (tripGateway) {
      ejected = this.tryEject(host, now);
      this.countGateway[host] = 0;
    }
    if (trip5xx && !ejected) {
      ejected = this.tryEject(host, now);
      this.count5xx[host] = 0;
    }
    return ejected;
  }

  /** Whether `host` is ejected now (the balancer must not choose it, unless in panic). */
  isEjected(host: number): boolean {
    return this.ejected[host] === 1;
  }

  /** The interval timer, every `spec.interval` ms: returns hosts whose time is up, decays multipliers. */
  tick(now: Millis): void {
    for (let h = 0; h < this.hosts; h++) {
      if (this.ejected[h] === 1 && now - this.ejectedAt[h] >= this.duration(h)) {
        this.ejected[h] = 0;
        this.active--;
        this.count5xx[h] = 0;
        this.countGateway[h] = 0;
        this.returnedAt[h] = now;
      }
    }
    for (let h = 0; h < this.hosts; h++) {
      // NaN (never returned) fails the comparison: a host never ejected has multiplier 0 anyway.
      if (this.ejected[h] === 0 && this.multipliers[h] > 0 && now - this.returnedAt[h] >= this.interval) {
        this.multipliers[h]--;
      }
    }
  }

  /** Hosts ejected now. */
  get ejectedCount(): number {
    return this.active;
  }

  /** The ejection multiplier of `host`: its ejections, less one per healthy interval since. */
  multiplier(host: number): number {
    return this.multipliers[host];
  }

  /**
   * When the current ejection of `host` is up, ms (it returns at the first tick at or after);
   * NaN if not ejected.
   */
  ejectedUntil(host: number): Millis {
    return this.ejected[host] === 1 ? this.ejectedAt[host] + this.duration(host) : NaN;
  }

  /** Ejection time of `host` for its current multiplier: `min(base x multiplier, max)`. */
  private duration(host: number): Millis {
    return Math.min(this.baseEjectionTime * this.multipliers[host], this.maxEjectionTime);
  }

  private tryEject(host: number, now: Millis): boolean {
    if (this.active >= this.maxEjected) return false;
    this.ejected[host] = 1;
    this.active++;
    this.ejections++;
    this.ejectedAt[host] = now;
    if (this.multipliers[host] * this.baseEjectionTime < this.maxEjectionTime + this.baseEjectionTime) {
      this.multipliers[host]++;
    }
    return true;
  }
}

/** A whole number of 0 or more, else an error that names the field and the value. */
function wholeOrZero(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${option}: expected a whole number of 0 or more (0: off), got ${String(value)}`);
  }
  return value;
}
