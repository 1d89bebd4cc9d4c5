import type { Kernel } from '../../engine';
import type { MeshFault } from '../../scenario/types';
import type { CallTable, TryTable } from '../calls';
import {
  CAUSE_BREAKER_OPEN,
  CAUSE_CONNECT,
  CAUSE_DEADLINE,
  CAUSE_FAULT,
  CAUSE_NO_ROUTE,
  CAUSE_PER_TRY_TIMEOUT,
  CAUSE_POOL_OVERFLOW,
  CAUSE_RESET,
  EV_CALL_ARRIVE,
  EV_OUTLIER_TICK,
  EV_REPLY,
  PHASE_POOL_PENDING,
  PHASE_REPLYING,
} from '../constants';
import { backoffDelay } from '../mesh/backoff';
import type { MeshDestination } from '../mesh/destination';
import type { MeshRuntime } from '../mesh/mesh-runtime';
import type { RequestTable } from '../request-table';
import type { Station } from '../station';
import type { EjectionSource, Timeline } from '../timeline';
import type { Topology } from '../topology';
import type { TraceObserver } from '../observe/run-observers';
import type { RouteHost, TryRoute } from './route';

/**
 * The mesh's route: a workload's call goes to its own sidecar, which sends it across the mesh to
 * the destination's sidecar with the destination's policy. A sidecar's try (a call with a `dest`)
 * passes the breaker, injected faults and the connection pool, picks an endpoint of its
 * `MeshDestination` (avoiding the one its retry should), takes a pooled mTLS connection or makes one,
 * and goes; its end feeds the breaker, outlier detection, failure accrual and the mesh's edges. Its
 * retries are limited by the destination's `maxRetries` and budget and wait a backoff.
 */
export class MeshRoute implements TryRoute {
  private readonly calls: CallTable;
  private readonly tries: TryTable;
  private readonly requests: RequestTable;
  private readonly kernel: Kernel;
  private readonly stations: readonly Station[];
  private readonly topology: Topology;
  private readonly timeline: Timeline;
  private readonly spans: TraceObserver;
  private readonly warmup: number;
  private readonly zeroLatency: boolean;

  constructor(
    private readonly host: RouteHost,
    private readonly mesh: MeshRuntime,
  ) {
    this.calls = host.calls;
    this.tries = host.tries;
    this.requests = host.requests;
    this.kernel = host.kernel;
    this.stations = host.stations;
    this.topology = host.topology;
    this.timeline = host.timeline;
    this.spans = host.spans;
    this.warmup = host.warmup;
    this.zeroLatency = host.zeroLatency;
  }

  open(parent: number, slot: number, policy: number, request: number, component: number): number {
    return this.meshCall(this.mesh, parent, slot, policy, request, component);
  }

  /** A sidecar's try goes: to its destination (or the one it fails over to), if breaker, faults and pool let it. */
  send(id: number): void {
    this.meshDispatch(id, this.meshDestinationOf(id));
  }

  tryEnded(id: number, status: number, cause: number): void {
    this.meshTryEnded(id, status, cause);
  }

  release(id: number, reusable: boolean): void {
    if (this.tries.poolHeld[id]) this.releasePool(id, reusable);
  }

  /** Whether the called destination's retry limits let one more retry go now. */
  retryAllowed(id: number): boolean {
    return this.meshRetryAllowed(this.mesh.destinations[this.calls.home[id]]);
  }

  /** The destination's exponential backoff with jitter before retry `tries + 1`. */
  backoff(id: number): number {
    const retries = this.mesh.destinations[this.calls.home[id]].policy.retries;
    return backoffDelay(
      this.calls.tries[id] + 1,
      retries.backoff.base,
      retries.backoff.max,
      this.mesh.backoffDraws(),
    );
  }

  /** A sidecar's retry starts again from the service called (it may fail over, or back). */
  retry(id: number, backoff: number): number {
    const t = this.tries;
    const dest = this.calls.home[id];
    const home = this.mesh.destinations[dest];
    const next = this.host.nextTry.retryOf(id, backoff);
    next.component = home.into;
    next.target = home.component;
    next.dest = dest;
    if (home.policy.retries.otherHost) {
      next.avoid = t.instance[id];
      next.avoidDest = t.dest[id];
    }
    return this.host.sendCall(next);
  }

  callEnded(id: number): boolean {
    return this.meshCallDone(id);
  }

