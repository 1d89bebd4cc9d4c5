import { Kernel, type EventHandler } from '../engine';
import type { Scenario } from '../scenario/types';
import { InFlight } from './in-flight';
import { NextTry } from './next-try';
import {
  CAUSE_CONNECT,
  CAUSE_DEADLINE,
  CAUSE_NO_UPSTREAM,
  CAUSE_OVERFLOW,
  CAUSE_PER_TRY_TIMEOUT,
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
import { Tracer } from './trace';
import { Timeline } from './timeline';
import { ObserverHub, type SimulationObserver } from './observe/observer';
import { Topology } from './topology';
import { buildComponents, Clients, type Component, type GatewayComponent } from './components';
import { FaultInjector } from './fault-injector';
import { CallSpans } from './call-spans';
import { TryEdges } from './try-edges';
import {
  backgroundInstance,
  backgroundLife,
  backgroundPayload,
  discoveredInstance,
  discoveredUp,
} from './event-payloads';
import { DirectRoute } from './routes/direct-route';
import { MeshRoute } from './routes/mesh-route';
import type { RouteHost, TryRoute } from './routes/route';
import type { MeshRuntime } from './mesh/mesh-runtime';
import { callEdges } from './call-edges';
import { EdgeTraffic } from './edge-traffic';

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
export class Simulation implements EventHandler, RouteHost {
  readonly kernel = new Kernel(4096);
  readonly topology: Topology;
  /** What the clients saw after warmup: an observer every run has, told directly (no hub). */
  readonly metrics: RequestMetrics;
  /** The gateway's answers by route, consumer and status (empty without a gateway). */
  readonly gatewayMetrics = new GatewayMetrics();
  /** End of the run, ms. */
  readonly end: number;
  readonly warmup: number;
  /** The ids of the tries in flight, each with the logical call it carries and its job at the callee. */
  readonly rows = new InFlight(4096);
  /** Every logical call in flight, by the id of the try that carries it; for the components. */
  readonly calls = this.rows.calls;
  /** Every try in flight, by id; for the components. */
  readonly tries = this.rows.tries;
  /** Every job in flight, by the id of the try it does the work of; for the components. */
  readonly jobs = this.rows.jobs;
  /** The try `sendCall` makes next, filled by name by whoever sends it: one, reused for every try. */
  readonly nextTry = new NextTry(this.calls, this.tries);
  /** Every request in flight; for the components. */
  readonly requests = new RequestTable(4096);
  readonly stations: Station[];
  /** True when no hop has any network latency. */
  readonly zeroLatency: boolean;
  /** False when no hop takes any time on the network (no latency, no regions to cross): `hop` draws nothing. */
  private readonly network: boolean;
  /** The spans of the sampled requests, as `spans` records them. */
  readonly tracer: Tracer;
  /** The tracer as the run's observer: told of the sampled requests' events, directly (no hub). */
  readonly spans: CallSpans;
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
  /** Counts each try on its edge of the call graph. */
  private readonly tryEdges: TryEdges;
  /** The route of tries without a sidecar's destination: upstreams, round robin, local hops. */
  private readonly direct: DirectRoute;
  /** The route of a sidecar's tries; undefined when the mesh is off. */
  private readonly meshRoute: MeshRoute | undefined;

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions = {},
  ) {
    this.topology = new Topology(scenario, options.seed ?? scenario.seed);
    this.stations = this.topology.stations;
    this.end = options.duration ?? scenario.duration;
    this.warmup = Math.min(scenario.warmup, this.end);
    this.metrics = new RequestMetrics(this.warmup);
    this.zeroLatency = this.topology.latency.isConstant && this.topology.latency.mean === 0;
    this.network = !this.zeroLatency || this.topology.crossRegion !== undefined;
    this.tracer = new Tracer(scenario.tracing, this.observers);
    this.mesh = this.topology.mesh;
    this.edgeTraffic = new EdgeTraffic(
      [...scenario.clients.map((c) => c.id), ...this.stations.map((s) => s.id)],
      scenario.clients.length,
      this.stations.length,
      callEdges(scenario, this.topology),
    );
    this.spans = new CallSpans(this, this.tracer);
    this.tryEdges = new TryEdges(this, this.edgeTraffic);
    this.direct = new DirectRoute(this);
    this.meshRoute = this.mesh ? new MeshRoute(this, this.mesh) : undefined;
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

  /**
   * Dispatches one kernel event: the table of what each kind of event does. The kinds of every
   * request come first and the others apart (`handleOther`), so that this stays small enough for the
   * JIT to inline into the kernel's loop: one call less per event.
   */
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
      default:
        return this.handleOther(kind, a, b);
    }
  }

  /** Dispatches the kinds of event `handle` leaves out: timers, faults, the mesh's and the gateway's. */
  private handleOther(kind: number, a: number, b: number): void {
    switch (kind) {
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
        return this.direct.probe(a);
      case EV_GATEWAY_RESUME:
        return this.gateway!.resume(a);
      case EV_FILTER_TIMER:
        return this.gateway!.timer(a, b);
      case EV_BACKGROUND_DONE:
        return this.backgroundDone(a, b);
      case EV_TRY_START:
        return this.tryStart(a);
      case EV_DISCOVERY:
        return this.faults.registryLearns(a, discoveredInstance(b), discoveredUp(b));
      case EV_OUTLIER_TICK:
        return this.meshRoute!.outlierTick(a);
      case EV_WARMUP_END:
        for (const station of this.stations) station.startMeasuring(this.kernel.now);
        return;
    }
  }

  // --- Clients -------------------------------------------------------------------------------

  /** Drops one reference to a request; its trace is finished once the last goes. */
  unrefRequest(request: number): void {
    const r = this.requests;
    if (r.unref(request) && r.trace[request] !== 0) this.spans.requestReleased(request);
  }

  // --- Calls ---------------------------------------------------------------------------------

  /** Starts a logical call from `parent` (a job; -1: the client) into `component`; returns its first try. */
  callInto(parent: number, slot: number, policyIndex: number, request: number, component: number): number {
    // Without the mesh a call opens straight on the direct route: one call less on the hot path.
    if (this.meshRoute === undefined)
      return this.sendCall(this.nextTry.call(parent, slot, policyIndex, request, component));
    return this.meshRoute.open(parent, slot, policyIndex, request, component);
  }

  /**
   * Makes the try `next` describes and returns its id: a first try sets the call's deadline from its
   * policy, a retry carries the one of the tries before; a retry waits out its backoff first.
   */
  sendCall(next: NextTry): number {
    const c = this.calls;
    const t = this.tries;
    const k = this.kernel;
    // Read through before the try starts: what it starts may fill `next` again.
    const { parent, request, tries, component, local, dest, backoff } = next;
    const id = this.rows.allocate();
    this.requests.refs[request]++;
    c.parent[id] = parent;
    c.parentGeneration[id] = parent >= 0 ? this.jobs.generation[parent] : 0;
    c.request[id] = request;
    c.slot[id] = next.slot;
    c.policy[id] = next.policy;
    c.tries[id] = tries;
    t.component[id] = component;
    t.target[id] = next.target;
    t.local[id] = local;
    t.dest[id] = dest;
    c.home[id] = dest;
    t.cross[id] = this.crosses(parent, request, dest, component);
    if (dest >= 0) {
      // A sidecar's try starts outside the pool, avoiding the endpoint its retry should avoid.
      t.poolHeld[id] = 0;
      t.avoid[id] = next.avoid;
      t.avoidDest[id] = next.avoidDest;
    }
    t.phase[id] = PHASE_TRAVELLING;
    if (parent >= 0 && local === 0) this.metrics.tryForwarded(tries, k.now);
    const policy = this.topology.policies[next.policy];
    const deadlineAt = tries === 0 && policy.timeout < Infinity ? k.now + policy.timeout : next.deadlineAt;
    c.deadlineAt[id] = deadlineAt;
    if (this.requests.trace[request] !== 0)
      this.spans.tryOpened(id, request, parent, component, tries, backoff);
    if (deadlineAt < Infinity) t.deadlineTimer[id] = k.at(deadlineAt, EV_DEADLINE, id);
    if (backoff > 0) this.delayTry(id, backoff);
    else this.startTry(id);
    return id;
  }

  /**
   * 1 when a try from its caller (the sending sidecar's workload, the parent job's component, or the
   * client) to `component` crosses regions.
   */
  crosses(parent: number, request: number, dest: number, component: number): number {
    const table = this.topology.crossRegion;
    if (table === undefined) return 0;
    const stations = this.stations.length;
    const from =
      dest >= 0
        ? this.mesh!.destinations[dest].caller
        : parent >= 0
          ? this.tries.component[parent]
          : stations + this.requests.client[request];
    return table[from * stations + component];
  }

  /** A retry waits out its backoff before it goes. */
  private delayTry(id: number, backoff: number): void {
    this.tries.phase[id] = PHASE_BACKOFF;
    this.kernel.after(backoff, EV_TRY_START, id);
  }

  /** A retry's backoff is over: the try goes, unless its caller gave up meanwhile. */
  private tryStart(id: number): void {
    if (this.tries.abandoned[id]) return this.releaseCall(id);
    this.startTry(id);
  }

  /** Sends a try prepared by `sendCall`: its route takes it from here. */
  private startTry(id: number): void {
    this.tries.leftAt[id] = this.kernel.now;
    // Only a playback counts tries as they leave (its live calls per request); a batch run pays this test.
    if (this.observers.starts.length > 0) this.tryEdges.started(id);
    // The try's route called by name: two monomorphic call sites on the hot path, not one shared.
    if (this.tries.dest[id] >= 0) this.meshRoute!.send(id);
    else this.direct.send(id);
  }

  /** Arms the try's per-try timer when its policy has one, as the try reaches its endpoint. */
  armTryTimer(id: number): void {
    const policy = this.topology.policies[this.calls.policy[id]];
    if (policy.perTryTimeout < Infinity)
      this.tries.tryTimer[id] = this.kernel.after(policy.perTryTimeout, EV_PER_TRY_TIMEOUT, id);
  }

  /** Sends a call or a reply over one network hop; with zero latency it is handled at once. */
  hop(kind: number, call: number, extra = 0): void {
    let latency = extra;
    if (this.network && this.tries.local[call] !== 1)
      latency = this.topology.hopLatency(latency, this.tries.cross[call], this.zeroLatency);
    if (latency > 0) this.kernel.after(latency, kind, call);
    else if (kind === EV_CALL_ARRIVE) this.arrive(call);
    else this.replyArrived(call);
  }

  /** A call reaches its instance: its component takes it in itself (a queue), or the station admits it. */
  private arrive(id: number): void {
    const component = this.tries.component[id];
    if (this.accepts[component] === 1) return this.components[component].accept!(id);
    this.admit(id);
  }

  /** A job reaches its instance: it is refused, waits, or starts at once. */
  admit(id: number): void {
    const c = this.calls;
    const t = this.tries;
    const j = this.jobs;
    const now = this.kernel.now;
    const station = this.stations[t.component[id]];
    const instance = t.instance[id];
    const measuring = now >= this.warmup;
    if (measuring) station.arrivals++;
    j.arrivedAt[id] = now;
    if (this.requests.trace[c.request[id]] !== 0)
      this.spans.jobAdmitted(id, c.request[id], station.index, instance);
    if (!station.up[instance]) {
      if (measuring) station.rejected++;
      return this.replyAtOnce(id, 503, CAUSE_CONNECT);
    }
    if (station.busy[instance] < station.concurrency) {
      station.busy[instance]++;
      station.busyWorkers.add(now, 1);
      if (this.faults.crashes) this.jobs.link(id, station.firstJob, instance);
      return this.startWork(id, station);
    }
    const queue = station.queues[instance];
    if (queue.length < station.queueLimit) {
      queue.push(id);
      t.phase[id] = PHASE_QUEUED;
      station.waiting.add(now, 1);
      if (measuring) station.waited++;
      if (this.faults.crashes) this.jobs.link(id, station.firstJob, instance);
      return;
    }
    if (measuring) station.rejected++;
    this.replyAtOnce(id, 503, CAUSE_OVERFLOW);
  }

  /** A worker takes the call: draw its service time (or the gateway's overhead). */
  private startWork(id: number, station: Station): void {
    const c = this.calls;
    const t = this.tries;
    const j = this.jobs;
    const k = this.kernel;
    t.phase[id] = PHASE_WORKING;
    j.holding[id] = 1;
    if (k.now >= this.warmup) {
      station.started++;
      station.waitSum += k.now - j.arrivedAt[id];
    }
    const request = c.request[id];
    if (this.requests.trace[request] !== 0) this.spans.workStarted(id, request, k.now - j.arrivedAt[id]);
    const component = this.components[station.index];
    let duration = component.workTime(id);
    const extra = station.extraLatency[t.instance[id]];
    if (extra) duration += extra.sample(component.times);
    j.workTimer[id] = k.after(duration, EV_WORK_DONE, id);
  }

  /** The work on a job is over: its component decides what follows. */
  private workDone(id: number): void {
    const t = this.tries;
    this.jobs.workTimer[id] = -1;
    const station = this.stations[t.component[id]];
    this.components[station.index].workDone(id, station);
  }

  /** A job at an instance is over: free its worker and send the reply. */
  finishJob(id: number, status: number, cause: number): void {
    const t = this.tries;
    const j = this.jobs;
    const station = this.stations[t.component[id]];
    if (j.holding[id]) this.releaseWorker(id, station);
    const measured = this.kernel.now >= this.warmup;
    if (measured) {
      station.served++;
      station.servedBy[t.instance[id]]++;
    }
    const component = this.components[station.index];
    if (component.jobLeaving !== undefined) component.jobLeaving(id, status, measured);
    if (this.faults.crashes) this.jobs.unlink(id, station.firstJob, t.instance[id]);
    this.replyAtOnce(id, status, cause);
  }

  /** Sends a call's reply now with `status` and `cause`, over the network hop back to its caller. */
  replyAtOnce(id: number, status: number, cause: number): void {
    const c = this.calls;
    const t = this.tries;
    if (this.jobs.workSpan[id] >= 0) this.spans.jobAnswered(id, c.request[id], status, cause);
    t.status[id] = status;
    t.cause[id] = cause;
    t.phase[id] = PHASE_REPLYING;
    this.hop(EV_REPLY, id);
  }

  /**
   * A job nobody waits for, at the instance call `id` reached, for the same request: a queue's
   * message, which goes on once the call that brought it is answered. It leaves no reply on the
   * network: its end is where it is.
   */
  detach(id: number): number {
    const c = this.calls;
    const t = this.tries;
    const message = this.rows.allocate();
    const request = c.request[id];
    const now = this.kernel.now;
    this.requests.refs[request]++;
    c.parent[message] = -1;
    c.parentGeneration[message] = 0;
    c.request[message] = request;
    c.slot[message] = 0;
    c.policy[message] = c.policy[id];
    c.tries[message] = 0;
    c.deadlineAt[message] = Infinity;
    t.component[message] = t.component[id];
    t.instance[message] = t.instance[id];
    t.target[message] = t.component[id];
    t.local[message] = 1;
    t.dest[message] = -1;
    c.home[message] = -1;
    t.cross[message] = 0;
    t.abandoned[message] = 1;
    t.phase[message] = PHASE_TRAVELLING;
    t.leftAt[message] = now;
    t.pickedAt[message] = now;
    if (t.span[id] >= 0) this.spans.jobDetached(message, id);
    return message;
  }

  /** Frees the call's worker: background work or the next waiting call takes it, or it goes idle. */
  releaseWorker(id: number, station: Station): void {
    this.jobs.holding[id] = 0;
    this.workerFree(station, this.tries.instance[id]);
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
    const t = this.tries;
    const j = this.jobs;
    const parent = c.parent[id];
    return (
      parent < 0 || (j.generation[parent] === c.parentGeneration[id] && t.phase[parent] === PHASE_CALLING)
    );
  }

  /** No healthy instance: the caller answers 503 itself, without a call on the network. */
  noHealthyInstance(id: number): void {
    const t = this.tries;
    t.status[id] = 503;
    t.cause[id] = CAUSE_NO_UPSTREAM;
    t.phase[id] = PHASE_REPLYING;
    this.replyArrived(id);
  }

  /** False for a POST or PATCH, which proxies do not retry once sent. */
  private isIdempotent(request: number): boolean {
    const r = this.requests;
    return this.topology.clients[r.client[request]].idempotentMix[r.mix[request]] === 1;
  }

  /** Counts a try's end on its edge and tells its route how it ended. */
  private tryEnded(id: number, status: number, cause: number): void {
    this.tryEdges.ended(id, status, cause);
    if (this.tries.dest[id] >= 0) this.meshRoute!.tryEnded(id, status, cause);
    else this.direct.tryEnded(id, status, cause);
  }

  /** The try's reply is back (or answered where it is): timers, the route, then the outcome. */
  replyArrived(id: number): void {
    const t = this.tries;
    if (t.tryTimer[id] >= 0) {
      this.kernel.cancel(t.tryTimer[id]);
      t.tryTimer[id] = -1;
    }
    if (t.abandoned[id]) return this.releaseCall(id);
    if (t.span[id] >= 0) this.spans.tryEnded(id, this.calls.request[id], t.status[id], t.cause[id]);
    this.tryEnded(id, t.status[id], t.cause[id]);
    // After the balancer heard of it: a waiting try may go at once, and should see this one done.
    if (this.tries.dest[id] >= 0) this.meshRoute!.release(id, true);
    this.outcome(id, t.status[id], t.cause[id]);
    this.releaseCall(id);
  }

  private perTryTimeout(id: number): void {
    const t = this.tries;
    t.tryTimer[id] = -1;
    t.abandoned[id] = 1;
    if (t.span[id] >= 0) this.spans.tryEnded(id, this.calls.request[id], 504, CAUSE_PER_TRY_TIMEOUT);
    this.tryEnded(id, 504, CAUSE_PER_TRY_TIMEOUT);
    // Envoy resets the stream: the connection is closed and its pool place freed.
    if (t.dest[id] >= 0) this.meshRoute!.release(id, false);
    this.outcome(id, 504, CAUSE_PER_TRY_TIMEOUT);
  }

  private deadlinePassed(id: number): void {
    const c = this.calls;
    const t = this.tries;
    t.deadlineTimer[id] = -1;
    if (t.span[id] >= 0) {
      const status = this.topology.policies[c.policy[id]].timeoutStatus;
      this.spans.tryEnded(id, c.request[id], status, CAUSE_DEADLINE);
    }
    if (!t.abandoned[id]) this.tryEnded(id, 504, CAUSE_DEADLINE);
    t.abandoned[id] = 1;
    if (t.tryTimer[id] >= 0) {
      this.kernel.cancel(t.tryTimer[id]);
      t.tryTimer[id] = -1;
    }
    if (t.dest[id] >= 0) this.meshRoute!.release(id, false);
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
    const policy = this.topology.policies[c.policy[id]];
    if (!policy.retries(status, cause, this.isIdempotent(request)) || this.kernel.now >= c.deadlineAt[id])
      return false;
    // The try's route: its sidecar's destination when it has one, else the direct one.
    const route: TryRoute = this.tries.dest[id] >= 0 ? this.meshRoute! : this.direct;
    if (!route.retryAllowed(id)) return false;
    const next = route.retry(id, route.backoff(id));
    if (c.parent[id] < 0) this.requests.root[request] = next;
    return true;
  }

  /** Hands a logical call's final status to whoever made it. */
  private deliver(id: number, status: number): void {
    const c = this.calls;
    const t = this.tries;
    const parent = c.parent[id];
    if (t.dest[id] >= 0 && this.meshRoute!.callEnded(id)) return;
    if (parent < 0) this.clients.answered(c.request[id], status, t.retryAfterMs[id]);
    else this.components[t.component[parent]].childDone(parent, c.slot[id], status);
  }

  private cancelDeadline(id: number): void {
    const t = this.tries;
    if (t.deadlineTimer[id] >= 0) {
      this.kernel.cancel(t.deadlineTimer[id]);
      t.deadlineTimer[id] = -1;
    }
  }

  /** Lets a try's row go, with its timers and its hold on the request. */
  releaseCall(id: number): void {
    const c = this.calls;
    const t = this.tries;
    if (t.deadlineTimer[id] >= 0) this.kernel.cancel(t.deadlineTimer[id]);
    if (t.tryTimer[id] >= 0) this.kernel.cancel(t.tryTimer[id]);
    this.unrefRequest(c.request[id]);
    this.rows.release(id);
  }

  // --- The mesh ------------------------------------------------------------------------------

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
    const payload = backgroundPayload(station.lives[instance], station.instances, instance);
    this.kernel.after(ms, EV_BACKGROUND_DONE, station.index, payload);
  }

  private backgroundDone(component: number, payload: number): void {
    const station = this.stations[component];
    const instance = backgroundInstance(payload, station.instances);
    if (backgroundLife(payload, station.instances) === station.lives[instance])
      this.workerFree(station, instance);
  }
}
