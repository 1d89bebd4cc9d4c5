import { describe, expect, it } from 'vitest';
import { checkedPanicThreshold, isInPanic, panicEligibility } from '../../../src/model/balancers';

describe('panicEligibility (Envoy panic threshold)', () => {
  const scratch = new Uint8Array(8);

  it('at or above the threshold balances over the healthy endpoints only (the same array)', () => {
    const healthy = Uint8Array.of(1, 1, 0, 0); // 50 %: not below 50 %
    expect(isInPanic(healthy, 4)).toBe(false);
    expect(panicEligibility(healthy, 4, scratch)).toBe(healthy);
  });
  it('below the threshold balances over all endpoints, written into the scratch array', () => {
    const healthy = Uint8Array.of(1, 0, 0, 0); // 25 % < 50 %
    scratch.fill(7);
    const eligible = panicEligibility(healthy, 4, scratch);
    expect(eligible).toBe(scratch);
    expect(Array.from(eligible.subarray(0, 4))).toEqual([1, 1, 1, 1]);
    expect(eligible[4]).toBe(7); // nothing written past `count`
  });
  it('no healthy endpoint with the default threshold: all of them (Envoy panics)', () => {
    expect(Array.from(panicEligibility(Uint8Array.of(0, 0, 0), 3, scratch).subarray(0, 3))).toEqual([
      1, 1, 1,
    ]);
  });
  it("threshold 0 never panics (Istio's minHealthPercent default): no healthy endpoint stays none", () => {
    const healthy = Uint8Array.of(0, 0, 0);
    expect(isInPanic(healthy, 3, 0)).toBe(false);
    expect(panicEligibility(healthy, 3, scratch, 0)).toBe(healthy);
  });
  it('counts only known endpoints, and in panic spreads over the known ones only', () => {
    // Known: 0, 1, 2 (3 is not in discovery yet). Healthy: 0 -> 33 % < 50 %.
    const healthy = Uint8Array.of(1, 0, 0, 0);
    const known = Uint8Array.of(1, 1, 1, 0);
    expect(Array.from(panicEligibility(healthy, 4, scratch, 50, known).subarray(0, 4))).toEqual([1, 1, 1, 0]);
    // 2 of 3 known healthy is 67 %: no panic even though 2 of 4 endpoints are.
    expect(isInPanic(Uint8Array.of(1, 1, 0, 0), 4, 60, known)).toBe(false);
  });
  it('compares strictly: exactly the threshold is not panic', () => {
    expect(isInPanic(Uint8Array.of(1, 0, 0, 0), 4, 25)).toBe(false);
    expect(isInPanic(Uint8Array.of(1, 0, 0, 0), 4, 25.1)).toBe(true);
    expect(isInPanic(new Uint8Array(0), 0, 50)).toBe(true); // nothing known: 0 % (and nothing to pick)
  });
  it('rejects a threshold outside [0, 100]', () => {
    expect(checkedPanicThreshold(50)).toBe(50);
    expect(() => checkedPanicThreshold(150)).toThrow(
      'panic threshold must be a percentage in [0, 100], got 150',
    );
    expect(() => checkedPanicThreshold(Number.NaN)).toThrow('got NaN');
  });
});
