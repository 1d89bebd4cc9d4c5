import { describe, expect, test } from 'vitest';
import {
  cubicPath,
  pathData,
  pointOnEdge,
  straightPath,
  straightSegment,
  type Point,
} from '../../../src/ui/topology/edge-path';

/** An S-curve like a diagram edge: from (0, 0) to (200, 80), handles horizontal. */
const curve = cubicPath([0, 0, 100, 0, 100, 80, 200, 80]);

function at(t: number): Point {
  return pointOnEdge(curve, t, { x: NaN, y: NaN });
}

describe('pointOnEdge', () => {
  test('pointOnEdge(path, 0) and (path, 1) are the path ends, exactly', () => {
    expect(at(0)).toEqual({ x: 0, y: 0 });
    expect(at(1)).toEqual({ x: 200, y: 80 });
  });

  test('pointOnEdge clamps t to [0, 1]', () => {
    expect(at(-0.5)).toEqual(at(0));
    expect(at(7)).toEqual(at(1));
  });

  test('pointOnEdge writes to and returns its out parameter', () => {
    const out = { x: 0, y: 0 };
    expect(pointOnEdge(curve, 0.5, out)).toBe(out);
  });

  test('pointOnEdge moves monotonically along a left-to-right edge', () => {
    let previous = at(0);
    for (let k = 1; k <= 100; k++) {
      const p = at(k / 100);
      expect(p.x).toBeGreaterThanOrEqual(previous.x);
      expect(p.y).toBeGreaterThanOrEqual(previous.y);
      previous = p;
    }
  });

  test('pointOnEdge is parameterised by arc length: equal steps of t cover equal distances', () => {
    const steps = 20;
    const step = curve.length / steps;
    for (let k = 0; k < steps; k++) {
      const a = at(k / steps);
      const b = at((k + 1) / steps);
      // Chords stand in for arcs, both in the table and here: within 2% for these bends.
      expect(Math.hypot(b.x - a.x, b.y - a.y) / step).toBeCloseTo(1, 1.7);
    }
  });

  test('pointOnEdge halves a straight path in the middle', () => {
    const p = pointOnEdge(straightPath(10, 20, 110, 20), 0.5, { x: 0, y: 0 });
    expect(p.x).toBeCloseTo(60, 9);
    expect(p.y).toBeCloseTo(20, 9);
  });

  test('pointOnEdge runs on across the segments of a chained path', () => {
    // Two straight segments of length 100 each: right, then down.
    const path = cubicPath([0, 0, ...straightSegment(0, 0, 100, 0), ...straightSegment(100, 0, 100, 100)]);
    expect(path.segments).toBe(2);
    expect(path.length).toBeCloseTo(200, 9);
    const p = { x: 0, y: 0 };
    pointOnEdge(path, 0.25, p);
    expect([p.x, p.y].map((v) => +v.toFixed(6))).toEqual([50, 0]);
    pointOnEdge(path, 0.5, p);
    expect([p.x, p.y].map((v) => +v.toFixed(6))).toEqual([100, 0]);
    pointOnEdge(path, 0.75, p);
    expect([p.x, p.y].map((v) => +v.toFixed(6))).toEqual([100, 50]);
  });
});

describe('cubicPath', () => {
  test('cubicPath records the ends and the length', () => {
    expect([curve.x0, curve.y0, curve.x1, curve.y1]).toEqual([0, 0, 200, 80]);
    expect(curve.length).toBeGreaterThan(Math.hypot(200, 80));
    expect(curve.length).toBeLessThan(280);
  });

  test('cubicPath rejects a coordinate count that is not 2 + 6k', () => {
    expect(() => cubicPath([0, 0])).toThrow('expected 2 + 6k coordinates (k >= 1), got 2');
    expect(() => cubicPath([0, 0, 1, 1, 2, 2, 3])).toThrow('got 7');
  });

  test('a zero-length path stays at its point', () => {
    const dot = straightPath(5, 5, 5, 5);
    const p = pointOnEdge(dot, 0.3, { x: 0, y: 0 });
    expect(p.x).toBeCloseTo(5, 9);
    expect(p.y).toBeCloseTo(5, 9);
  });
});

test('pathData writes M and one C per segment, rounded to 0.01', () => {
  expect(pathData(straightPath(0, 0, 3, 0))).toBe('M0,0C1,0 2,0 3,0');
  expect(pathData(cubicPath([0, 0, 1 / 3, 0, 2, 1, 3, 1, 4, 1, 5, 1, 6, 1]))).toBe(
    'M0,0C0.33,0 2,1 3,1C4,1 5,1 6,1',
  );
});
