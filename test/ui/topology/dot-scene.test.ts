import { describe, expect, test } from 'vitest';
import {
  OUTCOME_4XX,
  OUTCOME_429,
  OUTCOME_5XX,
  OUTCOME_OK,
  OUTCOME_PENDING,
} from '../../../src/worker/frames';
import { DOT_FORWARD, DOT_HIDDEN, DOT_RETURNING, DOT_WAITING } from '../../../src/ui/topology/dot-motion';
import { routePath, routeReversed } from '../../../src/ui/topology/dot-routes';
import { DotScene, isRefusal, MIN_REFUSAL_LEG_MS } from '../../../src/ui/topology/dot-scene';
import { PENDING_CLASS } from '../../../src/ui/topology/dot-style';
import { pointOnEdge, type Point } from '../../../src/ui/topology/edge-path';
import { layoutTopology } from '../../../src/ui/topology/layout';
import { frame, shop, type DotSpec } from './fixtures';

const topo = shop();
const layout = layoutTopology(topo, 900, 420);
const node = (id: string): number => topo.nodes.findIndex((n) => n.id === id);
const edgeIndex = (from: string, to: string): number =>
  layout.edges.findIndex((e) => layout.nodes[e.from].id === from && layout.nodes[e.to].id === to);

function dot(from: string, to: string, trace: string, extra: Partial<DotSpec> = {}): DotSpec {
  return { from, to, depart: 0, arrive: 10, back: 50, outcome: OUTCOME_OK, trace, ...extra };
}

function point(): Point {
  return { x: NaN, y: NaN };
}

describe('DotScene routes', () => {
  const scene = new DotScene(layout);

  test('a try between two boxes runs along their edge', () => {
    expect(scene.routes.route(node('web shoppers'), node('edge'))).toBe(
      2 * edgeIndex('web shoppers', 'edge'),
    );
  });

  test('a try between sidecars runs along their workloads’ edge', () => {
    const code = scene.routes.route(node('catalog sidecar'), node('inventory sidecar'));
    expect(code).toBe(2 * edgeIndex('catalog', 'inventory'));
  });

  test('a try against the direction of an edge runs it backwards', () => {
    const code = scene.routes.route(node('inventory'), node('catalog'));
    expect(routeReversed(code)).toBe(true);
    expect(code >> 1).toBe(edgeIndex('catalog', 'inventory'));
  });

  test('a try between boxes without an edge runs straight, on a path made once', () => {
    const code = scene.routes.route(node('web shoppers'), node('users'));
    expect(code >> 1).toBeGreaterThanOrEqual(layout.edges.length);
    expect(scene.routes.route(node('web shoppers'), node('users'))).toBe(code);
    const path = routePath(scene.routes, code);
    const [web, users] = [layout.nodes[0], layout.nodes[layout.boxOf[node('users')]]];
    expect([path.x0, path.x1]).toEqual([web.box.x + web.box.w, users.sidecar?.strip.x]);
  });

  test('a hop from a workload to its own sidecar runs from the box to the strip', () => {
    const path = routePath(scene.routes, scene.routes.route(node('catalog'), node('catalog sidecar')));
    const catalog = layout.nodes[layout.boxOf[node('catalog')]];
    expect(path.x0).toBe(catalog.box.x + catalog.box.w / 2);
    expect(path.x1).toBe((catalog.sidecar?.strip.x ?? NaN) + (catalog.sidecar?.strip.w ?? NaN) / 2);
  });
});

