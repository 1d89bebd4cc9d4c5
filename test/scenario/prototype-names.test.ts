/**
 * Names a file gives (ids, consumers, groups, keys, headers, variants, Kong, Istio and Consul
 * resource names) that are also the names of Object.prototype's members, `__proto__` among them,
 * behave as any other name: nothing is looked up through a prototype, nothing is written into Object.
 * Each property loads (or imports) a small file built around one draw of names, runs it, and checks
 * that it runs, that every request is accounted for, that the names are in the report as written
 * and that the allow and deny rules keyed by them answer as they would for `alice`.
 *
 * A name that is no valid id (`__proto__` as a service id: ids start with a letter or a digit) is
 * refused by the loader where it stands, with a positioned error, never an internal one.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { VariantReport } from '../../src/report/report';
import {
  formatDiagnostic,
  importedYaml,
  importSources,
  loadScenario,
  type Diagnostic,
  type ImportSource,
} from '../../src/scenario';
import { runFileWithinBudget } from '../support/event-budget';

/** Every member of Object.prototype, and the names a lookup through a prototype trips on. */
const NAMES = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype', 'constructor']),
];
const name = fc.constantFrom(...NAMES);
/** Two different names. */
const twoNames = fc.uniqueArray(name, { minLength: 2, maxLength: 2 }) as fc.Arbitrary<[string, string]>;
const isId = (s: string): boolean => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(s);
const q = (s: string): string => JSON.stringify(s);

let objectNames: string[];
let prototypeNames: string[];
beforeEach(() => {
  objectNames = Object.getOwnPropertyNames(Object);
  prototypeNames = Object.getOwnPropertyNames(Object.prototype);
});
/** Nothing a file does may write into Object, Object.prototype or its methods. */
function expectNoPollution(): void {
  expect(Object.getOwnPropertyNames(Object)).toEqual(objectNames);
  expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
  // Object.prototype's methods (its `constructor` is Object, checked above) hold nothing else.
  for (const member of prototypeNames) {
    const value = Object.getOwnPropertyDescriptor(Object.prototype, member)?.value as unknown;
    if (typeof value === 'function' && value !== Object)
      expect(Object.getOwnPropertyNames(value).sort()).toEqual(['length', 'name']);
  }
}
afterEach(expectNoPollution);

/** The errors of a load refused only for ids that are no ids: one per field, each positioned. */
function expectOnlyIdErrors(errors: readonly Diagnostic[], fields: readonly string[]): void {
  for (const e of errors) {
    expect(e.message, formatDiagnostic(e)).toBe('is not a valid id');
    expect(e.line).toBeGreaterThan(0);
  }
  expect(new Set(errors.map((e) => e.path))).toEqual(new Set(fields));
}

/** Every request generated is answered or still in flight. */
function expectConservation(v: VariantReport): void {
  const { generated, ok, failed, inFlight } = v.requests;
  expect(generated).toBeGreaterThan(0);
  expect(ok + failed + inFlight).toBe(generated);
}

/** The gateway's answers summed by `route consumer status`. */
function answers(v: VariantReport): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of v.gateway!.metrics.breakdown) {
    const key = `${b.route} ${b.consumer} ${b.status}`;
    out.set(key, (out.get(key) ?? 0) + b.count);
  }
  return out;
}

/** A client id other than the drawn one, so that two clients never clash. */
const OTHER = 'other-client';

interface ScenarioNames {
  readonly client: string;
  readonly service: string;
  readonly route: string;
  readonly variant: string;
  readonly header: string;
  /** The consumer the acl allows, and one it does not. */
  readonly consumers: readonly [string, string];
}

/**
 * Two clients through a gateway: /allow lets only `consumers[0]` in (acl allow), /deny keeps only
 * it out (acl deny); both routes need the header `header`, which both clients send, and the mesh
 * lets only calls with that header into `service`, whose policy is keyed by its id.
 */
