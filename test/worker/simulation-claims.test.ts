import { describe, expect, test } from 'vitest';
import { createSimulationApi } from '../../src/worker/simulation';
import { twoReplicas } from '../support/two-replicas';

const TEXT = twoReplicas(
  '5s',
  `expect:
  - say: Two replicas cut the median latency
    check: "two:p50 < one:p50"
  - say: Two replicas make requests ten times faster
    check: "two:p50 < one:p50 / 10"
`,
);

describe("the worker's run and the lesson's claims", () => {
  test('the summary carries the replications and the claims as written', () => {
    const api = createSimulationApi();
    const checked = api.validate(TEXT, 'two.yaml');
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.summary.replications).toBe(3);
    expect(checked.summary.expect).toEqual([
      { say: 'Two replicas cut the median latency', check: 'two:p50 < one:p50' },
      { say: 'Two replicas make requests ten times faster', check: 'two:p50 < one:p50 / 10' },
    ]);
    const plain = api.validate(
      'clients: [ { id: c, target: s, arrival: { rate: 5 } } ]\nservices: [ { id: s, serviceTime: 1ms } ]\n',
      'p.yaml',
    );
    expect(plain.ok && plain.summary.replications).toBe(1);
    expect(plain.ok && plain.summary.expect).toEqual([]);
  });

  test('run answers every claim evaluated on that run, and structured-cloneable', () => {
    const api = createSimulationApi();
    const result = api.run(TEXT, 'two.yaml', { seed: 8 }, undefined);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.seed).toBe(8);
    expect(result.claims.map((c) => c.holds)).toEqual([true, false]);
    expect(result.claims[0].value).toBe(result.report.variants[1].latencyMs.p50);
    expect(structuredClone(result.claims)).toEqual(result.claims);
  });

  test('a run of one variant: a claim naming another says why it does not hold', () => {
    const api = createSimulationApi();
    const result = api.run(TEXT, 'two.yaml', { variant: 'two' }, undefined);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.claims[0].holds).toBe(false);
    expect(result.claims[0].error).toMatch(/no variant "one"/);
  });
});
