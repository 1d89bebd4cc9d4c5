import { describe, expect, it } from 'vitest';
import { TimeWeighted } from '../../src/engine/time-weighted';

describe('TimeWeighted', () => {
  it('TimeWeighted.mean is the exact area over elapsed time for a hand-computed step function', () => {
    // Value: 0 on [0, 2), 3 on [2, 5), 1 on [5, 6), 4 on [6, 10).
    // Area: 0*2 + 3*3 + 1*1 + 4*4 = 26 over 10 ms.
    const tw = new TimeWeighted();
    tw.set(2, 3);
    tw.add(5, -2);
    tw.add(6, 3);
    expect(tw.value).toBe(4);
    expect(tw.mean(10)).toBe(2.6);
    // The open segment is counted up to the time asked: (0*2 + 3*3 + 1*1 + 4*1) / 7.
    expect(tw.mean(7)).toBe(2);
    // Asking does not change the state.
    expect(tw.mean(10)).toBe(2.6);
  });

  it('TimeWeighted.add accumulates deltas and set replaces the value', () => {
    const tw = new TimeWeighted();
    tw.add(0, 1);
    tw.add(0, 1); // two arrivals at the same instant add no area
    tw.add(4, 1);
    tw.set(8, 0);
    // 2 on [0, 4), 3 on [4, 8), 0 on [8, 16): area 8 + 12 = 20 over 16.
    expect(tw.value).toBe(0);
    expect(tw.mean(16)).toBe(1.25);
  });

  it('TimeWeighted.mean with no change is the constant value, and 0 for a fresh one', () => {
    expect(new TimeWeighted().mean(100)).toBe(0);
    const tw = new TimeWeighted();
    tw.set(0, 7);
    expect(tw.mean(1)).toBe(7);
    expect(tw.mean(1e9)).toBe(7);
  });

  it('TimeWeighted.mean at the start of the window returns the current value', () => {
    const tw = new TimeWeighted();
    tw.set(0, 5);
    expect(tw.mean(0)).toBe(5);
    tw.restart(30);
    tw.set(30, 9);
    expect(tw.mean(30)).toBe(9);
  });

  it('TimeWeighted.restart drops the area before it and keeps the current value', () => {
    // Warm-up: 100 on [0, 50), then 2 from 50 on; the window restarts at 60.
    const tw = new TimeWeighted();
    tw.set(0, 100);
    tw.set(50, 2);
    tw.restart(60);
    expect(tw.value).toBe(2);
    // 2 on [60, 70), 6 on [70, 80): area 20 + 60 = 80 over 20.
    tw.set(70, 6);
    expect(tw.mean(80)).toBe(4);
    // A second restart works the same way.
    tw.restart(80);
    tw.add(90, -6);
    // 6 on [80, 90), 0 on [90, 100): 60 over 20.
    expect(tw.mean(100)).toBe(3);
  });

  it('TimeWeighted.mean of a 0/1 busy indicator is the utilization', () => {
    // Busy for 3 ms out of every 4 over 1000 periods.
    const tw = new TimeWeighted();
    for (let i = 0; i < 1000; i++) {
      tw.set(4 * i, 1);
      tw.set(4 * i + 3, 0);
    }
    expect(tw.mean(4000)).toBe(0.75);
  });
});
