/**
 * `meshsim import FILE...` (Kong, Istio, Consul): the scenario on stdout (loadable as printed),
 * warnings and errors on stderr as file:line:col lines, exit 0 or 1. Files are served from memory
 * under short names so that what is printed does not depend on where the repository is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, loadScenario } from '../../src/scenario';
import { cli } from './fake-io';

const library = (name: string): string =>
  readFileSync(new URL(`../../scenarios/kong/${name}`, import.meta.url), 'utf8');
const scenarioFile = (path: string): string =>
  readFileSync(new URL(`../../scenarios/${path}`, import.meta.url), 'utf8');

/** Runs `meshsim import ...names` reading `files` from memory. */
function runImport(files: Readonly<Record<string, string>>, ...names: string[]) {
  return cli(['import', ...names], {
    readFile: (path) => {
      if (!Object.hasOwn(files, path)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path];
    },
  });
}

/** stdout must load as a scenario without errors; returns its warnings. */
function expectLoads(stdout: string): string[] {
  const loaded = loadScenario(stdout, 'printed.yaml');
  expect(loaded.ok ? [] : loaded.errors.map(formatDiagnostic)).toEqual([]);
  return loaded.warnings.map(formatDiagnostic);
}

describe('meshsim import', () => {
  test('kong.yml: the scenario on stdout with a header, one warning line each on stderr, exit 0', async () => {
    const r = await runImport({ 'kong.yml': library('kong.yml') }, 'kong.yml');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      '# Imported by meshsim import from kong.yml: 15 warnings (listed on standard error).',
    );
    expect(expectLoads(r.stdout)).toEqual([]);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(15);
    for (const line of lines) expect(line).toMatch(/^kong\.yml:\d+:\d+: warning: \S/);
    expect(lines).toContain(
      'kong.yml:23:9: warning: services[0].routes[0].strip_path: not modelled, left out: it rewrites the path sent upstream, which simulated services do not look at (2 places: also line 28)',
    );
  });

  test('the shop bundle: merged, loads, and runs as printed', async () => {
    const r = await runImport({ 'shop-bundle.yaml': library('shop-bundle.yaml') }, 'shop-bundle.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Imported by meshsim import from shop-bundle\.yaml: 2 warnings/);
    expect(expectLoads(r.stdout)).toEqual([]);
    const run = await cli(['run', 'shop.yaml', '--duration', '5s', '--json'], { readFile: () => r.stdout });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).scenario).toBe('Shop behind Kong');
  });

  test('several files are one bundle', async () => {
    const r = await runImport(
      {
        'kong.yml': library('kong.yml'),
        'load.yaml': 'name: Load\nclients: [{ id: c, consumer: bob, arrival: { rate: 5 } }]\n',
      },
      'kong.yml',
      'load.yaml',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Imported by meshsim import from kong\.yml, load\.yaml: /);
    expect(r.stdout).toContain('name: Load');
    expect(r.stdout).toContain('Kong consumers, usable as');
    expect(r.stdout).not.toContain('The client stub'); // the document's clients replaced it
    expectLoads(r.stdout);
  });

  test('invalid Kong config: errors as file:line:col on stderr, nothing on stdout, exit 1', async () => {
    const r = await runImport({ 'bad.yml': '_format_version: "3.0"\nservices: [{ name: a }]\n' }, 'bad.yml');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'bad.yml:2:12: services[0]: a service needs url or host (expected url: http://orders:8080)\n' +
        'meshsim: cannot import bad.yml (1 error)\n',
    );
  });

  test('not Kong at all, and an unknown _format_version: exit 1', async () => {
    for (const text of ['- a\n', '_format_version: "9.9"\n']) {
      const r = await runImport({ 'x.yml': text }, 'x.yml');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^x\.yml:1:\d+: /);
    }
  });

  test('a bundle whose scenario document does not load: printed, with the loader’s errors at the bundle’s lines, exit 1', async () => {
    const bundle = `clients: [{ id: c, arrival: { rate: -1 } }]\n---\n${library('kong.yml')}`;
    const r = await runImport({ 'b.yaml': bundle }, 'b.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('gateway:');
    expect(r.stderr).toContain(`b.yaml:1:${bundle.indexOf('-1') + 1}: clients[0].arrival.rate: `);
    expect(r.stderr).toMatch(/meshsim: the imported scenario does not load \(1 error\)\n$/);
  });

  test('the Istio bundle: the mesh section, no warning, loads, and runs as printed', async () => {
    const r = await runImport(
      { 'bookinfo.yaml': scenarioFile('istio/bookinfo-bundle.yaml') },
      'bookinfo.yaml',
    );
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# Imported by meshsim import from bookinfo.yaml: 0 warnings.');
    expect(expectLoads(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('  profile: istio\n');
    expect(r.stdout).toContain('            - { service: reviews-v1, weight: 90 }\n');
    expect(r.stderr).toBe('');
    const run = await cli(['run', 'bookinfo.yaml', '--duration', '5s', '--json'], {
      readFile: () => r.stdout,
    });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.scenario).toBe('Bookinfo canary under Istio');
    expect(report.variants[0].requests.failed).toBe(0);
  });

  test('the Consul bundle: the mesh section, three warnings, loads, and runs as printed', async () => {
    const r = await runImport({ 'canary.yaml': scenarioFile('consul/canary-bundle.yaml') }, 'canary.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Imported by meshsim import from canary\.yaml: 3 warnings/);
    expect(expectLoads(r.stdout)).toEqual([]);
    // The admin route's service and the failover's stand-in for api in dc2 are stubs.
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^canary\.yaml:76:5: warning: Routes\[0\]: meshsim service "admin" is a stub/),
      expect.stringMatching(/^canary\.yaml:111:3: warning: Failover: meshsim service "api-dc2" is a stub/),
      expect.stringMatching(
        /^canary\.yaml:112:5: warning: Failover\["\*"\]\.Datacenters: one datacenter is simulated: the failover to api in dc2 goes to the service api-dc2/,
      ),
    ]);
    const run = await cli(['run', 'canary.yaml', '--duration', '5s', '--json'], { readFile: () => r.stdout });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).scenario).toBe('API canary under Consul');
  });

  test('Istio resources in one file and the scenario document in another are one bundle', async () => {
    const r = await runImport(
      {
        'istio.yaml': [
          'apiVersion: networking.istio.io/v1',
          'kind: DestinationRule',
          'metadata: { name: api }',
          'spec: { host: api, trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3 } } }',
          '',
        ].join('\n'),
        'load.yaml':
          'name: Load\nclients: [{ id: c, target: api, arrival: { rate: 5 } }]\nservices: [{ id: api }]\n',
      },
      'istio.yaml',
      'load.yaml',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^# Imported by meshsim import from istio\.yaml, load\.yaml: 0 warnings\.\n/);
    expect(r.stdout).toContain('    api: { outlierDetection: { consecutive5xxErrors: 3 } }\n');
    expectLoads(r.stdout);
  });

  test('a file that cannot be read: exit 1; no file: usage error, exit 2', async () => {
    const missing = await runImport({}, 'nope.yml');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("meshsim: cannot read 'nope.yml': no such file\n");
    const none = await runImport({});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("'import' needs at least one FILE");
  });
});
