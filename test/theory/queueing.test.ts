/**
 * The simulator against closed-form queueing theory (docs/theory.md). Each case runs a scenario file of
 * `scenarios/queueing/` with a fixed seed and compares the report with the formula.
 *
 * Tolerances. Each file simulates 2 to 5 million requests after a 10 s warm-up. The spread of each
 * figure between seeds was measured over 8 seeds at exactly these sizes (relative standard deviation
 * in the comments): every tolerance below is at least 4 of those standard deviations, so a correct
 * model fails a case with probability well under 1e-4, while a modelling error of a few percent (a
 * lost request, a worker released one event too late, a wrong distribution) is caught.
 */
import { describe, expect, it } from 'vitest';
import type { VariantReport } from '../../src/model';
import { readFileSync } from 'node:fs';
import { formatDiagnostic, loadScenario } from '../../src/scenario';
import { loadLibraryScenario, scenarioPath } from '../support/load';
import { runFileWithinBudget } from '../support/event-budget';

/** Asserts |actual - expected| <= tolerance x |expected|, naming the figure on failure. */
function expectWithin(label: string, actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected) / Math.abs(expected);
  expect(
    error,
    `${label}: measured ${actual}, theory ${expected}, relative error ${error.toFixed(4)} > ${tolerance}`,
  ).toBeLessThanOrEqual(tolerance);
}

const reports = new Map<string, VariantReport>();

/** Runs a file once; Little's law checks reuse the runs of the cases above. */
function run(file: string): VariantReport {
  let report = reports.get(file);
  if (!report) {
    report = runFileWithinBudget(loadLibraryScenario(file)).variants[0];
    reports.set(file, report);
  }
  return report;
}

/** Time-average number in the system at a station: waiting plus in service. */
function inSystem(report: VariantReport, station: string, workers: number): number {
  const c = report.components[station];
  return c.meanQueue + c.utilization * workers;
}

describe('M/M/1 (Kleinrock 3.2)', () => {
  // Theory with mu = 1/ms: E[T] = 1/(mu - lambda), E[N] = rho/(1-rho), E[Wq] = rho/(mu - lambda),
  // E[Nq] = rho^2/(1-rho), P(wait) = rho (PASTA), T ~ Exp(mu - lambda).
  const cases = [
    // Measured spread (rsd) at rho 0.5: T 0.22 %, N 0.23 %, Wq 0.38 %, P 0.14 %, p50 0.23 %, p99 0.42 %.
    { file: 'queueing/mm1-rho50.yaml', rho: 0.5, tol: 0.02, tolP99: 0.02 },
    // rho 0.8: T 0.57 %, N 0.59 %, Wq 0.70 %, P 0.09 %, p50 0.44 %, p99 0.99 %.
    { file: 'queueing/mm1-rho80.yaml', rho: 0.8, tol: 0.03, tolP99: 0.05 },
    // rho 0.9 converges slowest (docs/theory.md#how-the-tolerances-are-chosen): T 0.67 %, N 0.68 %,
    // Wq 0.74 %, p99 1.12 %.
    { file: 'queueing/mm1-rho90.yaml', rho: 0.9, tol: 0.035, tolP99: 0.05 },
  ];
  for (const { file, rho, tol, tolP99 } of cases) {
    it(`reproduces E[T], E[N], E[Wq], E[Nq], P(wait), utilization and T percentiles at rho ${rho}`, () => {
      const r = run(file);
      const c = r.components.station;
      const lambda = rho; // per ms
      expectWithin('E[T] ms', r.latencyMs.mean, 1 / (1 - lambda), tol);
      expectWithin('E[N]', inSystem(r, 'station', 1), rho / (1 - rho), tol);
      expectWithin('E[Wq] ms', c.meanWaitMs, rho / (1 - lambda), tol);
      expectWithin('E[Nq]', c.meanQueue, (rho * rho) / (1 - rho), tol);
      expectWithin('P(wait)', c.waitedShare, rho, 0.01);
      expectWithin('utilization', c.utilization, rho, 0.01);
      expectWithin('T p50 ms', r.latencyMs.p50, -Math.log(0.5) / (1 - lambda), tol);
      expectWithin('T p99 ms', r.latencyMs.p99, -Math.log(0.01) / (1 - lambda), tolP99);
      expect(r.requests.byStatus).toEqual({ '200': r.requests.ok });
    });
  }
});

describe('M/M/c (Erlang C, Kleinrock 3.5)', () => {
  it('reproduces P(wait), E[Wq], E[T] and E[N] for c = 4, rho = 0.8', () => {
    // Measured rsd: P 0.25 %, Wq 0.69 %, T 0.32 %, N 0.35 %.
    const r = run('queueing/mmc-erlang-c.yaml');
    const c = r.components.pool;
    expectWithin('P(wait)', c.waitedShare, 0.596432, 0.015);
    expectWithin('E[Wq] ms', c.meanWaitMs, 2.98216, 0.03);
    expectWithin('E[T] ms', r.latencyMs.mean, 6.98216, 0.015);
    expectWithin('E[N]', inSystem(r, 'pool', 4), 5.58573, 0.015);
    expectWithin('E[Nq]', c.meanQueue, 2.38573, 0.03);
  });
});

