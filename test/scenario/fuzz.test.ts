/**
 * Property tests: whatever the text, loadScenario returns diagnostics and never throws. Each
 * property runs with a fixed seed (in its name), so a failure replays exactly.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { applyEdit, textEdit } from '../support/text-edits';
import { describe, expect, test } from 'vitest';
import { type Diagnostic, formatDiagnostic, type LoadResult, loadScenario } from '../../src/scenario';

const DEFAULT_YAML = readFileSync(new URL('../../scenarios/default.yaml', import.meta.url), 'utf8');

/** What every result must satisfy, valid or not. */
function checkResult(text: string, r: LoadResult): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const all: Diagnostic[] = [...r.warnings, ...(r.ok ? [] : r.errors)];
  if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
  for (const d of all) {
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lineCount + 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
    expect(formatDiagnostic(d)).not.toMatch(/[\r\n]/);
  }
  if (r.ok) {
    for (const s of [r.file.base, ...r.file.variants.map((v) => v.scenario)]) {
      const ids = new Set([...(s.gateway ? [s.gateway.id] : []), ...s.services.map((x) => x.id)]);
      for (const c of s.clients) expect(ids.has(c.target)).toBe(true);
      expect(s.warmup).toBeLessThan(s.duration);
    }
  }
}

const yamlBits = fc.constantFrom(
  ':',
  ': ',
  '-',
  '- ',
  ' ',
  '  ',
  '\n',
  '\t',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '<<: *a',
  '"',
  "'",
  '#',
  '0',
  '-1',
  '1e400',
  '.inf',
  '.nan',
  'null',
  '~',
  '5sec',
  'unlimited',
  'x',
  '---\n',
  '__proto__: 1\n',
  'toString',
);
const edit = textEdit(yamlBits);

// Documents built from the format's own words, so that random input reaches the deep checks.
const KEYS = [
  'name',
  'seed',
  'duration',
  'warmup',
  'clients',
  'gateway',
  'services',
  'network',
  'mesh',
  'faults',
  'variants',
  'id',
  'target',
  'arrival',
  'process',
  'rate',
  'users',
  'think',
  'schedule',
  'at',
  'mix',
  'weight',
  'method',
  'path',
  'keys',
  'count',
  'headers',
  'timeout',
  'instances',
  'concurrency',
  'queue',
  'serviceTime',
  'errorRate',
  'calls',
  'service',
  'routes',
  'match',
  'prefix',
  'retries',
  'attempts',
  'plugins',
  'dist',
  'median',
  'p99',
  'mean',
  'value',
  'enabled',
  'policies',
  'kind',
  'instance',
  'latency',
] as const;
const WORDS = fc.constantFrom<unknown>(
  'api',
  'db',
  'edge',
  'web',
  'poisson',
  'closed',
  'constant',
  'lognormal',
  'crash',
  'errors',
  'rate-limiting',
  '5ms',
  '1s',
  '-3ms',
  '/',
  '/api',
  'GET',
  'post',
  'unlimited',
  0,
  1,
  2,
  -1,
  0.5,
  1.5,
  1e9,
  true,
  false,
  null,
);
const { doc } = fc.letrec((tie) => ({
  doc: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 6 }),
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    WORDS,
    fc.array(tie('value'), { maxLength: 3 }),
    tie('doc'),
  ),
}));

describe('loadScenario never throws', () => {
  test('on arbitrary strings (seed 20251126)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
        ),
        (text) => {
          checkResult(text, loadScenario(text, 'fuzz.yaml'));
        },
      ),
      { seed: 20251126, numRuns: 500 },
    );
  });

  test('on random edits of scenarios/default.yaml (seed 4242)', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const text = edits.reduce(applyEdit, DEFAULT_YAML);
        checkResult(text, loadScenario(text, 'default.yaml'));
      }),
      { seed: 4242, numRuns: 400 },
    );
  });

  test('on random documents made of the format’s own words, as JSON (seed 777)', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const text = JSON.stringify(d);
        checkResult(text, loadScenario(text, 'fuzz.json'));
      }),
      { seed: 777, numRuns: 400 },
    );
  });

  test('on arbitrary JSON values (seed 99)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v) ?? 'null';
        checkResult(text, loadScenario(text, 'fuzz.json'));
      }),
      { seed: 99, numRuns: 300 },
    );
  });

  test('on deep nesting', () => {
    for (const text of [
      '['.repeat(100_000),
      `${'a:\n '.repeat(2000)}b`,
      `x: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}`,
    ]) {
      checkResult(text, loadScenario(text, 'deep.yaml'));
    }
  });
});
