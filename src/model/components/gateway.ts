import type { Uniform } from '../../engine';
import { CAUSE_APP, CAUSE_GATEWAY, EV_FILTER_TIMER, EV_GATEWAY_RESUME, PHASE_CALLING } from '../constants';
import { FILTER_PASS, type FilterStep, type GatewayEffects, type GatewayFilter } from '../gateway-filter';
import type { Station } from '../station';
import type { GatewayBehaviour } from '../topology';
import type { Component, ComponentHost } from './component';

/**
 * The API gateway: a job costs its overhead plus what its route's plugins add; then the route's
 * filters decide (authenticate, limit, serve from cache, ...), and the request is answered by the
 * gateway itself or forwarded to the route's upstream. The gateway is event-driven: its worker is
 * the CPU, free again while the upstream works.
 */
export class GatewayComponent implements Component {
  readonly times: Uniform;
  /** Scratch for the filters to report a wait of their own. */
  private readonly filterStep: FilterStep = { delay: 0, retryAfter: 0 };
  /** Filters that set timers, by the id their timer events carry. */
  private readonly timerFilters: GatewayFilter[] = [];
  /** What the filters may do off the request path (background work, timers). */
  private readonly effects: GatewayEffects;

  constructor(
    private readonly host: ComponentHost,
    private readonly gateway: GatewayBehaviour,
    index: number,
  ) {
    this.times = gateway.times;
    this.effects = {
      background: (instance, ms) => host.background(index, instance, ms),
      timer: (filter, instance, at) => {
        let id = this.timerFilters.indexOf(filter);
        if (id < 0) id = this.timerFilters.push(filter) - 1;
        host.kernel.at(at, EV_FILTER_TIMER, id, instance);
      },
    };
  }

  workTime(id: number): number {
    return this.gateway.overhead.sample(this.gateway.times) + this.routeAndPluginCost(id);
  }

  /** Records the request's route on the job and returns what its plugins add to the gateway's work, ms. */
  private routeAndPluginCost(id: number): number {
    const host = this.host;
    const r = host.requests;
    const gateway = this.gateway;
    const request = host.calls.request[id];
    const client = r.client[request];
    const mix = r.mix[request];
    const route = host.topology.clients[client].routeOfMix[mix];
    host.jobs.route[id] = route;
    if (r.trace[request] !== 0) {
      const name = route < 0 ? 'no route matches' : `route ${gateway.routes[route].id}`;
      host.spans.jobNote(id, request, name);
    }
    return route < 0 ? 0 : gateway.chains[route].cost[client * gateway.mixStride + mix];
  }

  /** The gateway has processed the request: route it upstream or answer it itself. */
  workDone(id: number, station: Station): void {
    const host = this.host;
    const c = host.calls;
    const t = host.tries;
    const j = host.jobs;
    host.releaseWorker(id, station);
    const request = c.request[id];
    // Set when the work started (routeAndPluginCost): the route decides what the work costs.
    const routeIndex = j.route[id];
    if (routeIndex < 0) return host.finishJob(id, this.gateway.noRouteStatus, CAUSE_GATEWAY);
    const filters = this.gateway.chains[routeIndex].filters;
    const step = this.filterStep;
    step.delay = 0;
    step.retryAfter = 0;
    let answer = FILTER_PASS;
    const slot = host.requests.trace[request];
    for (let i = 0; i < filters.length && answer === FILTER_PASS; i++) {
      answer = filters[i].decide(host.kernel.now, t.instance[id], request, host.requests, step);
      if (slot !== 0) this.traceFilter(id, filters[i], answer);
    }
    if (answer === 429 && step.retryAfter > 0) t.retryAfterMs[id] = step.retryAfter * 1000;
    if (step.delay > 0) {
      // A filter waits on a call of its own (an external authorizer): go on when it answers.
      j.heldAnswer[id] = answer;
      t.phase[id] = PHASE_CALLING;
      j.workTimer[id] = host.kernel.after(step.delay, EV_GATEWAY_RESUME, id);
      return;
    }
    this.proceed(id, answer);
  }

  /** A filter's own call (an external authorizer) has answered: go on with what it decided. */
  resume(id: number): void {
    const j = this.host.jobs;
    j.workTimer[id] = -1;
    this.proceed(id, j.heldAnswer[id]);
  }

  /** A filter's own timer is due (`filter`: the id its timer event carries). */
  timer(filter: number, instance: number): void {
    this.timerFilters[filter].onTimer!(this.host.kernel.now, instance, this.effects);
  }

  /** A `flush` fault: every filter drops what it keeps (a cache, its counters). */
  flush(now: number): void {
    for (const chain of this.gateway.chains) for (const f of chain.filters) f.flush?.(now);
  }

  /** Notes on a traced request's gateway span what one filter did. */
  private traceFilter(id: number, filter: GatewayFilter, answer: number): void {
    const host = this.host;
    const request = host.calls.request[id];
    const what = filter.explain
      ? filter.explain(answer, request, host.requests)
      : answer === FILTER_PASS
        ? 'pass'
        : String(answer);
    host.spans.jobNote(id, request, `${filter.name}: ${what}`);
  }

  /** After the chain: answer with the filters' status, or forward upstream. */
  private proceed(id: number, answer: number): void {
    const host = this.host;
    const c = host.calls;
    const t = host.tries;
    const j = host.jobs;
    if (answer !== FILTER_PASS) return host.finishJob(id, answer, CAUSE_GATEWAY);
    const route = this.gateway.routes[j.route[id]];
    t.phase[id] = PHASE_CALLING;
    if (route.split) {
      const target = route.split.targets[route.split.choice.pick(route.split.draws())];
      const request = c.request[id];
      if (host.requests.trace[request] !== 0)
        host.spans.jobNote(id, request, `split: to ${host.stations[target.component].id}`);
      return void host.callInto(id, 0, target.policy, request, target.component);
    }
    host.callInto(id, 0, route.policy, c.request[id], route.component);
  }

  /** The upstream has answered: the filters see the response, last first, and it goes back. */
  childDone(job: number, _slot: number, status: number): void {
    const host = this.host;
    const c = host.calls;
    const t = host.tries;
    const j = host.jobs;
    const filters = this.gateway.chains[j.route[job]].filters;
    for (let i = filters.length - 1; i >= 0; i--) {
      filters[i].onResponse?.(host.kernel.now, t.instance[job], c.request[job], host.requests, status);
    }
    host.finishJob(job, status, CAUSE_APP);
  }

  /** The gateway's answer leaves: counted by route and consumer, and seen by the loggers. */
  jobLeaving(id: number, status: number, measured: boolean): void {
    const host = this.host;
    const c = host.calls;
    const t = host.tries;
    const j = host.jobs;
    const now = host.kernel.now;
    const route = j.route[id];
    if (measured) {
      const client = host.topology.clients[host.requests.client[c.request[id]]];
      host.gatewayMetrics.record(
        route >= 0 ? this.gateway.routes[route].id : '(no route)',
        client.spec.consumer ?? '',
        status,
        now - j.arrivedAt[id],
      );
    }
    if (route < 0) return;
    const filters = this.gateway.chains[route].completing;
    for (let i = 0; i < filters.length; i++)
      filters[i].onComplete!(now, t.instance[id], this.effects, c.request[id], host.requests);
  }
}
