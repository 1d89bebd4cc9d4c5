import { describe, expect, test } from 'vitest';
import {
  formatCount,
  formatDecimal,
  formatPercent,
  formatSpan,
  GLANCE_PERCENT_DIGITS,
  plural,
} from '../../src/report/figure-format';

/** The page's forms of the shared formats: a bare zero, a share with one decimal, rounded spans, grouped counts. */
const formatQuantity = (x: number) => formatDecimal(x, 'bare');
const formatGlancePercent = (share: number) => formatPercent(share, GLANCE_PERCENT_DIGITS);
const formatDuration = (ms: number) => formatSpan(ms, 'rounded');
const pluralGrouped = (n: number, noun: string) => plural(n, noun, { grouped: true });

describe('formatCount', () => {
  test('groups thousands and rounds', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(1234567.6)).toBe('1,234,568');
  });
  test('shows a dash for what is not a number', () => {
    expect(formatCount(Number.NaN)).toBe('—');
    expect(formatCount(Infinity)).toBe('—');
  });
});

describe("formatDecimal(x, 'bare'): the page's quantities", () => {
  test('keeps about three significant digits, never an exponent', () => {
    expect(formatQuantity(0)).toBe('0');
    expect(formatQuantity(0.0004)).toBe('0.000');
    expect(formatQuantity(0.4234)).toBe('0.423');
    expect(formatQuantity(4.2149)).toBe('4.21');
    expect(formatQuantity(42.149)).toBe('42.1');
    expect(formatQuantity(421.49)).toBe('421');
    expect(formatQuantity(4213.5)).toBe('4,214');
    expect(formatQuantity(-12.34)).toBe('-12.3');
  });
  test('shows a dash for infinities', () => {
    expect(formatQuantity(-Infinity)).toBe('—');
  });
});

describe('formatPercent at a glance', () => {
  test('one decimal', () => {
    expect(formatGlancePercent(0.7134)).toBe('71.3%');
    expect(formatGlancePercent(1)).toBe('100.0%');
    expect(formatGlancePercent(0)).toBe('0.0%');
    expect(formatGlancePercent(Number.NaN)).toBe('—');
  });
});

describe("formatSpan(ms, 'rounded'): the page's spans", () => {
  test('milliseconds below a second', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(0.25)).toBe('0.250 ms');
  });
  test('seconds, trailing zeros trimmed', () => {
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(60_000)).toBe('60 s');
    expect(formatDuration(1234)).toBe('1.23 s');
  });
  test('minutes from two minutes on', () => {
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(150_000)).toBe('2 min 30 s');
  });
});

test('plural, grouped as the page shows it', () => {
  expect(pluralGrouped(1, 'error')).toBe('1 error');
  expect(pluralGrouped(0, 'error')).toBe('0 errors');
  expect(pluralGrouped(1200, 'event')).toBe('1,200 events');
});

test('the CLI keeps its counts ungrouped and its spans exact', () => {
  expect(plural(1200, 'event')).toBe('1200 events');
  expect(formatSpan(1234)).toBe('1.234 s');
  expect(formatSpan(150_000)).toBe('150 s');
});
