/** The diagram's traffic marks: label words, width and tone, placement, windows and per-request figures. */
import { describe, expect, test } from 'vitest';
import { DotScene, MAX_DOTS_PER_EDGE_SECOND } from '../../../src/ui/topology/dot-scene';
import {
  edgeLabelLines,
  edgeWidth,
  errorTone,
  rateText,
  latencyText,
} from '../../../src/ui/topology/edge-look';
import { straightPath } from '../../../src/ui/topology/edge-path';
import { placeLabels } from '../../../src/ui/topology/label-placement';
import { layoutTopology } from '../../../src/ui/topology/layout';
import { perRequestText, refusalText } from '../../../src/ui/topology/node-traffic';
import {
  idleComponents,
  liveTraffic,
  liveWindowText,
  runTraffic,
  runWindowText,
} from '../../../src/ui/topology/traffic-view';
import { emptyEdgeFrame } from '../../../src/worker/edge-window';
import { OUTCOME_5XX } from '../../../src/worker/frames';
import { variant } from '../../cli/fixtures';
import { frame, shop, type DotSpec } from './fixtures';

describe('edge look', () => {
  test('rates, latencies and the label lines', () => {
    expect([0, 0.5, 7.25, 80.4, 2054, 35_400].map(rateText)).toEqual([
      '0/s',
      '0.5/s',
      '7.3/s',
      '80/s',
      '2.1k/s',
      '35k/s',
    ]);
    expect([0.421, 4.12, 815.3, 1234, NaN].map(latencyText)).toEqual([
      '0.42 ms',
      '4.1 ms',
      '815 ms',
      '1.23 s',
      '–',
    ]);
    const storm = { tries: 2054, rps: 2054, errorShare: 1, clientErrorShare: 0, p99: 19.5 };
    expect(edgeLabelLines(storm)).toEqual(['2.1k/s', 'p99 20 ms', '100% err']);
    const limited = { tries: 60, rps: 12, errorShare: 0, clientErrorShare: 0.25, p99: 0.4 };
    expect(edgeLabelLines(limited)).toEqual(['12/s', 'p99 0.4 ms', '4xx 25%']);
    expect(edgeLabelLines({ ...limited, errorShare: 0.09 })).toEqual(['12/s', 'p99 0.4 ms', '9% err +4xx']);
    expect(edgeLabelLines({ tries: 0, rps: 0, errorShare: 0, clientErrorShare: 0, p99: NaN })).toEqual([
      'no calls',
    ]);
  });

  test('width grows by a step per tenfold of calls/s; tone by error share', () => {
    expect(edgeWidth(0)).toBe(1.2);
    expect(edgeWidth(10)).toBeCloseTo(2.8, 10);
    expect(edgeWidth(1000)).toBeCloseTo(6, 10);
    expect(edgeWidth(1e9)).toBe(8);
    expect([0, 0.001, 0.099, 0.1, 1].map(errorTone)).toEqual(['none', 'some', 'some', 'many', 'many']);
  });
});

describe('placeLabels', () => {
  const edge = straightPath(0, 100, 200, 100);
  test('on the edge’s middle when nothing is in the way', () => {
    expect(placeLabels([edge], [{ w: 40, h: 20 }], [])).toEqual([
      { x: 100, y: 100, anchorX: 100, anchorY: 100 },
    ]);
  });

  test('off the edge, clear of a box and of the label before it, else nowhere', () => {
    const box = { x: 60, y: 80, w: 80, h: 40 };
    const [moved] = placeLabels([edge], [{ w: 200, h: 20 }], [box]);
    // Above the box: its bottom 2 units clear of the box's top.
    expect(moved!.y + 10).toBeLessThanOrEqual(80 - 2);
    expect(moved!.anchorY).toBe(100);
    const both = placeLabels(
      [edge, edge],
      [
        { w: 200, h: 20 },
        { w: 200, h: 20 },
      ],
      [box],
    );
    expect(both[1]!.y).toBeGreaterThan(100);
    // Kept inside the drawing: no room above a box at its top edge, so below it.
    const [below] = placeLabels([edge], [{ w: 200, h: 20 }], [box], undefined, {
      x: 0,
      y: 60,
      w: 300,
      h: 200,
    });
    expect(below!.y).toBeGreaterThan(100);
    const walled = { x: -500, y: -500, w: 1200, h: 1200 };
    expect(placeLabels([edge], [{ w: 10, h: 10 }], [walled])).toEqual([null]);
  });
});

