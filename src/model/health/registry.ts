/**
 * The constructors of every registered health check (`src/scenario/policies/health-checks.ts`
 * declares each with its options, checks and defaults), from its filled options, the number of
 * instances it watches and its owner's random stream (failure accrual's jitter draws from it). The
 * mapped type makes a declared health check without a constructor, or a constructor of an
 * undeclared one, a compile error. Built once per route upstream or sidecar destination.
 */
import type { Uniform } from '../../engine';
import type { HealthCheckName, HealthCheckOptions } from '../../scenario/policies/health-checks';
import { FailureAccrual } from '../mesh/failure-accrual';
import { OutlierDetector } from '../mesh/outlier-detection';
import { ActiveHealthCheck, PassiveHealthCheck } from './kong-health';

/** What each health check builds. */
interface BuiltHealthChecks {
  readonly outlierDetection: OutlierDetector;
  readonly failureAccrual: FailureAccrual;
  readonly passive: PassiveHealthCheck;
  readonly active: ActiveHealthCheck;
}

/** The constructor of every registered health check. */
export const HEALTH_CHECK_MAKERS: {
  readonly [K in HealthCheckName]: (
    options: HealthCheckOptions<K>,
    instances: number,
    random: Uniform,
  ) => BuiltHealthChecks[K];
} = {
  outlierDetection: (options, instances) => new OutlierDetector(instances, options),
  failureAccrual: (options, instances, random) => new FailureAccrual(instances, options, random),
  passive: (options, instances) => new PassiveHealthCheck(options, instances),
  active: (options, instances) => new ActiveHealthCheck(options, instances),
};
