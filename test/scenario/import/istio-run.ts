/**
 * Helpers for the tests that import real-shaped Istio and Kubernetes files (test/fixtures/real/istio/)
 * with a scenario document of this folder, as `meshsim import A B ...` takes them, then load and run
 * the result: what Istio would show is checked on the simulated report.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { VariantReport } from '../../../src/report/report';
import { formatDiagnostic, importSources, type ImportResult, type ImportSource } from '../../../src/scenario';
import { runImportedBase } from '../../support/imported-run';

/** A file of test/fixtures/real/istio/ (`bookinfo/bookinfo.yaml`) or of this folder (`./istio-bookinfo.yaml`). */
export function source(name: string, edit?: (text: string) => string): ImportSource {
  const url = name.startsWith('./')
    ? new URL(name, import.meta.url)
    : new URL(`../../fixtures/real/istio/${name}`, import.meta.url);
  const text = readFileSync(url, 'utf8');
  return { text: edit === undefined ? text : edit(text), fileName: name.replace(/^\.\//, '') };
}

/** The bundle imported, which must succeed. */
export function imported(sources: readonly ImportSource[]): ImportResult {
  const r = importSources(sources);
  expect(r.errors.map(formatDiagnostic)).toEqual([]);
  return r;
}

/** The bundle imported, loaded and run as its scenario says (its duration, warmup and seed). */
export function run(sources: readonly ImportSource[]): VariantReport {
  return runImportedBase(sources);
}

/** Calls each service served over the run. */
export function served(report: VariantReport, id: string): number {
  return report.components[id]?.served ?? 0;
}

/** The shares of `ids` in the calls they served together. */
export function shares(report: VariantReport, ids: readonly string[]): number[] {
  const counts = ids.map((id) => served(report, id));
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((n) => (total === 0 ? 0 : n / total));
}

/** The edge from `from` to `to`, which must exist. */
export function edge(report: VariantReport, from: string, to: string): VariantReport['edges'][number] {
  const e = report.edges.find((x) => x.from === from && x.to === to);
  if (e === undefined)
    expect.fail(
      `no edge ${from} -> ${to}; edges: ${report.edges.map((x) => `${x.from}->${x.to}`).join(', ')}`,
    );
  return e;
}
