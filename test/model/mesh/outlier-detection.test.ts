import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutlierDetector } from '../../../src/model/mesh';
import type { OutlierDetectionSpec } from '../../../src/scenario/types';

const SEED = 30_300;

/** Istio's DestinationRule outlierDetection defaults (Envoy's for the 5xx detector). */
const ISTIO: OutlierDetectionSpec = {
  consecutive5xxErrors: 5,
  consecutiveGatewayErrors: 0,
  interval: 10_000,
  baseEjectionTime: 30_000,
  maxEjectionTime: 300_000,
  maxEjectionPercent: 10,
};

/** Records `statuses` on `host` at `now`; returns which of them ejected it (indices). */
function feed(od: OutlierDetector, host: number, now: number, statuses: number[]): number[] {
  const ejectedBy: number[] = [];
  statuses.forEach((s, i) => {
    if (od.record(host, now, s, false)) ejectedBy.push(i);
  });
  return ejectedBy;
}

const fives = (n: number) => Array.from({ length: n }, () => 500);

/** Ticks every `interval` from `from` (exclusive) until `host` returns; returns the tick it returned at. */
function tickUntilReturned(od: OutlierDetector, host: number, from: number, interval: number): number {
  for (let t = from + interval; t < from + 1e7; t += interval) {
    od.tick(t);
    if (!od.isEjected(host)) return t;
  }
  throw new Error('never returned');
}

