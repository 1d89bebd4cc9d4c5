import { describe, expect, test } from 'vitest';
import { layoutTopology, outerLeft } from '../../../src/ui/topology/layout';
import {
  fitPanned,
  fitStacked,
  fitStage,
  MAX_FIT_SCALE,
  MAX_STACKED_SCALE,
  NARROW_STAGE_PX,
  openingZoom,
  READABLE_SCALE,
} from '../../../src/ui/topology/stage-fit';
import { canStack, shifted, stackLayout, STACK } from '../../../src/ui/topology/stacked-layout';
import { client, edge, gateway, service, shop, topology } from './fixtures';

/** A client, the gateway and three services in a row. */
const chain = topology(
  [client('shoppers'), gateway('edge', 1), service('storefront'), service('checkout'), service('payments')],
  [
    edge('shoppers', 'edge'),
    edge('edge', 'storefront'),
    edge('storefront', 'checkout'),
    edge('checkout', 'payments'),
  ],
);

describe('fitStage', () => {
  test('fitStage draws a layout as large as the stage allows, laid out in the stage’s shape', () => {
    const fit = fitStage({ width: 800, height: 200 }, { width: 860, height: 350 });
    expect(fit.scale).toBe(860 / 800);
    expect(fit.room.width).toBeCloseTo(800, 9);
    expect(fit.room.height).toBeCloseTo(350 / (860 / 800), 9);
    expect(fit.zoomedIn).toBe(false);
  });

  test('fitStage enlarges a small topology at most MAX_FIT_SCALE times', () => {
    const fit = fitStage({ width: 200, height: 100 }, { width: 860, height: 350 });
    expect(fit.scale).toBe(MAX_FIT_SCALE);
    expect(fit.room).toEqual({ width: 860 / MAX_FIT_SCALE, height: 350 / MAX_FIT_SCALE });
  });

  test('fitStage shows a large topology whole on a wide stage, and zooms in on a narrow one', () => {
    expect(fitStage({ width: 2000, height: 300 }, { width: 860, height: 350 })).toMatchObject({
      scale: 860 / 2000,
      zoomedIn: false,
    });
    const phone = fitStage({ width: 900, height: 200 }, { width: NARROW_STAGE_PX - 250, height: 400 });
    expect(phone).toEqual({ room: { width: 900, height: 400 }, scale: 1, zoomedIn: true });
  });

  test('fitStage of a stage not laid out yet is the natural size at scale 1', () => {
    expect(fitStage({ width: 500, height: 300 }, { width: 0, height: 0 })).toEqual({
      room: { width: 500, height: 300 },
      scale: 1,
      zoomedIn: false,
    });
  });

  test('openingZoom puts the layout’s top-left corner at the stage’s at the fit’s scale', () => {
    const fit = fitStage({ width: 900, height: 200 }, { width: 350, height: 400 });
    const layout = { width: 900, height: 400 };
    const zoom = openingZoom(fit, layout, { width: 350, height: 400 });
    const meet = 350 / 900;
    expect(zoom.k).toBeCloseTo(1 / meet, 9);
    // Screen px of a layout point p: the meet margin, plus meet × (k p + translation).
    const screenY = (p: number) => (400 - meet * 400) / 2 + meet * (zoom.k * p + zoom.y);
    expect(screenY(0)).toBeCloseTo(0, 9);
    expect(screenY(400)).toBeCloseTo(400 * meet * zoom.k, 9);
    expect(meet * (zoom.k * 0 + zoom.x)).toBeCloseTo(0, 9);
    expect(
      openingZoom(fitStage({ width: 800, height: 200 }, { width: 860, height: 350 }), layout, layout),
    ).toEqual({
      k: 1,
      x: 0,
      y: 0,
    });
  });

  test('a chain of five fits a 860 px stage at scale 1 or more: its text is never under 11 px', () => {
    const natural = layoutTopology(chain, 0, 0);
    const fit = fitStage(natural, { width: 860, height: 350 });
    expect(fit.scale).toBeGreaterThanOrEqual(1);
    const layout = layoutTopology(chain, fit.room.width, fit.room.height);
    // Laid out in the stage's shape, it spans the stage's width.
    expect(layout.width * fit.scale).toBeCloseTo(860, 6);
    const right = Math.max(...layout.nodes.map((n) => n.box.x + n.box.w));
    const left = Math.min(...layout.nodes.map(outerLeft));
    expect(((right - left) * fit.scale) / 860).toBeGreaterThan(0.9);
  });

  test('fitPanned keeps a whole that reads, and lays out one too small at the readable size with wide column gaps', () => {
    const stage = { width: 860, height: 137 };
    const natural = { width: 999, height: 111 };
    const whole = fitStage({ width: 999, height: 229 }, stage);
    expect(whole.scale).toBeLessThan(READABLE_SCALE);
    const panned = fitPanned(whole, natural, 6, 83, stage);
    expect(panned.scale).toBe(READABLE_SCALE);
    // Five gaps widened from the least 40 units to a label's 83 with 8 on each side.
    expect(panned.room.width).toBeCloseTo(999 + 5 * (83 + 16 - 40), 9);
    expect(panned.room.height).toBe(137);
    expect(panned.zoomedIn).toBe(true);
    const roomy = fitStage({ width: 400, height: 200 }, { width: 860, height: 350 });
    expect(fitPanned(roomy, { width: 400, height: 100 }, 3, 83, { width: 860, height: 350 })).toBe(roomy);
  });
});

