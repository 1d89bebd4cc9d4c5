/**
 * A scenario played in slices for the page: one simulation per variant, stepped by the page's clock,
 * answering each step with a frame per variant (see `frames.ts`). Kept apart from the comlink binding
 * so that it runs, and is tested, in Node.
 *
 * Dots: the simulations trace a share of requests (`trace-share.ts`), and a try becomes a dot in the frame in which its answer comes back,
 * when everything about it is known. The page asks for frames ahead of what it shows, so a dot is
 * there before its departure time is drawn.
 */
import { callEdges } from '../model/call-edges';
import type { EdgeSlice } from '../model/edge-traffic';
import { KeyFigureEvaluator, resolveKeyFigures, type KeyFigure } from '../report/key-figures';
import { buildReport, LiveReport } from '../model/report-builder';
import type { VariantReport } from '../report/report';
import { runVariants } from '../report/run-variants';
import { RunSeriesRecorder, seriesSliceMs, type RunSeries } from '../model/run-series';
import { Simulation } from '../model/simulation';
import type { Trace } from '../model/trace';
import type { Scenario, ScenarioFile } from '../scenario/types';
import { DotRecorder } from './dot-recorder';
import { EdgeWindow } from './edge-window';
import { traceShare } from './trace-share';
import {
  BREAKER_CLOSED,
  BREAKER_HALF_OPEN,
  BREAKER_OPEN,
  type EdgeData,
  type FrameData,
  type NodeData,
  type TopologyData,
} from './frames';

/**
 * Simulated time between two frames that carry the key figures, ms: a frame ending past a multiple of
 * this carries them, and so does a run's last. Reading the figures from the report as it stands took
 * a tenth of a recording at every frame; the tiles that show them say up to which moment they are.
 */
export const FIGURES_EVERY_MS = 500;
/** A frame's figures when it carries none. */
const NO_FIGURES = new Float64Array(0);
/** Traces kept per variant, so a dot clicked a while ago still opens its trace. */
const TRACES_KEPT = 20_000;
/** One traced request in the page's list: its id, final status and latency. */
export interface TraceSummary {
  readonly id: string;
  readonly status: number;
  readonly durationMs: number;
}

/** Options of a playback; each overrides the scenario's own value. */
export interface PlaybackOptions {
  readonly seed?: number;
  /** Simulated time, ms. */
  readonly durationMs?: number;
  /**
   * The variants to play, by index in file order (default: all): a run split over several workers
   * gives each a share, and a variant plays the same whatever share it is in.
   */
  readonly variants?: readonly number[];
}

/** How many runs (variants, or the base alone) a file plays. */
export function runCount(file: ScenarioFile): number {
  return runVariants(file).length;
}

/** Simulated end of the file's longest run, ms: all of its runs', whatever share a playback plays. */
export function fileEnd(file: ScenarioFile, options: PlaybackOptions = {}): number {
  return Math.max(...runVariants(file).map((r) => options.durationMs ?? r.scenario.duration));
}

interface Variant {
  readonly name: string;
  readonly sim: Simulation;
  readonly topology: TopologyData;
  /**
   * The run's series, slice by slice: a frame's answers, latency (p50, p90, p99 over the trailing
   * second, exact, as the charts draw them), calls and retries are its row of the series.
   */
  readonly series: RunSeriesRecorder;
  /** The key figures of its report as it stands, slice after slice. */
  readonly figures: KeyFigureEvaluator;
  /** That report, read at every frame. */
  readonly report: LiveReport;
  /** The simulation's per-edge counters of the current slice, and the live window made of them. */
  readonly edgeSlice: EdgeSlice;
  readonly edgeWindow: EdgeWindow;
  /** The traced tries answered since the last frame, its dots. */
  readonly dots: DotRecorder;
  /** The slice going was begun by `approach`: its edge counters already count part of it. */
  sliceBegun: boolean;
}

/**
 * Note lines the gateway's box may show: one per plugin that keeps counters (what `notes` lists),
 * at most 4, the rows its box reserves.
 */
function gatewayNoteRows(topo: Simulation['topology']): number {
  const gateway = topo.gateway >= 0 ? topo.behaviours[topo.gateway] : undefined;
  if (!gateway || gateway.kind !== 'gateway') return 0;
  const names = new Set<string>();
  for (const chain of gateway.chains)
    for (const filter of chain.filters) if (filter.counters) names.add(filter.name);
  return Math.min(4, names.size);
}