describe('OutlierDetector', () => {
  it('BEHAVIOUR 10: the 5th consecutive 5xx ejects the host inline, not the 4th', () => {
    const od = new OutlierDetector(10, ISTIO);
    expect(feed(od, 3, 100, [500, 502, 503, 500])).toEqual([]);
    expect(od.isEjected(3)).toBe(false);
    expect(od.record(3, 100, 500, false)).toBe(true);
    expect(od.isEjected(3)).toBe(true);
    expect([od.ejectedCount, od.ejections, od.multiplier(3)]).toEqual([1, 1, 1]);
    expect(od.ejectedUntil(3)).toBe(30_100);
    expect(Array.from(od.ejected)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('a response below 500 (429 and 404 included) resets the count', () => {
    const od = new OutlierDetector(10, ISTIO);
    expect(feed(od, 0, 0, [...fives(4), 200, ...fives(4), 429, ...fives(4), 404, ...fives(4)])).toEqual([]);
    expect(od.record(0, 0, 503, false)).toBe(true);
  });

  it('locally originated failures (connect failure, reset, timeout) count as 5xx, whatever the status', () => {
    const od = new OutlierDetector(10, ISTIO);
    for (let k = 0; k < 4; k++) expect(od.record(1, 0, 0, true)).toBe(false);
    expect(od.record(1, 0, 200, true)).toBe(true);
  });

  it('the gateway detector counts 502/503/504 and local failures; another 5xx restarts its count', () => {
    const od = new OutlierDetector(10, { ...ISTIO, consecutive5xxErrors: 0, consecutiveGatewayErrors: 3 });
    expect(feed(od, 2, 0, [502, 503, 500, 504, 502, 500, 500, 500, 500, 500, 500])).toEqual([]);
    expect(feed(od, 2, 0, [504, 503])).toEqual([]);
    expect(od.record(2, 0, 0, true)).toBe(true);
  });

  it('with both thresholds at 0 nothing is ever ejected', () => {
    const od = new OutlierDetector(4, { ...ISTIO, consecutive5xxErrors: 0, consecutiveGatewayErrors: 0 });
    expect(feed(od, 0, 0, fives(1000))).toEqual([]);
    expect(od.ejections).toBe(0);
  });

  it('an ejected host returns only at an interval tick at or after ejectedAt + baseEjectionTime', () => {
    const od = new OutlierDetector(10, ISTIO);
    feed(od, 0, 12_000, fives(5));
    // Ticks at 20, 30 and 40 s come before 42 s; the tick at 50 s returns it.
    for (const t of [20_000, 30_000, 40_000]) {
      od.tick(t);
      expect(od.isEjected(0)).toBe(true);
    }
    od.tick(50_000);
    expect(od.isEjected(0)).toBe(false);
    expect(od.ejectedCount).toBe(0);
    expect(od.ejectedUntil(0)).toBeNaN();
    // A host ejected at a tick returns exactly baseEjectionTime later (>=, as Envoy compares).
    feed(od, 1, 60_000, fives(5));
    od.tick(80_000);
    expect(od.isEjected(1)).toBe(true);
    od.tick(90_000);
    expect(od.isEjected(1)).toBe(false);
  });

  it('BEHAVIOUR 10: ejection lasts 30 s x times ejected, up to 300 s', () => {
    const od = new OutlierDetector(1, ISTIO);
    const lasted: number[] = [];
    const multipliers: number[] = [];
    let now = 0;
    for (let k = 0; k < 13; k++) {
      // Fail again at the very tick it returns: no healthy interval, so no decay.
      expect(feed(od, 0, now, fives(5))).toEqual([4]);
      multipliers.push(od.multiplier(0));
      const back = tickUntilReturned(od, 0, now, 10_000);
      lasted.push((back - now) / 1000);
      now = back;
    }
    expect(lasted).toEqual([30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 300, 300, 300]);
    // Envoy stops raising the multiplier one step past the cap (multiplier x base < max + base).
    expect(multipliers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 11]);
  });

  it('the multiplier decays by one per interval the host spends back in service', () => {
    const od = new OutlierDetector(1, ISTIO);
    let now = 0;
    for (let k = 0; k < 3; k++) {
      feed(od, 0, now, fives(5));
      now = tickUntilReturned(od, 0, now, 10_000);
    }
    expect(od.multiplier(0)).toBe(3);
    // The tick that returns it does not count; each later one does.
    const seen: number[] = [];
    for (let k = 1; k <= 4; k++) {
      od.tick(now + k * 10_000);
      seen.push(od.multiplier(0));
    }
    expect(seen).toEqual([2, 1, 0, 0]);
    now += 40_000;
    feed(od, 0, now, fives(5));
    expect(od.multiplier(0)).toBe(1);
    expect(od.ejectedUntil(0)).toBe(now + 30_000);
  });

  it('one healthy interval takes one off: ejected three times, back one interval, the next ejection lasts 90 s', () => {
    const od = new OutlierDetector(1, ISTIO);
    let now = 0;
    for (let k = 0; k < 3; k++) {
      feed(od, 0, now, fives(5));
      now = tickUntilReturned(od, 0, now, 10_000);
    }
    now += 10_000;
    od.tick(now);
    expect(od.multiplier(0)).toBe(2);
    feed(od, 0, now, fives(5));
    expect(od.multiplier(0)).toBe(3);
    expect(od.ejectedUntil(0) - now).toBe(90_000);
  });

  it('BEHAVIOUR 10: at most 10 % ejected, but always one; a refused ejection restarts the count', () => {
    const od = new OutlierDetector(10, ISTIO);
    expect(od.maxEjected).toBe(1);
    expect(feed(od, 0, 0, fives(5))).toEqual([4]);
    // Host 1 reaches 5 while host 0 is out: not ejected, and its count goes back to 0.
    expect(feed(od, 1, 0, fives(7))).toEqual([]);
    expect(od.ejectedCount).toBe(1);
    expect(od.ejections).toBe(1);
    od.tick(30_000);
    expect(od.isEjected(0)).toBe(false);
    // Two were counted after the refusal; three more make five.
    expect(feed(od, 1, 30_000, fives(3))).toEqual([2]);
  });

  it('the cap is floor(percent x hosts / 100), at least 1, and 0 for a percent of 0', () => {
    const cap = (hosts: number, percent: number) =>
      new OutlierDetector(hosts, { ...ISTIO, maxEjectionPercent: percent }).maxEjected;
    expect(cap(1, 10)).toBe(1);
    expect(cap(3, 10)).toBe(1);
    expect(cap(19, 10)).toBe(1);
    expect(cap(20, 10)).toBe(2);
    expect(cap(25, 10)).toBe(2);
    expect(cap(30, 10)).toBe(3);
    expect(cap(7, 100)).toBe(7);
    expect(cap(3, 50)).toBe(1);
    expect(cap(10, 0)).toBe(0);
    const none = new OutlierDetector(10, { ...ISTIO, maxEjectionPercent: 0 });
    expect(feed(none, 0, 0, fives(50))).toEqual([]);
  });

  it('with maxEjectionPercent 100 every host can be ejected', () => {
    const od = new OutlierDetector(4, { ...ISTIO, maxEjectionPercent: 100 });
    for (let h = 0; h < 4; h++) expect(feed(od, h, 0, fives(5))).toEqual([4]);
    expect(od.ejectedCount).toBe(4);
  });

  it("an ejected host's results are ignored, and its return resets both counters", () => {
    const od = new OutlierDetector(1, { ...ISTIO, consecutiveGatewayErrors: 6 });
    // Five 503s: the 5xx detector ejects; the gateway count stands at 5 of 6.
    expect(feed(od, 0, 0, [503, 503, 503, 503, 503])).toEqual([4]);
    expect(feed(od, 0, 1, fives(20))).toEqual([]);
    expect(od.ejections).toBe(1);
    od.tick(30_000);
    expect(od.isEjected(0)).toBe(false);
    // Without the reset the next 503 would be the 6th gateway error.
    expect(feed(od, 0, 30_000, [503, 503, 503, 503])).toEqual([]);
    expect(feed(od, 0, 30_000, [503])).toEqual([0]);
  });

  it('refuses bad specs, naming the field and the value', () => {
    const bad = (patch: Partial<OutlierDetectionSpec>) => () =>
      new OutlierDetector(3, { ...ISTIO, ...patch });
    expect(bad({ consecutive5xxErrors: -1 })).toThrow(
      'outlierDetection.consecutive5xxErrors: expected a whole number of 0 or more (0: off), got -1',
    );
    expect(bad({ consecutiveGatewayErrors: 2.5 })).toThrow('outlierDetection.consecutiveGatewayErrors');
    expect(bad({ interval: 0 })).toThrow('outlierDetection.interval: expected a number above 0, got 0');
    expect(bad({ baseEjectionTime: NaN })).toThrow('outlierDetection.baseEjectionTime');
    expect(bad({ maxEjectionTime: 1000 })).toThrow(
      'outlierDetection.maxEjectionTime: expected at least baseEjectionTime (30000), got 1000',
    );
    expect(bad({ maxEjectionPercent: 101 })).toThrow(
      'outlierDetection.maxEjectionPercent: expected a number from 0 to 100, got 101',
    );
    expect(() => new OutlierDetector(0, ISTIO)).toThrow('hosts: expected a whole number of 1 or more, got 0');
  });

  it(`invariants over random results and ticks (fast-check seed ${SEED})`, () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('result' as const),
        host: fc.nat(7),
        status: fc.constantFrom(200, 429, 500, 502, 503, 504),
        local: fc.boolean(),
        gap: fc.integer({ min: 0, max: 3000 }),
      }),
      fc.record({ kind: fc.constant('tick' as const), gap: fc.constant(0) }),
    );
    const arb = fc.record({
      hosts: fc.integer({ min: 1, max: 8 }),
      c5xx: fc.integer({ min: 0, max: 4 }),
      gateway: fc.integer({ min: 0, max: 4 }),
      percent: fc.integer({ min: 0, max: 100 }),
      ops: fc.array(op, { maxLength: 400 }),
    });
    fc.assert(
      fc.property(arb, ({ hosts, c5xx, gateway, percent, ops }) => {
        const spec = {
          consecutive5xxErrors: c5xx,
          consecutiveGatewayErrors: gateway,
          interval: 1000,
          baseEjectionTime: 2000,
          maxEjectionTime: 7000,
          maxEjectionPercent: percent,
        };
        const od = new OutlierDetector(hosts, spec);
        const thresholds = [c5xx, gateway].filter((t) => t > 0);
        const run = new Array<number>(hosts).fill(0); // errors since the last success or return
        const ejectedAt = new Array<number>(hosts).fill(NaN);
        let now = 0;
        let tick = 0;
        let ejections = 0;
        for (const o of ops) {
          if (o.kind === 'tick') {
            tick += 1000;
            now = Math.max(now, tick);
            const before = Array.from(od.ejected);
            od.tick(now);
            for (let h = 0; h < hosts; h++) {
              if (before[h] === 1 && !od.isEjected(h)) {
                expect(now - ejectedAt[h]).toBeGreaterThanOrEqual(spec.baseEjectionTime);
                run[h] = 0;
              }
            }
          } else {
            const host = o.host % hosts;
            now += o.gap;
            const was = od.isEjected(host);
            const failed = o.local || o.status >= 500;
            if (!was) run[host] = failed ? run[host] + 1 : 0;
            const ejected = od.record(host, now, o.status, o.local);
            expect(ejected).toBe(!was && od.isEjected(host));
            if (ejected) {
              ejections++;
              ejectedAt[host] = now;
              expect(run[host]).toBeGreaterThanOrEqual(Math.min(...thresholds));
              expect(od.ejectedUntil(host) - now).toBeLessThanOrEqual(spec.maxEjectionTime);
            }
            if (!failed) expect(ejected).toBe(false);
          }
          const flagged = Array.from(od.ejected).reduce((a, b) => a + b, 0);
          expect(od.ejectedCount).toBe(flagged);
          expect(od.ejectedCount).toBeLessThanOrEqual(od.maxEjected);
          expect(od.ejections).toBe(ejections);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
