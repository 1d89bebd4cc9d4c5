/**
 * A `deck dump` writes every field, Kong's defaults included. Only values that differ from Kong's
 * defaults and have no meshsim counterpart are warned, once per field name with the places listed.
 * On this dump the importer gave 93 warnings, one per field written, before it knew Kong's defaults;
 * it now gives 11.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importKong, loadScenario } from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';

const DUMP = readFileSync(new URL('../../fixtures/real/kong/deck-dump.yml', import.meta.url), 'utf8');

describe('warnings on a deck dump', () => {
  const r = importKong(DUMP, 'deck-dump.yml');

  test('imports without errors, and runs', () => {
    expect(r.errors.map(formatDiagnostic)).toEqual([]);
    const loaded = loadScenario(importedYaml(r, ['deck-dump.yml']), 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
    const report = runFileWithinBudget({
      ...loaded.file,
      base: { ...loaded.file.base, duration: 5000, warmup: 0 },
      variants: [],
    });
    expect(report.variants[0].requests.generated).toBeGreaterThan(0);
  });

  test('each remaining warning is a value that differs from Kong’s default, or a stub service', () => {
    expect(r.warnings.map((d) => [d.line, d.path, d.message.slice(0, 40)])).toEqual([
      [67, 'services[0].host', 'meshsim service "catalog.shop.svc" is a '],
      // strip_path: false (default true), on the catalog-search and orders routes
      [105, 'services[0].routes[1].strip_path', 'not modelled, left out: it rewrites the '],
      // connect_timeout: 5000 (default 60000), on orders and payments
      [111, 'services[1].connect_timeout', 'not modelled, left out: connecting and s'],
      [113, 'services[1].host', 'meshsim service "orders-upstream" is a s'],
      // hide_credentials: true (default false)
      [120, 'services[1].plugins[0].config.hide_credentials', 'not modelled, left out: credentials are '],
      [167, 'services[2].host', 'meshsim service "payments.shop.svc" is a'],
      [171, 'services[2].port', 'not modelled, left out: addresses are no'], // 8443 (default 80)
      [172, 'services[2].protocol', 'not modelled, left out: simulated reques'], // https (default http)
      [184, 'services[2].routes[0].preserve_host', 'not modelled, left out: the Host header '], // true
      [185, 'services[2].routes[0].protocols', 'https only: simulated requests are taken'], // [https]
      [187, 'services[2].routes[0].regex_priority', 'not modelled, left out: meshsim orders r'], // 10
    ]);
  });

  test('one warning per field name, listing the other places', () => {
    const fields = r.warnings
      .filter((d) => d.message.startsWith('not modelled'))
      .map((d) =>
        d.path
          .replace(/\[\d+\]/g, '')
          .split('.')
          .pop(),
      );
    expect(new Set(fields).size).toBe(fields.length);
    expect(r.warnings.find((d) => d.line === 111)?.message).toMatch(/\(2 places: also line 165\)$/);
    expect(r.warnings.find((d) => d.line === 105)?.message).toMatch(/\(2 places: also line 159\)$/);
  });

  test('the retries and read_timeout the dump sets are modelled, not warned', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const orders = (r.scenario.gateway as any).routes.filter(
      (x: { service: string }) => x.service === 'orders-upstream',
    );
    expect(
      orders.map((x: { retries: { attempts: number; perTryTimeout: string } }) => [
        x.retries.attempts,
        x.retries.perTryTimeout,
      ]),
    ).toEqual([
      [3, '30s'],
      [3, '30s'],
    ]);
  });

  test('many places: the first five are listed, then a count', () => {
    const routes = Array.from(
      { length: 8 },
      (_, i) => `      - { name: r${i}, paths: [/r${i}], strip_path: false }`,
    );
    const text = [
      '_format_version: "3.0"',
      'services:',
      '  - name: api',
      '    host: api',
      '    routes:',
      ...routes,
    ].join('\n');
    const many = importKong(text, 'kong.yml').warnings.filter((w) => w.path.endsWith('strip_path'));
    expect(many.map((w) => [w.line, w.message.replace(/^.*\(/, '(')])).toEqual([
      [6, '(8 places: also lines 7, 8, 9, 10, 11 and 2 more)'],
    ]);
  });
});