function scenarioText(n: ScenarioNames): string {
  const [member, outsider] = n.consumers;
  const mix = `mix: [{ path: /allow }, { path: /deny }]`;
  const headers = `headers: { ${q(n.header)}: yes }`;
  return [
    `name: ${q(n.variant)}`,
    'seed: 3',
    'duration: 4s',
    'clients:',
    `  - { id: ${q(n.client)}, consumer: ${q(member)}, ${headers}, arrival: { process: constant, rate: 20 }, ${mix} }`,
    `  - { id: ${OTHER}, consumer: ${q(outsider)}, ${headers}, arrival: { process: constant, rate: 20 }, ${mix} }`,
    'gateway:',
    '  id: edge',
    '  routes:',
    `    - id: ${q(n.route)}`,
    `      match: { prefix: /allow, headers: { ${q(n.header)}: yes } }`,
    `      service: ${q(n.service)}`,
    `      plugins: [{ name: key-auth }, { name: acl, allow: [${q(member)}] }, { name: proxy-cache }]`,
    '    - id: deny-route',
    `      match: { prefix: /deny, headers: { ${q(n.header)}: yes } }`,
    `      service: ${q(n.service)}`,
    `      plugins: [{ name: key-auth }, { name: acl, deny: [${q(member)}] }, { name: rate-limiting, second: 1000, limit_by: header, header_name: ${q(n.header)} }]`,
    'services:',
    `  - { id: ${q(n.service)}, concurrency: 8, serviceTime: { dist: constant, value: 1ms } }`,
    'mesh:',
    '  enabled: true',
    `  policies: { ${q(n.service)}: { timeout: 5s } }`,
    `  authorization: [{ service: ${q(n.service)}, from: ["*"], headers: { ${q(n.header)}: [yes] } }]`,
    'variants:',
    `  - { name: ${q(n.variant)} }`,
    '  - { name: plain, network: { latency: 1ms } }',
    '',
  ].join('\n');
}

describe('names of Object.prototype members in a scenario file', () => {
  test('as client, service, route, consumer, header and variant names (seed 14)', () => {
    const arbitrary = fc.record({
      client: name,
      service: name,
      route: name,
      variant: name,
      header: name,
      consumers: twoNames,
    });
    fc.assert(
      fc.property(arbitrary, (n) => {
        const loaded = loadScenario(scenarioText(n), 'names.yaml');
        const badIds = [
          ...(isId(n.client) ? [] : ['clients[0].id']),
          ...(isId(n.service)
            ? []
            : [
                'gateway.routes[0].service',
                'gateway.routes[1].service',
                'services[0].id',
                'mesh.authorization[0].service',
              ]),
          ...(isId(n.route) ? [] : ['gateway.routes[0].id']),
        ];
        if (badIds.length > 0) {
          if (loaded.ok) return expect.fail('a file with an invalid id loaded');
          return expectOnlyIdErrors(loaded.errors, badIds);
        }
        if (!loaded.ok) return expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
        const report = runFileWithinBudget(loaded.file);
        expect(report.variants.map((v) => v.name)).toEqual([n.variant, 'plain']);
        const [member, outsider] = n.consumers;
        for (const v of report.variants) {
          expectConservation(v);
          expect(Object.keys(v.components)).toEqual(['edge', n.service]);
          expect(Object.keys(v.gateway!.plugins)).toEqual([n.route, 'deny-route']);
          expect(v.gateway!.metrics.routes.map((r) => r.key).sort()).toEqual([n.route, 'deny-route'].sort());
          expect(v.gateway!.metrics.consumers.map((c) => c.key).sort()).toEqual([member, outsider].sort());
          // The acl answers as it would for any name; the header lets every call through the mesh.
          const statuses = answers(v);
          const allowed = [`${n.route} ${member} 200`, `deny-route ${outsider} 200`];
          const refused = [`${n.route} ${outsider} 403`, `deny-route ${member} 403`];
          expect([...statuses.keys()].sort()).toEqual([...allowed, ...refused].sort());
          expect(v.requests.byStatus).toEqual({
            200: allowed.reduce((s, k) => s + statuses.get(k)!, 0),
            403: refused.reduce((s, k) => s + statuses.get(k)!, 0),
          });
        }
        expectNoPollution();
      }),
      { seed: 14, numRuns: 100 },
    );
  });

  test('every name at once in each role, so that none is left out by the draw', () => {
    for (const [i, n] of NAMES.entries()) {
      const other = NAMES[(i + 1) % NAMES.length];
      const text = scenarioText({
        client: isId(n) ? n : 'c',
        service: isId(n) ? n : 's',
        route: isId(n) ? n : 'r',
        variant: n,
        header: n,
        consumers: [n, other],
      });
      const loaded = loadScenario(text, 'names.yaml');
      if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
      const v = runFileWithinBudget(loaded.file).variants[0];
      expectConservation(v);
      expect(v.name).toBe(n);
      expect(v.gateway!.metrics.consumers.map((c) => c.key)).toContain(n);
      expect(v.requests.byStatus[403]).toBeGreaterThan(0);
      expect(v.requests.byStatus[200]).toBeGreaterThan(0);
    }
  });
});

