import { describe, expect, test } from 'vitest';
import { formatSpanDuration, waterfallScale } from '../../../src/ui/trace/waterfall-scale';

const ticksOf = (end: number, width = 100) =>
  waterfallScale([{ end }], width).ticks.map((t) => [t.ms, t.x, t.label]);

describe('waterfallScale(rows, width)', () => {
  test('ms: about five ticks on round values, to the latest end', () => {
    const scale = waterfallScale([{ end: 120 }, { end: 300 }, { end: 10 }], 600);
    expect([scale.extent, scale.unit, scale.step]).toEqual([300, 'ms', 50]);
    expect(scale.ticks.map((t) => [t.ms, t.x, t.label])).toEqual([
      [0, 0, '0'],
      [50, 100, '50 ms'],
      [100, 200, '100 ms'],
      [150, 300, '150 ms'],
      [200, 400, '200 ms'],
      [250, 500, '250 ms'],
      [300, 600, '300 ms'],
    ]);
  });

  test('fractions of a ms keep their decimals and no float dust', () => {
    expect(ticksOf(1.3).map((t) => t[2])).toEqual([
      '0',
      '0.2 ms',
      '0.4 ms',
      '0.6 ms',
      '0.8 ms',
      '1.0 ms',
      '1.2 ms',
    ]);
    expect(waterfallScale([{ end: 1.3 }], 100).ticks[3].ms).toBe(0.6);
  });

  test('µs for a trace under a millisecond', () => {
    const scale = waterfallScale([{ end: 0.35 }], 700);
    expect([scale.unit, scale.step]).toEqual(['µs', 0.05]);
    expect(scale.ticks.map((t) => t.label)).toEqual([
      '0',
      '50 µs',
      '100 µs',
      '150 µs',
      '200 µs',
      '250 µs',
      '300 µs',
      '350 µs',
    ]);
    expect(scale.ticks[7].ms).toBe(0.35);
    expect(scale.ticks[7].x).toBeCloseTo(700, 9);
  });

  test('s from a second', () => {
    expect(ticksOf(2500).map((t) => t[2])).toEqual(['0', '0.5 s', '1.0 s', '1.5 s', '2.0 s', '2.5 s']);
    expect(ticksOf(12_000).map((t) => t[2])).toEqual(['0', '2 s', '4 s', '6 s', '8 s', '10 s', '12 s']);
  });

  test('an axis of 1 ms when every row is empty', () => {
    const scale = waterfallScale([{ end: 0 }], 100);
    expect([scale.extent, scale.unit]).toEqual([1, 'ms']);
    expect(waterfallScale([], 100).extent).toBe(1);
  });

  test('x is linear and clamped to [0, width]', () => {
    const scale = waterfallScale([{ end: 40 }], 100);
    expect([scale.x(0), scale.x(10), scale.x(40), scale.x(-5), scale.x(80)]).toEqual([0, 25, 100, 0, 100]);
  });

  test('the tick count is a hint', () => {
    expect(waterfallScale([{ end: 100 }], 100, 10).step).toBe(10);
    expect(waterfallScale([{ end: 100 }], 100, 2).step).toBe(50);
  });

  test('refuses a width or tick count that cannot be drawn, naming it', () => {
    expect(() => waterfallScale([], 0)).toThrow('waterfallScale: width must be a positive number, got 0');
    expect(() => waterfallScale([], NaN)).toThrow(RangeError);
    expect(() => waterfallScale([], 100, 0)).toThrow(
      'waterfallScale: tickCount must be a positive integer, got 0',
    );
  });
});

describe('formatSpanDuration(ms)', () => {
  test('three significant digits in µs, ms or s', () => {
    expect(formatSpanDuration(0.42)).toBe('420 µs');
    expect(formatSpanDuration(0.0042)).toBe('4.2 µs');
    expect(formatSpanDuration(1.5)).toBe('1.5 ms');
    expect(formatSpanDuration(12.345)).toBe('12.3 ms');
    expect(formatSpanDuration(250)).toBe('250 ms');
    expect(formatSpanDuration(1234)).toBe('1.23 s');
    expect(formatSpanDuration(90_000)).toBe('90 s');
  });
  test('rounds across a unit boundary into the larger unit', () => {
    expect(formatSpanDuration(0.9996)).toBe('1 ms');
    expect(formatSpanDuration(999.7)).toBe('1 s');
  });
  test('zero, float dust and what is not a number', () => {
    expect(formatSpanDuration(0)).toBe('0 ms');
    expect(formatSpanDuration(1e-10)).toBe('0 µs');
    expect(formatSpanDuration(NaN)).toBe('—');
    expect(formatSpanDuration(Infinity)).toBe('—');
  });
});
