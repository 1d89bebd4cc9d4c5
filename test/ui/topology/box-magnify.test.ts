import { describe, expect, test } from 'vitest';
import { boxTransform, magnified, MAP_BOX_MAGNIFY, naturalNode } from '../../../src/ui/topology/box-magnify';
import { diagramGroups } from '../../../src/ui/topology/groups';
import { layoutTopology, outerLeft, type NodeLayout, type Rect } from '../../../src/ui/topology/layout';
import { pointOnEdge } from '../../../src/ui/topology/edge-path';
import { client, edge, gateway, service, shop, sidecar, topology } from './fixtures';
import type { TopologyData } from '../../../src/worker/frames';

function byId(nodes: readonly NodeLayout[], id: string): NodeLayout {
  const node = nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no box ${id}`);
  return node;
}

/** Everything drawn for a box: the box and its sidecar strip. */
function outer(node: NodeLayout): Rect {
  const x = outerLeft(node);
  return { x, y: node.box.y, w: node.box.x + node.box.w - x, h: node.box.h };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Every number of `actual` within a thousandth of `expected`'s, the same shape otherwise. */
function expectClose(actual: unknown, expected: unknown, path = 'node'): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), path).toBeLessThan(1e-3);
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected))
      expectClose((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else expect(actual, path).toBe(expected);
}

/** Three domains of ten services behind `ingress`, meshed: a map of three groups once collapsed. */
function domains(): TopologyData {
  const names = ['search', 'cart', 'pay'];
  const roles = ['api', 'query', 'core', 'db', 'cache', 'audit', 'rules', 'store', 'index', 'config'];
  const services = names.flatMap((d) => roles.map((r) => `${d}-${r}`));
  return topology(
    [
      client('users'),
      gateway('ingress', 3),
      ...services.map((id) => service(id)),
      ...services.map((id) => sidecar(id)),
      sidecar('ingress'),
    ],
    [
      edge('users', 'ingress'),
      ...names.map((d) => edge('ingress', `${d}-api`, true)),
      ...names.flatMap((d) => roles.slice(1).map((r) => edge(`${d}-api`, `${d}-${r}`, true))),
    ],
    true,
  );
}

describe('magnified', () => {
  const layout = layoutTopology(shop(), 900, 420);
  const gate = byId(layout.nodes, 'edge');
  const meshed = layout.nodes.find((n) => n.sidecar !== null)!;

  test('magnified scales a box and all its parts about its outer top-left corner', () => {
    const big = magnified(meshed, 2);
    const ox = outerLeft(meshed);
    const oy = meshed.box.y;
    expect(outerLeft(big)).toBe(ox);
    expect(big.box).toEqual({
      x: ox + (meshed.box.x - ox) * 2,
      y: oy,
      w: meshed.box.w * 2,
      h: meshed.box.h * 2,
    });
    expect(big.sidecar!.strip.w).toBe(meshed.sidecar!.strip.w * 2);
    expect(big.cells[1]).toEqual({
      x: ox + (meshed.cells[1].x - ox) * 2,
      y: oy + (meshed.cells[1].y - oy) * 2,
      w: meshed.cells[1].w * 2,
      h: meshed.cells[1].h * 2,
    });
    expect(big.breakerAt.y).toBe(oy + (meshed.breakerAt.y - oy) * 2);
    expect(big.labelX).toBe(ox + (meshed.labelX - ox) * 2);
    expect(big.magnify).toBe(2);
    // Counts and indices are not lengths.
    expect([big.slot, big.row, big.column, big.concurrency]).toEqual([
      meshed.slot,
      meshed.row,
      meshed.column,
      meshed.concurrency,
    ]);
  });

  test('magnified keeps a note row’s characters: its text grows with it', () => {
    const big = magnified(gate, MAP_BOX_MAGNIFY);
    expect(big.notes.length).toBeGreaterThan(0);
    expect(big.notes.map((n) => n.chars)).toEqual(gate.notes.map((n) => n.chars));
    expect(big.notes[0].row.w).toBeCloseTo(gate.notes[0].row.w * MAP_BOX_MAGNIFY, 6);
  });

  test('naturalNode undoes magnified, and boxTransform draws the natural content where the magnified box is', () => {
    const big = magnified(meshed, MAP_BOX_MAGNIFY);
    const natural = naturalNode(big);
    expectClose(natural, meshed);
    const [a, , , d, e, f] = /matrix\(([^)]*)\)/.exec(boxTransform(big)!)![1].split(',').map(Number);
    const drawn = (x: number, y: number) => ({ x: a * x + e, y: d * y + f });
    for (const [from, to] of [
      [natural.cells[0], big.cells[0]],
      [natural.sidecar!.cells[1], big.sidecar!.cells[1]],
      [natural.box, big.box],
    ] as const) {
      const at = drawn(from.x, from.y);
      expect(at.x).toBeCloseTo(to.x, 2);
      expect(at.y).toBeCloseTo(to.y, 2);
    }
    expect(boxTransform(meshed)).toBeNull();
    expect(naturalNode(meshed)).toBe(meshed);
  });

  test('magnified refuses a group’s box and a factor that is not a positive number', () => {
    const topo = domains();
    const groups = diagramGroups(topo);
    const map = layoutTopology(topo, 0, 0, { groups, collapsed: new Set(groups.map((g) => g.id)) });
    const group = map.nodes.find((n) => n.group !== null)!;
    expect(() => magnified(group, 2)).toThrow(/group's box/);
    expect(() => magnified(meshed, 0)).toThrow(/expected a positive number, got 0/);
    expect(() => magnified(meshed, Number.NaN)).toThrow(/got NaN/);
  });
});

describe('layoutTopology with magnify', () => {
  const topo = domains();
  const groups = diagramGroups(topo);
  const collapsed = new Set(groups.map((g) => g.id));
  const plain = layoutTopology(topo, 0, 0, { groups, collapsed });
  const map = layoutTopology(topo, 0, 0, { groups, collapsed, magnify: MAP_BOX_MAGNIFY });

  test('magnify draws the boxes outside every group that many times their size, the groups’ boxes as they were', () => {
    expect(groups.length).toBe(3);
    for (const id of ['users', 'ingress']) {
      const before = byId(plain.nodes, id);
      const after = byId(map.nodes, id);
      expect(after.magnify).toBe(MAP_BOX_MAGNIFY);
      expect(outer(after).w).toBeCloseTo(outer(before).w * MAP_BOX_MAGNIFY, 6);
      expect(after.box.h).toBeCloseTo(before.box.h * MAP_BOX_MAGNIFY, 6);
      expectClose(naturalNode(after).cells.length, before.cells.length);
    }
    for (const g of groups) {
      const before = byId(plain.nodes, g.id);
      const after = byId(map.nodes, g.id);
      expect(after.magnify).toBe(1);
      expect([after.box.w, after.box.h]).toEqual([before.box.w, before.box.h]);
    }
    // The room is reserved: the layout grows rather than letting boxes overlap.
    expect(map.width).toBeGreaterThan(plain.width);
  });

  test('magnified boxes overlap no other box, and their pills stay inside the layout', () => {
    for (const [i, a] of map.nodes.entries()) {
      for (const b of map.nodes.slice(i + 1)) {
        expect(overlaps(outer(a), outer(b)), `${a.id} and ${b.id}`).toBe(false);
      }
    }
    for (const id of ['users', 'ingress']) expect(byId(map.nodes, id).breakerAt.y, id).toBeGreaterThan(0);
  });

  test('edges leave a magnified box’s right side and enter its sidecar strip, within its height', () => {
    const ingress = map.nodes.findIndex((n) => n.id === 'ingress');
    const node = map.nodes[ingress];
    const start = { x: 0, y: 0 };
    const end = { x: 0, y: 0 };
    const out = map.edges.filter((e) => e.from === ingress);
    const into = map.edges.filter((e) => e.to === ingress);
    expect(out.length).toBe(3);
    expect(into.length).toBe(1);
    for (const e of out) {
      pointOnEdge(e, 0, start);
      expect(start.x).toBeCloseTo(node.box.x + node.box.w, 6);
      expect(start.y).toBeGreaterThan(node.box.y);
      expect(start.y).toBeLessThan(node.box.y + node.box.h);
    }
    pointOnEdge(into[0], 1, end);
    expect(end.x).toBeCloseTo(node.sidecar!.strip.x, 6);
    expect(end.y).toBeCloseTo(node.box.y + node.box.h / 2, 6);
  });

  test('without magnify, or at 1, a layout is the one it always was', () => {
    expect(layoutTopology(topo, 900, 400, { groups, collapsed, magnify: 1 })).toEqual(
      layoutTopology(topo, 900, 400, { groups, collapsed }),
    );
    expect(plain.nodes.every((n) => n.magnify === 1)).toBe(true);
  });

  test('magnify leaves the members of an expanded group at their size', () => {
    const open = layoutTopology(topo, 0, 0, { groups, collapsed: new Set(['cart']), magnify: 2 });
    expect(byId(open.nodes, 'search-api').magnify).toBe(1);
    expect(byId(open.nodes, 'ingress').magnify).toBe(2);
  });

  test('magnify under 1 is refused, naming the option and the value', () => {
    expect(() => layoutTopology(topo, 0, 0, { magnify: 0.5 })).toThrow(
      'layout: magnify: expected a number of at least 1, got 0.5',
    );
  });
});
