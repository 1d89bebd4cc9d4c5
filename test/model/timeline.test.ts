/**
 * The landmarks of a run (`VariantReport.timeline`): recorded at the moment they happen, with exact
 * times on small scenarios whose every event time is known (constant arrivals every 100 ms, no
 * network latency, no service time), and bounded however long a breaker flaps.
 */
import { describe, expect, it } from 'vitest';
import { type VariantReport } from '../../src/model';
import { Timeline, TIMELINE_MAX_SPANS } from '../../src/model/timeline';
import { loaded, yaml } from '../scenario/helpers';
import { runFileWithinBudget } from '../support/event-budget';

/** Runs a file without variants. */
const run = (...lines: string[]): VariantReport => runFileWithinBudget(loaded(yaml(...lines))).variants[0];

/** A client sending to `a` every 100 ms from time 0; `a` calls `b` on every request. */
const chain = (duration: string) => [
  `duration: ${duration}`,
  'clients: [ { id: c, target: a, arrival: { process: constant, rate: 10 } } ]',
  'services:',
  '  - { id: a, calls: [ { service: b } ] }',
  '  - { id: b }',
];

describe('timeline: scenario events', () => {
  it('a crash at 2 s for 1 s starts at 2000 ms and ends at 3000 ms', () => {
    const r = run(...chain('5s'), 'faults: [ { at: 2s, for: 1s, target: b, instance: 0, kind: crash } ]');
    expect(r.timeline).toEqual([
      { kind: 'fault', at: 2000, until: 3000, fault: 0, type: 'crash', target: 'b', instance: 0 },
    ]);
  });

  it('a fault lasting past the end has no end; a flush is an instant; a scale names its count', () => {
    const r = run(
      ...chain('5s'),
      'faults:',
      '  - { at: 1s, target: b, kind: errors, rate: 0.5 }',
      '  - { at: 1.5s, for: 2s, target: b, kind: scale, instances: 3 }',
      '  - { at: 9s, for: 1s, target: b, kind: crash }',
    );
    expect(r.timeline).toEqual([
      { kind: 'fault', at: 1000, fault: 0, type: 'errors', target: 'b', rate: 0.5 },
      { kind: 'fault', at: 1500, until: 3500, fault: 1, type: 'scale', target: 'b', instances: 3 },
    ]);
  });

  it('a rate step is recorded at its time with the rates before and after', () => {
    const r = run(
      'duration: 5s',
      'clients: [ { id: web, target: a, arrival: { process: constant, rate: 10 }, schedule: [ { at: 1s, rate: 40 }, { at: 2.5s, rate: 0 } ] } ]',
      'services: [ { id: a } ]',
    );
    expect(r.timeline).toEqual([
      { kind: 'rate', at: 1000, client: 'web', rate: 40, previous: 10 },
      { kind: 'rate', at: 2500, client: 'web', rate: 0, previous: 40 },
    ]);
  });

  it('the registry learns of a crash and of the recovery one propagation delay later', () => {
    const r = run(
      ...chain('5s'),
      'faults: [ { at: 2s, for: 1s, target: b, instance: 0, kind: crash } ]',
      'mesh: { enabled: true, discovery: { propagationDelay: 500ms } }',
    );
    expect(r.timeline.filter((l) => l.kind === 'discovery')).toEqual([
      { kind: 'discovery', at: 2500, service: 'b', instance: 0, up: false },
      { kind: 'discovery', at: 3500, service: 'b', instance: 0, up: true },
    ]);
  });
});

/** The mesh on, with `policy` (one line, e.g. a circuit breaker) and no retries on calls into b. */
function meshPolicyOfB(policy: string): string[] {
  return [
    'mesh:',
    '  enabled: true',
    '  policies:',
    '    b:',
    '      retries: { attempts: 0 }',
    `      ${policy}`,
  ];
}