/** Imports `sources` as `meshsim run` does and loads the scenario made; never an internal error. */
function importAndLoad(sources: readonly ImportSource[]) {
  const imported = importSources(sources);
  for (const d of [...imported.errors, ...imported.warnings])
    expect(d.message, formatDiagnostic(d)).not.toMatch(/internal error/);
  if (imported.errors.length > 0) return { imported, loaded: undefined };
  const text = importedYaml(
    imported,
    sources.map((s) => s.fileName),
  );
  return { imported, loaded: loadScenario(text, 'imported.yaml') };
}

interface KongNames {
  readonly service: string;
  readonly route: string;
  readonly group: string;
  readonly key: string;
  /** A consumer in `group`, and one that is not. */
  readonly consumers: readonly [string, string];
}

/** A scenario document (the clients), then Kong config: key-auth, and acl allowing `group`. */
function kongBundle(n: KongNames): string {
  const [member, outsider] = n.consumers;
  const client = (id: string, consumer: string) =>
    `  - { id: ${id}, consumer: ${q(consumer)}, arrival: { process: constant, rate: 20 }, mix: [{ path: /orders }] }`;
  return [
    'name: Kong names',
    'seed: 3',
    'duration: 4s',
    'clients:',
    client('member', member),
    client('outsider', outsider),
    '---',
    "_format_version: '3.0'",
    'services:',
    `  - name: ${q(n.service)}`,
    `    host: ${q(n.service)}`,
    `    routes: [{ name: ${q(n.route)}, paths: [/orders] }]`,
    `    plugins: [{ name: key-auth }, { name: acl, config: { allow: [${q(n.group)}] } }]`,
    'consumers:',
    `  - { username: ${q(member)}, keyauth_credentials: [{ key: ${q(n.key)} }], acls: [{ group: ${q(n.group)} }] }`,
    `  - { username: ${q(outsider)}, keyauth_credentials: [{ key: ${q(`${n.key}-2`)} }] }`,
    '',
  ].join('\n');
}

describe('names of Object.prototype members in a Kong bundle', () => {
  test('as service, route, consumer, group and key-auth key names (seed 15)', () => {
    const arbitrary = fc.record({ service: name, route: name, group: name, key: name, consumers: twoNames });
    fc.assert(
      fc.property(arbitrary, (n) => {
        const { imported, loaded } = importAndLoad([{ text: kongBundle(n), fileName: 'kong-names.yaml' }]);
        if (loaded === undefined) return expect.fail(imported.errors.map(formatDiagnostic).join('\n'));
        if (!loaded.ok) return expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
        // A route's name is its id, a service's host (lower-cased, as hosts are) its service's;
        // what an id cannot start with (`__proto__`) is left out.
        const route = loaded.file.base.gateway!.routes[0].id;
        const service = loaded.file.base.services[0].id;
        if (isId(n.route)) expect(route).toBe(n.route);
        if (isId(n.service)) expect(service).toBe(n.service.toLowerCase());
        const v = runFileWithinBudget(loaded.file).variants[0];
        expectConservation(v);
        expect(Object.keys(v.components)).toEqual(['kong', service]);
        const [member, outsider] = n.consumers;
        const statuses = answers(v);
        expect([...statuses.keys()].sort()).toEqual(
          [`${route} ${member} 200`, `${route} ${outsider} 403`].sort(),
        );
        expect(v.requests.generated).toBe(v.requests.byStatus[200] + v.requests.byStatus[403]);
        expectNoPollution();
      }),
      { seed: 15, numRuns: 100 },
    );
  });
});

interface MeshNames {
  /** The service the mesh config routes; its subsets' services are `service-subset`. */
  readonly service: string;
  readonly subset: string;
  readonly header: string;
  /** The Istio resources' metadata names. */
  readonly resource: string;
}

/**
 * A scenario document: `front` calls `service` for two clients, one of which sends the header
 * `header: yes`; the mesh config that follows sends calls with that header to the subset `subset`
 * and the others to the subset `other`.
 */
