import { describe, expect, test } from 'vitest';
import { dodge, separate } from '../../../src/ui/charts/dodge';

describe('dodge', () => {
  test('leaves labels that are far enough apart where they are', () => {
    expect(dodge([10, 40, 70], 12, 0, 100)).toEqual([10, 40, 70]);
  });
  test('pushes crowded labels apart in order, keeping the input order in the answer', () => {
    expect(dodge([50, 45, 47], 10, 0, 100)).toEqual([65, 45, 55]);
  });
  test('pulls labels back inside the band from its bottom', () => {
    expect(dodge([95, 98, 99], 10, 0, 100)).toEqual([80, 90, 100]);
  });
  test('clamps into the band first', () => {
    expect(dodge([-20, 130], 10, 0, 100)).toEqual([0, 100]);
  });
  test('a band too narrow for all keeps the gaps from its top', () => {
    expect(dodge([5, 5, 5], 10, 0, 15)).toEqual([0, 10, 20]);
  });
  test('no labels, no positions', () => {
    expect(dodge([], 10, 0, 100)).toEqual([]);
  });
});

describe('separate', () => {
  test('keeps labels that do not overlap', () => {
    expect(
      separate(
        [
          { x0: 0, x1: 50, y: 20 },
          { x0: 60, x1: 90, y: 20 },
        ],
        12,
        0,
        100,
      ),
    ).toEqual([20, 20]);
  });
  test('moves a later label down a line, else up, else further', () => {
    const first = { x0: 0, x1: 50, y: 40 };
    expect(separate([first, { x0: 10, x1: 40, y: 45 }], 12, 0, 100)).toEqual([40, 57]);
    expect(separate([first, { x0: 10, x1: 40, y: 45 }], 12, 0, 50)).toEqual([40, 21]);
    const blocked = [first, { x0: 0, x1: 50, y: 52 }, { x0: 0, x1: 50, y: 28 }];
    expect(separate([...blocked, { x0: 10, x1: 20, y: 40 }], 12, 0, 100)).toEqual([40, 52, 28, 64]);
  });
  test('a label with no free line in the band stays put', () => {
    expect(
      separate(
        [
          { x0: 0, x1: 50, y: 40 },
          { x0: 0, x1: 50, y: 40 },
        ],
        12,
        35,
        45,
      ),
    ).toEqual([40, 40]);
  });
});
