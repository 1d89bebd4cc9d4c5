/**
 * Consul config entries in every shape Consul itself accepts: HCL as `consul config write` takes it
 * (comments, heredocs, blocks inside lists, a block for a list of one), JSON and YAML, PascalCase,
 * snake_case and any case, the consul-k8s custom resources, and a sequence of writes applied in
 * order. Each shape must mean what the same entry in another shape means, and every diagnostic must
 * point at the line and column of the HCL, JSON or YAML as written.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importSources, type ImportResult } from '../../../src/scenario';
import { looksLikeConsul } from '../../../src/scenario/import/consul-detect';
import { applyEdit, textEdit } from '../../support/text-edits';
import { bundleImporter, checkFuzzedImport, meshOf, warnings } from './bundle-helpers';

const REAL = new URL('../../fixtures/real/consul/', import.meta.url);

/** The fixture files `names` of test/fixtures/real/consul imported as one bundle, in order, without errors. */
function importedFiles(...names: string[]): ImportResult {
  const r = importSources(
    names.map((name) => ({ text: readFileSync(new URL(name, REAL), 'utf8'), fileName: name })),
  );
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  return r;
}

const hcl = bundleImporter('entry.hcl');
const json = bundleImporter('entry.json');

describe('HCL, as consul config write takes it', () => {
  test('blocks inside a list, comments of the three kinds: the router of the docs reads as its YAML twin', () => {
    const fromHcl = importedFiles('web-admin-router/3-web-router.hcl');
    const fromYaml = bundleImporter('router.yaml').imported(
      [
        'Kind: service-router',
        'Name: web',
        'Routes:',
        '  - Match: { HTTP: { PathPrefix: /admin } }',
        '    Destination: { Service: admin }',
        '',
      ].join('\n'),
    );
    expect(meshOf(fromHcl)).toEqual(meshOf(fromYaml));
    expect(meshOf(fromHcl).profile).toBe('consul');
  });

  test('diagnostics name the line and column of the HCL key, as written', () => {
    const r = hcl.imported(
      [
        'Kind = "service-resolver"', // 1
        'Name = "api"', // 2
        '/* the resolver', // 3
        '   of api */', // 4
        'ConnectTimeout = "3s" // three seconds', // 5
        'Subsets = {', // 6
        '  v2 = { Filter = "Service.Meta.version == v2", OnlyPassing = true }', // 7
        '}', // 8
        'Meta {', // 9
        '  owner = <<EOT', // 10
        'team payments', // 11
        'EOT', // 12
        '}', // 13
        'PrioritizeBy = "failover"', // 14
      ].join('\n'),
    );
    expect(warnings(r)).toEqual([
      "7:49 Subsets.v2.OnlyPassing: not modelled, left out: health checks are not simulated: an instance's state is its faults'",
      '9:1 Meta: not modelled, left out: metadata only labels the entry',
      '14:1 PrioritizeBy: not a Consul service-resolver entry field; left out',
    ]);
    expect(meshOf(r).policies).toEqual({ api: { connectTimeout: '3s' } });
  });

  test('a block written once for a list field is a list of one, as Consul decodes it', () => {
    const r = withScenario(
      [
        'kind = "service-intentions"',
        'name = "api"',
        'sources {',
        '  name = "web"',
        '  permissions = [',
        '    { action = "allow", http { path_prefix = "/v1" } },',
        '  ]',
        '}',
      ].join('\n'),
    );
    expect(meshOf(r).authorization).toEqual([
      { service: 'api', action: 'ALLOW', from: ['web'], paths: ['/v1*'] },
    ]);
  });

  test('a syntax error is the parser’s own message at its line and column; nothing is read', () => {
    expect(
      hcl.errorsOf(
        [
          'Kind = "service-router"',
          'Name = "web"',
          'Routes = [',
          '  { Match { HTTP { PathPrefix = "/a" } }',
          ']',
        ].join('\n'),
      ),
    ).toEqual([
      '5:1 : HCL syntax: error while trying to parse object within list: expected: IDENT | STRING | ASSIGN | LBRACE got: RBRACK',
    ]);
    expect(hcl.errorsOf('Name = "web\n')).toEqual(['1:12 : HCL syntax: literal not terminated']);
  });

  test('entries separated by --- in one HCL file are read each as a file of its own, positions kept', () => {
    const r = hcl.imported(
      [
        'kind = "service-splitter"', // 1
        'name = "api"', // 2
        'splits = [{ weight = 100, service = "api-v2" }]', // 3
        '---', // 4
        'kind = "service-resolver"', // 5
        'name = "api-v2"', // 6
        'connect_timeout = "2s"', // 7
        'prioritize_by_locality { mode = "failover" }', // 8
      ].join('\n'),
    );
    expect(meshOf(r).policies).toEqual({
      api: { split: [{ service: 'api-v2', weight: 100 }] },
      'api-v2': { connectTimeout: '2s' },
    });
    expect(warnings(r)).toEqual([
      '4:1 : several entries separated by --- in one HCL file: consul config write takes one entry a file; each part is read as a file of its own',
      '8:1 prioritize_by_locality: not modelled, left out: localities are not simulated',
    ]);
  });

  test('an agent’s service definition beside the entries is said and left out; other HCL without Kind is an error', () => {
    const r = importSources([
      { text: 'service {\n  name = "api"\n  port = 9090\n}\n', fileName: 'api-v1.hcl' },
      { text: 'Kind = "service-defaults"\nName = "api"\nProtocol = "http"\n', fileName: 'api-defaults.hcl' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((d) => `${d.file}:${d.line}:${d.column} ${d.path}: ${d.message}`)).toContain(
      "api-v1.hcl:1:1 service: a Consul agent's service definition, not a config entry: its instances, ports and upstreams are not read; left out",
    );
    expect(hcl.errorsOf('Name = "web"\nProtocol = "http"\n')).toEqual([
      '1:1 : an HCL file without Kind is not a Consul config entry',
    ]);
  });

  test('a .hcl file or text that starts like HCL is read as HCL; YAML and JSON are not', () => {
    const text =
      '# router\nKind = "service-splitter"\nName = "api"\nSplits = [{ Weight = 100, Service = "api-v2" }]\n';
    const asYaml = bundleImporter('entry.yaml').imported(text);
    expect(meshOf(asYaml).policies).toEqual({ api: { split: [{ service: 'api-v2', weight: 100 }] } });
  });
});

describe('snake_case and camelCase, as HashiCorp’s demos and the API write them', () => {
  test('snake_case JSON: the demo’s splitter over the resolver’s subsets', () => {
    const r = importedFiles('demo-json/api-resolver.json', 'demo-json/api-splitter.json');
    expect(meshOf(r).policies.api).toEqual({
      connectTimeout: '3s',
      split: [
        { service: 'api-v1', weight: 50 },
        { service: 'api-v2', weight: 50 },
      ],
    });
    // Fields are named as written.
    expect(warnings(r)).toEqual([
      "12:7 subsets.v2.only_passing: not modelled, left out: health checks are not simulated: an instance's state is its faults'",
    ]);
  });

  test('one entry in PascalCase, snake_case and camelCase means one thing', () => {
    const pascal = json.imported(
      '{ "Kind": "service-resolver", "Name": "api", "DefaultSubset": "v1", "RequestTimeout": "4s", "Subsets": { "v1": { "Filter": "Service.Meta.version == 1" } }, "LoadBalancer": { "Policy": "least_request" } }',
    );
    const snake = json.imported(
      '{ "kind": "service-resolver", "name": "api", "default_subset": "v1", "request_timeout": "4s", "subsets": { "v1": { "filter": "Service.Meta.version == 1" } }, "load_balancer": { "policy": "least_request" } }',
    );
    const camel = json.imported(
      '{ "kind": "service-resolver", "name": "api", "defaultSubset": "v1", "requestTimeout": "4s", "subsets": { "v1": { "filter": "Service.Meta.version == 1" } }, "loadBalancer": { "policy": "least_request" } }',
    );
    expect(meshOf(pascal)).toEqual({
      enabled: true,
      profile: 'consul',
      policies: {
        api: { loadBalancer: 'LEAST_REQUEST', timeout: '4s', split: [{ service: 'api-v1', weight: 100 }] },
        // The service's timeout reaches the calls its default subset takes.
        'api-v1': { loadBalancer: 'LEAST_REQUEST', timeout: '4s' },
      },
    });
    expect(meshOf(snake)).toEqual(meshOf(pascal));
    expect(meshOf(camel)).toEqual(meshOf(pascal));
    expect([warnings(pascal), warnings(snake), warnings(camel)]).toEqual([[], [], []]);
  });

  test('snake_case HCL reads as PascalCase does: a negative request_timeout turns the timeout off', () => {
    const r = hcl.imported(
      'kind = "service-router"\nname = "api"\nroutes = [{ destination { request_timeout = "-1s", retry_on_connect_failure = true } }]\n',
    );
    expect(meshOf(r).policies).toEqual({
      api: { routes: [{ timeout: 'unlimited', retries: { attempts: 1, retryOn: ['connect-failure'] } }] },
    });
  });

  test('a lower-case kind naming a config entry kind is a config entry; a misspelt field still gets a suggestion', () => {
    const r = json.imported(
      '{ "kind": "service-splitter", "name": "api", "splits": [{ "weight": 100, "service": "b", "servce_subset": "v2" }] }',
    );
    expect(warnings(r)).toEqual(['1:90 splits[0].servce_subset: not a Consul split field; left out']);
    expect(r.warnings.find((d) => d.path.endsWith('servce_subset'))?.hint).toBe(
      'did you mean "ServiceSubset"?',
    );
  });
});

describe('consul-k8s custom resources', () => {
  test('ServiceRouter, ServiceSplitter and ServiceResolver read as the config entries they stand for', () => {
    const crds = importedFiles('k8s-crds/service-resolver.yaml', 'k8s-crds/service-splitter.yaml');
    const entries = bundleImporter('entries.yaml').imported(
      [
        'Kind: service-resolver',
        'Name: backend',
        'DefaultSubset: v1',
        'ConnectTimeout: 5s',
        'Subsets: { v1: { Filter: "Service.Meta.version == v1" }, v2: { Filter: "Service.Meta.version == v2" } }',
        'LoadBalancer: { Policy: least_request, LeastRequestConfig: { ChoiceCount: 2 } }',
        '---',
        'Kind: service-splitter',
        'Name: backend',
        'Splits: [{ Weight: 90, ServiceSubset: v1 }, { Weight: 10, ServiceSubset: v2 }]',
        '',
      ].join('\n'),
    );
    expect(meshOf(crds)).toEqual(meshOf(entries));
    expect(meshOf(crds).policies.backend.split).toEqual([
      { service: 'backend-v1', weight: 90 },
      { service: 'backend-v2', weight: 10 },
    ]);
    expect(warnings(crds)).toEqual([
      "13:7 spec.subsets.v2.onlyPassing: not modelled, left out: health checks are not simulated: an instance's state is its faults'",
    ]);
  });

  test('ServiceIntentions protects spec.destination.name; ServiceDefaults upstream overrides land on the callee', () => {
    const r = importedFiles('k8s-crds/service-defaults.yaml', 'k8s-crds/service-intentions.yaml');
    const rules = meshOf(r).authorization as { service: string; action: string; from?: string[] }[];
    expect(rules.every((rule) => rule.service === 'backend')).toBe(true);
    expect(rules.map((rule) => `${rule.action} ${rule.from?.join(',')}`)).toContain('DENY frontend');
    expect(meshOf(r).policies.backend).toMatchObject({
      connectTimeout: '5s',
      connectionPool: { maxConnections: 512, maxPendingRequests: 512, maxRequests: 512 },
      outlierDetection: { consecutive5xxErrors: 5, interval: '10s' },
    });
    expect(warnings(r)).toContain(
      '2:1 kind: Consul proxy-defaults is not modelled; left out: global proxy settings are not modelled: the mesh profile gives the defaults',
    );
  });

  test('a resource of Consul’s version 2 catalog and a resource without a name are said so', () => {
    const k8s = bundleImporter('k8s.yaml');
    const r = importSourcesOf(
      [
        'apiVersion: auth.consul.hashicorp.com/v2beta1',
        'kind: TrafficPermissions',
        'metadata: { name: api }',
        '---',
        'apiVersion: consul.hashicorp.com/v1alpha1',
        'kind: ServiceSplitter',
        'metadata: { name: api }',
        'spec: { splits: [{ weight: 100, service: api-v2 }] }',
      ].join('\n'),
    );
    expect(warnings(r)[0]).toBe(
      "2:1 kind: TrafficPermissions of auth.consul.hashicorp.com is a resource of Consul's version 2 catalog, which is not read; left out",
    );
    expect(
      k8s.errorsOf('apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceRouter\nspec: { routes: [] }\n'),
    ).toEqual(['2:1 : ServiceRouter needs metadata.name, the service it configures']);
    expect(
      k8s.errorsOf(
        'apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceIntentions\nmetadata: { name: x }\nspec: { sources: [] }\n',
      ),
    ).toEqual([
      '4:7 spec.Destination: ServiceIntentions needs spec.destination.name, the service it protects',
    ]);
  });
});

describe('a sequence of consul config write calls, applied in order', () => {
  test('the tutorial’s second splitter replaces its first, as config write replaces an entry of the same kind and name', () => {
    const r = importedFiles(
      'api-canary-steps/1-api-defaults.hcl',
      'api-canary-steps/2-api-resolver.hcl',
      'api-canary-steps/3-api-splitter-100-0.hcl',
      'api-canary-steps/4-api-splitter-90-10.hcl',
    );
    expect(meshOf(r).policies.api.split).toEqual([
      { service: 'api-v1', weight: 90 },
      { service: 'api-v2', weight: 10 },
    ]);
    expect(r.warnings.filter((d) => !d.message.includes(' is a stub')).map(formatDiagnostic)).toEqual([
      'api-canary-steps/3-api-splitter-100-0.hcl:1:1: warning: kind: replaced by the service-splitter api at line 1 of api-canary-steps/4-api-splitter-90-10.hcl, as `consul config write` replaces an entry of the same kind and name; left out',
    ]);
  });
});

describe('the page’s first look, before the importers load', () => {
  test('HCL, snake_case JSON and lower-case YAML config entries are Consul config; a scenario is not', async () => {
    const { isBundle } = await import('../../../src/worker/simulation');
    const router = readFileSync(new URL('web-admin-router/3-web-router.hcl', REAL), 'utf8');
    const snake = readFileSync(new URL('demo-json/api-router.json', REAL), 'utf8');
    const canary = readFileSync(new URL('api-canary-steps/4-api-splitter-90-10.hcl', REAL), 'utf8');
    expect([router, snake, canary, 'kind: service-defaults\nname: api\n'].map((t) => isBundle(t))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(isBundle('name: shop\nclients: [{ id: c, arrival: { rate: 1 } }]\n', 'shop.yaml')).toBe(false);
    expect(looksLikeConsul('# a note\nname: kind\nkind: Deployment\n')).toBe(false);
  });
});

describe('importing HCL never throws, and diagnostics stay within the text', () => {
  const RESOLVER = readFileSync(new URL('failover/api-resolver.hcl', REAL), 'utf8');
  const ROUTER = readFileSync(new URL('web-admin-router/3-web-router.hcl', REAL), 'utf8');
  test('on random edits of the docs’ router and resolver (seed 1306)', () => {
    const edit = textEdit(
      fc.constantFrom(
        '=',
        '{',
        '}',
        '[',
        ']',
        ',',
        '"',
        '\n',
        '#',
        '/*',
        '*/',
        '<<EOT\n',
        'EOT\n',
        '0',
        'Match',
        ' x ',
      ),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 5 }), (router, edits) => {
        const text = edits.reduce(applyEdit, router ? ROUTER : RESOLVER);
        checkFuzzedImport(text, importSources([{ text, fileName: 'entry.hcl' }]), true);
      }),
      { seed: 1306, numRuns: 200 },
    );
  });
});

