/**
 * The mesh section: what each profile fills in, the order in which a service's policy is resolved
 * (its own policy, then `mesh.defaults`, then the profile, then the generic mesh), and its errors.
 * Each YAML is written one argument per line, so line N is the Nth string.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { estimateEvents, loadScenario } from '../../src/scenario';
import { mesh, scenario, service } from '../support/build-scenario';
import { errorsOf, GENERIC_POLICY, loaded, onlyError, yaml } from './helpers';

/** A gateway `edge` in front of `api`, which calls `db`; `lines` follow `mesh: enabled: true` (line 6 on). */
const meshed = (...lines: string[]): string =>
  yaml(
    'clients: [ { id: web, arrival: { rate: 1 } } ]',
    'gateway: { id: edge, routes: [ { service: api } ] }',
    'services: [ { id: api, calls: [db] }, { id: db } ]',
    'mesh:',
    '  enabled: true',
    ...lines,
  );
const resolved = (...lines: string[]) => loaded(meshed(...lines)).base.mesh;

const OUTLIER = {
  consecutive5xxErrors: 5,
  consecutiveGatewayErrors: 0,
  interval: 10_000,
  baseEjectionTime: 30_000,
  maxEjectionTime: 300_000,
  maxEjectionPercent: 10,
};
const ENVOY_PASS = { dist: 'lognormal', median: 0.5, p99: 1.5 };

describe('mesh profiles', () => {
  test('istio: Envoy sidecars, LEAST_REQUEST, 2 retries on connect failures to another host, no limits', () => {
    const m = resolved('  profile: istio');
    expect(m).toMatchObject({
      profile: 'istio',
      sidecar: { overhead: ENVOY_PASS, concurrency: 2 },
      mtls: {
        mode: 'PERMISSIVE',
        handshake: { dist: 'constant', value: 1 },
        perRequest: { dist: 'constant', value: 0.02 },
        rotation: 24 * 3_600_000,
        idleTimeout: 3_600_000,
      },
      discovery: { propagationDelay: 0 },
    });
    expect(m.policies.db).toEqual({
      loadBalancer: 'LEAST_REQUEST',
      panicThreshold: 0,
      timeout: Infinity,
      connectTimeout: 10_000,
      retries: {
        attempts: 2,
        perTryTimeout: Infinity,
        retryOn: ['connect-failure', 'refused-stream'],
        backoff: { base: 25, max: 250 },
        otherHost: true,
      },
      connectionPool: GENERIC_POLICY.connectionPool,
    });
  });

  test('linkerd: EWMA, no retries until asked, a 20 % budget; failure accrual off', () => {
    const p = resolved('  profile: linkerd').policies.api;
    expect(p.loadBalancer).toBe('EWMA');
    expect(p.retries).toMatchObject({ attempts: 0, retryOn: ['5xx'], otherHost: true });
    expect(p.retries.budget).toEqual({ kind: 'linkerd', ratio: 0.2, minPerSecond: 10, ttl: 10_000 });
    expect(p.failureAccrual).toBeUndefined();
    expect(p.timeout).toBe(Infinity);
  });

  test("consul: Envoy's limits, panic threshold and outlier detection on; 15 s and 5 s timeouts; 72 h certificates", () => {
    const m = resolved('  profile: consul');
    expect(m.sidecar.overhead).toEqual(ENVOY_PASS);
    expect(m.mtls.rotation).toBe(72 * 3_600_000);
    expect(m.policies.api).toEqual({
      loadBalancer: 'ROUND_ROBIN',
      panicThreshold: 50,
      timeout: 15_000,
      connectTimeout: 5000,
      retries: {
        attempts: 0,
        perTryTimeout: Infinity,
        retryOn: ['5xx'],
        backoff: { base: 25, max: 250 },
        otherHost: false,
      },
      connectionPool: { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 },
      outlierDetection: OUTLIER,
    });
  });

  test('without a profile: the generic mesh, and no profile in the result', () => {
    const m = resolved();
    expect(m.profile).toBeUndefined();
    expect(m.policies).toEqual({ api: GENERIC_POLICY, db: GENERIC_POLICY });
  });
});