function meshScenario(n: MeshNames): string[] {
  const client = (id: string, headers: string) =>
    `  - { id: ${id}, target: front, ${headers}arrival: { process: constant, rate: 20 }, mix: [{ path: /x }] }`;
  return [
    'name: mesh names',
    'seed: 3',
    'duration: 4s',
    'clients:',
    client('tagged', `headers: { ${q(n.header)}: "yes" }, `),
    client('untagged', ''),
    'services:',
    `  - { id: front, calls: [${q(n.service)}], concurrency: 8, serviceTime: { dist: constant, value: 1ms } }`,
    `  - { id: ${q(n.service)}, concurrency: 8, serviceTime: { dist: constant, value: 1ms } }`,
  ];
}

function istioBundle(n: MeshNames): string {
  return [
    ...meshScenario(n),
    '---',
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    `metadata: { name: ${q(n.resource)} }`,
    'spec:',
    `  hosts: [${q(n.service)}]`,
    '  http:',
    `    - match: [{ headers: { ${q(n.header)}: { exact: "yes" } } }]`,
    `      route: [{ destination: { host: ${q(n.service)}, subset: ${q(n.subset)} } }]`,
    `    - route: [{ destination: { host: ${q(n.service)}, subset: other } }]`,
    '---',
    'apiVersion: networking.istio.io/v1',
    'kind: DestinationRule',
    `metadata: { name: ${q(n.resource)} }`,
    'spec:',
    `  host: ${q(n.service)}`,
    `  subsets: [{ name: ${q(n.subset)}, labels: { version: ${q(n.subset)} } }, { name: other, labels: { version: other } }]`,
    '',
  ].join('\n');
}

function consulBundle(n: MeshNames): string {
  return [
    ...meshScenario(n),
    '---',
    'Kind: service-resolver',
    `Name: ${q(n.service)}`,
    'DefaultSubset: other',
    'Subsets:',
    `  ${q(n.subset)}: { Filter: "Service.Meta.version == a" }`,
    '  other: { Filter: "Service.Meta.version == b" }',
    '---',
    'Kind: service-router',
    `Name: ${q(n.service)}`,
    'Routes:',
    `  - Match: { HTTP: { Header: [{ Name: ${q(n.header)}, Exact: "yes" }] } }`,
    `    Destination: { ServiceSubset: ${q(n.subset)} }`,
    '',
  ].join('\n');
}

describe('names of Object.prototype members in Istio and Consul config', () => {
  const arbitrary = fc.record({ service: name, subset: name, header: name, resource: name });

  test.each([
    ['Istio', 16, istioBundle],
    ['Consul', 17, consulBundle],
  ])('%s: as service, subset, header and resource names (seed %i)', (_product, seed, bundle) => {
    fc.assert(
      fc.property(arbitrary, (n) => {
        const { imported, loaded } = importAndLoad([{ text: bundle(n), fileName: 'mesh-names.yaml' }]);
        if (!isId(n.service)) {
          // The scenario document names the service, whose id must start with a letter or a digit.
          const errors = loaded === undefined || loaded.ok ? imported.errors : loaded.errors;
          expect(errors.length).toBeGreaterThan(0);
          for (const e of errors) expect(e.message, formatDiagnostic(e)).toBe('is not a valid id');
          return;
        }
        if (loaded === undefined) return expect.fail(imported.errors.map(formatDiagnostic).join('\n'));
        if (!loaded.ok) return expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
        const v = runFileWithinBudget(loaded.file).variants[0];
        expectConservation(v);
        expect(v.requests.ok).toBe(v.requests.generated);
        // The tagged client's calls go to the subset named, the others' to `other`: half each.
        const chosen = `${n.service}-${n.subset}`;
        const other = `${n.service}-other`;
        expect(Object.keys(v.components).sort()).toEqual(['front', n.service, chosen, other].sort());
        expect(v.components[chosen].served).toBe(v.requests.generated / 2);
        expect(v.components[other].served).toBe(v.requests.generated / 2);
        expectNoPollution();
      }),
      { seed, numRuns: 60 },
    );
  });
});

