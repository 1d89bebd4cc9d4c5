/**
 * The cost of one run of a scenario, from every field that costs: the events it processes (requests,
 * health-check probes, outlier-detection sweeps, faults) and the memory it holds (instances, sidecars
 * and their destinations, closed-loop users, cache keys, calls waiting). Each figure is kept with the
 * field it comes from, so that a refusal can name the field to lower. Rough by design: the guard
 * tells a run of seconds from one of hours, or megabytes from gigabytes.
 */
import { BALANCERS } from './policies/balancers';
import type { Path } from './diagnostics';
import { distMean } from './distributions';
import { expectedRequests, MIN_CYCLE_MS, requestCosts, type RequestCost } from './request-cost';
import { instanceSlots, meshCallers, type InstanceSlots } from './cost-topology';
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
/** A ring-hash balancer's point: 4-byte position and owner, sorted through an index array. */
const BYTES_PER_RING_POINT = 24;
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

/** What the parts of the estimate share: the scenario, the duration run, and what is worked out once. */
interface Context {
  readonly s: Scenario;
  readonly duration: Millis;
  readonly frames: boolean;
  /** Per client, the cost of one request and the requests it sends. */
  readonly costs: readonly RequestCost[];
  readonly requests: readonly number[];
  readonly slots: ReadonlyMap<string, InstanceSlots>;
}

/** The cost of one run of `s`. Never throws on a validated scenario; figures may be Infinity. */
export function runCost(s: Scenario, options: RunCostOptions = {}): RunCost {
  const duration = options.duration ?? s.duration;
  const costs = requestCosts(s);
  const requests = s.clients.map((c, i) => expectedRequests(c, duration, costs[i].leastTime));
  const context: Context = {
    s,
    duration,
    frames: options.frames ?? false,
    costs,
    requests,
    slots: instanceSlots(s),
  };
  const mesh = meshShares(context);
  const events = [
    ...requestEvents(context),
    ...healthCheckEvents(context),
    ...mesh.events,
    ...faultEvents(context),
  ];
  const bytes = [
    ...clientBytes(context),
    ...traceBytes(context),
    ...instanceBytes(context),
    ...mesh.bytes,
    ...waitingBytes(context),
  ];
  const sum = (list: readonly CostShare[]): number => list.reduce((n, x) => n + x.amount, 0);
  return { events: sum(events), eventShares: events, bytes: sum(bytes), byteShares: bytes };
}

/** Each client's requests times the events of one. */
function requestEvents({ s, costs, requests }: Context): CostShare[] {
  return s.clients.map((c, i) => ({
    path: ['clients', i, 'arrival', c.arrival.process === 'closed' ? 'users' : 'rate'],
    amount: requests[i] * costs[i].events,
    what:
      c.arrival.process === 'closed'
        ? `client "${c.id}" (${c.arrival.users} users, one request each per ${cycleText(s, i, costs[i].leastTime)})`
        : `client "${c.id}" (rate ${c.arrival.rate}/s)`,
  }));
}

/** A closed client's users, and the cache keys of each mix entry. */
function clientBytes({ s }: Context): CostShare[] {
  return s.clients.flatMap((c, i) => [
    ...(c.arrival.process === 'closed'
      ? [
          {
            path: ['clients', i, 'arrival', 'users'],
            amount: c.arrival.users * BYTES_PER_USER,
            what: `client "${c.id}" (${c.arrival.users} users)`,
          },
        ]
      : []),
    ...c.mix.flatMap((m, j) =>
      m.keys
        ? [
            {
              path: ['clients', i, 'mix', j, 'keys', 'count'],
              amount: m.keys.count * BYTES_PER_KEY,
              what: `client "${c.id}" (${m.keys.count} cache keys)`,
            },
          ]
        : [],
    ),
  ]);
}

/** Kept traces: the most recent `keep` of the sampled requests (the page and `--trace` keep them). */
function traceBytes({ s, costs, requests }: Context): CostShare[] {
  let traced = 0;
  let tracedEvents = 0;
  s.clients.forEach((_c, i) => {
    const sampled = requests[i] * s.tracing.sample;
    traced += sampled;
    tracedEvents += sampled * costs[i].events;
  });
  const kept = Math.min(s.tracing.keep, traced);
  if (!(kept >= 1)) return [];
  return [
    {
      path: ['tracing', 'keep'],
      amount: kept * (tracedEvents / traced) * BYTES_PER_TRACE_EVENT,
      what: `tracing (${Math.round(kept)} traces kept)`,
    },
  ];
}

