import { describe, expect, test } from 'vitest';
import { textWidth, truncate, wrapName, wrapText } from '../../../src/ui/charts/text-fit';

describe('wrapName', () => {
  test('breaks after a hyphen, underscore, dot or slash, and at spaces, keeping every character', () => {
    expect(wrapName('sliding-window', 8)).toEqual(['sliding-', 'window']);
    expect(wrapName('sliding-window', 20)).toEqual(['sliding-window']);
    expect(wrapName('one-hop budget', 9)).toEqual(['one-hop', 'budget']);
    expect(wrapName('api.v2/orders_new', 7)).toEqual(['api.v2/', 'orders_', 'new']);
  });

  test('a piece longer than a line is cut into lines, never shortened', () => {
    expect(wrapName('abcdefghijklmnop', 5)).toEqual(['abcde', 'fghij', 'klmno', 'p']);
    expect(wrapName('', 5)).toEqual(['']);
  });
});

describe('the other text sizes', () => {
  test('textWidth errs wide, wrapText wraps at spaces, truncate cuts with an ellipsis', () => {
    expect(textWidth('23.8 ms')).toBe(47);
    expect(wrapText('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
    expect(truncate('gateway-only-with-sidecars', 14)).toBe('gateway-only-…');
  });
});