describe('stackLayout', () => {
  test('stackLayout puts each column in a band, top to bottom, in the column’s order', () => {
    const layout = layoutTopology(shop(), 0, 0);
    expect(canStack(layout)).toBe(true);
    const stacked = stackLayout(layout, 350);
    expect(stacked.nodes.map((n) => n.id)).toEqual(layout.nodes.map((n) => n.id));
    for (const [i, node] of stacked.nodes.entries()) {
      const before = layout.nodes[i];
      expect(node.box.w).toBe(before.box.w);
      expect(node.box.h).toBe(before.box.h);
      // Later columns stand lower; boxes of one column stand in one band, left to right by row.
      for (const other of stacked.nodes) {
        if (other.column > node.column) expect(other.box.y).toBeGreaterThanOrEqual(node.box.y + node.box.h);
        if (other.column === node.column && other.row > node.row)
          expect(outerLeft(other)).toBeGreaterThan(node.box.x);
      }
    }
    expect(stacked.width).toBeGreaterThanOrEqual(350);
    const bottom = Math.max(...stacked.nodes.map((n) => n.box.y + n.box.h));
    expect(stacked.height).toBeCloseTo(bottom + 12, 6);
  });

  test('stackLayout routes each call from its caller’s bottom to its callee’s top', () => {
    const stacked = stackLayout(layoutTopology(chain, 0, 0), 0);
    expect(stacked.edges).toHaveLength(4);
    for (const e of stacked.edges) {
      const from = stacked.nodes[e.from];
      const to = stacked.nodes[e.to];
      expect(e.y0).toBe(from.box.y + from.box.h);
      expect(e.y1).toBe(to.box.y);
      expect(e.x0).toBeCloseTo(from.box.x + from.box.w / 2, 9);
      expect(e.y1 - e.y0).toBe(STACK.bandGap);
      expect(e.length).toBeGreaterThanOrEqual(STACK.bandGap);
    }
    // A chain read downwards is as narrow as its widest box.
    expect(stacked.width).toBe(Math.max(...stacked.nodes.map((n) => n.box.x + n.box.w - outerLeft(n))) + 24);
  });

  test('stackLayout wraps a column too wide for `wrap` onto further bands, in order, none wider than `wrap`', () => {
    // Five services called by the gateway: one column of five boxes, far wider side by side than a phone.
    const fan = topology(
      [client('shoppers'), gateway('edge', 1), ...['a', 'b', 'c', 'd', 'e'].map((id) => service(id))],
      [edge('shoppers', 'edge'), ...['a', 'b', 'c', 'd', 'e'].map((id) => edge('edge', id))],
    );
    const natural = layoutTopology(fan, 0, 0);
    const services = natural.nodes.filter((n) => ['a', 'b', 'c', 'd', 'e'].includes(n.id));
    const boxW = Math.max(...services.map((n) => n.box.x + n.box.w - outerLeft(n)));
    const wrap = 2 * boxW + STACK.boxGap + 24 + 1;
    const stacked = stackLayout(natural, 0, wrap);
    const placed = stacked.nodes.filter((n) => services.some((s) => s.id === n.id));
    // Two a band at most: three bands, a and b, then c and d, then e; each band below the last.
    const rows = [...new Set(placed.map((n) => n.box.y))].sort((p, q) => p - q);
    expect(rows).toHaveLength(3);
    expect(placed.map((n) => rows.indexOf(n.box.y))).toEqual([0, 0, 1, 1, 2]);
    expect(stacked.width).toBeLessThanOrEqual(wrap);
    for (const e of stacked.edges) expect(e.y1).toBeGreaterThan(e.y0);
    // Without a bound the column stays one band.
    const one = stackLayout(natural, 0).nodes.filter((n) => services.some((s) => s.id === n.id));
    expect(new Set(one.map((n) => n.box.y)).size).toBe(1);
  });

  test('shifted moves every rectangle, point and coordinate of a box, and nothing else', () => {
    const node = layoutTopology(shop(), 0, 0, {}).nodes.find(
      (n) => n.sidecar !== null && n.cells.length > 2,
    )!;
    const moved = shifted(node, 10, -5);
    expect(moved.box).toEqual({ ...node.box, x: node.box.x + 10, y: node.box.y - 5 });
    expect(moved.cells[2]).toEqual({ ...node.cells[2], x: node.cells[2].x + 10, y: node.cells[2].y - 5 });
    expect(moved.sidecar?.strip.x).toBe((node.sidecar?.strip.x ?? 0) + 10);
    expect(moved.sidecar?.cells[0].y).toBe((node.sidecar?.cells[0].y ?? 0) - 5);
    expect([moved.labelX, moved.labelY, moved.statsX, moved.statsY]).toEqual([
      node.labelX + 10,
      node.labelY - 5,
      node.statsX + 10,
      node.statsY - 5,
    ]);
    expect(moved.breakerAt).toEqual({ x: node.breakerAt.x + 10, y: node.breakerAt.y - 5 });
    expect(moved.ejectedY).toBe(node.ejectedY === null ? null : node.ejectedY - 5);
    expect([moved.slot, moved.row, moved.column, moved.node]).toEqual([
      node.slot,
      node.row,
      node.column,
      node.node,
    ]);
  });

  test('fitStacked draws a stacked chain on a phone at a readable scale, or gives up on a band too wide', () => {
    const stacked = stackLayout(layoutTopology(chain, 0, 0), 0);
    const fit = fitStacked(stacked, 350);
    expect(fit?.scale).toBe(Math.min(MAX_STACKED_SCALE, 350 / stacked.width));
    expect(fit?.scale).toBeGreaterThanOrEqual(1);
    expect(fitStacked({ width: 900, height: 300 }, 350)).toBeUndefined();
  });
});
