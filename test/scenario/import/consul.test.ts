/**
 * importBundle with Consul config entries: the canary bundle of the scenario library is imported
 * whole (the exact mesh section and every warning with its position), then each mapping rule is
 * pinned on small bundles, and a seeded property checks that no input makes the importer throw.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { importBundle, type ImportResult } from '../../../src/scenario';
import { applyEdit, textEdit } from '../../support/text-edits';
import { yaml } from '../helpers';
import { bundleImporter, meshOf, warnings, checkFuzzedImport } from './bundle-helpers';

const CANARY = readFileSync(new URL('../../../scenarios/consul/canary-bundle.yaml', import.meta.url), 'utf8');

const { imported, errorsOf, expectLoads } = bundleImporter('consul.yaml');

/** A scenario document defining every service the small bundles name, placed after them. */
const SCENARIO = [
  '---',
  'clients: [{ id: c, arrival: { rate: 1 } }]',
  'gateway: { id: edge, routes: [{ service: web }] }',
  'services:',
  '  - { id: web, calls: [api] }',
  '  - { id: billing, calls: [api] }',
  '  - { id: api }',
  '  - { id: api-v1 }',
  '  - { id: api-v2 }',
  '  - { id: admin }',
];
const bundle = (...lines: string[]): string => yaml(...lines, ...SCENARIO);
/** A config entry for api of `kind`: its fields start on line 3. */
const entry = (kind: string, ...fields: string[]): string[] => [`Kind: ${kind}`, 'Name: api', ...fields];
const RESOLVER = entry(
  'service-resolver',
  'Subsets: { v1: { Filter: "Service.Meta.version == v1" }, v2: { Filter: "Service.Meta.version == v2" } }',
);

describe('importBundle with Consul: scenarios/consul/canary-bundle.yaml', () => {
  const r = imported(CANARY);
  const destination = {
    loadBalancer: 'LEAST_REQUEST',
    connectTimeout: '1s',
    connectionPool: { maxConnections: 100, maxPendingRequests: 50, maxRequests: 100 },
    outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s' },
    failover: ['api-dc2'],
  };
  const rule = { action: 'ALLOW', from: ['web'], paths: ['/api*'], methods: ['GET', 'POST'] };

  test('the mesh: the router’s routes (admin, then the rest over the splitter’s weights with their timeout and retries), web’s upstream settings for api, the resolver’s failover, the intentions', () => {
    expect(meshOf(r)).toEqual({
      enabled: true,
      profile: 'consul',
      discovery: { propagationDelay: '5s' },
      authorization: ['api', 'api-v1', 'api-v2'].map((service) => ({ service, ...rule })),
      policies: {
        api: {
          ...destination,
          routes: [
            { match: { prefix: '/admin' }, split: [{ service: 'admin', weight: 100 }] },
            {
              timeout: '2s',
              retries: { attempts: 2, retryOn: ['connect-failure', '503'] },
              split: [
                { service: 'api-v1', weight: 90 },
                { service: 'api-v2', weight: 10 },
              ],
            },
          ],
        },
        'api-v1': destination,
        'api-v2': destination,
      },
    });
  });

  test('one warning: the failover to another datacenter, which a service of its own stands for', () => {
    expect(warnings(r)).toEqual([
      '112:5 Failover["*"].Datacenters: one datacenter is simulated: the failover to api in dc2 goes to the service api-dc2, which stands for it (give it a region, so that reaching it costs the crossing)',
    ]);
  });

  test('the printed scenario loads without errors or warnings', () => {
    const loaded = expectLoads(r);
    expect(loaded.warnings).toEqual([]);
    const mesh = loaded.file.base.mesh;
    expect([mesh.enabled, mesh.profile]).toEqual([true, 'consul']);
    expect(mesh.policies['api-v1'].connectionPool).toMatchObject({
      maxConnections: 100,
      maxPendingRequests: 50,
    });
    expect(mesh.authorization).toHaveLength(3);
  });
});

