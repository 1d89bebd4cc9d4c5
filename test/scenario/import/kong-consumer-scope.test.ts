/**
 * Kong's consumer-scoped plugins: a plugin naming a consumer (or written under one) applies only to
 * requests authenticated as that consumer, in place of the plugin of the same name for everyone,
 * with Kong's precedence: consumer + route, consumer + service, then consumer, then route, service,
 * global. Each fixture is a deck file as users write them; each test runs it and counts what each
 * consumer was served.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importKong, loadScenario } from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/real/kong/${name}`, import.meta.url), 'utf8');
}

/** The deck imported, loaded and run for `seconds` from 0 with no warmup: 200s by route and consumer. */
function served(name: string, seconds: number): Map<string, number> {
  const r = importKong(fixture(name), name);
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  const loaded = loadScenario(importedYaml(r, [name]), 'imported.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
  const base = { ...loaded.file.base, duration: seconds * 1000, warmup: 0 };
  const report = runFileWithinBudget({ ...loaded.file, base, variants: [] });
  const out = new Map<string, number>();
  for (const row of report.variants[0].gateway!.metrics.breakdown)
    if (row.status === 200) out.set(`${row.route} ${row.consumer}`, row.count);
  return out;
}

describe('Kong plugins scoped to a consumer', () => {
  test('a global limit of 10 a minute and one of 100 for gold: over 2 minutes gold is served 200, another consumer 20', () => {
    // Two whole windows, each filled in its first second or two (each client sends 100 a second),
    // so every admitted request is answered long before the end.
    const ok = served('gold-plan.yml', 120);
    expect(ok.get('api gold')).toBe(200);
    expect(ok.get('api standard')).toBe(20);
  });

  test('the gold plan and the global limit each keep one state, as Kong keys a global plugin without its route', () => {
    const r = importKong(fixture('gold-plan.yml'), 'gold-plan.yml');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const gateway = r.scenario.gateway as any;
    expect(gateway.plugins).toEqual([
      { name: 'rate-limiting', minute: 10 },
      { name: 'rate-limiting', minute: 100, consumer: 'gold' },
    ]);
    // One client stub per consumer, so each scope takes traffic.
    expect(
      ((r.scenario.clients ?? []) as { id: string; consumer?: string }[]).map((c) => [c.id, c.consumer]),
    ).toEqual([
      ['clients-gold', 'gold'],
      ['clients-standard', 'standard'],
    ]);
  });

  test('precedence: consumer + service and consumer + route over consumer over global', () => {
    // Three windows (150 s), each filled: per window, gold gets 50 on orders (consumer + service)
    // and 100 on products (its consumer-wide plan); silver 30 on products (consumer + route) and 10
    // on orders (the global limit); bronze 10 over both routes together (one global counter).
    const ok = served('consumer-tiers.yml', 150);
    expect(ok.get('orders gold')).toBe(150);
    expect(ok.get('products gold')).toBe(300);
    expect(ok.get('products silver')).toBe(90);
    expect(ok.get('orders silver')).toBe(30);
    expect((ok.get('orders bronze') ?? 0) + (ok.get('products bronze') ?? 0)).toBe(30);
  });

  test('an authentication plugin scoped to a consumer is refused, as Kong refuses it', () => {
    const text = [
      '_format_version: "3.0"',
      'services: [{ name: api, url: "http://api:80", routes: [{ name: api, paths: [/] }] }]',
      'consumers: [{ username: ann, plugins: [{ name: key-auth }] }]',
    ].join('\n');
    const r = importKong(text, 'kong.yml');
    expect(r.warnings.map(formatDiagnostic).join('\n')).toContain(
      'plugin "key-auth" authenticates, so it cannot be scoped to a consumer (Kong refuses it too); left out',
    );
  });

  test('request-termination on one consumer blocks that consumer only (Kong’s way to suspend one)', () => {
    const text = [
      '_format_version: "3.0"',
      'services: [{ name: api, url: "http://api:80", routes: [{ name: api, paths: [/api] }], plugins: [{ name: key-auth }] }]',
      'consumers:',
      '  - username: suspended',
      '    keyauth_credentials: [{ key: k1 }]',
      '    plugins: [{ name: request-termination, config: { status_code: 403, message: "account suspended" } }]',
      '  - username: active',
      '    keyauth_credentials: [{ key: k2 }]',
    ].join('\n');
    const r = importKong(text, 'kong.yml');
    expect(r.errors.map(formatDiagnostic)).toEqual([]);
    const loaded = loadScenario(importedYaml(r, ['kong.yml']), 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
    const report = runFileWithinBudget({
      ...loaded.file,
      base: { ...loaded.file.base, duration: 5000, warmup: 0 },
      variants: [],
    });
    const statuses = new Set(
      report.variants[0].gateway!.metrics.breakdown.map((b) => `${b.consumer} ${b.status}`),
    );
    expect(statuses).toEqual(new Set(['suspended 403', 'active 200']));
  });
});