/** Instances, and their sidecars (and on the page their frames); a scale fault's count when it is the largest. */
function instanceBytes({ s, slots, frames }: Context): CostShare[] {
  return [...slots.values()].map((slot) => {
    const meshed = isMeshed(s, slot.id);
    const perSlot =
      BYTES_PER_INSTANCE +
      (meshed ? BYTES_PER_SIDECAR : 0) +
      (frames ? FRAME_BYTES_PER_SLOT * (meshed ? 2 : 1) : 0);
    return { path: slot.path, amount: slot.count * perSlot, what: `${slot.id} (${slot.count} instances)` };
  });
}

/** Gateway health checks: one probe per interval per upstream (a route's service and each split target). */
function healthCheckEvents({ s, duration, slots }: Context): CostShare[] {
  return (s.gateway?.routes ?? []).flatMap((rt, i) => {
    const active = rt.healthchecks?.active;
    if (active === undefined) return [];
    const targets = rt.split ? rt.split.map((t) => t.service) : [rt.service];
    const hosts = targets.reduce((n, id) => n + (slots.get(id)?.count ?? 0), 0);
    return [
      {
        path: ['gateway', 'routes', i, 'healthchecks', 'active', 'interval'],
        amount: (duration / active.interval) * (targets.length + hosts / HOSTS_PER_EVENT),
        what: `health checks of route "${rt.id}" (every ${msText(active.interval)})`,
      },
    ];
  });
}

/**
 * Mesh: every caller sidecar instance keeps a view of each service it calls, sized by its
 * endpoints; outlier detection sweeps each view every interval.
 */
function meshShares({ s, duration, slots }: Context): { events: CostShare[]; bytes: CostShare[] } {
  const events: CostShare[] = [];
  const bytes: CostShare[] = [];
  if (!s.mesh.enabled) return { events, bytes };
  for (const [dest, callers] of meshCallers(s)) {
    const policy = s.mesh.policies[dest];
    const endpoints = slots.get(dest)?.count ?? 0;
    const ring =
      policy?.loadBalancer === 'RING_HASH'
        ? BYTES_PER_RING_POINT *
          (policy.balancerOptions?.pointsPerEndpoint ?? BALANCERS.RING_HASH.options.pointsPerEndpoint.default)
        : 0;
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
  return { events, bytes };
}

/**
 * Faults: a crash or scale passes every instance it touches, at its start and its end, and the
 * registry learns of each one later when the mesh delays discovery.
 */
function faultEvents({ s, slots }: Context): CostShare[] {
  const discovery = s.mesh.enabled && s.mesh.discovery.propagationDelay > 0 ? 2 : 1;
  return s.faults.map((f, i) => {
    const slotsOf = slots.get(f.target)?.count ?? 1;
    // A scale fault moves the service from its own count to the fault's, and back.
    const own = s.services.find((x) => x.id === f.target)?.instances ?? slotsOf;
    const touched =
      f.instance !== undefined ? 1 : f.kind === 'scale' ? Math.abs(f.instances - own) + 1 : slotsOf;
    return {
      path: ['faults', i, f.kind === 'scale' ? 'instances' : 'target'],
      amount: 2 * touched * discovery,
      what: `fault ${i} (${f.kind} of "${f.target}")`,
    };
  });
}

/**
 * Calls of open clients in service and waiting: where a service is offered more than it can serve,
 * the backlog grows over the run, up to its queue's bound.
 */
function waitingBytes({ s, duration, costs, requests }: Context): CostShare[] {
  const offered = new Map<string, number>();
  // A closed client's users have one request each at most, counted with the users.
  s.clients.forEach((c, i) => {
    if (c.arrival.process === 'closed') return;
    const perSecond = (requests[i] * 1000) / duration;
    for (const [id, n] of costs[i].visits) offered.set(id, (offered.get(id) ?? 0) + perSecond * n);
  });
  return s.services.flatMap((x, i) => {
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
    if (!(waiting >= 1)) return [];
    return [
      {
        path: ['services', i, 'queue'],
        amount: waiting * BYTES_PER_WAITING_CALL,
        what: `calls waiting at "${x.id}" (${Math.round(rate)}/s offered, ${Math.round(capacity)}/s served)`,
      },
    ];
  });
}

const isMeshed = (s: Scenario, id: string): boolean => s.mesh.enabled && !s.mesh.exclude.includes(id);

/** The largest share of `shares`, by amount. */
export function largestShare(shares: readonly CostShare[]): CostShare | undefined {
  let best: CostShare | undefined;
  for (const x of shares) if (best === undefined || !(x.amount <= best.amount)) best = x;
  return best;
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
