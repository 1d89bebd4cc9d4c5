import { expect, test } from 'vitest';
import { offsetOf } from '../../src/ui/text-position';

const text = 'name: shop\nseed: 42\nduration: 60s';

test('offsetOf finds 1-based lines and columns', () => {
  expect(offsetOf(text, 1, 1)).toBe(0);
  expect(offsetOf(text, 2, 1)).toBe(11);
  expect(offsetOf(text, 2, 7)).toBe(17);
  expect(text.slice(offsetOf(text, 3, 11))).toBe('60s');
});

test('offsetOf clamps to the line and to the text', () => {
  expect(offsetOf(text, 1, 99)).toBe(10);
  expect(offsetOf(text, 9, 1)).toBe(text.length);
  expect(offsetOf(text, 0, 0)).toBe(0);
});
