/** The playback the page drives: frames per slice, dots from traced tries, and conservation. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTCOME_PENDING, OUTCOMES } from '../../src/worker/frames';
import { FIGURES_EVERY_MS, Playback, topologyOf } from '../../src/worker/playback';
import { DOTS_PER_SECOND } from '../../src/worker/trace-share';
import { createSimulationApi } from '../../src/worker/simulation';
import { openRun, type LiveRun } from '../../src/model/observe';
import { loadScenario } from '../../src/scenario';
import type { ScenarioFile } from '../../src/scenario/types';
import { loadLibraryScenario } from '../support/load';

function file(relative: string, patch = (t: string) => t): ScenarioFile {
  const text = patch(readFileSync(new URL(`../../scenarios/${relative}`, import.meta.url), 'utf8'));
  const r = loadScenario(text, relative);
  if (!r.ok) throw new Error(r.errors.map((d) => d.message).join('\n'));
  return r.file;
}

describe('Playback', () => {
  it('the default scenario: nodes, edges and frames whose answers add up to the report', () => {
    const playback = new Playback(file('default.yaml'), { durationMs: 10_000 });
    const [topology] = playback.topologies();
    expect(topology.nodes.map((n) => `${n.kind} ${n.id}`)).toEqual([
      'client shoppers',
      'gateway edge',
      'service catalog',
      'service orders',
      'service inventory',
    ]);
    expect(topology.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(
      ['edge>catalog', 'edge>orders', 'catalog>inventory', 'shoppers>edge'].sort(),
    );
    expect(topology.slots).toBe(topology.nodes.reduce((n, node) => n + node.instances, 0));
    let answered = 0;
    let dots = 0;
    for (let t = 250; t <= 10_000; t += 250) {
      const [frame] = playback.advance(t);
      expect(frame.to).toBe(t);
      answered += frame.answered.reduce((a, b) => a + b, 0);
      for (let i = 0; i < frame.dots.count; i++) {
        dots++;
        const d = frame.dots;
        expect(d.from[i]).toBeGreaterThanOrEqual(0);
        expect(d.to[i]).toBeGreaterThanOrEqual(0);
        expect(d.leave[i]).toBeLessThanOrEqual(d.depart[i]);
        expect(d.depart[i]).toBeLessThanOrEqual(d.arrive[i]);
        expect(d.arrive[i]).toBeLessThanOrEqual(d.back[i]);
        expect(d.back[i]).toBeGreaterThanOrEqual(frame.from);
        expect(d.back[i]).toBeLessThan(frame.to);
        expect(d.outcome[i]).toBeLessThan(OUTCOMES.length);
        expect(frame.traceIds[d.trace[i]]).toMatch(/^shoppers#\d+$/);
      }
    }
    // Warmup included: every answer the clients had in the first 10 s.
    const sim = playback.report(0);
    expect(answered).toBeGreaterThanOrEqual(sim.requests.ok + sim.requests.failed);
    // 200 requests a second, DOTS_PER_SECOND of them traced, about 3 tries each.
    expect(dots).toBeGreaterThan(10 * DOTS_PER_SECOND * 2.5);
    expect(dots).toBeLessThan(10 * DOTS_PER_SECOND * 3.5);
    // Nothing later to run: no frame.
    expect(playback.advance(10_000)).toEqual([]);
  });

  it('latency percentiles cover the last simulated second, not just the slice', () => {
    const r = loadScenario(
      [
        'duration: 3s',
        'clients: [ { id: c, target: s, arrival: { process: constant, rate: 10 } } ]',
        'services: [ { id: s, serviceTime: { dist: uniform, min: 1ms, max: 100ms } } ]',
      ].join('\n'),
      'window.yaml',
    );
    if (!r.ok) throw new Error('invalid');
    const playback = new Playback(r.file);
    const p50s: number[] = [];
    for (let t = 100; t <= 3000; t += 100) p50s.push(playback.advance(t)[0].latency[0]);
    // A slice of 100 ms holds one answer; the window holds about ten, so the p50 moves slowly.
    const late = p50s.slice(12);
    const jumps = late.slice(1).map((p, i) => Math.abs(p - late[i]));
    expect(Math.max(...jumps)).toBeLessThan(40);
    expect(late.every((p) => p > 1 && p < 100)).toBe(true);
  });

  it('every traced call that ends during the run is a dot of exactly one frame', () => {
    const playback = new Playback(file('default.yaml'), { durationMs: 5000 });
    let dots = 0;
    for (let t = 125; t <= 5000; t += 125) dots += playback.advance(t)[0].dots.count;
    const run = (playback as unknown as { variants: { run: LiveRun }[] }).variants[0].run;
    const calls = run
      .traces()
      .flatMap((trace) => trace.spans)
      .filter((span) => span.kind === 'call' && span.end < 5000).length;
    expect(dots).toBe(calls);
  });

  it('a traced request opens in full by the id its dots carry', () => {
    const playback = new Playback(file('default.yaml'), { durationMs: 2000 });
    const [frame] = playback.advance(2000);
    const id = frame.traceIds[frame.dots.trace[0]];
    const trace = playback.trace(0, id)!;
    expect(trace.id).toBe(id);
    expect(trace.spans[0].kind).toBe('request');
  });

  it('with the mesh: sidecars as nodes of their own, mTLS edges, the registry view per instance', () => {
    const playback = new Playback(
      file('bench/mesh-istio.yaml', (t) => t.replace(/^duration: .*$/m, 'duration: 8s')),
    );
    const [topology] = playback.topologies();
    const sidecars = topology.nodes.filter((n) => n.kind === 'sidecar');
    expect(sidecars.map((n) => n.sidecarOf)).toEqual(['edge', 'catalog', 'inventory', 'orders']);
    expect(topology.edges.filter((e) => e.mtls).map((e) => `${e.from}>${e.to}`)).toEqual([
      'edge>catalog',
      'edge>orders',
      'catalog>inventory',
    ]);
    const [frame] = playback.advance(1000);
    expect(Array.from(frame.known).every((k) => k === 1)).toBe(true);
    const names = new Set<string>();
    for (let i = 0; i < frame.dots.count; i++) {
      expect(frame.dots.outcome[i]).not.toBe(OUTCOME_PENDING);
      names.add(`${topology.nodes[frame.dots.from[i]].id}>${topology.nodes[frame.dots.to[i]].id}`);
    }
    expect(names).toContain('edge sidecar>catalog sidecar');
    expect(names).toContain('catalog>catalog sidecar');
  });

  it('frames carry ejected instances, the worst breaker per node and the gateway plugins’ figures', () => {
    const r = loadScenario(
      [
        'duration: 5s',
        'clients: [ { id: c, arrival: { process: constant, rate: 100 }, mix: [ { weight: 1, path: /api, keys: { count: 10, zipf: 1 } } ] } ]',
        'gateway: { id: edge, plugins: [ { name: proxy-cache, ttl: 1s } ], routes: [ { match: { prefix: /api }, service: a } ] }',
        'services: [ { id: a, instances: 3, serviceTime: 1ms, calls: [ { service: b } ] }, { id: b, instances: 2, serviceTime: 1ms } ]',
        'faults: [ { at: 0s, target: b, instance: 1, kind: errors, rate: 1 } ]',
        'mesh:',
        '  enabled: true',
        '  policies:',
        '    b: { outlierDetection: { consecutive5xxErrors: 2, maxEjectionPercent: 50 }, circuitBreaker: { slidingWindowSize: 4, minimumNumberOfCalls: 4, failureRateThreshold: 10 } }',
      ].join('\n'),
      'state.yaml',
    );
    if (!r.ok) throw new Error(r.errors.map((d) => d.message).join('\n'));
    const playback = new Playback(r.file);
    const [topology] = playback.topologies();
    const [frame] = playback.advance(2000);
    const b = topology.nodes.findIndex((n) => n.id === 'b');
    const slot = topology.nodes[b].slot;
    expect(Array.from(frame.ejected.slice(slot, slot + 2))).toEqual([0, 1]);
    expect(frame.breaker[b]).toBeGreaterThan(0);
    const edge = topology.nodes.findIndex((n) => n.id === 'edge');
    expect(frame.notes[edge]).toEqual([expect.stringMatching(/^proxy-cache hit \d+%$/)]);
    expect(frame.notes[b]).toEqual([]);
  });

  it('a retry dot carries its backoff: it is decided before it leaves', () => {
    const r = loadScenario(
      [
        'duration: 2s',
        'clients: [ { id: c, target: a, arrival: { process: constant, rate: 20 } } ]',
        'services: [ { id: a, calls: [ { service: b } ] }, { id: b, serviceTime: 1ms, errorRate: 0.5 } ]',
        'mesh: { enabled: true, policies: { b: { retries: { attempts: 2, retryOn: [5xx], backoff: { base: 25ms, max: 250ms } } } } }',
      ].join('\n'),
      'backoff.yaml',
    );
    if (!r.ok) throw new Error(r.errors.map((d) => d.message).join('\n'));
    const [frame] = new Playback(r.file).advance(2000);
    const d = frame.dots;
    const retries = Array.from({ length: d.count }, (_, i) => i).filter((i) => d.retry[i] === 1);
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((i) => d.leave[i] <= d.depart[i])).toBe(true);
    expect(retries.some((i) => d.leave[i] < d.depart[i])).toBe(true);
  });

  it("a limiter's row says what its window still allows", () => {
    const r = loadScenario(
      [
        'duration: 3s',
        'clients: [ { id: c, arrival: { process: constant, rate: 10 }, mix: [ { weight: 1, path: /api } ] } ]',
        'gateway: { id: edge, plugins: [ { name: rate-limiting, second: 8 } ], routes: [ { match: { prefix: /api }, service: s } ] }',
        'services: [ { id: s, serviceTime: 1ms } ]',
      ].join('\n'),
      'limit.yaml',
    );
    if (!r.ok) throw new Error('invalid');
    const playback = new Playback(r.file);
    const edge = playback.topologies()[0].nodes.findIndex((n) => n.id === 'edge');
    // Requests at 0, 100, ..., 300 ms: four of the window's eight admitted by 350 ms.
    expect(playback.advance(350)[0].notes[edge]).toEqual(['rate-limiting 4/8 left']);
    // By 950 ms the window is spent: the ninth and tenth get 429.
    expect(playback.advance(950)[0].notes[edge]).toEqual(['rate-limiting 0/8 left']);
  });

  it('the same seed gives the same frames', () => {
    const frames = () => {
      const p = new Playback(file('default.yaml'), { durationMs: 3000, seed: 7 });
      return [1000, 2000, 3000].map((t) => {
        const [f] = p.advance(t);
        return [Array.from(f.answered), Array.from(f.busy), Array.from(f.dots.depart), f.traceIds];
      });
    };
    expect(JSON.stringify(frames())).toBe(JSON.stringify(frames()));
  });
});

describe('the worker API for playback', () => {
  it('opens a scenario, advances it, finds a trace; refuses an invalid text with its errors', async () => {
    const { createSimulationApi } = await import('../../src/worker/simulation');
    const api = createSimulationApi();
    expect(api.advance(1, 1000)).toEqual([]);
    const bad = api.openPlayback(
      'clients: [ { id: c, target: s, arrival: { rate: -1 } } ]\n',
      'bad.yaml',
      {},
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok && bad.stage === 'validate') expect(bad.errors[0].line).toBe(1);
    const text = readFileSync(new URL('../../scenarios/default.yaml', import.meta.url), 'utf8');
    const opened = api.openPlayback(text, 'default.yaml', { durationMs: 3000 });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.endMs).toBe(3000);
    expect(opened.topologies.map((t) => t.variant)).toEqual(['base']);
    expect(api.advance(opened.playbackId - 1, 1500)).toEqual([]);
    const [frame] = api.advance(opened.playbackId, 1500);
    expect(api.advance(opened.playbackId, 1500)).toEqual([]);
    expect(frame.to).toBe(1500);
    const id = frame.traceIds[0];
    expect(api.trace(0, id)?.id).toBe(id);
    expect(api.playbackReport(0)?.name).toBe('base');
  });
});

describe('the worker API for bundles', () => {
  it('imports Kong, Istio and Consul bundles and leaves a plain scenario alone', async () => {
    const { createSimulationApi, isBundle } = await import('../../src/worker/simulation');
    const api = createSimulationApi();
    const read = (relative: string) =>
      readFileSync(new URL(`../../scenarios/${relative}`, import.meta.url), 'utf8');
    expect(isBundle(read('default.yaml'))).toBe(false);
    expect(await api.importBundle(read('default.yaml'), 'default.yaml')).toEqual({ bundle: false });
    for (const bundle of ['kong/kong.yml', 'istio/bookinfo-bundle.yaml', 'consul/canary-bundle.yaml']) {
      const answer = await api.importBundle(read(bundle), bundle.split('/')[1]);
      expect(answer.bundle).toBe(true);
      if (!answer.bundle) continue;
      expect(answer.errors).toEqual([]);
      if (answer.warnings.length > 0) expect(answer.text).toMatch(/\(listed under the editor\)/);
      expect(api.validate(answer.text, 'imported.yaml').ok).toBe(true);
    }
  });

  it('reads AWS API Gateway definitions and templates, YAML or JSON, as the command line does', async () => {
    const { createSimulationApi } = await import('../../src/worker/simulation');
    const api = createSimulationApi();
    const dir = new URL('../fixtures/real/aws/', import.meta.url);
    const files = readdirSync(dir).filter((name) => /\.(ya?ml|json)$/.test(name));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const name of files) {
      const answer = await api.importBundle(readFileSync(new URL(name, dir), 'utf8'), name);
      expect(answer.bundle, name).toBe(true);
      if (!answer.bundle) continue;
      expect(answer.errors, name).toEqual([]);
      expect(api.validate(answer.text, 'imported.yaml').ok, name).toBe(true);
    }
  });

  it('reads Kong files without _format_version as the command line does: as Kong, not as scenarios', async () => {
    const { createSimulationApi } = await import('../../src/worker/simulation');
    const api = createSimulationApi();
    const real = (name: string) =>
      readFileSync(new URL(`../fixtures/real/kong/${name}`, import.meta.url), 'utf8');
    for (const name of ['tutorial-no-version.yml', 'flat-no-version.yml', 'services-only-no-version.yml']) {
      const answer = await api.importBundle(real(name), name);
      expect(answer.bundle, name).toBe(true);
      if (!answer.bundle) continue;
      expect(answer.errors, name).toEqual([]);
      expect(api.validate(answer.text, 'imported.yaml').ok, name).toBe(true);
    }
    // A scenario whose clients come after its services is still a scenario.
    const scenario =
      'services:\n  - { id: api }\nclients:\n  - { id: c, target: api, arrival: { rate: 1 } }\n';
    expect(await api.importBundle(scenario, 'late-clients.yaml')).toEqual({ bundle: false });
  });
});

describe('topologyOf: regions and failover paths', () => {
  it("names each node's region and draws the failover path apart from everyday calls", () => {
    const file = loadLibraryScenario('lessons/25-multi-cloud.yaml');
    const failover = file.variants.find((v) => v.name === 'failover')!.scenario;
    const topology = topologyOf('failover', openRun(failover));
    const regionOf = (id: string) => topology.nodes.find((n) => n.id === id)?.region;
    expect(regionOf('checkout-east')).toBe('aws-east');
    expect(regionOf('checkout-west')).toBe('gcp-west');
    const edge = (to: string) => topology.edges.find((e) => e.from === 'gateway' && e.to === to);
    expect(edge('checkout-east')?.failover).toBeUndefined();
    expect(edge('checkout-west')?.failover).toBe(true);
  });
});

describe('topologyOf: the gateway box reserves a note row per plugin that reports', () => {
  it('gives a gateway without plugins no note rows, and one with a limiter one', () => {
    const noteRows = (file: string, variant: string) => {
      const scenario = loadLibraryScenario(file).variants.find((v) => v.name === variant)!.scenario;
      return topologyOf(variant, openRun(scenario)).nodes.find((n) => n.kind === 'gateway')?.noteRows;
    };
    expect(noteRows('lessons/03-rate-limiting.yaml', 'no-limit')).toBe(0);
    expect(noteRows('lessons/03-rate-limiting.yaml', 'fixed-window')).toBe(1);
    expect(noteRows('lessons/11-retry-storm.yaml', 'every-hop')).toBe(0);
  });
});

describe('key figures in frames', () => {
  it('a frame past each FIGURES_EVERY_MS holds the figures so far; the last equals the finished run’s, every variant', () => {
    const loaded = loadLibraryScenario('lessons/11-retry-storm.yaml');
    const api = createSimulationApi();
    const text = readFileSync(
      new URL('../../scenarios/lessons/11-retry-storm.yaml', import.meta.url),
      'utf8',
    );
    const run = api.run(text, '11-retry-storm.yaml', {});
    if (!run.ok) throw new Error('the lesson does not run');
    const keys = run.summary.keyFigures.map((f) => f.key);
    expect(keys[0]).toBe('components.ledger.served / requests.generated');
    const playback = new Playback(loaded);
    const warmup = loaded.base.warmup;
    let last: ReturnType<Playback['advance']> = [];
    let carried = 0;
    // Frames of 100 ms: one in five carries the figures.
    for (let t = 100; t <= playback.end; t += 100) {
      const frames = playback.advance(t);
      const due = t % FIGURES_EVERY_MS === 0 || t === playback.end;
      for (const frame of frames) {
        expect(frame.figures).toHaveLength(due ? keys.length : 0);
        // Nothing is measured before the warmup ends.
        if (frame.to <= warmup) expect([...frame.figures].every(Number.isNaN)).toBe(true);
      }
      if (due) carried++;
      last = frames;
    }
    expect(carried).toBe(Math.ceil(playback.end / FIGURES_EVERY_MS));
    expect(last.map((f) => f.to)).toEqual(run.report.variants.map(() => playback.end));
    // The playback traces more requests for its dots; the simulation is the same, and so are the figures.
    expect(last.map((f) => [...f.figures])).toEqual(run.figures.map((values) => [...values]));
    expect(run.figures[0][0]).toBeGreaterThan(24);
  });
});
