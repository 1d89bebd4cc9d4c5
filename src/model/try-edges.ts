import type { Kernel } from '../engine';
import type { CallTable, TryTable } from './calls';
import type { ComponentHost } from './components/component';
import type { ObserverHub } from './observe/observer';
import type { RequestTable } from './request-table';
import {
  CAUSE_BREAKER_OPEN,
  CAUSE_CONNECT,
  CAUSE_DEADLINE,
  CAUSE_FAULT,
  CAUSE_NO_ROUTE,
  CAUSE_NONE,
  CAUSE_NO_UPSTREAM,
  CAUSE_PER_TRY_TIMEOUT,
  CAUSE_POOL_OVERFLOW,
  CAUSE_RESET,
  PHASE_BACKOFF,
  PHASE_POOL_PENDING,
} from './constants';
import {
  ANSWERED_LOCALLY,
  type EdgeTraffic,
  REACHED,
  REFUSED_BREAKER,
  REFUSED_POOL,
  isTryError,
} from './edge-traffic';

/**
 * Counts each try on its edge of the call graph (client, gateway, service to service) as its caller
 * saw it: how it ended (reached, refused by a breaker or a pool, answered locally), whether it was
 * an error, its latency; and tells the run's observers of tries leaving and ending.
 */
export class TryEdges {
  // The host's tables and clock, read on every try: held here, one load nearer.
  private readonly calls: CallTable;
  private readonly tries: TryTable;
  private readonly requests: RequestTable;
  private readonly kernel: Kernel;
  private readonly observers: ObserverHub;
  private readonly warmup: number;

  constructor(
    private readonly host: ComponentHost,
    private readonly edgeTraffic: EdgeTraffic,
  ) {
    this.calls = host.calls;
    this.tries = host.tries;
    this.requests = host.requests;
    this.kernel = host.kernel;
    this.observers = host.observers;
    this.warmup = host.warmup;
  }

  /**
   * Counts a try's end on its edge: from the client, or the caller's workload (a sidecar's try is
   * its workload's), to the component it was for. Hops between a workload and its own sidecar, a
   * mirrored copy nobody waits for, and a retry the deadline caught in its backoff (it never left)
   * are no edge's tries.
   */
  ended(id: number, status: number, cause: number): void {
    const c = this.calls;
    const t = this.tries;
    const phase = t.phase[id];
    if (phase === PHASE_BACKOFF) return;
    const edge = this.edgeOfTry(id);
    if (edge < 0) return;
    // A reply with no cause reached its callee and was neither timed out nor reset: the other causes
    // are told apart out of line, which keeps this small enough to be inlined where tries end.
    const answered = cause === CAUSE_NONE && phase !== PHASE_POOL_PENDING;
    const how = answered ? REACHED : howEnded(cause, phase);
    const error = isTryError(status, !answered && timedOutOrReset(cause));
    const clientError = !error && status >= 400 && status < 500;
    const now = this.kernel.now;
    const latency = now - t.leftAt[id];
    this.edgeTraffic.record(edge, c.tries[id] > 0, error, clientError, how, latency, now >= this.warmup);
    if (this.observers.ends.length > 0)
      this.observers.tryEnded(edge, error, clientError, how === REACHED, latency);
  }

  /**
   * The edge a try is on: from the client, or the caller's workload (a sidecar's try is its
   * workload's), to the component it is for; -1 for a hop between a workload and its own sidecar
   * and for a mirrored copy nobody waits for.
   */
  private edgeOfTry(id: number): number {
    const c = this.calls;
    const t = this.tries;
    const parent = c.parent[id];
    if (t.local[id] === 1 || (parent < 0 && t.dest[id] >= 0)) return -1;
    const traffic = this.edgeTraffic;
    let caller: number;
    if (parent < 0) caller = this.requests.client[c.request[id]];
    else {
      const component = t.component[parent];
      const owner = this.host.mesh !== undefined ? this.host.mesh.serviceOf[component] : -1;
      caller = traffic.componentNode(owner >= 0 ? owner : component);
    }
    return traffic.edgeOf(caller, t.target[id]);
  }

  /** Tells the observers of a try leaving its caller on its edge. */
  started(id: number): void {
    const edge = this.edgeOfTry(id);
    if (edge >= 0) this.observers.tryStarted(edge);
  }
}

/** How a try that did not simply reach its callee was answered (`EdgeTraffic.record`'s `how`). */
function howEnded(cause: number, phase: number): number {
  if (cause === CAUSE_BREAKER_OPEN) return REFUSED_BREAKER;
  if (cause === CAUSE_POOL_OVERFLOW) return REFUSED_POOL;
  return cause === CAUSE_FAULT ||
    cause === CAUSE_NO_UPSTREAM ||
    cause === CAUSE_NO_ROUTE ||
    phase === PHASE_POOL_PENDING
    ? ANSWERED_LOCALLY
    : REACHED;
}

/** True when a try's `cause` is a timeout, or a connection refused or reset. */
function timedOutOrReset(cause: number): boolean {
  return (
    cause === CAUSE_CONNECT ||
    cause === CAUSE_RESET ||
    cause === CAUSE_PER_TRY_TIMEOUT ||
    cause === CAUSE_DEADLINE
  );
}