describe('resolving a policy', () => {
  test("field by field: the service's own policy, then mesh.defaults, then the profile", () => {
    const m = resolved(
      '  profile: istio',
      '  defaults: { timeout: 2s, retries: { attempts: 1, retryOn: [5xx] }, connectionPool: { maxRequests: 50 } }',
      '  policies:',
      '    api: { timeout: 1s, retries: { perTryTimeout: 300ms }, connectionPool: { maxConnections: 10 } }',
    );
    expect(m.policies.api).toMatchObject({
      loadBalancer: 'LEAST_REQUEST',
      timeout: 1000,
      retries: { attempts: 1, perTryTimeout: 300, retryOn: ['5xx'], otherHost: true },
      connectionPool: { maxConnections: 10, maxRequests: 50, maxPendingRequests: Infinity },
    });
    expect(m.policies.db).toMatchObject({
      timeout: 2000,
      retries: { attempts: 1, perTryTimeout: Infinity, retryOn: ['5xx'] },
      connectionPool: { maxConnections: Infinity, maxRequests: 50 },
    });
  });

  test('retries: 3 is short for { attempts: 3 }; the rest comes from the profile', () => {
    const p = resolved('  profile: istio', '  policies: { api: { retries: 3 } }').policies.api;
    expect(p.retries).toEqual({
      attempts: 3,
      perTryTimeout: Infinity,
      retryOn: ['connect-failure', 'refused-stream'],
      backoff: { base: 25, max: 250 },
      otherHost: true,
    });
  });

  test("a mapping turns a feature on with the profile's field defaults; false turns it off", () => {
    const istio = resolved(
      '  profile: istio',
      '  policies: { api: { outlierDetection: {}, failureAccrual: { consecutiveFailures: 3 }, circuitBreaker: {} } }',
    );
    expect(istio.policies.api.outlierDetection).toEqual(OUTLIER);
    expect(istio.policies.api.failureAccrual).toEqual({
      consecutiveFailures: 3,
      minPenalty: 1000,
      maxPenalty: 60_000,
      jitter: 0.5,
    });
    expect(istio.policies.api.circuitBreaker).toEqual({
      failureRateThreshold: 50,
      slidingWindowSize: 100,
      minimumNumberOfCalls: 100,
      waitDurationInOpenState: 60_000,
      permittedCallsInHalfOpen: 10,
    });
    expect(istio.policies.db.outlierDetection).toBeUndefined();

    const consul = resolved('  profile: consul', '  policies: { db: { outlierDetection: false } }');
    expect(consul.policies.api.outlierDetection).toEqual(OUTLIER);
    expect(consul.policies.db.outlierDetection).toBeUndefined();
  });

  test('a feature on in mesh.defaults: each service may refine it or turn it off', () => {
    const m = resolved(
      '  defaults: { outlierDetection: { interval: 5s } }',
      '  policies: { api: { outlierDetection: { consecutive5xxErrors: 3 } }, db: { outlierDetection: false } }',
    );
    expect(m.policies.api.outlierDetection).toEqual({ ...OUTLIER, consecutive5xxErrors: 3, interval: 5000 });
    expect(m.policies.db.outlierDetection).toBeUndefined();
  });

  test("unwritten upper bounds follow Envoy: backoff max 10 x base, ejections and penalties at least the base's", () => {
    const p = resolved(
      '  policies:',
      '    api:',
      '      retries: { backoff: { base: 100ms } }',
      '      outlierDetection: { baseEjectionTime: 10m }',
      '      failureAccrual: { minPenalty: 2m }',
    ).policies.api;
    expect(p.retries.backoff).toEqual({ base: 100, max: 1000 });
    expect(p.outlierDetection?.maxEjectionTime).toBe(600_000);
    expect(p.failureAccrual?.maxPenalty).toBe(120_000);
  });

  test("budgets: the fields say the kind; missing fields come from that kind; false removes the profile's", () => {
    const m = resolved(
      '  profile: linkerd',
      '  defaults: { retries: { budget: { ttl: 30s } } }',
      '  policies:',
      '    api: { retries: { budget: { percent: 30 } } }',
      '    db: { retries: { budget: { minPerSecond: 5 } } }',
    );
    expect(m.policies.api.retries.budget).toEqual({ kind: 'envoy', percent: 30, minConcurrent: 3 });
    expect(m.policies.db.retries.budget).toEqual({
      kind: 'linkerd',
      ratio: 0.2,
      minPerSecond: 5,
      ttl: 30_000,
    });
    const off = resolved('  profile: linkerd', '  defaults: { retries: { budget: false } }');
    expect(off.policies.api.retries.budget).toBeUndefined();
  });

  test('split, mirror (100 % by default), faults; exclude and authorization kept in order', () => {
    const m = resolved(
      '  exclude: [ db ]',
      '  authorization:',
      '    - { service: db, action: DENY, from: [ edge ], paths: [ /admin ], methods: [ delete ] }',
      '    - { service: db, from: [ api, "*" ] }',
      '  defaults: { fault: { abort: { percentage: 1, httpStatus: 503 } } }',
      '  policies:',
      '    api:',
      '      split: [ { service: api, weight: 90 }, { service: db, weight: 10 } ]',
      '      mirror: { service: db }',
      '      fault: { delay: { percentage: 5, fixedDelay: 1s } }',
    );
    expect(m.exclude).toEqual(['db']);
    expect(m.authorization).toEqual([
      { service: 'db', action: 'DENY', from: ['edge'], paths: ['/admin'], methods: ['DELETE'] },
      { service: 'db', action: 'ALLOW', from: ['api', '*'] },
    ]);
    expect(m.policies.api).toMatchObject({
      split: [
        { service: 'api', weight: 90 },
        { service: 'db', weight: 10 },
      ],
      mirror: { service: 'db', percentage: 100 },
      fault: {
        delay: { percentage: 5, fixedDelay: 1000 },
        abort: { percentage: 1, httpStatus: 503 },
      },
    });
    expect(m.policies.db.fault).toEqual({ abort: { percentage: 1, httpStatus: 503 } });
    expect(m.policies.db.split).toBeUndefined();
  });

  test('authorization paths are prefixes or * patterns; methods may be *', () => {
    const m = resolved(
      '  authorization:',
      '    - { service: api, paths: [ /api, "/v2*", "*.json", "*" ], methods: [ get, "*" ] }',
    );
    expect(m.authorization).toEqual([
      { service: 'api', action: 'ALLOW', paths: ['/api', '/v2*', '*.json', '*'], methods: ['GET', '*'] },
    ]);
    expect(onlyError(meshed('  authorization: [ { service: api, paths: [ api ] } ]'))).toMatchObject({
      line: 6,
      column: 45,
      path: 'mesh.authorization[0].paths[0]',
      message: 'is not a request path',
    });
  });

  test('sidecar, mTLS and discovery fields override the profile one by one', () => {
    const m = resolved(
      '  profile: istio',
      '  sidecar: { concurrency: 4 }',
      '  mtls: { mode: STRICT, rotation: unlimited }',
      '  discovery: { propagationDelay: 2s }',
    );
    expect(m.sidecar).toEqual({ overhead: ENVOY_PASS, concurrency: 4 });
    expect(m.mtls).toMatchObject({ mode: 'STRICT', rotation: Infinity, idleTimeout: 3_600_000 });
    expect(m.discovery.propagationDelay).toBe(2000);
  });

  test('a variant that turns the mesh on changes only enabled', () => {
    const file = loaded(
      meshed('  profile: consul').replace('enabled: true', 'enabled: false') +
        'variants: [ { name: on, mesh: { enabled: true } } ]\n',
    );
    expect(file.variants[0].scenario.mesh).toEqual({ ...file.base.mesh, enabled: true });
  });

  test('the test helper resolves as the loader does', () => {
    const fromFile = resolved('  profile: istio', '  policies: { db: { retries: 1, timeout: 1s } }');
    const inCode = mesh(
      { enabled: true, profile: 'istio', policies: { db: { retries: { attempts: 1 }, timeout: 1000 } } },
      [service('api'), 'db'],
    );
    expect(inCode).toEqual(fromFile);
    expect(scenario({ services: [service('api')] }).mesh).toEqual(mesh({}, ['api']));
  });
});

