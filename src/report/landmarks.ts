/**
 * The landmarks of a run as the report carries them: plain data, recorded by the model's timeline.
 */
import type { FaultSpec, Millis } from '../scenario/types';

/**
 * The landmarks of a run: the discrete moments a lesson is about, in the order they began. A timed
 * fault, a client's rate step, a circuit breaker opening, an instance ejected, the registry learning
 * of an instance. Things that last (a fault, an open breaker, an ejection) are one span each, with
 * `at` its start and `until` its end; `until` is absent while it lasts, so also when it lasted past
 * the end of the run.
 *
 * Times are simulated ms from the start of the run, rounded to 0.1 us in the report.
 */
export type Landmark = FaultLandmark | RateLandmark | BreakerLandmark | EjectionLandmark | DiscoveryLandmark;

/** A fault of the scenario's `faults`, as it ran: `fault` is its index there. */
export interface FaultLandmark {
  readonly kind: 'fault';
  readonly at: Millis;
  /** When it ended; absent for one that lasts to the end, and for a `flush` (an instant). */
  readonly until?: Millis;
  /** Index in the scenario's `faults`. */
  readonly fault: number;
  /** The fault's kind: `crash`, `latency`, `errors`, `scale` or `flush`. */
  readonly type: FaultSpec['kind'];
  /** The component it hits. */
  readonly target: string;
  /** The one instance it hits; absent: every instance. */
  readonly instance?: number;
  /** `errors`: the share of requests answered 500. */
  readonly rate?: number;
  /** `scale`: the instance count while it lasts. */
  readonly instances?: number;
}

/** A client's `schedule` step: its arrival rate changed, requests per second. */
export interface RateLandmark {
  readonly kind: 'rate';
  readonly at: Millis;
  readonly client: string;
  /** The rate from now on, per second. */
  readonly rate: number;
  /** The rate before the step, per second. */
  readonly previous: number;
}

/**
 * Circuit breakers of one caller towards one destination, open: from the moment the first of the
 * caller's sidecars opened its breaker until the last of them closed again. A breaker that reopened
 * from half-open, or another sidecar's opening meanwhile, stays in the span and adds to `opens`.
 */
export interface BreakerLandmark {
  readonly kind: 'breaker';
  readonly at: Millis;
  readonly until?: Millis;
  /** The caller (a service or the gateway). */
  readonly from: string;
  /** The destination service. */
  readonly to: string;
  /** Times a breaker opened in the span, the first included (>= 1). */
  readonly opens: number;
}

/** What took an instance out of a caller's rotation. */
export type EjectionSource = 'outlier-detection' | 'failure-accrual' | 'health-check';

/**
 * One instance out of a caller's rotation: ejected by outlier detection (Envoy), taken out by failure
 * accrual (Linkerd) or by the gateway's health checks (Kong), from the moment the first of the
 * caller's sidecars took it out until the last of them let it back.
 */
export interface EjectionLandmark {
  readonly kind: 'ejection';
  readonly at: Millis;
  readonly until?: Millis;
  readonly from: string;
  readonly to: string;
  readonly instance: number;
  readonly by: EjectionSource;
  /** Times it was taken out in the span, the first included (>= 1). */
  readonly ejections: number;
}

/** The service registry, late by the mesh's propagation delay, learnt that an instance is up or down. */
export interface DiscoveryLandmark {
  readonly kind: 'discovery';
  readonly at: Millis;
  readonly service: string;
  readonly instance: number;
  readonly up: boolean;
}
