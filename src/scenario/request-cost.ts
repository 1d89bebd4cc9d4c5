/**
 * What one client request costs, roughly: the events it causes, the services it visits and the least
 * time it takes. The run's estimate (`run-cost.ts`) multiplies these by the requests sent.
 */
import { distMean } from './distributions';
import type { ClientSpec, Millis, Scenario, ServiceSpec } from './types';

// Roughly: arrival or send, service start, completion.
const EVENTS_PER_HOP = 3;
// With the mesh on, a try into a service with a sidecar also passes the caller's and the callee's
// proxy: about one event each.
const EVENTS_PER_SIDECAR_PAIR = 2;
// Retries happen only when tries fail: the estimate counts each allowed retry at this share. A run
// where every try fails makes more events than estimated; the guard is against runs far too large
// (hours, not minutes), and an unhealthy one stays within a few times the estimate.
const RETRY_SHARE = 0.1;
/**
 * The shortest cycle a closed-loop user is taken to have, ms: a user whose think time and path both
 * take no time would send without end at one instant. One microsecond, the finest unit of the format.
 */
export const MIN_CYCLE_MS = 0.001;

/** Mean of a distribution, 0 for one without a finite mean (a heavy tail is no lower bound). */
const mean = (d: Parameters<typeof distMean>[0]): Millis => {
  const m = distMean(d);
  return Number.isFinite(m) && m > 0 ? m : 0;
};

/** A walk over the call graph from each client, memoised per service (fan-out grows with depth). */
class CallGraph {
  private readonly services: Map<string, ServiceSpec>;
  private readonly excluded: Set<string>;
  private readonly events = new Map<string, number>();
  private readonly work = new Map<string, number>();
  private readonly visits = new Map<string, Map<string, number>>();

  constructor(private readonly s: Scenario) {
    this.services = new Map(s.services.map((x) => [x.id, x]));
    this.excluded = new Set(s.mesh.exclude);
  }

  private meshed(id: string): boolean {
    return this.s.mesh.enabled && !this.excluded.has(id) && this.services.has(id);
  }

  tries(id: string): number {
    const mesh = this.s.mesh;
    return mesh.enabled ? 1 + RETRY_SHARE * (mesh.policies[id]?.retries.attempts ?? 0) : 1;
  }

  /** Events of a request served by `id` and everything it calls; a service being visited counts 0 (a cycle, reported elsewhere). */
  served(id: string): number {
    const known = this.events.get(id);
    if (known !== undefined) return known;
    const x = this.services.get(id);
    if (x === undefined) return 0;
    this.events.set(id, 0);
    const n = EVENTS_PER_HOP + x.calls.reduce((sum, call) => sum + this.into(call.service), 0);
    this.events.set(id, n);
    return n;
  }

  /** Events of the sidecar passes of one try into `id`. */
  sidecar(id: string): number {
    return this.meshed(id) ? EVENTS_PER_SIDECAR_PAIR : 0;
  }

  /** Events of every try of a call into `id`. */
  into(id: string): number {
    return this.tries(id) * (this.sidecar(id) + this.served(id));
  }

  /** The least mean time a call into `id` takes: hops, sidecars, service times, downstream calls. */
  leastTime(id: string): Millis {
    const known = this.work.get(id);
    if (known !== undefined) return known;
    const x = this.services.get(id);
    if (x === undefined) return 0;
    this.work.set(id, 0);
    const calls = x.calls.map((call) => this.hopTime(call.service));
    const downstream = x.callMode === 'parallel' ? Math.max(0, ...calls) : calls.reduce((a, b) => a + b, 0);
    const t = mean(x.serviceTime) + downstream;
    this.work.set(id, t);
    return t;
  }

  /** A hop into `id`: the network each way, its sidecar passes, and its time. */
  hopTime(id: string): Millis {
    const network = 2 * mean(this.s.network.latency);
    const sidecar = this.meshed(id) ? 2 * mean(this.s.mesh.sidecar.overhead) : 0;
    return network + sidecar + this.leastTime(id);
  }

  /** Visits of each service per call into `id` (with fan-out, without retries). */
  visitsFrom(id: string): Map<string, number> {
    const known = this.visits.get(id);
    if (known !== undefined) return known;
    const out = new Map<string, number>();
    this.visits.set(id, out);
    const x = this.services.get(id);
    if (x === undefined) return out;
    out.set(id, 1);
    for (const call of x.calls) {
      for (const [to, n] of this.visitsFrom(call.service)) out.set(to, (out.get(to) ?? 0) + n);
    }
    return out;
  }
}

/** The per-request figures of one client. */
export interface RequestCost {
  /** Events one request causes. */
  readonly events: number;
  /** The least mean time one request takes, ms: a closed-loop user's cycle is at least this plus its think time. */
  readonly leastTime: Millis;
  /** Visits of each service (by id) per request. */
  readonly visits: ReadonlyMap<string, number>;
}

/**
 * The per-request cost of each client of `s`, in client order. Events: EVENTS_PER_HOP for the client,
 * the gateway if any and every service reached, times the tries of each call (route retries, and the
 * mesh policy's retry attempts, each counted at RETRY_SHARE), plus the sidecar passes of each meshed
 * try; through the gateway, its costliest route.
 */
export function requestCosts(s: Scenario): RequestCost[] {
  const graph = new CallGraph(s);
  return s.clients.map((c) => {
    if (s.gateway !== undefined && c.target === s.gateway.id) {
      const routes = s.gateway.routes;
      const overhead = mean(s.gateway.overhead) + 2 * mean(s.network.latency);
      const visits = new Map<string, number>();
      for (const rt of routes)
        for (const [id, n] of graph.visitsFrom(rt.service)) visits.set(id, Math.max(visits.get(id) ?? 0, n));
      return {
        events:
          2 * EVENTS_PER_HOP +
          Math.max(
            0,
            ...routes.map((rt) => (1 + RETRY_SHARE * rt.retries.attempts) * graph.into(rt.service)),
          ),
        leastTime:
          overhead + (routes.length > 0 ? Math.min(...routes.map((rt) => graph.hopTime(rt.service))) : 0),
        visits,
      };
    }
    // A client is outside the mesh: its request is tried once, through the target's sidecar.
    return {
      events: EVENTS_PER_HOP + graph.sidecar(c.target) + graph.served(c.target),
      leastTime: graph.hopTime(c.target),
      visits: graph.visitsFrom(c.target),
    };
  });
}

/**
 * Expected requests a client sends over `duration`: an open client's rate integrated over its
 * schedule; a closed-loop user sends one per cycle, its think time plus the least time a request
 * takes (`leastTime`), never shorter than MIN_CYCLE_MS.
 */
export function expectedRequests(c: ClientSpec, duration: Millis, leastTime: Millis = 0): number {
  if (c.arrival.process === 'closed') {
    const cycle = Math.max(mean(c.arrival.think) + leastTime, MIN_CYCLE_MS);
    return (c.arrival.users * duration) / cycle;
  }
  // Integrate the piecewise-constant rate over [0, duration]; the schedule is sorted by `at`.
  let total = 0;
  let from = 0;
  let current = c.arrival.rate;
  for (const step of c.schedule) {
    const at = Math.min(step.at, duration);
    total += (current * Math.max(at - from, 0)) / 1000;
    from = Math.max(from, at);
    current = step.rate;
  }
  return total + (current * Math.max(duration - from, 0)) / 1000;
}