describe('the size guard with the mesh', () => {
  // 100/s for 10 s straight to api, which calls db: 1000 requests.
  const sized = (...meshLines: string[]) =>
    estimateEvents(
      loaded(
        yaml(
          'duration: 10s',
          'clients: [ { id: web, target: api, arrival: { rate: 100 } } ]',
          'services: [ { id: api, calls: [db] }, { id: db } ]',
          ...meshLines,
        ),
      ).base,
    );

  test("each meshed try costs 2 events more, and the policy's retry attempts add to the tries", () => {
    // Off: (client + api + db) x 3 = 9 per request.
    expect(sized()).toBe(9000);
    expect(sized('mesh: { enabled: false, profile: istio }')).toBe(9000);
    // Generic: client 3 + api's sidecars 2 + api 3 + one try into db (2 + 3) = 13.
    expect(sized('mesh: { enabled: true }')).toBe(13_000);
    // Istio's 2 retries, each counted at a 10 % share: 3 + 2 + 3 + 1.2 x (2 + 3) = 14.
    expect(sized('mesh: { enabled: true, profile: istio }')).toBeCloseTo(14_000, 6);
    // db without a sidecar: 3 + 2 + 3 + 1 x 3 = 11.
    expect(sized('mesh: { enabled: true, exclude: [db] }')).toBe(11_000);
  });
});

