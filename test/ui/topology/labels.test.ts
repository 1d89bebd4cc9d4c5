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