describe('service-router', () => {
  test('each route with its match, destination, timeout and retries as Consul hands them to Envoy; the catch-all ends them', () => {
    const r = imported(
      bundle(
        ...entry(
          'service-router',
          'Routes:',
          '  - Match: { HTTP: { PathExact: /v2/health, Methods: [get] } }',
          '    Destination: { ServiceSubset: v2, RequestTimeout: 1s }',
          '  - Match: { HTTP: { PathRegex: "/v[0-9]+/admin/.*", Header: [{ Name: X-Debug, Present: true }] } }',
          '    Destination: { Service: admin, NumRetries: 3, RetryOnConnectFailure: true }',
          '  - Match: { HTTP: { PathPrefix: / } }',
          '    Destination:',
          '      ServiceSubset: v1',
          '      RequestTimeout: 1500ms',
          '      NumRetries: 4',
          '      RetryOn: [reset, cancelled]',
          '      RetryOnConnectFailure: true',
          '      RetryOnStatusCodes: [503, 429]',
        ),
        '---',
        ...RESOLVER,
      ),
    );
    expect(meshOf(r).policies).toEqual({
      api: {
        routes: [
          {
            match: { path: '/v2/health', methods: ['GET'] },
            timeout: '1s',
            split: [{ service: 'api-v2', weight: 100 }],
          },
          {
            match: { regex: '/v[0-9]+/admin/.*', headers: { 'x-debug': { present: true } } },
            retries: { attempts: 3, retryOn: ['connect-failure'] },
            split: [{ service: 'admin', weight: 100 }],
          },
          {
            timeout: '1500ms',
            retries: { attempts: 4, retryOn: ['reset', 'connect-failure', '503', '429'] },
            split: [{ service: 'api-v1', weight: 100 }],
          },
        ],
      },
    });
    expect(warnings(r)).toEqual([
      '13:7 Routes[2].Destination.RetryOn: retry condition "cancelled" is left out: a gRPC status, which simulated HTTP calls never carry',
    ]);
    expectLoads(r);
  });

  test('without a catch-all, Consul’s default route to the service itself (its splitter, else its resolver) comes last', () => {
    const r = imported(
      bundle(
        ...entry(
          'service-router',
          'Routes:',
          '  - Match: { HTTP: { Header: [{ Name: x-canary, Exact: "true" }, { Name: x-beta, Prefix: b, Invert: true }] } }',
          '    Destination: { ServiceSubset: v2 }',
        ),
        '---',
        ...entry(
          'service-splitter',
          'Splits: [{ Weight: 80, ServiceSubset: v1 }, { Weight: 20, ServiceSubset: v2 }]',
        ),
        '---',
        ...RESOLVER,
      ),
    );
    expect(meshOf(r).policies.api.routes).toEqual([
      {
        match: { headers: { 'x-canary': 'true', 'x-beta': { prefix: 'b', invert: true } } },
        split: [{ service: 'api-v2', weight: 100 }],
      },
      {
        split: [
          { service: 'api-v1', weight: 80 },
          { service: 'api-v2', weight: 20 },
        ],
      },
    ]);
    expect(warnings(r)).toEqual([]);
    expectLoads(r);
  });

  test('a route after the catch-all is never reached; one on a query parameter or a pseudo-header matches no simulated request', () => {
    const r = imported(
      bundle(
        ...entry(
          'service-router',
          'Routes:',
          '  - Match: { HTTP: { QueryParam: [{ Name: debug, Present: true }] } }',
          '    Destination: { Service: admin }',
          '  - Match: { HTTP: { Header: [{ Name: ":authority", Exact: api.v2.test }] } }',
          '    Destination: { ServiceSubset: v2 }',
          '  - Destination: { Service: admin }',
          '  - Match: { HTTP: { PathPrefix: /v2 } }',
          '    Destination: { ServiceSubset: v2 }',
        ),
      ),
    );
    expect(meshOf(r).policies).toEqual({ api: { routes: [{ split: [{ service: 'admin', weight: 100 }] }] } });
    expect(warnings(r)).toEqual([
      '4:35 Routes[0].Match.HTTP.QueryParam[0]: left out: the route matches no simulated request: it needs query parameter debug, and simulated requests carry no query string',
      '6:31 Routes[1].Match.HTTP.Header[0]: left out: the route matches no simulated request: it needs header :authority, which simulated requests do not carry',
      '9:5 Routes[3]: left out: never reached, as Routes[2] before it takes every request',
    ]);
  });

  test('NumRetries alone retries on nothing; RetryOnConnectFailure alone retries once; a negative timeout is none, 0s the default', () => {
    const route = (...destination: string[]): ImportResult =>
      imported(
        bundle(
          ...entry('service-router', 'Routes:', '  - Destination:', ...destination.map((l) => `      ${l}`)),
        ),
      );
    const alone = route('NumRetries: 3', 'RequestTimeout: 0s');
    expect(meshOf(alone).policies).toEqual({ api: { routes: [{ retries: { attempts: 0 } }] } });
    expect(warnings(alone)).toEqual([
      '5:7 Routes[0].Destination.NumRetries: NumRetries without RetryOn, RetryOnConnectFailure or RetryOnStatusCodes: Envoy retries on no condition (attempts: 0)',
    ]);
    const connect = route('RetryOnConnectFailure: true', 'RequestTimeout: -1s');
    expect(meshOf(connect).policies).toEqual({
      api: { routes: [{ timeout: 'unlimited', retries: { attempts: 1, retryOn: ['connect-failure'] } }] },
    });
    expectLoads(connect);
  });

  test('fields meshsim does not model name why; a misspelt one gets a suggestion; wrong types are errors', () => {
    const r = imported(
      bundle(
        ...entry(
          'service-router',
          'Meta: { team: payments }',
          'Routes:',
          '  - Destination: { PrefixRewrite: /, RequestHeaders: { Set: { x: "1" } }, Namespace: prod, NumRetrys: 2 }',
        ),
      ),
    );
    expect(warnings(r)).toEqual([
      '3:1 Meta: not modelled, left out: metadata only labels the entry',
      '5:20 Routes[0].Destination.PrefixRewrite: not modelled, left out: the path sent upstream is not simulated: calls keep the client request’s path',
      '5:38 Routes[0].Destination.RequestHeaders: not modelled, left out: header changes are not simulated',
      '5:75 Routes[0].Destination.Namespace: not modelled, left out: namespaces are not modelled',
      '5:92 Routes[0].Destination.NumRetrys: not a Consul route destination field; left out',
    ]);
    expect(r.warnings.at(-1)?.hint).toBe('did you mean "NumRetries"?');
    expect(
      errorsOf(bundle(...entry('service-router', 'Routes: [{ Destination: { NumRetries: many } }]'))),
    ).toEqual(['3:39 Routes[0].Destination.NumRetries: must be an integer from 0 to 2147483647']);
  });
});

