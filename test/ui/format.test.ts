import { describe, expect, test } from 'vitest';
import { formatCount, formatDuration, formatPercent, formatQuantity, plural } from '../../src/ui/format';

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

describe('formatQuantity', () => {
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

describe('formatPercent', () => {
  test('one decimal', () => {
    expect(formatPercent(0.7134)).toBe('71.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('formatDuration', () => {
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

test('plural', () => {
  expect(plural(1, 'error')).toBe('1 error');
  expect(plural(0, 'error')).toBe('0 errors');
  expect(plural(1200, 'event')).toBe('1,200 events');
});