describe('mesh errors', () => {
  test('an unknown load balancer, with a hint', () => {
    expect(onlyError(meshed('  defaults: { loadBalancer: LEAST_REQUESTS }'))).toMatchObject({
      line: 6,
      column: 29,
      path: 'mesh.defaults.loadBalancer',
      message: 'unknown load balancer "LEAST_REQUESTS"',
      expected: 'one of ROUND_ROBIN, RANDOM, LEAST_REQUEST, RING_HASH, EWMA',
      hint: 'did you mean "LEAST_REQUEST"?',
    });
  });

  test('a negative panic threshold', () => {
    expect(onlyError(meshed('  policies: { api: { panicThreshold: -5 } }'))).toMatchObject({
      line: 6,
      column: 38,
      path: 'mesh.policies.api.panicThreshold',
      message: 'must not be negative',
      expected: 'a number from 0 to 100',
      found: '-5',
    });
  });

  test('a budget mixing Envoy and Linkerd fields is reported at the first field of the second kind', () => {
    const d = onlyError(meshed('  defaults: { retries: { budget: { percent: 20, ratio: 0.2 } } }'));
    expect(d).toMatchObject({
      line: 6,
      column: 49,
      path: 'mesh.defaults.retries.budget.ratio',
      message: `"ratio" belongs to Linkerd's budget, but "percent" makes this one Envoy's`,
      hint: "a budget is Envoy's (percent, minConcurrent) or Linkerd's (ratio, minPerSecond, ttl), not both",
    });
  });

  test('an empty budget says which fields make one', () => {
    expect(onlyError(meshed('  defaults: { retries: { budget: {} } }'))).toMatchObject({
      line: 6,
      column: 34,
      path: 'mesh.defaults.retries.budget',
      message: 'an empty budget: its fields say which kind it is',
    });
  });

  test('split weights that are all zero', () => {
    const d = onlyError(
      meshed(
        '  policies:',
        '    api:',
        '      split: [ { service: api, weight: 0 }, { service: db, weight: 0 } ]',
      ),
    );
    expect(d).toMatchObject({
      line: 8,
      column: 14,
      path: 'mesh.policies.api.split',
      message: 'split weights must not all be zero',
      expected: 'weights with a positive sum',
      found: '0, 0',
    });
  });

  test('split, mirror, exclude and authorization naming unknown services', () => {
    const errors = errorsOf(
      meshed(
        '  exclude: [ db, cache ]',
        '  authorization:',
        '    - { service: dbb, from: [ api, edge, "*", web ] }',
        '  policies:',
        '    api:',
        '      split: [ { service: api, weight: 9 }, { service: dbb, weight: 1 } ]',
        '      mirror: { service: apii }',
      ),
    );
    expect(
      errors.map(({ line, column, path, message, hint }) => ({ line, column, path, message, hint })),
    ).toEqual([
      { line: 6, column: 18, path: 'mesh.exclude[1]', message: 'unknown service "cache"', hint: undefined },
      {
        line: 8,
        column: 18,
        path: 'mesh.authorization[0].service',
        message: 'unknown service "dbb"',
        hint: 'did you mean "db"?',
      },
      {
        line: 8,
        column: 47,
        path: 'mesh.authorization[0].from[3]',
        message: 'unknown caller "web"',
        hint: 'a client is outside the mesh: its requests come from the gateway, or from anywhere (*)',
      },
      {
        line: 11,
        column: 56,
        path: 'mesh.policies.api.split[1].service',
        message: 'unknown service "dbb"',
        hint: 'did you mean "db"?',
      },
      {
        line: 12,
        column: 26,
        path: 'mesh.policies.api.mirror.service',
        message: 'unknown service "apii"',
        hint: 'did you mean "api"?',
      },
    ]);
    expect(errors[0].expected).toBe('one of api, db');
    expect(errors[2].expected).toBe('one of edge, api, db, *, mesh:*');
  });

  test('a service mirroring to itself', () => {
    expect(onlyError(meshed('  policies: { db: { mirror: { service: db } } }'))).toMatchObject({
      line: 6,
      column: 40,
      path: 'mesh.policies.db.mirror.service',
      message: '"db" cannot mirror its calls to itself',
    });
  });

  test('split and mirror cannot be defaults', () => {
    expect(onlyError(meshed('  defaults: { mirror: { service: db } }'))).toMatchObject({
      line: 6,
      column: 15,
      path: 'mesh.defaults.mirror',
      message: "mirror sends one service's calls elsewhere; it cannot be a default for every service",
      hint: 'write it under mesh.policies.<service>',
    });
  });

  test('a bad mTLS mode', () => {
    expect(onlyError(meshed('  mtls: { mode: PERMISIVE }'))).toMatchObject({
      line: 6,
      column: 17,
      path: 'mesh.mtls.mode',
      message: 'unknown mTLS mode "PERMISIVE"',
      expected: 'one of STRICT, PERMISSIVE, DISABLE',
      hint: 'did you mean "PERMISSIVE"?',
    });
  });

  test('a bad duration', () => {
    expect(onlyError(meshed('  mtls: { rotation: 24hours }'))).toMatchObject({
      line: 6,
      column: 21,
      path: 'mesh.mtls.rotation',
      message: 'is not a duration',
      expected: 'a positive duration such as 250us, 5ms, 1.5s, 2m, 1h, or a number of ms, or unlimited',
      found: '"24hours"',
      hint: 'did you mean "24h"?',
    });
  });

  test('true for a feature: a mapping turns it on', () => {
    expect(onlyError(meshed('  defaults: { outlierDetection: true }'))).toMatchObject({
      line: 6,
      column: 33,
      path: 'mesh.defaults.outlierDetection',
      message: 'must be false or a mapping',
      hint: 'write {} to turn it on with the defaults',
    });
  });

  test('an upper bound below a lower bound from another layer', () => {
    const d = onlyError(
      meshed(
        '  defaults: { retries: { backoff: { base: 200ms } } }',
        '  policies: { api: { retries: { backoff: { max: 100ms } } } }',
      ),
    );
    expect(d).toMatchObject({
      line: 7,
      column: 49,
      path: 'mesh.policies.api.retries.backoff.max',
      message: 'max (100 ms) must not be below base (200 ms, from mesh.defaults.retries.backoff)',
      found: '100 ms',
    });
  });
});

