/** pluginsFor: which plugin of a name a request meets, by Kong's precedence folded into two scopes. */
import { describe, expect, test } from 'vitest';
import { pluginsFor } from '../../src/model/gateway/consumer-scope';
import type { PluginSpec } from '../../src/scenario/types';

const global: PluginSpec = { name: 'rate-limiting', minute: 10 };
const globalGold: PluginSpec = { name: 'rate-limiting', minute: 100, consumer: 'gold' };
const route: PluginSpec = { name: 'rate-limiting', minute: 20 };
const routeGold: PluginSpec = { name: 'rate-limiting', minute: 50, consumer: 'gold' };
const cache: PluginSpec = { name: 'proxy-cache' };

describe('pluginsFor', () => {
  test('route + consumer beats consumer beats route beats global', () => {
    const pick = (g: object[], r: object[], c?: string) =>
      pluginsFor(g as never, r as never, c).get('rate-limiting');
    expect(pick([global, globalGold], [route, routeGold], 'gold')).toBe(routeGold);
    expect(pick([global, globalGold], [route], 'gold')).toBe(globalGold);
    expect(pick([global, globalGold], [route], 'silver')).toBe(route);
    expect(pick([global, globalGold], [], 'silver')).toBe(global);
  });

  test('a request with no authenticated consumer never meets a consumer-scoped plugin', () => {
    expect(pluginsFor([globalGold], [routeGold], undefined).has('rate-limiting')).toBe(false);
    expect(pluginsFor([global, globalGold], [], undefined).get('rate-limiting')).toBe(global);
  });

  test('plugins of other names are kept whatever the consumer', () => {
    expect([...pluginsFor([cache, globalGold], [], 'gold').keys()].sort()).toEqual([
      'proxy-cache',
      'rate-limiting',
    ]);
  });
});
