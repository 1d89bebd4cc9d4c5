import { describe, expect, it } from 'vitest';
import { estimateMean, tQuantile975 } from '../../src/engine/confidence';
import { claimUnit, evaluateExpectations } from '../../src/report/expectations';
import { figure, UnknownFigure } from '../../src/report/figures';
import { compareReplications } from '../../src/report/comparison';
import type { VariantReport } from '../../src/report/report';
import { parseClaim } from '../../src/scenario/expectations';
import type { Expectation } from '../../src/scenario/types';
import { component, report, variant } from '../cli/fixtures';

const claim = (check: string): Expectation => ({
  say: check,
  check,
  claim: parseClaim(check),
  pos: { line: 1, column: 1 },
});

describe('figure', () => {
  const v = variant('mesh', {
    mesh: {
      profile: 'istio',
      cpuMsPer1000Requests: 500,
      sidecars: { 'api.v2': { utilization: 0.25, passes: 10 } },
      mtls: { mode: 'STRICT', handshakes: 4, handshakeMs: 6 },
      outcomes: {
        poolOverflows: 0,
        breakerRejected: 0,
        breakerOpened: 0,
        retriesDenied: 0,
        ejections: 2,
        faultsInjected: 0,
        denied: 0,
        strictRefused: 0,
        mirrored: 0,
        failovers: 0,
      },
      edges: [{ from: 'edge', to: 'api.v2', tries: 100, rps: 5, errors: 1, p50: 1.5, p99: 4 }],
      services: {},
    },
    edges: [
      {
        from: 'edge',
        to: 'api.v2',
        tries: 100,
        retries: 3,
        rps: 5,
        errors: 1,
        errorShare: 0.01,
        clientErrors: 7,
        breakerRefused: 0,
        poolRefused: 0,
        p50: 1.5,
        p99: 4,
      },
    ],
  });

  it('reads the shortcuts', () => {
    expect(figure(v, 'successRate')).toBeCloseTo(11_880 / 12_000, 12);
    expect(figure(v, 'share.503')).toBeCloseTo(20 / 12_000, 12);
    expect(figure(v, 'share.5xx')).toBeCloseTo(120 / 12_000, 12);
    expect(figure(v, 'share.429')).toBe(0);
    expect(figure(v, 'requests.byStatus.429')).toBe(0);
    expect(figure(v, 'p99')).toBe(21.44);
    expect(figure(v, 'amplification')).toBe(24_006 / 23_994);
  });

  it('reads report paths, ids with dots, and edges', () => {
    expect(figure(v, 'components.catalog.rejected')).toBe(20);
    expect(figure(v, 'mesh.sidecars.api.v2.utilization')).toBe(0.25);
    expect(figure(v, 'edge.edge.api.v2.p99')).toBe(4);
    expect(figure(v, 'edge.edge.api.v2.errorShare')).toBe(0.01);
    expect(figure(v, 'edge.edge.api.v2.clientErrors')).toBe(7);
  });

  it('says what is missing', () => {
    expect(() => figure(v, 'components.inventory.served')).toThrow(
      new UnknownFigure('variant "mesh" has no "components.inventory" (there: edge, catalog)'),
    );
    expect(() => figure(v, 'components.catalog')).toThrow(/is not a number/);
    expect(() => figure(v, 'edge.edge.db.p50')).toThrow(/no edge "edge.db" \(it has edge.api.v2\)/);
    expect(() => figure(v, 'edge.edge.api.v2.p90')).toThrow(/edge.FROM.TO.tries\|retries\|rps/);
    expect(() => figure(v, 'share.abc')).toThrow(/not a status code/);
  });
});

describe('evaluateExpectations', () => {
  const run = report(variant('off'), variant('on', { latencyMs: { ...variant('on').latencyMs, p50: 5.9 } }));

  it('holds or fails each comparison and reports the measured side and bounds', () => {
    const [a, b, c, d] = evaluateExpectations(
      [
        claim('on:p50 - off:p50 between 1.9ms and 2.1ms'),
        claim('on:p50 < off:p50'),
        claim('off:requests.generated == 12003'),
        claim('on:components.nothing.served > 1'),
      ],
      run,
    );
    expect(a).toMatchObject({ holds: true, bounds: [1.9, 2.1] });
    expect(a.value).toBeCloseTo(2, 12);
    expect(b).toMatchObject({ holds: false, value: 5.9, bounds: [-Infinity, 3.9] });
    expect(c).toMatchObject({ holds: true, value: 12_003 });
    expect(d.holds).toBe(false);
    expect(d.error).toMatch(/no "components.nothing"/);
  });

  it('takes a bare figure from the only run', () => {
    const [r] = evaluateExpectations([claim('successRate > 98%')], report(variant('base')));
    expect(r.holds).toBe(true);
  });

  it('fails a claim on NaN (no request answered)', () => {
    const empty = variant('base', {
      requests: { generated: 0, ok: 0, failed: 0, inFlight: 0, byStatus: {} },
    });
    expect(evaluateExpectations([claim('successRate > 0')], report(empty))[0].holds).toBe(false);
  });
});

