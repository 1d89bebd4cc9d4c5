import type { HealthCheckOptions } from '../../scenario/policies/health-checks';
import { CAUSE_CONNECT, CAUSE_PER_TRY_TIMEOUT } from '../constants';

/**
 * Kong's passive health check of a route's targets (its circuit breaker;
 * docs/behaviour.md#kong-load-balancing-and-health-checks):
 * 1. Each answer is classified. A status in `httpStatuses` is an HTTP failure, a refused
 *    connection a TCP failure, a per-try timeout a timeout; anything else resets the counts.
 * 2. When one kind's consecutive count reaches its threshold (0: never), the target is out.
 */
export class PassiveHealthCheck {
  private readonly httpFailures: Int32Array;
  private readonly tcpFailures: Int32Array;
  private readonly timeouts: Int32Array;
  private readonly unhealthyStatuses: ReadonlySet<number>;

  constructor(
    /** The thresholds and statuses, filled (see `HEALTH_CHECKS.passive`). */
    readonly options: HealthCheckOptions<'passive'>,
    targets: number,
  ) {
    this.httpFailures = new Int32Array(targets);
    this.tcpFailures = new Int32Array(targets);
    this.timeouts = new Int32Array(targets);
    this.unhealthyStatuses = new Set(options.httpStatuses);
  }

  /**
   * A try to `target` ended with `status` for `cause` (a deadline is the caller's, not counted by
   * the caller of this): true when the target is now out.
   */
  failed(target: number, status: number, cause: number): boolean {
    const o = this.options;
    if (cause === CAUSE_CONNECT) return count(this.tcpFailures, o.tcpFailures, target);
    if (cause === CAUSE_PER_TRY_TIMEOUT) return count(this.timeouts, o.timeouts, target);
    if (this.unhealthyStatuses.has(status)) return count(this.httpFailures, o.httpFailures, target);
    this.reset(target);
    return false;
  }

  /** `target`'s counts back to 0 (a good answer, a return, a change of the targets). */
  reset(target: number): void {
    this.httpFailures[target] = 0;
    this.tcpFailures[target] = 0;
    this.timeouts[target] = 0;
  }
}

/** One more failure of a kind: true when it reaches the threshold (0: never). */
function count(counts: Int32Array, threshold: number, target: number): boolean {
  return threshold > 0 && ++counts[target] >= threshold;
}

/**
 * Kong's active health check: every `interval` each target that is out is probed; a probe succeeds
 * when the instance is up, and `successes` in a row bring it back. Without it an out target never
 * returns. The caller schedules the rounds.
 */
export class ActiveHealthCheck {
  private readonly successes: Int32Array;

  constructor(
    /** The interval and the successes needed, filled (see `HEALTH_CHECKS.active`). */
    readonly options: HealthCheckOptions<'active'>,
    targets: number,
  ) {
    this.successes = new Int32Array(targets);
  }

  /** A probe of out target `target`, which is `up` or not: true when it is back in. */
  probe(target: number, up: boolean): boolean {
    if (!up) {
      this.successes[target] = 0;
      return false;
    }
    if (++this.successes[target] < this.options.successes) return false;
    this.successes[target] = 0;
    return true;
  }

  /** `target`'s run of good probes back to 0. */
  reset(target: number): void {
    this.successes[target] = 0;
  }
}
