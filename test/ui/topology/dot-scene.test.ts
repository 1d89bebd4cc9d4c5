import { describe, expect, test } from 'vitest';
import {
  OUTCOME_4XX,
  OUTCOME_429,
  OUTCOME_5XX,
  OUTCOME_OK,
  OUTCOME_PENDING,
  REFUSED_BY_CALLEE,
  REFUSED_BY_CALLER,
} from '../../../src/worker/frames';
import { REFUSED_AT_CALLEE, REFUSED_AT_CALLER } from '../../../src/ui/topology/dot-buffer';
import {
  CALLER_REFUSAL_REACH,
  DOT_FORWARD,
  DOT_HIDDEN,
  DOT_RETURNING,
  DOT_WAITING,
} from '../../../src/ui/topology/dot-motion';
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

describe('where a refusal bounces, by who refused it', () => {
  const LEG = 100;
  /** A try refused at 100 ms between two nodes, bounced over legs of `LEG` ms. */
  function bounce(from: string, to: string, outcome: number, refusedBy?: number) {
    const scene = new DotScene(layout);
    scene.minLegMs = LEG;
    const spec = dot(from, to, 'web#7', { depart: 100, arrive: 100, back: 100, outcome, refusedBy });
    const built = frame(topo, [spec], 100, 200);
    const withoutColumn = refusedBy === undefined ? { ...built.dots, refusedBy: undefined } : built.dots;
    scene.addFrame({ ...built, dots: withoutColumn });
    const at = point();
    return {
      scene,
      /** Where the dot is on its edge's path (0 at the path's start) at time `t`. */
      place(t: number) {
        scene.locate(0, t, at);
        return { ...at };
      },
      /** Where the burst is at its fullest, and how grown. */
      burstAt() {
        const grown = scene.burst(0, 100 + LEG, at);
        return { grown, x: at.x, y: at.y };
      },
    };
  }
  const pathOf = (from: string, to: string) => layout.edges[edgeIndex(from, to)];
  const on = (from: string, to: string, u: number) => pointOnEdge(pathOf(from, to), u, point());

  test('a 429 from the gateway’s limiter turns at the gateway and bursts there', () => {
    const b = bounce('web shoppers', 'edge', OUTCOME_429, REFUSED_BY_CALLEE);
    expect(b.scene.buffer.refused[0]).toBe(REFUSED_AT_CALLEE);
    expect(b.place(100 + LEG)).toEqual(on('web shoppers', 'edge', 1));
    const { grown, x, y } = b.burstAt();
    expect(grown).toBe(0.5);
    expect({ x, y }).toEqual(on('web shoppers', 'edge', 1));
  });

  test('a 503 from a callee’s full queue turns at the callee and bursts there', () => {
    const b = bounce('orders sidecar', 'payments sidecar', OUTCOME_5XX, REFUSED_BY_CALLEE);
    expect(b.scene.buffer.refused[0]).toBe(REFUSED_AT_CALLEE);
    expect(b.place(100 + LEG / 2)).toEqual(on('orders', 'payments', 0.5));
    expect(b.place(100 + LEG)).toEqual(on('orders', 'payments', 1));
    const { x, y } = b.burstAt();
    expect({ x, y }).toEqual(on('orders', 'payments', 1));
  });

  test('an open breaker’s 503 never leaves the caller: it turns near the caller’s end and bursts there', () => {
    const b = bounce('orders sidecar', 'payments sidecar', OUTCOME_5XX, REFUSED_BY_CALLER);
    expect(b.scene.buffer.refused[0]).toBe(REFUSED_AT_CALLER);
    expect(b.scene.buffer.end[0]).toBe(100 + 2 * LEG);
    expect(b.place(100 + LEG / 2)).toEqual(on('orders', 'payments', CALLER_REFUSAL_REACH / 2));
    expect(b.place(100 + LEG)).toEqual(on('orders', 'payments', CALLER_REFUSAL_REACH));
    expect(b.place(100 + 1.5 * LEG)).toEqual(on('orders', 'payments', CALLER_REFUSAL_REACH / 2));
    const { grown, x, y } = b.burstAt();
    expect(grown).toBe(0.5);
    expect({ x, y }).toEqual(on('orders', 'payments', 0));
    // Hit testing finds it where it is drawn, at the caller's end, not at the callee.
    const near = on('orders', 'payments', CALLER_REFUSAL_REACH);
    expect(b.scene.nearest(near.x, near.y, 100 + LEG, 2)).toBe(0);
    const callee = on('orders', 'payments', 1);
    expect(b.scene.nearest(callee.x, callee.y, 100 + LEG, 2)).toBe(-1);
  });

  test('a caller’s refusal on an edge drawn the other way still turns at the caller', () => {
    // inventory → catalog runs the catalog → inventory path backwards: the caller is at its end.
    const b = bounce('inventory sidecar', 'catalog sidecar', OUTCOME_5XX, REFUSED_BY_CALLER);
    expect(b.place(100 + LEG)).toEqual(on('catalog', 'inventory', 1 - CALLER_REFUSAL_REACH));
    const { x, y } = b.burstAt();
    expect({ x, y }).toEqual(on('catalog', 'inventory', 1));
  });

  test('frames without the column (an older worker) bounce every refusal at the callee', () => {
    const b = bounce('orders sidecar', 'payments sidecar', OUTCOME_5XX);
    expect(b.scene.buffer.refused[0]).toBe(REFUSED_AT_CALLEE);
    expect(b.burstAt()).toMatchObject(on('orders', 'payments', 1));
  });

  test('a served try is no refusal, whatever the column says', () => {
    const scene = new DotScene(layout);
    scene.addFrame(
      frame(topo, [
        dot('orders', 'payments', 'web#2', { outcome: OUTCOME_5XX, refusedBy: REFUSED_BY_CALLER }),
      ]),
    );
    expect(scene.buffer.refused[0]).toBe(0);
    expect(scene.burst(0, 10, point())).toBe(0);
  });
});
