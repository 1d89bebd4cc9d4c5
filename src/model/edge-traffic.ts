/**
 * The traffic of every edge of the call graph (`call-edges.ts`): tries, their outcomes and their
 * latency as the caller saw them. Recorded once per try, when it ends, on the simulation's hot path:
 * an edge is found through a flat index of (caller, callee), its counters are typed-array columns,
 * and nothing is allocated but an edge's histogram on its first try.
 *
 * These are the measured counters (tries that ended after warmup), for the report; a playback's
 * counters of the current slice are an observer of the simulation (`observe/edge-slice.ts`).
 */
import { grow, Histogram } from '../engine';
import type { CallEdge } from './call-edges';

/** How a try was answered, for `EdgeTraffic.record`: it reached the callee. */
export const REACHED = 0;
/** The caller's own sidecar refused it: its circuit breaker was open. */
export const REFUSED_BREAKER = 1;
/** The caller's own sidecar refused it: the destination's connection pool and pending queue were full. */
export const REFUSED_POOL = 2;
/** The caller's side answered it another way without reaching the callee (an injected abort, no healthy endpoint). */
export const ANSWERED_LOCALLY = 3;

/**
 * What a try's end counts as. An *error* is what a mesh's telemetry and Kiali's graph call one: a
 * 5xx answer (a sidecar's own 503 included), a reset or refused connection, a per-try timeout or a
 * deadline passed. A 4xx (401, 403, 429) is the callee or a policy answering as designed: a
 * *client error*, counted apart and never an error.
 */
export function isTryError(status: number, timedOutOrReset: boolean): boolean {
  return status >= 500 || timedOutOrReset;
}

/**
 * Per edge latency histograms: 32 buckets per power of two (a quantile within 1.6 %), 8 us to 17
 * min: 7 KB each, so that a hundred-service mesh's few hundred edges stay small in the cache.
 */
function edgeHistogram(): Histogram {
  return new Histogram(5, 2 ** -7, 2 ** 20);
}

/** Per-edge counters of a run. */
export class EdgeTraffic {
  /** Caller and callee id of each edge, in the order of the static list, then any found in the run. */
  readonly from: string[] = [];
  readonly to: string[] = [];
  /** Edges of the static list (the diagram's), then edges met only in the run. */
  count = 0;
  /** Measured tries, and of them retries, errors, client errors and those refused or answered locally. */
  tries: Int32Array;
  retries: Int32Array;
  errors: Int32Array;
  clientErrors: Int32Array;
  breakerRefused: Int32Array;
  poolRefused: Int32Array;
  answeredLocally: Int32Array;
  /** Measured latency per edge (undefined until its first measured try). */
  readonly latency: (Histogram | undefined)[] = [];
  /** Edge of each (caller node, callee component), at `caller * components + callee`; -1: none yet. */
  private readonly index: Int32Array;

  /**
   * @param nodeNames the callers' names: the clients', then every component's (index `clients + c`)
   * @param clients how many clients come first in `nodeNames`
   * @param components how many components (stations) a try may go to
   * @param edges the static edge list, whose order the edges keep
   */
  constructor(
    private readonly nodeNames: readonly string[],
    private readonly clients: number,
    private readonly components: number,
    edges: readonly CallEdge[],
  ) {
    this.index = new Int32Array(nodeNames.length * components).fill(-1);
    const n = Math.max(4, edges.length);
    this.tries = new Int32Array(n);
    this.retries = new Int32Array(n);
    this.errors = new Int32Array(n);
    this.clientErrors = new Int32Array(n);
    this.breakerRefused = new Int32Array(n);
    this.poolRefused = new Int32Array(n);
    this.answeredLocally = new Int32Array(n);
    const nodeOf = new Map(nodeNames.map((name, i) => [name, i]));
    for (const e of edges) {
      const from = nodeOf.get(e.from);
      const to = nodeOf.get(e.to);
      if (from === undefined || to === undefined || to < clients)
        throw new Error(`edge ${e.from} -> ${e.to}: unknown node`);
      this.add(from, to - clients);
    }
  }

  /** The edge from caller node `caller` (a client's index, or `clients + component`) to `component`, made on first use. */
  edgeOf(caller: number, component: number): number {
    const key = caller * this.components + component;
    const edge = this.index[key];
    return edge >= 0 ? edge : this.add(caller, component);
  }

  /** The caller node of a component (as opposed to a client). */
  componentNode(component: number): number {
    return this.clients + component;
  }

  /**
   * One try on `edge` ended after `latency` ms (its time since it left the caller). `how` is REACHED
   * or one of the ways it did not reach the callee. Measured counters take it when `measured`.
   */
  record(
    edge: number,
    retry: boolean,
    error: boolean,
    clientError: boolean,
    how: number,
    latency: number,
    measured: boolean,
  ): void {
    if (!measured) return;
    this.tries[edge]++;
    if (retry) this.retries[edge]++;
    if (error) this.errors[edge]++;
    else if (clientError) this.clientErrors[edge]++;
    if (how === REFUSED_BREAKER) this.breakerRefused[edge]++;
    else if (how === REFUSED_POOL) this.poolRefused[edge]++;
    else if (how === ANSWERED_LOCALLY) this.answeredLocally[edge]++;
    (this.latency[edge] ??= edgeHistogram()).record(latency);
  }

  private add(caller: number, component: number): number {
    const edge = this.count++;
    if (edge === this.tries.length) {
      const n = edge * 2;
      this.tries = grow(this.tries, n);
      this.retries = grow(this.retries, n);
      this.errors = grow(this.errors, n);
      this.clientErrors = grow(this.clientErrors, n);
      this.breakerRefused = grow(this.breakerRefused, n);
      this.poolRefused = grow(this.poolRefused, n);
      this.answeredLocally = grow(this.answeredLocally, n);
    }
    this.index[caller * this.components + component] = edge;
    this.from.push(this.nodeNames[caller]);
    this.to.push(this.nodeNames[this.clients + component]);
    return edge;
  }
}
