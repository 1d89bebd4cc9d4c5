/** Errors for the gateway's upstream and client retry fields: position, path, expected, hint. */
import { describe, expect, test } from 'vitest';
import { errorsOf, loaded, onlyError, yaml } from './helpers';

const withRoute = (...routeLines: string[]) =>
  yaml(
    'clients:',
    '  - { id: web, arrival: { rate: 1 } }',
    'gateway:',
    '  routes:',
    '    - service: api',
    ...routeLines,
    'services:',
    '  - id: api',
  );

describe('gateway upstream fields', () => {
  test('an unknown load balancer gets a did-you-mean hint', () => {
    expect(onlyError(withRoute('      loadBalancer: LEAST_REQUESTS'))).toMatchObject({
      line: 6,
      column: 21,
      path: 'gateway.routes[0].loadBalancer',
      message: 'unknown load balancer "LEAST_REQUESTS"',
      hint: 'did you mean "LEAST_REQUEST"?',
    });
  });

  test('a negative health-check threshold is refused at the value', () => {
    expect(onlyError(withRoute('      healthchecks: { passive: { tcpFailures: -1 } }'))).toMatchObject({
      line: 6,
      column: 47,
      path: 'gateway.routes[0].healthchecks.passive.tcpFailures',
    });
  });

  test('weights give one weight per instance of the route’s service, else an error at the list', () => {
    expect(onlyError(withRoute('      weights: [3, 1]'))).toMatchObject({
      line: 6,
      column: 16,
      path: 'gateway.routes[0].weights',
      message: 'weights gives 2 weights for 1 instance',
      expected: 'one weight per instance of "api": 1',
    });
    const fits = loaded(withRoute('      weights: [3]'));
    expect(fits.base.gateway?.routes[0].weights).toEqual([3]);
  });

  test('active health checks need an interval', () => {
    const [d] = errorsOf(withRoute('      healthchecks: { active: { successes: 2 } }'));
    expect(d).toMatchObject({ line: 6, path: 'gateway.routes[0].healthchecks.active.interval' });
    expect(d.message).toMatch(/missing/);
  });

  test('defaults: round robin, no health checks; passive thresholds 0 and statuses 429, 500, 503', () => {
    const route = loaded(withRoute('      healthchecks: { passive: { httpFailures: 3 } }')).base.gateway!
      .routes[0];
    expect(route.loadBalancer).toBe('ROUND_ROBIN');
    expect(route.healthchecks).toEqual({
      passive: { httpFailures: 3, tcpFailures: 0, timeouts: 0, httpStatuses: [429, 500, 503] },
    });
  });
});

describe('limits of zero', () => {
  test('a limiter that would refuse everything is an error, not a crash', () => {
    const withPlugin = (plugin: string) =>
      yaml(
        'clients:',
        '  - { id: web, arrival: { rate: 1 } }',
        'gateway:',
        `  plugins: [ ${plugin} ]`,
        '  routes: [ { service: api } ]',
        'services:',
        '  - id: api',
      );
    expect(onlyError(withPlugin('{ name: token-bucket, rate: 0 }'))).toMatchObject({
      line: 4,
      path: 'gateway.plugins[0].rate',
      message: 'must be above 0',
    });
    expect(onlyError(withPlugin('{ name: quota, limit: 0 }'))).toMatchObject({
      path: 'gateway.plugins[0].limit',
      message: 'must be at least 1',
    });
  });
});

describe('client retryAfter', () => {
  test('attempts must be a non-negative integer', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - { id: web, target: api, arrival: { rate: 1 }, retryAfter: { attempts: 1.5 } }',
        'services:',
        '  - id: api',
      ),
    );
    expect(d).toMatchObject({ line: 2, path: 'clients[0].retryAfter.attempts' });
  });

  test('absent means a 429 is final; {} means three resends', () => {
    const file = loaded(
      yaml(
        'clients:',
        '  - { id: a, target: api, arrival: { rate: 1 } }',
        '  - { id: b, target: api, arrival: { rate: 1 }, retryAfter: {} }',
        'services:',
        '  - id: api',
      ),
    );
    expect(file.base.clients.map((c) => c.retryAfter.attempts)).toEqual([0, 3]);
  });
});

describe('http-log and tracing fields', () => {
  test('a batch of no entries is refused at the value', () => {
    const d = onlyError(withRoute('      plugins: [ { name: http-log, batchSize: 0 } ]'));
    expect(d).toMatchObject({
      line: 6,
      path: 'gateway.routes[0].plugins[0].batchSize',
      expected: 'a positive integer',
    });
  });

  test('a flush interval needs a unit or a number of ms', () => {
    const d = onlyError(withRoute('      plugins: [ { name: http-log, flushInterval: soon } ]'));
    expect(d).toMatchObject({ line: 6, path: 'gateway.routes[0].plugins[0].flushInterval' });
  });

  test('tracing.sample is a share from 0 to 1', () => {
    const d = onlyError(
      yaml(
        'tracing: { sample: 5 }',
        'clients: [ { id: c, target: s, arrival: { rate: 1 } } ]',
        'services: [ { id: s } ]',
      ),
    );
    expect(d).toMatchObject({
      line: 1,
      column: 20,
      path: 'tracing.sample',
      expected: 'a number from 0 to 1',
    });
  });

  test('an unknown tracing field gets a did-you-mean hint', () => {
    const d = onlyError(
      yaml(
        'tracing: { sampel: 0.5 }',
        'clients: [ { id: c, target: s, arrival: { rate: 1 } } ]',
        'services: [ { id: s } ]',
      ),
    );
    expect(d).toMatchObject({ path: 'tracing.sampel', hint: 'did you mean "sample"?' });
  });
});

describe('scale faults', () => {
  const base = [
    'clients: [ { id: c, arrival: { rate: 1 } } ]',
    'gateway: { id: edge, routes: [ { service: api } ] }',
    'services: [ { id: api, instances: 2 } ]',
  ];

  test('only a service can be scaled', () => {
    const d = onlyError(yaml(...base, 'faults: [ { at: 1s, target: edge, kind: scale, instances: 3 } ]'));
    expect(d).toMatchObject({ line: 4, path: 'faults[0].target', expected: 'a service id' });
  });

  test('scale needs a positive instance count and takes no instance number', () => {
    expect(onlyError(yaml(...base, 'faults: [ { target: api, kind: scale, instances: 0 } ]'))).toMatchObject({
      path: 'faults[0].instances',
      expected: 'a positive integer',
    });
    expect(
      onlyError(yaml(...base, 'faults: [ { target: api, kind: scale, instances: 3, instance: 1 } ]')),
    ).toMatchObject({
      path: 'faults[0].instance',
    });
  });

  test('an instance a scale-up adds can be crashed; one past every count is out of range', () => {
    const faults = (n: number) =>
      `faults: [ { at: 1s, target: api, kind: scale, instances: 4 }, { at: 2s, target: api, instance: ${n}, kind: crash } ]`;
    expect(
      errorsOf(yaml(...base, 'faults: [ { target: api, instance: 3, kind: crash } ]'))[0].message,
    ).toMatch(/out of range/);
    expect(loaded(yaml(...base, faults(3))).base.faults).toHaveLength(2);
    expect(onlyError(yaml(...base, faults(4))).message).toBe(
      'instance 4 is out of range: "api" has 4 instances',
    );
  });
});