describe('DotScene', () => {
  test('DotScene.addFrame holds one dot per sampled try, with its class and trace', () => {
    const scene = new DotScene(layout);
    scene.addFrame(
      frame(topo, [
        dot('web shoppers', 'edge', 'web#1'),
        dot('edge', 'catalog', 'web#1', { outcome: OUTCOME_5XX, retry: true }),
        dot('edge', 'orders', 'web#2', { outcome: OUTCOME_PENDING, back: NaN }),
      ]),
    );
    const b = scene.buffer;
    expect(b.size).toBe(3);
    expect([...b.kind.slice(0, 3)]).toEqual([OUTCOME_OK, OUTCOME_5XX, PENDING_CLASS]);
    expect([...b.retry.slice(0, 3)]).toEqual([0, 1, 0]);
    expect(b.trace.slice(0, 3)).toEqual(['web#1', 'web#1', 'web#2']);
    expect(b.end[2]).toBe(10 + 1000);
  });

  test('DotScene.locate places a dot on its edge by playback time, out and back', () => {
    const scene = new DotScene(layout);
    scene.addFrame(frame(topo, [dot('edge', 'catalog', 'web#1')]));
    const edge = layout.edges[edgeIndex('edge', 'catalog')];
    const at = point();
    expect(scene.locate(0, 5, at)).toBe(DOT_FORWARD);
    expect(at).toEqual(pointOnEdge(edge, 0.5, point()));
    expect(scene.locate(0, 20, at)).toBe(DOT_WAITING);
    expect(at).toEqual(pointOnEdge(edge, 1, point()));
    expect(scene.locate(0, 45, at)).toBe(DOT_RETURNING);
    expect(at).toEqual(pointOnEdge(edge, 0.5, point()));
    expect(scene.locate(0, 51, at)).toBe(DOT_HIDDEN);
  });

  test('a retry waits out its backoff at its caller, then goes', () => {
    const scene = new DotScene(layout);
    scene.addFrame(
      frame(topo, [
        dot('edge', 'catalog', 'web#2', { leave: 100, depart: 130, arrive: 140, back: 180, retry: true }),
      ]),
    );
    const edge = layout.edges[edgeIndex('edge', 'catalog')];
    const at = point();
    expect(scene.locate(0, 99, at)).toBe(DOT_HIDDEN);
    expect(scene.locate(0, 115, at)).toBe(DOT_WAITING);
    expect(at).toEqual(pointOnEdge(edge, 0, point()));
    expect(scene.locate(0, 135, at)).toBe(DOT_FORWARD);
  });

  test('DotScene.locate runs a reply-direction try backwards along the edge', () => {
    const scene = new DotScene(layout);
    scene.addFrame(frame(topo, [dot('inventory', 'catalog', 'web#1')]));
    const edge = layout.edges[edgeIndex('catalog', 'inventory')];
    const at = point();
    scene.locate(0, 0, at);
    expect(at).toEqual(pointOnEdge(edge, 1, point()));
  });

  test('DotScene.nearest finds the dot drawn nearest a point, within a distance', () => {
    const scene = new DotScene(layout);
    scene.addFrame(
      frame(topo, [
        dot('edge', 'catalog', 'web#1'),
        dot('edge', 'orders', 'web#2'),
        dot('edge', 'orders', 'web#3', { depart: 100, arrive: 110, back: 150 }),
      ]),
    );
    const orders = layout.edges[edgeIndex('edge', 'orders')];
    const p = pointOnEdge(orders, 0.5, point());
    expect(scene.nearest(p.x + 2, p.y - 1, 5, 6)).toBe(1);
    expect(scene.buffer.trace[scene.nearest(p.x, p.y, 5, 6)]).toBe('web#2');
    expect(scene.nearest(p.x + 20, p.y, 5, 6)).toBe(-1);
    // At t = 105 only web#3 is on that edge, at the same place web#2 was.
    expect(scene.nearest(p.x, p.y, 105, 6)).toBe(2);
  });
});

describe('refusals (a 429, 401, 403 or open breaker answered at once)', () => {
  const refused = (outcome: number, extra: Partial<DotSpec> = {}): DotSpec =>
    dot('web shoppers', 'edge', 'web#9', { depart: 100, arrive: 100, back: 100, outcome, ...extra });

  test('a try refused at once bounces off the refusing box over a leg each way, and bursts there', () => {
    const scene = new DotScene(layout);
    scene.minLegMs = 120;
    scene.addFrame(frame(topo, [refused(OUTCOME_429)], 100, 200));
    const edge = layout.edges[edgeIndex('web shoppers', 'edge')];
    const at = point();
    expect(scene.buffer.refused[0]).toBe(1);
    expect(scene.buffer.end[0]).toBe(100 + 2 * 120);
    expect(scene.locate(0, 99, at)).toBe(DOT_HIDDEN);
    expect(scene.locate(0, 160, at)).toBe(DOT_FORWARD);
    expect(at).toEqual(pointOnEdge(edge, 0.5, point()));
    expect(scene.locate(0, 250, at)).toBe(DOT_RETURNING);
    expect(at).toEqual(pointOnEdge(edge, 0.75, point()));
    expect(scene.locate(0, 341, at)).toBe(DOT_HIDDEN);
    // The burst is at the gateway's end of the edge, from halfway there to halfway back.
    expect(scene.burst(0, 159, at)).toBe(0);
    expect(scene.burst(0, 220, at)).toBe(0.5);
    expect(at).toEqual(pointOnEdge(edge, 1, point()));
    expect(scene.burst(0, 281, at)).toBe(0);
  });

  test('with no leg set by the player, a refusal still lasts two legs of MIN_REFUSAL_LEG_MS', () => {
    const scene = new DotScene(layout);
    scene.addFrame(frame(topo, [refused(OUTCOME_4XX), refused(OUTCOME_5XX)], 100, 200));
    expect([...scene.buffer.refused.slice(0, 2)]).toEqual([1, 1]);
    expect(scene.buffer.end[0]).toBe(100 + 2 * MIN_REFUSAL_LEG_MS);
    expect(scene.locate(1, 100 + MIN_REFUSAL_LEG_MS, point())).toBe(DOT_RETURNING);
  });

  test('served tries, answers still awaited and quick successes are not refusals', () => {
    expect(isRefusal(OUTCOME_429, 100, 100)).toBe(true);
    expect(isRefusal(OUTCOME_429, 100.4, 100.4)).toBe(true);
    expect(isRefusal(OUTCOME_5XX, 100, 130)).toBe(false); // served, then failed
    expect(isRefusal(OUTCOME_OK, 100, 100)).toBe(false);
    expect(isRefusal(OUTCOME_PENDING, 100, NaN)).toBe(false);
    const scene = new DotScene(layout);
    scene.addFrame(frame(topo, [dot('web shoppers', 'edge', 'web#1')]));
    expect(scene.buffer.refused[0]).toBe(0);
    expect(scene.burst(0, 10, point())).toBe(0);
  });
});
