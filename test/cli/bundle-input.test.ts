/**
 * `meshsim run`, `validate`, `compare` and `check` take a bundle of Kong, Istio or Consul config as
 * they take a scenario file: imported as `meshsim import` imports it, its warnings on stderr as file:line:col, then run as
 * the scenario `import` prints. A bundle whose config documents were all left out is exit 1 in
 * `import`, `run` and `validate` alike, naming each left-out document and why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { isConfigBundle } from '../../src/scenario/import/bundle-detect';
import { cli } from './fake-io';

const library = (path: string): string =>
  readFileSync(new URL(`../../scenarios/${path}`, import.meta.url), 'utf8');

/** `meshsim ...argv`, reading `files` from memory under short names. */
function withFiles(files: Readonly<Record<string, string>>, argv: string[]) {
  return cli(argv, {
    readFile: (path) => {
      if (!Object.hasOwn(files, path)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path];
    },
  });
}

/** A report's JSON with its wall time (the one figure that is not the simulation's) set to 0. */
const sameRun = (json: string): string => json.replace(/"wallMs": [\d.]+/g, '"wallMs": 0');

const LOAD =
  'name: Load\nduration: 3s\nclients: [{ id: c, target: api, arrival: { rate: 50 } }]\nservices: [{ id: api }]\n';
const ISTIO_VS = [
  'apiVersion: networking.istio.io/v1',
  'kind: VirtualService',
  'metadata: { name: api }',
  'spec:',
  '  hosts: [api]',
  '  http: [{ fault: { abort: { httpStatus: 503, percentage: { value: 100 } } }, route: [{ destination: { host: api } }] }]',
  '',
].join('\n');

