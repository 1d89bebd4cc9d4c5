/**
 * The estimate is not wildly low: short runs of the shapes the guard missed (closed-loop users with a
 * small think time, an upstream probed by active health checks, a mesh with outlier detection) process
 * no more events than the estimate says, and at least a quarter of it. A closed loop held back by a
 * busy service is over-estimated (its users are counted at their think time plus the path's work,
 * not at the service's capacity): the guard errs towards refusing, never towards running too long.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/model/run';
import { runCost } from '../../src/scenario/run-cost';
import type { Scenario } from '../../src/scenario/types';
import { loaded } from './helpers';

/** The estimate exceeds what runs by at most this factor, on a healthy, unsaturated run. */
const OVER = 4;
/** What runs exceeds the estimate by at most this factor. */
const UNDER = 1.5;

const eventsOf = (s: Scenario): { estimated: number; processed: number } => ({
  estimated: runCost(s).events,
  processed: runScenario(s, 'run').events,
});

const expectClose = ({ estimated, processed }: { estimated: number; processed: number }): void => {
  expect(processed).toBeLessThanOrEqual(estimated * UNDER);
  expect(processed).toBeGreaterThanOrEqual(estimated / OVER);
};

describe('the estimate against the events a run processes', () => {
  test('closed-loop users with a 5 ms think time', () => {
    const file = loaded(
      [
        'duration: 5s',
        'clients:',
        '  - { id: web, target: api, arrival: { process: closed, users: 20, think: { dist: exponential, mean: 5ms } } }',
        'services: [ { id: api, instances: 4, concurrency: 2, serviceTime: { dist: exponential, mean: 2ms } } ]',
        'network: { latency: 0.5ms }',
      ].join('\n'),
    );
    expectClose(eventsOf(file.base));
  });

  test('an upstream probed by active health checks every millisecond', () => {
    const file = loaded(
      [
        'duration: 5s',
        'clients: [ { id: web, arrival: { rate: 200 } } ]',
        'gateway:',
        '  routes:',
        '    - id: api',
        '      service: api',
        '      healthchecks: { passive: { httpFailures: 3 }, active: { interval: 1ms, successes: 2 } }',
        'services: [ { id: api, instances: 3, serviceTime: 2ms, errorRate: 0.2 } ]',
      ].join('\n'),
    );
    expectClose(eventsOf(file.base));
  });

  test("the outlier-detection lesson's mesh, swept every millisecond", () => {
    const text = readFileSync(
      new URL('../../scenarios/lessons/15-outlier-detection.yaml', import.meta.url),
      'utf8',
    );
    const file = loaded(text.replace('interval: 1s', 'interval: 1ms'));
    for (const v of file.variants) expectClose(eventsOf({ ...v.scenario, duration: 10_000 }));
  });

  test('a closed loop held back by a busy service is over-estimated, never under', () => {
    const file = loaded(
      [
        'duration: 5s',
        'clients: [ { id: web, target: api, arrival: { process: closed, users: 200, think: 1ms } } ]',
        'services: [ { id: api, instances: 2, concurrency: 2, serviceTime: { dist: exponential, mean: 2ms } } ]',
      ].join('\n'),
    );
    const { estimated, processed } = eventsOf(file.base);
    expect(processed).toBeLessThanOrEqual(estimated);
  });
});