describe('service-splitter and service-resolver', () => {
  test('a split to a service with a splitter of its own goes on through it, as Consul flattens nested splitters', () => {
    const r = imported(
      bundle(
        'Kind: service-splitter',
        'Name: web',
        'Splits: [{ Weight: 50, Service: api }, { Weight: 50, Service: web }]',
        '---',
        ...entry(
          'service-splitter',
          'Splits: [{ Weight: 20, ServiceSubset: v2 }, { Weight: 80, ServiceSubset: v1 }]',
        ),
        '---',
        ...RESOLVER,
      ),
    );
    expect(meshOf(r).policies.web.split).toEqual([
      { service: 'api-v2', weight: 10 },
      { service: 'api-v1', weight: 40 },
      { service: 'web', weight: 50 },
    ]);
  });

  test('splits over subsets and services; weights that do not add up to 100 are a warning and read as shares', () => {
    const r = imported(
      bundle(
        ...entry(
          'service-splitter',
          'Splits:',
          '  - { Weight: 33.33, ServiceSubset: v1 }',
          '  - { Weight: 33.33, ServiceSubset: v2, RequestHeaders: { Set: { x-canary: "1" } } }',
          '  - { Weight: 33.33, Service: billing }',
        ),
        '---',
        ...RESOLVER,
      ),
    );
    expect(meshOf(r).policies.api.split).toEqual([
      { service: 'api-v1', weight: 33.33 },
      { service: 'api-v2', weight: 33.33 },
      { service: 'billing', weight: 33.33 },
    ]);
    expect(warnings(r)).toEqual([
      '3:1 Splits: the weights add up to 99.99, not 100 (Consul refuses this); read as shares',
      '5:41 Splits[1].RequestHeaders: not modelled, left out: header changes are not simulated',
    ]);
    expectLoads(r);
  });

  test('a resolver alone: DefaultSubset takes every call, its RequestTimeout applies, its balancer and connect timeout reach the subsets', () => {
    const r = imported(
      bundle(
        ...entry(
          'service-resolver',
          'DefaultSubset: v1',
          'ConnectTimeout: 3s',
          'RequestTimeout: 10s',
          'LoadBalancer: { Policy: maglev, HashPolicies: [{ Field: header, FieldValue: x-user }] }',
          'Subsets: { v1: { Filter: "Service.Meta.version == v1", OnlyPassing: true }, v2: {} }',
        ),
      ),
    );
    const destination = { loadBalancer: 'RING_HASH', connectTimeout: '3s' };
    expect(meshOf(r).policies).toEqual({
      api: { ...destination, timeout: '10s', split: [{ service: 'api-v1', weight: 100 }] },
      'api-v1': { ...destination, timeout: '10s' },
      'api-v2': destination,
    });
    expect(warnings(r)).toEqual([
      '6:17 LoadBalancer.Policy: maglev is read as ring_hash: both hash requests onto instances',
      "6:33 LoadBalancer.HashPolicies: not modelled, left out: meshsim's ring hash keys on the request's cache key, or its client",
      "7:56 Subsets.v1.OnlyPassing: not modelled, left out: health checks are not simulated: an instance's state is its faults'",
    ]);
    expectLoads(r);
  });

  test("Failover '*': its Service and Targets become the policy's failover, in order; placements and subsets warn", () => {
    const r = imported(
      bundle(
        ...entry(
          'service-resolver',
          'Failover:',
          "  '*':",
          '    Service: admin',
          '    Targets: [{ ServiceSubset: v2 }, { Datacenter: dc2 }, { Service: api }, { Service: admin }]',
          '  v1: { Service: billing }',
          'Subsets: { v1: {}, v2: {} }',
        ),
      ),
    );
    // The subsets' own policies do not fail over: api-v2 is a target.
    expect(meshOf(r).policies).toEqual({ api: { failover: ['admin', 'api-v2', 'api-dc2'] } });
    expect(warnings(r)).toEqual([
      '6:40 Failover["*"].Targets[1].Datacenter: one datacenter is simulated: the failover to api in dc2 goes to the service api-dc2, which stands for it (give it a region, so that reaching it costs the crossing)',
      '6:59 Failover["*"].Targets[2]: left out: a service cannot fail over to itself',
      "7:3 Failover.v1: left out: meshsim fails a whole service over, so only the '*' failover is modelled, not subset v1's",
    ]);
    const loaded = expectLoads(r);
    expect(loaded.file.base.mesh.policies.api.failover).toEqual(['admin', 'api-v2', 'api-dc2']);
  });

  test('with a router or splitter in front, the resolver’s RequestTimeout is left out, as Consul does', () => {
    const r = imported(
      bundle(
        ...entry('service-splitter', 'Splits: [{ Weight: 100, ServiceSubset: v1 }]'),
        '---',
        ...RESOLVER,
        'RequestTimeout: 5s',
      ),
    );
    expect(meshOf(r).policies).toEqual({ api: { split: [{ service: 'api-v1', weight: 100 }] } });
    expect(warnings(r)).toEqual([
      "8:1 RequestTimeout: left out: with service-splitter api in front, Consul takes no timeout from the resolver (only a router's RequestTimeout)",
    ]);
  });

  test('a subset no resolver declares, a DefaultSubset not among Subsets, a Redirect: warnings and splits', () => {
    const r = imported(
      bundle(
        ...entry('service-splitter', 'Splits: [{ Weight: 100, ServiceSubset: v3 }]'),
        '---',
        'Kind: service-resolver',
        'Name: billing',
        'Redirect: { Service: api, ServiceSubset: v2, Datacenter: dc2 }',
        '---',
        ...RESOLVER,
        'DefaultSubset: v9',
      ),
    );
    expect(meshOf(r).policies).toEqual({
      api: { split: [{ service: 'api-v3', weight: 100 }] },
      // Subset v2 of api in dc2: a service of its own stands for it.
      billing: { split: [{ service: 'api-v2-dc2', weight: 100 }] },
    });
    expect(warnings(r)).toEqual([
      '3:25 Splits[0].ServiceSubset: no service-resolver for api declares subset "v3" (Consul refuses this); read as the service api-v3',
      `3:25 Splits[0].ServiceSubset: meshsim service "api-v3" is subset v3 of api (meshsim has no subsets): it does what the scenario's api does (service time, calls), with 1 instance`,
      '7:46 Redirect.Datacenter: one datacenter is simulated: the redirect to api-v2 in dc2 goes to the service api-v2-dc2, which stands for it (give it a region, so that reaching it costs the crossing)',
      '12:1 DefaultSubset: DefaultSubset "v9" is not one of Subsets (Consul refuses this)',
    ]);
  });
});

