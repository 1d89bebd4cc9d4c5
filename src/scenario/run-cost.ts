/**
 * The cost of one run of a scenario, from every field that costs: the events it processes (requests,
 * health-check probes, outlier-detection sweeps, faults) and the memory it holds (instances, sidecars
 * and their destinations, closed-loop users, cache keys, calls waiting). Each figure is kept with the
 * field it comes from, so that a refusal can name the field to lower. Rough by design: the guard
 * tells a run of seconds from one of hours, or megabytes from gigabytes.
 */
import type { Path } from './diagnostics';
import { distMean } from './distributions';
import { expectedRequests, MIN_CYCLE_MS, requestCosts } from './request-cost';
import type { Millis, Scenario } from './types';

// Bytes per unit, measured with process.memoryUsage() (heap and array buffers) after a forced GC,
// building or running one scenario of 10^5 to 10^6 units.
/** A slot of a component's instances: 404 B measured at 10^5 instances. */
const BYTES_PER_INSTANCE = 400;
/** The same slot's sidecar: 798 B per meshed instance measured, the workload's 400 included. */
const BYTES_PER_SIDECAR = 400;
/** A closed-loop user: 62 B idle measured (its pending send), plus a request in flight (below). */
const BYTES_PER_USER = 62 + 225;
/** A cache key of a client's mix: 9.1 B measured at 10^6 keys (a Float64Array of the Zipf CDF). */
const BYTES_PER_KEY = 9;
/** A request with its call waiting in a queue: 224 B measured at 10^6 requests waiting. */
const BYTES_PER_WAITING_CALL = 225;
/**
 * One sidecar instance's view of one destination service: 9.2 kB measured with 10 endpoints and
 * 108 kB with 1,000, so about 7.5 kB, plus 100 B per endpoint.
 */
const BYTES_PER_DESTINATION = 7_500;
const BYTES_PER_DESTINATION_ENDPOINT = 100;
/** A ring-hash balancer's 160 points per endpoint, 4-byte position and owner, sorted through an index array. */
const BYTES_PER_RING_ENDPOINT = 160 * 24;
/** The page records at most 400 slices per variant, each with about 24 B per instance slot. */
const FRAME_BYTES_PER_SLOT = 400 * 24;
/** A kept trace, per event of its request: 1,156 B measured per trace of a 9-event request (10^5 kept). */
const BYTES_PER_TRACE_EVENT = 130;
/** A pass of a health check or an outlier sweep over this many hosts costs about one event. */
const HOSTS_PER_EVENT = 16;

/** One field's part of a run's cost. */
export interface CostShare {
  /** The field, from the document root (`clients[0].arrival.rate`). */
  readonly path: Path;
  /** Events, or bytes. */
  readonly amount: number;
  /** What it is, in the scenario's terms: `client "shoppers" (rate 100/s)`. */
  readonly what: string;
}

/** The estimate of one run. */
export interface RunCost {
  readonly events: number;
  readonly eventShares: readonly CostShare[];
  readonly bytes: number;
  readonly byteShares: readonly CostShare[];
}

/** What a run is asked for beyond its scenario. */
export interface RunCostOptions {
  /** Simulated time instead of the scenario's own, ms. */
  readonly duration?: Millis;
  /** The page records frames of every instance as it runs. */
  readonly frames?: boolean;
}

