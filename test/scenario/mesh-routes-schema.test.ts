/**
 * The format of a service's mesh routes, per-service mTLS, request authentication, the wider
 * authorization rules and a client's token: what each resolves to, and the error (with its line
 * and column) each misuse gets.
 */
import { describe, expect, test } from 'vitest';
import { errorsOf, loaded, onlyError, yaml } from './helpers';

/** A gateway `edge` in front of `api`, which calls `db`; `lines` follow `mesh: enabled: true` (line 6 on). */
const meshed = (...lines: string[]): string =>
  yaml(
    'clients: [ { id: web, arrival: { rate: 1 } } ]',
    'gateway: { id: edge, routes: [ { service: api } ] }',
    'services: [ { id: api, calls: [db] }, { id: db }, { id: db-v2 } ]',
    'mesh:',
    '  enabled: true',
    ...lines,
  );
const resolved = (...lines: string[]) => loaded(meshed(...lines)).base.mesh;

describe('routes', () => {
  test('resolve with their match, and timeout and retries filled from the service policy', () => {
    const m = resolved(
      '  policies:',
      '    db:',
      '      timeout: 2s',
      '      retries: { attempts: 2, retryOn: [5xx] }',
      '      routes:',
      '        - match: { prefix: /v2, methods: [get], headers: { End-User: jason, x-beta: { present: true }, x-no: { exact: a, invert: true } } }',
      '          retries: { attempts: 4 }',
      '          split: [ { service: db-v2, weight: 1 } ]',
      '        - fault: { abort: { percentage: 10, httpStatus: 503 } }',
      '          timeout: 1s',
    );
    const [first, second] = m.policies.db.routes!;
    expect(first.match).toEqual({
      prefix: '/v2',
      methods: ['GET'],
      headers: [
        { name: 'end-user', op: 'exact', value: 'jason', invert: false },
        { name: 'x-beta', op: 'present', value: '', invert: false },
        { name: 'x-no', op: 'exact', value: 'a', invert: true },
      ],
    });
    expect(first.timeout).toBe(2000);
    expect(first.retries).toMatchObject({ attempts: 4, retryOn: ['5xx'] });
    expect(first.split).toEqual([{ service: 'db-v2', weight: 1 }]);
    // A route with a fault: no retries, no timeout (Istio), whatever it says.
    expect(second.match).toBeUndefined();
    expect(second.timeout).toBe(Infinity);
    expect(second.retries).toMatchObject({ attempts: 0, perTryTimeout: Infinity });
    expect(second.fault).toEqual({ abort: { percentage: 10, httpStatus: 503 } });
    expect(m.policies.api.routes).toBeUndefined();
  });

  test('routes in mesh.defaults are an error at the key', () => {
    expect(onlyError(meshed('  defaults: { routes: [ { timeout: 1s } ] }'))).toMatchObject({
      line: 6,
      column: 15,
      path: 'mesh.defaults.routes',
      message: "routes sends one service's calls elsewhere; it cannot be a default for every service",
    });
  });

  test('split, mirror and fault beside routes are errors: they belong to a route', () => {
    const errors = errorsOf(
      meshed(
        '  policies:',
        '    db:',
        '      split: [ { service: db-v2, weight: 1 } ]',
        '      fault: { abort: { percentage: 1, httpStatus: 500 } }',
        '      routes: [ { timeout: 1s } ]',
      ),
    );
    expect(errors.map((d) => [d.line, d.column, d.path])).toEqual([
      [8, 7, 'mesh.policies.db.split'],
      [9, 7, 'mesh.policies.db.fault'],
    ]);
    expect(errors[0].message).toBe(
      'with routes, split belongs to a route: the first route whose match holds decides where a call goes',
    );
  });

  test('a match gives one of path, prefix and regex', () => {
    expect(
      onlyError(meshed('  policies: { db: { routes: [ { match: { path: /a, regex: "/a.*" } } ] } }')),
    ).toMatchObject({
      line: 6,
      column: 52,
      path: 'mesh.policies.db.routes[0].match.regex',
      message: 'give one of path (exact), prefix or regex, not path and regex',
    });
  });

  test('a path or header regex must compile', () => {
    expect(
      onlyError(meshed('  policies: { db: { routes: [ { match: { regex: "/a(" } } ] } }')),
    ).toMatchObject({
      line: 6,
      column: 49,
      path: 'mesh.policies.db.routes[0].match.regex',
      expected: 'a regular expression',
    });
    expect(
      onlyError(meshed('  policies: { db: { routes: [ { match: { headers: { x: { regex: "[" } } } } ] } }')),
    ).toMatchObject({ line: 6, column: 56, path: 'mesh.policies.db.routes[0].match.headers.x.regex' });
  });

  test('a header condition gives exactly one test', () => {
    expect(
      onlyError(
        meshed('  policies: { db: { routes: [ { match: { headers: { x: { exact: a, prefix: b } } } } ] } }'),
      ),
    ).toMatchObject({
      line: 6,
      column: 56,
      path: 'mesh.policies.db.routes[0].match.headers.x',
      message: 'give one test, not exact and prefix',
    });
    expect(
      onlyError(
        meshed('  policies: { db: { routes: [ { match: { headers: { x: { invert: true } } } } ] } }'),
      ),
    ).toMatchObject({ line: 6, column: 56, message: 'a header condition needs a test' });
  });

  test('a route’s split and mirror name services of the scenario', () => {
    const errors = errorsOf(
      meshed(
        '  policies: { db: { routes: [ { split: [ { service: db-v3, weight: 1 } ], mirror: { service: db } } ] } }',
      ),
    );
    expect(errors.map((d) => [d.line, d.column, d.path, d.message])).toEqual([
      [6, 53, 'mesh.policies.db.routes[0].split[0].service', 'unknown service "db-v3"'],
      [6, 94, 'mesh.policies.db.routes[0].mirror.service', '"db" cannot mirror its calls to itself'],
    ]);
  });
});

