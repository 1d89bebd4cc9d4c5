import { describe, expect, test } from 'vitest';
import {
  groupLoad,
  groupLoadText,
  groupTraffic,
  groupTrafficText,
  sumEdgeFigures,
} from '../../../src/ui/topology/group-figures';
import type { EdgeFigures, NodeFigures, TrafficView } from '../../../src/ui/topology/traffic-view';
import type { FrameData } from '../../../src/worker/frames';
import { client, edge, gateway, service, topology } from './fixtures';

function figures(
  tries: number,
  seconds: number,
  errors: number,
  clientErrors: number,
  p99: number,
): EdgeFigures {
  return {
    tries,
    rps: tries / seconds,
    errorShare: tries > 0 ? errors / tries : 0,
    clientErrorShare: tries > 0 ? clientErrors / tries : 0,
    p99: tries > 0 ? p99 : NaN,
  };
}

function node(over: Partial<NodeFigures> = {}): NodeFigures {
  return { perRequest: NaN, breakerRefused: 0, poolRefused: 0, unreached: 0, ejections: 0, ...over };
}

describe('sumEdgeFigures', () => {
  const edges = [
    figures(100, 10, 5, 0, 40),
    figures(300, 10, 0, 30, 120),
    figures(0, 10, 0, 0, 0),
    figures(600, 10, 60, 0, 80),
  ];

  test('adds tries and calls/s, takes error shares over all tries, and the slowest p99', () => {
    const sum = sumEdgeFigures(edges, [0, 1, 2, 3]);
    expect(sum.tries).toBe(1000);
    expect(sum.rps).toBe(10 + 30 + 0 + 60);
    expect(sum.errorShare).toBeCloseTo(65 / 1000, 12);
    expect(sum.clientErrorShare).toBeCloseTo(30 / 1000, 12);
    expect(sum.p99).toBe(120);
  });

  test('one edge is its own figures, the same object', () => {
    expect(sumEdgeFigures(edges, [1])).toBe(edges[1]);
  });

  test('edges without tries add nothing: no p99, no error share', () => {
    const none = sumEdgeFigures(edges, [2, 2]);
    expect(none).toEqual({ tries: 0, rps: 0, errorShare: 0, clientErrorShare: 0, p99: NaN });
  });
});

describe('groupTraffic and groupLoad of a group of three services', () => {
  // u -> gw -> a-api -> a-db, a-api -> a-cache; b-api -> a-db (from outside the group a).
  const topo = topology(
    [
      client('u'),
      gateway('gw'),
      service('a-api'),
      service('a-db', 2),
      service('a-cache', 1),
      service('b-api'),
    ],
    [
      edge('u', 'gw'),
      edge('gw', 'a-api'),
      edge('a-api', 'a-db'),
      edge('a-api', 'a-cache'),
      edge('gw', 'b-api'),
      edge('b-api', 'a-db'),
    ],
  );
  const members = [2, 3, 4];
  const view: TrafficView = {
    mode: 'run',
    fromMs: 0,
    toMs: 10_000,
    edges: [
      figures(1000, 10, 0, 0, 5),
      figures(500, 10, 10, 0, 50),
      figures(500, 10, 40, 0, 30),
      figures(250, 10, 0, 0, 2),
      figures(500, 10, 0, 0, 3),
      figures(200, 10, 20, 0, 70),
    ],
    nodes: [
      node(),
      node(),
      node(),
      node({ breakerRefused: 7, ejections: 2 }),
      node({ poolRefused: 3 }),
      node(),
    ],
  };

  test('calls into the group are those from outside it; those between members are inside', () => {
    const t = groupTraffic(topo, view, members);
    expect(t.into.rps).toBe(50 + 20);
    expect(t.into.tries).toBe(700);
    expect(t.into.p99).toBe(70);
    expect(t.inside.rps).toBe(50 + 25);
    expect(t.errorShare).toBeCloseTo((10 + 20 + 40) / (700 + 750), 12);
    expect(t.node).toEqual({
      perRequest: NaN,
      breakerRefused: 7,
      poolRefused: 3,
      unreached: 0,
      ejections: 0 + 2,
    });
    expect(groupTrafficText(t)).toBe('in 70/s · 4.8% err');
    expect(groupTrafficText(t, 14)).toBe('in 70/s · 4.8%');
    expect(groupTrafficText(t, 12)).toBe('in 70/s');
  });

  test('the load adds the members’ instances: busy over the running workers, queue over all', () => {
    // Slots: gw 0-1, a-api 2-3, a-db 4-5, a-cache 6, b-api 7-8; 4 workers each.
    const frame = {
      busy: Int32Array.from([0, 0, 4, 2, 1, 0, 3, 4, 4]),
      queued: Int32Array.from([0, 0, 5, 0, 2, 0, 0, 9, 9]),
      up: Uint8Array.from([1, 1, 1, 1, 1, 0, 1, 1, 1]),
    } as unknown as FrameData;
    const load = groupLoad(topo, frame, members);
    expect(load.queued).toBe(7);
    expect(load.down).toBe(1);
    expect(load.busy).toBeCloseTo((4 + 2 + 1 + 3) / (4 * 4), 12);
    expect([...load.members]).toEqual([6 / 8, 1 / 4, 3 / 4]);
    expect(groupLoadText(load)).toBe('busy 63% · queue 7');
    expect(groupLoadText(load, 14)).toBe('busy 63% · q 7');
    expect(groupLoadText(load, 12)).toBe('busy 63%');
    const allDown = { ...frame, up: new Uint8Array(9) } as unknown as FrameData;
    expect(groupLoadText(groupLoad(topo, allDown, members))).toBe('all down · queue 7');
  });
});