/** The HCL `text` imported with a scenario document in which web calls api, without errors. */
function withScenario(text: string): ImportResult {
  const scenario =
    'clients: [{ id: c, arrival: { rate: 1 } }]\nservices: [{ id: web, calls: [api] }, { id: api }]\n';
  const r = importSources([
    { text, fileName: 'entry.hcl' },
    { text: scenario, fileName: 'scenario.yaml' },
  ]);
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  return r;
}

/** `text` imported as one bundle, errors allowed. */
function importSourcesOf(text: string): ImportResult {
  return importSources([{ text, fileName: 'k8s.yaml' }]);
}

describe("a resolver's LeastRequestConfig", () => {
  test('ChoiceCount is the choiceCount of least request; 2, its default, adds nothing; over 100 it is read as 100', () => {
    const lb = (body: string) =>
      hcl.imported(`Kind = "service-resolver"\nName = "api"\nLoadBalancer = {\n${body}\n}\n`);
    const policy = (r: ImportResult) => meshOf(r).policies.api.loadBalancer;
    const four = lb('  Policy = "least_request"\n  LeastRequestConfig = { ChoiceCount = 4 }');
    expect(policy(four)).toEqual({ name: 'LEAST_REQUEST', choiceCount: 4 });
    expect(warnings(four)).toEqual([]);
    expect(policy(lb('  Policy = "least_request"\n  LeastRequestConfig = { ChoiceCount = 2 }'))).toBe(
      'LEAST_REQUEST',
    );
    const many = lb('  Policy = "least_request"\n  LeastRequestConfig = { ChoiceCount = 500 }');
    expect(policy(many)).toEqual({ name: 'LEAST_REQUEST', choiceCount: 100 });
    expect(warnings(many)).toEqual([
      '5:26 LoadBalancer.LeastRequestConfig.ChoiceCount: meshsim draws at most 100 instances per pick; 500 is read as 100',
    ]);
    const other = lb('  Policy = "random"\n  LeastRequestConfig = { ChoiceCount = 4 }');
    expect(policy(other)).toBe('RANDOM');
    expect(warnings(other)).toEqual([
      '5:26 LoadBalancer.LeastRequestConfig.ChoiceCount: LeastRequestConfig applies to least_request only, not to RANDOM; left out',
    ]);
  });
});
