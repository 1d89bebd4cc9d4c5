import { describe, expect, test } from 'vitest';
import { claimItems, claimsNote, figureNames, formatClaimValue, type ClaimRuns } from '../../src/ui/claims';
import type { ClaimData, ClaimResult } from '../../src/worker/protocol';

const CLAIMS: ClaimData[] = [
  { say: 'Sidecars add 1 to 3 ms at the median', check: 'mesh:p50 - plain:p50 between 1ms and 3ms' },
  { say: 'Nearly all succeed', check: 'mesh:successRate > 99%' },
];

function result(claim: ClaimData, holds: boolean, value: number, error?: string): ClaimResult {
  return { say: claim.say, check: claim.check, holds, value, bounds: [1, 3], error };
}

function runs(...values: [number, boolean, number, boolean][]): ClaimResult[][] {
  return values.map(([a, aHolds, b, bHolds]) => [result(CLAIMS[0], aHolds, a), result(CLAIMS[1], bHolds, b)]);
}

describe('formatClaimValue', () => {
  test('in the unit the check is written in', () => {
    expect(formatClaimValue('a:successRate > 99.9%', 0.99953)).toBe('99.95%');
    expect(formatClaimValue('a:p50 - b:p50 between 1.5ms and 3.5ms', 2.2849)).toBe('2.28 ms');
    expect(formatClaimValue('a:p99 < 1.5s', 843.21)).toBe('843 ms');
    expect(formatClaimValue('on:amplification between 1.2x and 3x', 1.8512)).toBe('1.85x');
    expect(formatClaimValue('a:mesh.cpuMsPer1000Requests between 2000 and 2700', 2309.4)).toBe('2,309');
    expect(formatClaimValue('a:requests.byStatus.429 > 10', 12)).toBe('12.0');
    expect(formatClaimValue('a:share.5xx < 0.1', 0.05)).toBe('5.00%');
    expect(formatClaimValue('a:p50 > 1', NaN)).toBe('—');
  });
  test('or of the figures it reads, when it writes no unit', () => {
    expect(formatClaimValue('two:p50 < one:p50', 8.0213)).toBe('8.02 ms');
    expect(formatClaimValue('two:p50 < one:p50 / 10', 8.0213)).toBe('8.02 ms');
    expect(formatClaimValue('a:components.db.meanWaitMs < 2', 1.234)).toBe('1.23 ms');
    expect(formatClaimValue('a:edge.web.db.p99 - b:edge.web.db.p99 > 0.5', 0.8)).toBe('0.800 ms');
    expect(formatClaimValue('on:successRate > off:successRate', 0.9712)).toBe('97.12%');
    expect(formatClaimValue('a:share.429 + a:share.5xx < 0.2', 0.15)).toBe('15.00%');
    expect(formatClaimValue('a:components.db.utilization < 0.8', 0.5)).toBe('50.00%');
    // Mixed or unknown figures stay plain numbers.
    expect(formatClaimValue('a:p50 / a:requests.generated < 1', 0.5)).toBe('0.500');
    expect(formatClaimValue('a:components.leaf.served / a:requests.generated > 2.5', 2.71)).toBe('2.71');
  });
});

test('figureNames reads the figures of a check, without variants, numbers or keywords', () => {
  expect(figureNames('gateway-and-mesh:p50 - gateway-only:p50 between 1.5ms and 3.5ms')).toEqual([
    'p50',
    'p50',
  ]);
  expect(figureNames('(on:components.leaf.served)/on:requests.generated > 2.5x')).toEqual([
    'components.leaf.served',
    'requests.generated',
  ]);
  expect(figureNames('share.5xx < 10%')).toEqual(['share.5xx']);
});

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
    expect(items[0].verdict).toEqual({ holds: true, value: '2.28 ms', error: undefined });
    expect(items[1].verdict).toEqual({ holds: false, value: '95.00%', error: undefined });
    expect(items.every((i) => i.seeds === undefined)).toBe(true);
    expect(claimsNote(known)).toBe('Checked on this run (seed 1); checking seeds 1 to 5: 1 of 5 done…');
  });

  test('after the replications: on how many seeds each holds, and the range measured', () => {
    const known: ClaimRuns = {
      runs: runs([2.28, true, 0.995, true], [2.34, true, 0.98, false], [3.2, false, 0.999, true]),
      seed: 4,
      replications: 3,
      state: 'complete',
    };
    const items = claimItems(CLAIMS, known);
    expect(items[0].seeds).toEqual({ held: 2, of: 3, range: '2.28 ms to 3.20 ms' });
    expect(items[1].seeds).toEqual({ held: 2, of: 3, range: '98.00% to 99.90%' });
    expect(items[0].verdict?.holds).toBe(true);
    expect(claimsNote(known)).toBe('Checked on this run (seed 4) and on seeds 4 to 6.');
    expect(claimsNote({ ...known, state: 'stopped' })).toBe(
      'Checked on this run (seed 4); the other seeds were stopped.',
    );
    expect(claimsNote({ ...known, replications: 1 })).toBe('Checked on this run (seed 4).');
  });

  test('a figure the run lacks: no verdict value, the reason kept', () => {
    const missing: ClaimRuns = {
      runs: [[result(CLAIMS[0], false, NaN, 'the run has no variant "mesh"'), result(CLAIMS[1], true, 1)]],
      seed: 1,
      replications: 1,
      state: 'complete',
    };
    const [first] = claimItems(CLAIMS, missing);
    expect(first.verdict).toEqual({ holds: false, value: '—', error: 'the run has no variant "mesh"' });
  });

  test('verdicts of other claims (the text was edited since) are not shown', () => {
    const edited: ClaimData[] = [CLAIMS[0], { say: 'Changed', check: 'mesh:successRate > 90%' }];
    const known: ClaimRuns = { runs: runs([2, true, 1, true]), seed: 1, replications: 1, state: 'complete' };
    expect(claimItems(edited, known).every((i) => i.verdict === undefined)).toBe(true);
  });
});
