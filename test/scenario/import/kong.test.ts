/**
 * importKong: Kong declarative config to a meshsim scenario document. The shop config of the scenario
 * library is imported whole (exact routes, retries, plugins and every warning with its line); the
 * mapping rules are then pinned one by one on small configs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  formatDiagnostic,
  importedYaml,
  importKong,
  loadScenario,
  type ImportResult,
} from '../../../src/scenario';
import { yaml } from '../helpers';

const SHOP = readFileSync(new URL('../../../scenarios/kong/kong.yml', import.meta.url), 'utf8');

/** Imports `text`, which must import without errors. */
function imported(text: string, file = 'kong.yml'): ImportResult {
  const r = importKong(text, file);
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  return r;
}

/** The errors of `text`, which must not import. */
function errorsOf(text: string): string[] {
  const r = importKong(text, 'kong.yml');
  expect(r.errors.length).toBeGreaterThan(0);
  return r.errors.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`);
}

/** `line path: message` of each warning but the stub services' (pinned on the shop config). */
const warnings = (r: ImportResult): string[] =>
  r.warnings.filter((d) => !d.message.includes('is a stub')).map((d) => `${d.line} ${d.path}: ${d.message}`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const gatewayOf = (r: ImportResult): any => r.scenario.gateway;

/** The scenario must load as the loader reads files, without errors. */
function expectLoads(r: ImportResult): void {
  const text = importedYaml(r, ['kong.yml']);
  const loaded = loadScenario(text, 'imported.yaml');
  expect(loaded.ok ? [] : loaded.errors.map(formatDiagnostic)).toEqual([]);
}

/** A Kong config with one service `api` (host `api`) and the given route lines and extra lines. */
const oneService = (route: string[], ...rest: string[]): string =>
  yaml(
    '_format_version: "3.0"',
    'services:',
    '  - name: api',
    '    host: api',
    '    routes:',
    '      - name: r',
    ...route.map((l) => `        ${l}`),
    ...rest,
  );

describe('importKong: scenarios/kong/kong.yml', () => {
  const r = imported(SHOP);

  test('routes: paths, methods, hosts, with POST split off because nginx does not retry it once sent', () => {
    const host = { host: 'shop.example.com' };
    const proxyCache = {
      name: 'proxy-cache',
      ttl: '30s',
      methods: ['GET', 'HEAD'],
      statuses: [200, 301, 404],
      // The catalog service's one cache serves both its routes, as Kong keeps one per plugin.
      instance: 'service catalog',
    };
    const orderPlugins = [{ name: 'key-auth' }, { name: 'acl', allow: ['alice', 'bob'] }];
    const healthchecks = { passive: { httpFailures: 5, timeouts: 3 } };
    expect(gatewayOf(r)).toEqual({
      id: 'kong',
      profile: 'kong',
      plugins: [{ name: 'rate-limiting', minute: 100, limit_by: 'consumer', policy: 'local' }],
      routes: [
        {
          id: 'products',
          match: { prefix: '/api/products', methods: ['GET', 'HEAD'], headers: host },
          service: 'catalog',
          retries: { attempts: 3, retryOn: ['connect-failure', 'timeout'], perTryTimeout: '5s' },
          plugins: [proxyCache],
        },
        {
          id: 'product-by-sku',
          match: { prefix: '/api/products/', methods: ['GET'], headers: host },
          service: 'catalog',
          retries: { attempts: 3, retryOn: ['connect-failure', 'timeout'], perTryTimeout: '5s' },
          plugins: [proxyCache],
        },
        {
          id: 'orders',
          match: { prefix: '/api/orders', methods: ['GET'], headers: host },
          service: 'orders',
          retries: { attempts: 2, retryOn: ['connect-failure', 'timeout'], perTryTimeout: '10s' },
          plugins: orderPlugins,
          healthchecks,
        },
        {
          id: 'orders-2',
          match: { prefix: '/api/orders', methods: ['POST'], headers: host },
          service: 'orders',
          retries: { attempts: 2, retryOn: ['connect-failure'], perTryTimeout: '10s' },
          plugins: orderPlugins,
          healthchecks,
        },
      ],
    });
  });

  test('services: stubs named by the hosts; orders has its upstream’s 3 targets as instances', () => {
    expect(r.scenario.services).toEqual([
      { id: 'catalog', instances: 1, concurrency: 8, serviceTime: { dist: 'exponential', mean: '10ms' } },
      { id: 'orders', instances: 3, concurrency: 8, serviceTime: { dist: 'exponential', mean: '10ms' } },
    ]);
  });

  test('the client stub: Poisson 100/s, one entry per route and method, sending as the first consumer', () => {
    const h = { host: 'shop.example.com' };
    expect(r.scenario.clients).toEqual([
      {
        id: 'clients',
        arrival: { process: 'poisson', rate: 100 },
        mix: [
          { weight: 1, method: 'GET', path: '/api/products', headers: h },
          { weight: 1, method: 'HEAD', path: '/api/products', headers: h },
          { weight: 1, method: 'GET', path: '/api/products/', headers: h },
          { weight: 1, method: 'GET', path: '/api/orders', headers: h },
          { weight: 1, method: 'POST', path: '/api/orders', headers: h },
        ],
        consumer: 'alice',
      },
    ]);
    expect(r.scenario.description).toContain('alice (groups: customers), bob (groups: customers, staff)');
  });

  test('every field meshsim does not model and Kong does not default is a warning at its line', () => {
    // Left at Kong's defaults, and so silent: protocols [http, https], strategy memory, key_names
    // [apikey], fault_tolerant true, protocol http, the orders route's strip_path true; labels
    // (tags, _transform) change nothing Kong does. The two strip_path: false are one warning.
    expect(r.warnings.map((d) => [d.line, d.path])).toEqual([
      [10, 'services[0].url'], // port 8080
      [10, 'services[0].url'], // catalog is a stub
      [12, 'services[0].connect_timeout'],
      [14, 'services[0].write_timeout'],
      [22, 'services[0].routes[0].https_redirect_status_code'],
      [23, 'services[0].routes[0].strip_path'], // and line 28
      [25, 'services[0].routes[1].paths[0]'],
      [36, 'services[0].plugins[0].config.content_type'],
      [39, 'services[1].host'], // orders is a stub
      [40, 'services[1].port'],
      [55, 'services[1].plugins[0].config.hide_credentials'],
      [59, 'services[1].plugins[1].config.hide_groups_header'],
      [62, 'upstreams[0].name'], // one health state per route
      [81, 'plugins[1].name'], // correlation-id
      [88, 'consumers[0].custom_id'],
    ]);
    expect(r.warnings.find((d) => d.line === 23)?.message).toBe(
      'not modelled, left out: it rewrites the path sent upstream, which simulated services do not look at (2 places: also line 28)',
    );
    const text = warnings(r).join('\n');
    expect(text).toContain(
      '25 services[0].routes[1].paths[0]: regex path "~/api/products/[A-Z0-9-]+$" is matched as the prefix /api/products/, which takes more requests than the regex',
    );
    expect(text).toContain('81 plugins[1].name: plugin "correlation-id" is not modelled; left out');
    expect(r.warnings.find((d) => d.line === 39)?.message).toMatch(
      /^meshsim service "orders" is a stub \(instances: the 3 targets of upstream "orders"\): .* serviceTime and concurrency are placeholder defaults to edit$/,
    );
    const columns = r.warnings.find((d) => d.path === 'services[0].routes[0].strip_path');
    expect([columns?.line, columns?.column, columns?.file]).toEqual([23, 9, 'kong.yml']);
  });

  test('a field named like an Object method is an unknown field, not a built-in function', () => {
    const r = imported(
      [
        '_format_version: "3.0"',
        'services:',
        '  - { name: s, host: s, constructor: x, toString: y, routes: [ { name: r, paths: [/s] } ] }',
      ].join('\n'),
    );
    const text = warnings(r).join('\n');
    expect(text).not.toContain('native code');
    expect(text).toMatch(/services\[0\]\.constructor: /);
    expect(text).toMatch(/services\[0\]\.toString: /);
  });

  test('the result loads as a scenario without errors, retrying as Kong does (never on a 5xx)', () => {
    const loaded = loadScenario(importedYaml(r, ['kong.yml']), 'imported.yaml');
    if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
    const routes = loaded.file.base.gateway?.routes ?? [];
    expect(routes.map((x) => [x.id, x.retries.attempts, x.retries.perTryTimeout, x.retries.retryOn])).toEqual(
      [
        ['products', 3, 5000, ['connect-failure', 'timeout']],
        ['product-by-sku', 3, 5000, ['connect-failure', 'timeout']],
        ['orders', 2, 10_000, ['connect-failure', 'timeout']],
        ['orders-2', 2, 10_000, ['connect-failure']],
      ],
    );
    expect(loaded.file.base.gateway?.profile).toBe('kong');
    expect(loaded.warnings).toEqual([]);
  });
});

describe('importKong: services and routes', () => {
  test('Kong’s defaults: 5 retries, 60 s read timeout; no paths or methods: one GET / entry', () => {
    const r = imported(oneService(['hosts: [api.example.com]']));
    expect(gatewayOf(r).routes).toEqual([
      {
        id: 'r',
        match: { headers: { host: 'api.example.com' } },
        service: 'api',
        retries: { attempts: 5, retryOn: ['connect-failure', 'timeout'], perTryTimeout: '60s' },
      },
    ]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect((r.scenario.clients as any)[0].mix).toEqual([
      { weight: 1, method: 'GET', path: '/', headers: { host: 'api.example.com' } },
    ]);
    expectLoads(r);
  });

  test('several paths and hosts: one route each, ids r, r-2, ...; unnamed routes take their service’s name', () => {
    const r = imported(
      yaml(
        '_format_version: "3.0"',
        'services:',
        '  - name: api',
        '    url: http://api',
        '    read_timeout: 1500',
        '    routes:',
        '      - paths: [/a, /b]',
        '        hosts: [x.com, y.com]',
        '      - paths: [/c]',
      ),
    );
    expect(gatewayOf(r).routes.map((x: { id: string; match: unknown }) => [x.id, x.match])).toEqual([
      ['api-1', { prefix: '/a', headers: { host: 'x.com' } }],
      ['api-1-2', { prefix: '/a', headers: { host: 'y.com' } }],
      ['api-1-3', { prefix: '/b', headers: { host: 'x.com' } }],
      ['api-1-4', { prefix: '/b', headers: { host: 'y.com' } }],
      ['api-2', { prefix: '/c' }],
    ]);
    expect(gatewayOf(r).routes[0].retries.perTryTimeout).toBe('1500ms');
    expectLoads(r);
  });

  test('regex paths: exact when a literal ends in $, else the literal prefix, with a warning each', () => {
    const r = imported(
      oneService(['paths: ["~/health$", "~/v1/orders", "~/users/\\\\d+/cart", "~^/items?"]']),
    );
    expect(gatewayOf(r).routes.map((x: { match: unknown }) => x.match)).toEqual([
      { path: '/health' },
      { prefix: '/v1/orders' },
      { prefix: '/users/' },
      { prefix: '/item' },
    ]);
    expect(warnings(r).filter((w) => w.includes('regex'))).toEqual([
      '7 services[0].routes[0].paths[0]: regex path "~/health$" is matched as the exact path /health (the same requests)',
      '7 services[0].routes[0].paths[1]: regex path "~/v1/orders" is matched as the prefix /v1/orders (the same requests)',
      '7 services[0].routes[0].paths[2]: regex path "~/users/\\d+/cart" is matched as the prefix /users/, which takes more requests than the regex',
      '7 services[0].routes[0].paths[3]: regex path "~^/items?" is matched as the prefix /item, which takes more requests than the regex',
    ]);
  });

  test('format 2.1 reads a path with regex characters as a regex', () => {
    const r = imported(oneService(['paths: ["/users/\\\\d+", /plain]']).replace('"3.0"', '"2.1"'));
    expect(gatewayOf(r).routes.map((x: { match: unknown }) => x.match)).toEqual([
      { prefix: '/users/' },
      { prefix: '/plain' },
    ]);
    expect(warnings(r)[0]).toContain('Kong 2.x reads it as a regex');
  });

  test('headers: the first of several values (warned), regex values and wildcard hosts left out (warned)', () => {
    const r = imported(
      oneService([
        'hosts: ["*.example.com"]',
        'headers:',
        '  X-Version: [v2, v3]',
        '  x-beta: ["~*^on$"]',
        '  x-tenant: acme',
      ]),
    );
    expect(gatewayOf(r).routes[0].match).toEqual({ headers: { 'x-version': 'v2', 'x-tenant': 'acme' } });
    expect(warnings(r).slice(0, 3)).toEqual([
      '7 services[0].routes[0].hosts: wildcard host "*.example.com" is not modelled: that host condition matches any Host',
      '9 services[0].routes[0].headers.X-Version: Kong matches any of 2 values; meshsim matches one: the first, "v2"',
      '10 services[0].routes[0].headers.x-beta: regex header value "~*^on$" is not modelled; this header condition is left out',
    ]);
    expectLoads(r);
  });

  test('POST-only routes retry only connect failures; retries above 100 are cut, with a warning', () => {
    const r = imported(
      oneService(['methods: [post]']).replace('    host: api', '    host: api\n    retries: 32767'),
    );
    expect(gatewayOf(r).routes[0]).toMatchObject({
      match: { methods: ['POST'] },
      retries: { attempts: 100, retryOn: ['connect-failure'] },
    });
    expect(warnings(r)).toContain(
      '5 services[0].retries: 32767 retries are cut to 100: more only multiply the simulated events',
    );
    expectLoads(r);
  });

  test('an unknown field is a warning with a suggestion; connect_timeout is a warning saying why', () => {
    const r = imported(
      oneService(['stirp_path: false']).replace('    host: api', '    host: api\n    connect_timeout: 100'),
    );
    const byPath = Object.fromEntries(r.warnings.map((d) => [d.path, d]));
    expect(byPath['services[0].routes[0].stirp_path']).toMatchObject({
      line: 8,
      message: 'not a Kong route field; left out',
      hint: 'did you mean "strip_path"?',
    });
    expect(byPath['services[0].connect_timeout'].message).toMatch(/read_timeout alone bounds a try/);
  });

  test('a disabled service and a service without routes are left out, with warnings', () => {
    const r = imported(
      yaml(
        '_format_version: "3.0"',
        'services:',
        '  - { name: off, host: off, enabled: false, routes: [{ paths: [/off] }] }',
        '  - { name: idle, host: idle }',
        '  - { name: on, host: on, routes: [{ paths: [/on] }] }',
      ),
    );
    expect(gatewayOf(r).routes.map((x: { service: string }) => x.service)).toEqual(['on']);
    expect(r.scenario.services?.map((s) => (s as { id: string }).id)).toEqual(['on']);
    expect(warnings(r).slice(0, 2)).toEqual([
      '3 services[0].enabled: the service is disabled: its routes are left out',
      '4 services[1]: service "idle" has no routes: no request reaches it; left out',
    ]);
  });

  test('flat form: top-level routes, targets, acls and plugins find their entities by name', () => {
    const r = imported(
      yaml(
        '_format_version: "3.0"',
        'services: [{ name: shop, host: shop-up }]',
        'routes: [{ name: buy, service: shop, paths: [/buy] }, { name: browse, service: { name: shop }, paths: [/b] }]',
        'upstreams: [{ name: shop-up, algorithm: least-connections }]',
        'targets:',
        '  - { upstream: shop-up, target: "a:80" }',
        '  - { upstream: shop-up, target: "b:80", weight: 50 }',
        '  - { upstream: shop-up, target: "c:80", weight: 0 }',
        'consumers: [{ username: ann }]',
        'acls: [{ consumer: ann, group: vip }]',
        'plugins:',
        '  - { name: acl, route: buy, config: { allow: [vip] } }',
        '  - { name: key-auth, service: shop }',
        '  - { name: http-log, config: { http_endpoint: "http://log", queue: { max_batch_size: 10 } } }',
      ),
    );
    const g = gatewayOf(r);
    expect(g.plugins).toEqual([{ name: 'http-log', mode: 'batched' }]);
    expect(g.routes.map((x: { id: string; plugins: unknown }) => [x.id, x.plugins])).toEqual([
      ['buy', [{ name: 'acl', allow: ['ann'] }, { name: 'key-auth' }]],
      ['browse', [{ name: 'key-auth' }]],
    ]);
    expect(r.scenario.services).toEqual([expect.objectContaining({ id: 'shop-up', instances: 2 })]);
    const text = warnings(r).join('\n');
    expect(g.routes.map((x: { loadBalancer: unknown }) => x.loadBalancer)).toEqual([
      'LEAST_CONNECTIONS',
      'LEAST_CONNECTIONS',
    ]);
    // Unequal weights are the routes' weights; weight 0 is out of rotation, as in Kong: no instance.
    expect(g.routes.map((x: { weights: unknown }) => x.weights)).toEqual([
      [100, 50],
      [100, 50],
    ]);
    expect(text).not.toContain('weight');
    expect(text).toContain('14 plugins[2].config.http_endpoint: not modelled, left out');
    expectLoads(r);
  });
});

describe('importKong: upstreams', () => {
  const upstream = (...lines: string[]): string =>
    yaml(
      '_format_version: "3.0"',
      'services: [{ name: api, host: pool, routes: [{ name: r, paths: [/] }] }]',
      'upstreams:',
      '  - name: pool',
      '    targets: [{ target: "a:1" }, { target: "b:1" }]',
      ...lines.map((l) => `    ${l}`),
    );

  test.each([
    ['round-robin', undefined],
    ['least-connections', 'LEAST_CONNECTIONS'],
    ['consistent-hashing, hash_on: consumer', 'RING_HASH'],
    ['consistent-hashing', undefined], // hash_on none, Kong's default: weighted round robin
    ['latency', 'EWMA'],
  ])('algorithm %s: loadBalancer %s', (algorithm, balancer) => {
    const [name, hashOn] = algorithm.split(', ');
    const r = imported(upstream(`algorithm: ${name}`, ...(hashOn !== undefined ? [hashOn] : [])));
    expect(gatewayOf(r).routes[0].loadBalancer).toBe(balancer);
    expectLoads(r);
  });

  test('consistent-hashing on a header keys the ring hash by that header; a query argument by the client, warned', () => {
    const r = imported(
      upstream('algorithm: consistent-hashing', 'hash_on: header', 'hash_on_header: X-User'),
    );
    expect(gatewayOf(r).routes[0]).toMatchObject({
      loadBalancer: 'RING_HASH',
      hashOn: { by: 'header', header: 'x-user' },
    });
    expect(warnings(r)).toEqual([]);
    const q = imported(
      upstream('algorithm: consistent-hashing', 'hash_on: query_arg', 'hash_on_query_arg: user'),
    );
    expect(gatewayOf(q).routes[0]).toMatchObject({ loadBalancer: 'RING_HASH', hashOn: { by: 'client' } });
    expect(warnings(q)).toEqual([
      '7 upstreams[0].hash_on: hash_on query_arg is approximated by the client: simulated requests carry no query arg to hash; requests of one client stay on one target, as they would for one value',
    ]);
  });

  test('healthchecks: passive counters and statuses, active probing that brings targets back', () => {
    const r = imported(
      upstream(
        'healthchecks:',
        '  threshold: 25',
        '  passive:',
        '    unhealthy: { http_failures: 3, tcp_failures: 2, timeouts: 0, http_statuses: [500, 503, 999] }',
        '    healthy: { successes: 5 }',
        '  active:',
        '    http_path: /status',
        '    healthy: { interval: 5, successes: 2 }',
        '    unhealthy: { interval: 5, http_failures: 2 }',
      ),
    );
    expect(gatewayOf(r).routes[0].healthchecks).toEqual({
      passive: { httpFailures: 3, tcpFailures: 2, httpStatuses: [500, 503] },
      active: { interval: '5s', successes: 2 },
    });
    expect(warnings(r).map((w) => w.split(':')[0])).toEqual([
      '7 upstreams[0].healthchecks.threshold',
      '9 upstreams[0].healthchecks.passive.unhealthy.http_statuses',
      '10 upstreams[0].healthchecks.passive.healthy',
      '12 upstreams[0].healthchecks.active.http_path',
      '14 upstreams[0].healthchecks.active.unhealthy.interval', // passive http_failures 3 does it
    ]);
    expect(warnings(r)[1]).toContain('status codes above 599 never occur in the simulation');
    expectLoads(r);
  });

  test('active probes that take a target out become passive counts where passive checks are off', () => {
    const r = imported(
      upstream(
        'healthchecks:',
        '  active:',
        '    healthy: { interval: 10, successes: 1 }',
        '    unhealthy: { interval: 5, tcp_failures: 2, timeouts: 3 }',
      ),
    );
    expect(gatewayOf(r).routes[0].healthchecks).toEqual({
      passive: { tcpFailures: 2, timeouts: 3 },
      active: { interval: '10s', successes: 1 },
    });
    expect(warnings(r)).toEqual([
      '9 upstreams[0].healthchecks.active.unhealthy.interval: active probes that take a target out are approximated by passive counts (tcpFailures 2, timeouts 3): meshsim counts failed requests, so a down target goes out after that many failed requests instead of that many failed probes 5 s apart',
    ]);
    expectLoads(r);
  });

  test('healthchecks left at Kong’s defaults (all counters 0, no probing) add nothing', () => {
    const r = imported(
      upstream(
        'healthchecks: { passive: { unhealthy: { http_failures: 0 } }, active: { healthy: { interval: 0 } } }',
      ),
    );
    expect(gatewayOf(r).routes[0].healthchecks).toBeUndefined();
  });
});

describe('importKong: plugins', () => {
  const withPlugins = (...plugins: string[]): string =>
    yaml(
      '_format_version: "3.0"',
      'services: [{ name: api, host: api, routes: [{ name: r, paths: [/] }] }]',
      'consumers:',
      '  - { username: ann, acls: [{ group: gold }] }',
      '  - { username: ben, acls: [{ group: gold }, { group: staff }] }',
      'plugins:',
      ...plugins.map((p) => `  - ${p}`),
    );

  test('rate-limiting: periods, limit_by, header_name, policy (redis as cluster), sync_rate as syncDelay', () => {
    const r = imported(
      withPlugins(
        '{ name: rate-limiting, config: { second: 5, hour: 1000.5, limit_by: header, header_name: x-key, policy: redis, sync_rate: 2, redis: { host: r } } }',
      ),
    );
    expect(gatewayOf(r).plugins).toEqual([
      {
        name: 'rate-limiting',
        second: 5,
        hour: 1000,
        limit_by: 'header',
        header_name: 'x-key',
        policy: 'cluster',
        syncDelay: '2s',
      },
    ]);
    expect(warnings(r).slice(0, 3)).toEqual([
      '7 plugins[0].config.hour: meshsim counts whole requests: 1000.5 becomes 1000',
      '7 plugins[0].config.policy: redis is modelled as cluster: one counter shared by every gateway instance',
      "7 plugins[0].config.redis: not modelled by meshsim's rate-limiting plugin; left out",
    ]);
    expectLoads(r);
  });

  test('rate-limiting-advanced: the first limit and window, window_type, identifier as limit_by', () => {
    const r = imported(
      withPlugins(
        '{ name: rate-limiting-advanced, config: { limit: [10, 100], window_size: [1, 60], window_type: fixed, identifier: ip, strategy: local } }',
      ),
    );
    expect(gatewayOf(r).plugins).toEqual([
      { name: 'rate-limiting-advanced', limit: 10, window: '1s', window_type: 'fixed', limit_by: 'ip' },
    ]);
    expect(warnings(r)[0]).toContain('only the first limit (10 per 1 s) is modelled');
    expectLoads(r);
  });

  test('proxy-cache: cache_ttl, request_method, response_code (codes above 599 left out)', () => {
    const r = imported(
      withPlugins(
        '{ name: proxy-cache, config: { cache_ttl: 300, request_method: [get], response_code: [200, 999] } }',
      ),
    );
    expect(gatewayOf(r).plugins).toEqual([
      { name: 'proxy-cache', ttl: '300s', methods: ['GET'], statuses: [200] },
    ]);
    expectLoads(r);
  });

  test('acl: groups become their consumers; a group without consumers stays, with a warning', () => {
    const r = imported(withPlugins('{ name: acl, config: { deny: [staff, robots] } }'));
    expect(gatewayOf(r).plugins).toEqual([{ name: 'acl', deny: ['ben', 'robots'] }]);
    expect(warnings(r)[0]).toContain('group "robots" has no consumers in this config');
  });

  test('Kong names with a meshsim look-alike map onto it, with a warning; duplicates in a scope are left out', () => {
    const r = imported(
      withPlugins(
        '{ name: basic-auth, config: { hide_credentials: true } }',
        '{ name: key-auth }',
        '{ name: tcp-log, config: { host: logs, port: 9 } }',
      ),
    );
    expect(gatewayOf(r).plugins).toEqual([{ name: 'key-auth' }, { name: 'http-log' }]);
    const text = warnings(r).join('\n');
    expect(text).toContain(
      '7 plugins[0].name: plugin "basic-auth" is modelled as key-auth (a credential check answering 401)',
    );
    expect(text).toContain(
      '8 plugins[1].name: a second key-auth plugin in this scope (line 7 has one); left out',
    );
    expect(text).toContain('9 plugins[2].name: plugin "tcp-log" is modelled as http-log (a logging cost)');
    expectLoads(r);
  });

  test('unknown, disabled and consumer-scoped authentication plugins are left out with a warning each', () => {
    const r = imported(
      withPlugins(
        '{ name: rate-limting, config: { minute: 1 } }',
        '{ name: bot-detection }',
        '{ name: jwt, enabled: false }',
        '{ name: key-auth, consumer: ann }',
      ),
    );
    expect(gatewayOf(r).plugins).toBeUndefined();
    expect(r.warnings.slice(1).map((d) => [d.line, d.message, d.hint])).toEqual([
      [7, 'plugin "rate-limting" is not modelled; left out', 'did you mean "rate-limiting"?'],
      [8, 'plugin "bot-detection" is not modelled; left out', undefined],
      [9, 'plugin "jwt" is disabled; left out', undefined],
      [
        10,
        'plugin "key-auth" authenticates, so it cannot be scoped to a consumer (Kong refuses it too); left out',
        undefined,
      ],
    ]);
    expect(r.warnings[0].message).toContain('meshsim service "api" is a stub');
  });

  test('a route’s own plugin wins over its service’s of the same name, as in Kong', () => {
    const r = imported(
      yaml(
        '_format_version: "3.0"',
        'services:',
        '  - name: api',
        '    host: api',
        '    plugins: [{ name: rate-limiting, config: { minute: 10 } }, { name: key-auth }]',
        '    routes:',
        '      - { name: a, paths: [/a], plugins: [{ name: rate-limiting, config: { minute: 99 } }] }',
        '      - { name: b, paths: [/b] }',
      ),
    );
    expect(gatewayOf(r).routes.map((x: { plugins: unknown }) => x.plugins)).toEqual([
      [{ name: 'rate-limiting', minute: 99 }, { name: 'key-auth' }],
      [{ name: 'rate-limiting', minute: 10 }, { name: 'key-auth' }],
    ]);
  });
});

describe('importKong: invalid input gives errors, never a throw', () => {
  test.each([
    ['an empty file', '', '1:1 : the file is empty'],
    ['a list', '- a\n- b\n', '1:1 : not Kong declarative config: it has no _format_version'],
    ['a scalar', 'hello\n', '1:1 : not Kong declarative config: it has no _format_version'],
    ['a meshsim scenario', 'clients: []\n', '1:1 : not Kong declarative config: it has no _format_version'],
    ['YAML syntax', '_format_version: "3.0"\nservices: [\n', 'YAML syntax'],
    [
      'an unknown _format_version',
      '_format_version: "4.0"\n',
      '1:18 _format_version: unsupported _format_version',
    ],
    [
      'a null _format_version',
      '_format_version:\n',
      '1:1 _format_version: Kong declarative config needs _format_version',
    ],
  ])('%s', (_name, text, expected) => {
    expect(errorsOf(text).join('\n')).toContain(expected);
  });

  test.each([
    ['services not a list', 'services: { name: a }', '2:11 services: must be a list'],
    [
      'a service that is not a mapping',
      'services: [catalog]',
      '2:12 services[0]: a Kong service must be a mapping of fields',
    ],
    ['a service without url or host', 'services: [{ name: a }]', 'services[0]: a service needs url or host'],
    [
      'a url without a host',
      'services: [{ name: a, url: "catalog:8080" }]',
      'services[0].url: is not a URL with a host',
    ],
    [
      'retries that are not a number',
      'services: [{ host: a, retries: five }]',
      'services[0].retries: must be an integer from 0 to 32767',
    ],
    [
      'a negative read_timeout',
      'services: [{ host: a, read_timeout: -1 }]',
      'services[0].read_timeout: must be an integer from 1',
    ],
    [
      'a route of an unknown service',
      'routes: [{ service: nope, paths: [/] }]',
      'routes[0].service: no service named "nope"',
    ],
    [
      'a path without /',
      'services: [{ host: a, routes: [{ paths: [api] }] }]',
      'a Kong path starts with / (or ~ for a regex)',
    ],
    [
      'a bad method',
      'services: [{ host: a, routes: [{ methods: ["GE T"] }] }]',
      '"GE T" is not an HTTP method',
    ],
    [
      'a host header',
      'services: [{ host: a, routes: [{ headers: { Host: [x] } }] }]',
      'Kong takes the host under hosts',
    ],
    [
      'rate-limiting without a period',
      'plugins: [{ name: rate-limiting, config: { policy: local } }]',
      'rate-limiting needs a limit for at least one period',
    ],
    [
      'rate-limiting without config',
      'plugins: [{ name: rate-limiting }]',
      'plugin "rate-limiting" needs a config',
    ],
    [
      'a bad limit_by',
      'plugins: [{ name: rate-limiting, config: { minute: 1, limit_by: consumr } }]',
      'is not one of consumer',
    ],
    [
      'acl with allow and deny',
      'plugins: [{ name: acl, config: { allow: [a], deny: [b] } }]',
      'acl takes allow or deny, not both',
    ],
    ['a plugin without a name', 'plugins: [{ config: {} }]', 'a plugin needs a name'],
    ['a plugin of an unknown route', 'plugins: [{ name: key-auth, route: nope }]', 'no route named "nope"'],
    [
      'a target of an unknown upstream',
      'targets: [{ upstream: nope, target: "a:1" }]',
      'no upstream named "nope"',
    ],
    [
      'two services of one name',
      'services: [{ name: a, host: a }, { name: a, host: b }]',
      'a second service named "a"',
    ],
    ['a consumer without a name', 'consumers: [{ tags: [x] }]', 'a consumer needs a username or a custom_id'],
    ['no route at all', 'services: [{ host: a }]', 'nothing to simulate: no route leads to a service'],
  ])('%s', (_name, line, expected) => {
    expect(errorsOf(`_format_version: "3.0"\n${line}\n`).join('\n')).toContain(expected);
  });

  test('a quoted-less _format_version is read, with a warning', () => {
    const r = imported(oneService(['paths: [/]']).replace('"3.0"', '3.0'));
    expect(warnings(r)[0]).toBe(
      '1 _format_version: write it as a string, "3.0": Kong reads only strings here',
    );
  });

  test('diagnostics name the file as given; the output names only its last segment', () => {
    const r = importKong(oneService(['paths: [/]']), 'configs/prod/kong.yml');
    expect(r.warnings[0].file).toBe('configs/prod/kong.yml');
    expect(r.scenario.name).toBe('Kong config kong.yml');
    expect(importedYaml(r, ['configs/prod/kong.yml'])).not.toContain('configs/');
  });
});
