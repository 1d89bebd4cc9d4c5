/**
 * Kong declarative config without `_format_version` (tutorial and hand-written kong.yml files): Kong's
 * tools read it (decK as format 1.1), so the importer recognises it as Kong, where it used to read it
 * as a meshsim scenario and fail with "unknown field" errors; a meshsim scenario is still one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  formatDiagnostic,
  importBundle,
  importedYaml,
  importKong,
  loadScenario,
} from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/real/kong/${name}`, import.meta.url), 'utf8');
}

const FILES = ['tutorial-no-version.yml', 'flat-no-version.yml', 'services-only-no-version.yml'];

describe('Kong files without _format_version', () => {
  test.each(FILES)(
    '%s imports as Kong in a bundle, with no unknown field and one note on the version',
    (name) => {
      const r = importBundle(fixture(name), name);
      expect(r.errors.map(formatDiagnostic)).toEqual([]);
      const text = r.warnings.map(formatDiagnostic).join('\n');
      expect(text).not.toMatch(/unknown field/);
      expect(r.warnings.filter((w) => w.message.startsWith('no _format_version'))).toHaveLength(1);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      expect((r.scenario.gateway as any).profile).toBe('kong');
      const loaded = loadScenario(importedYaml(r, [name]), 'imported.yaml');
      expect(loaded.ok ? [] : loaded.errors.map(formatDiagnostic)).toEqual([]);
    },
  );

  test('the tutorial file behaves as Kong: 5 a minute for its consumer over two minutes is 10', () => {
    const r = importKong(fixture('tutorial-no-version.yml'), 'kong.yml');
    expect(r.errors).toEqual([]);
    const loaded = loadScenario(importedYaml(r, ['kong.yml']), 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
    const base = { ...loaded.file.base, duration: 120_000, warmup: 0 };
    const report = runFileWithinBudget({ ...loaded.file, base, variants: [] });
    const ok = report.variants[0].gateway!.metrics.breakdown.filter((b) => b.status === 200);
    expect(ok.map((b) => [b.route, b.consumer, b.count])).toEqual([['example-route', 'example-user', 10]]);
  });

  test('the flat file: its two targets are the stub service’s instances; 5 a second over 10 s is 50', () => {
    const r = importKong(fixture('flat-no-version.yml'), 'kong.yml');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect((r.scenario.services as any)[0]).toMatchObject({ id: 'users-upstream', instances: 2 });
    const loaded = loadScenario(importedYaml(r, ['kong.yml']), 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
    const report = runFileWithinBudget({
      ...loaded.file,
      base: { ...loaded.file.base, duration: 10_000, warmup: 0 },
      variants: [],
    });
    const admitted = Object.values(report.variants[0].gateway!.plugins).reduce(
      (sum, p) => sum + (p['rate-limiting']?.admitted ?? 0),
      0,
    );
    // The global limit counts per client IP (no consumer), over both routes (GET and POST) at once.
    expect(admitted).toBe(50);
  });

  test('a meshsim scenario with services only is still read as a scenario', () => {
    const scenario = [
      'services:',
      '  - id: api',
      '    serviceTime: 5ms',
      'clients:',
      '  - { id: c, target: api, arrival: { process: poisson, rate: 10 } }',
    ].join('\n');
    const r = importBundle(scenario, 'scenario.yaml');
    expect(r.errors).toEqual([]);
    expect(r.scenario.gateway).toBeUndefined();
    expect(r.warnings.map((w) => w.message)).toEqual([
      'no Kong, Istio or Consul config in the input; the scenario document is printed as it is',
    ]);
    const bare = importBundle('services:\n  - id: api\n', 'scenario.yaml');
    expect(bare.scenario.gateway).toBeUndefined();
  });

  test('importKong refuses a meshsim scenario, saying what it looked for', () => {
    const r = importKong('services:\n  - id: api\n    serviceTime: 5ms\n', 'scenario.yaml');
    expect(r.errors.map((e) => e.message)[0]).toMatch(
      /^not Kong declarative config: it has no _format_version/,
    );
  });
});