describe('run and validate take a bundle', () => {
  test('run of a Kong file prints the report of the scenario import prints, byte for byte', async () => {
    const files = { 'kong.yml': library('kong/kong.yml') };
    const imported = await withFiles(files, ['import', 'kong.yml']);
    expect(imported.code).toBe(0);
    const direct = await withFiles(files, ['run', 'kong.yml', '--duration', '3s', '--json']);
    const viaImport = await withFiles({ 'kong.yml': imported.stdout }, [
      'run',
      'kong.yml',
      '--duration',
      '3s',
      '--json',
    ]);
    expect(direct.code).toBe(0);
    expect(viaImport.code).toBe(0);
    expect(sameRun(direct.stdout)).toBe(sameRun(viaImport.stdout));
    expect(JSON.parse(direct.stdout).variants[0].requests.generated).toBeGreaterThan(0);
    // The import's warnings, as import prints them, and nothing more on stderr.
    expect(direct.stderr).toBe(imported.stderr);
    expect(
      direct.stderr
        .trimEnd()
        .split('\n')
        .every((l) => /^kong\.yml:\d+:\d+: warning: /.test(l)),
    ).toBe(true);
  });

  test('validate of the Istio bundle: every resource modelled, one line of counts, exit 0', async () => {
    const r = await withFiles({ 'bookinfo.yaml': library('istio/bookinfo-bundle.yaml') }, [
      'validate',
      'bookinfo.yaml',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'ok bookinfo.yaml (imported): "Bookinfo canary under Istio": 1 client, a gateway, 7 services, 0 variants\n',
    );
  });

  test('several files are one bundle: the Istio file sets the mesh the scenario document runs under', async () => {
    // The sidecars act on calls between services: the client's front calls api.
    const load = LOAD.replace(
      'services: [{ id: api }]',
      'services: [{ id: front, calls: [{ service: api }] }, { id: api }]',
    ).replace('target: api', 'target: front');
    const files = { 'istio.yaml': ISTIO_VS, 'load.yaml': load };
    const r = await withFiles(files, ['run', 'istio.yaml', 'load.yaml', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.scenario).toBe('Load');
    // The VirtualService aborts every call into api, so every request fails; without it none does.
    const { requests } = report.variants[0];
    expect(requests.generated).toBeGreaterThan(100);
    expect(requests.ok).toBe(0);
    expect(requests.failed).toBe(requests.generated - requests.inFlight);
    const alone = JSON.parse((await withFiles(files, ['run', 'load.yaml', '--json'])).stdout);
    expect(alone.variants[0].requests.failed).toBe(0);
    const v = await withFiles(files, ['validate', 'istio.yaml', 'load.yaml']);
    expect(v.stdout).toBe(
      'ok istio.yaml load.yaml (imported): "Load": 1 client, no gateway, 2 services, 0 variants\n',
    );
  });

  test('a bundle that does not import: its errors and exit 1, nothing on stdout', async () => {
    const broken = 'apiVersion: networking.istio.io/v1\nmetadata: { name: api }\n';
    for (const command of ['run', 'validate']) {
      const r = await withFiles({ 'broken.yaml': broken }, [command, 'broken.yaml']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^broken\.yaml:1:1: a resource with apiVersion needs a kind/);
      expect(r.stderr).toMatch(/meshsim: cannot import broken\.yaml \(1 error\)\n$/);
    }
  });
});

describe('compare and check take a bundle', () => {
  // The client's front calls api; the VirtualService aborts every call into api with a 503.
  const LOAD_VIA_FRONT = LOAD.replace(
    'services: [{ id: api }]',
    'services: [{ id: front, calls: [{ service: api }] }, { id: api }]',
  ).replace('target: api', 'target: front');

  test('compare: the variants of the scenario document, under the mesh the Istio file sets', async () => {
    const doc = `${LOAD_VIA_FRONT}variants:\n  - { name: slow, clients: [{ id: c, target: front, arrival: { rate: 20 } }] }\n  - { name: fast }\n`;
    const files = { 'istio.yaml': ISTIO_VS, 'load.yaml': doc };
    const r = await withFiles(files, ['compare', 'istio.yaml', 'load.yaml', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.variants.map((v: { name: string }) => v.name)).toEqual(['slow', 'fast']);
    // Both run under the imported abort: no request of either succeeds.
    for (const v of report.variants) {
      expect(v.requests.generated).toBeGreaterThan(30);
      expect(v.requests.ok).toBe(0);
    }
    expect(report.variants[1].requests.generated).toBeGreaterThan(report.variants[0].requests.generated);
    expect(report.comparison).toBeDefined();
  });

  test("check: the scenario document's claims, measured under the imported config", async () => {
    const claims = (check: string) =>
      `${LOAD_VIA_FRONT}expect:\n  - { say: every call into api is aborted, check: '${check}' }\n`;
    const holds = await withFiles({ 'istio.yaml': ISTIO_VS, 'load.yaml': claims('share.503 > 99%') }, [
      'check',
      'istio.yaml',
      'load.yaml',
      '--seeds',
      '2',
    ]);
    expect(holds.stderr).toBe('');
    expect(holds.code).toBe(0);
    expect(holds.stdout).toContain('✓ every call into api is aborted');
    // Without the Istio file the same claim fails: the import, not the document, made it hold.
    const alone = await withFiles({ 'load.yaml': claims('share.503 > 99%') }, [
      'check',
      'load.yaml',
      '--seeds',
      '2',
    ]);
    expect(alone.code).toBe(4);
  });
});

describe('a bundle from which no config document was read', () => {
  const SKIPPED = [
    LOAD,
    '---',
    'apiVersion: networking.istio.io/v1',
    'kind: Sidecar',
    'metadata: { name: edge }',
    'spec: {}',
    '---',
    'kind: Thing',
    'name: x',
    '',
  ].join('\n');

  test.each(['import', 'run', 'validate'])(
    '%s: exit 1, naming each document left out and why',
    async (command) => {
      const r = await withFiles({ 'skipped.yaml': SKIPPED }, [command, 'skipped.yaml']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const error = r.stderr.split('\n').find((l) => l.includes('no config document was read'));
      expect(error).toBe(
        'skipped.yaml:7:1: no config document was read: all 2 were left out: ' +
          'skipped.yaml:7 (Istio Sidecar is not modelled; left out: sidecar scoping is not modelled: every sidecar knows every service); ' +
          'skipped.yaml:12 (a document with kind but no apiVersion is neither an Istio resource nor a Consul config entry; left out)',
      );
    },
  );

  test('a scenario document alone is no bundle: import prints it with a warning, run runs it', async () => {
    const imported = await withFiles({ 'load.yaml': LOAD }, ['import', 'load.yaml']);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/no Kong, Istio or Consul config in the input/);
    const run = await withFiles({ 'load.yaml': LOAD }, ['run', 'load.yaml', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('isConfigBundle', () => {
  test.each([
    ['Kong with _format_version', '_format_version: "3.0"\nservices: []\n'],
    ['Kong without _format_version', 'services:\n  - name: api\n    url: http://api:8080\n'],
    ['Kong routes alone', 'routes:\n  - name: r\n    paths: [/]\n'],
    ['an Istio resource', ISTIO_VS],
    ['a Consul entry in YAML', 'Kind: service-router\nName: api\n'],
    ['a Consul entry in snake_case', 'kind: service-resolver\nname: api\n'],
    ['a Consul entry in HCL', 'Kind = "service-defaults"\nName = "api"\nProtocol = "http"\n'],
    ['several documents', `${LOAD}---\n${LOAD}`],
    [
      'a consul-k8s resource',
      'apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceRouter\nmetadata: { name: api }\n',
    ],
  ])('%s is a bundle', (_name, text) => expect(isConfigBundle(text)).toBe(true));

  test.each([
    ['a scenario', LOAD],
    ['a scenario with a typo', LOAD.replace('services', 'servces')],
    ['a file that does not parse', 'name: [unclosed\n'],
  ])('%s is not', (_name, text) => expect(isConfigBundle(text)).toBe(false));

  test('a .hcl file is a bundle whatever it holds', () => expect(isConfigBundle('', 'api.hcl')).toBe(true));

  test('validate of a Consul entry in HCL: imported, the mesh it makes counted', async () => {
    const hcl = [
      'Kind = "service-resolver"',
      'Name = "api"',
      'ConnectTimeout = "2s"',
      'LoadBalancer = {',
      '  Policy = "least_request"',
      '}',
      '',
    ].join('\n');
    const r = await withFiles({ 'api.hcl': hcl }, ['validate', 'api.hcl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^ok api\.hcl \(imported\): "Consul config api\.hcl": 1 client, a gateway, 1 service, 0 variants/,
    );
  });
});
