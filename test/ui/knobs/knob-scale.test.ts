import { describe, expect, test } from 'vitest';
import {
  attemptsRange,
  boundedCountRange,
  countRange,
  niceCeil,
  niceFloor,
  niceStep,
  percentRange,
  scaledRange,
  tidy,
} from '../../../src/ui/knobs/knob-scale';

describe('the 1-2-5 ladder', () => {
  test('niceFloor and niceCeil bracket a number with ladder values', () => {
    const cases: [number, number, number][] = [
      [340, 200, 500],
      [1, 1, 1],
      [2, 2, 2],
      [7, 5, 10],
      [0.045, 0.02, 0.05],
      [14500, 10000, 20000],
      [99.99, 50, 100],
    ];
    for (const [x, floor, ceil] of cases) {
      expect([niceFloor(x), niceCeil(x)], String(x)).toEqual([floor, ceil]);
    }
  });

  test('niceStep aims at 100 positions and takes a finer step that lands on the value', () => {
    expect(niceStep(980, 200)).toBe(10);
    expect(niceStep(99_000, 14_500)).toBe(500); // 1 000 misses 14 500; 500 hits it
    expect(niceStep(1980, 333)).toBe(20); // no step of the next two lands on 333: the coarse one
    expect(niceStep(4.5, 0.5)).toBe(0.05);
    expect(niceStep(40, 7, true)).toBe(1);
    expect(niceStep(0, 5)).toBe(1);
  });

  test('tidy drops binary noise', () => {
    expect(tidy(0.1 + 0.2)).toBe(0.3);
    expect(tidy(3 * 0.05)).toBe(0.15);
  });
});

describe('ranges', () => {
  test('scaledRange: 0.1x to 5x rounded outwards, min a whole number of steps', () => {
    expect(scaledRange(200, { lowest: 1 })).toEqual({ min: 20, max: 1000, step: 10 });
    expect(scaledRange(2000, { lowest: 1 })).toEqual({ min: 200, max: 10000, step: 100 });
    expect(scaledRange(14500, { lowest: 1, integer: true })).toEqual({ min: 1000, max: 100000, step: 500 });
    expect(scaledRange(3, { lowest: 1, integer: true })).toEqual({ min: 1, max: 20, step: 1 });
  });

  test('scaledRange keeps within lowest..highest but always holds the value', () => {
    expect(scaledRange(4000, { lowest: 1, highest: 10_000 })).toEqual({ min: 200, max: 10000, step: 100 });
    expect(scaledRange(20_000, { lowest: 1, highest: 10_000 })).toEqual({ min: 2000, max: 20000, step: 200 });
    expect(scaledRange(0.5, { lowest: 1 })).toEqual({ min: 0.5, max: 5, step: 0.05 });
    expect(scaledRange(0, { lowest: 1 })).toEqual({ min: 0, max: 10, step: 0.1 });
  });

  test('countRange: 1..max(10, 3x) by 1, by a ladder step beyond 200 positions', () => {
    expect(countRange(2)).toEqual({ min: 1, max: 10, step: 1 });
    expect(countRange(4)).toEqual({ min: 1, max: 12, step: 1 });
    expect(countRange(64)).toEqual({ min: 1, max: 192, step: 1 });
    expect(countRange(1000)).toEqual({ min: 50, max: 3000, step: 50 });
  });

  test("boundedCountRange: countRange from the format's least value, up to its most", () => {
    expect(boundedCountRange(5, 0)).toEqual({ min: 0, max: 15, step: 1 });
    expect(boundedCountRange(10, 1)).toEqual({ min: 1, max: 30, step: 1 });
    expect(boundedCountRange(3, 1, 100)).toEqual({ min: 1, max: 10, step: 1 });
    expect(boundedCountRange(60, 1, 100)).toEqual({ min: 1, max: 100, step: 1 });
    expect(boundedCountRange(160, 1, 10_000)).toEqual({ min: 5, max: 480, step: 5 });
  });

  test('percentRange: 0..100 by 1, or the bounds given, always holding the value', () => {
    expect(percentRange(20)).toEqual({ min: 0, max: 100, step: 1 });
    expect(percentRange(50, 1)).toEqual({ min: 1, max: 100, step: 1 });
    expect(percentRange(0.5, 1)).toEqual({ min: 0.5, max: 100, step: 1 });
  });

  test('attemptsRange: 0..max(10, x) by 1', () => {
    expect(attemptsRange(1)).toEqual({ min: 0, max: 10, step: 1 });
    expect(attemptsRange(25)).toEqual({ min: 0, max: 25, step: 1 });
  });
});