describe('service-defaults', () => {
  test('UpstreamConfig: Overrides on the named callee, Defaults on every service the entry’s service calls', () => {
    const r = imported(
      bundle(
        'Kind: service-defaults',
        'Name: web',
        'Protocol: http',
        'UpstreamConfig:',
        '  Defaults:',
        '    ConnectTimeoutMs: 2500',
        '    Limits: { MaxConnections: 10, MaxPendingRequests: 0 }',
        '  Overrides:',
        '    - Name: admin',
        '      Limits: { MaxConcurrentRequests: 7 }',
        '      PassiveHealthCheck: { Interval: 5s, MaxFailures: 3, MaxEjectionPercent: 50, BaseEjectionTime: 1m }',
        '      Protocol: grpc',
      ),
    );
    expect(meshOf(r).policies).toEqual({
      admin: {
        connectionPool: { maxRequests: 7 },
        outlierDetection: {
          consecutive5xxErrors: 3,
          interval: '5s',
          baseEjectionTime: '60s',
          maxEjectionPercent: 50,
        },
      },
      api: { connectTimeout: '2500ms', connectionPool: { maxConnections: 10 } },
    });
    expect(warnings(r)).toEqual([
      "5:3 UpstreamConfig.Defaults: meshsim keeps one policy per destination: these settings of web's calls into api apply to calls from billing too",
      "7:35 UpstreamConfig.Defaults.Limits.MaxPendingRequests: 0 means Envoy's default; left out",
      "12:7 UpstreamConfig.Overrides[0].Protocol: not modelled, left out: the callee's own protocol is what counts: simulated calls are HTTP",
    ]);
    expectLoads(r);
  });

  test('EnforcingConsecutive5xx 0 turns ejection off; other than 100 it is read as 100; a caller that calls nothing', () => {
    const r = imported(
      bundle(
        'Kind: service-defaults',
        'Name: api',
        'UpstreamConfig:',
        '  Defaults: { Limits: { MaxConnections: 1 } }',
        '  Overrides:',
        '    - { Name: admin, PassiveHealthCheck: { MaxFailures: 4, EnforcingConsecutive5xx: 0 } }',
        '    - { Name: billing, PassiveHealthCheck: { MaxFailures: 4, EnforcingConsecutive5xx: 50 } }',
      ),
    );
    expect(meshOf(r).policies).toEqual({
      admin: { outlierDetection: { consecutive5xxErrors: 0 } },
      billing: { outlierDetection: { consecutive5xxErrors: 4 } },
    });
    expect(warnings(r)).toEqual([
      '4:3 UpstreamConfig.Defaults: "api" calls no service in the scenario, so its upstream defaults apply to nothing; left out',
      '7:62 UpstreamConfig.Overrides[1].PassiveHealthCheck.EnforcingConsecutive5xx: meshsim ejects at every detection (100) or never (0); 50 is read as 100',
    ]);
  });

  test('protocols: tcp and gRPC are warnings, an unknown one an error; other fields name why they are left out', () => {
    const r = imported(
      bundle(
        'Kind: service-defaults',
        'Name: api',
        'Protocol: tcp',
        'MaxInboundConnections: 100',
        'MutualTLSMode: permissive',
      ),
    );
    expect(warnings(r)).toEqual([
      '3:1 Protocol: with protocol tcp Consul applies no router, splitter or retries to api; meshsim simulates HTTP calls',
      "4:1 MaxInboundConnections: not modelled, left out: a limit on the service's inbound connections is not modelled: its queue and concurrency bound it",
    ]);
    // The mode is read: the service's own.
    expect(r.scenario.mesh).toMatchObject({ mtls: { services: { api: 'PERMISSIVE' } } });
    expect(errorsOf(bundle('Kind: service-defaults', 'Name: api', 'Protocol: udp'))).toEqual([
      '3:11 Protocol: unknown protocol',
    ]);
  });
});

