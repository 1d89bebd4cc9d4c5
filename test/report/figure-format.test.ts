import { describe, expect, test } from 'vitest';
import {
  formatClaimValue,
  formatCount,
  formatFigure,
  formatFigureNumber,
  formatMs,
  formatPercent,
  formatPoints,
  formatRate,
  formatRelative,
  formatSigned,
  MISSING,
  unitSuffix,
} from '../../src/report/figure-format';

describe('figure formats (the CLI tables and the page both print these)', () => {
  test('by unit, with the digits a metric asks for', () => {
    expect(formatFigure({ unit: 'count' }, 4213.5)).toBe('4,214');
    expect(formatFigure({ unit: 'percent' }, 0.98765)).toBe('98.77%');
    expect(formatFigure({ unit: 'percent', digits: 1 }, 0.98765)).toBe('98.8%');
    expect(formatFigure({ unit: 'ms' }, 4.2149)).toBe('4.21 ms');
    expect(formatFigure({ unit: 'rate' }, 42.149)).toBe('42.1 rps');
    expect(formatFigure({ unit: 'factor' }, 1.0123)).toBe('1.012x');
    expect(formatFigure({ unit: 'decimal' }, 0.0123)).toBe('0.012');
    expect(formatFigure({ unit: 'ms' }, NaN)).toBe(MISSING);
  });

  test('a few by hand', () => {
    expect(formatMs(4.371)).toBe('4.37 ms');
    expect(formatPercent(0.98765)).toBe('98.77%');
    expect(formatPoints(0.1765)).toBe('17.65 pp');
    expect(formatSigned(-662, formatCount)).toBe('-662');
    expect(formatSigned(0.0001, formatCount)).toBe('0');
    expect(formatRelative(3091, 3753)).toBe('+21.4%');
    expect(formatRelative(0, 5)).toBe(MISSING);
    expect(formatRate(98.8)).toBe('98.8 rps');
  });
});

describe('formatFigureNumber (a table that names the unit once)', () => {
  test('is the figure as printed, without the unit suffix', () => {
    for (const [unit, x] of [
      ['count', 4213.5],
      ['percent', 0.98765],
      ['ms', 4.2149],
      ['ms', 0],
      ['ms', 1234.5],
      ['rate', 42.149],
      ['rate', 200],
      ['rate', 8.5],
      ['factor', 1.0123],
      ['decimal', 0],
    ] as const) {
      const suffix = unitSuffix(unit);
      const printed = formatFigure({ unit }, x);
      expect(formatFigureNumber({ unit }, x)).toBe(suffix ? printed.slice(0, -suffix.length - 1) : printed);
    }
    expect(formatFigureNumber({ unit: 'rate' }, 199.1666)).toBe('199.2');
    expect(formatFigureNumber({ unit: 'ms' }, NaN)).toBe(MISSING);
  });

  test('names the suffixes', () => {
    expect([unitSuffix('ms'), unitSuffix('rate'), unitSuffix('percent'), unitSuffix('count')]).toEqual([
      'ms',
      'rps',
      undefined,
      undefined,
    ]);
  });
});

describe('formatClaimValue', () => {
  test('prints a value in the unit the model gives its claim', () => {
    expect(formatClaimValue('share', 0.99953)).toBe('99.95%');
    expect(formatClaimValue('ms', 2.2849)).toBe('2.28 ms');
    expect(formatClaimValue('ms', 843.21)).toBe('843 ms');
    expect(formatClaimValue('factor', 1.8512)).toBe('1.85x');
    expect(formatClaimValue('number', 2309.4)).toBe('2,309');
    expect(formatClaimValue('number', 12)).toBe('12');
    expect(formatClaimValue('number', 12.5)).toBe('12.5');
    expect(formatClaimValue('perRequest', 25.87)).toBe('25.9/request');
    expect(formatClaimValue('ms', NaN)).toBe('—');
  });
});
