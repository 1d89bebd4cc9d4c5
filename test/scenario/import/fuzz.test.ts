/**
 * Property tests of the importers: whatever the input, they return diagnostics and never throw, and
 * whenever an import has no errors, the scenario it prints loads without errors. Each property runs
 * with a fixed seed (in its name), so a failure replays exactly.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { applyEdit, textEdit } from '../../support/text-edits';
import { describe, expect, test } from 'vitest';
import {
  formatDiagnostic,
  importBundle,
  importedYaml,
  importKong,
  loadScenario,
  type ImportResult,
} from '../../../src/scenario';

const read = (name: string): string =>
  readFileSync(new URL(`../../../scenarios/kong/${name}`, import.meta.url), 'utf8');
const KONG_YML = read('kong.yml');
const BUNDLE = read('shop-bundle.yaml');

/** What every import must satisfy; `mustLoad`: without errors, the printed scenario loads. */
function checkResult(text: string, r: ImportResult, mustLoad = true): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const d of [...r.warnings, ...r.errors]) {
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lineCount + 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
    expect(formatDiagnostic(d)).not.toMatch(/[\r\n]/);
    expect(d.message).not.toMatch(/internal error/);
  }
  if (r.errors.length > 0 || !mustLoad) return;
  const printed = importedYaml(r, ['fuzz.yml']);
  const loaded = loadScenario(printed, 'imported.yaml');
  expect(loaded.ok ? [] : loaded.errors.map(formatDiagnostic), printed).toEqual([]);
}

const bits = fc.constantFrom(
  ':',
  ': ',
  '- ',
  ' ',
  '\n',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  '#',
  '0',
  '-1',
  '1e400',
  '.inf',
  'null',
  '~',
  '~/a$',
  '*',
  'x',
  '---\n',
  '__proto__: 1\n',
  'enabled: false\n',
  'tags: [a]\n',
  'weight: 0\n',
);
const edit = textEdit(bits);

// Kong documents built from Kong's own words, mostly valid so that the deep mappings run and the
// "imports cleanly, so it loads" half of the property is exercised, with now and then a bad value.
const often = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: invalid, weight: 1 });
const rarely = <T extends object>(extra: fc.Arbitrary<T>): fc.Arbitrary<T | object> =>
  fc.oneof({ arbitrary: fc.constant({}), weight: 12 }, { arbitrary: extra, weight: 1 });
