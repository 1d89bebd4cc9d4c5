import { describe, expect, it } from 'vitest';
import { errorsOf, loaded, yaml } from './helpers';

const base = [
  'clients: [ { id: web, target: api, arrival: { rate: 5 } } ]',
  'services: [ { id: api, instances: 2 } ]',
  'variants: [ { name: one }, { name: two.0, mesh: { enabled: true } } ]',
];
const withTry = (path: string) => yaml(...base, 'tryThis:', `  - { label: go, set: { ${path}: 3 } }`);

describe('try this paths', () => {
  it('accepts keys, ids, indices, variant names and keys to add', () => {
    for (const path of [
      'services.api.instances',
      'services.0.instances',
      'clients.web.arrival.rate',
      'variants.one.mesh.enabled',
      'mesh.policies.api.retries.attempts',
    ]) {
      loaded(withTry(path));
    }
  });

  it('refuses a path that leads nowhere, at its key, saying why', () => {
    const [unknown] = errorsOf(withTry('services.catalog.instances'));
    expect(unknown).toMatchObject({
      line: 5,
      column: 25,
      path: 'tryThis[0].set["services.catalog.instances"]',
    });
    expect(unknown.message).toBe('this path leads nowhere: services has no item "catalog" (it has api)');
    // A variant whose name holds a dot cannot be reached by a dotted path.
    expect(errorsOf(withTry('variants.two.0.mesh.enabled'))[0].message).toMatch(/variants has no item "two"/);
    expect(errorsOf(withTry('services.api.instances.count'))[0].message).toMatch(
      /services.api.instances is a single value, so it has no "count"/,
    );
    expect(errorsOf(withTry('mesh.policies.api.split.1.weight'))[0].message).toMatch(
      /mesh.policies.api.split does not exist, so it has no item 1/,
    );
  });
});
