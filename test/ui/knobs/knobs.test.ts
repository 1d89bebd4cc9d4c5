import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_KNOBS, applyKnob, findKnobs, type Knob } from '../../../src/ui/knobs/knobs';

const scenario = (name: string): string =>
  readFileSync(new URL(`../../../scenarios/${name}`, import.meta.url), 'utf8');
const DEFAULT = scenario('default.yaml');
const CHAIN = scenario('bench/gateway-chain.yaml');

/** A knob as one line: id, label, path, value, [min, max] / step, unit, group. */
const row = (k: Knob): string =>
  `${k.id} | ${k.label} | ${k.path.join('.')} | ${k.value} [${k.min}, ${k.max}] / ${k.step} ${k.unit} | ${k.group}`;

/** The one knob of `id` in `text`. */
function knob(text: string, id: string): Knob {
  const found = findKnobs(text).find((k) => k.id === id);
  if (found === undefined) throw new Error(`no knob ${id} in ${findKnobs(text).map((k) => k.id)}`);
  return found;
}

/** `text` with `from` replaced by `to` once, checking `from` is there. */
function edited(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

describe('findKnobs', () => {
  test('findKnobs(scenarios/default.yaml): the rate, instances, the orders route, then workers', () => {
    expect(findKnobs(DEFAULT).map(row)).toEqual([
      'client.shoppers.rate | shoppers rate | clients.0.arrival.rate | 200 [20, 1000] / 10 rps | Clients',
      'service.catalog.instances | catalog instances | services.0.instances | 2 [1, 10] / 1 count | Services',
      'service.orders.instances | orders instances | services.1.instances | 1 [1, 10] / 1 count | Services',
      'service.inventory.instances | inventory instances | services.2.instances | 1 [1, 10] / 1 count | Services',
      'route.orders.retries | orders retries | gateway.routes.1.retries | 1 [0, 10] / 1 attempts | Gateway',
      'route.orders.timeout | orders timeout | gateway.routes.1.timeout | 2000 [200, 10000] / 100 ms | Gateway',
      'service.catalog.concurrency | catalog concurrency | services.0.concurrency | 2 [1, 10] / 1 count | Services',
      'service.orders.concurrency | orders concurrency | services.1.concurrency | 2 [1, 10] / 1 count | Services',
      'service.inventory.concurrency | inventory concurrency | services.2.concurrency | 2 [1, 10] / 1 count | Services',
    ]);
  });

  test('findKnobs(scenarios/bench/gateway-chain.yaml): three rates, the timeout, the rate limit, a health check', () => {
    expect(findKnobs(CHAIN).map(row)).toEqual([
      'client.web.rate | web rate | clients.0.arrival.rate | 500 [50, 5000] / 50 rps | Clients',
      'client.mobile.rate | mobile rate | clients.1.arrival.rate | 300 [20, 2000] / 20 rps | Clients',
      'client.partner.rate | partner rate | clients.2.arrival.rate | 200 [20, 1000] / 10 rps | Clients',
      'service.catalog.instances | catalog instances | services.0.instances | 4 [1, 12] / 1 count | Services',
      'service.inventory.instances | inventory instances | services.1.instances | 2 [1, 10] / 1 count | Services',
      'service.orders.instances | orders instances | services.2.instances | 2 [1, 10] / 1 count | Services',
      'route.orders.timeout | orders timeout | gateway.routes.1.timeout | 2000 [200, 10000] / 100 ms | Gateway',
      'limit.rate-limiting.minute | rate-limiting per minute | gateway.plugins.2.minute | 14500 [1000, 100000] / 500 per period | Gateway',
      'service.catalog.concurrency | catalog concurrency | services.0.concurrency | 4 [1, 12] / 1 count | Services',
      'service.inventory.concurrency | inventory concurrency | services.1.concurrency | 4 [1, 12] / 1 count | Services',
      'service.orders.concurrency | orders concurrency | services.2.concurrency | 4 [1, 12] / 1 count | Services',
      'route.products.healthchecks.passive.httpFailures | products passive httpFailures | gateway.routes.0.healthchecks.passive.httpFailures | 5 [0, 15] / 1 count | Gateway',
    ]);
  });

  test('text that does not parse as one YAML mapping has no knobs', () => {
    expect(findKnobs('clients: [{ id: web, arrival: { rate: 5 }\n')).toEqual([]); // unclosed
    expect(findKnobs('services:\n  - { id: a, instances: 2 }\nservices: []\n')).toEqual([]); // duplicate key
    expect(findKnobs('services: [{ id: a, instances: 2 }]\n---\nservices: []\n')).toEqual([]); // two documents
    expect(findKnobs('just words')).toEqual([]);
    expect(findKnobs('')).toEqual([]);
    expect(findKnobs('- 1\n- 2\n')).toEqual([]);
  });

  test('only plain numbers of open clients and services count: closed clients, words, aliases and anchors do not', () => {
    const text = [
      'clients:',
      '  - { id: users, arrival: { users: 10, rate: 5 } }',
      '  - { id: closed, arrival: { process: closed, rate: 5 } }',
      '  - { id: typo, arrival: { rate: fast } }',
      '  - { id: shared, arrival: { rate: &r 40 } }',
      '  - { id: alias, arrival: { rate: *r } }',
      '  - { id: quoted, arrival: { rate: "40" } }',
      'services:',
      '  - { id: a, instances: two, concurrency: 3 }',
      '  - { id: b, serviceTime: 5ms }',
    ].join('\n');
    expect(findKnobs(text).map((k) => k.id)).toEqual(['service.a.concurrency']);
  });

  test('fields only a variant writes are not knobs; a base field a variant overrides still is', () => {
    const text = [
      'clients: [{ id: web, arrival: { rate: 100 } }]',
      'services: [{ id: api }]',
      'variants:',
      '  - { name: fast, services: [{ id: api, instances: 4 }] }',
      '  - { name: busy, clients: [{ id: web, arrival: { rate: 900 } }] }',
    ].join('\n');
    expect(findKnobs(text).map((k) => `${k.id}=${k.value}`)).toEqual(['client.web.rate=100']);
  });

  test('route retries: a number, or attempts in a mapping; timeouts in any unit, as ms', () => {
    const text = [
      'gateway:',
      '  routes:',
      '    - { service: a, retries: 3, timeout: 250ms }',
      '    - { id: b, service: b, retries: { attempts: 2, retryOn: [reset] }, timeout: 1m }',
      '    - { id: c, service: c, timeout: 1500 }',
      '    - { id: d, service: d, timeout: unlimited, retries: { retryOn: [5xx] } }',
      '    - { id: e, service: e, timeout: "2 s" }',
    ].join('\n');
    expect(findKnobs(text).map(row)).toEqual([
      'route.route-1.retries | route-1 retries | gateway.routes.0.retries | 3 [0, 10] / 1 attempts | Gateway',
      'route.b.retries | b retries | gateway.routes.1.retries.attempts | 2 [0, 10] / 1 attempts | Gateway',
      'route.route-1.timeout | route-1 timeout | gateway.routes.0.timeout | 250 [20, 2000] / 10 ms | Gateway',
      'route.b.timeout | b timeout | gateway.routes.1.timeout | 60000 [5000, 500000] / 5000 ms | Gateway',
      'route.c.timeout | c timeout | gateway.routes.2.timeout | 1500 [100, 10000] / 100 ms | Gateway',
      'route.e.timeout | e timeout | gateway.routes.4.timeout | 2000 [200, 10000] / 100 ms | Gateway',
    ]);
  });

  test("the first rate limiter's limit fields: the gateway's list before the routes'", () => {
    const plugins = (global: string, route: string): string =>
      [
        'gateway:',
        `  plugins: [${global}]`,
        '  routes:',
        `    - { id: r, service: a, plugins: [${route}] }`,
      ].join('\n');
    const limits = (text: string): string[] => findKnobs(text).map((k) => `${k.label}=${k.value} ${k.unit}`);

    expect(
      limits(
        plugins(
          '{ name: key-auth }, { name: rate-limiting, second: 5, hour: 1000 }',
          '{ name: quota, limit: 9 }',
        ),
      ),
    ).toEqual(['rate-limiting per second=5 per period', 'rate-limiting per hour=1000 per period']);
    expect(
      limits(plugins('{ name: key-auth }', '{ name: quota, limit: 9 }, { name: token-bucket, rate: 50 }')),
    ).toEqual(['r quota limit=9 per period']);
    expect(limits(plugins('{ name: token-bucket, rate: 2.5, burst: 5 }', ''))).toEqual([
      'token-bucket rate=2.5 rps',
    ]);
    expect(limits(plugins('{ name: spike-arrest, rate: 30ps }', ''))).toEqual(['spike-arrest rate=30 rps']);
    expect(limits(plugins('{ name: spike-arrest, rate: 12pm }', ''))).toEqual([
      'spike-arrest rate=12 per period',
    ]);
    expect(limits(plugins('{ name: rate-limiting-advanced, limit: 100, window: 10s }', ''))).toEqual([
      'rate-limiting-advanced limit=100 per period',
    ]);
    // A limiter is picked by its name, not by fields that look like limits.
    expect(limits(plugins('{ name: constructor, limit: 3 }, { name: proxy-cache, ttl: 30s }', ''))).toEqual(
      [],
    );
  });

  test("mesh defaults' and policies' retries and timeouts, when the base or a variant turns the mesh on", () => {
    // The policies' own options (the pool, the budget) are knobs too: see policy-knobs.test.ts.
    const retriesAndTimeouts = (text: string) =>
      findKnobs(text).filter((k) => /\.(retries|timeout)$/.test(k.id));
    const mesh = (enabled: string, variants = ''): string =>
      [
        'services: [{ id: api }, { id: db }]',
        'mesh:',
        `  ${enabled}`,
        '  defaults: { timeout: 2s, retries: 2 }',
        '  policies:',
        '    db:',
        '      retries: { attempts: 3, budget: { percent: 20 } } # a retry budget',
        '      timeout: "500ms"',
        '      connectionPool: { maxConnections: 10 }',
        '    api: { outlierDetection: {} }',
        variants,
      ].join('\n');
    expect(retriesAndTimeouts(mesh('enabled: true')).map(row)).toEqual([
      'mesh.defaults.retries | defaults retries | mesh.defaults.retries | 2 [0, 10] / 1 attempts | Mesh',
      'mesh.policy.db.retries | db retries | mesh.policies.db.retries.attempts | 3 [0, 10] / 1 attempts | Mesh',
      'mesh.defaults.timeout | defaults timeout | mesh.defaults.timeout | 2000 [200, 10000] / 100 ms | Mesh',
      'mesh.policy.db.timeout | db timeout | mesh.policies.db.timeout | 500 [50, 5000] / 50 ms | Mesh',
    ]);
    expect(findKnobs(mesh('enabled: false'))).toEqual([]);
    expect(findKnobs(mesh('profile: istio'))).toEqual([]);
    const onInVariant = mesh(
      'enabled: false',
      'variants: [{ name: off }, { name: on, mesh: { enabled: true } }]',
    );
    expect(retriesAndTimeouts(onInVariant)).toHaveLength(4);
  });

  test(`at most ${MAX_KNOBS} knobs: rates and instances before workers`, () => {
    const services = Array.from({ length: 8 }, (_, i) => `  - { id: s${i}, instances: 2, concurrency: 4 }`);
    const text = ['clients: [{ id: web, arrival: { rate: 10 } }]', 'services:', ...services].join('\n');
    const ids = findKnobs(text).map((k) => k.id);
    expect(ids).toHaveLength(MAX_KNOBS);
    expect(ids).toEqual([
      'client.web.rate',
      ...services.map((_, i) => `service.s${i}.instances`),
      'service.s0.concurrency',
      'service.s1.concurrency',
      'service.s2.concurrency',
    ]);
  });

  test('ids are safe in attributes and unique; labels keep the names as written', () => {
    const text = [
      'clients:',
      '  - { id: "web <b>", arrival: { rate: 1 } }',
      '  - { id: "web <b>", arrival: { rate: 2 } }',
      '  - { arrival: { rate: 3 } }',
    ].join('\n');
    expect(findKnobs(text).map((k) => `${k.id} / ${k.label}`)).toEqual([
      'client.web_b_.rate / web <b> rate',
      'client.web_b_.rate-2 / web <b> rate',
      'client.client-3.rate / client-3 rate',
    ]);
  });

  test('rate ranges stay within 1..10 000 requests/s but always hold the written value', () => {
    const rate = (r: string): string => {
      const k = knob(`clients: [{ id: w, arrival: { rate: ${r} } }]`, 'client.w.rate');
      return `${k.value} [${k.min}, ${k.max}] / ${k.step}`;
    };
    expect(rate('0')).toBe('0 [0, 10] / 0.1');
    expect(rate('0.5')).toBe('0.5 [0.5, 5] / 0.05');
    expect(rate('5')).toBe('5 [1, 50] / 0.5');
    expect(rate('333')).toBe('333 [20, 2000] / 20');
    expect(rate('4000')).toBe('4000 [200, 10000] / 100');
    expect(rate('20000')).toBe('20000 [2000, 20000] / 200');
  });
});

describe('applyKnob', () => {
  test('sets the rate in a flow mapping of scenarios/default.yaml, and nothing else', () => {
    const k = knob(DEFAULT, 'client.shoppers.rate');
    expect(applyKnob(DEFAULT, k, 300)).toBe(
      edited(DEFAULT, 'arrival: { process: poisson, rate: 200 }', 'arrival: { process: poisson, rate: 300 }'),
    );
  });

  test('writes a timeout in the unit the file used: 2s -> 1.5s, 0.25s; a block mapping keeps its layout', () => {
    const k = knob(DEFAULT, 'route.orders.timeout');
    expect(applyKnob(DEFAULT, k, 1500)).toBe(edited(DEFAULT, '      timeout: 2s\n', '      timeout: 1.5s\n'));
    expect(applyKnob(DEFAULT, k, 250)).toBe(edited(DEFAULT, '      timeout: 2s\n', '      timeout: 0.25s\n'));
  });

  test("sets the rate limit of scenarios/bench/gateway-chain.yaml in its plugin's flow mapping", () => {
    const k = knob(CHAIN, 'limit.rate-limiting.minute');
    expect(applyKnob(CHAIN, k, 20000)).toBe(
      edited(
        CHAIN,
        '- { name: rate-limiting, minute: 14500, cost: 0.02ms }',
        '- { name: rate-limiting, minute: 20000, cost: 0.02ms }',
      ),
    );
  });

  test('keeps comments, blank lines and the anchors around the value', () => {
    const text = [
      '# Load test',
      'clients:',
      '  - id: web # the shop',
      '    arrival: { rate: 50 } # per second',
      '',
      '    mix: &mix [{ path: / }]',
      'services:',
      "  - id: api  # 'api' is the only one",
      '    instances: 2     # two pods',
      '',
    ].join('\n');
    const rate = knob(text, 'client.web.rate');
    const instances = knob(text, 'service.api.instances');
    expect(applyKnob(text, rate, 75)).toBe(text.replace('rate: 50 }', 'rate: 75 }'));
    expect(applyKnob(text, instances, 5)).toBe(text.replace('instances: 2     #', 'instances: 5     #'));
  });

  test('retries: the number itself, or attempts inside a mapping', () => {
    const text = [
      'gateway:',
      '  routes:',
      '    - { id: a, service: x, retries: 1 }',
      '    - id: b',
      '      service: x',
      '      retries: { attempts: 2, retryOn: [reset, connect-failure] } # on crashes',
    ].join('\n');
    expect(applyKnob(text, knob(text, 'route.a.retries'), 0)).toBe(
      text.replace('retries: 1 }', 'retries: 0 }'),
    );
    expect(applyKnob(text, knob(text, 'route.b.retries'), 4)).toBe(
      text.replace('{ attempts: 2, retryOn', '{ attempts: 4, retryOn'),
    );
  });

  test('durations: every written form keeps its unit, spacing and quotes when it can', () => {
    const timeout = (written: string, ms: number): string => {
      const text = `gateway: { routes: [{ id: r, service: a, timeout: ${written} }] }`;
      const k = knob(text, 'route.r.timeout');
      return applyKnob(text, k, ms)
        .replace('gateway: { routes: [{ id: r, service: a, timeout: ', '')
        .replace(' }] }', '');
    };
    expect(timeout('250ms', 300)).toBe('300ms');
    expect(timeout('2s', 2500)).toBe('2.5s');
    expect(timeout('1m', 90_000)).toBe('1.5m');
    expect(timeout('1m', 100)).toBe('100ms'); // 0.00166…m is no way to write it
    expect(timeout('1h', 1_800_000)).toBe('0.5h');
    expect(timeout('500us', 0.7)).toBe('700us');
    expect(timeout('5 ms', 7)).toBe('7 ms');
    expect(timeout('1e3ms', 1200)).toBe('1200ms');
    expect(timeout('2000', 1500)).toBe('1500');
    expect(timeout('"2s"', 3000)).toBe('"3s"');
    expect(timeout("'250'", 300)).toBe("'300'");
  });

  test('limits keep their suffix: spike-arrest 30ps -> 45ps', () => {
    const text = 'gateway:\n  plugins:\n    - { name: spike-arrest, rate: 30ps, useEffectiveCount: true }\n';
    expect(applyKnob(text, knob(text, 'limit.spike-arrest.rate'), 45)).toBe(text.replace('30ps', '45ps'));
  });

  test('counts are written whole, values never below 0, and a value that is no number changes nothing', () => {
    const text = 'services:\n  - { id: api, instances: 2 }\n';
    const k = knob(text, 'service.api.instances');
    expect(applyKnob(text, k, 2.6)).toBe(text.replace('instances: 2', 'instances: 3'));
    expect(applyKnob(text, k, -4)).toBe(text.replace('instances: 2', 'instances: 0'));
    expect(applyKnob(text, k, Number.NaN)).toBe(text);
    expect(applyKnob(text, k, Infinity)).toBe(text);
    const rate = 'clients: [{ id: w, arrival: { rate: 0.5 } }]';
    expect(applyKnob(rate, knob(rate, 'client.w.rate'), 0.1 + 0.2)).toBe(rate.replace('0.5', '0.3'));
  });

  test('text unchanged when the knob is stale: the path is gone, holds another kind of value, or the text broke', () => {
    const k = knob(DEFAULT, 'route.orders.timeout');
    const removed = DEFAULT.replace('      timeout: 2s\n', '');
    expect(applyKnob(removed, k, 1000)).toBe(removed);
    const unlimited = DEFAULT.replace('timeout: 2s', 'timeout: unlimited');
    expect(applyKnob(unlimited, k, 1000)).toBe(unlimited);
    const mapping = DEFAULT.replace('retries: 1', 'retries: { attempts: 1 }');
    expect(applyKnob(mapping, knob(DEFAULT, 'route.orders.retries'), 3)).toBe(mapping);
    const broken = `${DEFAULT}clients: []\n`; // a duplicate key
    expect(applyKnob(broken, k, 1000)).toBe(broken);
    expect(applyKnob('', k, 1000)).toBe('');
  });

  test('an anchored or aliased value is never edited, whatever the path', () => {
    const text = 'clients:\n  - { id: a, arrival: { rate: &r 10 } }\n  - { id: b, arrival: { rate: *r } }\n';
    const stale: Knob = { ...knob('clients: [{ id: a, arrival: { rate: 10 } }]', 'client.a.rate') };
    expect(applyKnob(text, stale, 20)).toBe(text);
    expect(applyKnob(text, { ...stale, path: ['clients', 1, 'arrival', 'rate'] }, 20)).toBe(text);
  });

  test('every knob of both scenarios, set anywhere in its range, reads back with only that value changed (seed 20250611)', () => {
    for (const text of [DEFAULT, CHAIN]) {
      const knobs = findKnobs(text);
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: knobs.length - 1 }),
          fc.integer({ min: 0, max: 1000 }),
          (i, share) => {
            const k = knobs[i];
            const positions = Math.round((k.max - k.min) / k.step);
            const value = Number((k.min + Math.round((share / 1000) * positions) * k.step).toPrecision(12));
            const after = findKnobs(applyKnob(text, k, value));
            expect(after.map((a) => a.id)).toEqual(knobs.map((b) => b.id));
            after.forEach((a, j) => expect(a.value).toBe(j === i ? value : knobs[j].value));
          },
        ),
        { seed: 20250611, numRuns: 200 },
      );
    }
  });
});
