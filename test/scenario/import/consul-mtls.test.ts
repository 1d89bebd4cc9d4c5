/**
 * A service-defaults entry's MutualTLSMode: `strict` lets only mesh callers in, over mTLS;
 * `permissive` also takes plaintext callers from outside the mesh.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';

const STRICT = readFileSync(
  new URL('../../fixtures/real/consul/api-strict-mtls.hcl', import.meta.url),
  'utf8',
);

/** A client outside the mesh calling api directly, and one through web, which has a sidecar. */
const SCENARIO = [
  'name: api behind Consul',
  'duration: 10s',
  'clients:',
  '  - { id: outsider, target: api, arrival: { process: constant, rate: 10 } }',
  '  - { id: shoppers, target: web, arrival: { process: constant, rate: 10 } }',
  'services:',
  '  - { id: web, calls: [api] }',
  '  - { id: api }',
].join('\n');

describe('Consul MutualTLSMode', () => {
  test('strict: a plaintext caller is refused (503), a mesh caller served; permissive: both served', () => {
    const run = (hcl: string) => {
      const r = importSources([
        { text: hcl, fileName: 'api-defaults.hcl' },
        { text: SCENARIO, fileName: 'scenario.yaml' },
      ]);
      expect(r.errors.map(formatDiagnostic)).toEqual([]);
      const loaded = loadScenario(importedYaml(r, ['api-defaults.hcl', 'scenario.yaml']), 'imported.yaml');
      if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
      return runFileWithinBudget({ ...loaded.file, variants: [] }).variants[0];
    };
    const strict = run(STRICT);
    // 100 requests from each client in 10 s; the outsider's all refused at api's sidecar.
    expect(strict.requests.byStatus).toEqual({ '200': 100, '503': 100 });
    expect(strict.mesh?.outcomes.strictRefused).toBe(100);
    const permissive = run(STRICT.replace('"strict"', '"permissive"'));
    expect(permissive.requests.byStatus).toEqual({ '200': 200 });
  });

  test('an unknown mode is an error at its value', () => {
    const r = importSources([{ text: STRICT.replace('"strict"', '"strikt"'), fileName: 'api-defaults.hcl' }]);
    expect(r.errors.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['5:17 unknown MutualTLSMode']);
  });
});
