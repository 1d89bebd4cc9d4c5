/**
 * Kong's passive and active health checks alone (src/model/health/kong-health.ts), and the registry
 * that builds every health check from its declaration's defaults.
 */
import { describe, expect, it } from 'vitest';
import { CAUSE_CONNECT, CAUSE_PER_TRY_TIMEOUT } from '../../../src/model/constants';
import { ActiveHealthCheck, PassiveHealthCheck } from '../../../src/model/health/kong-health';
import { HEALTH_CHECK_MAKERS } from '../../../src/model/health/registry';
import { FailureAccrual, OutlierDetector } from '../../../src/model/mesh';
import { HEALTH_CHECK_NAMES, HEALTH_CHECKS } from '../../../src/scenario/policies/health-checks';
import { defaultsOf } from '../../../src/scenario/policies/policy-option';

const ANSWERED = 0;

describe('PassiveHealthCheck', () => {
  it('takes a target out at its threshold of consecutive failures of one kind; a good answer resets every kind', () => {
    const check = new PassiveHealthCheck(
      { httpFailures: 2, tcpFailures: 1, timeouts: 3, httpStatuses: [500, 503] },
      2,
    );
    expect(check.failed(0, 500, ANSWERED)).toBe(false);
    expect(check.failed(0, 200, ANSWERED)).toBe(false);
    expect(check.failed(0, 503, ANSWERED)).toBe(false);
    expect(check.failed(0, 500, ANSWERED)).toBe(true);
    // 502 is not among its statuses: a good answer for the check.
    expect(check.failed(1, 502, ANSWERED)).toBe(false);
    expect(check.failed(1, 503, CAUSE_PER_TRY_TIMEOUT)).toBe(false);
    expect(check.failed(1, 503, CAUSE_PER_TRY_TIMEOUT)).toBe(false);
    expect(check.failed(1, 503, CAUSE_PER_TRY_TIMEOUT)).toBe(true);
    expect(check.failed(1, 503, CAUSE_CONNECT)).toBe(true);
  });

  it('with a threshold of 0 that kind never takes a target out (the defaults: all off)', () => {
    const check = new PassiveHealthCheck(defaultsOf(HEALTH_CHECKS.passive.options), 1);
    for (let i = 0; i < 100; i++) expect(check.failed(0, 500, CAUSE_CONNECT)).toBe(false);
  });
});

describe('ActiveHealthCheck', () => {
  it('brings a target back after `successes` good probes in a row; a probe of a down target restarts the run', () => {
    const check = new ActiveHealthCheck({ interval: 1000, successes: 2 }, 1);
    expect([check.probe(0, true), check.probe(0, false), check.probe(0, true)]).toEqual([
      false,
      false,
      false,
    ]);
    expect(check.probe(0, true)).toBe(true);
    // Back in, its run starts again from 0.
    expect(check.probe(0, true)).toBe(false);
  });
});

describe('HEALTH_CHECK_MAKERS', () => {
  it('builds every declared health check from its defaults', () => {
    const random = () => 0.5;
    const built = [
      HEALTH_CHECK_MAKERS.outlierDetection(defaultsOf(HEALTH_CHECKS.outlierDetection.options), 3, random),
      HEALTH_CHECK_MAKERS.failureAccrual(defaultsOf(HEALTH_CHECKS.failureAccrual.options), 3, random),
      HEALTH_CHECK_MAKERS.passive(defaultsOf(HEALTH_CHECKS.passive.options), 3, random),
      HEALTH_CHECK_MAKERS.active({ interval: 1000, successes: 1 }, 3, random),
    ];
    expect(Object.keys(HEALTH_CHECK_MAKERS)).toEqual(HEALTH_CHECK_NAMES);
    expect(built.map((b) => b.constructor)).toEqual([
      OutlierDetector,
      FailureAccrual,
      PassiveHealthCheck,
      ActiveHealthCheck,
    ]);
  });
});
