import { Kernel, type EventHandler } from '../engine';
import type { MeshFault, Scenario } from '../scenario/types';
import { CallTable } from './call-table';
import {
  CAUSE_CONNECT,
  CAUSE_DEADLINE,
  CAUSE_NO_UPSTREAM,
  CAUSE_OVERFLOW,
  CAUSE_PER_TRY_TIMEOUT,
  CAUSE_RESET,
  EV_ARRIVAL,
  EV_CALL_ARRIVE,
  EV_DEADLINE,
  EV_FAULT_END,
  EV_CLIENT_RESEND,
  EV_FAULT_START,
  EV_FILTER_TIMER,
  EV_BACKGROUND_DONE,
  EV_TRY_START,
  EV_DISCOVERY,
  EV_OUTLIER_TICK,
  CAUSE_POOL_OVERFLOW,
  CAUSE_BREAKER_OPEN,
  CAUSE_FAULT,
  CAUSE_NO_ROUTE,
  PHASE_POOL_PENDING,
  PHASE_BACKOFF,
  EV_GATEWAY_RESUME,
  EV_HEALTH_PROBE,
  EV_PER_TRY_TIMEOUT,
  EV_RATE_STEP,
  EV_REPLY,
  EV_USER_SEND,
  EV_WARMUP_END,
  EV_WORK_DONE,
  PHASE_CALLING,
  PHASE_QUEUED,
  PHASE_REPLYING,
  PHASE_TRAVELLING,
  PHASE_WORKING,
} from './constants';
import { GatewayMetrics } from './gateway/gateway-metrics';
import { RequestMetrics } from './metrics';
import { RequestTable } from './request-table';
import type { Station } from './station';
import type { Upstream } from './upstream';
import { causeText } from './causes';
import { Tracer } from './trace';
import { Timeline, type EjectionSource } from './timeline';
import { ObserverHub, type SimulationObserver } from './observe/observer';
import { Topology } from './topology';
import {
  buildComponents,
  Clients,
  type Component,
  type ComponentHost,
  type GatewayComponent,
} from './components';
import { FaultInjector } from './fault-injector';
import type { MeshDestination } from './mesh/destination';
import type { MeshRuntime } from './mesh/mesh-runtime';
import { backoffDelay } from './mesh/backoff';
import { callEdges } from './call-edges';
import {
  ANSWERED_LOCALLY,
  EdgeTraffic,
  REACHED,
  REFUSED_BREAKER,
  REFUSED_POOL,
  isTryError,
} from './edge-traffic';

/** Options of a simulation; each overrides the scenario's own value. */
export interface SimulationOptions {
  readonly seed?: number;
  readonly duration?: number;
}

/**
 * One run of one scenario on the discrete-event kernel.
 *
 * A request is a chain of calls. Each call is one try from a caller (the client, or a job at a
 * component) to a callee component: it travels the network, waits for a worker at one instance, is
 * worked on (service time, or the gateway's overhead), may make its own downstream calls, and its
 * reply travels back. The caller applies a `CallPolicy` to each logical call: a per-try timeout, a
 * deadline over all tries and which failures to try again. A caller that stops waiting abandons the
 * call; the callee does not know and goes on working, as a real server does.
 *
 * The simulation is stepped by its owner (`runUntil`), never by a clock of its own.
 */
