import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../../src/model/gateway';

describe('GatewayMetrics', () => {
  it('record(route, consumer, status, latency) then snapshot(): totals per route, consumer and status, sorted', () => {
    const m = new GatewayMetrics();
    m.record('products', 'bob', 200, 10);
    m.record('products', 'alice', 200, 20);
    m.record('orders', 'alice', 201, 40);
    m.record('products', 'alice', 200, 30);
    m.record('products', '', 401, 1);
    m.record('orders', 'alice', 503, 2);
    m.record('products', 'bob', 429, 0.5);
    expect(m.snapshot()).toEqual({
      routes: [
        { key: 'orders', count: 2, mean: 21, max: 40 },
        { key: 'products', count: 5, mean: 12.3, max: 30 },
      ],
      consumers: [
        { key: '', count: 1, mean: 1, max: 1 },
        { key: 'alice', count: 4, mean: 23, max: 40 },
        { key: 'bob', count: 2, mean: 5.25, max: 10 },
      ],
      statuses: [
        { key: 200, count: 3, mean: 20, max: 30 },
        { key: 201, count: 1, mean: 40, max: 40 },
        { key: 401, count: 1, mean: 1, max: 1 },
        { key: 429, count: 1, mean: 0.5, max: 0.5 },
        { key: 503, count: 1, mean: 2, max: 2 },
      ],
      breakdown: [
        { route: 'orders', consumer: 'alice', status: 201, count: 1, mean: 40, max: 40 },
        { route: 'orders', consumer: 'alice', status: 503, count: 1, mean: 2, max: 2 },
        { route: 'products', consumer: '', status: 401, count: 1, mean: 1, max: 1 },
        { route: 'products', consumer: 'alice', status: 200, count: 2, mean: 25, max: 30 },
        { route: 'products', consumer: 'bob', status: 200, count: 1, mean: 10, max: 10 },
        { route: 'products', consumer: 'bob', status: 429, count: 1, mean: 0.5, max: 0.5 },
      ],
    });
  });

  it('statuses sort numerically, not as text', () => {
    const m = new GatewayMetrics();
    for (const status of [503, 99, 1000, 200]) m.record('r', 'c', status, 1);
    expect(m.snapshot().statuses.map((s) => s.key)).toEqual([99, 200, 503, 1000]);
  });

  it('an empty snapshot has empty lists, and snapshots do not reset the counters', () => {
    const m = new GatewayMetrics();
    expect(m.snapshot()).toEqual({ routes: [], consumers: [], statuses: [], breakdown: [] });
    m.record('r', 'c', 200, 3);
    m.snapshot();
    m.record('r', 'c', 200, 5);
    expect(m.snapshot().routes).toEqual([{ key: 'r', count: 2, mean: 4, max: 5 }]);
  });
});
