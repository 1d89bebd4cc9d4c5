/**
 * What the real-shaped Linkerd files of test/fixtures/real/linkerd make the simulation do, against
 * what Linkerd's proxies would do with them: a ServiceProfile's retry budget bounds retries to its
 * ratio of the requests plus its floor a second; a route's timeout cuts calls at its value; a
 * TrafficSplit and a weighted HTTPRoute send their shares; an HTTPRoute's retry limit is exact; a
 * Server's policies answer 403 to the callers they do not name. Each bundle is the fixture files as
 * written, in order, with a scenario document that says what Linkerd config cannot: clients,
 * service times, who calls whom.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { VariantReport } from '../../../src/report/report';
import { runImportedBase } from '../../support/imported-run';

const REAL = new URL('../../fixtures/real/linkerd/', import.meta.url);

/** The fixture files `names` and the scenario document `scenario`, imported as one bundle, loaded and run. */
function run(names: readonly string[], scenario: readonly string[]): VariantReport {
  return runImportedBase([
    ...names.map((name) => ({ text: readFileSync(new URL(name, REAL), 'utf8'), fileName: name })),
    { text: `${scenario.join('\n')}\n`, fileName: 'scenario.yaml' },
  ]);
}

/** The edge `from` → `to` (zeros when the run has no such edge). */
function edge(v: VariantReport, from: string, to: string): { tries: number; retries: number; p99: number } {
  return v.edges.find((e) => e.from === from && e.to === to) ?? { tries: 0, retries: 0, p99: 0 };
}

/**
 * A client sending `count` requests, one every 1000/`rate` ms from time 0, to `target`, with
 * `method` and `path`.
 */
function client(id: string, target: string, method: string, path: string, count: number, rate = 100): string {
  const stop = `${(count * 1000) / rate}ms`;
  return `  - { id: ${id}, target: ${target}, arrival: { process: constant, rate: ${rate} }, schedule: [{ at: ${stop}, rate: 0 }], mix: [{ method: ${method}, path: ${path} }] }`;
}

/** Sidecars without overhead, so that a timeout's cut is the service time's alone. */
const BARE_MESH = ['mesh:', '  sidecar: { overhead: 0 }', '  mtls: { handshake: 0, perRequest: 0 }'];