/** The cost of one run of `s`. Never throws on a validated scenario; figures may be Infinity. */
export function runCost(s: Scenario, options: RunCostOptions = {}): RunCost {
  const duration = options.duration ?? s.duration;
  const events: CostShare[] = [];
  const bytes: CostShare[] = [];
  const costs = requestCosts(s);
  const slots = instanceSlots(s);
  const meshed = (id: string): boolean => s.mesh.enabled && !s.mesh.exclude.includes(id);

  // Requests: each client's requests times the events of one.
  s.clients.forEach((c, i) => {
    const requests = expectedRequests(c, duration, costs[i].leastTime);
    const closed = c.arrival.process === 'closed';
    events.push({
      path: ['clients', i, 'arrival', closed ? 'users' : 'rate'],
      amount: requests * costs[i].events,
      what:
        c.arrival.process === 'closed'
          ? `client "${c.id}" (${c.arrival.users} users, one request each per ${cycleText(s, i, costs[i].leastTime)})`
          : `client "${c.id}" (rate ${c.arrival.rate}/s)`,
    });
    if (c.arrival.process === 'closed')
      bytes.push({
        path: ['clients', i, 'arrival', 'users'],
        amount: c.arrival.users * BYTES_PER_USER,
        what: `client "${c.id}" (${c.arrival.users} users)`,
      });
    c.mix.forEach((m, j) => {
      if (m.keys)
        bytes.push({
          path: ['clients', i, 'mix', j, 'keys', 'count'],
          amount: m.keys.count * BYTES_PER_KEY,
          what: `client "${c.id}" (${m.keys.count} cache keys)`,
        });
    });
  });

  // Kept traces: the most recent `keep` of the sampled requests (the page and `--trace` keep them).
  let traced = 0;
  let tracedEvents = 0;
  s.clients.forEach((c, i) => {
    const sampled = expectedRequests(c, duration, costs[i].leastTime) * s.tracing.sample;
    traced += sampled;
    tracedEvents += sampled * costs[i].events;
  });
  const kept = Math.min(s.tracing.keep, traced);
  if (kept >= 1)
    bytes.push({
      path: ['tracing', 'keep'],
      amount: kept * (tracedEvents / traced) * BYTES_PER_TRACE_EVENT,
      what: `tracing (${Math.round(kept)} traces kept)`,
    });

  // Instances, and their sidecars; a scale fault's count when it is the largest.
  for (const slot of slots.values()) {
    const perSlot =
      BYTES_PER_INSTANCE +
      (meshed(slot.id) ? BYTES_PER_SIDECAR : 0) +
      (options.frames ? FRAME_BYTES_PER_SLOT * (meshed(slot.id) ? 2 : 1) : 0);
    bytes.push({
      path: slot.path,
      amount: slot.count * perSlot,
      what: `${slot.id} (${slot.count} instances)`,
    });
  }

  // Gateway health checks: one probe per interval per upstream (a route's service and each split target).
  s.gateway?.routes.forEach((rt, i) => {
    const active = rt.healthchecks?.active;
    if (active === undefined) return;
    const targets = rt.split ? rt.split.map((t) => t.service) : [rt.service];
    const hosts = targets.reduce((n, id) => n + (slots.get(id)?.count ?? 0), 0);
    events.push({
      path: ['gateway', 'routes', i, 'healthchecks', 'active', 'interval'],
      amount: (duration / active.interval) * (targets.length + hosts / HOSTS_PER_EVENT),
      what: `health checks of route "${rt.id}" (every ${msText(active.interval)})`,
    });
  });

  // Mesh: every caller sidecar instance keeps a destination per service it calls; outlier
  // detection sweeps each one every interval.
  if (s.mesh.enabled) {
    for (const [dest, callers] of meshCallers(s)) {
      const policy = s.mesh.policies[dest];
      const endpoints = slots.get(dest)?.count ?? 0;
      const ring = policy?.loadBalancer === 'RING_HASH' ? BYTES_PER_RING_ENDPOINT : 0;
      for (const caller of callers) {
        const sidecars = slots.get(caller)?.count ?? 1;
        bytes.push({
          path: slots.get(caller)?.path ?? ['gateway', 'instances'],
          amount: sidecars * (BYTES_PER_DESTINATION + endpoints * (BYTES_PER_DESTINATION_ENDPOINT + ring)),
          what: `${sidecarsText(sidecars, caller)} × destination "${dest}" (${endpoints} endpoints)`,
        });
        const outlier = policy?.outlierDetection;
        if (outlier === undefined) continue;
        events.push({
          path: ['mesh', 'policies', dest, 'outlierDetection', 'interval'],
          amount: (duration / outlier.interval) * sidecars * (1 + endpoints / HOSTS_PER_EVENT),
          what: `outlier detection of "${dest}" (every ${msText(outlier.interval)}, in ${sidecarsText(sidecars, caller)})`,
        });
      }
    }
  }

  // Faults: a crash or scale passes every instance it touches, at its start and its end, and the
  // registry learns of each one later when the mesh delays discovery.
  s.faults.forEach((f, i) => {
    const count = slots.get(f.target)?.count ?? 1;
    const touched =
      f.instance !== undefined ? 1 : f.kind === 'scale' ? Math.abs(f.instances - count) + 1 : count;
    const discovery = s.mesh.enabled && s.mesh.discovery.propagationDelay > 0 ? 2 : 1;
    events.push({
      path: ['faults', i, f.kind === 'scale' ? 'instances' : 'target'],
      amount: 2 * touched * discovery,
      what: `fault ${i} (${f.kind} of "${f.target}")`,
    });
  });

  // Calls waiting where a service is offered more than it can serve: the backlog grows over the run,
  // up to the queue's bound.
  const offered = new Map<string, number>();
  s.clients.forEach((c, i) => {
    const perSecond = (expectedRequests(c, duration, costs[i].leastTime) * 1000) / duration;
    for (const [id, n] of costs[i].visits) offered.set(id, (offered.get(id) ?? 0) + perSecond * n);
  });
  s.services.forEach((x, i) => {
    const rate = offered.get(x.id) ?? 0;
    const work = distMean(x.serviceTime);
    const capacity = work > 0 ? (x.instances * x.concurrency * 1000) / work : Infinity;
    const inService = Math.min(
      x.instances * x.concurrency,
      (rate * (Number.isFinite(work) ? work : 0)) / 1000,
    );
    const backlog =
      rate > capacity ? Math.min(((rate - capacity) * duration) / 1000, x.queue * x.instances) : 0;
    const waiting = inService + backlog;
    if (waiting >= 1)
      bytes.push({
        path: ['services', i, 'queue'],
        amount: waiting * BYTES_PER_WAITING_CALL,
        what: `calls waiting at "${x.id}" (${Math.round(rate)}/s offered, ${Math.round(capacity)}/s served)`,
      });
  });

  const sum = (list: readonly CostShare[]): number => list.reduce((n, x) => n + x.amount, 0);
  return { events: sum(events), eventShares: events, bytes: sum(bytes), byteShares: bytes };
}