/** The picture of one simulation: its clients and stations as nodes, who calls whom as edges. */
export function topologyOf(name: string, sim: Simulation): TopologyData {
  const topo = sim.topology;
  const mesh = topo.mesh;
  const regions = new Map<string, string>();
  for (const c of sim.scenario.clients) if (c.region) regions.set(c.id, c.region);
  for (const s of sim.scenario.services) if (s.region) regions.set(s.id, s.region);
  if (sim.scenario.gateway?.region) regions.set(sim.scenario.gateway.id, sim.scenario.gateway.region);
  const region = (id: string) => (regions.has(id) ? { region: regions.get(id)! } : {});
  const nodes: NodeData[] = sim.scenario.clients.map((c) => ({
    id: c.id,
    kind: 'client',
    instances: 0,
    concurrency: 0,
    queueLimit: -1,
    slot: -1,
    ...region(c.id),
  }));
  let slot = 0;
  for (const station of topo.stations) {
    const owner = mesh ? mesh.serviceOf[station.index] : -1;
    nodes.push({
      id: station.id,
      kind: owner >= 0 ? 'sidecar' : station.index === topo.gateway ? 'gateway' : 'service',
      instances: station.instances,
      concurrency: station.concurrency,
      queueLimit: Number.isFinite(station.queueLimit) ? station.queueLimit : -1,
      ...(owner >= 0 ? { sidecarOf: topo.stations[owner].id } : region(station.id)),
      ...(station.index === topo.gateway ? { noteRows: gatewayNoteRows(topo) } : {}),
      slot,
    });
    slot += station.instances;
  }
  // The model's edge list, in its order: frame column e and the report's edge e are edge e here.
  const edges: EdgeData[] = callEdges(sim.scenario, topo);
  return {
    variant: name,
    nodes,
    edges,
    slots: slot,
    meshEnabled: mesh !== undefined,
    durationMs: sim.end,
    traceShare: sim.scenario.tracing.sample,
  };
}

/** The playback of every variant of a loaded file. */
export class Playback {
  private readonly variants: Variant[];
  /** What a frame's `figures` hold, in order. */
  private readonly keyFigures: readonly KeyFigure[];
  /** Simulated time the frames have reached, ms. */
  private reached = 0;
  /** Wall time each variant's frames took, ms (`costsMs`). */
  private readonly costs: number[];

  constructor(file: ScenarioFile, options: PlaybackOptions = {}) {
    this.keyFigures = resolveKeyFigures(file.base.keyFigures);
    const all = runVariants(file);
    const runs = options.variants ? all.filter((_, i) => options.variants!.includes(i)) : all;
    this.variants = runs.map(({ name, scenario }) => {
      // Sampling by hash draws no random number: the traced run is the same run as an untraced one.
      const sample = traceShare(scenario, options.durationMs ?? scenario.duration);
      const traced: Scenario = { ...scenario, tracing: { sample, keep: TRACES_KEPT } };
      const sim = new Simulation(traced, { seed: options.seed, duration: options.durationMs });
      const topology = topologyOf(name, sim);
      const nodeIndex = new Map(topology.nodes.map((n, i) => [n.id, i]));
      const variant: Variant = {
        name,
        sim,
        topology,
        series: new RunSeriesRecorder(sim, sim.end / seriesSliceMs(sim.end) + 1),
        figures: new KeyFigureEvaluator(this.keyFigures),
        report: new LiveReport(sim, name),
        edgeSlice: sim.edgeTraffic.attachSlice(),
        edgeWindow: new EdgeWindow(topology.edges.length),
        dots: new DotRecorder(nodeIndex),
        sliceBegun: false,
      };
      sim.tracer.onCallEnd = (trace, call) => variant.dots.collect(trace, call);
      return variant;
    });
    this.costs = this.variants.map(() => 0);
  }

  /** Each variant's picture, in file order. */
  topologies(): TopologyData[] {
    return this.variants.map((v) => v.topology);
  }

  /** Key figures a frame that carries them holds (`FrameData.figures`). */
  get figureCount(): number {
    return this.keyFigures.length;
  }

  /** The longest warmup of the variants, ms: past it, every variant has measured figures. */
  get warmupMs(): number {
    return Math.max(...this.variants.map((v) => v.sim.warmup));
  }

