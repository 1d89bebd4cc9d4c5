/** Hand-made reports for formatting tests; the figures are made up but consistent. */
import type { ComponentReport, Report, VariantReport } from '../../src/report/report';

/** A component's figures with defaults. */
export function component(overrides: Partial<ComponentReport> = {}): ComponentReport {
  return {
    utilization: 0.5,
    meanQueue: 1.25,
    served: 1000,
    servedByInstance: [600, 400],
    rejected: 0,
    meanWaitMs: 2.5,
    waitedShare: 0.4,
    ...overrides,
  };
}

/** A variant's figures with defaults: 12,003 requests, 11,880 ok. */
export function variant(name: string, overrides: Partial<VariantReport> = {}): VariantReport {
  return {
    name,
    requests: {
      generated: 12_003,
      ok: 11_880,
      failed: 120,
      inFlight: 3,
      byStatus: { '200': 11_880, '500': 100, '503': 20 },
    },
    latencyMs: { mean: 4.3719, p50: 3.9, p90: 7.125, p99: 21.44, p999: 35.01, max: 48.2 },
    latencyHistogram: { boundsMs: [2, 5, 10, 20, 50], counts: [5000, 6000, 900, 100] },
    throughput: { offered: 200.05, goodput: 198 },
    attempts: { total: 24_006, retries: 12, amplification: 24_006 / 23_994 },
    components: {
      edge: component({ utilization: 0.123, meanQueue: 0, meanWaitMs: 0, served: 12_000 }),
      catalog: component({ rejected: 20 }),
    },
    edges: [],
    timeline: [],
    events: 1_234_567,
    wallMs: 842.4,
    ...overrides,
  };
}

/** A report of the given variants. */
export function report(...variants: VariantReport[]): Report {
  return { scenario: 'Shop', seed: 42, variants };
}