/** The largest share of `shares`, by amount. */
export function largestShare(shares: readonly CostShare[]): CostShare | undefined {
  let best: CostShare | undefined;
  for (const x of shares) if (best === undefined || !(x.amount <= best.amount)) best = x;
  return best;
}

/** The instance slots of each component, and the field that sets them (a scale fault's when larger). */
function instanceSlots(s: Scenario): Map<string, { id: string; count: number; path: Path }> {
  const slots = new Map<string, { id: string; count: number; path: Path }>();
  if (s.gateway)
    slots.set(s.gateway.id, { id: s.gateway.id, count: s.gateway.instances, path: ['gateway', 'instances'] });
  s.services.forEach((x, i) =>
    slots.set(x.id, { id: x.id, count: x.instances, path: ['services', i, 'instances'] }),
  );
  s.faults.forEach((f, i) => {
    const slot = slots.get(f.target);
    if (f.kind === 'scale' && slot !== undefined && f.instances > slot.count)
      slots.set(f.target, { id: f.target, count: f.instances, path: ['faults', i, 'instances'] });
  });
  return slots;
}

/**
 * For each service reached through the mesh, the meshed components whose sidecars call it: the
 * gateway for its routes' services and split targets, each service for its calls; a destination's
 * splits, routes, mirror and failover add theirs for the same caller.
 */
function meshCallers(s: Scenario): Map<string, Set<string>> {
  const excluded = new Set(s.mesh.exclude);
  const services = new Set(s.services.map((x) => x.id));
  const out = new Map<string, Set<string>>();
  const add = (caller: string, dest: string, depth = 0): void => {
    if (excluded.has(caller) || !services.has(dest) || caller === dest) return;
    const callers = out.get(dest) ?? new Set<string>();
    if (callers.has(caller)) return;
    callers.add(caller);
    out.set(dest, callers);
    const p = s.mesh.policies[dest];
    if (p === undefined || depth > 8) return;
    const more = [
      ...(p.split ?? []).map((t) => t.service),
      ...(p.routes ?? []).flatMap((r) => [
        ...(r.split ?? []).map((t) => t.service),
        ...(r.mirror ? [r.mirror.service] : []),
      ]),
      ...(p.mirror ? [p.mirror.service] : []),
      ...(p.failover ?? []),
    ];
    for (const id of more) add(caller, id, depth + 1);
  };
  if (s.gateway)
    for (const rt of s.gateway.routes)
      for (const id of [rt.service, ...(rt.split ?? []).map((t) => t.service)]) add(s.gateway.id, id);
  for (const x of s.services) for (const call of x.calls) add(x.id, call.service);
  return out;
}

/** `0.001 ms` -> `1 µs`, `1000` -> `1 s`: a short time for a message. */
function msText(ms: Millis): string {
  if (ms >= 1000) return `${Number((ms / 1000).toPrecision(3))} s`;
  if (ms >= 1) return `${Number(ms.toPrecision(3))} ms`;
  return `${Number((ms * 1000).toPrecision(3))} µs`;
}

const sidecarsText = (n: number, of: string): string => `${n} sidecar${n === 1 ? '' : 's'} of "${of}"`;

/** A closed-loop user's cycle, as `expectedRequests` takes it. */
function cycleText(s: Scenario, client: number, leastTime: Millis): string {
  const c = s.clients[client];
  const think = c.arrival.process === 'closed' ? distMean(c.arrival.think) : 0;
  return msText(Math.max((Number.isFinite(think) ? think : 0) + leastTime, MIN_CYCLE_MS));
}