export class Simulation implements EventHandler, ComponentHost {
  readonly kernel = new Kernel(4096);
  readonly topology: Topology;
  readonly metrics = new RequestMetrics();
  /** The gateway's answers by route, consumer and status (empty without a gateway). */
  readonly gatewayMetrics = new GatewayMetrics();
  /** End of the run, ms. */
  readonly end: number;
  readonly warmup: number;
  /** Every call in flight (its tries and the jobs they are at an instance); for the components. */
  readonly calls = new CallTable(4096);
  /** Every request in flight; for the components. */
  readonly requests = new RequestTable(4096);
  readonly stations: Station[];
  private readonly zeroLatency: boolean;
  /** The instance the next try made should avoid (a retry to another host); -1: none. */
  private retryAvoid = -1;
  /** The destination `retryAvoid` is an endpoint of: a try that fails over elsewhere avoids nothing. */
  private retryAvoidDest = -1;
  /** The spans of the sampled requests. */
  readonly tracer: Tracer;
  /** Tries per edge of the call graph (client, gateway, service to service), as their callers saw them. */
  readonly edgeTraffic: EdgeTraffic;
  /** The run's landmarks (faults, rate steps, breakers opening, ejections), recorded as they happen. */
  readonly timeline = new Timeline();
  /** Whoever watches the run (`observe`): none in a batch run. */
  readonly observers = new ObserverHub();
  /** The mesh's sidecars and destinations; undefined when the mesh is off. */
  readonly mesh: MeshRuntime | undefined;
  /** What each station does with its jobs, by station index (see `components/`). */
  private readonly components: Component[];
  /** 1 for a station whose component takes in arriving calls itself (`Component.accept`). */
  private readonly accepts: Uint8Array;
  /** The gateway's component; undefined without a gateway. */
  private readonly gateway: GatewayComponent | undefined;
  private readonly clients: Clients;
  private readonly faults: FaultInjector;

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions = {},
  ) {
    this.topology = new Topology(scenario, options.seed ?? scenario.seed);
    this.stations = this.topology.stations;
    this.end = options.duration ?? scenario.duration;
    this.warmup = Math.min(scenario.warmup, this.end);
    this.zeroLatency = this.topology.latency.isConstant && this.topology.latency.mean === 0;
    this.tracer = new Tracer(scenario.tracing, this.observers);
    this.mesh = this.topology.mesh;
    this.edgeTraffic = new EdgeTraffic(
      [...scenario.clients.map((c) => c.id), ...this.stations.map((s) => s.id)],
      scenario.clients.length,
      this.stations.length,
      callEdges(scenario, this.topology),
    );
    this.components = buildComponents(this);
    this.accepts = Uint8Array.from(this.components, (component) => (component.accept ? 1 : 0));
    const gateway = this.topology.gateway;
    this.gateway = gateway >= 0 ? (this.components[gateway] as GatewayComponent) : undefined;
    this.clients = new Clients(this);
    this.faults = new FaultInjector(this, scenario, this.gateway);
    this.kernel.setHandler(this);
    this.start();
  }

  /** Current simulated time, ms. */
  get now(): number {
    return this.kernel.now;
  }

  /** True once the run has reached its end. */
  get done(): boolean {
    return this.kernel.now >= this.end;
  }

  /**
   * Runs every event up to `time`; the run covers [0, end), so an event at `end` never runs. With
   * `maxEvents`, at most that many: false when it stopped short of `time` (call again to go on).
   */
  runUntil(time: number, maxEvents = Infinity): boolean {
    return time < this.end
      ? this.kernel.runUntil(time, maxEvents)
      : this.kernel.runBefore(this.end, maxEvents);
  }

  /**
   * Registers `observer` for the notifications it listens to (see `SimulationObserver`), from now on;
   * the function returned unregisters it. Observing never changes the run.
   */
  observe(observer: SimulationObserver): () => void {
    return this.observers.add(observer);
  }

  /** Requests sent after warmup and not yet answered. */
  get inFlight(): number {
    return this.metrics.generated - this.metrics.ok - this.metrics.failed;
  }

  private start(): void {
    const k = this.kernel;
    if (this.warmup > 0) k.at(this.warmup, EV_WARMUP_END);
    this.topology.upstreams.forEach((upstream, i) => {
      const interval = upstream?.health?.active?.interval;
      if (interval) k.at(interval, EV_HEALTH_PROBE, i);
    });
    if (this.mesh) {
      // Outlier detection sweeps every interval from time 0, from the sweep after a destination's first use.
      this.mesh.onDestination = (d) => {
        if (!d.outlier) return;
        const interval = d.policy.outlierDetection!.interval;
        k.at((Math.floor(k.now / interval) + 1) * interval, EV_OUTLIER_TICK, d.index);
      };
    }
    // Faults first: a fault at time t applies to requests arriving at t.
    this.scenario.faults.forEach((fault, i) => {
      k.at(fault.at, EV_FAULT_START, i);
      if (Number.isFinite(fault.for)) k.at(fault.at + fault.for, EV_FAULT_END, i);
    });
    this.clients.start();
  }

  /** Dispatches one kernel event: the table of what each kind of event does. */
  handle(kind: number, a: number, b: number): void {
    switch (kind) {
      case EV_CALL_ARRIVE:
        return this.arrive(a);
      case EV_WORK_DONE:
        return this.workDone(a);
      case EV_REPLY:
        return this.replyArrived(a);
      case EV_ARRIVAL:
        return this.clients.arrival(a);
      case EV_USER_SEND:
        return this.clients.userSends(a, b);
      case EV_PER_TRY_TIMEOUT:
        return this.perTryTimeout(a);
      case EV_DEADLINE:
        return this.deadlinePassed(a);
      case EV_RATE_STEP:
        return this.clients.rateStep(a, b);
      case EV_FAULT_START:
        return this.faults.faultEvent(a, true);
      case EV_FAULT_END:
        return this.faults.faultEvent(a, false);
      case EV_CLIENT_RESEND:
        return this.clients.resend(a);
      case EV_HEALTH_PROBE:
        return this.probe(a);
      case EV_GATEWAY_RESUME:
        return this.gateway!.resume(a);
      case EV_FILTER_TIMER:
        return this.gateway!.timer(a, b);
      case EV_BACKGROUND_DONE:
        return this.backgroundDone(a, b);
      case EV_TRY_START:
        return this.tryStart(a);
      case EV_DISCOVERY:
        return this.faults.registryLearns(a, b >> 1, (b & 1) === 1);
      case EV_OUTLIER_TICK:
        return this.outlierTick(a);
      case EV_WARMUP_END:
        for (const station of this.stations) station.startMeasuring(this.kernel.now);
        return;
    }
  }

  // --- Clients -------------------------------------------------------------------------------

  /** Drops one reference to a request; its trace is finished once the last goes. */
  unrefRequest(request: number): void {
    const r = this.requests;
    if (r.unref(request) && r.trace[request] !== 0) this.tracer.release(r.trace[request]);
  }

  /** Active health checks: probe the targets that are out, then again one interval later. */
  private probe(policy: number): void {
    const upstream = this.topology.upstreams[policy]!;
    const wasIn = upstream.eligible.slice();
    upstream.probe();
    for (let i = 0; i < wasIn.length; i++) {
      if (!wasIn[i] && upstream.eligible[i]) this.targetHealth(upstream.station, i, false);
    }
    this.kernel.after(upstream.health!.active!.interval, EV_HEALTH_PROBE, policy);
  }

  // --- Calls ---------------------------------------------------------------------------------

  /** Starts a logical call from `parent` (a job; -1: the client) into `component`; returns its first try. */
  callInto(parent: number, slot: number, policyIndex: number, request: number, component: number): number {
    if (this.mesh === undefined)
      return this.sendCall(parent, slot, policyIndex, 0, request, component, Infinity, component, 0, -1, 0);
    return this.meshCall(this.mesh, parent, slot, policyIndex, request, component);
  }

  /**
   * Makes one try of a logical call and returns its id. `deadlineAt` carries the deadline of
   * earlier tries; the first try sets it from the policy. With the mesh on, `target` is the
   * component the call is finally for, `local` marks the hop between a workload and its own
   * sidecar, and `dest` the sending sidecar's destination state. A retry waits `backoff` ms first.
   */
  private sendCall(
    parent: number,
    slot: number,
    policyIndex: number,
    tries: number,
    request: number,
    component: number,
    deadlineAt: number,
    target: number,
    local: number,
    dest: number,
    backoff: number,
  ): number {
    const c = this.calls;
    const k = this.kernel;
    const id = c.allocate();
    this.requests.refs[request]++;
    c.parent[id] = parent;
    c.parentGeneration[id] = parent >= 0 ? c.generation[parent] : 0;
    c.request[id] = request;
    c.slot[id] = slot;
    c.policy[id] = policyIndex;
    c.tries[id] = tries;
    c.component[id] = component;
    c.target[id] = target;
    c.local[id] = local;
    c.dest[id] = dest;
    c.home[id] = dest;
    c.cross[id] = this.crosses(parent, request, dest, component);
    if (dest >= 0) this.prepareMeshTry(id);
    c.phase[id] = PHASE_TRAVELLING;
    if (parent >= 0 && local === 0) this.countAttempt(tries);
    const policy = this.topology.policies[policyIndex];
    if (tries === 0 && policy.timeout < Infinity) deadlineAt = k.now + policy.timeout;
    c.deadlineAt[id] = deadlineAt;
    if (this.requests.trace[request] !== 0) this.traceCall(id, parent, tries, backoff);
    if (deadlineAt < Infinity) c.deadlineTimer[id] = k.at(deadlineAt, EV_DEADLINE, id);
    if (backoff > 0) this.delayTry(id, backoff);
    else this.startTry(id);
    return id;
  }

  /**
   * 1 when a try from its caller (the sending sidecar's workload, the parent job's component, or the
   * client) to `component` crosses regions.
   */
  private crosses(parent: number, request: number, dest: number, component: number): number {
    const table = this.topology.crossRegion;
    if (table === undefined) return 0;
    const stations = this.stations.length;
    const from =
      dest >= 0
        ? this.mesh!.destinations[dest].caller
        : parent >= 0
          ? this.calls.component[parent]
          : stations + this.requests.client[request];
    return table[from * stations + component];
  }

  /**
   * The destination a sidecar's try goes to as it starts: the service called while the sidecar knows
   * a healthy endpoint of it, else the first of its failover services that has one (the try is
   * re-addressed there), else the service called all the same.
   */
  private meshDestinationOf(id: number): MeshDestination {
    const c = this.calls;
    const mesh = this.mesh!;
    const home = mesh.destinations[c.home[id]];
    // A call no route took is answered where it is: there is no cluster to fail over from.
    if (home.failover.length === 0 || c.policy[id] === mesh.noRoute) return home;
    const to = home.resolve(this.kernel.now);
    if (to !== home) {
      c.dest[id] = to.index;
      c.component[id] = to.into;
      c.target[id] = to.component;
      c.cross[id] = this.crosses(c.parent[id], c.request[id], to.index, to.into);
      mesh.failovers++;
      if (c.span[id] >= 0) this.traceFailover(id, home.component);
    }
    return to;
  }

  /** Re-addresses a traced try's span to the service it failed over to, with a note saying why. */
  private traceFailover(id: number, from: number): void {
    const c = this.calls;
    const slot = this.requests.trace[c.request[id]];
    this.tracer.retarget(slot, c.span[id], this.stations[c.component[id]].id);
    const note = `failover: no healthy endpoint of ${this.stations[from].id} known to this sidecar; sent to ${this.stations[c.target[id]].id}`;
    this.tracer.note(slot, c.span[id], note);
  }

  /** Counts a try between components (retries apart) in the measured period. */
  private countAttempt(tries: number): void {
    if (this.kernel.now < this.warmup) return;
    this.metrics.attempts++;
    if (tries > 0) this.metrics.retries++;
  }

  /** A retry waits out its backoff before it goes. */
  private delayTry(id: number, backoff: number): void {
    this.calls.phase[id] = PHASE_BACKOFF;
    this.kernel.after(backoff, EV_TRY_START, id);
  }

  /** A sidecar's try starts outside the pool, avoiding the endpoint its retry should avoid. */
  private prepareMeshTry(id: number): void {
    const c = this.calls;
    c.poolHeld[id] = 0;
    c.avoid[id] = this.retryAvoid;
    c.avoidDest[id] = this.retryAvoidDest;
    this.retryAvoid = -1;
    this.retryAvoidDest = -1;
  }

  /** A retry's backoff is over: the try goes, unless its caller gave up meanwhile. */
  private tryStart(id: number): void {
    if (this.calls.abandoned[id]) return this.releaseCall(id);
    this.startTry(id);
  }

  /** Sends a try prepared by `sendCall`: to its instance, or through its sidecar's pool. */
  private startTry(id: number): void {
    const c = this.calls;
    c.leftAt[id] = this.kernel.now;
    // Only a playback counts tries as they leave (its live calls per request); a batch run pays this test.
    if (this.observers.starts.length > 0) this.countEdgeStart(id);
    if (c.dest[id] >= 0) return this.meshDispatch(id, this.meshDestinationOf(id));
    const policy = this.topology.policies[c.policy[id]];
    if (policy.perTryTimeout < Infinity)
      c.tryTimer[id] = this.kernel.after(policy.perTryTimeout, EV_PER_TRY_TIMEOUT, id);
    c.pickedAt[id] = this.kernel.now;
    const instance = c.local[id] === 1 ? this.localInstance(id) : this.pickInstance(id);
    c.instance[id] = instance;
    if (c.span[id] >= 0) this.traceSentTo(id, instance);
    if (instance < 0) this.noHealthyInstance(id);
    else this.hop(EV_CALL_ARRIVE, id);
  }

  /** The instance of a local hop: a workload's own sidecar, or a sidecar's own workload. */
  private localInstance(id: number): number {
    return this.calls.instance[this.calls.parent[id]];
  }

  /** Opens the span of a traced call's try, inside its caller's work (or the request). */
  private traceCall(id: number, parent: number, tries: number, backoff: number): void {
    const c = this.calls;
    const slot = this.requests.trace[c.request[id]];
    const caller =
      parent >= 0
        ? this.stations[c.component[parent]].id
        : this.topology.clients[this.requests.client[c.request[id]]].spec.id;
    const callee = this.stations[c.component[id]].id;
    c.span[id] = this.tracer.call(
      slot,
      parent >= 0 ? c.workSpan[parent] : 0,
      caller,
      callee,
      this.kernel.now,
    );
    if (tries > 0) this.tracer.note(slot, c.span[id], `retry ${tries}`);
    if (backoff > 0) {
      // The wait before the try goes, as a span of its own inside the try's.
      const now = this.kernel.now;
      // Its length says how long: no note (formatting one cost a retry storm's trace a tenth of its time).
      const wait = this.tracer.span(slot, c.span[id], 'backoff', `${caller} backoff`, -1, now);
      this.tracer.end(slot, wait, now + backoff, 0);
    }
  }

  /** Opens the span of a traced call's work at its instance (a sidecar's pass, with the mesh on). */
  private traceWork(id: number, station: Station, instance: number, now: number): void {
    const c = this.calls;
    const slot = this.requests.trace[c.request[id]];
    const kind = this.mesh !== undefined && this.mesh.serviceOf[station.index] >= 0 ? 'sidecar' : 'work';
    c.workSpan[id] = this.tracer.span(slot, c.span[id], kind, station.id, instance, now);
  }

  /** Records on a traced call's span which instance it went to. */
  private traceSentTo(id: number, instance: number): void {
    this.tracer.sentTo(this.requests.trace[this.calls.request[id]], this.calls.span[id], instance);
  }

  /** Ends a traced call's span with what its caller saw. */
  private traceCallEnd(id: number, status: number, cause: number): void {
    const c = this.calls;
    const slot = this.requests.trace[c.request[id]];
    this.tracer.end(slot, c.span[id], this.kernel.now, status, causeText(cause));
  }

  /** Sends a call or a reply over one network hop; with zero latency it is handled at once. */
  private hop(kind: number, call: number, extra = 0): void {
    const c = this.calls;
    let latency = extra;
    if (c.local[call] !== 1) {
      const t = this.topology;
      if (!this.zeroLatency) latency += t.latency.sample(t.latencyDraws);
      if (c.cross[call] === 1) latency += t.crossLatency.sample(t.crossDraws);
    }
    if (latency > 0) this.kernel.after(latency, kind, call);
    else if (kind === EV_CALL_ARRIVE) this.arrive(call);
    else this.replyArrived(call);
  }

  /** A call reaches its instance: its component takes it in itself (a queue), or the station admits it. */
  private arrive(id: number): void {
    const component = this.calls.component[id];
    if (this.accepts[component] === 1) return this.components[component].accept!(id);
    this.admit(id);
  }

  /** A job reaches its instance: it is refused, waits, or starts at once. */
  admit(id: number): void {
    const c = this.calls;
    const now = this.kernel.now;
    const station = this.stations[c.component[id]];
    const instance = c.instance[id];
    const measuring = now >= this.warmup;
    if (measuring) station.arrivals++;
    c.arrivedAt[id] = now;
    if (this.requests.trace[c.request[id]] !== 0) this.traceWork(id, station, instance, now);
    if (!station.up[instance]) {
      if (measuring) station.rejected++;
      return this.replyAtOnce(id, 503, CAUSE_CONNECT);
    }
    if (station.busy[instance] < station.concurrency) {
      station.busy[instance]++;
      station.busyWorkers.add(now, 1);
      this.linkAtInstance(id, station, instance);
      return this.startWork(id, station);
    }
    const queue = station.queues[instance];
    if (queue.length < station.queueLimit) {
      queue.push(id);
      c.phase[id] = PHASE_QUEUED;
      station.waiting.add(now, 1);
      if (measuring) station.waited++;
      this.linkAtInstance(id, station, instance);
      return;
    }
    if (measuring) station.rejected++;
    this.replyAtOnce(id, 503, CAUSE_OVERFLOW);
  }

  /** A worker takes the call: draw its service time (or the gateway's overhead). */
  private startWork(id: number, station: Station): void {
    const c = this.calls;
    const k = this.kernel;
    c.phase[id] = PHASE_WORKING;
    c.holding[id] = 1;
    if (k.now >= this.warmup) {
      station.started++;
      station.waitSum += k.now - c.arrivedAt[id];
    }
    const slot = this.requests.trace[c.request[id]];
    if (slot !== 0) this.tracer.queued(slot, c.workSpan[id], k.now - c.arrivedAt[id]);
    const component = this.components[station.index];
    let duration = component.workTime(id);
    const extra = station.extraLatency[c.instance[id]];
    if (extra) duration += extra.sample(component.times);
    c.workTimer[id] = k.after(duration, EV_WORK_DONE, id);
  }

  /** The work on a job is over: its component decides what follows. */
  private workDone(id: number): void {
    const c = this.calls;
    c.workTimer[id] = -1;
    const station = this.stations[c.component[id]];
    this.components[station.index].workDone(id, station);
  }

  /** A job at an instance is over: free its worker and send the reply. */
  finishJob(id: number, status: number, cause: number): void {
    const c = this.calls;
    const station = this.stations[c.component[id]];
    if (c.holding[id]) this.releaseWorker(id, station);
    const measured = this.kernel.now >= this.warmup;
    if (measured) {
      station.served++;
      station.servedBy[c.instance[id]]++;
    }
    const component = this.components[station.index];
    if (component.jobLeaving !== undefined) component.jobLeaving(id, status, measured);
    this.unlinkAtInstance(id, station, c.instance[id]);
    this.replyAtOnce(id, status, cause);
  }

  /** Sends a call's reply now with `status` and `cause`, over the network hop back to its caller. */
  replyAtOnce(id: number, status: number, cause: number): void {
    const c = this.calls;
    if (c.workSpan[id] >= 0) {
      const slot = this.requests.trace[c.request[id]];
      this.tracer.end(slot, c.workSpan[id], this.kernel.now, status, causeText(cause));
    }
    c.status[id] = status;
    c.cause[id] = cause;
    c.phase[id] = PHASE_REPLYING;
    this.hop(EV_REPLY, id);
  }

  /**
   * A job nobody waits for, at the instance call `id` reached, for the same request: a queue's
   * message, which goes on once the call that brought it is answered. It leaves no reply on the
   * network: its end is where it is.
   */
  detach(id: number): number {
    const c = this.calls;
    const message = c.allocate();
    const request = c.request[id];
    const now = this.kernel.now;
    this.requests.refs[request]++;
    c.parent[message] = -1;
    c.parentGeneration[message] = 0;
    c.request[message] = request;
    c.slot[message] = 0;
    c.policy[message] = c.policy[id];
    c.tries[message] = 0;
    c.component[message] = c.component[id];
    c.instance[message] = c.instance[id];
    c.target[message] = c.component[id];
    c.local[message] = 1;
    c.dest[message] = -1;
    c.home[message] = -1;
    c.cross[message] = 0;
    c.abandoned[message] = 1;
    c.phase[message] = PHASE_TRAVELLING;
    c.leftAt[message] = now;
    c.pickedAt[message] = now;
    // A traced message's work shows inside the call that brought it.
    c.span[message] = c.span[id];
    return message;
  }

  /** Frees the call's worker: background work or the next waiting call takes it, or it goes idle. */
  releaseWorker(id: number, station: Station): void {
    this.calls.holding[id] = 0;
    this.workerFree(station, this.calls.instance[id]);
  }

  /** A worker of `instance` is free: background work first, then the queue's oldest call. */
  private workerFree(station: Station, instance: number): void {
    const now = this.kernel.now;
    const queue = station.queues[instance];
    if (station.background[instance].length > 0) {
      this.startBackground(station, instance);
    } else if (queue.length > 0) {
      station.waiting.add(now, -1);
      this.startWork(queue.shift(), station);
    } else {
      station.busy[instance]--;
      station.busyWorkers.add(now, -1);
    }
  }

  // --- Outcomes, retries and timeouts --------------------------------------------------------

  /** True while the caller of `id` still waits for it (the client always does until it gives up). */
  private callerWaits(id: number): boolean {
    const c = this.calls;
    const parent = c.parent[id];
    return (
      parent < 0 || (c.generation[parent] === c.parentGeneration[id] && c.phase[parent] === PHASE_CALLING)
    );
  }

  /** The instance a new try goes to: through the caller's upstream, or plain round robin. */
  private pickInstance(id: number): number {
    const c = this.calls;
    const upstream = this.topology.upstreams[c.policy[id]];
    return upstream
      ? upstream.pick(this.kernel.now, this.hashKey(c.request[id], upstream))
      : this.stations[c.component[id]].roundRobin();
  }

  /** No healthy instance: the caller answers 503 itself, without a call on the network. */
  private noHealthyInstance(id: number): void {
    const c = this.calls;
    c.status[id] = 503;
    c.cause[id] = CAUSE_NO_UPSTREAM;
    c.phase[id] = PHASE_REPLYING;
    this.replyArrived(id);
  }

  /** False for a POST or PATCH, which proxies do not retry once sent. */
  private isIdempotent(request: number): boolean {
    const r = this.requests;
    return this.topology.clients[r.client[request]].idempotentMix[r.mix[request]] === 1;
  }

  /** Ring-hash key of a request: its route's `hashOn`, else its cache key, else its client. */
  private hashKey(request: number, upstream?: Upstream): number {
    const own = upstream?.hashKeys;
    if (own !== undefined)
      return own.keys[this.requests.client[request] * own.stride + this.requests.mix[request]];
    const key = this.requests.key[request];
    return key >= 0 ? key : this.requests.client[request];
  }

  /** Tells the try's upstream (if its caller balances through one) how the try ended. */
  private tryEnded(id: number, status: number, cause: number): void {
    const c = this.calls;
    this.countEdgeTry(id, status, cause);
    if (c.dest[id] >= 0) return this.meshTryEnded(id, status, cause);
    if (c.local[id] === 1) return;
    const upstream = this.topology.upstreams[c.policy[id]];
    const instance = c.instance[id];
    if (!upstream || instance < 0) return;
    const now = this.kernel.now;
    const wasIn = upstream.eligible[instance];
    upstream.finished(instance, now, now - c.pickedAt[id], status, cause);
    if (wasIn && !upstream.eligible[instance]) this.targetHealth(upstream.station, instance, true);
  }

  /** The gateway's health checks took a target out (or let it back): a landmark of the run. */
  private targetHealth(station: Station, instance: number, out: boolean): void {
    const gateway = this.stations[this.topology.gateway].id;
    if (out) this.timeline.ejected(this.kernel.now, gateway, station.id, instance, 'health-check');
    else this.timeline.returned(this.kernel.now, gateway, station.id, instance, 'health-check');
  }

  /**
   * Counts a try's end on its edge: from the client, or the caller's workload (a sidecar's try is
   * its workload's), to the component it was for. Hops between a workload and its own sidecar, a
   * mirrored copy nobody waits for, and a retry the deadline caught in its backoff (it never left)
   * are no edge's tries.
   */
  private countEdgeTry(id: number, status: number, cause: number): void {
    const c = this.calls;
    const phase = c.phase[id];
    if (phase === PHASE_BACKOFF) return;
    const edge = this.edgeOfTry(id);
    if (edge < 0) return;
    const traffic = this.edgeTraffic;
    const how =
      cause === CAUSE_BREAKER_OPEN
        ? REFUSED_BREAKER
        : cause === CAUSE_POOL_OVERFLOW
          ? REFUSED_POOL
          : cause === CAUSE_FAULT ||
              cause === CAUSE_NO_UPSTREAM ||
              cause === CAUSE_NO_ROUTE ||
              phase === PHASE_POOL_PENDING
            ? ANSWERED_LOCALLY
            : REACHED;
    const timedOutOrReset =
      cause === CAUSE_CONNECT ||
      cause === CAUSE_RESET ||
      cause === CAUSE_PER_TRY_TIMEOUT ||
      cause === CAUSE_DEADLINE;
    const error = isTryError(status, timedOutOrReset);
    const clientError = !error && status >= 400 && status < 500;
    const now = this.kernel.now;
    const latency = now - c.leftAt[id];
    traffic.record(edge, c.tries[id] > 0, error, clientError, how, latency, now >= this.warmup);
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
    const parent = c.parent[id];
    if (c.local[id] === 1 || (parent < 0 && c.dest[id] >= 0)) return -1;
    const traffic = this.edgeTraffic;
    let caller: number;
    if (parent < 0) caller = this.requests.client[c.request[id]];
    else {
      const component = c.component[parent];
      const owner = this.mesh !== undefined ? this.mesh.serviceOf[component] : -1;
      caller = traffic.componentNode(owner >= 0 ? owner : component);
    }
    return traffic.edgeOf(caller, c.target[id]);
  }

  /** Tells the observers of a try leaving its caller on its edge. */
  private countEdgeStart(id: number): void {
    const edge = this.edgeOfTry(id);
    if (edge >= 0) this.observers.tryStarted(edge);
  }

  private replyArrived(id: number): void {
    const c = this.calls;
    if (c.tryTimer[id] >= 0) {
      this.kernel.cancel(c.tryTimer[id]);
      c.tryTimer[id] = -1;
    }
    if (c.abandoned[id]) return this.releaseCall(id);
    if (c.span[id] >= 0) this.traceCallEnd(id, c.status[id], c.cause[id]);
    this.tryEnded(id, c.status[id], c.cause[id]);
    // After the balancer heard of it: a waiting try may go at once, and should see this one done.
    if (c.dest[id] >= 0 && c.poolHeld[id]) this.releasePool(id, true);
    this.outcome(id, c.status[id], c.cause[id]);
    this.releaseCall(id);
  }

  private perTryTimeout(id: number): void {
    const c = this.calls;
    c.tryTimer[id] = -1;
    c.abandoned[id] = 1;
    if (c.span[id] >= 0) this.traceCallEnd(id, 504, CAUSE_PER_TRY_TIMEOUT);
    this.tryEnded(id, 504, CAUSE_PER_TRY_TIMEOUT);
    // Envoy resets the stream: the connection is closed and its pool place freed.
    if (c.dest[id] >= 0 && c.poolHeld[id]) this.releasePool(id, false);
    this.outcome(id, 504, CAUSE_PER_TRY_TIMEOUT);
  }

  private deadlinePassed(id: number): void {
    const c = this.calls;
    c.deadlineTimer[id] = -1;
    if (c.span[id] >= 0)
      this.traceCallEnd(id, this.topology.policies[c.policy[id]].timeoutStatus, CAUSE_DEADLINE);
    if (!c.abandoned[id]) this.tryEnded(id, 504, CAUSE_DEADLINE);
    c.abandoned[id] = 1;
    if (c.tryTimer[id] >= 0) {
      this.kernel.cancel(c.tryTimer[id]);
      c.tryTimer[id] = -1;
    }
    if (c.dest[id] >= 0 && c.poolHeld[id]) this.releasePool(id, false);
    if (!this.callerWaits(id)) return;
    this.deliver(id, this.topology.policies[c.policy[id]].timeoutStatus);
  }

  /** A try ended with `status`: try again if the policy says so, else hand the outcome to the caller. */
  private outcome(id: number, status: number, cause: number): void {
    const c = this.calls;
    if (!this.callerWaits(id)) return this.cancelDeadline(id);
    const policy = this.topology.policies[c.policy[id]];
    this.cancelDeadline(id);
    if (c.tries[id] < policy.attempts && this.retryIfAllowed(id, status, cause)) return;
    this.deliver(id, status);
  }

  /** Sends the next try when the policy retries this outcome before the deadline; false if not. */
  private retryIfAllowed(id: number, status: number, cause: number): boolean {
    const c = this.calls;
    const request = c.request[id];
    const deadlineAt = c.deadlineAt[id];
    const policy = this.topology.policies[c.policy[id]];
    if (!policy.retries(status, cause, this.isIdempotent(request)) || this.kernel.now >= deadlineAt)
      return false;
    // A sidecar's retry starts again from the service called (it may fail over, or back).
    const dest = c.dest[id] >= 0 ? c.home[id] : -1;
    let backoff = 0;
    if (dest >= 0) {
      const d = this.mesh!.destinations[dest];
      if (!this.meshRetryAllowed(d)) return false;
      const retries = d.policy.retries;
      backoff = backoffDelay(
        c.tries[id] + 1,
        retries.backoff.base,
        retries.backoff.max,
        this.mesh!.backoffDraws(),
      );
    }
    const parent = c.parent[id];
    const home = dest >= 0 ? this.mesh!.destinations[dest] : undefined;
    if (home?.policy.retries.otherHost) {
      this.retryAvoid = c.instance[id];
      this.retryAvoidDest = c.dest[id];
    }
    const next = this.sendCall(
      parent,
      c.slot[id],
      c.policy[id],
      c.tries[id] + 1,
      request,
      home ? home.into : c.component[id],
      deadlineAt,
      home ? home.component : c.target[id],
      c.local[id],
      dest,
      backoff,
    );
    if (parent < 0) this.requests.root[request] = next;
    return true;
  }

  /** Hands a logical call's final status to whoever made it. */
  private deliver(id: number, status: number): void {
    const c = this.calls;
    const parent = c.parent[id];
    if (c.dest[id] >= 0 && this.meshCallDone(id)) return;
    if (parent < 0) this.clients.answered(c.request[id], status, c.retryAfterMs[id]);
    else this.components[c.component[parent]].childDone(parent, c.slot[id], status);
  }

  private cancelDeadline(id: number): void {
    const c = this.calls;
    if (c.deadlineTimer[id] >= 0) {
      this.kernel.cancel(c.deadlineTimer[id]);
      c.deadlineTimer[id] = -1;
    }
  }

  private releaseCall(id: number): void {
    const c = this.calls;
    if (c.deadlineTimer[id] >= 0) this.kernel.cancel(c.deadlineTimer[id]);
    if (c.tryTimer[id] >= 0) this.kernel.cancel(c.tryTimer[id]);
    this.unrefRequest(c.request[id]);
    c.release(id);
  }

  // --- The mesh ------------------------------------------------------------------------------

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
    const c = this.calls;
    const callerComponent = parent >= 0 ? c.component[parent] : -1;
    const sidecarOf = callerComponent >= 0 ? mesh.serviceOf[callerComponent] : -1;
    if (sidecarOf >= 0) {
      // The caller is a sidecar: inbound to its own workload, or outbound across the mesh.
      if (c.target[parent] === sidecarOf)
        return this.sendCall(
          parent,
          slot,
          mesh.passthrough,
          0,
          request,
          sidecarOf,
          Infinity,
          sidecarOf,
          1,
          -1,
          0,
        );
      return this.meshOutbound(mesh, parent, slot, request, sidecarOf, c.target[parent]);
    }
    const own = callerComponent >= 0 ? mesh.proxyOf[callerComponent] : -1;
    if (own >= 0)
      return this.sendCall(parent, slot, policyIndex, 0, request, own, Infinity, component, 1, -1, 0);
    // North-south traffic reaches the gateway itself; only east-west calls enter through sidecars.
    const gateway = component === this.topology.gateway;
    const into = mesh.proxyOf[component] >= 0 && !gateway ? mesh.proxyOf[component] : component;
    return this.sendCall(parent, slot, policyIndex, 0, request, into, Infinity, component, 0, -1, 0);
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
    const c = this.calls;
    const instance = c.instance[parent];
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
    return this.sendCall(parent, slot, policyIndex, 0, request, into, Infinity, target, 0, dest, 0);
  }

  /** A sidecar's try goes, if its breaker, injected faults and connection pool let it. */
  private meshDispatch(id: number, d: MeshDestination): void {
    const mesh = this.mesh!;
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
      if (d.pending.length < d.policy.connectionPool.maxPendingRequests) {
        this.calls.phase[id] = PHASE_POOL_PENDING;
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
    const mesh = this.mesh!;
    const now = this.kernel.now;
    d.active++;
    // Retries and the budget are the logical call's, counted at the service it called.
    const home = mesh.destinations[c.home[id]];
    if (c.tries[id] > 0) home.retriesActive++;
    else home.budget?.requestStarted(now);
    c.poolHeld[id] = 1;
    const policy = this.topology.policies[c.policy[id]];
    if (policy.perTryTimeout < Infinity)
      c.tryTimer[id] = this.kernel.after(policy.perTryTimeout, EV_PER_TRY_TIMEOUT, id);
    const avoid = c.avoidDest[id] === d.index ? c.avoid[id] : -1;
    c.pickedAt[id] = now;
    const instance = d.pick(now, this.hashKey(c.request[id]), avoid);
    c.instance[id] = instance;
    if (c.span[id] >= 0) this.traceSentTo(id, instance);
    if (instance < 0) return this.noHealthyInstance(id);
    let extra = 0;
    const delay = this.meshFault(mesh, c.policy[id], d)?.delay;
    if (delay && mesh.faultDraws() * 100 < delay.percentage) {
      mesh.faultsInjected++;
      extra += delay.fixedDelay;
    }
    c.connEpoch[id] = -1;
    // A connection to a dead pod is refused at TCP connect, before any TLS: the try fails where it arrives.
    if (mesh.encrypted[d.component] === 1 && this.stations[d.into].up[instance] === 1) {
      const epoch = this.certificateEpoch(mesh, now);
      c.connEpoch[id] = epoch;
      if (!d.takeConnection(instance, now, mesh.spec.mtls.idleTimeout, epoch)) {
        // A new connection: the TLS handshake, and the round trip it needs, before the request.
        const handshake = mesh.handshake.sample(mesh.mtlsDraws);
        if (now >= this.warmup) mesh.handshakeMs += handshake;
        const t = this.topology;
        let setup = handshake + (this.zeroLatency ? 0 : 2 * t.latency.sample(t.latencyDraws));
        if (c.cross[id] === 1) setup += 2 * t.crossLatency.sample(t.crossDraws);
        if (setup > d.policy.connectTimeout) return this.connectTimedOut(id, d.policy.connectTimeout);
        extra += setup;
      }
    }
    this.hop(EV_CALL_ARRIVE, id, extra);
  }

  /** The faults of a try: its route's when its call took a route, else its destination policy's. */
  private meshFault(mesh: MeshRuntime, policy: number, d: MeshDestination): MeshFault | undefined {
    const own = mesh.routeFaults[policy];
    return own === undefined ? d.policy.fault : (own ?? undefined);
  }

  /** Setting up the connection took longer than `connectTimeout`: the try fails then, as a connect failure. */
  private connectTimedOut(id: number, after: number): void {
    const c = this.calls;
    c.status[id] = 503;
    c.cause[id] = CAUSE_CONNECT;
    c.connEpoch[id] = -1;
    c.phase[id] = PHASE_REPLYING;
    this.kernel.after(after, EV_REPLY, id);
  }

  /** Certificates rotate every `rotation` ms; connections made under an older one are closed. */
  private certificateEpoch(mesh: MeshRuntime, now: number): number {
    const rotation = mesh.spec.mtls.rotation;
    return rotation < Infinity ? Math.floor(now / rotation) : 0;
  }

  /** A sidecar answers a try itself, without a call on the network. */
  private answerLocally(id: number, status: number, cause: number): void {
    const c = this.calls;
    c.status[id] = status;
    c.cause[id] = cause;
    c.phase[id] = PHASE_REPLYING;
    this.replyArrived(id);
  }

  /** The try's place in the pool is free: its connection goes back idle if it is reusable. */
  private releasePool(id: number, reusable: boolean): void {
    const c = this.calls;
    const d = this.mesh!.destinations[c.dest[id]];
    const now = this.kernel.now;
    c.poolHeld[id] = 0;
    d.active--;
    if (c.tries[id] > 0) {
      const home = this.mesh!.destinations[c.home[id]];
      home.retriesActive--;
      home.budget?.retryEnded(now);
    }
    const instance = c.instance[id];
    const cause = c.cause[id];
    if (reusable && c.connEpoch[id] >= 0 && instance >= 0 && cause !== CAUSE_CONNECT && cause !== CAUSE_RESET)
      d.returnConnection(instance, now, c.connEpoch[id]);
    while (d.pending.length > 0 && d.active < d.maxActive) {
      const next = d.pending.shift();
      // A waiting try whose caller gave up is dropped here, where it is finally let go of.
      if (c.abandoned[next]) this.releaseCall(next);
      else this.meshSend(next, d);
    }
  }

  /** A sidecar's call is over; true for a mirrored copy, whose answer nobody waits for. */
  private meshCallDone(id: number): boolean {
    this.mesh!.destinations[this.calls.home[id]].budget?.requestEnded(this.kernel.now);
    return this.calls.parent[id] < 0;
  }

  /** Whether the destination's retry limits let one more retry go now. */
  private meshRetryAllowed(d: MeshDestination): boolean {
    if (d.retriesActive >= d.policy.connectionPool.maxRetries) {
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
    const mesh = this.mesh!;
    const d = mesh.destinations[c.dest[id]];
    const now = this.kernel.now;
    const instance = c.instance[id];
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
        this.finishedWatched(d, instance, now, now - c.pickedAt[id], status, locallyOriginated);
      else d.finished(instance, now, now - c.pickedAt[id], status, locallyOriginated);
    }
    const parent = c.parent[id];
    if (now < this.warmup || parent < 0) return; // a mirrored copy is not an edge's traffic
    const from = mesh.serviceOf[c.component[parent]];
    const edge = mesh.edge(from, c.target[id], this.stations);
    edge.tries++;
    if (failed) edge.errors++;
    edge.latency.record(now - c.leftAt[id]);
  }

  /** A try no route took: its sidecar's own 404, on the edge from its caller to the service called. */
  private meshNoRouteEnded(id: number): void {
    const c = this.calls;
    const mesh = this.mesh!;
    const now = this.kernel.now;
    const parent = c.parent[id];
    if (now < this.warmup || parent < 0) return;
    const edge = mesh.edge(mesh.serviceOf[c.component[parent]], c.target[id], this.stations);
    edge.tries++;
    edge.noRoute++;
    edge.latency.record(now - c.leftAt[id]);
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
  private outlierTick(destination: number): void {
    const d = this.mesh!.destinations[destination];
    const out = d.outlier!.ejectedCount > 0 ? d.outlier!.ejected.slice() : undefined;
    d.outlier!.tick(this.kernel.now);
    if (out) {
      for (let h = 0; h < out.length; h++)
        if (out[h] && !d.outlier!.ejected[h]) this.meshEjection(d, h, 'outlier-detection', -1);
    }
    this.kernel.after(d.policy.outlierDetection!.interval, EV_OUTLIER_TICK, destination);
  }

  // --- Background work -----------------------------------------------------------------------

  /**
   * `ms` of work an instance does off any request's path (a log batch being sent). It takes a free
   * worker at once, or the next one to free up, ahead of the calls waiting in the queue: an event
   * loop runs its due timers before it reads the next request.
   */
  background(component: number, instance: number, ms: number): void {
    const station = this.stations[component];
    if (!station.up[instance]) return;
    station.background[instance].push(ms);
    if (station.busy[instance] < station.concurrency) {
      station.busy[instance]++;
      station.busyWorkers.add(this.kernel.now, 1);
      this.startBackground(station, instance);
    }
  }

  /** A worker already counted busy takes the oldest piece of background work. */
  private startBackground(station: Station, instance: number): void {
    const ms = station.background[instance].shift()!;
    // The event carries the instance's life: a crash in between frees the worker, not this event.
    const life = station.lives[instance] * station.instances + instance;
    this.kernel.after(ms, EV_BACKGROUND_DONE, station.index, life);
  }

  private backgroundDone(component: number, life: number): void {
    const station = this.stations[component];
    const instance = life % station.instances;
    if ((life - instance) / station.instances === station.lives[instance]) this.workerFree(station, instance);
  }

  // --- Instances: presence lists and faults --------------------------------------------------

  private linkAtInstance(id: number, station: Station, instance: number): void {
    const c = this.calls;
    const head = station.firstJob[instance];
    c.prevAtInstance[id] = -1;
    c.nextAtInstance[id] = head;
    if (head >= 0) c.prevAtInstance[head] = id;
    station.firstJob[instance] = id;
  }

  private unlinkAtInstance(id: number, station: Station, instance: number): void {
    const c = this.calls;
    const prev = c.prevAtInstance[id];
    const next = c.nextAtInstance[id];
    if (prev >= 0) c.nextAtInstance[prev] = next;
    else if (station.firstJob[instance] === id) station.firstJob[instance] = next;
    if (next >= 0) c.prevAtInstance[next] = prev;
    c.prevAtInstance[id] = -1;
    c.nextAtInstance[id] = -1;
  }
}
