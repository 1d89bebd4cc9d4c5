import { describe, expect, it } from 'vitest';
import { PeakEwmaBalancer } from '../../../src/model/balancers';

/** A random source that returns `values` in order and fails when asked for more. */
function scripted(values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error(`only ${values.length} draws were scripted`);
    return values[i++];
  };
}

describe('PeakEwmaBalancer: the RTT estimate', () => {
  it('starts at the default RTT and decays from startAt as exp(-t / tau)', () => {
    const ewma = new PeakEwmaBalancer(1, { defaultRttMs: 30, decayMs: 10_000, startAt: 1_000 });
    expect(ewma.cost(0, 1_000)).toBe(30);
    // One time constant later: 30 / e.
    expect(ewma.cost(0, 11_000)).toBeCloseTo(30 * Math.exp(-1), 12);
    // Reading decays and stores, and decays compose: two more half-constants make one more e.
    ewma.cost(0, 16_000);
    expect(ewma.cost(0, 21_000)).toBeCloseTo(30 * Math.exp(-2), 12);
  });
  it("follows tower's compound_decay test, in ms (default 20 ms, tau 1 s)", () => {
    const ewma = new PeakEwmaBalancer(1, { defaultRttMs: 20, decayMs: 1_000 });
    expect(ewma.cost(0, 0)).toBe(20);
    ewma.started(0, 100);
    // 20 e^-0.1 = 18.097, times (1 pending + 1).
    expect(ewma.cost(0, 100)).toBeCloseTo(2 * 20 * Math.exp(-0.1), 12);
    ewma.started(0, 200);
    expect(ewma.cost(0, 200)).toBeCloseTo(3 * 20 * Math.exp(-0.2), 12);
    // The first response took 200 ms, above the estimate: the estimate jumps to it at once.
    ewma.finished(0, 300, 200, true);
    expect(ewma.estimate(0)).toBe(200);
    expect(ewma.cost(0, 300)).toBe(400);
    // The second also took 200 ms, not above: 200 e^-0.1 + 200 (1 - e^-0.1) = 200.
    ewma.finished(0, 400, 200, true);
    expect(ewma.cost(0, 400)).toBeCloseTo(200, 9);
    expect(ewma.cost(0, 1_400)).toBeCloseTo(200 * Math.exp(-1), 9);
    expect(ewma.cost(0, 11_400)).toBeCloseTo(200 * Math.exp(-11), 9);
  });
  it('a lower RTT pulls the estimate by 1 - exp(-elapsed / tau), computed by hand', () => {
    const ewma = new PeakEwmaBalancer(1, { defaultRttMs: 100, decayMs: 10_000 });
    ewma.started(0, 0);
    // 5 s since the estimate was last touched: d = e^-0.5 = 0.60653; 100 d + 10 (1 - d) = 64.588.
    ewma.finished(0, 5_000, 10, true);
    expect(ewma.estimate(0)).toBeCloseTo(100 * Math.exp(-0.5) + 10 * (1 - Math.exp(-0.5)), 12);
    expect(ewma.estimate(0)).toBeCloseTo(64.588, 3);
  });
  it('peaks immediately: one slow response sets the estimate whatever the history', () => {
    const ewma = new PeakEwmaBalancer(1, { defaultRttMs: 5 });
    for (let t = 0; t < 100; t++) {
      ewma.started(0, t);
      ewma.finished(0, t + 1, 5, true);
    }
    ewma.started(0, 200);
    ewma.finished(0, 700, 500, true);
    expect(ewma.estimate(0)).toBe(500);
  });
  it('records failures exactly as successes (Linkerd measures every response)', () => {
    const ok = new PeakEwmaBalancer(1);
    const failed = new PeakEwmaBalancer(1);
    for (const b of [ok, failed]) b.started(0, 0);
    ok.finished(0, 1_000, 1, true);
    failed.finished(0, 1_000, 1, false);
    expect(failed.estimate(0)).toBe(ok.estimate(0));
    expect(failed.active[0]).toBe(0);
  });
  it('reset forgets what was learnt', () => {
    const ewma = new PeakEwmaBalancer(2);
    ewma.started(1, 0);
    ewma.finished(1, 900, 900, true);
    ewma.reset(1, 1_000);
    expect(ewma.cost(1, 1_000)).toBe(30);
  });
  it('rejects bad options, naming them', () => {
    expect(() => new PeakEwmaBalancer(2, { decayMs: 0 })).toThrow(
      'peak-ewma: decayMs must be a number > 0, got 0',
    );
    expect(() => new PeakEwmaBalancer(2, { defaultRttMs: -1 })).toThrow(
      'peak-ewma: defaultRttMs must be a number > 0, got -1',
    );
    expect(() => new PeakEwmaBalancer(2, { startAt: Infinity })).toThrow(
      'peak-ewma: startAt must be a finite number, got Infinity',
    );
  });
});

describe('PeakEwmaBalancer: power of two choices', () => {
  it("draws two distinct endpoints as Linkerd's gen_pair does and takes the cheaper", () => {
    const ewma = new PeakEwmaBalancer(3);
    ewma.started(0, 0); // cost 60 against 30 for the others
    const all = Uint8Array.of(1, 1, 1);
    // a = floor(r1 * 3), b = floor(r2 * 2), b + 1 if b >= a.
    expect(ewma.pick(all, 0, scripted([0.1, 0.1]), 0)).toBe(1); // a 0, b 0 -> 1: 60 vs 30
    expect(ewma.pick(all, 0, scripted([0.9, 0.1]), 0)).toBe(2); // a 2, b 0: 30 vs 60
    expect(ewma.pick(all, 0, scripted([0.5, 0.9]), 0)).toBe(1); // a 1, b 1 -> 2: tie, first drawn
    expect(ewma.pick(all, 0, scripted([0.9, 0.9]), 0)).toBe(2); // a 2, b 1: tie, first drawn
  });
  it('prefers the fast endpoint once both have answered', () => {
    const ewma = new PeakEwmaBalancer(2);
    ewma.started(0, 0);
    ewma.started(1, 0);
    ewma.finished(0, 10, 10, true); // estimate stays 30: 10 ms pulls it by 1 - e^-0.001 only
    ewma.finished(1, 200, 200, true); // peaks to 200
    for (const r of [0.1, 0.9]) expect(ewma.pick(Uint8Array.of(1, 1), 200, scripted([r, 0]), 0)).toBe(0);
  });
  it('a busy fast endpoint can lose to an idle slower one: cost is RTT times (active + 1)', () => {
    const ewma = new PeakEwmaBalancer(2, { defaultRttMs: 10 });
    ewma.started(1, 0);
    ewma.finished(1, 25, 25, true); // endpoint 1: 25 ms, idle
    for (let k = 0; k < 3; k++) ewma.started(0, 25); // endpoint 0: 10 ms, 3 in flight -> 40
    expect(ewma.pick(Uint8Array.of(1, 1), 25, scripted([0.1, 0.1]), 0)).toBe(1);
  });
  it('with one eligible endpoint returns it without drawing; with none returns -1', () => {
    const ewma = new PeakEwmaBalancer(3);
    expect(ewma.pick(Uint8Array.of(0, 0, 1), 0, scripted([]), 0)).toBe(2);
    expect(ewma.pick(Uint8Array.of(0, 0, 0), 0, scripted([]), 0)).toBe(-1);
  });
});