  /**
   * Routes a new logical call through the sidecars. A workload's call goes first to its own sidecar
   * (no network); the sidecar sends it to the destination's sidecar with the destination's mesh
   * policy (balancing, pool, retries, mTLS); that sidecar hands it to its own workload instance. A
   * caller without a sidecar (a client, an excluded service) reaches the destination's sidecar directly.
   */
  private meshCall(
    mesh: MeshRuntime,
    parent: number,
    slot: number,
    policyIndex: number,
    request: number,
    component: number,
  ): number {
    const t = this.tries;
    const callerComponent = parent >= 0 ? t.component[parent] : -1;
    const sidecarOf = callerComponent >= 0 ? mesh.serviceOf[callerComponent] : -1;
    if (sidecarOf >= 0) {
      // The caller is a sidecar: inbound to its own workload, or outbound across the mesh.
      if (t.target[parent] === sidecarOf) {
        const inbound = this.host.nextTry.call(parent, slot, mesh.passthrough, request, sidecarOf);
        inbound.local = 1;
        return this.host.sendCall(inbound);
      }
      return this.meshOutbound(mesh, parent, slot, request, sidecarOf, t.target[parent]);
    }
    const own = callerComponent >= 0 ? mesh.proxyOf[callerComponent] : -1;
    if (own >= 0) {
      const outbound = this.host.nextTry.call(parent, slot, policyIndex, request, own);
      outbound.target = component;
      outbound.local = 1;
      return this.host.sendCall(outbound);
    }
    // North-south traffic reaches the gateway itself; only east-west calls enter through sidecars.
    const gateway = component === this.topology.gateway;
    const into = mesh.proxyOf[component] >= 0 && !gateway ? mesh.proxyOf[component] : component;
    const next = this.host.nextTry.call(parent, slot, policyIndex, request, into);
    next.target = component;
    return this.host.sendCall(next);
  }

  /**
   * A sidecar of `caller` sends a call for `target` across the mesh, split and mirrored as its
   * policy says, or as the route its client request takes when the policy has routes; a call no
   * route takes is answered 404 by this sidecar.
   */
  private meshOutbound(
    mesh: MeshRuntime,
    parent: number,
    slot: number,
    request: number,
    caller: number,
    target: number,
  ): number {
    const t = this.tries;
    const instance = t.instance[parent];
    const routes = mesh.routes[target];
    if (routes !== undefined) {
      const r = this.requests;
      const route = routes.routeOf(mesh.kinds.of(r.client[request], r.mix[request]));
      if (route < 0)
        return this.meshSendTo(mesh, parent, slot, mesh.noRoute, request, caller, instance, target);
      const { split, mirror, policy } = routes.routes[route];
      const actual = split ? split.targets[split.choice.pick(mesh.splitDraws())] : target;
      if (mirror && mesh.splitDraws() < mirror.share)
        this.meshMirror(mesh, request, caller, instance, mirror.component);
      return this.meshSendTo(mesh, parent, slot, policy, request, caller, instance, actual);
    }
    const split = mesh.splits[target];
    const actual = split ? split.targets[split.choice.pick(mesh.splitDraws())] : target;
    const mirror = mesh.mirrors[target];
    if (mirror && mesh.splitDraws() < mirror.share)
      this.meshMirror(mesh, request, caller, instance, mirror.component);
    return this.meshSendTo(mesh, parent, slot, mesh.policyOf[actual], request, caller, instance, actual);
  }

  /** A copy of a call nobody waits for, sent to `component`. */
  private meshMirror(
    mesh: MeshRuntime,
    request: number,
    caller: number,
    instance: number,
    component: number,
  ): void {
    const copy = this.meshSendTo(mesh, -1, 0, mesh.passthrough, request, caller, instance, component);
    if (copy >= 0) mesh.mirrored++;
  }

  /**
   * One sidecar-to-sidecar call (it has a `dest`, as no other call does); with `parent` -1 a
   * mirrored copy nobody waits for.
   */
  private meshSendTo(
    mesh: MeshRuntime,
    parent: number,
    slot: number,
    policyIndex: number,
    request: number,
    caller: number,
    instance: number,
    target: number,
  ): number {
    const into = mesh.proxyOf[target] >= 0 ? mesh.proxyOf[target] : target;
    const dest = mesh.destination(caller, instance, target).index;
    const next = this.host.nextTry.call(parent, slot, policyIndex, request, into);
    next.target = target;
    next.dest = dest;
    return this.host.sendCall(next);
  }

