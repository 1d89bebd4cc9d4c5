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
