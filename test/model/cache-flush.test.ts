import { describe, expect, it } from 'vitest';
import { errorsOf, loaded, yaml } from '../scenario/helpers';
import { runFileWithinBudget } from '../support/event-budget';

const shop = (faults: string) =>
  yaml(
    'duration: 10s',
    'clients: [ { id: c, arrival: { process: constant, rate: 10 }, mix: [ { path: /p, keys: { count: 1 } } ] } ]',
    'gateway: { id: edge, plugins: [ { name: proxy-cache, ttl: 1h } ], routes: [ { id: r, service: api } ] }',
    'services: [ { id: api, serviceTime: 1ms } ]',
    faults,
  );

describe('flush fault', () => {
  it('empties the gateway cache at its instant: the next request misses, then hits again', () => {
    const counters = (faults: string) => {
      const v = runFileWithinBudget(loaded(shop(faults))).variants[0];
      return { cache: v.gateway!.plugins.r['proxy-cache'], served: v.components.api.served };
    };
    // One key, cached for an hour: one miss at the start, then hits.
    expect(counters('faults: []')).toMatchObject({ cache: { miss: 1, hit: 99 }, served: 1 });
    // Two flushes: two more misses, each followed by hits.
    expect(
      counters('faults: [ { at: 3s, target: edge, kind: flush }, { at: 6s, target: edge, kind: flush } ]'),
    ).toMatchObject({
      cache: { miss: 3, hit: 97 },
      served: 3,
    });
  });

  it('is refused on a service, on a gateway without a cache, and with a duration', () => {
    const [service] = errorsOf(shop('faults: [ { at: 3s, target: api, kind: flush } ]'));
    expect(service.message).toBe('"api" is a service; only the gateway has a cache to flush');
    const bare = shop('faults: [ { at: 3s, target: edge, kind: flush } ]').replace(
      'plugins: [ { name: proxy-cache, ttl: 1h } ], ',
      '',
    );
    expect(errorsOf(bare)[0].message).toBe('the gateway "edge" has no proxy-cache plugin to flush');
    expect(errorsOf(shop('faults: [ { at: 3s, for: 1s, target: edge, kind: flush } ]'))[0].message).toMatch(
      /unknown field "for"/,
    );
  });
});