describe('the mesh section under random input', () => {
  const POLICY_KEYS = [
    'loadBalancer',
    'panicThreshold',
    'timeout',
    'retries',
    'attempts',
    'retryOn',
    'backoff',
    'base',
    'max',
    'budget',
    'percent',
    'ratio',
    'ttl',
    'connectionPool',
    'maxConnections',
    'outlierDetection',
    'baseEjectionTime',
    'maxEjectionTime',
    'failureAccrual',
    'minPenalty',
    'maxPenalty',
    'circuitBreaker',
    'fault',
    'abort',
    'percentage',
    'httpStatus',
    'split',
    'mirror',
    'service',
    'weight',
  ] as const;
  const words = fc.constantFrom<unknown>(
    'api',
    'db',
    'edge',
    '*',
    'EWMA',
    'RANDOM',
    '5xx',
    'reset',
    '10ms',
    '1s',
    '10m',
    'unlimited',
    0,
    1,
    3,
    -1,
    0.5,
    50,
    503,
    true,
    false,
    null,
  );
  const { policy } = fc.letrec((tie) => ({
    policy: fc.dictionary(fc.constantFrom(...POLICY_KEYS), tie('value'), { maxKeys: 4 }),
    value: fc.oneof({ depthSize: 'small' }, words, fc.array(tie('value'), { maxLength: 2 }), tie('policy')),
  }));
  const section = fc.record(
    {
      enabled: fc.boolean(),
      profile: fc.constantFrom('istio', 'linkerd', 'consul', 'envoy'),
      exclude: fc.array(fc.constantFrom('api', 'db', 'x'), { maxLength: 2 }),
      defaults: policy,
      policies: fc.dictionary(fc.constantFrom('api', 'db', 'x'), policy, { maxKeys: 2 }),
    },
    { requiredKeys: ['enabled'] },
  );

  test('never fails inside, and a loaded mesh has a complete policy per service (seed 5150)', () => {
    fc.assert(
      fc.property(section, (m) => {
        const text = JSON.stringify({
          clients: [{ id: 'web', target: 'api', arrival: { rate: 1 } }],
          services: [{ id: 'api', calls: ['db'] }, { id: 'db' }],
          mesh: m,
        });
        const r = loadScenario(text, 'fuzz.json');
        if (!r.ok) {
          expect(r.errors.filter((d) => d.message.startsWith('internal error'))).toEqual([]);
          return;
        }
        const { policies } = r.file.base.mesh;
        expect(Object.keys(policies)).toEqual(['api', 'db']);
        for (const p of Object.values(policies)) {
          expect(typeof p.loadBalancer).toBe('string');
          expect(p.retries.attempts).toBeGreaterThanOrEqual(0);
          expect(p.retries.backoff.max).toBeGreaterThanOrEqual(p.retries.backoff.base);
          expect(Object.values(p.connectionPool).every((v) => v >= 1)).toBe(true);
          if (p.outlierDetection)
            expect(p.outlierDetection.maxEjectionTime).toBeGreaterThanOrEqual(
              p.outlierDetection.baseEjectionTime,
            );
          if (p.failureAccrual)
            expect(p.failureAccrual.maxPenalty).toBeGreaterThanOrEqual(p.failureAccrual.minPenalty);
        }
      }),
      { seed: 5150, numRuns: 400 },
    );
  });
});