describe('service-intentions', () => {
  const intentions = (name: string, ...sources: string[]): string[] => [
    'Kind: service-intentions',
    `Name: "${name}"`,
    'Sources:',
    ...sources.map((s) => `  - ${s}`),
  ];

  test('L4 sources: a "*" deny beside named allows is implied; a "*" allow beside a named deny is kept', () => {
    const allows = imported(
      bundle(
        ...intentions(
          'api',
          '{ Name: web, Action: allow }',
          '{ Name: "*", Action: deny }',
          '{ Name: billing, Action: deny }',
        ),
      ),
    );
    expect(meshOf(allows).authorization).toEqual([
      { service: 'api', action: 'ALLOW', from: ['web'] },
      { service: 'api', action: 'DENY', from: ['billing'] },
    ]);
    const denies = imported(
      bundle(...intentions('api', '{ Name: billing, Action: deny }', '{ Name: "*", Action: allow }')),
    );
    expect(meshOf(denies).authorization).toEqual([
      { service: 'api', action: 'DENY', from: ['billing'] },
      { service: 'api', action: 'ALLOW', from: ['*'] },
    ]);
    const none = imported(bundle(...intentions('api', '{ Name: "*", Action: deny }')));
    expect(meshOf(none).authorization).toEqual([{ service: 'api', action: 'DENY', from: ['*'] }]);
    expectLoads(allows);
  });

  test('L7 permissions: one rule each, PathPrefix as a plain prefix, PathExact exact, headers as patterns; an allow on a regex matches nothing', () => {
    const r = imported(
      bundle(
        'Kind: service-intentions',
        'Name: api',
        'Sources:',
        '  - Name: web',
        '    Permissions:',
        '      - { Action: allow, HTTP: { PathPrefix: /api, Methods: [get] } }',
        '      - { Action: deny, HTTP: { PathExact: /api/admin, Header: [{ Name: x-debug, Present: true }] } }',
        '      - { Action: allow, HTTP: { PathRegex: "/v[0-9]+/.*" } }',
        '      - { Action: allow }',
      ),
    );
    expect(meshOf(r).authorization).toEqual([
      { service: 'api', action: 'ALLOW', from: ['web'], paths: ['/api*'], methods: ['GET'] },
      {
        service: 'api',
        action: 'DENY',
        from: ['web'],
        paths: ['/api/admin'],
        notPaths: ['/api/admin/*'],
        headers: { 'x-debug': ['*'] },
      },
      // The allow on a regex is there with no caller, so it matches nothing; the others decide.
      { service: 'api', action: 'ALLOW', from: ['web'] },
    ]);
    expect(warnings(r)).toEqual([
      '5:5 Sources[0].Permissions: Consul takes the first permission that matches, meshsim checks DENY rules before ALLOW: where an allow and a later deny overlap, meshsim denies',
      '8:34 Sources[0].Permissions[2].HTTP.PathRegex: path regex "/v[0-9]+/.*" cannot be tested in meshsim: this allow matches nothing, so meshsim denies what it would allow',
    ]);
    expectLoads(r);
  });

  test('Name "*" protects every service; unknown sources and services are left out with a warning', () => {
    const r = imported(
      bundle(
        ...intentions(
          '*',
          '{ Name: ghost, Action: allow }',
          '{ Name: web, Action: deny, Description: "no web", Precedence: 9 }',
        ),
        '---',
        ...intentions('nowhere', '{ Name: web, Action: allow }'),
      ),
    );
    const services = ['web', 'billing', 'api', 'api-v1', 'api-v2', 'admin'];
    expect(meshOf(r).authorization).toEqual([
      ...services.map((service) => ({ service, action: 'DENY', from: ['web'] })),
      ...services.map((service) => ({ service, action: 'DENY', from: ['*'] })),
    ]);
    expect(warnings(r)).toEqual([
      '4:20 Sources[0].Action: caller "ghost" is no service or gateway of the scenario; left out of this rule',
      '5:32 Sources[1].Description: not modelled, left out: a description',
      '5:55 Sources[1].Precedence: not modelled, left out: written by Consul',
      '10:18 Sources[0].Action: no service "nowhere" in the scenario, so the rule protects nothing; left out',
    ]);
    expectLoads(r);
  });
});

