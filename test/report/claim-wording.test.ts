import { describe, expect, it } from 'vitest';
import {
  claimExpectedWords,
  claimRangeWords,
  claimSubject,
  claimValueWords,
} from '../../src/report/claim-wording';
import { evaluateExpectations } from '../../src/report/expectations';
import { parseClaim } from '../../src/scenario/expectations';
import { component, report, variant } from '../cli/fixtures';

/** Two runs: `storm` retries at every hop (the catalog serves 310,000 calls for 12,003 requests). */
const RUN = report(
  variant('calm', {
    components: { catalog: component({ utilization: 0.05, served: 1000, rejected: 20 }) },
  }),
  variant('storm', {
    latencyMs: { mean: 6.1, p50: 6.18, p90: 9, p99: 30, p999: 40, max: 50 },
    components: { catalog: component({ utilization: 0.5, served: 310_000, rejected: 20 }) },
  }),
);

/** The claim `check` on RUN, in words: value, then bounds, then the verdict. */
function words(check: string): [string, string, boolean] {
  const [result] = evaluateExpectations(
    [{ say: check, check, claim: parseClaim(check), pos: { line: 1, column: 1 } }],
    RUN,
  );
  return [claimValueWords(result, result.value), claimExpectedWords(result), result.holds];
}

describe('a claim in words', () => {
  it('reads a count over the requests as calls per request, its bounds as written', () => {
    expect(words('storm:components.catalog.served / storm:requests.generated between 24 and 27')).toEqual([
      '25.8 calls per request',
      'expected between 24 and 27',
      true,
    ]);
    expect(words('calm:components.catalog.served / calm:requests.generated < 3.5')).toEqual([
      '0.083 calls per request',
      'expected under 3.5',
      true,
    ]);
  });

  it('reads a success rate as the share that succeeds', () => {
    expect(words('calm:successRate > 99.9%')).toEqual(['99% succeed', 'expected over 99.9%', false]);
    expect(words('calm:successRate between 80% and 99.5%')).toEqual([
      '99% succeed',
      'expected between 80% and 99.5%',
      true,
    ]);
  });

  it('reads a status share, and a status count, with the status', () => {
    expect(words('calm:share.503 < 1%')).toEqual(['0.17% answered 503', 'expected under 1%', true]);
    expect(words('calm:requests.byStatus.500 <= 12')).toEqual([
      '100 requests answered 500',
      'expected at most 12',
      false,
    ]);
  });

  it('reads a latency in ms, a difference with its sign', () => {
    expect(words('storm:p50 - calm:p50 between 1.5ms and 3.5ms')).toEqual([
      '+2.28 ms',
      'expected between 1.5 ms and 3.5 ms',
      true,
    ]);
    expect(words('calm:p50 - storm:p50 between -0.5ms and 0.5ms')).toEqual([
      '-2.28 ms',
      'expected between -0.5 ms and 0.5 ms',
      false,
    ]);
    expect(words('storm:p50 > 500ms')).toEqual(['6.18 ms', 'expected over 500 ms', false]);
  });

  it('evaluates a bound written over figures, in the value unit', () => {
    expect(words('storm:components.catalog.utilization > 6 * calm:components.catalog.utilization')).toEqual([
      '50% busy',
      "expected over 30% (6 × calm's catalog busy)",
      true,
    ]);
    // A count held to a share of another count stays a count.
    expect(words('calm:components.catalog.rejected > 15% * calm:requests.generated')).toEqual([
      '20 calls rejected',
      "expected over 1,800 (15% × calm's requests)",
      false,
    ]);
  });

  it('prints exact relations and counts as such, and a ratio of figures as a factor', () => {
    expect(words('calm:attempts.retries == 12')).toEqual(['12 retries', 'expected exactly 12', true]);
    expect(words('calm:attempts.retries >= 13')).toEqual(['12 retries', 'expected at least 13', false]);
    expect(
      words('calm:components.catalog.served / storm:components.catalog.served between 0.001 and 0.01'),
    ).toEqual(['0.003x', 'expected between 0.001x and 0.01x', true]);
  });

  it('reads a difference of shares in points, and keeps the noun of like figures', () => {
    expect(
      words('storm:components.catalog.utilization - calm:components.catalog.utilization between 38% and 52%'),
    ).toEqual(['+45 pp busy', 'expected between 38 pp and 52 pp', true]);
    expect(words('storm:components.catalog.served - calm:components.catalog.served > 300000')).toEqual([
      '+309,000 calls served',
      'expected over 300,000',
      true,
    ]);
  });

  it('says what a bound read from figures is', () => {
    expect(words('storm:p50 < calm:p50 / 10')[1]).toBe("expected under 0.390 ms (calm's p50 / 10)");
    expect(words('storm:successRate > calm:successRate - 4%')[1]).toBe(
      "expected over 95% (calm's success - 4%)",
    );
    expect(words('storm:mean < (calm:p50 + calm:p99) / 2')[1]).toBe(
      "expected under 12.7 ms ((calm's p50 + calm's p99) / 2)",
    );
    expect(words('storm:p99 > 1.5s')[1]).toBe('expected over 1,500 ms');
  });

  it('a figure the run lacks: a dash and no bounds', () => {
    expect(words('gone:p50 < 5ms')).toEqual(['—', '', false]);
  });

  it('a range over seeds carries the noun once', () => {
    const perRequest = { unit: 'perRequest', noun: 'calls per request', difference: false } as const;
    expect(claimRangeWords(perRequest, 25.81, 26.04)).toBe('25.8 to 26.0 calls per request');
    expect(claimRangeWords(perRequest, 3, 3)).toBe('3 calls per request');
    expect(claimRangeWords({ unit: 'ms', difference: true }, 2.28, 2.34)).toBe('+2.28 ms to +2.34 ms');
  });

  it('names the variants the value is measured on', () => {
    const subject = (check: string) =>
      claimSubject(
        evaluateExpectations(
          [{ say: check, check, claim: parseClaim(check), pos: { line: 1, column: 1 } }],
          RUN,
        )[0],
      );
    expect(subject('calm:successRate > 99.9%')).toBe('calm');
    expect(subject('storm:p50 - calm:p50 between 1.5ms and 3.5ms')).toBe('storm vs calm');
    expect(subject('storm:p50 > 2 * calm:p50')).toBe('storm');
    expect(subject('calm:components.catalog.served / storm:components.catalog.served < 1')).toBe(
      'calm, storm',
    );
  });
});
