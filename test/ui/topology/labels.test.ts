import { expect, test } from 'vitest';
import { nodeTitle, topologySummary } from '../../../src/ui/topology/labels';
import { layoutTopology } from '../../../src/ui/topology/layout';
import { client, edge, service, shop, topology } from './fixtures';

test('topologySummary counts nodes by kind and the calls under mTLS', () => {
  expect(topologySummary(shop())).toBe(
    'Topology of test: 1 client, 1 gateway, 6 services, 6 sidecars; 9 calls, 5 under mTLS.',
  );
  expect(topologySummary(topology([client('app'), service('api')], [edge('app', 'api')]))).toBe(
    'Topology of test: 1 client, 1 service; 1 call.',
  );
});

test('nodeTitle describes a box in words', () => {
  const layout = layoutTopology(shop(), 900, 420);
  expect(layout.nodes.map(nodeTitle).slice(0, 3)).toEqual([
    'web shoppers, client',
    'edge, gateway: 2 instances × 8 workers, queue limit 64',
    'catalog, service: 2 instances × 4 workers, queue limit 64, with a sidecar',
  ]);
  const unlimited = layoutTopology(topology([service('<i>q</i>', 1, -1)], []), 400, 200);
  expect(nodeTitle(unlimited.nodes[0])).toBe('<i>q</i>, service: 1 instance × 4 workers, unlimited queue');
});

test('a one-way queue says so: a "queue" badge, and consumers in its tooltip', () => {
  const queue = { ...service('order-events', 1, 2000), oneWay: true as const };
  const layout = layoutTopology(
    topology([service('orders', 1), queue], [edge('orders', 'order-events')]),
    600,
    200,
  );
  const [orders, events] = layout.nodes;
  expect([orders.badgeText, events.badgeText]).toEqual(['', 'queue']);
  expect(nodeTitle(events)).toBe(
    'order-events, one-way queue (callers answered 202 once a message is in): 1 instance × 4 consumers, queue limit 2000',
  );
  // A region, when the scenario names regions, still takes the badge: the tooltip keeps the kind.
  const placed = layoutTopology(topology([{ ...queue, region: 'eu' }], []), 400, 200);
  expect(placed.nodes[0].badgeText).toBe('eu');
});