describe('a Linkerd ServiceProfile, simulated', () => {
  test('retryRatio 0.2 and minRetriesPerSecond 10 bound the retries of a failing backend to 0.2 × requests + 10/s', () => {
    const seconds = 30;
    const rate = 100;
    const v = run(
      ['retry-budget.yaml'],
      [
        'name: a retry budget against a backend failing every try',
        `duration: ${seconds + 2}s`,
        'clients:',
        client('readers', 'frontend', 'GET', '/api/items/7', seconds * rate, rate),
        client('writers', 'frontend', 'POST', '/api/items', 100, 10),
        'services:',
        '  - { id: frontend, concurrency: 512, serviceTime: 1ms, calls: [backend] }',
        '  - { id: backend, concurrency: 512, serviceTime: 1ms, errorRate: 1 }',
      ],
    );
    const { tries, retries } = edge(v, 'frontend', 'backend');
    const requests = tries - retries;
    expect(requests).toBe(seconds * rate + 100);
    // Tower's budget: over a window of one ttl (10 s, counted in tenths, so 10 to 11 s back),
    // retries ≤ 0.2 × requests + 10/s × 10 s. Over the run that is 0.2 × requests + 10/s × 30 s,
    // give or take the tenth of a window the window overlaps at each end: 5 %.
    const bound = 0.2 * requests + 10 * seconds;
    expect(retries).toBeGreaterThan(0.95 * bound);
    expect(retries).toBeLessThan(1.05 * bound);
    // Unbounded, each retryable request would make its 10 retries: 30,000.
    expect(retries).toBeLessThan((seconds * rate * 10) / 20);
    // Every request failed: retries cannot turn a backend that always fails into a success.
    expect(v.requests.byStatus['500']).toBe(requests);
  });

  test('emojivoto’s retryable ListAll route hides a 10 % failure rate within the default budget; VoteDoughnut, not retryable, shows it', () => {
    const count = 3000;
    const v = run(
      ['emojivoto-profiles.yaml'],
      [
        'name: emojivoto with flaky backends',
        'duration: 40s',
        'clients:',
        client('listers', 'web-svc', 'POST', '/emojivoto.v1.EmojiService/ListAll', count),
        client('voters', 'vote-bot', 'POST', '/emojivoto.v1.VotingService/VoteDoughnut', count),
        'services:',
        '  - { id: web-svc, concurrency: 64, serviceTime: 1ms, calls: [emoji-svc] }',
        '  - { id: vote-bot, concurrency: 64, serviceTime: 1ms, calls: [voting-svc] }',
        '  - { id: emoji-svc, concurrency: 64, serviceTime: 1ms, errorRate: 0.1 }',
        '  - { id: voting-svc, concurrency: 64, serviceTime: 1ms, errorRate: 0.1 }',
      ],
    );
    // About 11 retries a second are wanted, well within the budget's 0.2 × 100/s + 10/s; ten tries
    // in a row fail with probability 1e-10.
    expect(edge(v, 'web-svc', 'emoji-svc').retries).toBeGreaterThan(0);
    expect(edge(v, 'vote-bot', 'voting-svc').retries).toBe(0);
    const failed = v.requests.byStatus['500'] ?? 0;
    const sd = Math.sqrt(count * 0.1 * 0.9);
    expect(Math.abs(failed - count * 0.1)).toBeLessThan(4 * sd);
    expect(v.requests.ok + failed).toBe(2 * count);
  });

  test("the books tutorial's 25ms timeout on PUT /books/{id}.json cuts calls at 25ms: 504s at exp(-25/20) of them", () => {
    const count = 4000;
    const v = run(
      [
        'books-retries-timeouts/1-booksapp.yml',
        'books-retries-timeouts/2-authors-profile.yml',
        'books-retries-timeouts/3-books-profile.yml',
        'books-retries-timeouts/4-authors-retries.yml',
        'books-retries-timeouts/5-books-timeouts.yml',
      ],
      [
        'name: the books app with its timeout',
        'duration: 50s',
        'clients:',
        client('editors', 'webapp', 'PUT', '/books/42.json', count),
        'services:',
        '  - { id: webapp, concurrency: 512, serviceTime: 0ms, calls: [books] }',
        '  - { id: books, concurrency: 512, serviceTime: { dist: exponential, mean: 20ms } }',
        ...BARE_MESH,
      ],
    );
    expect(v.requests.generated).toBe(count);
    // P(T > 25 ms) for an exponential of mean 20 ms; 4 standard deviations of the binomial count.
    const p = Math.exp(-25 / 20);
    const sd = Math.sqrt(count * p * (1 - p));
    expect(Math.abs((v.requests.byStatus['504'] ?? 0) - count * p)).toBeLessThan(4 * sd);
    expect(v.latencyMs.max).toBeLessThanOrEqual(25 + 1e-6);
    // GET /books.json has no timeout: its slow calls are waited for.
    const open = run(
      ['books-retries-timeouts/5-books-timeouts.yml'],
      [
        'name: the books app, a route without a timeout',
        'duration: 50s',
        'clients:',
        client('readers', 'webapp', 'GET', '/books.json', count),
        'services:',
        '  - { id: webapp, concurrency: 512, serviceTime: 0ms, calls: [books] }',
        '  - { id: books, concurrency: 512, serviceTime: { dist: exponential, mean: 20ms } }',
        ...BARE_MESH,
      ],
    );
    expect(open.requests.byStatus['504'] ?? 0).toBe(0);
    expect(open.latencyMs.max).toBeGreaterThan(100);
  });
});

describe('Linkerd splits, simulated', () => {
  test('the SMI TrafficSplit of a Flagger canary sends 90 % of the calls into podinfo to the primary, 10 % to the canary', () => {
    const count = 5000;
    const v = run(
      ['podinfo-canary-trafficsplit.yaml'],
      [
        'name: a canary at 10 %',
        'duration: 60s',
        'clients:',
        client('users', 'frontend', 'GET', '/', count),
        'services:',
        '  - { id: frontend, concurrency: 64, serviceTime: 1ms, calls: [podinfo] }',
      ],
    );
    const canary = edge(v, 'frontend', 'podinfo-canary').tries;
    expect(canary + edge(v, 'frontend', 'podinfo-primary').tries).toBe(count);
    const sd = Math.sqrt(count * 0.1 * 0.9);
    expect(Math.abs(canary - count * 0.1)).toBeLessThan(4 * sd);
  });

  test('an HTTPRoute with retry.linkerd.io/limit "2" tries a failing backend exactly three times a call, without a budget', () => {
    const count = 2000;
    const v = run(
      ['httproute-annotations/1-podinfo.yaml', 'httproute-annotations/2-podinfo-route.yaml'],
      [
        'name: podinfo v1 failing, 20 % shifted to v2',
        'duration: 30s',
        'clients:',
        client('users', 'frontend', 'GET', '/', count),
        'services:',
        '  - { id: frontend, concurrency: 64, serviceTime: 1ms, calls: [podinfo] }',
        '  - { id: podinfo-v1, concurrency: 64, serviceTime: 1ms, errorRate: 1 }',
        '  - { id: podinfo-v2, concurrency: 64, serviceTime: 1ms }',
      ],
    );
    const v1 = edge(v, 'frontend', 'podinfo-v1');
    const v2 = edge(v, 'frontend', 'podinfo-v2');
    const calls = v1.tries / 3;
    // Every call to v1 fails, and is retried twice: no budget stops the third try.
    expect(v1.retries).toBe(2 * calls);
    expect(v2.retries).toBe(0);
    expect(calls + v2.tries).toBe(count);
    const sd = Math.sqrt(count * 0.8 * 0.2);
    expect(Math.abs(calls - count * 0.8)).toBeLessThan(4 * sd);
    expect(v.requests.byStatus['500']).toBe(calls);
  });
});