describe('per-service mTLS and request authentication', () => {
  test('mtls.services gives a service its own mode over the mesh-wide one', () => {
    const m = resolved('  mtls: { mode: STRICT, services: { db: PERMISSIVE } }');
    expect(m.mtls.mode).toBe('STRICT');
    expect(m.mtls.services).toEqual({ db: 'PERMISSIVE' });
    expect(onlyError(meshed('  mtls: { services: { db: STRCT } }'))).toMatchObject({
      line: 6,
      column: 27,
      path: 'mesh.mtls.services.db',
      hint: 'did you mean "STRICT"?',
    });
    expect(onlyError(meshed('  mtls: { services: { dbx: STRICT } }'))).toMatchObject({
      line: 6,
      column: 23,
      path: 'mesh.mtls.services.dbx',
    });
  });

  test('requestAuthentication lists issuers, for one service or every one', () => {
    const m = resolved('  requestAuthentication: [ { service: db, issuers: [iss] }, { issuers: [corp] } ]');
    expect(m.requestAuthentication).toEqual([{ service: 'db', issuers: ['iss'] }, { issuers: ['corp'] }]);
    expect(onlyError(meshed('  requestAuthentication: [ { service: db } ]'))).toMatchObject({
      line: 6,
      column: 28,
      path: 'mesh.requestAuthentication[0].issuers',
      message: 'missing required field "issuers"',
    });
    expect(onlyError(meshed('  requestAuthentication: [ { service: dbb, issuers: [iss] } ]'))).toMatchObject({
      line: 6,
      column: 39,
      path: 'mesh.requestAuthentication[0].service',
      message: 'unknown service "dbb"',
    });
  });
});

describe('authorization rules and client tokens', () => {
  test('the new rule fields resolve as written; mesh:* is a caller', () => {
    const m = resolved(
      '  authorization:',
      '    - service: db',
      '      from: ["mesh:*"]',
      '      notFrom: [edge]',
      '      notPaths: [/admin]',
      '      notMethods: [delete]',
      '      headers: { X-Tier: [gold, "plat*"] }',
      '      notHeaders: { x-env: ["*"] }',
      '      requestPrincipals: ["iss/*"]',
      '      notRequestPrincipals: [iss/mallory]',
    );
    expect(m.authorization).toEqual([
      {
        service: 'db',
        action: 'ALLOW',
        from: ['mesh:*'],
        notFrom: ['edge'],
        notPaths: ['/admin'],
        notMethods: ['DELETE'],
        headers: { 'x-tier': ['gold', 'plat*'] },
        notHeaders: { 'x-env': ['*'] },
        requestPrincipals: ['iss/*'],
        notRequestPrincipals: ['iss/mallory'],
      },
    ]);
  });

  test('an unknown caller in notFrom is an error like one in from', () => {
    expect(onlyError(meshed('  authorization: [ { service: db, notFrom: [apj] } ]'))).toMatchObject({
      line: 6,
      column: 45,
      path: 'mesh.authorization[0].notFrom[0]',
      message: 'unknown caller "apj"',
    });
  });

  test('a client’s jwt subject defaults to its consumer, else its id', () => {
    const clients = (...lines: string[]) =>
      loaded(yaml('clients:', ...lines, 'services: [ { id: api } ]')).base.clients.map((c) => c.jwt);
    expect(
      clients(
        '  - { id: a, target: api, arrival: { rate: 1 }, jwt: { issuer: iss, subject: alice } }',
        '  - { id: b, target: api, arrival: { rate: 1 }, consumer: bob, jwt: { issuer: iss } }',
        '  - { id: c, target: api, arrival: { rate: 1 }, jwt: { issuer: iss } }',
        '  - { id: d, target: api, arrival: { rate: 1 } }',
      ),
    ).toEqual([
      { issuer: 'iss', subject: 'alice' },
      { issuer: 'iss', subject: 'bob' },
      { issuer: 'iss', subject: 'c' },
      undefined,
    ]);
    expect(
      onlyError(
        yaml(
          'clients: [ { id: a, target: api, arrival: { rate: 1 }, jwt: { subject: x } } ]',
          'services: [ { id: api } ]',
        ),
      ),
    ).toMatchObject({
      line: 1,
      column: 61,
      path: 'clients[0].jwt.issuer',
      message: 'missing required field "issuer"',
    });
  });
});
