/**
 * A run the page steps and watches: the worker's entry point to the model for a playback. It drives
 * one simulation (`runUntil`), lets observers watch it, and answers with the view, the report and
 * the traces: never with the model's parts.
 */
import type { Scenario } from '../../scenario/types';
import type { VariantReport } from '../../report/report';
import { buildReport, LiveReport } from '../report-builder';
import { RunSeriesRecorder } from '../run-series';
import { Simulation, type SimulationOptions } from '../simulation';
import type { Trace } from '../trace';
import { EdgeSlice } from './edge-slice';
import { LiveView } from './live-view';
import type { SimulationObserver } from './observer';
import type { SimulationView } from './view';

/** One scenario's run, stepped by its owner; see the module's comment. */
export interface LiveRun {
  /** The read-only view of the run (refresh it to read the state now). */
  readonly view: SimulationView;
  /** Simulated time now, the run's end and its warmup, ms. */
  readonly now: number;
  readonly end: number;
  readonly warmup: number;
  /** Events run so far. */
  readonly events: number;
  /**
   * Runs every event up to `time` (ms; the run covers [0, end)); with `maxEvents`, at most that many:
   * false when it stopped short of `time`.
   */
  runUntil(time: number, maxEvents?: number): boolean;
  /** Registers an observer (see `SimulationObserver`); the function returned unregisters it. */
  observe(observer: SimulationObserver): () => void;
  /** Per-edge counters of slices of simulated time, from now on, warmup included: reset them at each slice. */
  sliceEdges(): EdgeSlice;
  /** A recorder of the run's series, `capacity` slices expected (see `RunSeriesRecorder`). */
  recordSeries(capacity: number): RunSeriesRecorder;
  /** The report under `name` over the measured period up to now, built lazily and read again and again. */
  liveReport(name: string): LiveReport;
  /** The whole report under `name` up to now; `wallMs` is the wall time its run took. */
  report(name: string, wallMs: number): VariantReport;
  /** Traces kept (finished, oldest first, then those open), and one by id when kept. */
  traces(): Trace[];
  trace(id: string): Trace | undefined;
}

class SimulationRun implements LiveRun {
  readonly view: LiveView;

  constructor(private readonly sim: Simulation) {
    this.view = new LiveView(sim);
  }

  get now(): number {
    return this.sim.now;
  }

  get end(): number {
    return this.sim.end;
  }

  get warmup(): number {
    return this.sim.warmup;
  }

  get events(): number {
    return this.sim.kernel.events;
  }

  runUntil(time: number, maxEvents?: number): boolean {
    return this.sim.runUntil(time, maxEvents);
  }

  observe(observer: SimulationObserver): () => void {
    return this.sim.observe(observer);
  }

  sliceEdges(): EdgeSlice {
    const slice = new EdgeSlice(this.view.layout.edges.length);
    this.sim.observe(slice);
    return slice;
  }

  recordSeries(capacity: number): RunSeriesRecorder {
    return new RunSeriesRecorder(this.sim, capacity);
  }

  liveReport(name: string): LiveReport {
    return new LiveReport(this.sim, name);
  }

  report(name: string, wallMs: number): VariantReport {
    return buildReport(this.sim, name, wallMs);
  }

  traces(): Trace[] {
    return this.sim.tracer.traces();
  }

  trace(id: string): Trace | undefined {
    return this.sim.tracer.trace(id);
  }
}

/** Builds the run of `scenario` (options override its seed and duration); nothing runs yet. */
export function openRun(scenario: Scenario, options: SimulationOptions = {}): LiveRun {
  return new SimulationRun(new Simulation(scenario, options));
}
