import { describe, expect, test } from 'vitest';
import { focusZoom, MAX_ZOOM } from '../../../src/ui/topology/stage-fit';

/** A layout twice as large as its stage each way: the whole shows at half a screen px per unit. */
const layout = { width: 2000, height: 1000 };
const stage = { width: 1000, height: 500 };
const meet = 0.5;

/** Screen px (from the stage's top-left) of layout point `p` under `zoom`, on the x or y axis. */
function screen(zoom: { k: number; x: number; y: number }, axis: 'x' | 'y', p: number): number {
  const size = axis === 'x' ? layout.width : layout.height;
  const view = axis === 'x' ? stage.width : stage.height;
  return (view - meet * size) / 2 + meet * (zoom.k * p + zoom[axis]);
}

describe('focusZoom', () => {
  test('focusZoom centres a small group at the readable scale', () => {
    const zoom = focusZoom({ x: 900, y: 400, w: 100, h: 60 }, layout, stage, 1);
    expect(zoom.k).toBe(2);
    expect(screen(zoom, 'x', 950)).toBeCloseTo(500, 9);
    expect(screen(zoom, 'y', 430)).toBeCloseTo(250, 9);
  });

  test('focusZoom never shows past the layout’s edges: a group at its corner shows there', () => {
    const zoom = focusZoom({ x: 1900, y: 940, w: 100, h: 60 }, layout, stage, 1);
    expect(screen(zoom, 'x', 2000)).toBeCloseTo(1000, 9);
    expect(screen(zoom, 'y', 1000)).toBeCloseTo(500, 9);
    const corner = focusZoom({ x: 0, y: 0, w: 50, h: 50 }, layout, stage, 1);
    expect(screen(corner, 'x', 0)).toBeCloseTo(0, 9);
    expect(screen(corner, 'y', 0)).toBeCloseTo(0, 9);
  });

  test('focusZoom shows a group larger than the view from its top-left corner, 12 units in', () => {
    const zoom = focusZoom({ x: 300, y: 200, w: 1200, h: 700 }, layout, stage, 1);
    expect(screen(zoom, 'x', 300)).toBeCloseTo(12 * meet * zoom.k, 9);
    expect(screen(zoom, 'y', 200)).toBeCloseTo(12 * meet * zoom.k, 9);
  });

  test('focusZoom is the identity when the whole already shows at the scale, and stops at MAX_ZOOM', () => {
    expect(focusZoom({ x: 0, y: 0, w: 10, h: 10 }, layout, stage, 0.5)).toEqual({ k: 1, x: 0, y: 0 });
    expect(focusZoom({ x: 0, y: 0, w: 10, h: 10 }, layout, stage, 100).k).toBe(MAX_ZOOM);
  });
});
