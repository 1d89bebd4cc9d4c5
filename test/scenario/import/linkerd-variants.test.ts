/**
 * A bundle with Istio's and Linkerd's config runs one variant per mesh (product-variants.ts): each
 * variant reads its own product's resources and the Kubernetes documents beside them, so the two
 * meshes run what their own config says on the same traffic.
 */
import { expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';
import { yaml } from '../helpers';

const SCENARIO = yaml(
  'name: Istio against Linkerd',
  'duration: 5s',
  'clients:',
  '  - { id: users, target: web, arrival: { process: constant, rate: 100 }, schedule: [{ at: 2s, rate: 0 }], mix: [{ method: GET, path: /items }] }',
  'services:',
  '  - { id: web, concurrency: 64, serviceTime: 1ms, calls: [api] }',
  '  - { id: api, concurrency: 64, serviceTime: 1ms, errorRate: 0.3 }',
);
// Istio retries nothing on a plain 5xx by default; the ServiceProfile makes GET /items retryable.
const ISTIO = yaml(
  'apiVersion: networking.istio.io/v1',
  'kind: VirtualService',
  'metadata: { name: api }',
  'spec:',
  '  hosts: [api]',
  '  http: [{ route: [{ destination: { host: api } }], timeout: 2s }]',
);
const LINKERD = yaml(
  'apiVersion: linkerd.io/v1alpha2',
  'kind: ServiceProfile',
  'metadata: { name: api.default.svc.cluster.local }',
  'spec:',
  '  routes: [{ name: GET /items, condition: { method: GET, pathRegex: /items }, isRetryable: true }]',
);
const KUBE = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: { name: api }',
  'spec:',
  '  replicas: 2',
  '  selector: { matchLabels: { app: api } }',
  '  template:',
  '    metadata: { labels: { app: api }, annotations: { linkerd.io/inject: enabled } }',
  '    spec: { containers: [{ name: api, image: api:1 }] }',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata: { name: api }',
  'spec: { selector: { app: api } }',
);

test('Istio’s VirtualService and Linkerd’s ServiceProfile make two variants, each with its own mesh and the same pods', () => {
  const sources = [
    { text: SCENARIO, fileName: 'scenario.yaml' },
    { text: KUBE, fileName: 'api.yaml' },
    { text: ISTIO, fileName: 'istio.yaml' },
    { text: LINKERD, fileName: 'linkerd.yaml' },
  ];
  const r = importSources(sources);
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  const variants = r.scenario.variants as { name: string; mesh?: { profile?: string } }[];
  expect(variants.map((v) => v.name)).toEqual(['Istio', 'Linkerd']);
  expect((r.scenario.mesh as { profile: string }).profile).toBe('istio');
  expect(variants[1].mesh?.profile).toBe('linkerd');
  const loaded = loadScenario(
    importedYaml(
      r,
      sources.map((s) => s.fileName),
    ),
    'imported.yaml',
  );
  if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
  const [istio, linkerd] = runFileWithinBudget(loaded.file).variants;
  // Under Istio about 30 % of the requests fail; Linkerd retries them within its budget.
  expect(istio.requests.byStatus['500'] ?? 0).toBeGreaterThan(40);
  expect(linkerd.requests.byStatus['500'] ?? 0).toBeLessThan(10);
  expect(istio.requests.generated).toBe(linkerd.requests.generated);
});