describe('Linkerd routing, simulated', () => {
  test('dynamic request routing sends the calls with x-request-id: alternative to backend-b, the rest to backend-a', () => {
    const v = run(
      ['dynamic-request-routing.yaml'],
      [
        'name: podinfo routed by a header',
        'duration: 5s',
        'clients:',
        client('testers', 'frontend', 'GET', '/', 150),
        '  - { id: others, target: frontend, arrival: { process: constant, rate: 100 }, schedule: [{ at: 1s, rate: 0 }], mix: [{ path: /, headers: { x-request-id: alternative } }] }',
        'services:',
        '  - { id: frontend, concurrency: 64, serviceTime: 1ms, calls: [backend-a-podinfo] }',
      ],
    );
    expect(v.requests).toMatchObject({ generated: 250, ok: 250 });
    expect(edge(v, 'frontend', 'backend-a-podinfo').tries).toBe(150);
    expect(edge(v, 'frontend', 'backend-b-podinfo').tries).toBe(100);
  });

  test('the fault-injection route answers 500 to a tenth of the calls into books', () => {
    const count = 5000;
    const v = run(
      ['books-fault-injection.yaml'],
      [
        'name: books with injected faults',
        'duration: 60s',
        'clients:',
        client('readers', 'webapp', 'GET', '/books.json', count),
        'services:',
        '  - { id: webapp, concurrency: 64, serviceTime: 1ms, calls: [books] }',
        '  - { id: error-injector, concurrency: 64, serviceTime: 0ms, errorRate: 1 }',
      ],
    );
    const failed = v.requests.byStatus['500'] ?? 0;
    expect(failed).toBe(edge(v, 'webapp', 'error-injector').tries);
    expect(Math.abs(failed - count * 0.1)).toBeLessThan(4 * Math.sqrt(count * 0.1 * 0.9));
  });
});

describe('Linkerd authorization, simulated', () => {
  test("only web's identity may call voting: web's calls pass, a caller outside the mesh gets 403", () => {
    const v = run(
      [
        'emojivoto-authorization/1-emojivoto.yml',
        'emojivoto-authorization/2-voting-policy.yml',
        'emojivoto-authorization/3-web-public.yml',
      ],
      [
        'name: emojivoto with its policies',
        'duration: 5s',
        'clients:',
        client('voters', 'web-svc', 'GET', '/api/vote', 200),
        client('intruders', 'voting-svc', 'POST', '/emojivoto.v1.VotingService/VoteDoughnut', 100),
        'services:',
        '  - { id: web-svc, concurrency: 64, serviceTime: 1ms, calls: [emoji-svc, voting-svc] }',
        '  - { id: emoji-svc, concurrency: 64, serviceTime: 1ms }',
        '  - { id: voting-svc, concurrency: 64, serviceTime: 1ms }',
      ],
    );
    expect(v.requests).toMatchObject({ generated: 300, ok: 200, inFlight: 0 });
    expect(v.requests.byStatus['403']).toBe(100);
    expect(edge(v, 'web-svc', 'voting-svc').tries).toBe(200);
  });

  test('Linkerd 2.11’s ServerAuthorizations and a namespace that denies by default: only what they allow passes', () => {
    const v = run(
      ['emojivoto-authorization/1-emojivoto.yml', 'legacy-server-authorization.yaml'],
      [
        'name: emojivoto with the older policy resources',
        'duration: 5s',
        'clients:',
        client('voters', 'web-svc', 'GET', '/api/vote', 200),
        client('intruders', 'voting-svc', 'POST', '/emojivoto.v1.VotingService/VoteDoughnut', 100),
        client('browsers', 'emoji-svc', 'POST', '/emojivoto.v1.EmojiService/ListAll', 50),
        'services:',
        '  - { id: web-svc, concurrency: 64, serviceTime: 1ms, calls: [voting-svc] }',
        '  - { id: emoji-svc, concurrency: 64, serviceTime: 1ms }',
        '  - { id: voting-svc, concurrency: 64, serviceTime: 1ms }',
      ],
    );
    // web-svc is open to unauthenticated callers and may call voting; emoji-svc has no Server,
    // so the namespace's default (deny) refuses every caller.
    expect(v.requests).toMatchObject({ generated: 350, ok: 200, inFlight: 0 });
    expect(v.requests.byStatus['403']).toBe(150);
  });
});