describe('documents', () => {
  test('other kinds are warnings; a missing Name is an error; "*" names no router', () => {
    const r = imported(
      bundle(
        'Kind: proxy-defaults',
        'Name: global',
        '---',
        'Kind: service-router',
        'Name: "*"',
        '---',
        'Kind: service-resolver',
        'Name: api',
        'ConnectTimeout: 2s',
        'CreateIndex: 12',
      ),
    );
    expect(warnings(r)).toEqual([
      '1:1 Kind: Consul proxy-defaults is not modelled; left out: global proxy settings are not modelled: the mesh profile gives the defaults',
      '5:1 Name: a service-router entry names one service, not "*"; left out',
      '10:1 CreateIndex: not modelled, left out: written by Consul',
    ]);
    expect(errorsOf(yaml('Kind: service-splitter', 'Splits: []'))).toEqual([
      '1:1 : a service-splitter entry needs Name',
    ]);
  });

  test('a lower-case kind naming no config entry kind, without apiVersion, is neither Istio nor Consul: left out, and as no config is read, an error', () => {
    const r = importBundle(bundle('kind: ServiceRouter', 'name: api'), 'consul.yaml');
    expect(r.warnings.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '1:1 a document with kind but no apiVersion is neither an Istio resource nor a Consul config entry; left out',
    ]);
    expect(r.errors.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '1:1 no config document was read: the one document was left out: consul.yaml:1 (a document with kind but no apiVersion is neither an Istio resource nor a Consul config entry; left out)',
    ]);
  });

  test('Consul config alone: stubs, a gateway stub and a client stub; it loads as printed', () => {
    const r = imported(
      yaml(...entry('service-splitter', 'Splits: [{ Weight: 50, ServiceSubset: v1 }, { Weight: 50 }]')),
    );
    expect(r.scenario.name).toBe('Consul config consul.yaml');
    expect((r.scenario.services as { id: string }[]).map((s) => s.id)).toEqual(['api', 'api-v1']);
    expect(meshOf(r)).toEqual({
      enabled: true,
      profile: 'consul',
      policies: {
        api: {
          split: [
            { service: 'api-v1', weight: 50 },
            { service: 'api', weight: 50 },
          ],
        },
      },
    });
    expect(r.scenario.gateway).toEqual({ id: 'ingress', routes: [{ id: 'api', service: 'api' }] });
    expect(expectLoads(r).warnings).toEqual([]);
  });
});

