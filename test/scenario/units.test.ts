import { describe, expect, test } from 'vitest';
import { parseDuration } from '../../src/scenario';
import { errorsOf, loaded, yaml } from './helpers';

describe('parseDuration', () => {
  test.each([
    ['250us', 0.25],
    ['250µs', 0.25],
    ['5ms', 5],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['0.2ms', 0.2],
    ['.5s', 500],
    ['1e3ms', 1000],
    ['30', 30],
    [' 10 s ', 10_000],
    [42, 42],
    ['unlimited', Infinity],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 12);
  });

  test.each(['5sec', '5 fortnights', '5constructor', 's', '', 'ms5', '1.2.3s', '--1s'])(
    '%j is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('units in a scenario', () => {
  const withTimeout = (timeout: string): string =>
    yaml(
      'clients:',
      '  - id: web',
      '    target: api',
      '    arrival: { rate: 1 }',
      `    timeout: ${timeout}`,
      'services:',
      '  - id: api',
    );

  test('every duration field is resolved to milliseconds', () => {
    const s = loaded(
      yaml(
        'duration: 2m',
        'warmup: 1.5s',
        'clients:',
        '  - { id: web, target: api, arrival: { rate: 1 }, timeout: 250us, schedule: [ { at: 1m, rate: 2 } ] }',
        'services:',
        '  - { id: api, serviceTime: 5ms }',
        'network: { latency: 0.2ms }',
      ),
    ).base;
    expect(s.duration).toBe(120_000);
    expect(s.warmup).toBe(1500);
    expect(s.clients[0].timeout).toBe(0.25);
    expect(s.clients[0].schedule).toEqual([{ at: 60_000, rate: 2 }]);
    expect(s.services[0].serviceTime).toEqual({ dist: 'constant', value: 5 });
    expect(s.network.latency).toEqual({ dist: 'constant', value: 0.2 });
  });

  test('a bare number is milliseconds', () => {
    expect(loaded(withTimeout('30')).base.clients[0].timeout).toBe(30);
  });

  test('unlimited, infinity and .inf mean no timeout', () => {
    for (const t of ['unlimited', 'infinity', '.inf'])
      expect(loaded(withTimeout(t)).base.clients[0].timeout).toBe(Infinity);
  });

  test('bad units are errors at the value', () => {
    for (const bad of ['5sec', '10 minutes', 'soon', 'true']) {
      const [d] = errorsOf(withTimeout(bad));
      expect(d).toMatchObject({
        line: 5,
        column: 14,
        path: 'clients[0].timeout',
        message: 'is not a duration',
      });
    }
    expect(errorsOf(withTimeout('10 minutes'))[0].hint).toBe('did you mean "10m"?');
  });

  test('a timeout of zero is refused; negative infinity too', () => {
    expect(errorsOf(withTimeout('0'))[0].message).toBe('must be greater than 0');
    expect(errorsOf(withTimeout('-.inf'))[0].message).toBe('must be finite');
  });

  test('spike-arrest rates take Apigee units', () => {
    const s = loaded(
      yaml(
        'clients: [ { id: web, arrival: { rate: 1 } } ]',
        'gateway:',
        '  routes: [ { service: api, plugins: [ { name: spike-arrest, rate: 12pm } ] } ]',
        '  plugins: [ { name: spike-arrest, rate: 30ps, identifier: consumer } ]',
        'services: [ { id: api } ]',
      ),
    ).base;
    expect(s.gateway?.plugins[0]).toEqual({
      name: 'spike-arrest',
      rate: { perSecond: 30, per: 'second', count: 30 },
      identifier: 'consumer',
    });
    expect(s.gateway?.routes[0].plugins[0]).toEqual({
      name: 'spike-arrest',
      rate: { perSecond: 0.2, per: 'minute', count: 12 },
    });
  });
});