describe('timeline: what the model decides', () => {
  it('a breaker that opens gives a span from the moment it opened to the moment it closed', () => {
    // 1000 ms: the call fails, the window [ok, fail] is at 50 %: open. Calls at 1100 to 1900 are
    // refused; the one at 2000 is the half-open trial, and succeeds (the fault ended at 1500).
    const r = run(
      ...chain('4s'),
      'faults: [ { at: 1s, for: 0.5s, target: b, kind: errors, rate: 1 } ]',
      ...meshPolicyOfB(
        'circuitBreaker: { failureRateThreshold: 50, slidingWindowSize: 2, minimumNumberOfCalls: 2, waitDurationInOpenState: 1s, permittedCallsInHalfOpen: 1 }',
      ),
    );
    expect(r.mesh!.outcomes.breakerOpened).toBe(1);
    expect(r.timeline.filter((l) => l.kind === 'breaker')).toEqual([
      { kind: 'breaker', at: 1000, until: 2000, from: 'a', to: 'b', opens: 1 },
    ]);
  });

  it('a breaker that fails its trial stays in one span and counts its openings', () => {
    // Trials at 2000 and 3000 fail (the fault lasts to 3.5 s), the one at 4000 passes.
    const r = run(
      ...chain('5s'),
      'faults: [ { at: 1s, for: 2.5s, target: b, kind: errors, rate: 1 } ]',
      ...meshPolicyOfB(
        'circuitBreaker: { failureRateThreshold: 50, slidingWindowSize: 2, minimumNumberOfCalls: 2, waitDurationInOpenState: 1s, permittedCallsInHalfOpen: 1 }',
      ),
    );
    expect(r.mesh!.outcomes.breakerOpened).toBe(3);
    expect(r.timeline.filter((l) => l.kind === 'breaker')).toEqual([
      { kind: 'breaker', at: 1000, until: 4000, from: 'a', to: 'b', opens: 3 },
    ]);
  });

  it('an ejection gives a span from the failing call to the interval sweep that returns the host', () => {
    // Calls at 1000 and 1100 fail: two in a row eject the only host at 1100. Sweeps run every
    // second from 1000; the one at 3000 is the first a full second after the ejection.
    const r = run(
      ...chain('5s'),
      'faults: [ { at: 1s, for: 0.5s, target: b, kind: errors, rate: 1 } ]',
      ...meshPolicyOfB(
        'outlierDetection: { consecutive5xxErrors: 2, interval: 1s, baseEjectionTime: 1s, maxEjectionPercent: 100 }',
      ),
    );
    expect(r.mesh!.outcomes.ejections).toBe(1);
    expect(r.timeline.filter((l) => l.kind === 'ejection')).toEqual([
      {
        kind: 'ejection',
        at: 1100,
        until: 3000,
        from: 'a',
        to: 'b',
        instance: 0,
        by: 'outlier-detection',
        ejections: 1,
      },
    ]);
  });

  it('failure accrual takes the host out at the second failure and back at its probe, a penalty later', () => {
    // Failures at 1000 and 1100 take it out for 1 s (no jitter); the call at 2100 is the probe, and passes.
    const r = run(
      ...chain('4s'),
      'faults: [ { at: 1s, for: 0.5s, target: b, kind: errors, rate: 1 } ]',
      ...meshPolicyOfB('panicThreshold: 0'),
      '      failureAccrual: { consecutiveFailures: 2, minPenalty: 1s, maxPenalty: 60s, jitter: 0 }',
    );
    expect(r.timeline.filter((l) => l.kind === 'ejection')).toEqual([
      {
        kind: 'ejection',
        at: 1100,
        until: 2100,
        from: 'a',
        to: 'b',
        instance: 0,
        by: 'failure-accrual',
        ejections: 1,
      },
    ]);
  });

  it('the gateway’s health checks take a crashed target out and its next good probe brings it back', () => {
    // Refused at 1000 and 1100: out. Probes run every second from 1 s; the one at 2000 finds it up.
    const r = run(
      'duration: 4s',
      'clients: [ { id: c, arrival: { process: constant, rate: 10 } } ]',
      'gateway: { id: edge, routes: [ { match: { prefix: / }, service: b, healthchecks: { passive: { tcpFailures: 2 }, active: { interval: 1s } } } ] }',
      'services: [ { id: b } ]',
      'faults: [ { at: 1s, for: 0.5s, target: b, kind: crash } ]',
    );
    expect(r.timeline).toEqual([
      { kind: 'fault', at: 1000, until: 1500, fault: 0, type: 'crash', target: 'b' },
      {
        kind: 'ejection',
        at: 1100,
        until: 2000,
        from: 'edge',
        to: 'b',
        instance: 0,
        by: 'health-check',
        ejections: 1,
      },
    ]);
  });

  it('the same seed gives the same timeline, byte for byte', () => {
    const lines = [
      'seed: 9',
      'duration: 20s',
      'clients: [ { id: c, target: a, arrival: { rate: 80 } } ]',
      'services:',
      '  - { id: a, calls: [ { service: b } ] }',
      '  - { id: b, instances: 3, serviceTime: { dist: exponential, mean: 4ms } }',
      'faults: [ { at: 5s, for: 8s, target: b, instance: 1, kind: errors, rate: 0.9 } ]',
      'mesh: { enabled: true, policies: { b: { outlierDetection: { consecutive5xxErrors: 3, interval: 1s, baseEjectionTime: 2s, maxEjectionPercent: 50 } } } }',
    ];
    const first = JSON.stringify(run(...lines).timeline);
    expect(first).toContain('"ejection"');
    expect(JSON.stringify(run(...lines).timeline)).toBe(first);
  });
});

