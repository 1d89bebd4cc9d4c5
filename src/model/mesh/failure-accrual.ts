import type { FailureAccrualSpec, Millis } from '../../scenario/types';
import { positive, positiveInteger } from '../limiters/limiter';

/** Where failure accrual has put a host: in use, out for a penalty, or admitting one probe. */
export type AccrualState = 'ok' | 'out' | 'probing';

const OK = 0;
const OUT = 1;
const PROBING = 2;
const NAMES: readonly AccrualState[] = ['ok', 'out', 'probing'];

/**
 * Whether Linkerd's failure accrual counts a response as a success: anything but a 5xx or a
 * connection error. A 429 is a success, so a pod that sheds load fast stays in (item 13 of
 * docs/behaviour.md#what-meshsim-reproduces).
 */
export function accrualSuccess(status: number, connectionError: boolean): boolean {
  return !connectionError && status < 500;
}

/**
 * Linkerd's consecutive-failures failure accrual (its HTTP "circuit breaking", item 14 of
 * docs/behaviour.md#what-meshsim-reproduces), one per endpoint as Linkerd keeps it, for all the
 * endpoints of one destination in one proxy.
 *
 * Per host (linkerd2-proxy's `ConsecutiveFailures`, its steps kept):
 * 1. ok: a failure adds one to its count, a success sets it to 0. At `consecutiveFailures` in a
 *    row the host goes out with the first penalty.
 * 2. out: results that arrive are ignored (stragglers of requests sent before). At the end of the
 *    penalty (`now >= until`) the host is probing.
 * 3. probing: it admits exactly one request (`available` is true until `sent`). The first result
 *    recorded while probing decides: a success puts the host back to ok with a count of 0 and the
 *    backoff reset; a failure takes it out again with the next penalty.
 *
 * Penalties follow linkerd2-proxy's `ExponentialBackoff`: the k-th in a row (k = 0, 1, ...) has the
 * base `b = min(maxPenalty, minPenalty x 2^k)`, and lasts `b + min(b x jitter x random(), maxPenalty - b)`.
 * So jitter only lengthens a penalty, up to `jitter` of its base and never past `maxPenalty`: with
 * Linkerd's 1 s, 60 s and 0.5 the first lasts 1 to 1.5 s, never less than 1 s ("unavailable for at
 * least 1 s"). This is chosen over a symmetric `b x (1 - jitter/2 + jitter x random())`, which would
 * let a penalty fall below `minPenalty`. With `jitter` 0 no draw is made (tests turn jitter off).
 *
 * Time moves on lazily: an out host becomes probing at the first `available`, `sent` or `record`
 * at or after its `until`, as Linkerd's timer would have made it; `state` reports the stored state,
 * `stateAt` the state at a given time. The caller must record the probe's outcome (a timeout is a
 * failure), or the host stays probing and admits nothing.
 */
export class FailureAccrual {
  /** Number of hosts. */
  readonly hosts: number;
  /** Penalties imposed so far: each time a host went out, failed probes included. */
  penalties = 0;

  private readonly threshold: number;
  private readonly minPenalty: Millis;
  private readonly maxPenalty: Millis;
  private readonly jitter: number;
  private readonly random: () => number;
  private readonly states: Uint8Array;
  private readonly probeSent: Uint8Array;
  private readonly failures: Int32Array;
  private readonly base: Float64Array;
  private readonly until: Float64Array;
  private notOk = 0;

