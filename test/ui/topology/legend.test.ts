import { expect, test } from 'vitest';
import { shapePathData } from '../../../src/ui/topology/legend';

test('shapePathData draws the dot shapes as SVG path data', () => {
  expect(shapePathData('square', 7, 7, 4)).toBe('M3.6,3.6h6.8v6.8h-6.8Z');
  expect(shapePathData('circle', 7, 7, 4)).toBe('M11,7M11,7A4,4 0 1 1 3,7A4,4 0 1 1 11,7Z');
  expect(shapePathData('diamond', 7, 7, 4)).toBe('M7,2L12,7L7,12L2,7Z');
  expect(shapePathData('triangle', 7, 7, 4)).toBe('M7,2.2L11.4,10.2L2.6,10.2Z');
});