  /**
   * The destination a sidecar's try goes to as it starts: the service called while the sidecar knows
   * a healthy endpoint of it, else the first of its failover services that has one (the try is
   * re-addressed there), else the service called all the same.
   */
  private meshDestinationOf(id: number): MeshDestination {
    const c = this.calls;
    const t = this.tries;
    const mesh = this.mesh;
    const home = mesh.destinations[c.home[id]];
    // A call no route took is answered where it is: there is no cluster to fail over from.
    if (home.failover.length === 0 || c.policy[id] === mesh.noRoute) return home;
    const to = home.resolve(this.kernel.now);
    if (to !== home) {
      t.dest[id] = to.index;
      t.component[id] = to.into;
      t.target[id] = to.component;
      t.cross[id] = this.host.crosses(c.parent[id], c.request[id], to.index, to.into);
      mesh.failovers++;
      if (t.span[id] >= 0) this.spans.tryFailedOver(id, c.request[id], home.component, to.into, to.component);
    }
    return to;
  }

  /** A sidecar's try goes, if its breaker, injected faults and connection pool let it. */
  private meshDispatch(id: number, d: MeshDestination): void {
    const mesh = this.mesh;
    const now = this.kernel.now;
    const policy = this.calls.policy[id];
    if (policy === mesh.noRoute) {
      // Envoy's router finds no route (NR): the sidecar answers before any cluster is chosen.
      mesh.noRouteAnswered++;
      return this.answerLocally(id, 404, CAUSE_NO_ROUTE);
    }
    if (d.breaker && !d.breaker.tryAcquire(now)) {
      mesh.breakerRejected++;
      return this.answerLocally(id, 503, CAUSE_BREAKER_OPEN);
    }
    const abort = this.meshFault(mesh, policy, d)?.abort;
    if (abort && mesh.faultDraws() * 100 < abort.percentage) {
      mesh.faultsInjected++;
      return this.answerLocally(id, abort.httpStatus, CAUSE_FAULT);
    }
    if (d.active >= d.maxActive) {
      if (d.pending.length < d.pool.maxPending) {
        this.tries.phase[id] = PHASE_POOL_PENDING;
        d.pending.push(id);
        return;
      }
      d.overflows++;
      return this.answerLocally(id, 503, CAUSE_POOL_OVERFLOW);
    }
    this.meshSend(id, d);
  }

  /** The try takes a place in the pool, an endpoint and a connection, and goes on the network. */
  private meshSend(id: number, d: MeshDestination): void {
    const c = this.calls;
    const t = this.tries;
    const mesh = this.mesh;
    const now = this.kernel.now;
    d.active++;
    // Retries and the budget are the logical call's, counted at the service it called.
    const home = mesh.destinations[c.home[id]];
    if (c.tries[id] > 0) home.retriesActive++;
    else home.budget?.requestStarted(now);
    t.poolHeld[id] = 1;
    this.host.armTryTimer(id);
    const avoid = t.avoidDest[id] === d.index ? t.avoid[id] : -1;
    t.pickedAt[id] = now;
    const instance = d.pick(now, this.host.requests.hashKey(c.request[id]), avoid);
    t.instance[id] = instance;
    if (t.span[id] >= 0) this.spans.trySent(id, c.request[id], instance);
    if (instance < 0) return this.host.noHealthyInstance(id);
    let extra = 0;
    const delay = this.meshFault(mesh, c.policy[id], d)?.delay;
    if (delay && mesh.faultDraws() * 100 < delay.percentage) {
      mesh.faultsInjected++;
      extra += delay.fixedDelay;
    }
    t.connEpoch[id] = -1;
    // A connection to a dead pod is refused at TCP connect, before any TLS: the try fails where it arrives.
    if (mesh.encrypted[d.component] === 1 && this.stations[d.into].up[instance] === 1) {
      const epoch = this.certificateEpoch(mesh, now);
      t.connEpoch[id] = epoch;
      if (!d.takeConnection(instance, now, mesh.spec.mtls.idleTimeout, epoch)) {
        // A new connection: the TLS handshake, and the round trip it needs, before the request.
        const handshake = mesh.handshake.sample(mesh.mtlsDraws);
        if (now >= this.warmup) mesh.handshakeMs += handshake;
        const topology = this.topology;
        let setup = handshake + (this.zeroLatency ? 0 : 2 * topology.latency.sample(topology.latencyDraws));
        if (t.cross[id] === 1) setup += 2 * topology.crossLatency.sample(topology.crossDraws);
        if (setup > d.policy.connectTimeout) return this.connectTimedOut(id, d.policy.connectTimeout);
        extra += setup;
      }
    }
    this.host.hop(EV_CALL_ARRIVE, id, extra);
  }

