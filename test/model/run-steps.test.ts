/**
 * A run as steps (`RunSteps`): however a driver cuts it, by a few events at a time or all at once, it
 * gives the report `runFile` gives, and every step says where the run has got to.
 */
import { describe, expect, it } from 'vitest';
import { replicationSteps, type ReplicationPosition } from '../../src/model/replications';
import type { Report } from '../../src/report/report';
import type { RunSeries } from '../../src/model/run-series';
import { fileSteps, runFile, type RunSteps } from '../../src/model/run';
import { loadLibraryScenario } from '../support/load';

/** The report as JSON with the one field allowed to differ between identical runs zeroed. */
function stable(report: Report): string {
  return JSON.stringify({ ...report, variants: report.variants.map((v) => ({ ...v, wallMs: 0 })) });
}

/** Takes every step of `steps` with a budget of `budget` events, keeping each position yielded. */
function stepThrough<T, P>(steps: RunSteps<T, P>, budget: number): { value: T; positions: P[] } {
  const positions: P[] = [];
  let step = steps.next();
  while (!step.done) {
    positions.push(step.value);
    step = steps.next(budget);
  }
  return { value: step.value, positions };
}

describe('fileSteps', () => {
  it.each(['default.yaml', 'lessons/11-retry-storm.yaml', 'lessons/15-outlier-detection.yaml'])(
    '%s stepped 997 events at a time gives runFile’s report, series included',
    (path) => {
      const file = loadLibraryScenario(path);
      const wholeSeries: Record<string, RunSeries> = {};
      const steppedSeries: Record<string, RunSeries> = {};
      const whole = runFile(file, { onSeries: (name, s) => (wholeSeries[name] = s) });
      const stepped = stepThrough(fileSteps(file, { onSeries: (name, s) => (steppedSeries[name] = s) }), 997);
      expect(stable(stepped.value)).toBe(stable(whole));
      expect(steppedSeries).toEqual(wholeSeries);
      // Far more steps than slices: the budget, not the series' grid, cut the run.
      expect(stepped.positions.length).toBeGreaterThan(
        whole.variants.reduce((n, v) => n + v.events, 0) / 997,
      );
    },
  );

  it('each step says which variant runs and how far, in order', () => {
    const file = loadLibraryScenario('lessons/11-retry-storm.yaml');
    const { positions } = stepThrough(fileSteps(file), 5000);
    const names = file.variants.map((v) => v.name);
    for (const [i, name] of names.entries()) {
      const mine = positions.filter((p) => p.variantIndex === i);
      expect(mine.length).toBeGreaterThan(1);
      expect(mine.every((p) => p.variant === name && p.variantCount === names.length)).toBe(true);
      const times = mine.map((p) => p.now);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBe(0);
      expect(times.at(-1)).toBeLessThan(mine[0].end);
    }
  });
});

describe('replicationSteps', () => {
  it('says which replication runs, on which seed, and gives the reports of runFile on those seeds', () => {
    const file = loadLibraryScenario('default.yaml');
    const { value, positions } = stepThrough(replicationSteps(file, { count: 3, seed: 7 }), 20_000);
    expect(value.map(stable)).toEqual([7, 8, 9].map((seed) => stable(runFile(file, { seed }))));
    const rounds = new Map<number, ReplicationPosition>();
    for (const p of positions) rounds.set(p.replication, p);
    expect([...rounds.values()].map((p) => [p.replication, p.replications, p.seed])).toEqual([
      [0, 3, 7],
      [1, 3, 8],
      [2, 3, 9],
    ]);
  });
});
