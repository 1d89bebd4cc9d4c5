/**
 * Regions (`region` on clients, the gateway and services, `network.crossRegion`) and mesh failover
 * (`mesh.policies.<service>.failover`): what they resolve to, and each error at its line and column.
 * Each YAML is written one argument per line, so line N is the Nth string.
 */
import { describe, expect, test } from 'vitest';
import { errorsOf, loaded, onlyError, warningsOf, yaml } from './helpers';

/** Two copies of checkout in two regions behind a gateway, with the mesh on. */
const twoRegions = (...mesh: string[]): string =>
  yaml(
    'clients: [ { id: web, region: aws-east, arrival: { rate: 1 } } ]',
    'gateway: { id: edge, region: aws-east, routes: [ { service: checkout-east } ] }',
    'services:',
    '  - { id: checkout-east, region: aws-east, calls: [payments] }',
    '  - { id: checkout-west, region: gcp-west }',
    '  - { id: payments }',
    'network: { latency: 1ms, crossRegion: 35ms }',
    'mesh:',
    '  enabled: true',
    ...mesh,
  );

describe('regions', () => {
  test('region on clients, the gateway and services; crossRegion a distribution, 0 by default', () => {
    const s = loaded(twoRegions()).base;
    expect(s.clients[0].region).toBe('aws-east');
    expect(s.gateway!.region).toBe('aws-east');
    expect(s.services.map((x) => x.region)).toEqual(['aws-east', 'gcp-west', undefined]);
    expect(s.network).toEqual({
      latency: { dist: 'constant', value: 1 },
      crossRegion: { dist: 'constant', value: 35 },
    });
    const plain = loaded(
      yaml('clients: [ { id: web, target: api, arrival: { rate: 1 } } ]', 'services: [ { id: api } ]'),
    ).base;
    expect(plain.network.crossRegion).toEqual({ dist: 'constant', value: 0 });
    expect('region' in plain.services[0]).toBe(false);
  });

  test('a region that is not a name is reported where it is written', () => {
    const d = onlyError(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
        'services:',
        '  - id: api',
        '    region: us east 1',
      ),
    );
    expect(d).toMatchObject({
      line: 4,
      column: 13,
      path: 'services[0].region',
      message: 'is not a valid region name',
      expected: 'a region name (letters, digits, _ . -)',
      found: '"us east 1"',
    });
    expect(
      onlyError(
        yaml(
          'clients: [ { id: web, target: api, region: 3, arrival: { rate: 1 } } ]',
          'services: [ { id: api } ]',
        ),
      ),
    ).toMatchObject({
      line: 1,
      column: 44,
      path: 'clients[0].region',
      message: 'must be a non-empty string',
    });
  });

  test('crossRegion without two regions is a warning at the field', () => {
    const warnings = warningsOf(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
        'services: [ { id: api, region: eu } ]',
        'network: { crossRegion: 20ms }',
      ),
    );
    expect(warnings.map(({ line, column, path, message }) => ({ line, column, path, message }))).toEqual([
      {
        line: 3,
        column: 25,
        path: 'network.crossRegion',
        message:
          'network.crossRegion is set but every component with a region is in "eu": no hop crosses regions',
      },
    ]);
    expect(warningsOf(twoRegions())).toEqual([]);
  });
});

describe('failover', () => {
  test('a service policy names its failover services in order', () => {
    const mesh = loaded(twoRegions('  policies: { checkout-east: { failover: [checkout-west, payments] } }'))
      .base.mesh;
    expect(mesh.policies['checkout-east'].failover).toEqual(['checkout-west', 'payments']);
    expect(mesh.policies['checkout-west'].failover).toBeUndefined();
  });

  test('an unknown failover service, with a did-you-mean hint', () => {
    const d = onlyError(twoRegions('  policies:', '    checkout-east:', '      failover: [checkout-wset]'));
    expect(d).toMatchObject({
      line: 12,
      column: 18,
      path: 'mesh.policies.checkout-east.failover[0]',
      message: 'unknown service "checkout-wset"',
      expected: 'one of checkout-east, checkout-west, payments',
      hint: 'did you mean "checkout-west"?',
    });
  });

  test('a service failing over to itself, or naming a service twice', () => {
    const errors = errorsOf(
      twoRegions(
        '  policies:',
        '    checkout-east:',
        '      failover: [checkout-west, checkout-east, checkout-west]',
      ),
    );
    expect(errors.map(({ line, column, path, message }) => ({ line, column, path, message }))).toEqual([
      {
        line: 12,
        column: 33,
        path: 'mesh.policies.checkout-east.failover[1]',
        message: '"checkout-east" cannot fail over to itself',
      },
      {
        line: 12,
        column: 48,
        path: 'mesh.policies.checkout-east.failover[2]',
        message: '"checkout-west" is already in this failover list',
      },
    ]);
  });

  test('failover cannot be a default', () => {
    expect(onlyError(twoRegions('  defaults: { failover: [checkout-west] }'))).toMatchObject({
      line: 10,
      column: 15,
      path: 'mesh.defaults.failover',
      message: "failover sends one service's calls elsewhere; it cannot be a default for every service",
    });
  });

  test('an empty failover list', () => {
    expect(onlyError(twoRegions('  policies: { checkout-west: { failover: [] } }'))).toMatchObject({
      line: 10,
      column: 42,
      path: 'mesh.policies.checkout-west.failover',
      message: 'needs at least 1 item',
    });
  });

  test('a failover that would make a call cycle is reported at the call that closes it', () => {
    const d = onlyError(
      yaml(
        'clients: [ { id: web, target: a, arrival: { rate: 1 } } ]',
        'services:',
        '  - { id: a, calls: [b] }',
        '  - { id: b }',
        '  - { id: c, calls: [a] }',
        'mesh: { enabled: true, policies: { b: { failover: [c] } } }',
      ),
    );
    expect(d).toMatchObject({
      line: 5,
      column: 22,
      path: 'services[2].calls[0].service',
      message: 'call cycle a -> b (failing over to c) -> a',
    });
  });
});
