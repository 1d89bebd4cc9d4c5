/**
 * The page's view of a run agrees with the run's report: at the end of a run, every edge's and every
 * node's counts in the view are the report's, and the gateway plugins' states are the report's
 * counters summed over the routes. Observing a run changes nothing in it.
 */
import { describe, expect, it } from 'vitest';
import {
  BREAKER_OPEN,
  openRun,
  type LiveRun,
  type SimulationObserver,
  type SimulationView,
} from '../../../src/model/observe';
import type { VariantReport } from '../../../src/report/report';
import type { Scenario } from '../../../src/scenario/types';
import { loadLibraryScenario } from '../../support/load';
import { runScenarioWithinBudget } from '../../support/event-budget';

/** A lesson's variant, cut to `durationMs`. */
function variant(file: string, name: string, durationMs: number): Scenario {
  const scenario = loadLibraryScenario(file).variants.find((v) => v.name === name)?.scenario;
  if (!scenario) throw new Error(`${file} has no variant ${name}`);
  return { ...scenario, duration: durationMs };
}

/** Runs to the end and returns the run, its view refreshed, and its report. */
function finished(scenario: Scenario): { run: LiveRun; report: VariantReport } {
  const run = openRun(scenario);
  run.runUntil(run.end);
  run.view.refresh();
  return { run, report: run.report('v', 0) };
}

function expectAgreement(run: LiveRun, report: VariantReport): void {
  const view = run.view;
  expect(view.at).toBe(run.now);
  // Per edge: the report's edges, in the same order, with the same counts.
  expect(view.edges.count).toBe(report.edges.length);
  report.edges.forEach((edge, e) => {
    expect([view.edges.from[e], view.edges.to[e]]).toEqual([edge.from, edge.to]);
    expect({
      tries: view.edges.tries[e],
      retries: view.edges.retries[e],
      errors: view.edges.errors[e],
      clientErrors: view.edges.clientErrors[e],
      breakerRefused: view.edges.breakerRefused[e],
      poolRefused: view.edges.poolRefused[e],
    }).toEqual({
      tries: edge.tries,
      retries: edge.retries,
      errors: edge.errors,
      clientErrors: edge.clientErrors,
      breakerRefused: edge.breakerRefused,
      poolRefused: edge.poolRefused,
    });
  });
  // The layout's first edges are the static list the report starts with.
  view.layout.edges.forEach((edge, e) =>
    expect(`${edge.from}>${edge.to}`).toBe(`${report.edges[e].from}>${report.edges[e].to}`),
  );
  // Per node: a service's or the gateway's calls served and refused, a sidecar's passes.
  view.layout.nodes.forEach((node, i) => {
    if (node.kind === 'client') return expect([view.served[i], view.rejected[i]]).toEqual([0, 0]);
    if (node.kind === 'sidecar')
      return expect(view.served[i]).toBe(report.mesh!.sidecars[node.sidecarOf!].passes);
    const component = report.components[node.id];
    expect([view.served[i], view.rejected[i]]).toEqual([component.served, component.rejected]);
    expect(node.instances).toBe(component.servedByInstance.length);
  });
  expect(view.layout.slots).toBe(view.layout.nodes.reduce((n, node) => n + node.instances, 0));
}

