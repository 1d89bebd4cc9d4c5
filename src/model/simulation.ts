import { Kernel, Sampler, type EventHandler } from '../engine';
import type { FaultSpec, Scenario } from '../scenario/types';
import { CallTable } from './call-table';
import {
  CAUSE_APP,
  CAUSE_CONNECT,
  CAUSE_DEADLINE,
  CAUSE_GATEWAY,
  CAUSE_NO_UPSTREAM,
  CAUSE_NONE,
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
import { CredentialState, drawCredential } from './gateway/credential';
import { FILTER_PASS, type FilterStep, type GatewayEffects, type GatewayFilter } from './gateway-filter';
import { GatewayMetrics } from './gateway/gateway-metrics';
import { RequestMetrics } from './metrics';
import { RequestTable } from './request-table';
import type { Station } from './station';
import { causeText } from './causes';
import { Tracer } from './trace';
import { Topology, type ClientRuntime, type GatewayBehaviour, type ServiceBehaviour } from './topology';

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
export class Simulation implements EventHandler {
  readonly kernel = new Kernel(4096);
  readonly topology: Topology;
  readonly metrics = new RequestMetrics();
  /** The gateway's answers by route, consumer and status (empty without a gateway). */
  readonly gatewayMetrics = new GatewayMetrics();
  /** End of the run, ms. */
  readonly end: number;
  readonly warmup: number;
  private readonly calls = new CallTable(4096);
  private readonly requests = new RequestTable(4096);
  private readonly stations: Station[];
  private readonly zeroLatency: boolean;
  /** Scratch for the gateway's filters to report a wait of their own. */
  private readonly filterStep: FilterStep = { delay: 0, retryAfter: 0 };
  /** The spans of the sampled requests. */
  readonly tracer: Tracer;
  /** Filters that set timers, by the id their timer events carry. */
  private readonly timerFilters: GatewayFilter[] = [];
  /** What the gateway's filters may do off the request path (background work, timers). */
  private readonly effects: GatewayEffects = {
    background: (instance, ms) => this.background(this.topology.gateway, instance, ms),
    timer: (filter, instance, at) => {
      let id = this.timerFilters.indexOf(filter);
      if (id < 0) id = this.timerFilters.push(filter) - 1;
      this.kernel.at(at, EV_FILTER_TIMER, id, instance);
    },
  };

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions = {},
  ) {
    this.topology = new Topology(scenario, options.seed ?? scenario.seed);
    this.stations = this.topology.stations;
    this.end = options.duration ?? scenario.duration;
    this.warmup = Math.min(scenario.warmup, this.end);
    this.zeroLatency = this.topology.latency.isConstant && this.topology.latency.mean === 0;
    this.tracer = new Tracer(scenario.tracing);
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

  /** Runs every event up to `time`; the run covers [0, end), so an event at `end` never runs. */
  runUntil(time: number): void {
    if (time < this.end) this.kernel.runUntil(time);
    else this.kernel.runBefore(this.end);
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
    // Faults first: a fault at time t applies to requests arriving at t.
    this.scenario.faults.forEach((fault, i) => {
      k.at(fault.at, EV_FAULT_START, i);
      if (Number.isFinite(fault.for)) k.at(fault.at + fault.for, EV_FAULT_END, i);
    });
    for (const client of this.topology.clients) {
      const { arrival, schedule } = client.spec;
      if (arrival.process === 'closed') {
        for (let user = 0; user < arrival.users; user++) {
          k.at(client.think!.sample(client.arrivals), EV_USER_SEND, client.index, user);
        }
      } else {
        const first = arrival.process === 'constant' ? 0 : this.arrivalGap(client);
        if (client.rate > 0) client.pendingArrival = k.at(first, EV_ARRIVAL, client.index);
        schedule.forEach((step, i) => k.at(step.at, EV_RATE_STEP, client.index, i));
      }
    }
  }

  /** Dispatches one kernel event. */
  handle(kind: number, a: number, b: number): void {
    switch (kind) {
      case EV_CALL_ARRIVE:
        return this.arrive(a);
      case EV_WORK_DONE:
        return this.workDone(a);
      case EV_REPLY:
        return this.replyArrived(a);
      case EV_ARRIVAL:
        return this.openArrival(a);
      case EV_USER_SEND:
        return void this.sendRequest(this.topology.clients[a], b);
      case EV_PER_TRY_TIMEOUT:
        return this.perTryTimeout(a);
      case EV_DEADLINE:
        return this.deadlinePassed(a);
      case EV_RATE_STEP:
        return this.rateStep(a, b);
      case EV_FAULT_START:
        return this.applyFault(this.scenario.faults[a], true);
      case EV_FAULT_END:
        return this.applyFault(this.scenario.faults[a], false);
      case EV_CLIENT_RESEND:
        return this.resend(a);
      case EV_HEALTH_PROBE:
        return this.probe(a);
      case EV_GATEWAY_RESUME:
        return this.gatewayResume(a);
      case EV_FILTER_TIMER:
        return this.timerFilters[a].onTimer!(this.kernel.now, b, this.effects);
      case EV_BACKGROUND_DONE:
        return this.backgroundDone(a, b);
      case EV_WARMUP_END:
        for (const station of this.stations) station.startMeasuring(this.kernel.now);
        return;
    }
  }

  // --- Clients -------------------------------------------------------------------------------

  private arrivalGap(client: ClientRuntime): number {
    if (client.spec.arrival.process === 'constant') return 1000 / client.rate;
    return (-1000 / client.rate) * Math.log(1 - client.arrivals());
  }

  private openArrival(clientIndex: number): void {
    const client = this.topology.clients[clientIndex];
    this.sendRequest(client, -1);
    client.pendingArrival = this.kernel.after(this.arrivalGap(client), EV_ARRIVAL, clientIndex);
  }

  private rateStep(clientIndex: number, step: number): void {
    const client = this.topology.clients[clientIndex];
    client.rate = client.spec.schedule[step].rate;
    // Poisson arrivals are memoryless, so redrawing the next gap at the new rate is exact.
    if (client.pendingArrival >= 0) this.kernel.cancel(client.pendingArrival);
    client.pendingArrival =
      client.rate > 0 ? this.kernel.after(this.arrivalGap(client), EV_ARRIVAL, clientIndex) : -1;
  }

  private sendRequest(client: ClientRuntime, user: number): void {
    const now = this.kernel.now;
    const r = this.requests;
    const id = r.allocate();
    const spec = client.spec;
    r.client[id] = client.index;
    r.user[id] = user;
    r.sentAt[id] = now;
    r.refs[id] = 1; // the client's own, dropped when it has its answer
    let mix = 0;
    if (client.mixCdf.length > 1) {
      const u = client.mixDraws();
      while (client.mixCdf[mix] < u) mix++;
    }
    r.mix[id] = mix;
    r.resends[id] = 0;
    const keys = client.keys[mix];
    r.key[id] = keys ? keys.sample(client.keyDraws) : -1;
    r.badCredential[id] =
      spec.credentials.invalid > 0
        ? drawCredential(spec.credentials.invalid, client.credentialDraws())
        : CredentialState.Valid;
    const measured = now >= this.warmup;
    r.measured[id] = measured ? 1 : 0;
    if (measured) this.metrics.generated++;
    r.trace[id] = this.tracer.sampled(client.index, ++client.sent) ? this.beginTrace(client, mix, now) : 0;
    r.root[id] = this.sendCall(-1, 0, client.policy, 0, id, client.target, Infinity);
  }

  private beginTrace(client: ClientRuntime, mix: number, now: number): number {
    const entry = client.spec.mix[mix];
    return this.tracer.begin(
      `${client.spec.id}#${client.sent}`,
      client.spec.id,
      entry.method,
      entry.path,
      now,
    );
  }

  /** Drops one reference to a request; its trace is finished once the last goes. */
  private unrefRequest(request: number): void {
    const r = this.requests;
    if (r.unref(request) && r.trace[request] !== 0) this.tracer.release(r.trace[request]);
  }

  /**
   * The client has its answer. A 429 with a Retry-After is sent again after that wait when the client
   * honours it and has resends left; the request's latency then runs from its first sending.
   */
  private clientDone(request: number, status: number, retryAfterMs = 0): void {
    const r = this.requests;
    const now = this.kernel.now;
    if (retryAfterMs > 0 && status === 429 && this.resendLater(request, retryAfterMs)) return;
    if (r.measured[request]) this.metrics.complete(now, status, now - r.sentAt[request]);
    if (r.trace[request] !== 0) this.tracer.answered(r.trace[request], now, status);
    const user = r.user[request];
    if (user >= 0) {
      const client = this.topology.clients[r.client[request]];
      this.kernel.after(client.think!.sample(client.arrivals), EV_USER_SEND, client.index, user);
    }
    this.unrefRequest(request);
  }

  /** Schedules a resend after Retry-After when the client honours it and has resends left. */
  private resendLater(request: number, retryAfterMs: number): boolean {
    const r = this.requests;
    const client = this.topology.clients[r.client[request]];
    if (r.resends[request] >= client.spec.retryAfter.attempts) return false;
    r.resends[request]++;
    this.kernel.after(retryAfterMs, EV_CLIENT_RESEND, request);
    if (r.trace[request] !== 0)
      this.tracer.note(
        r.trace[request],
        0,
        `429: the client honours Retry-After and resends in ${retryAfterMs / 1000} s`,
      );
    return true;
  }

  /** A client sends a request again, as it was, to its first hop. */
  private resend(request: number): void {
    const client = this.topology.clients[this.requests.client[request]];
    this.requests.root[request] = this.sendCall(-1, 0, client.policy, 0, request, client.target, Infinity);
  }

  /** Active health checks: probe the targets that are out, then again one interval later. */
  private probe(policy: number): void {
    const upstream = this.topology.upstreams[policy]!;
    upstream.probe();
    this.kernel.after(upstream.health!.active!.interval, EV_HEALTH_PROBE, policy);
  }

  // --- Calls ---------------------------------------------------------------------------------

  /**
   * Makes one try of a logical call and returns its id. `deadlineAt` carries the deadline of
   * earlier tries; the first try sets it from the policy.
   */
  private sendCall(
    parent: number,
    slot: number,
    policyIndex: number,
    tries: number,
    request: number,
    component: number,
    deadlineAt: number,
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
    c.instance[id] = this.pickInstance(policyIndex, component, request);
    c.sentAt[id] = k.now;
    c.phase[id] = PHASE_TRAVELLING;
    if (parent >= 0 && k.now >= this.warmup) {
      this.metrics.attempts++;
      if (tries > 0) this.metrics.retries++;
    }
    const policy = this.topology.policies[policyIndex];
    if (tries === 0 && policy.timeout < Infinity) deadlineAt = k.now + policy.timeout;
    c.deadlineAt[id] = deadlineAt;
    if (this.requests.trace[request] !== 0) this.traceCall(id, parent, tries);
    if (deadlineAt < Infinity) c.deadlineTimer[id] = k.at(deadlineAt, EV_DEADLINE, id);
    if (policy.perTryTimeout < Infinity)
      c.tryTimer[id] = k.after(policy.perTryTimeout, EV_PER_TRY_TIMEOUT, id);
    if (c.instance[id] < 0) this.noHealthyInstance(id);
    else this.hop(EV_CALL_ARRIVE, id);
    return id;
  }

  /** Opens the span of a traced call's try, inside its caller's work (or the request). */
  private traceCall(id: number, parent: number, tries: number): void {
    const c = this.calls;
    const slot = this.requests.trace[c.request[id]];
    const caller =
      parent >= 0
        ? this.stations[c.component[parent]].id
        : this.topology.clients[this.requests.client[c.request[id]]].spec.id;
    const callee = this.stations[c.component[id]].id;
    c.span[id] = this.tracer.span(
      slot,
      parent >= 0 ? c.workSpan[parent] : 0,
      'call',
      `${caller} -> ${callee}`,
      c.instance[id],
      this.kernel.now,
    );
    if (tries > 0) this.tracer.note(slot, c.span[id], `retry ${tries}`);
  }

  /** Ends a traced call's span with what its caller saw. */
  private traceCallEnd(id: number, status: number, cause: number): void {
    const c = this.calls;
    const slot = this.requests.trace[c.request[id]];
    this.tracer.end(slot, c.span[id], this.kernel.now, status, causeText(cause));
  }

  /** Sends a call or a reply over one network hop; with zero latency it is handled at once. */
  private hop(kind: number, call: number): void {
    const latency = this.zeroLatency ? 0 : this.topology.latency.sample(this.topology.latencyDraws);
    if (latency > 0) this.kernel.after(latency, kind, call);
    else if (kind === EV_CALL_ARRIVE) this.arrive(call);
    else this.replyArrived(call);
  }

  /** A call reaches its instance: it is refused, waits, or starts at once. */
  private arrive(id: number): void {
    const c = this.calls;
    const now = this.kernel.now;
    const station = this.stations[c.component[id]];
    const instance = c.instance[id];
    const measuring = now >= this.warmup;
    if (measuring) station.arrivals++;
    c.arrivedAt[id] = now;
    const slot = this.requests.trace[c.request[id]];
    if (slot !== 0) c.workSpan[id] = this.tracer.span(slot, c.span[id], 'work', station.id, instance, now);
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
    const behaviour = this.topology.behaviours[station.index];
    let duration: number;
    if (behaviour.kind === 'service') duration = behaviour.serviceTime.sample(behaviour.times);
    else duration = behaviour.overhead.sample(behaviour.times) + this.routeAndPluginCost(id, behaviour);
    const extra = station.extraLatency[c.instance[id]];
    if (extra) duration += extra.sample(behaviour.times);
    c.workTimer[id] = k.after(duration, EV_WORK_DONE, id);
  }

  /** Records the request's route on the job and returns what its plugins add to the gateway's work, ms. */
  private routeAndPluginCost(id: number, gateway: GatewayBehaviour): number {
    const r = this.requests;
    const request = this.calls.request[id];
    const client = r.client[request];
    const mix = r.mix[request];
    const route = this.topology.clients[client].routeOfMix[mix];
    this.calls.route[id] = route;
    if (r.trace[request] !== 0) {
      const name = route < 0 ? 'no route matches' : `route ${gateway.routes[route].id}`;
      this.tracer.note(r.trace[request], this.calls.workSpan[id], name);
    }
    return route < 0 ? 0 : gateway.chains[route].cost[client * gateway.mixStride + mix];
  }

  private workDone(id: number): void {
    const c = this.calls;
    c.workTimer[id] = -1;
    const station = this.stations[c.component[id]];
    const behaviour = this.topology.behaviours[station.index];
    if (behaviour.kind === 'service') this.serviceWorkDone(id, station, behaviour);
    else this.gatewayWorkDone(id, station, behaviour);
  }

  /** The gateway has processed the request: route it upstream or answer it itself. */
  private gatewayWorkDone(id: number, station: Station, gateway: GatewayBehaviour): void {
    const c = this.calls;
    // The gateway is event-driven: its worker is the CPU, free again while the upstream works.
    this.releaseWorker(id, station);
    const request = c.request[id];
    // Set when the work started (routeAndPluginCost): the route decides what the work costs.
    const routeIndex = c.route[id];
    if (routeIndex < 0) return this.finishJob(id, gateway.noRouteStatus, CAUSE_GATEWAY);
    const filters = gateway.chains[routeIndex].filters;
    const step = this.filterStep;
    step.delay = 0;
    step.retryAfter = 0;
    let answer = FILTER_PASS;
    const slot = this.requests.trace[request];
    for (let i = 0; i < filters.length && answer === FILTER_PASS; i++) {
      answer = filters[i].decide(this.kernel.now, c.instance[id], request, this.requests, step);
      if (slot !== 0) this.traceFilter(id, filters[i], answer);
    }
    if (answer === 429 && step.retryAfter > 0) c.retryAfterMs[id] = step.retryAfter * 1000;
    if (step.delay > 0) {
      // A filter waits on a call of its own (an external authorizer): go on when it answers.
      c.failStatus[id] = answer;
      c.phase[id] = PHASE_CALLING;
      c.workTimer[id] = this.kernel.after(step.delay, EV_GATEWAY_RESUME, id);
      return;
    }
    this.gatewayProceed(id, gateway, answer);
  }

  /** Notes on a traced request's gateway span what one filter did. */
  private traceFilter(id: number, filter: GatewayFilter, answer: number): void {
    const c = this.calls;
    const request = c.request[id];
    const what = filter.explain
      ? filter.explain(answer, request, this.requests)
      : answer === FILTER_PASS
        ? 'pass'
        : String(answer);
    this.tracer.note(this.requests.trace[request], c.workSpan[id], `${filter.name}: ${what}`);
  }

  /** After the chain: answer with the filters' status, or forward upstream. */
  private gatewayProceed(id: number, gateway: GatewayBehaviour, answer: number): void {
    const c = this.calls;
    if (answer !== FILTER_PASS) return this.finishJob(id, answer, CAUSE_GATEWAY);
    const route = gateway.routes[c.route[id]];
    c.phase[id] = PHASE_CALLING;
    this.sendCall(id, 0, route.policy, 0, c.request[id], route.component, Infinity);
  }

  private gatewayResume(id: number): void {
    const c = this.calls;
    c.workTimer[id] = -1;
    const answer = c.failStatus[id];
    c.failStatus[id] = 0;
    this.gatewayProceed(id, this.topology.behaviours[c.component[id]] as GatewayBehaviour, answer);
  }

  /** The service time is over: fail, answer, or make the downstream calls. */
  private serviceWorkDone(id: number, station: Station, service: ServiceBehaviour): void {
    const c = this.calls;
    const override = station.errorOverride[c.instance[id]];
    const errorRate = override >= 0 ? override : service.spec.errorRate;
    if (errorRate > 0 && service.errors() < errorRate) return this.finishJob(id, 500, CAUSE_APP);
    const calls = service.calls;
    if (calls.length === 0) return this.finishJob(id, 200, CAUSE_NONE);
    if (!station.holdWhileCalling) this.releaseWorker(id, station);
    c.phase[id] = PHASE_CALLING;
    const request = c.request[id];
    if (service.parallel) {
      // Set before sending: a call may complete inline when the network has no latency.
      c.pendingCalls[id] = calls.length;
      const generation = c.generation[id];
      for (let i = 0; i < calls.length && c.generation[id] === generation; i++) {
        this.sendCall(id, i, calls[i].policy, 0, request, calls[i].component, Infinity);
      }
    } else {
      c.nextCall[id] = 0;
      this.sendCall(id, 0, calls[0].policy, 0, request, calls[0].component, Infinity);
    }
  }

  /** A job's downstream call has its final outcome. */
  private childDone(job: number, slot: number, status: number): void {
    const c = this.calls;
    const station = this.stations[c.component[job]];
    const behaviour = this.topology.behaviours[station.index];
    if (behaviour.kind === 'gateway') {
      const filters = behaviour.chains[c.route[job]].filters;
      for (let i = filters.length - 1; i >= 0; i--) {
        filters[i].onResponse?.(this.kernel.now, c.instance[job], c.request[job], this.requests, status);
      }
      return this.finishJob(job, status, CAUSE_APP);
    }
    const calls = behaviour.calls;
    const failed = status < 200 || status >= 300;
    if (failed && !calls[slot].optional && c.failStatus[job] === 0) c.failStatus[job] = status;
    if (behaviour.parallel) {
      if (--c.pendingCalls[job] === 0) {
        const fail = c.failStatus[job];
        this.finishJob(job, fail || 200, fail ? CAUSE_APP : CAUSE_NONE);
      }
      return;
    }
    if (c.failStatus[job] !== 0) return this.finishJob(job, c.failStatus[job], CAUSE_APP);
    const next = ++c.nextCall[job];
    if (next === calls.length) return this.finishJob(job, 200, CAUSE_NONE);
    this.sendCall(job, next, calls[next].policy, 0, c.request[job], calls[next].component, Infinity);
  }

  /** A job at an instance is over: free its worker and send the reply. */
  private finishJob(id: number, status: number, cause: number): void {
    const c = this.calls;
    const station = this.stations[c.component[id]];
    if (c.holding[id]) this.releaseWorker(id, station);
    const now = this.kernel.now;
    if (now >= this.warmup) {
      station.served++;
      if (station.index === this.topology.gateway) this.recordAtGateway(id, status, now);
    }
    if (station.index === this.topology.gateway && c.route[id] >= 0) this.gatewayCompleted(id);
    this.unlinkAtInstance(id, station, c.instance[id]);
    this.replyAtOnce(id, status, cause);
  }

  /** The gateway's answer leaves: filters that act on every answer (a logger) see it. */
  private gatewayCompleted(id: number): void {
    const c = this.calls;
    const gateway = this.topology.behaviours[this.topology.gateway] as GatewayBehaviour;
    const filters = gateway.chains[c.route[id]].completing;
    for (let i = 0; i < filters.length; i++)
      filters[i].onComplete!(this.kernel.now, c.instance[id], this.effects);
  }

  private recordAtGateway(id: number, status: number, now: number): void {
    const c = this.calls;
    const route = c.route[id];
    const gateway = this.topology.behaviours[this.topology.gateway] as GatewayBehaviour;
    const client = this.topology.clients[this.requests.client[c.request[id]]];
    this.gatewayMetrics.record(
      route >= 0 ? gateway.routes[route].id : '(no route)',
      client.spec.consumer ?? '',
      status,
      now - c.arrivedAt[id],
    );
  }

  private replyAtOnce(id: number, status: number, cause: number): void {
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

  /** Frees the call's worker: background work or the next waiting call takes it, or it goes idle. */
  private releaseWorker(id: number, station: Station): void {
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
  private pickInstance(policyIndex: number, component: number, request: number): number {
    const upstream = this.topology.upstreams[policyIndex];
    return upstream
      ? upstream.pick(this.kernel.now, this.hashKey(request))
      : this.stations[component].roundRobin();
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

  /** Ring-hash key of a request: its cache key, or its client when it has none. */
  private hashKey(request: number): number {
    const key = this.requests.key[request];
    return key >= 0 ? key : this.requests.client[request];
  }

  /** Tells the try's upstream (if its caller balances through one) how the try ended. */
  private tryEnded(id: number, status: number, cause: number): void {
    const c = this.calls;
    const upstream = this.topology.upstreams[c.policy[id]];
    const instance = c.instance[id];
    if (!upstream || instance < 0) return;
    const now = this.kernel.now;
    upstream.finished(instance, now, now - c.sentAt[id], status, cause);
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
    this.outcome(id, c.status[id], c.cause[id]);
    this.releaseCall(id);
  }

  private perTryTimeout(id: number): void {
    const c = this.calls;
    c.tryTimer[id] = -1;
    c.abandoned[id] = 1;
    if (c.span[id] >= 0) this.traceCallEnd(id, 504, CAUSE_PER_TRY_TIMEOUT);
    this.tryEnded(id, 504, CAUSE_PER_TRY_TIMEOUT);
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
    const parent = c.parent[id];
    const next = this.sendCall(
      parent,
      c.slot[id],
      c.policy[id],
      c.tries[id] + 1,
      request,
      c.component[id],
      deadlineAt,
    );
    if (parent < 0) this.requests.root[request] = next;
    return true;
  }

  /** Hands a logical call's final status to whoever made it. */
  private deliver(id: number, status: number): void {
    const c = this.calls;
    const parent = c.parent[id];
    if (parent < 0) this.clientDone(c.request[id], status, c.retryAfterMs[id]);
    else this.childDone(parent, c.slot[id], status);
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

  // --- Background work -----------------------------------------------------------------------

  /**
   * `ms` of work an instance does off any request's path (a log batch being sent). It takes a free
   * worker at once, or the next one to free up, ahead of the calls waiting in the queue: an event
   * loop runs its due timers before it reads the next request.
   */
  private background(component: number, instance: number, ms: number): void {
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

  private applyFault(fault: FaultSpec, starting: boolean): void {
    const station = this.stations[this.topology.component(fault.target)];
    const first = fault.instance ?? 0;
    const last = fault.instance ?? station.instances - 1;
    for (let instance = first; instance <= last; instance++) {
      switch (fault.kind) {
        case 'crash':
          if (starting) this.crash(station, instance);
          else station.up[instance] = 1;
          break;
        case 'latency':
          station.extraLatency[instance] = starting ? new Sampler(fault.add) : undefined;
          break;
        case 'errors':
          station.errorOverride[instance] = starting ? fault.rate : -1;
          break;
      }
    }
  }

  /** The instance dies: every call it holds or queues is reset (503), and it refuses new ones. */
  private crash(station: Station, instance: number): void {
    const c = this.calls;
    const k = this.kernel;
    if (!station.up[instance]) return;
    station.up[instance] = 0;
    station.busyWorkers.add(k.now, -station.busy[instance]);
    station.busy[instance] = 0;
    station.waiting.add(k.now, -station.queues[instance].length);
    station.queues[instance].clear();
    station.background[instance].length = 0;
    station.lives[instance]++;
    // Collect first: replying may run the callers inline, and they must see a consistent instance.
    const victims: number[] = [];
    for (let id = station.firstJob[instance]; id >= 0; id = c.nextAtInstance[id]) victims.push(id);
    station.firstJob[instance] = -1;
    for (const id of victims) {
      if (c.workTimer[id] >= 0) k.cancel(c.workTimer[id]);
      c.workTimer[id] = -1;
      c.holding[id] = 0;
      c.prevAtInstance[id] = -1;
      c.nextAtInstance[id] = -1;
      this.replyAtOnce(id, 503, CAUSE_RESET);
    }
  }
}
