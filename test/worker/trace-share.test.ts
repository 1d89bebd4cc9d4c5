import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario';
import type { Scenario } from '../../src/scenario/types';
import {
  DOTS_PER_SECOND,
  MAX_TRACED_PER_RUN,
  TRACED_TRIES_PER_SECOND,
  traceShare,
} from '../../src/worker/trace-share';
import { triesPerRequest } from '../../src/model/observe';

function base(text: string, file = 'test.yaml'): Scenario {
  const loaded = loadScenario(text, file);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return loaded.file.base;
}

const scenarioFile = (name: string) => base(readFileSync(`scenarios/${name}`, 'utf8'), name);

describe('the share of requests a playback traces', () => {
  it('counts a request’s tries along its route and the calls below it, mix by weight', () => {
    // Nine in ten go edge -> catalog -> inventory (3 tries), one in ten edge -> orders (2).
    expect(triesPerRequest(scenarioFile('default.yaml'))).toBeCloseTo(0.9 * 3 + 0.1 * 2, 12);
  });

  it('follows calls through every level, a service called on two paths on each', () => {
    const s = base(`
duration: 10s
clients: [{ id: c, target: a, arrival: { process: poisson, rate: 10 } }]
services:
  - { id: a, calls: [{ service: b }, { service: c2 }], callMode: parallel }
  - { id: b, calls: [{ service: d }] }
  - { id: c2, calls: [{ service: d }] }
  - { id: d }
`);
    // c -> a, then a -> b -> d and a -> c2 -> d.
    expect(triesPerRequest(s)).toBe(1 + 2 + 2);
  });

  it('weighs a split route by its weights and clients by their rates', () => {
    const s = base(`
duration: 10s
clients:
  - { id: fast, arrival: { process: poisson, rate: 30 }, mix: [{ path: /a }] }
  - { id: slow, arrival: { process: poisson, rate: 10 }, mix: [{ path: /none }] }
gateway:
  id: gw
  routes:
    - { id: a, match: { prefix: /a }, service: x, split: [{ service: x, weight: 3 }, { service: y, weight: 1 }] }
services:
  - { id: x }
  - { id: y, calls: [{ service: x }] }
`);
    // fast: client -> gw, then 3/4 gw -> x and 1/4 gw -> y -> x; slow: no route, the gateway answers.
    expect(triesPerRequest(s)).toBeCloseTo(0.75 * (1 + 0.75 * 1 + 0.25 * 2) + 0.25 * 1, 12);
  });

  it('traces fewer requests of a deep mesh, and never more than the budgets', () => {
    const mesh = scenarioFile('lessons/24-large-mesh.yaml');
    const tries = triesPerRequest(mesh);
    expect(tries).toBeGreaterThan(15);
    expect(traceShare(mesh, mesh.duration)).toBeCloseTo(TRACED_TRIES_PER_SECOND / (20 * tries), 12);
    // The default: 200 requests a second, DOTS_PER_SECOND of them; a long run, MAX_TRACED_PER_RUN in all.
    const shop = scenarioFile('default.yaml');
    expect(traceShare(shop, shop.duration)).toBeCloseTo(DOTS_PER_SECOND / 200, 12);
    expect(traceShare(shop, 3_600_000) * 200 * 3600).toBeCloseTo(MAX_TRACED_PER_RUN, 6);
  });
});
