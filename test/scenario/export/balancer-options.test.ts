/** Balancer options in exports: Consul writes a least-request choice count; the rest are listed as not exported. */
import { describe, expect, test } from 'vitest';
import { exportConsul, exportIstio, exportKong } from '../../../src/scenario';
import { loaded, yaml } from '../helpers';

const meshed = (balancer: string) =>
  loaded(
    yaml(
      'clients: [ { id: c, target: a, arrival: { rate: 1 } } ]',
      'services: [ { id: a, calls: [ { service: b } ] }, { id: b, instances: 2 } ]',
      `mesh: { enabled: true, policies: { b: { loadBalancer: ${balancer} } } }`,
    ),
  ).base;

describe('balancer options in exports', () => {
  test("Consul's service-resolver takes a least-request choice count", () => {
    const exported = exportConsul(meshed('{ name: LEAST_REQUEST, choiceCount: 3 }'));
    expect(exported.text).toContain('"LeastRequestConfig": {\n      "ChoiceCount": 3');
    expect(exported.notExported.map((n) => n.path)).not.toContain('mesh.policies.b.loadBalancer.choiceCount');
  });

  test('an option the product does not set is listed at its path', () => {
    expect(exportConsul(meshed('{ name: EWMA, decay: 1s }')).notExported.map((n) => n.path)).toContain(
      'mesh.policies.b.loadBalancer.decay',
    );
    expect(
      exportIstio(meshed('{ name: RING_HASH, pointsPerEndpoint: 8 }')).notExported.map((n) => n.path),
    ).toContain('mesh.policies.b.loadBalancer.pointsPerEndpoint');
    const gateway = loaded(
      yaml(
        'clients: [ { id: c, arrival: { rate: 1 } } ]',
        'gateway: { routes: [ { service: a, loadBalancer: { name: LEAST_REQUEST, choiceCount: 4 } } ] }',
        'services: [ { id: a } ]',
      ),
    ).base;
    expect(exportKong(gateway).notExported.map((n) => n.path)).toContain(
      'gateway.routes[0].loadBalancer.choiceCount',
    );
  });
});
