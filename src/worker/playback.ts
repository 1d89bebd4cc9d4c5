/**
 * A scenario played in slices for the page: one simulation per variant, stepped by the page's clock,
 * answering each step with a frame per variant (see `frames.ts`). Kept apart from the comlink binding
 * so that it runs, and is tested, in Node.
 *
 * Dots: the simulations trace a share of requests (`trace-share.ts`), and a try becomes a dot in the frame in which its answer comes back,
 * when everything about it is known. The page asks for frames ahead of what it shows, so a dot is
 * there before its departure time is drawn.
 */
import {
  openRun,
  type EdgeSlice,
  type LiveRun,
  type PluginState,
  type SimulationView,
} from '../model/observe';
import type { LiveReport } from '../model/report-builder';
import { seriesSliceMs, type RunSeries, type RunSeriesRecorder } from '../model/run-series';
import { KeyFigureEvaluator, resolveKeyFigures, type KeyFigure } from '../report/key-figures';
import type { VariantReport } from '../report/report';
import { runVariants } from '../report/run-variants';
import type { Trace } from '../model/trace';
import type { Scenario, ScenarioFile } from '../scenario/types';
import { DotRecorder } from './dot-recorder';
import { EdgeWindow } from './edge-window';
import { traceShare } from './trace-share';
import type { FrameData, NodeData, TopologyData } from './frames';

/**
 * Simulated time between two frames that carry the key figures, ms: a frame ending past a multiple of
 * this carries them, and so does a run's last. Reading the figures from the report as it stands took
 * a tenth of a recording at every frame; the tiles that show them say up to which moment they are.
 */
export const FIGURES_EVERY_MS = 500;
/** A node's notes when it has none (shared: never written to). */
const NO_NOTES: readonly string[] = Object.freeze([]);
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
  /** The variant's run: stepped here, read through its view and its report only. */
  readonly run: LiveRun;
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
  /** The run's per-edge counters of the current slice, and the live window made of them. */
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
const MAX_NOTE_ROWS = 4;

