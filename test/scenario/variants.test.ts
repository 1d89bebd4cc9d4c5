import { describe, expect, test } from 'vitest';
import { errorsOf, loaded, onlyError, yaml } from './helpers';

describe('variants', () => {
  test('objects merge recursively and arrays replace', () => {
    const file = loaded(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 10 }',
        'services:',
        '  - id: api',
        '    serviceTime: 5ms',
        '    calls: [db]',
        '  - id: db',
        'mesh:',
        '  enabled: false',
        '  sidecar: { overhead: 1ms }',
        'variants:',
        '  - name: mesh',
        '    mesh: { enabled: true }',
        '  - name: no-calls',
        '    services: [ { id: api } ]',
      ),
    );
    expect(file.base.mesh).toMatchObject({
      enabled: false,
      sidecar: { overhead: { dist: 'constant', value: 1 }, concurrency: 2 },
    });
    expect(file.variants.map((v) => v.name)).toEqual(['mesh', 'no-calls']);
    expect(file.variants[0].scenario.mesh).toEqual({ ...file.base.mesh, enabled: true });
    expect(file.variants[0].scenario.services).toEqual(file.base.services);
    expect(file.variants[1].scenario.services.map((x) => [x.id, x.serviceTime, x.calls])).toEqual([
      ['api', { dist: 'constant', value: 0 }, []],
    ]);
    // The mesh is resolved over each variant's own services: one policy fewer here.
    expect(Object.keys(file.base.mesh.policies)).toEqual(['api', 'db']);
    expect(file.variants[1].scenario.mesh).toEqual({
      ...file.base.mesh,
      policies: { api: file.base.mesh.policies.api },
    });
    expect(file.base.services).toHaveLength(2);
  });

  test('null removes a field: a variant without the gateway', () => {
    const file = loaded(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
        'gateway: { routes: [ { service: api } ] }',
        'services: [ { id: api } ]',
        'variants:',
        '  - { name: direct, gateway: null }',
      ),
    );
    expect(file.base.gateway?.id).toBe('gateway');
    expect(file.variants[0].scenario.gateway).toBeUndefined();
  });

  test('an error in a value the patch brought points into the patch', () => {
    const d = onlyError(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 10 } } ]',
        'services:',
        '  - id: api',
        '    serviceTime: { dist: lognormal, median: 5ms, p99: 20ms }',
        'variants:',
        '  - name: slow',
        '    services:',
        '      - id: api',
        '        serviceTime: { dist: lognormal, median: 50ms, p99: 20ms }',
      ),
    );
    expect(d).toMatchObject({
      line: 9,
      column: 60,
      path: 'services[0].serviceTime.p99',
      message: 'variant "slow": p99 must be greater than median (50 ms)',
    });
  });

  test('an error caused by the patch in a value from the base points at the base', () => {
    const d = onlyError(
      yaml(
        'duration: 20s',
        'warmup: 5s',
        'clients: [ { id: web, target: api, arrival: { rate: 10 } } ]',
        'services: [ { id: api } ]',
        'variants:',
        '  - { name: short, duration: 5s }',
      ),
    );
    expect(d).toMatchObject({
      line: 2,
      column: 9,
      path: 'warmup',
      message: 'variant "short": warmup (5000 ms) must be shorter than duration (5000 ms)',
    });
  });

  test('an unknown field in a patch is reported at the patch, with a hint', () => {
    const d = onlyError(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 10 } } ]',
        'services: [ { id: api } ]',
        'variants:',
        '  - { name: typo, sevices: [] }',
      ),
    );
    expect(d).toMatchObject({
      line: 4,
      column: 19,
      path: 'sevices',
      message: 'variant "typo": unknown field "sevices"',
      hint: 'did you mean "services"?',
    });
  });

  test('an error of the base is reported once, not again for each variant', () => {
    const errors = errorsOf(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 10 } } ]',
        'services: [ { id: api, instances: 0 } ]',
        'variants:',
        '  - { name: a, seed: 2 }',
        '  - { name: b, seed: 3 }',
      ),
    );
    expect(errors.map((d) => [d.line, d.message])).toEqual([[2, 'must be at least 1']]);
  });

  test('variant names must be present and unique; variants do not nest', () => {
    const errors = errorsOf(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 10 } } ]',
        'services: [ { id: api } ]',
        'variants:',
        '  - { name: a, seed: 2 }',
        '  - { seed: 3 }',
        '  - { name: a, seed: 4 }',
        '  - { name: c, variants: [] }',
      ),
    );
    expect(errors.map(({ line, column, path, message }) => ({ line, column, path, message }))).toEqual([
      { line: 5, column: 5, path: 'variants[1].name', message: 'missing required field "name"' },
      { line: 6, column: 13, path: 'variants[2].name', message: 'duplicate variant name "a"' },
      {
        line: 7,
        column: 16,
        path: 'variants[3].variants',
        message: 'a variant cannot have variants of its own',
      },
    ]);
    expect(errors[1].hint).toBe('first used at line 4');
  });

  test('variants must be a list of mappings', () => {
    expect(
      onlyError(
        yaml(
          'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
          'services: [ { id: api } ]',
          'variants: { name: a }',
        ),
      ),
    ).toMatchObject({
      line: 3,
      column: 11,
      path: 'variants',
      message: 'must be a list',
    });
    expect(
      onlyError(
        yaml(
          'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
          'services: [ { id: api } ]',
          'variants: [ mesh ]',
        ),
      ),
    ).toMatchObject({
      line: 3,
      column: 13,
      path: 'variants[0]',
      message: 'must be a mapping',
    });
  });
});
