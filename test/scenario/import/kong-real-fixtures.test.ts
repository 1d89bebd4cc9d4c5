/**
 * Every real-shaped Kong file in test/fixtures/real/kong imports without an error, loads as a
 * scenario and runs; and the partner API, secured by jwt and acl groups, serves whom Kong serves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, importedYaml, importSources, loadScenario } from '../../../src/scenario';
import { runFileWithinBudget } from '../../support/event-budget';

const DIR = new URL('../../fixtures/real/kong/', import.meta.url);
const FILES = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

function runBundle(files: { text: string; fileName: string }[], ms: number) {
  const r = importSources(files);
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  const loaded = loadScenario(
    importedYaml(
      r,
      files.map((f) => f.fileName),
    ),
    'imported.yaml',
  );
  if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
  return runFileWithinBudget({
    ...loaded.file,
    base: { ...loaded.file.base, duration: ms, warmup: 0 },
    variants: [],
  });
}

describe('real-shaped Kong files', () => {
  test('there are ten or more of them', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(10);
  });

  test.each(FILES)('%s imports, loads and runs', (name) => {
    const report = runBundle([{ text: readFileSync(new URL(name, DIR), 'utf8'), fileName: name }], 2000);
    expect(report.variants[0].requests.generated).toBeGreaterThan(0);
    expect(report.variants[0].gateway?.profile).toBe('kong');
  });

  test('the partner API: jwt for everyone, the orders API for the partners group only', () => {
    const clients = `
clients:
  - { id: acme, consumer: acme, arrival: { process: constant, rate: 10 }, mix: [{ path: /partner/orders }, { path: /partner/catalog }] }
  - { id: globex, consumer: globex, arrival: { process: constant, rate: 10 }, mix: [{ path: /partner/orders }, { path: /partner/catalog }] }
  - { id: anonymous, arrival: { process: constant, rate: 10 }, credentials: { invalid: 1 }, mix: [{ path: /partner/catalog }] }
`;
    const report = runBundle(
      [
        { text: readFileSync(new URL('partner-api.yml', DIR), 'utf8'), fileName: 'partner-api.yml' },
        { text: clients, fileName: 'clients.yaml' },
      ],
      10_000,
    );
    const cells = report.variants[0].gateway!.metrics.breakdown.map(
      (b) => `${b.route} ${b.consumer || '-'} ${b.status}`,
    );
    // acme is in partners: orders and catalog served; globex (trial) is refused orders with 403;
    // a request without a valid token gets 401 from jwt before anything else.
    expect(new Set(cells)).toEqual(
      new Set([
        'partner-orders acme 200',
        'partner-catalog acme 200',
        'partner-orders globex 403',
        'partner-catalog globex 200',
        'partner-catalog - 401',
      ]),
    );
  });
});
