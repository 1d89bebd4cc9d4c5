import { describe, expect, test } from 'vitest';
import { layoutTopology, SPACING } from '../../../src/ui/topology/layout';
import { client, edge, gateway, service, topology } from './fixtures';

describe('layoutTopology with long edges passing a column', () => {
  // The gateway calls every service of a chain a1 -> a2 -> ... -> a7: six of its calls pass a1's column.
  const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
  const topo = topology(
    [client('u'), gateway('gw'), ...ids.map((id) => service(id))],
    [edge('u', 'gw'), ...ids.map((id) => edge('gw', id)), ...ids.slice(1).map((id, i) => edge(ids[i], id))],
  );

  test('they pass as one bundle, `bundleGap` apart, instead of a row gap each', () => {
    const layout = layoutTopology(topo, 0, 0);
    const a1 = layout.nodes.find((n) => n.id === 'a1')!;
    const gw = layout.nodes.find((n) => n.id === 'gw')!;
    // a1's column: the box, a row gap, then six waypoints two units apart.
    const column = a1.box.h + SPACING.minRowGap + 6 * SPACING.waypoint + 5 * SPACING.bundleGap;
    expect(layout.height).toBeCloseTo(2 * SPACING.margin + Math.max(gw.box.h, column), 6);
    // The six calls cross a1's column at six heights, none inside a1's box.
    const x = a1.box.x + a1.box.w / 2;
    const heights = layout.edges
      .filter((e) => layout.nodes[e.from].id === 'gw' && layout.nodes[e.to].id !== 'a1')
      .map((e) => {
        // A segment from (p[6s], p[6s+1]) to (p[6s+6], p[6s+7]) that runs level across x.
        const p = e.points;
        for (let s = 0; s < e.segments; s++) {
          const [x0, y0, x1, y1] = [p[6 * s], p[6 * s + 1], p[6 * s + 6], p[6 * s + 7]];
          if (x0 <= x && x1 >= x && y0 === y1) return y0;
        }
        return NaN;
      })
      .sort((p, q) => p - q);
    expect(heights).toHaveLength(6);
    for (let k = 1; k < heights.length; k++)
      expect(heights[k] - heights[k - 1]).toBeCloseTo(SPACING.waypoint + SPACING.bundleGap, 6);
    for (const y of heights) expect(y < a1.box.y || y > a1.box.y + a1.box.h).toBe(true);
  });
});
