import { scaleLinear, scaleLog } from 'd3';
import { describe, expect, test } from 'vitest';
import {
  formatMsTick,
  formatRateTick,
  formatTime,
  logDomain,
  logTickValues,
  shortNumber,
  timeTicks,
  xAxis,
} from '../../../src/ui/charts/axis';
import { svgString } from '../../../src/ui/charts/scene';

describe('tick labels', () => {
  test('shortNumber keeps three significant digits without trailing zeros', () => {
    expect([0, 0.5, 0.123456, 20, 1234.5, 2.5].map(shortNumber)).toEqual([
      '0',
      '0.5',
      '0.123',
      '20',
      '1230',
      '2.5',
    ]);
  });
  test('formatMsTick switches to seconds at 1 s', () => {
    expect([0.5, 2, 20, 500, 1000, 2500].map(formatMsTick)).toEqual([
      '0.5 ms',
      '2 ms',
      '20 ms',
      '500 ms',
      '1 s',
      '2.5 s',
    ]);
  });
  test('formatRateTick writes thousands as k', () => {
    expect([0, 0.5, 40, 900, 1500, 12_000].map(formatRateTick)).toEqual([
      '0',
      '0.5',
      '40',
      '900',
      '1.5k',
      '12k',
    ]);
  });
  test('formatTime for the cursor', () => {
    expect([850, 23_449, 120_000].map(formatTime)).toEqual(['850 ms', '23.4 s', '120 s']);
  });
});

describe('timeTicks', () => {
  test('seconds over 2 s or more, placed by the scale', () => {
    const x = scaleLinear().domain([0, 60_000]).range([0, 300]);
    expect(timeTicks([0, 60_000], x, 4)).toEqual([
      { value: 0, pos: 0, label: '0 s' },
      { value: 20_000, pos: 100, label: '20 s' },
      { value: 40_000, pos: 200, label: '40 s' },
      { value: 60_000, pos: 300, label: '60 s' },
    ]);
  });
  test('milliseconds below 2 s', () => {
    const x = scaleLinear().domain([0, 1500]).range([0, 150]);
    expect(timeTicks([0, 1500], x, 3).map((t) => t.label)).toEqual(['0 ms', '500 ms', '1 s', '1.5 s']);
  });
});

describe('logDomain', () => {
  test('snaps outwards to 1-2-5 values', () => {
    expect(logDomain(3, 400)).toEqual([2, 500]);
    expect(logDomain(0.3, 7)).toEqual([0.2, 10]);
    expect(logDomain(2, 50)).toEqual([2, 50]);
  });
  test('widens a single 1-2-5 value by a step each way', () => {
    expect(logDomain(5, 5)).toEqual([2, 10]);
  });
  test('falls back to 1..100 without a positive range', () => {
    expect(logDomain(NaN, NaN)).toEqual([1, 100]);
    expect(logDomain(0, 10)).toEqual([1, 100]);
  });
});

describe('logTickValues', () => {
  test('1-2-5 values when they fit', () => {
    expect(logTickValues([2, 100], 6)).toEqual([2, 5, 10, 20, 50, 100]);
  });
  test('then half decades, then powers of ten, then every other power', () => {
    expect(logTickValues([2, 100], 4)).toEqual([3, 10, 30, 100]);
    expect(logTickValues([1, 1000], 4)).toEqual([1, 10, 100, 1000]);
    expect(logTickValues([0.01, 10_000], 4)).toEqual([0.01, 1, 100, 10_000]);
  });
  test('small values carry no rounding noise', () => {
    expect(logTickValues([0.1, 1], 10)).toEqual([0.1, 0.2, 0.5, 1]);
  });
  test('a log scale puts them at their decades', () => {
    const y = scaleLog().domain([1, 100]).range([100, 0]);
    expect(logTickValues([1, 100], 3).map((v) => y(v))).toEqual([100, 50, 0]);
  });
});

describe('xAxis', () => {
  test('a label that would leave the chart is aligned to its tick', () => {
    const ticks = [
      { value: 0, pos: 2, label: '0 ms' },
      { value: 50, pos: 100, label: '50 ms' },
      { value: 100, pos: 198, label: '100 ms' },
    ];
    const svg = svgString(xAxis(ticks, 50, 2, 198, 200));
    expect(svg.match(/text-anchor="(\w+)"/g)).toEqual([
      'text-anchor="start"',
      'text-anchor="middle"',
      'text-anchor="end"',
    ]);
  });
});

describe('xAxis labels', () => {
  test('a label that would touch the one before it is left out, its tick mark kept', () => {
    const ticks = [
      { value: 50, pos: 50, label: '50 ms' },
      { value: 100, pos: 150, label: '100 ms' },
      { value: 200, pos: 180, label: '200 ms' },
    ];
    const svg = svgString(xAxis(ticks, 0, 0, 180, 180));
    expect(svg.match(/>[^<]+<\/text>/g)).toEqual(['>50 ms</text>', '>100 ms</text>']);
    expect(svg.match(/<line x1="180" x2="180"/g)).toHaveLength(1);
  });
});
