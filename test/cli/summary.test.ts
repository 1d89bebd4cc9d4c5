import { describe, expect, it } from 'vitest';
import { deltaCells, renderComparison } from '../../src/cli/comparison';
import { compareReplications } from '../../src/report/comparison';
import { successRate } from '../../src/report/report-figures';
import { renderRunReport } from '../../src/cli/summary';
import { component, report, variant } from './fixtures';

describe('renderRunReport', () => {
  it('prints one variant as a metric table and a component table', () => {
    const text = renderRunReport(report(variant('base')), { simulated: 60_000, warmup: 5_000 });
    expect(text).toBe(`Shop · seed 42 · 60 s simulated · warmup 5 s

                                base
Requests    generated         12,003
            ok                11,880
            failed               120
            in flight              3
            success           99.00%
Status      200               11,880
            500                  100
            503                   20
Latency     mean             4.37 ms
            p50              3.90 ms
            p90              7.13 ms
            p99              21.4 ms
            p99.9            35.0 ms
            max              48.2 ms
Throughput  offered        200.1 rps
            goodput        198.0 rps
Attempts    total             24,006
            retries               12
            amplification     1.001x
Engine      events         1,234,567
            wall              842 ms

Components
  component  utilization  mean queue  mean wait  served  rejected
  edge             12.3%        0.00       0 ms  12,000         0
  catalog          50.0%        1.25    2.50 ms   1,000        20
`);
  });

  it('puts variants side by side, with status codes of every variant, then a component table each', () => {
    const mesh = variant('mesh', {
      requests: { generated: 10, ok: 9, failed: 1, inFlight: 0, byStatus: { '200': 9, '429': 1 } },
    });
    const text = renderRunReport(report(variant('gateway-only'), mesh));
    expect(text.split('\n')[0]).toBe('Shop · seed 42');
    expect(text).toMatch(/^ +gateway-only +mesh$/m);
    expect(text).toMatch(/^ +429 +0 +1$/m);
    expect(text).toMatch(/^ +500 +100 +0$/m);
    expect(text).toContain('\nComponents · gateway-only\n');
    expect(text).toContain('\nComponents · mesh\n');
  });
});

describe('renderComparison', () => {
  const base = variant('gateway-only');
  const mesh = variant('mesh', {
    requests: {
      generated: 12_003,
      ok: 11_950,
      failed: 50,
      inFlight: 3,
      byStatus: { '200': 11_950, '503': 50 },
    },
    latencyMs: { mean: 5.01, p50: 4.5, p90: 8, p99: 25, p999: 40, max: 60 },
    components: {
      edge: component({ utilization: 0.13 }),
      catalog: component(),
      'catalog.sidecar': component(),
    },
  });
  const text = renderComparison(report(base, mesh));
  const line = (pattern: RegExp) => text.split('\n').find((l) => pattern.test(l));

  it('shows latency changes in ms and percent', () => {
    expect(line(/^ +mean/)).toMatch(/^ +mean +4\.37 ms +5\.01 ms +\+0\.638 ms +\+14\.6%$/);
    expect(line(/^ +p99 /)).toMatch(/ 21\.4 ms +25\.0 ms +\+3\.56 ms +\+16\.6%$/);
  });

  it('shows the success rate change in percentage points', () => {
    expect(line(/success/)).toMatch(/success +99\.00% +99\.58% +\+0\.58 pp$/);
  });

  it('compares components, a missing one as —', () => {
    expect(line(/^edge +utilization/)).toMatch(/12\.3% +13\.0% +\+0\.70 pp$/);
    expect(line(/^catalog\.sidecar +utilization/)).toMatch(/— +50\.0% +—$/);
  });

  it("leads with the lesson's figures, then the counts; the engine is a footnote, not a row", () => {
    const lines = text.split('\n');
    expect(lines.slice(3, 14).map((l) => l.split(/ {2,}/).slice(0, 2).join('|').trim())).toEqual([
      'Latency|p50',
      '|p90',
      '|p99',
      '|p99.9',
      '|mean',
      '|max',
      'Outcome|success',
      '|answered 500',
      '|answered 503',
      'Load and cost|amplification',
      '',
    ]);
    expect(line(/answered 503/)).toMatch(/ 0\.17% +0\.42% +\+0\.25 pp$/);
    expect(lines[14]).toBe('Counts and rates');
    expect(text).not.toMatch(/^(Engine)? +(wall|events) /m);
    expect(lines.at(-2)).toBe('Engine: 2,469,134 events in 1,685 ms of wall time over 2 runs (not compared)');
  });

  it('names the baseline in the heading', () => {
    expect(text.split('\n')[0]).toBe('Shop · seed 42 · Δ against gateway-only');
    expect(text.split('\n')[2]).toMatch(/gateway-only +mesh +Δ +Δ%$/);
  });

  it('deltaCells follows the row kind', () => {
    const rows = compareReplications([report(base, mesh)]).rows;
    const get = (label: string) => rows.find((r) => r.metric.label === label)!;
    expect(deltaCells(get('generated'), 1)).toEqual(['0', '0.0%']);
    expect(deltaCells(get('failed'), 1)).toEqual(['-70', '-58.3%']);
    expect(deltaCells(get('amplification'), 1)).toEqual(['0.000x', '']);
    expect(successRate(base)).toBeCloseTo(11_880 / 12_000, 12);
  });
});