  /** The longest run of the variants, ms. */
  get end(): number {
    return Math.max(...this.variants.map((v) => v.sim.end));
  }

  /** Runs every variant up to `to` (ms) and returns one frame per variant for [last, to); none when `to` is not later. */
  advance(to: number): FrameData[] {
    const from = this.reached;
    const until = Math.min(Math.max(to, from), this.end);
    if (until <= from) return [];
    this.reached = until;
    return this.variants.map((v, i) => {
      const began = performance.now();
      const frame = this.frame(v, i, from, until);
      this.costs[i] += performance.now() - began;
      return frame;
    });
  }

  /**
   * Runs the variants toward `to` (ms), at most `maxEvents` events in all, without making frames:
   * true once every one has reached it, and `advance(to)` then only makes the frames. A recording
   * runs a slice that holds many events this way, a step at a time, hearing the worker's messages
   * between steps; the frames are the same.
   */
  approach(to: number, maxEvents: number): boolean {
    const until = Math.min(Math.max(to, this.reached), this.end);
    let left = maxEvents;
    for (const [i, v] of this.variants.entries()) {
      const began = performance.now();
      if (!v.sliceBegun) v.edgeSlice.reset();
      v.sliceBegun = true;
      const before = v.sim.kernel.events;
      const reached = v.sim.runUntil(until, left);
      left -= v.sim.kernel.events - before;
      this.costs[i] += performance.now() - began;
      if (!reached) return false;
    }
    return true;
  }

  /**
   * Wall time each variant's frames have taken so far, ms, in file order: never part of a report (it
   * depends on the machine), only of how a split run is shared out next time.
   */
  costsMs(): number[] {
    return [...this.costs];
  }

  /** The trace of request `id` of a variant, when it was traced and is still kept. */
  trace(variant: number, id: string): Trace | undefined {
    return this.variants[variant]?.sim.tracer.trace(id);
  }

  /**
   * The traced requests of a variant answered by now, or by `asOfMs` (simulated ms; a recorded run
   * has run to its end, the playhead has not), latest last: at most `limit`.
   */
  traceSummaries(variant: number, limit: number, asOfMs = Infinity): TraceSummary[] {
    const v = this.variants[variant];
    if (!v) return [];
    const answered = v.sim.tracer.traces().filter((t) => !Number.isNaN(t.end) && t.end <= asOfMs);
    return answered.slice(-limit).map((t) => ({ id: t.id, status: t.status, durationMs: t.end - t.start }));
  }

  /** The report of a variant so far; `wallMs` is the wall time its run took, when known. */
  report(variant: number, wallMs = 0): VariantReport {
    const v = this.variants[variant];
    return buildReport(v.sim, v.name, wallMs);
  }

  /**
   * A variant's figures slice by slice, a row per frame (the charts' series when the frames were
   * cut on `seriesSliceMs`). Read once the playback has ended: the recorder lets go of the probe.
   */
  series(variant: number): RunSeries {
    return this.variants[variant].series.series();
  }

  /** Simulated time the frames have reached, ms. */
  get reachedMs(): number {
    return this.reached;
  }

  private frame(v: Variant, index: number, from: number, to: number): FrameData {
    const sim = v.sim;
    if (!v.sliceBegun) v.edgeSlice.reset();
    v.sliceBegun = false;
    sim.runUntil(to);
    v.series.sample(to);
    const row = v.series.lastRow();
    const slots = v.topology.slots;
    // Views of two buffers, not six: each crosses to the page whole, and a large mesh makes
    // thousands of frames.
    const counts = new Int32Array(2 * slots);
    const busy = counts.subarray(0, slots);
    const queued = counts.subarray(slots);
    const flags = new Uint8Array(3 * slots + v.topology.nodes.length);
    const up = flags.subarray(0, slots);
    const known = flags.subarray(slots, 2 * slots);
    const ejected = flags.subarray(2 * slots, 3 * slots);
    const breaker = flags.subarray(3 * slots);
    const mesh = sim.topology.mesh;
    let slot = 0;
    for (const station of sim.topology.stations) {
      const owner = mesh ? mesh.serviceOf[station.index] : -1;
      const registry = mesh ? mesh.registryUp[owner >= 0 ? owner : station.index] : undefined;
      for (let i = 0; i < station.instances; i++, slot++) {
        busy[slot] = station.busy[i];
        queued[slot] = station.queues[i].length;
        up[slot] = station.up[i];
        known[slot] = registry ? registry[i] : station.up[i];
      }
    }
    const { dots, traceIds } = v.dots.take(to);
    this.meshState(v, ejected, breaker);
    return {
      variant: index,
      from,
      to,
      busy,
      queued,
      up,
      known,
      answered: row.answered,
      latency: row.latency,
      attempts: row.attempts,
      retries: row.retries,
      ejected,
      breaker,
      notes: this.notes(v),
      figures:
        Math.floor(to / FIGURES_EVERY_MS) > Math.floor(from / FIGURES_EVERY_MS) || to >= sim.end
          ? this.figures(v, to)
          : NO_FIGURES,
      edges: v.edgeWindow.add(from, to, v.edgeSlice),
      dots,
      traceIds,
    };
  }

