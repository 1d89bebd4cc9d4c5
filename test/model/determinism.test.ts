import { describe, expect, it } from 'vitest';
import { runFile } from '../../src/model';
import type { Report } from '../../src/model';
import { loadLibraryScenario } from '../support/load';

/** The report as JSON with the one field allowed to differ between identical runs zeroed. */
function stable(report: Report): string {
  return JSON.stringify({ ...report, variants: report.variants.map((v) => ({ ...v, wallMs: 0 })) });
}

describe('determinism of runFile', () => {
  const file = loadLibraryScenario('default.yaml');

  it('gives the same report byte for byte for the same file and seed', () => {
    expect(stable(runFile(file))).toBe(stable(runFile(file)));
  });

  it('gives a different run for a different seed, with the seed in the report', () => {
    const other = runFile(file, { seed: 2 });
    expect(other.seed).toBe(2);
    expect(stable(other)).not.toBe(stable(runFile(file)));
  });
});

describe('the latency histogram of a report', () => {
  it('bins every answered request on a 1-2-5 scale, trimmed to the bins used', async () => {
    const { runScenario } = await import('../../src/model');
    const { client, constant, scenario, service } = await import('../support/build-scenario');
    const report = runScenario(
      scenario({
        duration: 10_000,
        clients: [client('c', 's', 100)],
        services: [service('s', { serviceTime: constant(3), concurrency: 1000 })],
      }),
      'h',
    );
    const answered = report.requests.ok + report.requests.failed;
    // Every latency is 3 ms: one bin, [2, 5).
    expect(report.latencyHistogram).toEqual({ boundsMs: [2, 5], counts: [answered] });
  });

  it('counts every answered request once, in bins that tile the range', () => {
    const report = runFile(loadLibraryScenario('default.yaml')).variants[0];
    const { boundsMs, counts } = report.latencyHistogram;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(report.requests.ok + report.requests.failed);
    expect(boundsMs).toHaveLength(counts.length + 1);
    expect(boundsMs[0]).toBeLessThanOrEqual(report.latencyMs.p50);
    expect(boundsMs[boundsMs.length - 1]).toBeGreaterThan(report.latencyMs.max);
  });
});
