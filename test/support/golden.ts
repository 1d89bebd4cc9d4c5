/**
 * Golden files: a committed JSON summary compared on every run. A mismatch writes the new summary
 * beside the golden one as `NAME-changed.json` (ignored by git) so that the two can be diffed, and
 * fails; `UPDATE_GOLDEN=1` rewrites the golden file instead.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import type { Report, VariantReport } from '../../src/report/report';

/** `x` to `digits` significant digits, as a number (so JSON prints it short). */
export function significant(x: number, digits = 4): number | null {
  if (!Number.isFinite(x)) return null;
  return x === 0 ? 0 : Number(x.toPrecision(digits));
}

/**
 * What a lesson's golden file keeps of a variant: counts exactly, latencies, rates and shares to four
 * significant digits; the engine's event count and wall time are left out.
 */
export function goldenVariant(v: VariantReport) {
  const components = Object.fromEntries(
    Object.entries(v.components).map(([id, c]) => [
      id,
      { utilization: significant(c.utilization), served: c.served, rejected: c.rejected },
    ]),
  );
  return {
    name: v.name,
    requests: v.requests,
    latencyMs: Object.fromEntries(Object.entries(v.latencyMs).map(([k, x]) => [k, significant(x)])),
    goodput: significant(v.throughput.goodput),
    attempts: { total: v.attempts.total, retries: v.attempts.retries },
    components,
    ...(v.mesh
      ? {
          mesh: {
            cpuMsPer1000Requests: significant(v.mesh.cpuMsPer1000Requests),
            handshakes: v.mesh.mtls.handshakes,
            outcomes: v.mesh.outcomes,
          },
        }
      : {}),
  };
}

/** The golden summary of a report. */
export function goldenReport(report: Report) {
  return { scenario: report.scenario, seed: report.seed, variants: report.variants.map(goldenVariant) };
}

/** Compares `value` as JSON with the golden file at `path` (see the module comment). */
export function expectGolden(path: string, value: unknown): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  const changed = path.replace(/\.json$/, '-changed.json');
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    rmSync(changed, { force: true });
    return;
  }
  if (!existsSync(path)) {
    expect.fail(
      `no golden file ${path}: run the tests with UPDATE_GOLDEN=1 to write it, then review and commit it`,
    );
  }
  const golden = readFileSync(path, 'utf8');
  if (golden === text) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, text);
  expect(JSON.parse(text), `differs from ${path}; the new summary is in ${changed}`).toEqual(
    JSON.parse(golden),
  );
  // Equal as data but not as text (key order or spacing): still a change to review.
  expect(text, `${path} differs in layout; the new summary is in ${changed}`).toBe(golden);
}