// Consul entries built from Consul's own words, mostly valid so that the mappings run deep and the
// "imports without errors, so it loads" half of the property is exercised, now and then a bad value.
const often = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ arbitrary: valid, weight: 30 }, { arbitrary: invalid, weight: 1 });
const junk = fc.constantFrom('', 'x y', '__proto__', null, true, -1, 1e300, 0.5, [], {});
const service = fc.constantFrom('api', 'web', 'admin', 'ghost', '*');
const subset = fc.constantFrom('v1', 'v2', 'v9');
const duration = fc.constantFrom('0s', '250ms', '2s', '1m30s', '-1s');
const destination = fc.record(
  {
    Service: often(service, junk),
    ServiceSubset: often(subset, junk),
    RequestTimeout: often(duration, junk),
    NumRetries: often(fc.integer({ min: 0, max: 200 }), junk),
    RetryOnConnectFailure: often(fc.boolean(), junk),
    RetryOnStatusCodes: often(fc.array(fc.constantFrom(503, 500, 429), { maxLength: 2 }), junk),
    RetryOn: often(
      fc.array(fc.constantFrom('5xx', 'reset', 'cancelled', 'gateway-error'), { maxLength: 2 }),
      junk,
    ),
  },
  { requiredKeys: [] },
);
const name = often(fc.constantFrom('api', 'web', 'billing'), junk);
const consulEntry = fc.oneof(
  fc.record({
    Kind: fc.constant('service-router'),
    Name: name,
    Routes: fc.array(
      fc.record(
        {
          Match: fc.record({
            HTTP: fc.constantFrom({ PathPrefix: '/' }, { PathPrefix: '/x' }, { Methods: ['GET'] }, {}),
          }),
          Destination: destination,
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    Kind: fc.constant('service-splitter'),
    Name: name,
    Splits: fc.array(
      fc.record(
        {
          Weight: often(fc.double({ min: 0, max: 100, noNaN: true }), junk),
          Service: often(service, junk),
          ServiceSubset: often(subset, junk),
        },
        { requiredKeys: ['Weight'] },
      ),
      { maxLength: 3 },
    ),
  }),
  fc.record(
    {
      Kind: fc.constant('service-resolver'),
      Name: name,
      DefaultSubset: often(subset, junk),
      Subsets: fc.dictionary(subset, fc.constant({ Filter: 'Service.Meta.version == v1' }), { maxKeys: 2 }),
      ConnectTimeout: often(
        duration.filter((d) => !d.startsWith('-') && d !== '0s'),
        junk,
      ),
      RequestTimeout: often(duration, junk),
      LoadBalancer: fc.record({
        Policy: often(fc.constantFrom('random', 'least_request', 'ring_hash', 'maglev'), junk),
      }),
      Redirect: fc.record({ Service: often(service, junk) }),
    },
    { requiredKeys: ['Kind', 'Name'] },
  ),
  fc.record(
    {
      Kind: fc.constant('service-defaults'),
      Name: name,
      Protocol: often(fc.constantFrom('http', 'grpc', 'tcp'), junk),
      UpstreamConfig: fc.record(
        {
          Defaults: fc.record({
            Limits: fc.record({ MaxConnections: often(fc.integer({ min: 0, max: 100 }), junk) }),
          }),
          Overrides: fc.array(
            fc.record({
              Name: often(service, junk),
              PassiveHealthCheck: fc.record(
                {
                  Interval: often(
                    duration.filter((d) => !d.startsWith('-') && d !== '0s'),
                    junk,
                  ),
                  MaxFailures: often(fc.integer({ min: 0, max: 10 }), junk),
                  EnforcingConsecutive5xx: often(fc.integer({ min: 0, max: 100 }), junk),
                },
                { requiredKeys: [] },
              ),
            }),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['Kind', 'Name'] },
  ),
  fc.record({
    Kind: fc.constant('service-intentions'),
    Name: often(service, junk),
    Sources: fc.array(
      fc.oneof(
        fc.record({ Name: often(service, junk), Action: often(fc.constantFrom('allow', 'deny'), junk) }),
        fc.record({
          Name: often(service, junk),
          Permissions: fc.array(
            fc.record({
              Action: often(fc.constantFrom('allow', 'deny'), junk),
              HTTP: fc.record(
                { PathPrefix: fc.constantFrom('/a', '/'), Methods: fc.constant(['GET']) },
                { requiredKeys: [] },
              ),
            }),
            { maxLength: 2 },
          ),
        }),
      ),
      { maxLength: 3 },
    ),
  }),
);

describe('importBundle with Consul never throws, and what imports without errors loads', () => {
  test('on random edits of scenarios/consul/canary-bundle.yaml (seed 8500)', () => {
    const edit = textEdit(
      fc.constantFrom(
        ':',
        '- ',
        ' ',
        '\n',
        '[',
        ']',
        '{',
        '}',
        '0',
        '-1',
        '"*"',
        'null',
        '---\n',
        'v9',
        'Kind: mesh\n',
      ),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const text = edits.reduce(applyEdit, CANARY);
        // An edit may break the scenario document: then only the loader can say so.
        checkFuzzedImport(text, importBundle(text, 'canary.yaml'), false);
      }),
      { seed: 8500, numRuns: 300 },
    );
  });

  test('on random Consul entries made of Consul’s own words, as JSON, with the scenario document (seed 8301)', () => {
    fc.assert(
      fc.property(fc.array(consulEntry, { minLength: 1, maxLength: 4 }), (docs) => {
        const text = [...docs.map((d) => JSON.stringify(d)), yaml(...SCENARIO.slice(1))].join('\n---\n');
        checkFuzzedImport(text, importBundle(text, 'consul.json'), true);
      }),
      { seed: 8301, numRuns: 400 },
    );
  });
});
