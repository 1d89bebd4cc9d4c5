/**
 * Helpers shared by the tests that import a mesh's bundle (Istio, Consul): each diagnostic is
 * written `line:col path: message`, so that a test pins its position along with its text.
 */
import { expect } from 'vitest';
import {
  formatDiagnostic,
  importBundle,
  importedYaml,
  loadScenario,
  type ImportResult,
  type LoadResult,
} from '../../../src/scenario';

/** `line:col path: message` of each warning but the stubs'. */
export const warnings = (r: ImportResult): string[] =>
  r.warnings
    .filter((d) => !d.message.includes(' is a stub'))
    .map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`);

/** The imported scenario's mesh section, untyped so that tests can compare its parts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const meshOf = (r: ImportResult): any => r.scenario.mesh;

/** Importing bundles written as `fileName` (which diagnostics name). */
export interface BundleImporter {
  /** Imports `text`, which must import without errors. */
  readonly imported: (text: string) => ImportResult;
  /** `line:col path: message` of the errors of `text`, which must not import. */
  readonly errorsOf: (text: string) => string[];
  /** The printed scenario must load without errors; returns the loaded file. */
  readonly expectLoads: (r: ImportResult) => Extract<LoadResult, { ok: true }>;
}

/** The helpers for bundles written as `fileName`, such as `istio.yaml`. */
export function bundleImporter(fileName: string): BundleImporter {
  return {
    imported: (text) => {
      const r = importBundle(text, fileName);
      expect(r.errors.map(formatDiagnostic)).toEqual([]);
      return r;
    },
    errorsOf: (text) => {
      const r = importBundle(text, fileName);
      expect(r.errors.length).toBeGreaterThan(0);
      return r.errors.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`);
    },
    expectLoads: (r) => {
      const loaded = loadScenario(importedYaml(r, [fileName]), 'imported.yaml');
      if (!loaded.ok) expect.fail(loaded.errors.map(formatDiagnostic).join('\n'));
      return loaded;
    },
  };
}

/**
 * The fuzz tests' check of one import: diagnostics are positioned within the text, one line each,
 * never internal errors; without errors (and when `mustLoad`), the printed scenario loads.
 */
export function checkFuzzedImport(text: string, r: ImportResult, mustLoad: boolean): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const d of [...r.warnings, ...r.errors]) {
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lineCount + 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
    expect(formatDiagnostic(d)).not.toMatch(/[\r\n]/);
    expect(d.message).not.toMatch(/internal error/);
  }
  if (r.errors.length > 0 || !mustLoad) return;
  const printed = importedYaml(r, ['fuzz.yaml']);
  const loaded = loadScenario(printed, 'imported.yaml');
  expect(loaded.ok ? [] : loaded.errors.map(formatDiagnostic), printed).toEqual([]);
}
