import type { Sampler } from '../engine';
import { IntRing, TimeWeighted } from '../engine';

/**
 * One component that serves calls (the gateway or a service): its instances, each with `concurrency`
 * workers sharing one FIFO queue of at most `queueLimit` waiting calls, and the statistics the report
 * gives for it. The station only keeps counts; the simulation decides what a call does.
 */
export class Station {
  /** Busy workers per instance. */
  readonly busy: Int32Array;
  /** 1 while the instance is up. */
  readonly up: Uint8Array;
  readonly queues: IntRing[];
  /** Head of each instance's list of present jobs (-1: none), for crashes. */
  readonly firstJob: Int32Array;
  /** Latency added by a fault, per instance (undefined: none). */
  readonly extraLatency: (Sampler | undefined)[];
  /** Error rate set by a fault, per instance (-1: the service's own). */
  readonly errorOverride: Float64Array;
  /** Background work waiting for a worker per instance, ms per piece, oldest first. */
  readonly background: number[][];
  /** Crashes so far per instance: work started in an earlier life must not free a worker of this one. */
  readonly lives: Int32Array;
  /** Next instance for round robin. */
  nextInstance = 0;
  /**
   * Instances that exist now: the first `running` of the `instances` slots. A `scale` fault moves
   * it; slots past it are not running (down, and unknown to the registry).
   */
  running: number;

  // Statistics over the measured period.
  readonly busyWorkers = new TimeWeighted();
  /** Workers of the running instances: what utilization is a share of while the service scales. */
  readonly workers = new TimeWeighted();
  readonly waiting = new TimeWeighted();
  served = 0;
  /** `served` by instance slot. */
  readonly servedBy: Int32Array;
  rejected = 0;
  arrivals = 0;
  waited = 0;
  started = 0;
  waitSum = 0;

  constructor(
    readonly id: string,
    readonly index: number,
    /** Instance slots: the most instances it ever runs. */
    readonly instances: number,
    readonly concurrency: number,
    readonly queueLimit: number,
    /** True when a job keeps its worker while its downstream calls run. */
    readonly holdWhileCalling: boolean,
    running = instances,
  ) {
    this.running = running;
    this.workers.add(0, running * concurrency);
    this.busy = new Int32Array(instances);
    this.up = new Uint8Array(instances);
    this.up.fill(1, 0, running);
    this.queues = Array.from({ length: instances }, () => new IntRing());
    this.firstJob = new Int32Array(instances).fill(-1);
    this.extraLatency = new Array<Sampler | undefined>(instances).fill(undefined);
    this.errorOverride = new Float64Array(instances).fill(-1);
    this.background = Array.from({ length: instances }, () => []);
    this.lives = new Int32Array(instances);
    this.servedBy = new Int32Array(instances);
  }

  /** Instances up now. */
  upCount(): number {
    let n = 0;
    for (let i = 0; i < this.instances; i++) n += this.up[i];
    return n;
  }

  /** The next running instance in round-robin order, up or not (a caller without health checks). */
  roundRobin(): number {
    const i = this.nextInstance < this.running ? this.nextInstance : 0;
    this.nextInstance = i + 1 === this.running ? 0 : i + 1;
    return i;
  }

  /** Starts the measured period at `now`. */
  startMeasuring(now: number): void {
    this.busyWorkers.restart(now);
    this.workers.restart(now);
    this.waiting.restart(now);
    this.served = 0;
    this.servedBy.fill(0);
    this.rejected = 0;
    this.arrivals = 0;
    this.waited = 0;
    this.started = 0;
    this.waitSum = 0;
  }
}