describe('traffic views', () => {
  const topo = shop();
  test('live: calls/s over the window, and calls per client request', () => {
    const edges = emptyEdgeFrame(topo.edges.length, 4000);
    const e = (from: string, to: string) => topo.edges.findIndex((x) => x.from === from && x.to === to);
    edges.windowTries[e('web shoppers', 'edge')] = 60;
    edges.windowStarted[e('web shoppers', 'edge')] = 100;
    edges.windowTries[e('edge', 'catalog')] = 300;
    edges.windowStarted[e('edge', 'catalog')] = 280;
    edges.windowErrors[e('edge', 'catalog')] = 30;
    edges.windowUnreached[e('edge', 'catalog')] = 20;
    edges.windowP99[e('edge', 'catalog')] = 12;
    const view = liveTraffic(topo, { ...frame(topo, [], 4900, 5000), edges });
    expect(view.edges[e('edge', 'catalog')]).toEqual({
      tries: 300,
      rps: 300,
      errorShare: 0.1,
      clientErrorShare: 0,
      p99: 12,
    });
    const catalog = topo.nodes.findIndex((n) => n.id === 'catalog');
    // Counted as they leave: 280 tries for it, for 100 requests sent (not the 60 answered).
    expect(view.nodes[catalog].perRequest).toBeCloseTo(2.8, 12);
    expect(liveWindowText(view)).toBe('last 1 s of simulated time (4.0 s to 5.0 s)');
    expect(refusalText(view.nodes[catalog], view)).toBe('20/s refused by callers’ sidecars');
  });

  test('whole run: the report’s figures exactly; served per generated request; idle components', () => {
    const report = variant('base', {
      edges: [
        {
          from: 'edge',
          to: 'catalog',
          tries: 2000,
          retries: 10,
          rps: 200.5,
          errors: 20,
          errorShare: 0.01,
          clientErrors: 0,
          breakerRefused: 3,
          poolRefused: 4,
          p50: 2,
          p99: 9.5,
        },
      ],
    });
    const view = runTraffic(topo, report, 5000);
    const e = topo.edges.findIndex((x) => x.from === 'edge' && x.to === 'catalog');
    expect(view.edges[e]).toEqual({
      tries: 2000,
      rps: 200.5,
      errorShare: 0.01,
      clientErrorShare: 0,
      p99: 9.5,
    });
    const catalog = topo.nodes.findIndex((n) => n.id === 'catalog');
    expect(view.nodes[catalog].perRequest).toBe(1000 / 12_003);
    expect(refusalText(view.nodes[catalog], view)).toBe('breaker refused 3 · pool full 4');
    expect(runWindowText(view)).toMatch(/^whole run, after the 5 s warmup \(5\.0 s to /);
    // The fixture's edge: 12.3 % busy, so not idle; a component with no time of its own is.
    expect(idleComponents(report).size).toBe(0);
    const idle = variant('x', {
      components: { gw: { ...report.components.edge, utilization: 0, meanQueue: 0 } },
    });
    expect([...idleComponents(idle)]).toEqual(['gw']);
  });

  test('calls per request near 1 carry nothing and are not shown', () => {
    expect([NaN, 0, 0.92, 1, 1.05, 2.98, 25.89].map(perRequestText)).toEqual([
      '',
      '',
      '',
      '',
      '',
      '×3/req',
      '×26/req',
    ]);
  });
});

describe('dot thinning', () => {
  const topo = shop();
  const layout = layoutTopology(topo, 900, 420);
  const dots = (n: number): DotSpec[] =>
    Array.from({ length: n }, (_, i) => ({
      from: 'edge',
      to: 'catalog',
      depart: i,
      arrive: i + 1,
      back: i + 2,
      outcome: OUTCOME_5XX,
      trace: `t${i}`,
    }));

  test(`a busy edge keeps at most ${MAX_DOTS_PER_EDGE_SECOND} dots a second, evenly spread`, () => {
    const scene = new DotScene(layout);
    scene.addFrame(frame(topo, dots(2000), 0, 1000));
    expect(scene.buffer.size).toBe(MAX_DOTS_PER_EDGE_SECOND);
    // Every k-th: the first and then evenly apart.
    expect(scene.buffer.depart[0]).toBe(0);
    expect(scene.buffer.depart[1]).toBe(Math.ceil(2000 / MAX_DOTS_PER_EDGE_SECOND));
    const quiet = new DotScene(layout);
    quiet.addFrame(frame(topo, dots(10), 0, 1000));
    expect(quiet.buffer.size).toBe(10);
  });
});
