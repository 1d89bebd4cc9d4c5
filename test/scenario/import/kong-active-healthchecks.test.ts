/**
 * Kong's active health checks, imported onto the gateway's: a crashed target is taken out after two
 * failures and probed back in within an interval of its return. meshsim counts the failures on
 * traffic (Kong on probes), which the importer says in a warning; the outcome Kong shows, a target
 * out while down and back soon after, is the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';

const DECK = readFileSync(
  new URL('../../fixtures/real/kong/active-healthchecks.yml', import.meta.url),
  'utf8',
);
const DOC = `
clients: [{ id: users, arrival: { process: constant, rate: 20 }, mix: [{ path: /api }] }]
faults: [{ kind: crash, target: api-upstream, instance: 0, at: 10s, for: 10s }]
`;

describe('Kong active health checks', () => {
  const r = importSources([
    { text: DECK, fileName: 'kong.yml' },
    { text: DOC, fileName: 'scenario.yaml' },
  ]);

  test('map onto the route’s health checks, with the approximation said', () => {
    expect(r.errors.map(formatDiagnostic)).toEqual([]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect((r.scenario.gateway as any).routes[0].healthchecks).toEqual({
      passive: { tcpFailures: 2 },
      active: { interval: '5s', successes: 1 },
    });
    expect(r.warnings.map((w) => w.message).join('\n')).toContain(
      'active probes that take a target out are approximated by passive counts (tcpFailures 2)',
    );
  });

  test('run: the crashed target takes two failed tries, and serves again after its return', () => {
    const loaded = loadScenario(importedYaml(r, ['kong.yml', 'scenario.yaml']), 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
    const report = runFileWithinBudget({
      ...loaded.file,
      base: { ...loaded.file.base, duration: 40_000, warmup: 0 },
      variants: [],
    });
    const v = report.variants[0];
    // Kong retries a connect failure on the other target: every user request is served.
    expect(v.requests.byStatus).toEqual({ 200: 800 });
    // Two refused tries take the target out (without health checks: one in two tries for 10 s).
    expect(v.edges.find((e) => e.from === 'kong' && e.to === 'api-upstream')?.errors).toBe(2);
    // Back by the first probe after 20 s (at 20 or 25 s): it serves its half of the last 15-20 s,
    // on top of its half of the first 10 s (100). Never back, it would have served 100.
    const [first] = v.components['api-upstream'].servedByInstance;
    expect(first).toBeGreaterThanOrEqual(100 + 150 - 2);
    expect(first).toBeLessThanOrEqual(100 + 200 + 2);
  });
});
