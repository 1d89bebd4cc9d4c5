/**
 * The hostile files of the resource findings (test/fixtures/hostile/): each was accepted and then
 * crashed, exhausted memory or ran for minutes; each is now refused at load, before any run, by one
 * error at the field that costs most, naming the estimate, the limit and what to lower.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario';

const refusal = (name: string) => {
  const text = readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url), 'utf8');
  const r = loadScenario(text, name);
  if (r.ok) return expect.fail(`${name} loaded`);
  expect(r.errors).toHaveLength(1);
  return r.errors[0];
};

describe('sizes the size guard did not see', () => {
  test.each([
    ['instances-1e8.yaml', 'api (100000000 instances) takes 40 GB', 'about 40 GB'],
    ['instances-1e7.yaml', 'api (10000000 instances) takes 4 GB', 'about 4 GB'],
    ['instances-1e10.yaml', 'api (10000000000 instances) takes 4000 GB', 'about 4000 GB'],
  ])('%s is refused at its instances', (name, share, total) => {
    const d = refusal(name);
    expect(d).toMatchObject({ line: 5, column: 16, path: 'services[0].instances' });
    expect(d.message).toBe(`this would hold ${total}, over the memory budget of 1 GB; ${share}`);
    expect(d.hint).toBe('lower services[0].instances');
  });

  test('a scale fault to 10^8 instances is refused at the fault', () => {
    const d = refusal('scale-fault-1e8.yaml');
    expect(d).toMatchObject({ line: 5, column: 63, path: 'faults[0].instances' });
    expect(d.message).toMatch(/^this would hold about 40 GB, over the memory budget of 1 GB;/);
    expect(d.hint).toBe('lower faults[0].instances');
  });

  test('10^9 cache keys are refused at keys.count', () => {
    const d = refusal('keys-count-1e9.yaml');
    expect(d).toMatchObject({ line: 7, column: 40, path: 'clients[0].mix[0].keys.count' });
    expect(d.message).toBe(
      'this would hold about 9 GB, over the memory budget of 1 GB; client "web" (1000000000 cache keys) takes 9 GB',
    );
  });

  test('10^8 closed-loop users are refused at users', () => {
    const d = refusal('closed-users-1e8.yaml');
    expect(d).toMatchObject({ line: 5, column: 40, path: 'clients[0].arrival.users' });
    expect(d.message).toBe(
      'this would hold about 28.7 GB, over the memory budget of 1 GB; client "web" (100000000 users) takes 28.7 GB',
    );
    expect(d.hint).toBe('lower clients[0].arrival.users');
  });
});

describe('events the guard did not count', () => {
  test('closed-loop users with no think time send once per the least time of their path', () => {
    const d = refusal('closed-zero-think.yaml');
    expect(d).toMatchObject({ line: 5, column: 40, path: 'clients[0].arrival.users' });
    expect(d.message).toBe(
      'this run is too large: about 3.6 billion events, over the limit of 50 million per run; ' +
        'client "web" (10 users, one request each per 1 µs) makes 3.6 billion',
    );
  });

  test('active health checks every microsecond count their probes', () => {
    const d = refusal('healthcheck-1us.yaml');
    expect(d).toMatchObject({ line: 9, column: 29, path: 'gateway.routes[0].healthchecks.active.interval' });
    expect(d.message).toMatch(/health checks of route "api" \(every 1 µs\) makes 71\.3 million$/);
    expect(d.hint).toBe('raise gateway.routes[0].healthchecks.active.interval, or lower the duration (60 s)');
  });

  test("the mesh's outlier-detection sweep every nanosecond counts its sweeps", () => {
    const d = refusal('outlier-interval-1ns.yaml');
    expect(d).toMatchObject({ line: 9, column: 62, path: 'mesh.policies.api.outlierDetection.interval' });
    expect(d.message).toMatch(/^this run is too large: about 71\.3 billion events/);
    expect(d.message).toMatch(/outlier detection of "api" \(every 0\.001 µs, in 1 sidecar of "gateway"\)/);
  });

  test('100 variants of 48.6 million events each are refused as a whole file', () => {
    const d = refusal('variants-times-events.yaml');
    expect(d).toMatchObject({ line: 2, column: 53, path: 'clients[0].arrival.rate' });
    expect(d.message).toBe(
      'about 4.86 billion events: 100 variants × 48.6 million each; over the limit of 500 million for a ' +
        'whole command (most from client "web" (rate 135000/s))',
    );
    expect(d.hint).toBe('lower the variants, the duration or the rate');
  });
});

describe('a lower budget', () => {
  test('loadScenario takes one, for tests and fuzzers, and refuses what the default takes', () => {
    const text = readFileSync(new URL('../fixtures/hostile/check-lesson.yaml', import.meta.url), 'utf8');
    expect(loadScenario(text, 'lesson.yaml').ok).toBe(true);
    const tight = { runEvents: 10_000, commandEvents: 1_000_000, memoryBytes: 1_000_000_000 };
    const r = loadScenario(text, 'lesson.yaml', { budget: tight });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].message).toMatch(/about 18,000 events, over the limit of 10,000 per run/);
  });
});
