/** Checks of a balancer written with options: positioned errors, like every other field's. */
import { describe, expect, test } from 'vitest';
import { LeastRequestBalancer, PeakEwmaBalancer, RingHashBalancer } from '../../src/model/balancers';
import { BALANCERS } from '../../src/scenario/policies/balancers';
import { onlyError, yaml } from './helpers';

const withRoute = (balancer: string) =>
  yaml(
    'clients: [ { id: c, arrival: { rate: 1 } } ]',
    'gateway:',
    '  routes:',
    '    - service: s',
    `      loadBalancer: ${balancer}`,
    'services: [ { id: s } ]',
  );

describe('balancer options', () => {
  test("an option of another balancer is an unknown field at its key, with the balancer's own", () => {
    expect(onlyError(withRoute('{ name: RING_HASH, choiceCount: 3 }'))).toMatchObject({
      line: 5,
      column: 40,
      path: 'gateway.routes[0].loadBalancer.choiceCount',
      message: 'unknown field "choiceCount"',
      hint: 'fields here: name, pointsPerEndpoint',
    });
  });

  test('a bad value is an error at the value, naming the expected form', () => {
    expect(onlyError(withRoute('{ name: LEAST_REQUEST, choiceCount: 0 }'))).toMatchObject({
      line: 5,
      column: 57,
      path: 'gateway.routes[0].loadBalancer.choiceCount',
      message: 'must be at least 1',
      expected: 'an integer from 1 to 100',
    });
    expect(onlyError(withRoute('{ name: EWMA, decay: 0s }'))).toMatchObject({
      path: 'gateway.routes[0].loadBalancer.decay',
      message: 'must be greater than 0',
    });
  });

  test('an unknown name in the mapping form gets the did-you-mean of the short form', () => {
    expect(onlyError(withRoute('{ name: LEAST_REQUESTS }'))).toMatchObject({
      path: 'gateway.routes[0].loadBalancer.name',
      message: 'unknown load balancer "LEAST_REQUESTS"',
      hint: 'did you mean "LEAST_REQUEST"?',
    });
  });

  test('a balancer the mesh does not have is refused in a mesh policy', () => {
    const text = yaml(
      'clients: [ { id: c, target: s, arrival: { rate: 1 } } ]',
      'services: [ { id: s } ]',
      'mesh: { enabled: true, defaults: { loadBalancer: { name: LEAST_CONNECTIONS } } }',
    );
    expect(onlyError(text)).toMatchObject({
      path: 'mesh.defaults.loadBalancer.name',
      message: 'unknown load balancer "LEAST_CONNECTIONS"',
    });
  });

  test("the registry's defaults are the policies' own", () => {
    const lr = new LeastRequestBalancer([1, 1]);
    const ring = new RingHashBalancer([1, 1]);
    const ewma = new PeakEwmaBalancer(2);
    const { LEAST_REQUEST, RING_HASH, EWMA } = BALANCERS;
    expect([lr.choiceCount, lr.activeRequestBias]).toEqual([
      LEAST_REQUEST.options.choiceCount.default,
      LEAST_REQUEST.options.activeRequestBias.default,
    ]);
    expect(ring.positions.length).toBe(2 * RING_HASH.options.pointsPerEndpoint.default);
    expect([ewma.decayMs, ewma.defaultRttMs]).toEqual([
      EWMA.options.decay.default,
      EWMA.options.defaultRtt.default,
    ]);
  });
});
