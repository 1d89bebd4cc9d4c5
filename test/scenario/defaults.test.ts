import { describe, expect, test } from 'vitest';
import type { Scenario } from '../../src/scenario/types';
import { GENERIC_MESH_SETTINGS, GENERIC_POLICY, loaded, warningsOf, yaml } from './helpers';

describe('defaults', () => {
  test('a minimal file gets every default filled', () => {
    const file = loaded(
      yaml('clients: [ { id: web, target: api, arrival: { rate: 5 } } ]', 'services: [ { id: api } ]'),
      'lessons/tiny.yaml',
    );
    const expected: Scenario = {
      name: 'tiny',
      description: '',
      seed: 1,
      duration: 60_000,
      warmup: 0,
      clients: [
        {
          id: 'web',
          target: 'api',
          arrival: { process: 'poisson', rate: 5 },
          schedule: [],
          mix: [{ weight: 1, method: 'GET', path: '/', headers: {} }],
          credentials: { invalid: 0 },
          headers: {},
          timeout: Infinity,
          retryAfter: { attempts: 0 },
        },
      ],
      services: [
        {
          id: 'api',
          instances: 1,
          concurrency: 1,
          queue: Infinity,
          serviceTime: { dist: 'constant', value: 0 },
          errorRate: 0,
          calls: [],
          callMode: 'sequential',
          model: 'thread-per-request',
        },
      ],
      network: { latency: { dist: 'constant', value: 0 }, crossRegion: { dist: 'constant', value: 0 } },
      // Off, but resolved all the same: the generic mesh, with a policy for each service.
      mesh: { enabled: false, ...GENERIC_MESH_SETTINGS, policies: { api: GENERIC_POLICY } },
      faults: [],
      tracing: { sample: 0.01, keep: 200 },
      playback: { start: 0 },
      tryThis: [],
      replications: 1,
      expect: [],
      keyFigures: [],
    };
    expect(file).toEqual({ base: expected, variants: [] });
  });

  test('gateway, route, call and fault defaults; clients default to the gateway', () => {
    const s = loaded(
      yaml(
        // Users that never think, against services that take no time: a run of 1 ms keeps them within the size guard.
        'duration: 1ms',
        'clients: [ { id: web, arrival: { users: 3 } } ]',
        'gateway:',
        '  routes: [ { service: api }, { service: api, retries: 2, match: { methods: [post, Get], headers: { X-Tenant: 7 } } } ]',
        'services:',
        '  - { id: api, calls: [ db, { service: db, optional: true } ], queue: unlimited }',
        '  - { id: db }',
        'faults: [ { kind: errors, target: db, rate: 0.5 } ]',
      ),
    ).base;
    expect(s.clients[0].target).toBe('gateway');
    expect(s.clients[0].arrival).toEqual({
      process: 'closed',
      users: 3,
      think: { dist: 'constant', value: 0 },
    });
    expect(s.gateway).toMatchObject({
      id: 'gateway',
      instances: 1,
      concurrency: 256,
      queue: Infinity,
      overhead: { dist: 'constant', value: 0 },
      plugins: [],
    });
    expect(s.gateway?.routes[0]).toEqual({
      id: 'route-1',
      match: {},
      service: 'api',
      timeout: Infinity,
      retries: { attempts: 0, retryOn: ['5xx'], perTryTimeout: Infinity },
      plugins: [],
      loadBalancer: 'ROUND_ROBIN',
    });
    expect(s.gateway?.routes[1]).toMatchObject({
      id: 'route-2',
      match: { methods: ['POST', 'GET'], headers: { 'x-tenant': '7' } },
      retries: { attempts: 2, retryOn: ['5xx'], perTryTimeout: Infinity },
    });
    expect(s.services[0].calls).toEqual([
      { service: 'db', optional: false, timeout: Infinity },
      { service: 'db', optional: true, timeout: Infinity },
    ]);
    expect(s.services[0].queue).toBe(Infinity);
    expect(s.faults).toEqual([{ kind: 'errors', at: 0, for: Infinity, target: 'db', rate: 0.5 }]);
  });

  test('methods are upper-cased, header names lower-cased, the schedule sorted', () => {
    const c = loaded(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { process: constant, rate: 10 }',
        '    schedule: [ { at: 20s, rate: 5 }, { at: 10s, rate: 50 } ]',
        '    headers: { X-Client-Version: v1 }',
        '    mix: [ { method: post, path: /orders, headers: { Content-Type: json } }, { weight: 3, keys: { count: 10 } } ]',
        'services: [ { id: api } ]',
      ),
    ).base.clients[0];
    expect(c.headers).toEqual({ 'x-client-version': 'v1' });
    expect(c.schedule).toEqual([
      { at: 10_000, rate: 50 },
      { at: 20_000, rate: 5 },
    ]);
    expect(c.mix).toEqual([
      { weight: 1, method: 'POST', path: '/orders', headers: { 'content-type': 'json' } },
      { weight: 3, method: 'GET', path: '/', keys: { count: 10, zipf: 1 }, headers: {} },
    ]);
  });

  test('route retries in full form, with status codes as strings', () => {
    const r = loaded(
      yaml(
        'clients: [ { id: web, arrival: { rate: 1 } } ]',
        'gateway:',
        '  routes: [ { service: api, retries: { attempts: 3, retryOn: [503, reset], perTryTimeout: 100ms } } ]',
        'services: [ { id: api } ]',
      ),
    ).base.gateway?.routes[0];
    expect(r?.retries).toEqual({ attempts: 3, retryOn: ['503', 'reset'], perTryTimeout: 100 });
  });

  test('distributions: each form, a bare duration meaning constant', () => {
    const services = loaded(
      yaml(
        'clients: [ { id: web, target: a, arrival: { rate: 1 } } ]',
        'services:',
        '  - { id: a, serviceTime: 3ms }',
        '  - { id: b, serviceTime: { dist: exponential, mean: 2ms } }',
        '  - { id: c, serviceTime: { dist: uniform, min: 1ms, max: 3ms } }',
        '  - { id: d, serviceTime: { dist: lognormal, median: 4ms, p99: 30ms } }',
        '  - { id: e, serviceTime: { dist: lognormal, mean: 5ms, sd: 2ms } }',
        '  - { id: f, serviceTime: { dist: pareto, min: 1ms, alpha: 2.5 } }',
        '  - { id: g, serviceTime: { dist: constant, value: 1s } }',
      ),
    ).base.services.map((x) => x.serviceTime);
    expect(services).toEqual([
      { dist: 'constant', value: 3 },
      { dist: 'exponential', mean: 2 },
      { dist: 'uniform', min: 1, max: 3 },
      { dist: 'lognormal', median: 4, p99: 30 },
      { dist: 'lognormal', mean: 5, sd: 2 },
      { dist: 'pareto', min: 1, alpha: 2.5 },
      { dist: 'constant', value: 1000 },
    ]);
  });

  test('YAML anchors and merge keys work', () => {
    const s = loaded(
      yaml(
        'clients: [ { id: web, target: a, arrival: { rate: 1 } } ]',
        'services:',
        '  - &svc { id: a, instances: 2, serviceTime: 4ms }',
        '  - { <<: *svc, id: b }',
      ),
    ).base;
    expect(s.services[1]).toMatchObject({
      id: 'b',
      instances: 2,
      serviceTime: { dist: 'constant', value: 4 },
    });
  });

  test('an alias stands for the last anchor of its name written before it, as YAML says', () => {
    const s = loaded(
      yaml(
        'clients: [ { id: web, target: a, arrival: { rate: 1 } } ]',
        'services:',
        '  - &svc { id: a, instances: 2, serviceTime: 4ms }',
        '  - { <<: *svc, id: b }',
        '  - &svc { id: c, instances: 3, serviceTime: 9ms }',
        '  - { <<: *svc, id: d }',
      ),
    ).base;
    expect(s.services.map((x) => [x.id, x.instances, x.serviceTime])).toEqual([
      ['a', 2, { dist: 'constant', value: 4 }],
      ['b', 2, { dist: 'constant', value: 4 }],
      ['c', 3, { dist: 'constant', value: 9 }],
      ['d', 3, { dist: 'constant', value: 9 }],
    ]);
  });

  test('the mesh section is resolved: the policy as written over the profile, every service covered', () => {
    const m = loaded(
      yaml(
        'clients: [ { id: web, target: api, arrival: { rate: 1 } } ]',
        'services: [ { id: api, calls: [db] }, { id: db } ]',
        'mesh:',
        '  enabled: true',
        '  profile: linkerd',
        '  policies:',
        '    api: { timeout: 1s, retries: 2, loadBalancer: RANDOM, outlierDetection: { interval: 5s } }',
      ),
    ).base.mesh;
    const linkerd = {
      loadBalancer: 'EWMA',
      panicThreshold: 0,
      timeout: Infinity,
      connectTimeout: Infinity,
      retries: {
        attempts: 0,
        perTryTimeout: Infinity,
        retryOn: ['5xx'],
        backoff: { base: 25, max: 250 },
        otherHost: true,
        budget: { kind: 'linkerd', ratio: 0.2, minPerSecond: 10, ttl: 10_000 },
      },
      connectionPool: GENERIC_POLICY.connectionPool,
    };
    expect(m).toEqual({
      enabled: true,
      profile: 'linkerd',
      sidecar: { overhead: { dist: 'lognormal', median: 0.25, p99: 0.8 }, concurrency: 2 },
      mtls: {
        mode: 'PERMISSIVE',
        handshake: { dist: 'constant', value: 1 },
        perRequest: { dist: 'constant', value: 0.02 },
        rotation: 86_400_000,
        idleTimeout: 3_600_000,
        services: {},
      },
      discovery: { propagationDelay: 0 },
      exclude: [],
      authorization: [],
      requestAuthentication: [],
      policies: {
        api: {
          ...linkerd,
          loadBalancer: 'RANDOM',
          timeout: 1000,
          retries: { ...linkerd.retries, attempts: 2 },
          outlierDetection: {
            consecutive5xxErrors: 5,
            consecutiveGatewayErrors: 0,
            interval: 5000,
            baseEjectionTime: 30_000,
            maxEjectionTime: 300_000,
            maxEjectionPercent: 10,
          },
        },
        db: linkerd,
      },
    });
  });

  test('warnings: a mesh left without enabled, steps and faults after the end, infinite-mean pareto', () => {
    const w = warningsOf(
      yaml(
        'duration: 10s',
        'clients: [ { id: web, target: api, arrival: { rate: 1 }, schedule: [ { at: 20s, rate: 2 } ] } ]',
        'services: [ { id: api, serviceTime: { dist: pareto, min: 1ms, alpha: 1 } } ]',
        'faults: [ { kind: crash, target: api, at: 30s } ]',
        'mesh:',
        '  sidecar: { overhead: 1ms }',
      ),
    );
    expect(w.map((d) => [d.line, d.column, d.path])).toEqual([
      [2, 76, 'clients[0].schedule[0].at'],
      [3, 70, 'services[0].serviceTime.alpha'],
      [4, 43, 'faults[0].at'],
      [6, 3, 'mesh.enabled'],
    ]);
    expect(w.every((d) => d.severity === 'warning')).toBe(true);
  });
});
