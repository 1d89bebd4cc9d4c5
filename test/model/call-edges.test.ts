/**
 * The call graph's edges with mesh splits: a split is the caller's sidecar's, so the edge a split
 * call takes goes from the caller to the target, for a policy's split and a route's alike, and every
 * edge a try takes in the run is one of the listed edges (none found only in the run).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { callEdges } from '../../src/model/call-edges';
import { Topology } from '../../src/model/topology';
import {
  formatDiagnostic,
  importBundle,
  importedYaml,
  loadScenario,
  type ScenarioFile,
} from '../../src/scenario';
import { runFileWithinBudget } from '../support/event-budget';

const BASE = `
name: split edges
seed: 3
duration: 5s
warmup: 0s
clients:
  - id: users
    target: front
    arrival: { process: poisson, rate: 100 }
    mix:
      - { path: /p, weight: 3 }
      - { path: /p, weight: 1, headers: { end-user: jason } }
services:
  - { id: front, serviceTime: { dist: constant, value: 1ms }, calls: [reviews] }
  - { id: reviews, serviceTime: { dist: constant, value: 1ms } }
  - { id: reviews-v1, serviceTime: { dist: constant, value: 1ms } }
  - { id: reviews-v2, serviceTime: { dist: constant, value: 1ms } }
  - { id: shadow, serviceTime: { dist: constant, value: 1ms } }
`;

function load(mesh: string): ScenarioFile {
  const loaded = loadScenario(`${BASE}${mesh}`, 'split-edges.yaml');
  if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
  return loaded.file;
}

function listed(file: ScenarioFile): string[] {
  const scenario = file.base;
  return callEdges(scenario, new Topology(scenario, scenario.seed)).map((e) => `${e.from}->${e.to}`);
}

/** The edges tries took in a run, as the report counts them. */
function taken(file: ScenarioFile): string[] {
  const report = runFileWithinBudget({ ...file, variants: [] }).variants[0];
  return report.edges.filter((e) => e.tries > 0).map((e) => `${e.from}->${e.to}`);
}

const ROUTES = `
mesh:
  enabled: true
  policies:
    reviews:
      routes:
        - match: { headers: { end-user: jason } }
          split: [{ service: reviews-v2, weight: 100 }]
          mirror: { service: shadow, percentage: 100 }
        - split: [{ service: reviews-v1, weight: 100 }]
`;

const SPLIT = `
mesh:
  enabled: true
  policies:
    reviews:
      split: [{ service: reviews-v1, weight: 50 }, { service: reviews-v2, weight: 50 }]
      mirror: { service: shadow, percentage: 100 }
`;

describe('split edges go from the caller to the split target', () => {
  test.each([
    ['a route split', ROUTES],
    ['a policy split', SPLIT],
  ])('%s: front calls reviews-v1 and reviews-v2, never reviews itself, and sends the mirror', (_, mesh) => {
    const edges = listed(load(mesh));
    expect([...edges].sort()).toEqual([
      'front->reviews-v1',
      'front->reviews-v2',
      'front->shadow',
      'users->front',
    ]);
  });

  test('routes without a catch-all keep the edge into the service: calls no route takes are answered 404 on it', () => {
    const file = load(ROUTES.replace(/ {8}- split: \[\{ service: reviews-v1, weight: 100 \}\]\n/, ''));
    expect([...listed(file)].sort()).toEqual([
      'front->reviews',
      'front->reviews-v2',
      'reviews->shadow',
      'users->front',
    ]);
    const report = runFileWithinBudget({ ...file, variants: [] }).variants[0];
    const noRoute = report.edges.find((e) => e.from === 'front' && e.to === 'reviews')!;
    // Three quarters of the calls are not jason's: every one a 404, a client error.
    expect(noRoute.tries).toBeGreaterThan(200);
    expect(noRoute.clientErrors).toBe(noRoute.tries);
  });

  test('the mirror of a service that calls reach is drawn from the service, as lesson 26 draws it', () => {
    const edges = listed(load(SPLIT.replace(/ {6}split: .*\n/, '')));
    expect([...edges].sort()).toEqual(['front->reviews', 'reviews->shadow', 'users->front']);
  });

  test.each([
    ['a route split', ROUTES],
    ['a policy split', SPLIT],
  ])('%s: every edge a try takes is listed, so the diagram draws it', (_, mesh) => {
    const file = load(mesh);
    const edges = listed(file);
    const used = taken(file);
    expect(used).toEqual(expect.arrayContaining(['front->reviews-v1', 'front->reviews-v2']));
    for (const e of used) expect(edges).toContain(e);
  });

  test('without the mesh a split is not drawn: front calls reviews itself', () => {
    const file = load(ROUTES.replace('enabled: true', 'enabled: false'));
    expect(listed(file)).toEqual(['users->front', 'front->reviews']);
    expect(taken(file)).toEqual(['users->front', 'front->reviews']);
  });
});

describe('the library’s Istio and Consul bundles', () => {
  test.each(['istio/bookinfo-bundle.yaml', 'consul/canary-bundle.yaml'])(
    '%s: every edge a try takes in 10 s is listed',
    (name) => {
      const text = readFileSync(new URL(`../../scenarios/${name}`, import.meta.url), 'utf8');
      const imported = importBundle(text, name);
      expect(imported.errors.map(formatDiagnostic)).toEqual([]);
      const loaded = loadScenario(importedYaml(imported, [name]), name);
      if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
      const file = { ...loaded.file, variants: [] };
      const edges = listed(file);
      const report = runFileWithinBudget(file, { duration: 10_000 }).variants[0];
      const used = report.edges.filter((e) => e.tries > 0).map((e) => `${e.from}->${e.to}`);
      expect(used.length).toBeGreaterThan(2);
      for (const e of used) expect(edges).toContain(e);
    },
  );
});
