import { describe, expect, it } from 'vitest';
import { figuresAt, sliceAt } from '../../src/ui/kpi-timeline';

/** Three slices ending at 100, 200 and 300 ms, two figures each. */
const timeline = {
  to: Float64Array.from([100, 200, 300]),
  values: Float64Array.from([1, 10, 2, 20, 3, 30]),
  width: 2,
};

describe('figuresAt', () => {
  it('gives the row of the last slice ended at or before the moment, as the diagram shows frames', () => {
    expect(figuresAt(timeline, 99.9)).toBeUndefined();
    expect(Array.from(figuresAt(timeline, 100)!)).toEqual([1, 10]);
    expect(Array.from(figuresAt(timeline, 299)!)).toEqual([2, 20]);
    expect(Array.from(figuresAt(timeline, 5000)!)).toEqual([3, 30]);
    expect([0, 150, 200, 300].map((t) => sliceAt(timeline, t))).toEqual([-1, 0, 1, 2]);
    expect(figuresAt(undefined, 100)).toBeUndefined();
  });
});