describe('Timeline', () => {
  it('a span stays open while any sidecar holds it, and ends with the last one', () => {
    const t = new Timeline();
    t.breakerOpened(100, 'a', 'b');
    t.breakerOpened(150, 'a', 'b');
    t.breakerClosed(400, 'a', 'b');
    expect(t.landmarks()).toEqual([{ kind: 'breaker', at: 100, from: 'a', to: 'b', opens: 2 }]);
    t.breakerClosed(700, 'a', 'b');
    expect(t.landmarks()).toEqual([{ kind: 'breaker', at: 100, until: 700, from: 'a', to: 'b', opens: 2 }]);
  });

  it('a span taken again at the instant it ended goes on; a moment later is a new span', () => {
    const t = new Timeline();
    t.ejected(0, 'a', 'b', 2, 'failure-accrual');
    t.returned(1000, 'a', 'b', 2, 'failure-accrual');
    t.ejected(1000, 'a', 'b', 2, 'failure-accrual');
    t.returned(3000, 'a', 'b', 2, 'failure-accrual');
    t.ejected(3150, 'a', 'b', 2, 'failure-accrual');
    expect(t.landmarks().map((l) => [l.at, 'until' in l ? l.until : undefined])).toEqual([
      [0, 3000],
      [3150, undefined],
    ]);
    expect(t.landmarks()[0]).toMatchObject({ ejections: 2 });
    // Another instance, another caller or another source is another subject.
    t.ejected(4600, 'a', 'b', 1, 'failure-accrual');
    t.ejected(4700, 'x', 'b', 2, 'failure-accrual');
    t.ejected(4800, 'a', 'b', 2, 'outlier-detection');
    expect(t.landmarks()).toHaveLength(5);
  });

  it('a breaker flapping for an hour keeps at most TIMELINE_MAX_SPANS spans, the last counting the rest', () => {
    const t = new Timeline();
    for (let i = 0; i < 720; i++) {
      t.breakerOpened(i * 5000, 'a', 'b');
      t.breakerClosed(i * 5000 + 2000, 'a', 'b');
    }
    const spans = t.landmarks();
    expect(spans).toHaveLength(TIMELINE_MAX_SPANS);
    expect(spans.at(-1)).toEqual({
      kind: 'breaker',
      at: (TIMELINE_MAX_SPANS - 1) * 5000,
      until: 719 * 5000 + 2000,
      from: 'a',
      to: 'b',
      opens: 720 - (TIMELINE_MAX_SPANS - 1),
    });
  });

  it('rounds times to 0.1 us in its copy', () => {
    const t = new Timeline();
    t.rateStep(1000.123456789, 'web', 5, 10);
    expect(t.landmarks()[0].at).toBe(1000.1235);
  });
});
