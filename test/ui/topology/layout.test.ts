import { describe, expect, test } from 'vitest';
import { pointOnEdge } from '../../../src/ui/topology/edge-path';
import { layoutTopology, outerLeft, type NodeLayout, type Rect } from '../../../src/ui/topology/layout';
import { BOX, boxExtras, GATEWAY_NOTE_ROWS } from '../../../src/ui/topology/node-box';
import { client, edge, gateway, service, shop, sidecar, topology } from './fixtures';

/** Everything drawn for a box: the box and its sidecar strip. */
function outer(node: NodeLayout): Rect {
  const x = outerLeft(node);
  return { x, y: node.box.y, w: node.box.x + node.box.w - x, h: node.box.h };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function inside(inner: Rect, box: Rect): boolean {
  return (
    inner.x >= box.x &&
    inner.y >= box.y &&
    inner.x + inner.w <= box.x + box.w &&
    inner.y + inner.h <= box.y + box.h
  );
}

function byId(nodes: readonly NodeLayout[], id: string): NodeLayout {
  const node = nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no box ${id}`);
  return node;
}

describe('layoutTopology of a client, a gateway and six meshed services', () => {
  const topo = shop();
  const layout = layoutTopology(topo, 900, 420);
  const column = (id: string): number => byId(layout.nodes, id).column;

  test('layoutTopology draws a box per client, gateway and service, none per sidecar', () => {
    expect(layout.nodes.map((n) => n.id)).toEqual([
      'web shoppers',
      'edge',
      'catalog',
      'orders',
      'inventory',
      'payments',
      'users',
      'reviews',
    ]);
  });

  test('layoutTopology puts the client first, the gateway next, services by longest call path', () => {
    expect(column('web shoppers')).toBe(0);
    expect(column('edge')).toBe(1);
    expect([column('catalog'), column('orders')]).toEqual([2, 2]);
    expect([column('inventory'), column('payments'), column('reviews')]).toEqual([3, 3, 3]);
    // The gateway calls users directly, but payments calls it too: depth 2 wins.
    expect(column('users')).toBe(4);
    expect(layout.columns).toBe(5);
  });

  test('layoutTopology orders a column to follow its callers', () => {
    const rows = (ids: string[]): number[] => ids.map((id) => byId(layout.nodes, id).row);
    // reviews is called only by catalog (above orders), payments only by orders.
    const [reviews, inventory, payments] = rows(['reviews', 'inventory', 'payments']);
    expect(reviews).toBeLessThan(inventory);
    expect(inventory).toBeLessThan(payments);
  });

  test('layoutTopology overlaps no boxes and keeps them inside the area', () => {
    for (const [i, a] of layout.nodes.entries()) {
      expect(inside(outer(a), { x: 0, y: 0, w: layout.width, h: layout.height })).toBe(true);
      for (const b of layout.nodes.slice(i + 1))
        expect(overlaps(outer(a), outer(b)), `${a.id} / ${b.id}`).toBe(false);
    }
  });

  test('layoutTopology grows the area when the boxes need more room', () => {
    expect(layout.width).toBeGreaterThanOrEqual(900);
    expect(layout.height).toBe(420);
    const small = layoutTopology(topo, 300, 100);
    expect(small.width).toBeGreaterThan(300);
    expect(small.height).toBeGreaterThan(100);
  });

  test('layoutTopology attaches each sidecar as a strip on the left of its workload', () => {
    for (const node of layout.nodes) {
      if (node.kind !== 'service') {
        expect(node.sidecar).toBeNull();
        continue;
      }
      const strip = node.sidecar?.strip;
      expect(strip).toBeDefined();
      if (!strip || !node.sidecar) continue;
      expect(strip.x + strip.w).toBe(node.box.x);
      expect([strip.y, strip.h]).toEqual([node.box.y, node.box.h]);
      expect(node.sidecar.id).toBe(`${node.id} sidecar`);
      expect(node.sidecar.cells).toHaveLength(topo.nodes[node.sidecar.node].instances);
      for (const cell of node.sidecar.cells) expect(inside(cell, strip)).toBe(true);
      expect(node.sidecar.slot).toBe(topo.nodes[node.sidecar.node].slot);
    }
  });

  test('layoutTopology maps every node, sidecars included, to the box that draws it', () => {
    topo.nodes.forEach((node, i) => {
      expect(layout.nodes[layout.boxOf[i]].id).toBe(node.sidecarOf ?? node.id);
    });
  });

  test('layoutTopology gives each instance a cell and a queue bar inside its box', () => {
    for (const node of layout.nodes) {
      const instances = topo.nodes[node.node].instances;
      expect(node.cells).toHaveLength(instances);
      expect(node.bars).toHaveLength(instances);
      expect(node.slot).toBe(topo.nodes[node.node].slot);
      node.cells.forEach((cell, i) => {
        expect(inside(cell, node.box)).toBe(true);
        expect(inside(node.bars[i], node.box)).toBe(true);
        expect(node.bars[i].y).toBeGreaterThan(cell.y + cell.h);
      });
    }
  });

  test('layoutTopology ends each edge on the caller box right side and the callee left side', () => {
    expect(layout.edges).toHaveLength(topo.edges.length);
    for (const e of layout.edges) {
      const from = layout.nodes[e.from];
      const to = layout.nodes[e.to];
      expect(e.x0).toBe(from.box.x + from.box.w);
      expect(e.y0).toBeGreaterThan(from.box.y);
      expect(e.y0).toBeLessThan(from.box.y + from.box.h);
      expect(e.x1).toBe(outerLeft(to));
      expect(e.y1).toBeGreaterThan(to.box.y);
      expect(e.y1).toBeLessThan(to.box.y + to.box.h);
      expect(e.mtls).toBe(topo.edges[e.edge].mtls);
      expect(topo.edges[e.edge]).toMatchObject({ from: from.id, to: to.id });
    }
  });

  test('layoutTopology routes no edge through a box', () => {
    const p = { x: 0, y: 0 };
    for (const e of layout.edges) {
      for (let k = 1; k < 200; k++) {
        pointOnEdge(e, k / 200, p);
        for (const [b, node] of layout.nodes.entries()) {
          if (b === e.from || b === e.to) continue;
          const r = outer(node);
          const hit = p.x > r.x && p.x < r.x + r.w && p.y > r.y && p.y < r.y + r.h;
          expect(hit, `${layout.nodes[e.from].id} -> ${layout.nodes[e.to].id} crosses ${node.id}`).toBe(
            false,
          );
        }
      }
    }
  });

  test('pointOnEdge runs each edge from its start to its end', () => {
    const p = { x: 0, y: 0 };
    for (const e of layout.edges) {
      expect(pointOnEdge(e, 0, p)).toEqual({ x: e.x0, y: e.y0 });
      pointOnEdge(e, 1, p);
      expect(p.x).toBeCloseTo(e.x1, 9);
      expect(p.y).toBeCloseTo(e.y1, 9);
    }
  });

  test('layoutTopology is deterministic', () => {
    expect(layoutTopology(topo, 900, 420)).toEqual(layout);
  });
});

describe('layoutTopology boxes', () => {
  test('layoutTopology puts instance cells in rows of at most six', () => {
    const layout = layoutTopology(topology([service('big', 14)], []), 400, 300);
    const rows = new Map<number, number>();
    for (const cell of layout.nodes[0].cells) rows.set(cell.y, (rows.get(cell.y) ?? 0) + 1);
    expect([...rows.values()]).toEqual([6, 6, 2]);
  });

  test('layoutTopology makes a box with more instances taller', () => {
    const layout = layoutTopology(topology([service('one', 1), service('twelve', 12)], []), 600, 400);
    expect(layout.nodes[1].box.h).toBeGreaterThan(layout.nodes[0].box.h);
  });

  test('layoutTopology shortens a long id to fit its box, keeping the id whole', () => {
    const id = 'a-very-long-service-name-from-a-user-file-v2';
    const layout = layoutTopology(topology([service(id)], []), 400, 200);
    const node = layout.nodes[0];
    expect(node.id).toBe(id);
    expect(node.label.endsWith('…')).toBe(true);
    expect(id.startsWith(node.label.slice(0, -1))).toBe(true);
    expect(node.box.w).toBeLessThanOrEqual(BOX.maxWidth);
  });

  test('layoutTopology keeps markup in an id as plain characters', () => {
    const layout = layoutTopology(topology([service('<b>x</b>')], []), 400, 200);
    expect(layout.nodes[0].label).toBe('<b>x</b>');
  });

  test('layoutTopology of clients calling services directly needs no gateway column', () => {
    const layout = layoutTopology(
      topology([client('app'), service('api'), service('db')], [edge('app', 'api'), edge('api', 'db')]),
      600,
      300,
    );
    expect(layout.nodes.map((n) => n.column)).toEqual([0, 1, 2]);
  });

  test('layoutTopology draws a cycle between services as a backward edge', () => {
    const layout = layoutTopology(
      topology(
        [gateway('gw'), service('a'), service('b')],
        [edge('gw', 'a'), edge('a', 'b'), edge('b', 'a')],
      ),
      600,
      300,
    );
    const back = layout.edges.find((e) => layout.nodes[e.from].id === 'b');
    expect(back?.x1).toBeLessThan(back?.x0 ?? 0);
  });

  test('layoutTopology draws edges between sidecars on their workloads, once', () => {
    const layout = layoutTopology(
      topology(
        [service('a'), service('b'), sidecar('a'), sidecar('b')],
        [edge('a', 'b', false), edge('a sidecar', 'b sidecar', true)],
      ),
      600,
      300,
    );
    expect(layout.edges).toHaveLength(1);
    expect(layout.edges[0]).toMatchObject({ from: 0, to: 1, mtls: true, edge: 0 });
  });
});

describe('layoutTopology room for status', () => {
  const topo = shop();
  const layout = layoutTopology(topo, 900, 420);
  const gw = byId(layout.nodes, 'edge');

  test('boxExtras reserves note rows for a gateway and an ejection line for a meshed service', () => {
    expect(boxExtras('gateway', true)).toEqual({ noteRows: GATEWAY_NOTE_ROWS, ejectedLine: false });
    expect(boxExtras('gateway', false)).toEqual({ noteRows: 4, ejectedLine: false });
    expect(boxExtras('service', true)).toEqual({ noteRows: 0, ejectedLine: true });
    expect(boxExtras('service', false)).toEqual({ noteRows: 0, ejectedLine: false });
    expect(boxExtras('client', true)).toEqual({ noteRows: 0, ejectedLine: false });
  });

  test('layoutTopology reserves four note rows in the gateway box, under its cells and above its figures', () => {
    expect(gw.notes).toHaveLength(4);
    const lastCell = Math.max(...gw.bars.map((b) => b.y + b.h));
    let above = lastCell;
    for (const { row, bar, textX, textY, chars } of gw.notes) {
      expect(inside(row, gw.box)).toBe(true);
      expect(inside(bar, row)).toBe(true);
      expect(row.y).toBeGreaterThan(above);
      expect(textX).toBeGreaterThan(row.x);
      expect(textY).toBeGreaterThan(row.y);
      expect(textY).toBeLessThan(bar.y + bar.h);
      // `external-auth cached 90%` and `rate-limiting 37/100 left` fit a row.
      expect(chars).toBeGreaterThanOrEqual(25);
      expect(chars * BOX.noteChar).toBeLessThanOrEqual(row.w);
      above = row.y + row.h;
    }
    // The figures' first line (`statsY` is the second's baseline): its text (about 11px tall) stands below the last row.
    expect(gw.statsY - BOX.statsLine - 11).toBeGreaterThanOrEqual(above);
    expect(gw.box.w).toBeGreaterThanOrEqual(BOX.noteMinWidth);
  });

  test('layoutTopology makes the gateway box taller for its note rows, and no other', () => {
    const plain = layoutTopology(topology([gateway('gw'), service('svc')], [edge('gw', 'svc')]), 600, 300);
    const [g, svc] = plain.nodes;
    expect(g.cells).toHaveLength(svc.cells.length);
    expect(g.box.h - svc.box.h).toBe(BOX.noteTop + 4 * BOX.noteRow + 3 * BOX.noteGap);
    expect(svc.notes).toHaveLength(0);
    for (const node of layout.nodes.filter((n) => n.kind !== 'gateway')) expect(node.notes).toHaveLength(0);
  });

  test('layoutTopology gives a gateway only the note rows the worker says it may show', () => {
    const rows = (noteRows: number) => {
      const t = topology([gateway('gw'), service('svc')], [edge('gw', 'svc')]);
      const nodes = t.nodes.map((n) => (n.kind === 'gateway' ? { ...n, noteRows } : n));
      return layoutTopology({ ...t, nodes }, 600, 300).nodes;
    };
    const [bare, svc] = rows(0);
    expect(bare.notes).toHaveLength(0);
    expect(bare.box.h).toBe(svc.box.h);
    expect(bare.box.w).toBeLessThan(BOX.noteMinWidth);
    expect(rows(1)[0].notes).toHaveLength(1);
    expect(rows(9)[0].notes).toHaveLength(GATEWAY_NOTE_ROWS);
  });

  test('layoutTopology keeps a line for ejected instances on meshed services, above the figures', () => {
    for (const node of layout.nodes) {
      if (node.kind !== 'service') {
        expect(node.ejectedY, node.id).toBeNull();
        continue;
      }
      const y = node.ejectedY ?? NaN;
      expect(y).toBe(node.statsY - BOX.statsLine - BOX.ejectedLine);
      expect(y - 11).toBeGreaterThanOrEqual(Math.max(...node.bars.map((b) => b.y + b.h)));
    }
    const unmeshed = layoutTopology(topology([service('a')], []), 400, 200);
    expect(unmeshed.nodes[0].ejectedY).toBeNull();
  });

  test('layoutTopology puts the breaker pill on the top edge, clear of the label and the kind badge', () => {
    for (const node of layout.nodes) {
      const { x, y } = node.breakerAt;
      expect(x).toBe(node.badge.x + node.badge.w);
      expect(y).toBeLessThan(node.box.y);
      expect(y + BOX.badgeHeight).toBeGreaterThan(node.box.y);
      expect(y + BOX.badgeHeight).toBeLessThanOrEqual(node.badge.y);
      expect(y).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('layoutTopology errors', () => {
  test('layoutTopology names an edge to an unknown node', () => {
    expect(() => layoutTopology(topology([service('a')], [edge('a', 'ghost')]), 400, 300)).toThrow(
      'topology edge 0 (a -> ghost) names an unknown node',
    );
  });

  test('layoutTopology names a sidecar without a workload', () => {
    expect(() => layoutTopology(topology([service('a'), sidecar('b')], []), 400, 300)).toThrow(
      "topology node 'b sidecar': sidecar of 'b', which is no workload",
    );
  });
});
