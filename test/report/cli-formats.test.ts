import { describe, expect, it } from 'vitest';
import {
  fixed,
  formatCount,
  formatDecimal,
  formatFactor,
  formatMs,
  formatPercent,
  formatPoints,
  formatRate,
  formatRelative,
  formatSigned,
  formatSpan,
  plural,
} from '../../src/report/figure-format';

describe('format', () => {
  it('fixed groups thousands and never prints -0', () => {
    expect(fixed(1234567.891, 2)).toBe('1,234,567.89');
    expect(fixed(-1234, 0)).toBe('-1,234');
    expect(fixed(-0.0001, 2)).toBe('0.00');
    expect(fixed(NaN, 2)).toBe('—');
  });

  it('formatCount rounds and groups', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('formatMs keeps about three significant digits', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(0.25)).toBe('0.250 ms');
    expect(formatMs(0.0123)).toBe('0.012 ms');
    expect(formatMs(4.3719)).toBe('4.37 ms');
    expect(formatMs(43.71)).toBe('43.7 ms');
    expect(formatMs(437.1)).toBe('437 ms');
    expect(formatMs(12345.6)).toBe('12,346 ms');
    expect(formatMs(NaN)).toBe('—');
    expect(formatMs(undefined as unknown as number)).toBe('—');
  });

  it('formatRate, formatPercent, formatPoints, formatFactor, formatDecimal', () => {
    expect(formatRate(200)).toBe('200.0 rps');
    expect(formatRate(8.5)).toBe('8.50 rps');
    expect(formatRate(12345.6)).toBe('12,346 rps');
    expect(formatPercent(0.98771)).toBe('98.77%');
    expect(formatPercent(0.123, 1)).toBe('12.3%');
    expect(formatPoints(0.0123)).toBe('1.23 pp');
    expect(formatFactor(1.0006)).toBe('1.001x');
    expect(formatDecimal(0)).toBe('0.00');
    expect(formatDecimal(1.234)).toBe('1.23');
    expect(formatDecimal(1234.5)).toBe('1,235');
  });

  it('formatSigned puts the sign before the magnitude and none on zero', () => {
    expect(formatSigned(0.84, formatMs)).toBe('+0.840 ms');
    expect(formatSigned(-12, formatCount)).toBe('-12');
    expect(formatSigned(0, formatMs)).toBe('0 ms');
    expect(formatSigned(0.00001, formatMs)).toBe('0 ms');
    expect(formatSigned(NaN, formatMs)).toBe('—');
  });

  it('formatRelative is the change against the base in percent', () => {
    expect(formatRelative(4, 5)).toBe('+25.0%');
    expect(formatRelative(200, 150)).toBe('-25.0%');
    expect(formatRelative(0, 0)).toBe('0.0%');
    expect(formatRelative(0, 3)).toBe('—');
  });

  it('formatSpan and plural', () => {
    expect(formatSpan(500)).toBe('500 ms');
    expect(formatSpan(60_000)).toBe('60 s');
    expect(formatSpan(1500)).toBe('1.5 s');
    expect(formatSpan(0.25)).toBe('0.25 ms');
    expect(formatSpan(4_000_000)).toBe('4,000 s');
    expect(plural(1, 'client')).toBe('1 client');
    expect(plural(3, 'service')).toBe('3 services');
  });
});
