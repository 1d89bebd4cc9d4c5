import { describe, expect, it } from 'vitest';
import { errorsOf, loaded, yaml } from '../scenario/helpers';
import { runFileWithinBudget } from '../support/event-budget';

const shop = (split: string) =>
  yaml(
    'duration: 100s',
    'clients: [ { id: c, arrival: { process: constant, rate: 100 }, mix: [ { path: /api/products } ] } ]',
    `gateway: { id: edge, routes: [ { id: products, service: catalog${split} } ] }`,
    'services: [ { id: catalog, serviceTime: 1ms }, { id: catalog-v2, serviceTime: 1ms } ]',
  );

describe('a weighted split on a gateway route', () => {
  it('sends each request to one target with probability weight / sum', () => {
    const v = runFileWithinBudget(
      loaded(shop(', split: [ { service: catalog, weight: 9 }, { service: catalog-v2, weight: 1 } ]')),
    ).variants[0];
    const canary = v.components['catalog-v2'].served;
    expect(v.components.catalog.served + canary).toBe(10_000);
    // Binomial(10 000, 0.1): sd 30; 4 sd either side.
    expect(canary).toBeGreaterThan(880);
    expect(canary).toBeLessThan(1120);
  });

  it('without a split every request goes to the service, drawing as it always did', () => {
    const plain = runFileWithinBudget(loaded(shop(''))).variants[0];
    expect(plain.components.catalog.served).toBe(10_000);
    // A split sending everything to the service changes nothing else in the run.
    const all = runFileWithinBudget(loaded(shop(', split: [ { service: catalog, weight: 1 } ]'))).variants[0];
    expect({ ...all, wallMs: 0, events: 0 }).toEqual({ ...plain, wallMs: 0, events: 0 });
  });

  it('names an unknown target and refuses weights that are all zero', () => {
    const [unknown] = errorsOf(shop(', split: [ { service: catalog-v3, weight: 1 } ]'));
    expect(unknown).toMatchObject({ path: 'gateway.routes[0].split[0].service' });
    expect(unknown.hint).toBe('did you mean "catalog-v2"?');
    expect(errorsOf(shop(', split: [ { service: catalog, weight: 0 } ]'))[0].message).toBe(
      'split weights must not all be zero',
    );
  });
});