/** The picture of one run: its clients and stations as nodes, who calls whom as edges. */
export function topologyOf(name: string, run: LiveRun): TopologyData {
  const { layout, plugins } = run.view;
  const nodes: NodeData[] = layout.nodes.map((node) =>
    node.kind === 'gateway' ? { ...node, noteRows: Math.min(MAX_NOTE_ROWS, plugins.length) } : node,
  );
  return {
    variant: name,
    nodes,
    // The model's edge list, in its order: frame column e and the report's edge e are edge e here.
    edges: layout.edges,
    slots: layout.slots,
    meshEnabled: layout.meshEnabled,
    durationMs: layout.endMs,
    traceShare: layout.traceShare,
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
      const run = openRun(traced, { seed: options.seed, duration: options.durationMs });
      const topology = topologyOf(name, run);
      const nodeIndex = new Map(topology.nodes.map((n, i) => [n.id, i]));
      const dots = new DotRecorder(nodeIndex);
      run.observe(dots);
      return {
        name,
        run,
        topology,
        series: run.recordSeries(run.end / seriesSliceMs(run.end) + 1),
        figures: new KeyFigureEvaluator(this.keyFigures),
        report: run.liveReport(name),
        edgeSlice: run.sliceEdges(),
        edgeWindow: new EdgeWindow(topology.edges.length),
        dots,
        sliceBegun: false,
      };
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
    return Math.max(...this.variants.map((v) => v.run.warmup));
  }

  /** The longest run of the variants, ms. */
  get end(): number {
    return Math.max(...this.variants.map((v) => v.run.end));
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
      const before = v.run.events;
      const reached = v.run.runUntil(until, left);
      left -= v.run.events - before;
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
    return this.variants[variant]?.run.trace(id);
  }

  /**
   * The traced requests of a variant answered by now, or by `asOfMs` (simulated ms; a recorded run
   * has run to its end, the playhead has not), latest last: at most `limit`.
   */
  traceSummaries(variant: number, limit: number, asOfMs = Infinity): TraceSummary[] {
    const v = this.variants[variant];
    if (!v) return [];
    const answered = v.run.traces().filter((t) => !Number.isNaN(t.end) && t.end <= asOfMs);
    return answered.slice(-limit).map((t) => ({ id: t.id, status: t.status, durationMs: t.end - t.start }));
  }

  /** The report of a variant so far; `wallMs` is the wall time its run took, when known. */
  report(variant: number, wallMs = 0): VariantReport {
    const v = this.variants[variant];
    return v.run.report(v.name, wallMs);
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
    const run = v.run;
    if (!v.sliceBegun) v.edgeSlice.reset();
    v.sliceBegun = false;
    run.runUntil(to);
    v.series.sample(to);
    const row = v.series.lastRow();
    const view = run.view.refresh();
    const slots = v.topology.slots;
    // Views of two buffers, not six: each crosses to the page whole, and a large mesh makes
    // thousands of frames.
    const counts = new Int32Array(2 * slots);
    counts.set(view.busy, 0);
    counts.set(view.queued, slots);
    const flags = new Uint8Array(3 * slots + v.topology.nodes.length);
    flags.set(view.up, 0);
    flags.set(view.known, slots);
    flags.set(view.ejected, 2 * slots);
    flags.set(view.breaker, 3 * slots);
    const { dots, traceIds } = v.dots.take(to);
    return {
      variant: index,
      from,
      to,
      busy: counts.subarray(0, slots),
      queued: counts.subarray(slots),
      up: flags.subarray(0, slots),
      known: flags.subarray(slots, 2 * slots),
      answered: row.answered,
      latency: row.latency,
      attempts: row.attempts,
      retries: row.retries,
      ejected: flags.subarray(2 * slots, 3 * slots),
      breaker: flags.subarray(3 * slots),
      notes: this.notes(v, view),
      figures:
        Math.floor(to / FIGURES_EVERY_MS) > Math.floor(from / FIGURES_EVERY_MS) || to >= run.end
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
    if (to <= v.run.warmup) return out.fill(NaN);
    v.figures.valuesInto(v.report.current(), out);
    return out;
  }

  /** What the gateway's plugins hold, a line per plugin over its routes; nothing for other nodes. */
  private notes(v: Variant, view: SimulationView): (readonly string[])[] {
    const nodes = v.topology.nodes;
    // One empty list shared by every node without notes: a frame allocates nothing per node for them.
    const notes: (readonly string[])[] = new Array<readonly string[]>(nodes.length).fill(NO_NOTES);
    if (view.plugins.length === 0) return notes;
    const lines: string[] = [];
    for (const plugin of view.plugins) {
      const line = noteOf(plugin);
      if (line !== undefined) lines.push(line);
    }
    notes[nodes.findIndex((n) => n.kind === 'gateway')] = lines.slice(0, MAX_NOTE_ROWS);
    return notes;
  }
}

/** A share in whole percent, or a dash when there is no whole. */
function share(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)}%` : '–';
}

/** The note line of a gateway plugin: `rate-limiting 37/100 left`, `proxy-cache hit 62%`; none for other counters. */
function noteOf(p: PluginState): string | undefined {
  if (p.gauged) return `${p.name} ${p.remaining}/${p.limit} left`;
  switch (p.kind) {
    case 'limiter':
      return `${p.name} 429 ${share(p.rejected, p.admitted + p.rejected)}`;
    case 'cache':
      return `${p.name} hit ${share(p.hit, p.hit + p.miss + p.refresh)}`;
    case 'auth-cache':
      return `${p.name} cached ${share(p.cached, p.cached + p.calls)}`;
    case 'log':
      return `${p.name} ${p.entries} logged`;
    default:
      return undefined;
  }
}