  /**
   * `hosts`: the number of hosts, >= 1. `spec`: checked here; errors name the field and value.
   * `random`: a uniform [0, 1) source for the jitter, drawn once per penalty when jitter > 0.
   */
  constructor(hosts: number, spec: FailureAccrualSpec, random: () => number) {
    this.hosts = positiveInteger('hosts', hosts);
    this.threshold = positiveInteger('failureAccrual.consecutiveFailures', spec.consecutiveFailures);
    this.minPenalty = positive('failureAccrual.minPenalty', spec.minPenalty);
    this.maxPenalty = positive('failureAccrual.maxPenalty', spec.maxPenalty);
    if (this.maxPenalty < this.minPenalty) {
      throw new RangeError(
        `failureAccrual.maxPenalty: expected at least minPenalty (${this.minPenalty}), got ${this.maxPenalty}`,
      );
    }
    const jitter = spec.jitter;
    if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) {
      throw new RangeError(`failureAccrual.jitter: expected a number from 0 to 1, got ${String(jitter)}`);
    }
    this.jitter = jitter;
    this.random = random;
    this.states = new Uint8Array(hosts);
    this.probeSent = new Uint8Array(hosts);
    this.failures = new Int32Array(hosts);
    this.base = new Float64Array(hosts);
    this.until = new Float64Array(hosts);
  }

  /**
   * A response from `host` at `now`: `success` is anything but a 5xx or a connection error (see
   * `accrualSuccess`).
   */
  record(host: number, now: Millis, success: boolean): void {
    const state = this.advance(host, now);
    if (state === OK) {
      if (success) {
        this.failures[host] = 0;
      } else if (++this.failures[host] >= this.threshold) {
        this.notOk++;
        this.failures[host] = 0;
        this.takeOut(host, now, this.minPenalty);
      }
    } else if (state === PROBING) {
      if (success) {
        this.states[host] = OK;
        this.notOk--;
      } else {
        this.takeOut(host, now, Math.min(this.maxPenalty, this.base[host] * 2));
      }
    }
    // OUT: a straggler of a request sent before the host went out; ignored.
  }

  /**
   * Whether a balancer may choose `host` now: ok hosts yes; an out host no until its penalty is over,
   * then it is probing and available for exactly one request, until that request's result is recorded.
   */
  available(host: number, now: Millis): boolean {
    const state = this.advance(host, now);
    return state === OK || (state === PROBING && this.probeSent[host] === 0);
  }

  /** A request was sent to `host` at `now`: it consumes the probe of a probing host. */
  sent(host: number, now: Millis): void {
    if (this.advance(host, now) === PROBING) this.probeSent[host] = 1;
  }

  /**
   * The stored state of `host`: an out host whose penalty is over shows as out until the next call
   * with a time (`stateAt` looks ahead).
   */
  state(host: number): AccrualState {
    return NAMES[this.states[host]];
  }

  /** The state of `host` at `now`, without changing anything. */
  stateAt(host: number, now: Millis): AccrualState {
    const state = this.states[host];
    return NAMES[state === OUT && now >= this.until[host] ? PROBING : state];
  }

  /** When the current penalty of `host` ends, ms; NaN for an ok host. */
  outUntil(host: number): Millis {
    return this.states[host] === OK ? NaN : this.until[host];
  }

  /** Hosts not ok: out, or probing. */
  get outCount(): number {
    return this.notOk;
  }

  /**
   * Writes 1 for each host `available` at `now`, else 0, into `eligible` (a balancer's mask);
   * returns how many.
   */
  writeAvailable(eligible: Uint8Array, now: Millis): number {
    let n = 0;
    for (let h = 0; h < this.hosts; h++) {
      const ok = this.available(h, now);
      eligible[h] = ok ? 1 : 0;
      if (ok) n++;
    }
    return n;
  }

  /** Moves an out host whose penalty is over to probing; returns the state. */
  private advance(host: number, now: Millis): number {
    const state = this.states[host];
    if (state === OUT && now >= this.until[host]) {
      this.states[host] = PROBING;
      this.probeSent[host] = 0;
      return PROBING;
    }
    return state;
  }

  private takeOut(host: number, now: Millis, base: Millis): void {
    let penalty = base;
    if (this.jitter > 0) penalty += Math.min(base * this.jitter * this.random(), this.maxPenalty - base);
    this.states[host] = OUT;
    this.base[host] = base;
    this.until[host] = now + penalty;
    this.penalties++;
  }
}