  /**
   * The key figures over the measured period up to `to`, from the report as it stands: the values the
   * finished run's report gives at the end, and nothing before the warmup is over.
   */
  private figures(v: Variant, to: number): Float64Array {
    const out = new Float64Array(this.keyFigures.length);
    if (to <= v.sim.warmup) return out.fill(NaN);
    v.figures.valuesInto(v.report.current(), out);
    return out;
  }

  /**
   * Marks the instances some sidecar has ejected or taken out (1 in `ejected`, by slot), and each
   * node's worst caller breaker (in `breaker`, by node); both come zeroed.
   */
  private meshState(v: Variant, ejected: Uint8Array, breaker: Uint8Array): void {
    const mesh = v.sim.topology.mesh;
    if (!mesh) return;
    const clients = v.sim.scenario.clients.length;
    for (const d of mesh.destinations) {
      const node = clients + d.component;
      const base = v.topology.nodes[node].slot;
      for (let i = 0; i < d.endpoints; i++) {
        const out = d.outlier?.isEjected(i) || (d.accrual !== undefined && d.accrual.state(i) !== 'ok');
        if (out) ejected[base + i] = 1;
      }
      const state = d.breaker?.state;
      const code =
        state === 'open' ? BREAKER_OPEN : state === 'half-open' ? BREAKER_HALF_OPEN : BREAKER_CLOSED;
      if (code > breaker[node]) breaker[node] = code;
    }
  }

  /** What the gateway's plugins hold, a line per plugin over its routes; nothing for other nodes. */
  private notes(v: Variant): string[][] {
    const notes: string[][] = v.topology.nodes.map(() => []);
    const topo = v.sim.topology;
    const gateway = topo.gateway >= 0 ? topo.behaviours[topo.gateway] : undefined;
    if (!gateway || gateway.kind !== 'gateway') return notes;
    const totals = new Map<string, Record<string, number>>();
    /** Each limiter's tightest latest answer over its routes. */
    const gauges = new Map<string, { remaining: number; limit: number }>();
    for (const chain of gateway.chains) {
      for (const filter of chain.filters) {
        const gauge = filter.gauge?.();
        const tightest = gauges.get(filter.name);
        if (gauge && (!tightest || gauge.remaining / gauge.limit < tightest.remaining / tightest.limit))
          gauges.set(filter.name, gauge);
        const counters = filter.counters?.();
        if (!counters) continue;
        const sum = totals.get(filter.name) ?? {};
        for (const [k, n] of Object.entries(counters)) sum[k] = (sum[k] ?? 0) + n;
        totals.set(filter.name, sum);
      }
    }
    const share = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : '–');
    const lines: string[] = [];
    for (const [name, c] of totals) {
      const gauge = gauges.get(name);
      if (gauge) lines.push(`${name} ${gauge.remaining}/${gauge.limit} left`);
      else if ('admitted' in c) lines.push(`${name} 429 ${share(c.rejected, c.admitted + c.rejected)}`);
      else if ('hit' in c) lines.push(`${name} hit ${share(c.hit, c.hit + c.miss + c.refresh)}`);
      else if ('cached' in c) lines.push(`${name} cached ${share(c.cached, c.cached + c.calls)}`);
      else if ('batches' in c) lines.push(`${name} ${c.entries} logged`);
    }
    notes[v.sim.scenario.clients.length + topo.gateway] = lines.slice(0, 4);
    return notes;
  }
}