describe('__proto__ as a key', () => {
  const P = '__proto__: { polluted: 1 }';
  /** The paths of the diagnostics that name a `__proto__` key, the key being their last part. */
  const protoPaths = (ds: readonly Diagnostic[]) =>
    ds.filter((d) => d.path.endsWith('__proto__')).map((d) => `${d.line}:${d.column} ${d.path}`);

  test('in a scenario file: an unknown field where fields are fixed, a header like any other', () => {
    const text = [
      'name: proto keys',
      P,
      'clients:',
      `  - { id: c, target: api, ${P}, headers: { __proto__: x }, arrival: { rate: 1 }, mix: [{ path: /, ${P} }] }`,
      `services: [{ id: api, ${P} }]`,
      `mesh: { enabled: true, ${P}, policies: { api: { ${P} } } }`,
    ].join('\n');
    const r = loadScenario(text, 'proto.yaml');
    if (r.ok) return expect.fail('loaded');
    expect(r.errors.map((e) => e.message)).toEqual(Array(6).fill('unknown field "__proto__"'));
    expect(protoPaths(r.errors)).toEqual([
      '2:1 __proto__',
      '4:27 clients[0].__proto__',
      '4:121 clients[0].mix[0].__proto__',
      '5:23 services[0].__proto__',
      '6:24 mesh.__proto__',
      '6:71 mesh.policies.api.__proto__',
    ]);
    const headerOnly = loadScenario(
      'clients: [{ id: c, target: api, headers: { __proto__: x }, arrival: { rate: 1 } }]\nservices: [{ id: api }]',
      'proto.yaml',
    );
    if (!headerOnly.ok) return expect.fail(headerOnly.errors.map(formatDiagnostic).join('\n'));
    const headers = headerOnly.file.base.clients[0].headers;
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.entries(headers)).toEqual([['__proto__', 'x']]);
  });

  test.each([
    [
      'Kong',
      [
        "_format_version: '3.0'",
        P,
        'services:',
        '  - name: api',
        `    ${P}`,
        '    url: http://api:80',
        `    routes: [{ name: r, paths: [/], ${P}, headers: { __proto__: [x] } }]`,
        `    plugins: [{ name: rate-limiting, config: { minute: 5, ${P} } }]`,
        `consumers: [{ username: u, ${P}, acls: [{ group: g, ${P} }] }]`,
      ],
      [
        '2:1 __proto__',
        '5:5 services[0].__proto__',
        '7:37 services[0].routes[0].__proto__',
        '8:59 services[0].plugins[0].config.__proto__',
        '9:28 consumers[0].__proto__',
        '9:75 consumers[0].acls[0].__proto__',
      ],
      '      match: { prefix: /, headers: { __proto__: x } }',
    ],
    [
      'Istio',
      [
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        P,
        `metadata: { name: r, ${P} }`,
        'spec:',
        `  ${P}`,
        '  hosts: [reviews]',
        '  http:',
        `    - ${P}`,
        `      match: [{ headers: { __proto__: { exact: x } }, ${P} }]`,
        `      route: [{ destination: { host: reviews, ${P} } }]`,
        '---',
        'clients: [{ id: c, target: reviews, arrival: { rate: 1 } }]',
        'services: [{ id: reviews }]',
      ],
      [
        '3:1 __proto__',
        '4:22 metadata.__proto__',
        '6:3 spec.__proto__',
        '9:7 spec.http[0].__proto__',
        '10:55 spec.http[0].match[0].__proto__',
        '11:47 spec.http[0].route[0].destination.__proto__',
      ],
      '        - match: { headers: { __proto__: x } }',
    ],
    [
      'Consul',
      [
        'Kind: service-router',
        'Name: api',
        P,
        'Routes:',
        `  - ${P}`,
        `    Match: { HTTP: { ${P}, Header: [{ Name: __proto__, Exact: x }] } }`,
        `    Destination: { Service: api, ${P} }`,
        '---',
        'clients: [{ id: c, target: api, arrival: { rate: 1 } }]',
        'services: [{ id: api }]',
      ],
      [
        '3:1 __proto__',
        '5:5 Routes[0].__proto__',
        '6:22 Routes[0].Match.HTTP.__proto__',
        '7:34 Routes[0].Destination.__proto__',
      ],
      '        - match: { headers: { __proto__: x } }',
    ],
  ])(
    'in %s config: a warning where fields are fixed, a header like any other',
    (_product, lines, warned, match) => {
      const { imported, loaded } = importAndLoad([{ text: lines.join('\n'), fileName: 'proto.yaml' }]);
      expect(imported.errors).toEqual([]);
      expect(protoPaths(imported.warnings)).toEqual(warned);
      // The header condition named __proto__ is kept, not lost to an assignment that sets a prototype.
      const text = importedYaml(imported, ['proto.yaml']);
      expect(text.split('\n')).toContain(match);
      if (!loaded?.ok) return expect.fail('the imported scenario does not load');
    },
  );
});