const junk = fc.oneof(
  fc.constantFrom('', 'x y', '__proto__', 'constructor', null, true, -1, 1e300, 0.0001, 2 ** 53),
  fc.double(),
  fc.array(fc.constantFrom('a', 1), { maxLength: 2 }),
);
const name = fc.constantFrom('catalog', 'orders', 'api', 'a.b', 'A_1', 'x~y', 'constructor');
const group = fc.constantFrom('customers', 'staff', 'nobody');
const method = fc.constantFrom('GET', 'POST', 'PATCH', 'head', 'DELETE');
const path = fc.constantFrom(
  '/',
  '/api',
  '/api/orders',
  '~/health$',
  '~/users/\\d+',
  '~',
  '~^/a?',
  '~(a|b)',
  '/%20',
);
const host = fc.constantFrom('shop.example.com', '*.example.com', 'api', 'a:8080');
const headerName = fc.constantFrom('x-version', 'X-Tenant', 'accept');
const limitBy = fc.constantFrom(
  'consumer',
  'ip',
  'credential',
  'service',
  'header',
  'path',
  'consumer-group',
);
const count = fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0.5, max: 1e6, noNaN: true }));
const seconds = fc.integer({ min: 1, max: 86_400 });
const config: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'rate-limiting': fc.record(
    {
      second: often(count, junk),
      minute: often(count, junk),
      hour: often(count, junk),
      limit_by: often(limitBy, junk),
      header_name: often(headerName, junk),
      policy: often(fc.constantFrom('local', 'cluster', 'redis'), junk),
      sync_rate: often(fc.constantFrom(-1, 0, 0.5, 10), junk),
      fault_tolerant: fc.boolean(),
    },
    { requiredKeys: ['minute'] },
  ),
  'rate-limiting-advanced': fc.record(
    {
      limit: often(fc.array(count, { minLength: 1, maxLength: 2 }), junk),
      window_size: often(fc.array(seconds, { minLength: 1, maxLength: 2 }), junk),
      window_type: often(fc.constantFrom('sliding', 'fixed'), junk),
      identifier: often(limitBy, junk),
      strategy: fc.constantFrom('local', 'redis'),
    },
    { requiredKeys: ['limit', 'window_size'] },
  ),
  'proxy-cache': fc.record(
    {
      cache_ttl: often(seconds, junk),
      request_method: often(fc.array(method, { maxLength: 3 }), junk),
      response_code: often(fc.array(fc.integer({ min: 100, max: 999 }), { maxLength: 3 }), junk),
      strategy: fc.constant('memory'),
    },
    { requiredKeys: [] },
  ),
  acl: fc.oneof(
    fc.record({
      allow: often(fc.array(group, { minLength: 1, maxLength: 2 }), junk),
      hide_groups_header: fc.boolean(),
    }),
    fc.record({ deny: often(fc.array(group, { minLength: 1, maxLength: 2 }), junk) }),
  ),
  'http-log': fc.record(
    {
      http_endpoint: fc.constant('http://logs'),
      queue_size: often(fc.integer({ min: 1, max: 100 }), junk),
      queue: fc.record({ max_batch_size: often(fc.integer({ min: 1, max: 100 }), junk) }),
    },
    { requiredKeys: [] },
  ),
  'key-auth': fc.record(
    { key_names: fc.constant(['apikey']), anonymous: fc.constant('guest') },
    { requiredKeys: [] },
  ),
  'basic-auth': fc.record({ hide_credentials: fc.boolean() }, { requiredKeys: [] }),
  'tcp-log': fc.record({ host: fc.constant('logs'), port: fc.constant(9) }),
  'request-transformer': fc.record({ add: fc.constant({ headers: ['x:1'] }) }, { requiredKeys: [] }),
  cors: fc.record({ origins: fc.constant(['*']) }, { requiredKeys: [] }),
};
const plugin = fc.constantFrom(...Object.keys(config), 'rate-limting', 'jwt').chain((pluginName) =>
  fc
    .tuple(
      fc.record(
        {
          name: often(fc.constant(pluginName), junk),
          config: often(config[pluginName] ?? fc.constant({}), junk),
          enabled: often(fc.constant(true), fc.constant(false)),
          tags: fc.constant(['t']),
        },
        { requiredKeys: ['name', 'config'] },
      ),
      rarely(
        fc.oneof(fc.record({ route: name }), fc.record({ service: name }), fc.record({ consumer: name })),
      ),
    )
    .map(([p, scope]) => ({ ...p, ...scope })),
);
const route = fc.record(
  {
    name: often(name, junk),
    paths: often(fc.array(path, { maxLength: 3 }), junk),
    methods: often(fc.array(method, { maxLength: 3 }), junk),
    hosts: often(fc.array(host, { maxLength: 2 }), junk),
    headers: often(
      fc.dictionary(
        headerName,
        often(fc.array(fc.constantFrom('v1', 'v2', '~*x'), { minLength: 1, maxLength: 2 }), junk),
        { maxKeys: 2 },
      ),
      junk,
    ),
    strip_path: fc.boolean(),
    plugins: fc.array(plugin, { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const topRoute = fc.tuple(route, often(fc.constant('catalog'), name)).map(([r, s]) => ({ ...r, service: s }));
const service = fc.record(
  {
    name: often(name, junk),
    host: often(fc.constantFrom('catalog', 'orders', 'Orders', '10.0.0.1'), junk),
    url: often(
      fc.constantFrom('http://catalog:8080', 'https://orders/v1', 'http://[::1]:80', 'http://a_b'),
      junk,
    ),
    enabled: often(fc.constant(true), fc.constant(false)),
    retries: often(fc.integer({ min: 0, max: 32767 }), junk),
    read_timeout: often(fc.integer({ min: 1, max: 2 ** 31 - 2 }), junk),
    connect_timeout: fc.integer({ min: 1, max: 60_000 }),
    routes: fc.array(route, { maxLength: 3 }),
    plugins: fc.array(plugin, { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const kongDoc = fc.record(
  {
    _format_version: often(fc.constantFrom('3.0', '2.1', '1.1', 3), fc.constantFrom('4.0', null, 'x')),
    services: fc.uniqueArray(service, { minLength: 1, maxLength: 3, selector: (x) => x.name }),
    routes: fc.array(topRoute, { maxLength: 1 }),
    plugins: fc.array(plugin, { maxLength: 3 }),
    upstreams: fc.uniqueArray(
      fc.record(
        {
          name: often(fc.constantFrom('orders', 'catalog', 'ORDERS'), junk),
          algorithm: often(
            fc.constantFrom('round-robin', 'latency', 'least-connections', 'consistent-hashing'),
            junk,
          ),
          hash_on: fc.constantFrom('consumer', 'ip'),
          healthchecks: often(
            fc.record(
              {
                passive: fc.record({
                  unhealthy: fc.record(
                    {
                      http_failures: often(fc.integer({ min: 0, max: 10 }), junk),
                      timeouts: often(fc.integer({ min: 0, max: 10 }), junk),
                      http_statuses: often(
                        fc.array(fc.integer({ min: 100, max: 999 }), { maxLength: 3 }),
                        junk,
                      ),
                    },
                    { requiredKeys: [] },
                  ),
                }),
                active: fc.record({
                  healthy: fc.record(
                    {
                      interval: often(fc.constantFrom(0, 0.5, 5, 65535), junk),
                      successes: often(fc.integer({ min: 0, max: 5 }), junk),
                    },
                    { requiredKeys: [] },
                  ),
                }),
              },
              { requiredKeys: [] },
            ),
            junk,
          ),
          targets: fc.array(
            fc.record({
              target: fc.constantFrom('a:1', 'b:1'),
              weight: often(fc.integer({ min: 0, max: 200 }), junk),
            }),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: ['name'] },
      ),
      { maxLength: 2, selector: (u) => (typeof u.name === 'string' ? u.name.toLowerCase() : u.name) },
    ),
    consumers: fc.uniqueArray(
      fc.record(
        {
          username: fc.constantFrom('alice', 'bob', 'carol'),
          custom_id: name,
          acls: fc.array(fc.record({ group }), { maxLength: 2 }),
        },
        { requiredKeys: ['username'] },
      ),
      { maxLength: 3, selector: (c) => c.username },
    ),
    certificates: fc.constant([]),
  },
  { requiredKeys: ['_format_version'] },
);

describe('importKong never throws, and what imports without errors loads', () => {
  test('on random edits of scenarios/kong/kong.yml (seed 3030)', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const text = edits.reduce(applyEdit, KONG_YML);
        checkResult(text, importKong(text, 'kong.yml'));
      }),
      { seed: 3030, numRuns: 400 },
    );
  });

  test('on random Kong documents made of Kong’s own words, as JSON (seed 1987)', () => {
    fc.assert(
      fc.property(kongDoc, (doc) => {
        const text = JSON.stringify(doc);
        checkResult(text, importKong(text, 'kong.json'));
      }),
      { seed: 1987, numRuns: 500 },
    );
  });

  test('on arbitrary JSON values and text (seed 4711)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
          fc.string({ maxLength: 200 }),
        ),
        (text) => {
          checkResult(text, importKong(text, 'fuzz.yml'));
        },
      ),
      { seed: 4711, numRuns: 300 },
    );
  });
});

describe('importBundle never throws', () => {
  test('on random edits of scenarios/kong/shop-bundle.yaml (seed 2024)', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const text = edits.reduce(applyEdit, BUNDLE);
        // The scenario document may be broken by an edit: then only the loader can say so.
        checkResult(text, importBundle(text, 'shop-bundle.yaml'), false);
      }),
      { seed: 2024, numRuns: 300 },
    );
  });
});
