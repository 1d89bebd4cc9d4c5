import { describe, expect, test } from 'vitest';
import { componentMetrics, utilizationMetrics } from '../../src/report/report-figures';
import type { ComponentReport, VariantReport } from '../../src/report/report';

const component = (utilization: number): ComponentReport =>
  ({
    utilization,
    meanQueue: 0,
    served: 1,
    servedByInstance: [1],
    rejected: 0,
    meanWaitMs: 0,
    waitedShare: 0,
  }) as ComponentReport;

const variant = (components: Record<string, ComponentReport>): VariantReport =>
  ({ name: 'v', components }) as unknown as VariantReport;

describe('utilizationMetrics', () => {
  test('a row per component under Utilization, labelled by the id, as componentMetrics reads it', () => {
    const variants = [
      variant({ edge: component(0.1), 'a.utilization': component(0.5) }),
      variant({ db: component(0.9) }),
    ];
    const rows = utilizationMetrics(variants);
    expect(rows.map((m) => [m.id, m.section, m.label])).toEqual([
      ['edge.utilization', 'Utilization', 'edge'],
      ['a.utilization.utilization', 'Utilization', 'a.utilization'],
      ['db.utilization', 'Utilization', 'db'],
    ]);
    const shared = componentMetrics(variants).find((m) => m.id === 'db.utilization')!;
    expect(rows[2]).toMatchObject({ unit: shared.unit, digits: shared.digits, delta: shared.delta });
    expect(rows.map((m) => m.value(variants[0]))).toEqual([0.1, 0.5, undefined]);
  });
});
