import type { Kernel, Uniform } from '../../engine';
import type { CallTable, TryTable } from '../calls';
import type { JobTable } from '../jobs';
import type { GatewayMetrics } from '../gateway/gateway-metrics';
import type { MeshRuntime } from '../mesh/mesh-runtime';
import type { ObserverHub } from '../observe/observer';
import type { MetricsObserver, TraceObserver } from '../observe/run-observers';
import type { RequestTable } from '../request-table';
import type { Station } from '../station';
import type { Timeline } from '../timeline';
import type { Topology } from '../topology';

/**
 * What a kind of component (a service, the gateway, a sidecar, a queue) does with the jobs its
 * instances take: how long a worker works on one, and what happens when that work and the job's
 * downstream calls are over. The simulation owns the stations (workers, queues, crashes), the calls
 * and their tries; a component only decides. One object per component, built once: nothing is
 * allocated per job.
 */
export interface Component {
  /** The stream the component's work times are drawn from (a latency fault's extra time too). */
  readonly times: Uniform;
  /** How long a worker works on job `id` as it takes it, ms; a latency fault's extra is added apart. */
  workTime(id: number): number;
  /** The job's work is over: answer it (`host.finishJob`) or make its downstream calls. */
  workDone(id: number, station: Station): void;
  /** The job's downstream call in `slot` has its final `status` (the callee's, or its caller's timeout). */
  childDone(job: number, slot: number, status: number): void;
  /**
   * The job is answered `status` and its reply is about to leave (`measured`: it ends after warmup).
   * Optional: for a component that records or acts on every answer (the gateway's loggers).
   */
  jobLeaving?(id: number, status: number, measured: boolean): void;
  /**
   * A call reaches an instance of this component: with this method the component takes it in itself
   * instead of the station's usual admission (a queue acknowledges at once and keeps the message).
   */
  accept?(id: number): void;
}

/**
 * What a component may read and do of the simulation that runs it: its tables and the few actions a
 * job takes. `Simulation` implements it; a component never schedules a job's events itself.
 */
export interface ComponentHost {
  readonly kernel: Kernel;
  readonly topology: Topology;
  readonly stations: readonly Station[];
  /** Every logical call in flight, by the id of the try that carries it. */
  readonly calls: CallTable;
  /** Every try in flight, by id. */
  readonly tries: TryTable;
  /** Every job in flight, by the id of the try it does the work of. */
  readonly jobs: JobTable;
  readonly requests: RequestTable;
  /** The tracer, told of the sampled requests' events (test the request's trace slot first). */
  readonly spans: TraceObserver;
  /** The request metrics, told of every request and forwarded try. */
  readonly metrics: MetricsObserver;
  readonly gatewayMetrics: GatewayMetrics;
  readonly timeline: Timeline;
  readonly observers: ObserverHub;
  /** The mesh's sidecars and destinations; undefined when the mesh is off. */
  readonly mesh: MeshRuntime | undefined;
  /** Start of the measured period, ms. */
  readonly warmup: number;
  /** Starts a logical call from job `parent` (-1: the client) into `component`; returns its first try. */
  callInto(parent: number, slot: number, policy: number, request: number, component: number): number;
  /** The job is over: free its worker, count it served and send its reply with `status` and `cause`. */
  finishJob(id: number, status: number, cause: number): void;
  /** The station admits job `id` at its instance: refused (503), queued, or started at once. */
  admit(id: number): void;
  /**
   * A new job nobody waits for, for the same request at the instance call `id` reached (a queue's
   * message); the caller then admits it. Its reply, when it ends, goes nowhere.
   */
  detach(id: number): number;
  /** Frees the job's worker (an event loop's, free again while the job's calls run). */
  releaseWorker(id: number, station: Station): void;
  /** Sends a call's reply now with `status` and `cause`, over the network hop back to its caller. */
  replyAtOnce(id: number, status: number, cause: number): void;
  /** `ms` of work an instance does off any request's path (a log batch being sent). */
  background(component: number, instance: number, ms: number): void;
  /** Drops one reference to a request; its trace is finished once the last goes. */
  unrefRequest(request: number): void;
}