describe('a one-way queue (Erlang C on its consumers)', () => {
  it('drains as M/M/4 at rho 0.8 while its producers never wait on the consumers', () => {
    // The library's queue scenario; the tolerances of test/model/queue.test.ts (over 4 rsd).
    const r = run('queueing/mmc-queue.yaml');
    const q = r.components['order-events'];
    expectWithin('E[Wq] ms', q.meanWaitMs, 2.98216, 0.08);
    expectWithin('P(wait)', q.waitedShare, 0.596432, 0.035);
    expectWithin('utilization', q.utilization, 0.8, 0.015);
    // Four hops of 0.2 ms and the producer's 0.1 ms: the 202 comes back at once, whatever the backlog.
    expect(r.latencyMs.max).toBeCloseTo(0.9, 9);
    expect(r.requests.byStatus).toEqual({ '200': r.requests.generated });
  });

  it('refuses one message in six once consumers of 6 ms fill the queue (rho 1.2)', () => {
    // The file's "try this": consumers of 6 ms, written into its text.
    const text = readFileSync(scenarioPath('queueing/mmc-queue.yaml'), 'utf8');
    expect(text).toContain('set: { services.order-events.serviceTime.mean: 6ms }');
    const loaded = loadScenario(text.replace('mean: 4ms }', 'mean: 6ms }'), 'mmc-queue.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatDiagnostic).join('\n'));
    const r = runFileWithinBudget(loaded.file).variants[0];
    const q = r.components['order-events'];
    expectWithin('refused share', q.rejected / r.requests.generated, 1 - 1 / 1.2, 0.03);
    expect(r.requests.byStatus['503']).toBe(q.rejected);
    expect(q.meanQueue).toBeGreaterThan(1900);
  });
});

describe('M/D/1 (Pollaczek-Khinchine)', () => {
  it('waits half as long as M/M/1 at the same load', () => {
    // Measured rsd: Wq 0.48 %, T 0.32 %, N 0.37 %, P 0.08 %.
    const r = run('queueing/md1.yaml');
    const c = r.components.station;
    expectWithin('E[Wq] ms', c.meanWaitMs, 2, 0.025);
    expectWithin('E[T] ms', r.latencyMs.mean, 3, 0.015);
    expectWithin('E[Nq]', c.meanQueue, 1.6, 0.025);
    expectWithin('E[N]', inSystem(r, 'station', 1), 2.4, 0.015);
    expectWithin('P(wait)', c.waitedShare, 0.8, 0.01);
    // Constant service: nobody is faster than the service time itself.
    expect(r.latencyMs.p50).toBeGreaterThanOrEqual(1);
  });
});

describe('M/M/1/K (Kleinrock 3.6)', () => {
  it('loses P_K of the arrivals and keeps E[N] and E[T] of the admitted', () => {
    // Measured rsd: loss 0.91 %, N 0.32 %, Wq 0.37 %, T 0.27 %.
    const r = run('queueing/mm1k.yaml');
    const c = r.components.station;
    const loss = 0.0508137;
    expectWithin('loss P_K (rejected / arrived)', c.rejected / (c.rejected + c.served), loss, 0.05);
    expectWithin('503 share at the client', r.requests.byStatus['503'] / r.requests.generated, loss, 0.05);
    expectWithin('utilization = 1 - P0', c.utilization, 0.854268, 0.01);
    expectWithin('E[N]', inSystem(r, 'station', 1), 3.96944, 0.015);
    expectWithin('E[Wq] of the admitted, ms', c.meanWaitMs, 3.6466, 0.015);
    // A rejected request is answered at once (0 ms here), so the mean over all completions is
    // (1 - P_K) E[T].
    expectWithin('mean latency over all', r.latencyMs.mean, (1 - loss) * 4.6466, 0.015);
    expect(r.requests.byStatus['200'] + r.requests.byStatus['503']).toBe(
      r.requests.generated - r.requests.inFlight,
    );
  });
});

describe('Tandem Jackson network (Burke, Reich)', () => {
  it('adds the two M/M/1 response times and matches the hypoexponential percentiles', () => {
    const r = run('queueing/tandem.yaml');
    expectWithin('E[T] ms', r.latencyMs.mean, 7.22222, 0.02);
    expectWithin('E[N]', inSystem(r, 'front', 1) + inSystem(r, 'back', 1), 5.77778, 0.02);
    expectWithin('station 1 utilization', r.components.front.utilization, 0.8, 0.01);
    expectWithin('station 2 utilization', r.components.back.utilization, 0.64, 0.01);
    expectWithin('T p50 ms', r.latencyMs.p50, 5.8633, 0.02);
    expectWithin('T p99 ms', r.latencyMs.p99, 25.961, 0.04);
  });
});

describe("Little's law (L = lambda W)", () => {
  for (const [file, station, workers] of [
    ['queueing/mm1-rho90.yaml', 'station', 1],
    ['queueing/mmc-erlang-c.yaml', 'pool', 4],
    ['queueing/mm1k.yaml', 'station', 1],
  ] as const) {
    it(`holds for ${file} with the admitted rate`, () => {
      const r = run(file);
      const c = r.components[station];
      const measuredMs = (r.requests.generated / r.throughput.offered) * 1000;
      const admittedPerMs = c.served / measuredMs;
      // W over admitted requests: wait plus service. The mean over all completions includes the
      // rejected ones at 0 ms, so scale it back up by the share admitted.
      const admittedShare = c.served / (c.served + c.rejected);
      const w = r.latencyMs.mean / admittedShare;
      // Both sides are measured on one run, so they agree far more tightly than either agrees with
      // theory: only the requests in flight at the edges of the window differ.
      expectWithin('L vs lambda W', inSystem(r, station, workers), admittedPerMs * w, 0.005);
    });
  }
});