  /** The faults of a try: its route's when its call took a route, else its destination policy's. */
  private meshFault(mesh: MeshRuntime, policy: number, d: MeshDestination): MeshFault | undefined {
    const own = mesh.routeFaults[policy];
    return own === undefined ? d.policy.fault : (own ?? undefined);
  }

  /** Setting up the connection took longer than `connectTimeout`: the try fails then, as a connect failure. */
  private connectTimedOut(id: number, after: number): void {
    const t = this.tries;
    t.status[id] = 503;
    t.cause[id] = CAUSE_CONNECT;
    t.connEpoch[id] = -1;
    t.phase[id] = PHASE_REPLYING;
    this.kernel.after(after, EV_REPLY, id);
  }

  /** Certificates rotate every `rotation` ms; connections made under an older one are closed. */
  private certificateEpoch(mesh: MeshRuntime, now: number): number {
    const rotation = mesh.spec.mtls.rotation;
    return rotation < Infinity ? Math.floor(now / rotation) : 0;
  }

  /** A sidecar answers a try itself, without a call on the network. */
  private answerLocally(id: number, status: number, cause: number): void {
    const t = this.tries;
    t.status[id] = status;
    t.cause[id] = cause;
    t.phase[id] = PHASE_REPLYING;
    this.host.replyArrived(id);
  }

  /** The try's place in the pool is free: its connection goes back idle if it is reusable. */
  private releasePool(id: number, reusable: boolean): void {
    const c = this.calls;
    const t = this.tries;
    const d = this.mesh.destinations[t.dest[id]];
    const now = this.kernel.now;
    t.poolHeld[id] = 0;
    d.active--;
    if (c.tries[id] > 0) {
      const home = this.mesh.destinations[c.home[id]];
      home.retriesActive--;
      home.budget?.retryEnded(now);
    }
    const instance = t.instance[id];
    const cause = t.cause[id];
    if (reusable && t.connEpoch[id] >= 0 && instance >= 0 && cause !== CAUSE_CONNECT && cause !== CAUSE_RESET)
      d.returnConnection(instance, now, t.connEpoch[id]);
    while (d.pending.length > 0 && d.active < d.maxActive) {
      const next = d.pending.shift();
      // A waiting try whose caller gave up is dropped here, where it is finally let go of.
      if (t.abandoned[next]) this.host.releaseCall(next);
      else this.meshSend(next, d);
    }
  }

  /** A sidecar's call is over; true for a mirrored copy, whose answer nobody waits for. */
  private meshCallDone(id: number): boolean {
    this.mesh.destinations[this.calls.home[id]].budget?.requestEnded(this.kernel.now);
    return this.calls.parent[id] < 0;
  }

  /** Whether the destination's retry limits let one more retry go now. */
  private meshRetryAllowed(d: MeshDestination): boolean {
    if (d.retriesActive >= d.pool.maxRetries) {
      d.retriesDenied++;
      return false;
    }
    if (d.budget && !d.budget.tryRetry(this.kernel.now)) {
      d.retriesDenied++;
      return false;
    }
    return true;
  }

  /** Tells the sidecar's balancer, health trackers, breaker and edge how its try ended. */
  private meshTryEnded(id: number, status: number, cause: number): void {
    const c = this.calls;
    const t = this.tries;
    const mesh = this.mesh;
    const d = mesh.destinations[t.dest[id]];
    const now = this.kernel.now;
    const instance = t.instance[id];
    // A breaker wraps the call as the application sees it: every outcome but its own refusal counts
    // (a call no route took never reached the breaker's cluster).
    if (d.breaker && cause !== CAUSE_BREAKER_OPEN && cause !== CAUSE_NO_ROUTE)
      this.recordBreaker(d, now, status < 500 && cause !== CAUSE_DEADLINE);
    // Answered by the sidecar itself, or given up before it went: nothing was learnt of an endpoint.
    if (cause === CAUSE_POOL_OVERFLOW || cause === CAUSE_BREAKER_OPEN || cause === CAUSE_FAULT) return;
    if (cause === CAUSE_NO_ROUTE) return this.meshNoRouteEnded(id);
    if (instance < 0 && cause === CAUSE_DEADLINE) return;
    // The deadline cut a try short: like a per-try timeout, the endpoint failed to answer in time.
    const locallyOriginated =
      cause === CAUSE_CONNECT ||
      cause === CAUSE_RESET ||
      cause === CAUSE_PER_TRY_TIMEOUT ||
      cause === CAUSE_DEADLINE;
    const failed = status >= 500 || locallyOriginated;
    if (instance >= 0) {
      if (cause === CAUSE_CONNECT) d.connectRefused(instance, now);
      // A detector's ejections are landmarks: watched apart, so the common path stays as it was.
      if (d.outlier || d.accrual)
        this.finishedWatched(d, instance, now, now - t.pickedAt[id], status, locallyOriginated);
      else d.finished(instance, now, now - t.pickedAt[id], status, locallyOriginated);
    }
    const parent = c.parent[id];
    if (now < this.warmup || parent < 0) return; // a mirrored copy is not an edge's traffic
    const from = mesh.serviceOf[t.component[parent]];
    const edge = mesh.edge(from, t.target[id], this.stations);
    edge.tries++;
    if (failed) edge.errors++;
    edge.latency.record(now - t.leftAt[id]);
  }