describe('confidence intervals', () => {
  it('uses Student t quantiles', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(40)).toBeCloseTo(2.021, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.98, 3);
  });

  it('gives the mean and the half-width t * s / sqrt(n)', () => {
    const e = estimateMean([1, 2, 3, 4, 5]);
    expect(e.mean).toBe(3);
    // s = sqrt(2.5), t(4) = 2.776.
    expect(e.halfWidth).toBeCloseTo(2.776 * Math.sqrt(2.5 / 5), 12);
    expect(estimateMean([7]).halfWidth).toBeNaN();
    expect(estimateMean([NaN, 2, 4]).n).toBe(2);
  });
});

describe('compareReplications', () => {
  const at = (name: string, p50: number, catalog = true): VariantReport =>
    variant(name, {
      latencyMs: { ...variant(name).latencyMs, p50 },
      components: catalog ? { catalog: component() } : {},
    });

  it('pairs the variants by replication', () => {
    // The two variants swing together from seed to seed; their difference is always 1 ms.
    const reports = [10, 20, 30].map((p50, i) => ({
      ...report(at('a', p50), at('b', p50 + 1, false)),
      seed: i + 1,
    }));
    const c = compareReplications(reports);
    expect(c.variants).toEqual(['a', 'b']);
    expect(c.seeds).toEqual([1, 2, 3]);
    const p50 = c.rows.find((r) => r.metric.id === 'p50')!;
    expect(p50.values[0]!.mean).toBe(20);
    expect(p50.values[0]!.halfWidth).toBeGreaterThan(20);
    expect(p50.deltas[0]).toEqual({ mean: 1, halfWidth: 0, n: 3 });
    const served = c.rows.find((r) => r.metric.id === 'catalog.served')!;
    expect(c.rows.indexOf(served)).toBeGreaterThanOrEqual(c.componentsFrom);
    expect(served.values[1]).toBeUndefined();
    expect(served.deltas[0]).toBeUndefined();
  });
});

describe('claimUnit', () => {
  const unit = (check: string) => claimUnit(parseClaim(check));
  it('is the unit the check writes', () => {
    expect(unit('a:successRate > 99.9%')).toBe('share');
    expect(unit('a:p50 - b:p50 between 1.5ms and 3.5ms')).toBe('ms');
    expect(unit('a:p99 < 1.5s')).toBe('ms');
    expect(unit('on:amplification between 1.2x and 3x')).toBe('factor');
    // The sidecars' CPU is a time per 1,000 requests.
    expect(unit('a:mesh.cpuMsPer1000Requests between 2000 and 2700')).toBe('ms');
  });
  it('or that of the figures it reads, when it writes none', () => {
    expect(unit('two:p50 < one:p50 / 10')).toBe('ms');
    expect(unit('a:components.db.meanWaitMs < 2')).toBe('ms');
    expect(unit('a:edge.web.db.p99 - b:edge.web.db.p99 > 0.5')).toBe('ms');
    expect(unit('a:share.429 + a:share.5xx < 0.2')).toBe('share');
    expect(unit('a:components.db.utilization < 0.8')).toBe('share');
    // Figures over figures: a factor, whatever their units (a ratio of utilizations is no share).
    expect(unit('a:p50 / a:requests.generated < 1')).toBe('factor');
    expect(unit('a:components.x.utilization / b:components.x.utilization between 2.6 and 3.4')).toBe(
      'factor',
    );
    expect(unit('a:p50 / b:p50 < 0.5')).toBe('factor');
    expect(unit('a:components.x.utilization * 4.5 < b:components.x.utilization')).toBe('share');
    // A count over the requests generated: calls per request.
    expect(unit('a:components.leaf.served / a:requests.generated > 2.5')).toBe('perRequest');
    expect(unit('a:components.leaf.served / a:components.root.served > 2.5')).toBe('factor');
  });
  it("takes a bound's unit only from a plain number: a count held to a share of another stays a count", () => {
    expect(unit('a:components.catalog.served / a:requests.generated between 13% and 19%')).toBe('share');
    expect(unit('a:components.frontend.rejected > 15% * a:requests.generated')).toBe('number');
    expect(unit('a:requests.ok > b:requests.ok - 2%')).toBe('number');
  });
});
