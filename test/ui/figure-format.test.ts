import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as cli from '../../src/cli/format';
import { formatFigure as cliFigure } from '../../src/cli/metrics';
import {
  figureCount,
  figureDecimal,
  figureFactor,
  figureMs,
  figurePercent,
  figurePoints,
  figureRate,
  figureRelative,
  figureSigned,
  fixed,
  formatFigure,
  MISSING,
} from '../../src/ui/figure-format';
import type { FigureUnit } from '../../src/worker/comparison';

const SEED = 20240611;
/** Numbers of every size a report holds, and the awkward ones: zero, halves, NaN, infinities. */
const numbers = fc.oneof(
  fc.double({ min: -1e7, max: 1e7, noNaN: true }),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 1000),
  fc.constantFrom(0, -0, 0.5, 9.995, 99.95, 0.0005, 1234.5, NaN, Infinity, -Infinity),
);

describe('the page prints a figure exactly as meshsim compare does', () => {
  test(`every format agrees with the command line's (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(numbers, numbers, (x, y) => {
        expect(fixed(x, 2)).toBe(cli.fixed(x, 2));
        expect(figureCount(x)).toBe(cli.formatCount(x));
        expect(figureMs(x)).toBe(cli.formatMs(x));
        expect(figureRate(x)).toBe(cli.formatRate(x));
        expect(figureDecimal(x)).toBe(cli.formatDecimal(x));
        expect(figurePercent(x)).toBe(cli.formatPercent(x));
        expect(figurePercent(x, 1)).toBe(cli.formatPercent(x, 1));
        expect(figurePoints(x)).toBe(cli.formatPoints(x));
        expect(figureFactor(x)).toBe(cli.formatFactor(x));
        expect(figureSigned(x, figureMs)).toBe(cli.formatSigned(x, cli.formatMs));
        expect(figureRelative(x, y)).toBe(cli.formatRelative(x, y));
        expect(figureRelative(0, y)).toBe(cli.formatRelative(0, y));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  test('by unit, with the digits a metric asks for', () => {
    const units: FigureUnit[] = ['count', 'percent', 'ms', 'rate', 'factor', 'decimal'];
    for (const unit of units) {
      for (const x of [0, 0.0123, 0.98765, 4.2149, 42.149, 4213.5, -12.34, NaN]) {
        expect(formatFigure({ unit }, x)).toBe(cliFigure({ unit }, x));
        expect(formatFigure({ unit, digits: 1 }, x)).toBe(cliFigure({ unit, digits: 1 }, x));
      }
    }
  });

  test('a few by hand', () => {
    expect(figureMs(4.371)).toBe('4.37 ms');
    expect(figurePercent(0.98765)).toBe('98.77%');
    expect(figurePoints(0.1765)).toBe('17.65 pp');
    expect(figureSigned(-662, figureCount)).toBe('-662');
    expect(figureSigned(0.0001, figureCount)).toBe('0');
    expect(figureRelative(3091, 3753)).toBe('+21.4%');
    expect(figureRelative(0, 5)).toBe(MISSING);
    expect(figureRate(98.8)).toBe('98.8 rps');
  });
});