  /** A try no route took: its sidecar's own 404, on the edge from its caller to the service called. */
  private meshNoRouteEnded(id: number): void {
    const c = this.calls;
    const t = this.tries;
    const mesh = this.mesh;
    const now = this.kernel.now;
    const parent = c.parent[id];
    if (now < this.warmup || parent < 0) return;
    const edge = mesh.edge(mesh.serviceOf[t.component[parent]], t.target[id], this.stations);
    edge.tries++;
    edge.noRoute++;
    edge.latency.record(now - t.leftAt[id]);
  }

  /** A sidecar's breaker learns how a call ended; its opening and closing are landmarks of the run. */
  private recordBreaker(d: MeshDestination, now: number, success: boolean): void {
    const breaker = d.breaker!;
    const before = breaker.state;
    const opened = breaker.opened;
    breaker.record(now, success);
    if (breaker.opened === opened && !(before === 'half-open' && breaker.state === 'closed')) return;
    const from = this.stations[d.caller].id;
    const to = this.stations[d.component].id;
    if (breaker.opened === opened) this.timeline.breakerClosed(now, from, to);
    else if (before === 'closed') this.timeline.breakerOpened(now, from, to);
    else this.timeline.breakerReopened(from, to);
  }

  /** `d.finished`, for a destination with outlier detection or failure accrual: ejections and returns go on the timeline. */
  private finishedWatched(
    d: MeshDestination,
    instance: number,
    now: number,
    latency: number,
    status: number,
    locallyOriginated: boolean,
  ): void {
    const ejections = d.outlier ? d.outlier.ejections : 0;
    const penalties = d.accrual ? d.accrual.penalties : 0;
    const wasOk = d.accrual ? d.accrual.state(instance) === 'ok' : true;
    d.finished(instance, now, latency, status, locallyOriginated);
    if (d.outlier && d.outlier.ejections !== ejections)
      this.meshEjection(d, instance, 'outlier-detection', 1);
    if (d.accrual && d.accrual.penalties !== penalties)
      this.meshEjection(d, instance, 'failure-accrual', wasOk ? 1 : 0);
    else if (d.accrual && !wasOk && d.accrual.state(instance) === 'ok')
      this.meshEjection(d, instance, 'failure-accrual', -1);
  }

  /** A sidecar took an endpoint out (1), out again while out (0), or let it back (-1). */
  private meshEjection(d: MeshDestination, instance: number, by: EjectionSource, change: 1 | 0 | -1): void {
    const from = this.stations[d.caller].id;
    const to = this.stations[d.component].id;
    const now = this.kernel.now;
    if (change === 1) this.timeline.ejected(now, from, to, instance, by);
    else if (change === 0) this.timeline.ejectedAgain(from, to, instance, by);
    else this.timeline.returned(now, from, to, instance, by);
  }

  /** Outlier detection's interval: ejected hosts whose time is up return. */
  outlierTick(destination: number): void {
    const d = this.mesh.destinations[destination];
    const out = d.outlier!.ejectedCount > 0 ? d.outlier!.ejected.slice() : undefined;
    d.outlier!.tick(this.kernel.now);
    if (out) {
      for (let h = 0; h < out.length; h++)
        if (out[h] && !d.outlier!.ejected[h]) this.meshEjection(d, h, 'outlier-detection', -1);
    }
    this.kernel.after(d.policy.outlierDetection!.interval, EV_OUTLIER_TICK, destination);
  }
}
