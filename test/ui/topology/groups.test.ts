import { describe, expect, test } from 'vitest';
import {
  COLLAPSE_ABOVE_BOXES,
  diagramGroups,
  findGroups,
  groupPrefix,
} from '../../../src/ui/topology/groups';
import { layoutTopology } from '../../../src/ui/topology/layout';
import { DotRoutes, routePath } from '../../../src/ui/topology/dot-routes';
import { client, edge, gateway, service, sidecar, topology } from './fixtures';
import type { TopologyData } from '../../../src/worker/frames';

/** Domains of `size` services each (`<domain>-api` → `<domain>-db`, `<domain>-cache`, …), the api behind a gateway. */
function domains(names: readonly string[], size: number, meshed = false): TopologyData {
  const roles = ['api', 'query', 'core', 'db', 'cache', 'audit', 'rules', 'store', 'index', 'config'].slice(
    0,
    size,
  );
  const services = names.flatMap((d) => roles.map((r) => `${d}-${r}`));
  const edges = [
    edge('users', 'ingress'),
    ...names.map((d) => edge('ingress', `${d}-api`)),
    ...names.flatMap((d) => roles.slice(1).map((r) => edge(`${d}-api`, `${d}-${r}`, meshed))),
  ];
  // The second domain reads the first one's query service.
  if (names.length > 1) edges.push(edge(`${names[1]}-api`, `${names[0]}-query`, meshed));
  return topology(
    [
      client('users'),
      gateway('ingress'),
      ...services.map((id) => service(id)),
      ...(meshed ? services.map((id) => sidecar(id)) : []),
    ],
    edges,
    meshed,
  );
}

describe('groupPrefix', () => {
  test.each([
    ['search-index', 'search'],
    ['svc-a-1', 'svc-a'],
    ['orders_db', 'orders'],
    ['shop.cart', 'shop'],
    ['payments', null],
    ['-x', null],
  ])('groupPrefix(%s) is %s', (id, prefix) => {
    expect(groupPrefix(id)).toBe(prefix);
  });
});

describe('findGroups', () => {
  test('groups services by a shared id prefix; clients, gateways and lone services stay out', () => {
    const topo = topology(
      [
        client('users'),
        gateway('edge-gw'),
        service('cart-api'),
        service('cart-db'),
        service('ledger'),
        service('pay-api'),
      ],
      [],
    );
    expect(findGroups(topo)).toEqual([{ id: 'cart', members: [2, 3], rule: 'prefix' }]);
  });

  test('without a shared prefix, groups services by tier (their column from the gateway)', () => {
    const topo = topology(
      [client('u'), gateway('gw'), service('a'), service('b'), service('c'), service('d'), service('e')],
      [edge('u', 'gw'), edge('gw', 'a'), edge('gw', 'b'), edge('a', 'c'), edge('b', 'd'), edge('d', 'e')],
    );
    expect(findGroups(topo)).toEqual([
      { id: 'tier 1', members: [2, 3], rule: 'tier' },
      { id: 'tier 2', members: [4, 5], rule: 'tier' },
    ]);
  });

  test(`a diagram of at most ${COLLAPSE_ABOVE_BOXES} boxes offers no groups; a larger one does`, () => {
    const base = domains(['a', 'b'], 10); // 2 + 20 boxes
    const withLone = (n: number): TopologyData =>
      topology([...base.nodes, ...Array.from({ length: n }, (_, i) => service(`lone${i}`))], base.edges);
    expect(diagramGroups(withLone(2))).toEqual([]);
    expect(diagramGroups(withLone(3)).map((g) => g.id)).toEqual(['a', 'b']);
    const large = domains(['search', 'cart', 'pay'], 10);
    expect(diagramGroups(large).map((g) => [g.id, g.members.length])).toEqual([
      ['search', 10],
      ['cart', 10],
      ['pay', 10],
    ]);
  });
});

