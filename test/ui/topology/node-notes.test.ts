import { describe, expect, test } from 'vitest';
import { fitNote, noteShare } from '../../../src/ui/topology/node-notes';

describe('noteShare', () => {
  test('noteShare reads a/b of a `<name> <a>/<b> left` line', () => {
    expect(noteShare('rate-limiting 37/100 left')).toBe(0.37);
    expect(noteShare('rate limit per consumer 5/20 left')).toBe(0.25);
    expect(noteShare('quota 2.5/10 left')).toBe(0.25);
  });

  test('noteShare keeps the share within [0, 1], 0 for an empty budget', () => {
    expect(noteShare('rate-limiting 0/100 left')).toBe(0);
    expect(noteShare('rate-limiting 120/100 left')).toBe(1);
    expect(noteShare('rate-limiting 3/0 left')).toBe(0);
  });

  test('noteShare is NaN for any other line', () => {
    for (const line of [
      'proxy-cache hit 62%',
      'external-auth cached 90%',
      'rate-limiting 429 12%',
      'http-log 120 logged',
      '37/100 left',
      'rate-limiting 37/100 left over',
      'rate-limiting -3/100 left',
      'rate-limiting 37/100',
      '',
    ]) {
      expect(noteShare(line), line).toBeNaN();
    }
  });
});

describe('fitNote', () => {
  test('fitNote keeps a line that fits', () => {
    expect(fitNote('proxy-cache hit 62%', 19)).toBe('proxy-cache hit 62%');
    expect(fitNote('<b>x</b> hit 1%', 30)).toBe('<b>x</b> hit 1%');
  });

  test('fitNote shortens the name and keeps the figures', () => {
    expect(fitNote('my-very-long-rate-limiting-plugin 37/100 left', 24)).toBe('my-very-lon… 37/100 left');
    expect(fitNote('my-very-long-rate-limiting-plugin 37/100 left', 24)).toHaveLength(24);
    expect(fitNote('abcdef 37/100 left', 15)).toBe('ab… 37/100 left');
  });

  test('fitNote cuts at the end when the figures alone do not fit', () => {
    expect(fitNote('abcdef 37/100 left', 10)).toBe('abcdef 37…');
    expect(fitNote('abcdefghijklmnop', 8)).toBe('abcdefg…');
  });
});
