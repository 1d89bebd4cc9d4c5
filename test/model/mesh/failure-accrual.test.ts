import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine';
import { FailureAccrual, accrualSuccess } from '../../../src/model/mesh';
import type { FailureAccrualSpec } from '../../../src/scenario/types';

const SEED = 7160;

/** Linkerd's failure accrual, jitter off so that penalties are exact. */
const LINKERD: FailureAccrualSpec = {
  consecutiveFailures: 7,
  minPenalty: 1000,
  maxPenalty: 60_000,
  jitter: 0,
};

/** A random source that returns `values` in order and fails when asked for more. */
function scripted(values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error(`only ${values.length} draws were scripted`);
    return values[i++];
  };
}

/** Records `n` failures on `host` at `now`. */
function fail(fa: FailureAccrual, host: number, now: number, n: number): void {
  for (let k = 0; k < n; k++) fa.record(host, now, false);
}

describe('FailureAccrual', () => {
  it('BEHAVIOUR 14: 7 consecutive failures take a host out for 1 s; then one probe; a success brings it back', () => {
    const fa = new FailureAccrual(3, LINKERD, scripted([]));
    fail(fa, 1, 0, 6);
    expect(fa.state(1)).toBe('ok');
    expect(fa.available(1, 0)).toBe(true);
    fa.record(1, 100, false);
    expect(fa.state(1)).toBe('out');
    expect(fa.outCount).toBe(1);
    expect(fa.outUntil(1)).toBe(1100);
    expect(fa.available(1, 1099.999)).toBe(false);
    expect(fa.available(1, 1100)).toBe(true);
    expect(fa.state(1)).toBe('probing');
    // Available for exactly one request.
    expect(fa.available(1, 1100)).toBe(true);
    fa.sent(1, 1100);
    expect(fa.available(1, 1100)).toBe(false);
    expect(fa.available(1, 5000)).toBe(false);
    fa.record(1, 1150, true);
    expect(fa.state(1)).toBe('ok');
    expect(fa.outCount).toBe(0);
    expect(fa.available(1, 1150)).toBe(true);
    expect(fa.outUntil(1)).toBeNaN();
    expect(fa.penalties).toBe(1);
    // The other hosts were never touched.
    expect([fa.state(0), fa.state(2)]).toEqual(['ok', 'ok']);
  });

  it('a success in between starts the count again', () => {
    const fa = new FailureAccrual(1, LINKERD, scripted([]));
    for (let k = 0; k < 5; k++) {
      fail(fa, 0, k, 6);
      fa.record(0, k, true);
    }
    expect(fa.state(0)).toBe('ok');
    fail(fa, 0, 10, 7);
    expect(fa.state(0)).toBe('out');
  });

  it('each failed probe doubles the penalty, up to 60 s', () => {
    const fa = new FailureAccrual(1, LINKERD, scripted([]));
    fail(fa, 0, 0, 7);
    const penalties = [fa.outUntil(0)];
    let now = fa.outUntil(0);
    for (let k = 0; k < 8; k++) {
      expect(fa.available(0, now)).toBe(true);
      fa.sent(0, now);
      fa.record(0, now, false);
      penalties.push(fa.outUntil(0) - now);
      now = fa.outUntil(0);
    }
    expect(penalties).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(fa.penalties).toBe(9);
    // A successful probe resets the backoff: the next trip costs 1 s again.
    fa.sent(0, now);
    fa.record(0, now, true);
    fail(fa, 0, now, 7);
    expect(fa.outUntil(0) - now).toBe(1000);
  });

  it('results that arrive while a host is out are ignored', () => {
    const fa = new FailureAccrual(1, LINKERD, scripted([]));
    fail(fa, 0, 0, 7);
    fa.record(0, 500, true);
    fail(fa, 0, 600, 20);
    expect(fa.state(0)).toBe('out');
    expect(fa.outUntil(0)).toBe(1000);
    expect(fa.penalties).toBe(1);
  });

  it('the first result while probing decides, even one that was not the probe (as Linkerd)', () => {
    const fa = new FailureAccrual(1, LINKERD, scripted([]));
    fail(fa, 0, 0, 7);
    // A straggler failing at 1 200 ms: the penalty ended at 1 000 ms, so it is the probation's answer.
    fa.record(0, 1200, false);
    expect(fa.state(0)).toBe('out');
    expect(fa.outUntil(0)).toBe(3200);
  });

  it('state is stored; stateAt says what it is at a time', () => {
    const fa = new FailureAccrual(1, LINKERD, scripted([]));
    fail(fa, 0, 0, 7);
    expect(fa.stateAt(0, 999)).toBe('out');
    expect(fa.stateAt(0, 1000)).toBe('probing');
    expect(fa.state(0)).toBe('out');
    fa.sent(0, 1000);
    expect(fa.state(0)).toBe('probing');
    expect(fa.outCount).toBe(1);
  });

  it('jitter lengthens a penalty by up to jitter x its base, never past maxPenalty', () => {
    const spec = { ...LINKERD, jitter: 0.5 };
    const fa = new FailureAccrual(1, spec, scripted([0.5, 0.999, 0.99, 0.25]));
    fail(fa, 0, 0, 7);
    expect(fa.outUntil(0)).toBe(1250);
    let now = 1250;
    fa.record(0, now, false); // probing, fails: base 2 000, draw 0.999
    expect(fa.outUntil(0) - now).toBeCloseTo(2999, 9);
    now = fa.outUntil(0);
    fa.record(0, now, false); // base 4 000, draw 0.99
    expect(fa.outUntil(0) - now).toBeCloseTo(5980, 9);
    const capped = new FailureAccrual(1, { ...spec, minPenalty: 1000, maxPenalty: 1200 }, scripted([0.9]));
    fail(capped, 0, 0, 7);
    expect(capped.outUntil(0)).toBe(1200);
    const atCap = new FailureAccrual(1, { ...spec, minPenalty: 5000, maxPenalty: 5000 }, scripted([0.7]));
    fail(atCap, 0, 0, 7);
    expect(atCap.outUntil(0)).toBe(5000);
  });

  it('with Linkerd jitter 0.5, 10 000 first penalties are uniform on [1 s, 1.5 s): never under 1 s', () => {
    // U[1000, 1500): sd 144.3; the mean of 10 000 has sd 1.44, so 4 sd is 5.8 ms.
    const random = new RandomStreams(SEED).stream('accrual');
    const fa = new FailureAccrual(10_000, { ...LINKERD, jitter: 0.5 }, random);
    let sum = 0;
    for (let h = 0; h < 10_000; h++) {
      fail(fa, h, 0, 7);
      const p = fa.outUntil(h);
      expect(p).toBeGreaterThanOrEqual(1000);
      expect(p).toBeLessThan(1500);
      sum += p;
    }
    expect(Math.abs(sum / 10_000 - 1250)).toBeLessThan(5.8);
    expect(fa.outCount).toBe(10_000);
  });

  it('writeAvailable fills a balancer mask and counts the hosts available', () => {
    const fa = new FailureAccrual(4, LINKERD, scripted([]));
    fail(fa, 1, 0, 7);
    fail(fa, 3, 500, 7);
    const mask = new Uint8Array(4);
    expect(fa.writeAvailable(mask, 1200)).toBe(3);
    expect(Array.from(mask)).toEqual([1, 1, 1, 0]);
    fa.sent(1, 1200);
    expect(fa.writeAvailable(mask, 1600)).toBe(3);
    expect(Array.from(mask)).toEqual([1, 0, 1, 1]);
  });

  it('accrualSuccess: Linkerd counts 429 and other 4xx as success, a 5xx or a connection error as failure', () => {
    expect([200, 404, 429, 499].map((s) => accrualSuccess(s, false))).toEqual([true, true, true, true]);
    expect([500, 502, 503, 504].map((s) => accrualSuccess(s, false))).toEqual([false, false, false, false]);
    expect(accrualSuccess(200, true)).toBe(false);
  });

  it('refuses bad specs, naming the field and the value', () => {
    const bad = (patch: Partial<FailureAccrualSpec>) => () =>
      new FailureAccrual(2, { ...LINKERD, ...patch }, scripted([]));
    expect(bad({ consecutiveFailures: 0 })).toThrow(
      'failureAccrual.consecutiveFailures: expected a whole number of 1 or more, got 0',
    );
    expect(bad({ minPenalty: -1 })).toThrow('failureAccrual.minPenalty: expected a number above 0, got -1');
    expect(bad({ maxPenalty: 500 })).toThrow(
      'failureAccrual.maxPenalty: expected at least minPenalty (1000), got 500',
    );
    expect(bad({ jitter: 1.5 })).toThrow('failureAccrual.jitter: expected a number from 0 to 1, got 1.5');
    expect(() => new FailureAccrual(0, LINKERD, scripted([]))).toThrow('hosts');
  });

  it(`invariants over random traffic (fast-check seed ${SEED})`, () => {
    const op = fc.record({
      kind: fc.constantFrom('send', 'send', 'result', 'result', 'result'),
      host: fc.nat(4),
      success: fc.boolean(),
      gap: fc.integer({ min: 0, max: 800 }),
    });
    const arb = fc.record({
      hosts: fc.integer({ min: 1, max: 5 }),
      threshold: fc.integer({ min: 1, max: 4 }),
      jitter: fc.constantFrom(0, 0.5, 1),
      ops: fc.array(op, { maxLength: 400 }),
    });
    fc.assert(
      fc.property(arb, ({ hosts, threshold, jitter, ops }) => {
        const spec = { consecutiveFailures: threshold, minPenalty: 100, maxPenalty: 1000, jitter };
        const random = new RandomStreams(SEED).stream('fa');
        const fa = new FailureAccrual(hosts, spec, random);
        const probes = new Array<number>(hosts).fill(0); // requests sent while probing, per penalty
        let now = 0;
        let penalties = 0;
        for (const o of ops) {
          const host = o.host % hosts;
          now += o.gap;
          const before = fa.stateAt(host, now);
          if (o.kind === 'send') {
            if (fa.available(host, now)) {
              if (before === 'probing') probes[host]++;
              fa.sent(host, now);
              expect(probes[host]).toBeLessThanOrEqual(1);
            }
          } else {
            const wasUntil = fa.outUntil(host);
            fa.record(host, now, o.success);
            const after = fa.state(host);
            if (before === 'out') {
              expect(after).toBe('out');
              expect(fa.outUntil(host)).toBe(wasUntil);
            }
            if (after === 'out' && before !== 'out') {
              penalties++;
              probes[host] = 0;
              expect(o.success).toBe(false);
              const p = fa.outUntil(host) - now;
              expect(p).toBeGreaterThanOrEqual(spec.minPenalty);
              expect(p).toBeLessThanOrEqual(spec.maxPenalty);
            }
            if (after === 'ok' && before === 'probing') expect(o.success).toBe(true);
          }
          let notOk = 0;
          for (let h = 0; h < hosts; h++) if (fa.state(h) !== 'ok') notOk++;
          expect(fa.outCount).toBe(notOk);
          expect(fa.penalties).toBe(penalties);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