describe('layoutTopology with groups', () => {
  const topo = domains(['search', 'cart', 'pay'], 10, true);
  const groups = diagramGroups(topo);
  const all = new Set(groups.map((g) => g.id));

  test('a collapsed group is one box standing for its members and their sidecars', () => {
    const layout = layoutTopology(topo, 900, 400, { groups, collapsed: all });
    expect(layout.nodes.map((n) => n.id)).toEqual(['users', 'ingress', 'search', 'cart', 'pay']);
    const search = layout.nodes[2];
    expect(search.group?.memberIds).toEqual(
      topo.nodes.filter((n) => n.kind === 'service' && n.id.startsWith('search-')).map((n) => n.id),
    );
    expect(search.group?.cells).toHaveLength(10);
    expect(search.sidecar).toBeNull();
    for (const [i, node] of topo.nodes.entries()) {
      const owner = node.sidecarOf ?? node.id;
      const expected = owner.startsWith('search-')
        ? 2
        : owner.startsWith('cart-')
          ? 3
          : owner.startsWith('pay-')
            ? 4
            : -1;
      if (expected >= 0) expect(layout.boxOf[i], node.id).toBe(expected);
    }
    // Every member cell lies inside the box.
    for (const cell of search.group!.cells) {
      expect(cell.x).toBeGreaterThanOrEqual(search.box.x);
      expect(cell.x + cell.w).toBeLessThanOrEqual(search.box.x + search.box.w + 1e-9);
    }
  });

  test('the edges between collapsed groups merge their members’ edges, and calls inside a group draw no line', () => {
    const layout = layoutTopology(topo, 900, 400, { groups, collapsed: all });
    const pairs = layout.edges.map((e) => [layout.nodes[e.from].id, layout.nodes[e.to].id, e.edges.length]);
    expect(pairs).toEqual([
      ['users', 'ingress', 1],
      ['ingress', 'search', 1],
      ['ingress', 'cart', 1],
      ['ingress', 'pay', 1],
      ['cart', 'search', 1],
    ]);
    const merged = layout.edges.find(
      (e) => layout.nodes[e.to].id === 'search' && layout.nodes[e.from].id === 'cart',
    )!;
    expect(topo.edges[merged.edges[0]]).toEqual(edge('cart-api', 'search-query', true));
    expect(merged.mtls).toBe(true);
  });

  test('expanding one group draws its members on bands, one per column, the first with the name', () => {
    const layout = layoutTopology(topo, 900, 400, { groups, collapsed: new Set(['cart', 'pay']) });
    expect(layout.nodes.filter((n) => n.group).map((n) => n.id)).toEqual(['cart', 'pay']);
    const members = layout.nodes.filter((n) => n.id.startsWith('search-'));
    expect(members).toHaveLength(10);
    const bands = layout.hulls.filter((h) => h.group === 'search');
    expect(bands.map((b) => [b.column, b.first])).toEqual([
      [2, true],
      [3, false],
    ]);
    for (const m of members) {
      const band = bands.find((b) => b.column === m.column)!;
      expect(m.box.y).toBeGreaterThan(band.rect.y);
      expect(m.box.y + m.box.h).toBeLessThan(band.rect.y + band.rect.h);
    }
    // No other box stands on a band.
    for (const other of layout.nodes.filter((n) => !n.id.startsWith('search-'))) {
      for (const band of bands) {
        const apart =
          other.box.x + other.box.w <= band.rect.x ||
          other.box.x >= band.rect.x + band.rect.w ||
          other.box.y + other.box.h <= band.rect.y ||
          other.box.y >= band.rect.y + band.rect.h;
        expect(apart, `${other.id} is clear of search's band in column ${band.column}`).toBe(true);
      }
    }
  });

  test('a hop between two members of a collapsed group runs across its member strip', () => {
    const layout = layoutTopology(topo, 900, 400, { groups, collapsed: all });
    const routes = new DotRoutes(layout);
    const ids = topo.nodes.map((n) => n.id);
    const code = routes.route(ids.indexOf('search-api'), ids.indexOf('search-db'));
    const path = routePath(routes, code);
    const strip = layout.nodes[2].group!.cells;
    expect(path.length).toBeCloseTo(strip[9].x + strip[9].w - strip[0].x, 6);
    // A hop between groups runs along their merged edge.
    const across = routes.route(ids.indexOf('cart-api'), ids.indexOf('search-query'));
    expect(routePath(routes, across)).toBe(layout.edges[4]);
  });
});