describe('SimulationView', () => {
  it('agrees with the report per edge and per node at the end of a mesh run with retries and breakers', () => {
    const { run, report } = finished(variant('lessons/14-circuit-breaking.yaml', 'breaker', 30_000));
    expect(report.edges.some((e) => e.breakerRefused > 0 || e.retries > 0)).toBe(true);
    expectAgreement(run, report);
  });

  it.each([
    ['lessons/05-caching.yaml', 'ttl-30s'],
    ['lessons/03-rate-limiting.yaml', 'fixed-window'],
  ])(
    'agrees with the report on a gateway run (%s %s), and sums its plugin counters over the routes',
    (file, name) => {
      const { run, report } = finished(variant(file, name, 10_000));
      expectAgreement(run, report);
      const summed = new Map<string, Record<string, number>>();
      for (const byName of Object.values(report.gateway!.plugins)) {
        for (const [name, counters] of Object.entries(byName)) {
          const sum = summed.get(name) ?? {};
          for (const [k, n] of Object.entries(counters)) sum[k] = (sum[k] ?? 0) + n;
          summed.set(name, sum);
        }
      }
      expect(run.view.plugins.map((p) => p.name)).toEqual([...summed.keys()]);
      for (const plugin of run.view.plugins) {
        const c = summed.get(plugin.name)!;
        if (plugin.kind === 'cache')
          expect([plugin.hit, plugin.miss, plugin.refresh]).toEqual([c.hit, c.miss, c.refresh]);
        if (plugin.kind === 'limiter')
          expect([plugin.admitted, plugin.rejected]).toEqual([c.admitted, c.rejected]);
      }
      expect(run.view.plugins.some((p) => (p.kind === 'cache' ? p.hit : p.rejected) > 0)).toBe(true);
    },
  );

  it('marks ejected instances and open breakers where the mesh has them', () => {
    const seen = (file: string, name: string, saw: (view: SimulationView) => boolean) => {
      const run = openRun(variant(file, name, 30_000));
      let found = false;
      for (let t = 500; t <= run.end; t += 500) {
        run.runUntil(t);
        if (saw(run.view.refresh())) found = true;
      }
      return found;
    };
    const ejected = (view: SimulationView) => view.ejected.some((e) => e === 1);
    const payments = (view: SimulationView) => view.layout.nodes.findIndex((n) => n.id === 'payments');
    const open = (view: SimulationView) => view.breaker[payments(view)] === BREAKER_OPEN;
    expect(seen('lessons/15-outlier-detection.yaml', 'detection', ejected)).toBe(true);
    expect(seen('lessons/15-outlier-detection.yaml', 'no-detection', ejected)).toBe(false);
    expect(seen('lessons/14-circuit-breaking.yaml', 'breaker', open)).toBe(true);
    expect(seen('lessons/14-circuit-breaking.yaml', 'no-limits', open)).toBe(false);
  });

  it('fills the same columns in place, a generation per refresh', () => {
    const run = openRun(variant('lessons/14-circuit-breaking.yaml', 'breaker', 2000));
    const view = run.view;
    const columns = [view.busy, view.queued, view.up, view.known, view.ejected, view.breaker, view.served];
    const before = view.generation;
    run.runUntil(1000);
    view.refresh();
    run.runUntil(2000);
    expect(view.refresh()).toBe(view);
    expect(view.generation).toBe(before + 2);
    expect([view.busy, view.queued, view.up, view.known, view.ejected, view.breaker, view.served]).toEqual(
      columns,
    );
    columns.forEach((column, i) =>
      expect(column).toBe(
        [view.busy, view.queued, view.up, view.known, view.ejected, view.breaker, view.served][i],
      ),
    );
  });

  it('observers change nothing in the run: the report is the batch run’s', () => {
    const scenario = variant('lessons/14-circuit-breaking.yaml', 'breaker', 10_000);
    const run = openRun(scenario);
    const heard = { answers: 0, starts: 0, ends: 0, traced: 0 };
    const observer: SimulationObserver = {
      requestAnswered: () => void heard.answers++,
      tryStarted: () => void heard.starts++,
      tryEnded: () => void heard.ends++,
      tracedTryEnded: () => void heard.traced++,
    };
    const stop = run.observe(observer);
    run.runUntil(5000);
    const halfway = { ...heard };
    stop();
    run.runUntil(run.end);
    expect(heard).toEqual(halfway);
    expect(halfway.answers).toBeGreaterThan(0);
    expect(halfway.ends).toBeGreaterThanOrEqual(halfway.answers);
    const { wallMs: _a, ...watched } = run.report('breaker', 0);
    const { wallMs: _b, ...batch } = runScenarioWithinBudget(scenario, 'breaker');
    expect(watched).toEqual(batch);
  });
});

describe('the view of a one-way queue', () => {
  it('marks the queue, and only the queue, as one-way', () => {
    const scenario = loadLibraryScenario('queueing/mmc-queue.yaml').base;
    const run = openRun({ ...scenario, duration: 1_000 });
    const marked = run.view.layout.nodes.map((n) => [n.id, n.oneWay === true]);
    expect(marked).toEqual([
      ['producers', false],
      ['orders', false],
      ['order-events', true],
    ]);
  });
});
