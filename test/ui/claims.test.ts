import { describe, expect, test } from 'vitest';
import { claimItems, claimsNote, type ClaimRuns } from '../../src/ui/claims';
import type { ClaimData, ClaimResult } from '../../src/worker/protocol';

const CLAIMS: ClaimData[] = [
  { say: 'Sidecars add 1 to 3 ms at the median', check: 'mesh:p50 - plain:p50 between 1ms and 3ms' },
  { say: 'Nearly all succeed', check: 'mesh:successRate > 99%' },
];

/** A result as the model gives it for CLAIMS[0] (a difference in ms) or CLAIMS[1] (a success rate). */
function result(claim: ClaimData, holds: boolean, value: number, error?: string): ClaimResult {
  const share = claim.check.includes('%');
  return {
    say: claim.say,
    check: claim.check,
    holds,
    value,
    ...(share
      ? {
          unit: 'share',
          relation: '>',
          bounds: [0.99, Infinity],
          noun: 'succeed',
          difference: false,
          variants: ['mesh'],
        }
      : { unit: 'ms', relation: 'between', bounds: [1, 3], difference: true, variants: ['mesh', 'plain'] }),
    error,
  };
}

function runs(...values: [number, boolean, number, boolean][]): ClaimResult[][] {
  return values.map(([a, aHolds, b, bHolds]) => [result(CLAIMS[0], aHolds, a), result(CLAIMS[1], bHolds, b)]);
}

describe('claimItems', () => {
  test('before a run: the sentences and checks, no verdict', () => {
    expect(claimItems(CLAIMS, undefined)).toEqual(CLAIMS.map((c) => ({ say: c.say, check: c.check })));
    expect(claimsNote(undefined)).toBe('Run the lesson to check them.');
  });

  test('after the run: the verdict and value on it; the seeds only once all are in', () => {
    const known: ClaimRuns = {
      runs: runs([2.28, true, 0.95, false]),
      seed: 1,
      replications: 5,
      state: 'running',
    };
    const items = claimItems(CLAIMS, known);
    expect(items[0].verdict).toEqual({
      holds: true,
      subject: 'mesh vs plain',
      value: '+2.28 ms',
      expected: 'expected between 1 ms and 3 ms',
      error: undefined,
    });
    expect(items[1].verdict).toEqual({
      holds: false,
      subject: 'mesh',
      value: '95% succeed',
      expected: 'expected over 99%',
      error: undefined,
    });
    expect(items.every((i) => i.seeds === undefined)).toBe(true);
    expect(claimsNote(known)).toBe(
      'Checked over this whole run (seed 1); checking seeds 1 to 5: 1 of 5 done…',
    );
  });

  test('after the replications: on how many seeds each holds, and the range measured', () => {
    const known: ClaimRuns = {
      runs: runs([2.28, true, 0.995, true], [2.34, true, 0.98, false], [3.2, false, 0.999, true]),
      seed: 4,
      replications: 3,
      state: 'complete',
    };
    const items = claimItems(CLAIMS, known);
    expect(items[0].seeds).toEqual({ held: 2, of: 3, range: '+2.28 ms to +3.20 ms' });
    expect(items[1].seeds).toEqual({ held: 2, of: 3, range: '98% to 99.9% succeed' });
    expect(items[0].verdict?.holds).toBe(true);
    expect(claimsNote(known)).toBe('Checked over this whole run (seed 4) and on seeds 4 to 6.');
    expect(claimsNote({ ...known, state: 'stopped' })).toBe(
      'Checked over this whole run (seed 4); the other seeds were stopped.',
    );
    expect(claimsNote({ ...known, replications: 1 })).toBe('Checked over this whole run (seed 4).');
  });

  test('a figure the run lacks: no verdict value, the reason kept', () => {
    const missing: ClaimRuns = {
      runs: [[result(CLAIMS[0], false, NaN, 'the run has no variant "mesh"'), result(CLAIMS[1], true, 1)]],
      seed: 1,
      replications: 1,
      state: 'complete',
    };
    const [first] = claimItems(CLAIMS, missing);
    expect(first.verdict).toEqual({
      holds: false,
      subject: 'mesh vs plain',
      value: '—',
      expected: 'expected between 1 ms and 3 ms',
      error: 'the run has no variant "mesh"',
    });
  });

  test('verdicts of other claims (the text was edited since) are not shown', () => {
    const edited: ClaimData[] = [CLAIMS[0], { say: 'Changed', check: 'mesh:successRate > 90%' }];
    const known: ClaimRuns = { runs: runs([2, true, 1, true]), seed: 1, replications: 1, state: 'complete' };
    expect(claimItems(edited, known).every((i) => i.verdict === undefined)).toBe(true);
  });
});
