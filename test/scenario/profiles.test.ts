import { describe, expect, it } from 'vitest';
import { loaded, yaml } from './helpers';
import { runScenarioWithinBudget } from '../support/event-budget';

/** A gateway of `profile` in front of one service; `route` adds fields to its one route. */
function shop(profile: string | undefined, route = '', service = '', path = '/api/items') {
  return loaded(
    yaml(
      'duration: 2s',
      'clients:',
      `  - { id: c, arrival: { process: constant, rate: 100 }, mix: [ { weight: 1, path: ${path} } ] }`,
      'gateway:',
      '  id: edge',
      ...(profile ? [`  profile: ${profile}`] : []),
      `  routes: [ { match: { prefix: /api }, service: s${route} } ]`,
      'services:',
      `  - { id: s, instances: 2${service} }`,
    ),
  ).base;
}

describe('gateway profiles', () => {
  it('kong: five retries on connect errors and timeouts, 60 s per try, no overall deadline', () => {
    const route = shop('kong').gateway!.routes[0];
    expect(route.retries).toEqual({
      attempts: 5,
      retryOn: ['connect-failure', 'timeout'],
      perTryTimeout: 60_000,
    });
    expect(route.timeout).toBe(Infinity);
    expect(shop('kong').gateway!.noRouteStatus).toBe(404);
  });

  it('aws-api-gateway: a 29 s integration timeout, no retries, 403 for an unknown route', () => {
    const gateway = shop('aws-api-gateway').gateway!;
    expect(gateway.routes[0].timeout).toBe(29_000);
    expect(gateway.routes[0].retries.attempts).toBe(0);
    expect(gateway.noRouteStatus).toBe(403);
  });

  it('apigee: 55 s io timeout per try and a retry on I/O errors', () => {
    const route = shop('apigee').gateway!.routes[0];
    expect(route.retries.perTryTimeout).toBe(55_000);
    expect(route.retries.retryOn).toEqual(['connect-failure', 'reset', 'timeout']);
  });

  it('without a profile: no deadline, no retries', () => {
    const route = shop(undefined).gateway!.routes[0];
    expect(route.timeout).toBe(Infinity);
    expect(route.retries.attempts).toBe(0);
  });

  it('explicit fields override the profile', () => {
    const route = shop('kong', ', timeout: 2s, retries: 1').gateway!.routes[0];
    expect(route.timeout).toBe(2000);
    expect(route.retries).toEqual({ attempts: 1, retryOn: ['5xx'], perTryTimeout: Infinity });
  });

  it('kong never retries a 5xx answer (BEHAVIOUR item 8)', () => {
    const r = runScenarioWithinBudget(shop('kong', '', ', errorRate: 0.5'), 'kong');
    expect(r.attempts.retries).toBe(0);
    expect(r.attempts.total).toBe(r.requests.generated);
  });

  it('kong retries a refused connection on the next target', () => {
    // Instance 0 is down the whole run. Round robin alternates over both instances, and the retry
    // takes the next turn, so every first try lands on instance 0, is refused and is retried once on
    // instance 1: all succeed, with exactly one retry each.
    const s = shop('kong');
    const r = runScenarioWithinBudget(
      { ...s, faults: [{ kind: 'crash', at: 0, for: Infinity, target: 's', instance: 0 }] },
      'kong',
    );
    expect(r.requests.byStatus).toEqual({ '200': 200 });
    expect(r.attempts.retries).toBe(200);
  });

  it('aws-api-gateway answers an unknown path with 403', () => {
    const r = runScenarioWithinBudget(shop('aws-api-gateway', '', '', '/other'), 'aws');
    expect(r.requests.byStatus).toEqual({ '403': 200 });
  });
});

describe('kong retries and methods', () => {
  it('retries a GET that timed out but never a POST once sent (nginx)', () => {
    const slowOnce = (method: string) =>
      loaded(
        yaml(
          'duration: 1s',
          'clients:',
          `  - { id: c, arrival: { process: constant, rate: 10 }, mix: [ { weight: 1, method: ${method}, path: /api } ] }`,
          'gateway:',
          '  id: edge',
          '  profile: kong',
          '  routes: [ { match: { prefix: /api }, service: s, retries: { attempts: 2, retryOn: [timeout, connect-failure], perTryTimeout: 5ms } } ]',
          'services:',
          '  - { id: s, concurrency: 100, serviceTime: 10ms }',
        ),
      ).base;
    const get = runScenarioWithinBudget(slowOnce('GET'), 'get');
    expect(get.attempts.retries).toBe(20);
    const post = runScenarioWithinBudget(slowOnce('POST'), 'post');
    expect(post.attempts.retries).toBe(0);
    expect(post.requests.byStatus).toEqual({ '504': 10 });
  });

  it('retries a POST whose connection was refused: it never reached the upstream', () => {
    const file = loaded(
      yaml(
        'duration: 1s',
        'clients:',
        '  - { id: c, arrival: { process: constant, rate: 10 }, mix: [ { weight: 1, method: POST, path: /api } ] }',
        'gateway:',
        '  id: edge',
        '  profile: kong',
        '  routes: [ { match: { prefix: /api }, service: s } ]',
        'services:',
        '  - { id: s, instances: 2 }',
        'faults:',
        '  - { at: 0s, target: s, instance: 0, kind: crash }',
      ),
    ).base;
    const r = runScenarioWithinBudget(file, 'post');
    expect(r.requests.byStatus).toEqual({ '200': 10 });
    expect(r.attempts.retries).toBe(10);
  });
});
