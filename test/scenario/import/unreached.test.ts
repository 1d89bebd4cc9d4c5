/**
 * Mesh config says how calls into a service are routed, never which service calls which: imported
 * alone, what it sets for a service no call reaches takes no traffic, and the import says so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importSources } from '../../../src/scenario';
import { unreachedConfigured } from '../../../src/scenario/import/unreached';

const folder = (name: string) => new URL(`../../fixtures/real/istio/${name}/`, import.meta.url);

/** The files of a real-shaped folder, in name order, as one bundle. */
function sourcesOf(name: string) {
  return readdirSync(folder(name))
    .sort()
    .map((file) => ({ text: readFileSync(new URL(file, folder(name)), 'utf8'), fileName: file }));
}

const UNREACHED = /no simulated call reaches/;

describe('configured services no call reaches', () => {
  test("Bookinfo's task files alone: details, reviews and ratings are named, once", () => {
    const r = importSources(sourcesOf('bookinfo'));
    expect(r.errors.map(formatDiagnostic)).toEqual([]);
    const said = r.warnings.filter((d) => UNREACHED.test(d.message));
    expect(said).toHaveLength(1);
    expect(said[0].message).toMatch(/reaches details, reviews, ratings: Istio config says how calls/);
    expect(said[0].file).toBe('bookinfo-gateway.yaml');
  });

  test('with a scenario document giving the services their calls, nothing is said', () => {
    const scenario = [
      'name: Bookinfo with its calls',
      'clients: [{ id: users, target: istio-ingressgateway, arrival: { rate: 10 }, mix: [{ path: /productpage }] }]',
      'services:',
      '  - { id: productpage, calls: [details, reviews] }',
      '  - { id: reviews, calls: [ratings] }',
      '  - { id: details }',
      '  - { id: ratings }',
    ].join('\n');
    const r = importSources([...sourcesOf('bookinfo'), { text: scenario, fileName: 'scenario.yaml' }]);
    expect(r.errors.map(formatDiagnostic)).toEqual([]);
    expect(r.warnings.filter((d) => UNREACHED.test(d.message))).toEqual([]);
  });

  test('reachability follows the gateway, calls, splits, routes, mirrors and failovers', () => {
    const scenario = {
      clients: [{ id: 'c', target: 'edge' }],
      gateway: { id: 'edge', routes: [{ service: 'a', split: [{ service: 'b', weight: 1 }] }] },
      services: [
        { id: 'a', calls: ['r'] },
        { id: 'b', calls: [{ service: 'lone' }] },
      ],
      mesh: {
        policies: {
          r: {
            routes: [{ split: [{ service: 'r2', weight: 1 }], mirror: { service: 'm' } }],
            failover: ['f'],
          },
          r2: {},
          m: {},
          f: {},
          orphan: { timeout: '1s' },
        },
        authorization: [{ service: 'guarded' }, { service: 'lone' }],
      },
    };
    expect(unreachedConfigured(scenario)).toEqual(['orphan', 'guarded']);
  });
});
