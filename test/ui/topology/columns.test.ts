import { describe, expect, test } from 'vitest';
import {
  assignColumns,
  countCrossings,
  insertWaypoints,
  orderColumns,
  serviceDepths,
  type BoxKind,
  type Link,
} from '../../../src/ui/topology/columns';

describe('serviceDepths', () => {
  test('serviceDepths is the longest path from a service no service calls', () => {
    // a -> b -> c, and a -> c directly: c is at depth 2, not 1.
    const kinds: BoxKind[] = ['service', 'service', 'service'];
    expect([
      ...serviceDepths(kinds, [
        [0, 1],
        [1, 2],
        [0, 2],
      ]),
    ]).toEqual([0, 1, 2]);
  });

  test('serviceDepths ignores calls from clients and gateways', () => {
    const kinds: BoxKind[] = ['client', 'gateway', 'service', 'service'];
    expect([
      ...serviceDepths(kinds, [
        [0, 1],
        [1, 2],
        [1, 3],
        [2, 3],
      ]),
    ]).toEqual([0, 0, 0, 1]);
  });

  test('serviceDepths breaks a cycle at the call that closes it', () => {
    const kinds: BoxKind[] = ['service', 'service', 'service'];
    expect([
      ...serviceDepths(kinds, [
        [0, 1],
        [1, 2],
        [2, 0],
      ]),
    ]).toEqual([0, 1, 2]);
  });
});

describe('assignColumns', () => {
  test('assignColumns puts clients, then gateways, then services by depth', () => {
    const kinds: BoxKind[] = ['service', 'client', 'gateway', 'service', 'client'];
    const links: Link[] = [
      [1, 2],
      [4, 2],
      [2, 3],
      [3, 0],
    ];
    expect([...assignColumns(kinds, links)]).toEqual([3, 0, 1, 2, 0]);
  });

  test('assignColumns closes up the gateway column when there is no gateway', () => {
    const kinds: BoxKind[] = ['client', 'service', 'service'];
    expect([
      ...assignColumns(kinds, [
        [0, 1],
        [1, 2],
      ]),
    ]).toEqual([0, 1, 2]);
  });
});

describe('countCrossings', () => {
  test('countCrossings counts two links that swap sides', () => {
    const column = Int32Array.from([0, 0, 1, 1]);
    expect(
      countCrossings(
        [
          [0, 1],
          [2, 3],
        ],
        column,
        [
          [0, 3],
          [1, 2],
        ],
      ),
    ).toBe(1);
    expect(
      countCrossings(
        [
          [0, 1],
          [3, 2],
        ],
        column,
        [
          [0, 3],
          [1, 2],
        ],
      ),
    ).toBe(0);
  });

  test('countCrossings does not count links that share a box', () => {
    const column = Int32Array.from([0, 1, 1]);
    expect(
      countCrossings([[0], [1, 2]], column, [
        [0, 1],
        [0, 2],
      ]),
    ).toBe(0);
  });
});

describe('orderColumns', () => {
  test('orderColumns untangles two crossed calls', () => {
    // Two callers; the first calls the second callee and the second the first.
    const column = Int32Array.from([0, 0, 1, 1]);
    const links: Link[] = [
      [0, 3],
      [1, 2],
    ];
    const columns = orderColumns(column, links);
    expect(countCrossings(columns, column, links)).toBe(0);
    expect(columns).toEqual([
      [0, 1],
      [3, 2],
    ]);
  });

  test('orderColumns keeps index order when nothing crosses', () => {
    const column = Int32Array.from([0, 1, 1, 2]);
    expect(
      orderColumns(column, [
        [0, 1],
        [0, 2],
        [1, 3],
      ]),
    ).toEqual([[0], [1, 2], [3]]);
  });

  test('orderColumns puts boxes no call touches below the others of their column', () => {
    // gateway 0 -> 3 (a subset); 1 and 2 (hosts the mesh splits past) have no links.
    const column = Int32Array.from([0, 1, 1, 1]);
    expect(orderColumns(column, [[0, 3]])).toEqual([[0], [3, 1, 2]]);
  });

  test('orderColumns lowers the crossings of a three-column tangle, deterministically', () => {
    // gateway 0 -> a 1, b 2; a -> y 4; b -> x 3 (x listed before y).
    const column = Int32Array.from([0, 1, 1, 2, 2, 3, 3]);
    const links: Link[] = [
      [0, 1],
      [0, 2],
      [1, 4],
      [2, 3],
      [4, 6],
      [3, 5],
    ];
    const before = countCrossings([[0], [1, 2], [3, 4], [5, 6]], column, links);
    const columns = orderColumns(column, links);
    expect(before).toBe(1);
    expect(countCrossings(columns, column, links)).toBe(0);
    expect(orderColumns(column, links)).toEqual(columns);
  });
});

test('insertWaypoints adds a waypoint per skipped column and chains the link through them', () => {
  const column = Int32Array.from([0, 1, 3]);
  const graph = insertWaypoints(column, [
    [0, 1],
    [0, 2],
  ]);
  expect([...graph.column]).toEqual([0, 1, 3, 1, 2]);
  expect(graph.chains).toEqual([
    [0, 1],
    [0, 3, 4, 2],
  ]);
  expect(graph.links).toEqual([
    [0, 1],
    [0, 3],
    [3, 4],
    [4, 2],
  ]);
});
