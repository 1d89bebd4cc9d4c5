import { describe, expect, test } from 'vitest';
import { estimateEvents, MAX_EVENTS } from '../../src/scenario';
import { loaded, onlyError, yaml } from './helpers';

const scenario = (...lines: string[]) => loaded(yaml(...lines)).base;

describe('estimateEvents', () => {
  test('open client straight to a service with one downstream call: requests x hops x 3', () => {
    // 100/s for 10 s = 1000 requests; hops = client + a + b = 3; 3 events per hop.
    const s = scenario(
      'duration: 10s',
      'clients: [ { id: web, target: a, arrival: { rate: 100 } } ]',
      'services: [ { id: a, calls: [b] }, { id: b } ]',
    );
    expect(estimateEvents(s)).toBe(9000);
  });

  test('through the gateway, route retries add to the services reached, each at a 10 % share', () => {
    // hops = client + gateway + (1 + 0.1 x 2 retries) x (a + b) = 2 + 1.2 x 2 = 4.4.
    const s = scenario(
      'duration: 10s',
      'clients: [ { id: web, arrival: { rate: 100 } } ]',
      'gateway: { routes: [ { service: a, retries: 2 } ] }',
      'services: [ { id: a, calls: [b] }, { id: b } ]',
    );
    expect(estimateEvents(s)).toBeCloseTo(1000 * 4.4 * 3, 6);
  });

  test('a rate schedule is integrated over the run', () => {
    // 100/s for 5 s, then 300/s for 5 s: 2000 requests, 2 hops.
    const s = scenario(
      'duration: 10s',
      'clients: [ { id: web, target: a, arrival: { rate: 100 }, schedule: [ { at: 5s, rate: 300 } ] } ]',
      'services: [ { id: a } ]',
    );
    expect(estimateEvents(s)).toBe(2000 * 2 * 3);
  });

  test('closed users send duration / think time each', () => {
    // 10 users x 10 s / 100 ms = 1000 requests, 2 hops.
    const s = scenario(
      'duration: 10s',
      'clients: [ { id: web, target: a, arrival: { users: 10, think: 100ms } } ]',
      'services: [ { id: a } ]',
    );
    expect(estimateEvents(s)).toBe(1000 * 2 * 3);
  });

  test("a closed user's cycle is its think time plus the least time its request takes", () => {
    // No think time: each user sends again when its reply is in, after 2 x 0.5 ms of network and
    // 4 ms at a: 2 users x 1 s / 5 ms = 400 requests, 2 hops.
    const s = scenario(
      'duration: 1s',
      'clients: [ { id: web, target: a, arrival: { users: 2 } } ]',
      'services: [ { id: a, serviceTime: 4ms } ]',
      'network: { latency: 0.5ms }',
    );
    expect(estimateEvents(s)).toBeCloseTo(400 * 2 * 3, 6);
  });

  test('a cycle that takes no time at all counts as 1 µs, never as nothing', () => {
    const s = scenario(
      'duration: 1s',
      'clients: [ { id: web, target: a, arrival: { users: 2 } } ]',
      'services: [ { id: a } ]',
    );
    expect(estimateEvents(s)).toBeCloseTo(2_000_000 * 2 * 3, 0);
  });
});

describe('the size guard', () => {
  test('a run over the limit is refused at the busiest client, naming the estimate and what to lower', () => {
    expect(MAX_EVENTS).toBe(50_000_000);
    // 1,000,000/s x 60 s x 2 hops x 3 = 360 million events.
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 1000000 }',
        'services: [ { id: api } ]',
      ),
    );
    expect(d).toMatchObject({
      line: 4,
      column: 22,
      path: 'clients[0].arrival.rate',
      message:
        'this run is too large: about 360 million events, over the limit of 50 million per run; ' +
        'client "web" (rate 1000000/s) makes 360 million',
    });
    expect(d.hint).toBe('lower the duration (60 s), clients[0].arrival.rate or the load of other clients');
  });

  test('a closed client is pointed at by its users', () => {
    const d = onlyError(
      yaml(
        'duration: 1h',
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { users: 10000 }',
        'services: [ { id: api } ]',
      ),
    );
    expect(d).toMatchObject({ line: 5, column: 23, path: 'clients[0].arrival.users' });
    expect(d.message).toContain('billion events');
  });

  test('a variant over the limit is refused too', () => {
    const d = onlyError(
      yaml(
        'clients:',
        '  - id: web',
        '    target: api',
        '    arrival: { rate: 1000 }',
        'services: [ { id: api } ]',
        'variants:',
        '  - { name: long, duration: 10h }',
      ),
    );
    expect(d).toMatchObject({ line: 4, column: 22, path: 'clients[0].arrival.rate' });
    expect(d.message).toMatch(/^variant "long": this run is too large: about 216 million events/);
  });

  test('just under the limit loads', () => {
    // 138,888/s x 60 s x 2 hops x 3 = 49,999,680 events.
    expect(
      estimateEvents(
        scenario(
          'clients: [ { id: web, target: api, arrival: { rate: 138888 } } ]',
          'services: [ { id: api } ]',
        ),
      ),
    ).toBeLessThan(MAX_EVENTS);
  });
});
