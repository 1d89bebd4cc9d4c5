import { describe, expect, test } from 'vitest';
import { pointOnEdge, type Point } from '../../../src/ui/topology/edge-path';
import { layoutTopology, outerLeft, type TopologyLayout } from '../../../src/ui/topology/layout';
import { stackLayout } from '../../../src/ui/topology/stacked-layout';
import { client, edge, gateway, service, topology } from './fixtures';

/**
 * The gateway calls every service of a chain of four, and two services side by side call the last:
 * read top to bottom, its calls into the lower bands pass the bands between.
 */
const fan = topology(
  [
    client('users'),
    gateway('ingress', 1),
    service('a'),
    service('b'),
    service('c'),
    service('d'),
    service('e'),
  ],
  [
    edge('users', 'ingress'),
    edge('ingress', 'a'),
    edge('ingress', 'b'),
    edge('a', 'c'),
    edge('b', 'c'),
    edge('c', 'd'),
    edge('d', 'e'),
    edge('ingress', 'd'),
    edge('ingress', 'e'),
    edge('a', 'e'),
  ],
);

/** Every edge and box an edge's path passes through (its own two ends' boxes left out), sampled 200 times. */
function crossings(layout: TopologyLayout): string[] {
  const found = new Set<string>();
  const at: Point = { x: 0, y: 0 };
  for (const e of layout.edges) {
    for (let i = 1; i < 200; i++) {
      pointOnEdge(e, i / 200, at);
      for (const [n, node] of layout.nodes.entries()) {
        if (n === e.from || n === e.to) continue;
        const left = outerLeft(node);
        const { y, w, h } = node.box;
        const right = node.box.x + w;
        if (at.x > left && at.x < right && at.y > y && at.y < y + h)
          found.add(`${layout.nodes[e.from].id}->${layout.nodes[e.to].id} crosses ${node.id}`);
      }
    }
  }
  return [...found];
}

describe('stacked routes', () => {
  test('a call past other bands goes round their boxes, never behind one', () => {
    const natural = layoutTopology(fan, 0, 0);
    // Wide enough for a band of two, and narrow: the two services of a column stand side by side.
    for (const width of [350, 420, 600]) {
      const stacked = stackLayout(natural, width, width);
      expect(crossings(stacked), `at ${width} wide`).toEqual([]);
      // Each path still starts at its caller's bottom and ends at its callee's top.
      for (const e of stacked.edges) {
        expect(e.y0).toBe(stacked.nodes[e.from].box.y + stacked.nodes[e.from].box.h);
        expect(e.y1).toBe(stacked.nodes[e.to].box.y);
      }
    }
  });

  test('a call to the next band is one curve; a call past two bands passes each in a straight lane', () => {
    const stacked = stackLayout(layoutTopology(fan, 0, 0), 350, 350);
    const byIds = (from: string, to: string) =>
      stacked.edges.find((e) => stacked.nodes[e.from].id === from && stacked.nodes[e.to].id === to)!;
    expect(byIds('users', 'ingress').segments).toBe(1);
    const long = byIds('ingress', 'e');
    const passed = new Set(
      stacked.nodes
        .filter((n) => n.box.y > stacked.nodes[long.from].box.y && n.box.y < stacked.nodes[long.to].box.y)
        .map((n) => n.box.y),
    ).size;
    expect(passed).toBeGreaterThanOrEqual(2);
    // Into each band it passes, down it, and on: two segments a band, and one to the callee.
    expect(long.segments).toBe(2 * passed + 1);
  });
});
