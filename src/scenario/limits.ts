/**
 * The size guard: a rough count of the events a run would schedule, so that a file asking for
 * billions of requests is refused at load time with advice, rather than freezing the page.
 */
import type { Reporter } from './diagnostics';
import { distMean } from './distributions';
import { locate, type LNode } from './positions';
import type { ClientSpec, Scenario } from './types';

/** Runs estimated above this many events are refused. */
export const MAX_EVENTS = 50_000_000;

// Roughly: arrival or send, service start, completion.
const EVENTS_PER_HOP = 3;

/** Expected requests a client sends over the run. */
export function expectedRequests(c: ClientSpec, duration: number): number {
  if (c.arrival.process === 'closed')
    return (c.arrival.users * duration) / Math.max(distMean(c.arrival.think), 1);
  // Integrate the piecewise-constant rate over [0, duration]; the schedule is sorted by `at`.
  let total = 0;
  let from = 0;
  let current = c.arrival.rate;
  for (const step of c.schedule) {
    const at = Math.min(step.at, duration);
    total += (current * (at - from)) / 1000;
    from = at;
    current = step.rate;
  }
  return total + (current * Math.max(duration - from, 0)) / 1000;
}

/** Hops one request of `c` makes: the client, the gateway if any, and every service reached, times tries. */
export function hopsPerRequest(s: Scenario, c: ClientSpec): number {
  const services = new Map(s.services.map((x) => [x.id, x]));
  const meshTries = (id: string): number =>
    s.mesh.enabled ? 1 + (s.mesh.policies?.[id]?.retries?.attempts ?? 0) : 1;
  // Services reached from `id`, counted with repeats. Memoised, since fan-out makes the count grow
  // exponentially with depth; a service being visited counts 0 (a cycle, reported elsewhere).
  const memo = new Map<string, number>();
  const reach = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const x = services.get(id);
    if (x === undefined) return 0;
    memo.set(id, 0);
    const n = 1 + x.calls.reduce((sum, call) => sum + meshTries(call.service) * reach(call.service), 0);
    memo.set(id, n);
    return n;
  };
  if (s.gateway !== undefined && c.target === s.gateway.id) {
    const worst = Math.max(
      0,
      ...s.gateway.routes.map((rt) => (1 + rt.retries.attempts) * meshTries(rt.service) * reach(rt.service)),
    );
    return 2 + worst;
  }
  return 1 + reach(c.target);
}

/** A rough number of events the run of `s` would process. */
export function estimateEvents(s: Scenario): number {
  return s.clients.reduce(
    (sum, c) => sum + expectedRequests(c, s.duration) * hopsPerRequest(s, c) * EVENTS_PER_HOP,
    0,
  );
}

// 540000000 -> "540 million", 1.234e9 -> "1.23 billion": enough digits to compare with the limit.
const millions = (n: number): string =>
  n >= 1e9 ? `${Number((n / 1e9).toPrecision(3))} billion` : `${Number((n / 1e6).toPrecision(3))} million`;

/**
 * Refuses `s` when its estimate exceeds MAX_EVENTS: an error at the busiest client's rate (or users)
 * naming the estimate and the numbers to lower. Returns whether the scenario is small enough.
 */
export function checkSize(s: Scenario, root: LNode, r: Reporter): boolean {
  const events = estimateEvents(s);
  if (!(events > MAX_EVENTS)) return true;
  let busiest = 0;
  let most = -1;
  s.clients.forEach((c, i) => {
    const e = expectedRequests(c, s.duration) * hopsPerRequest(s, c);
    if (e > most) [busiest, most] = [i, e];
  });
  const c = s.clients[busiest];
  const field = c.arrival.process === 'closed' ? 'users' : 'rate';
  const load = c.arrival.process === 'closed' ? `${c.arrival.users} users` : `rate ${c.arrival.rate}/s`;
  const path = ['clients', busiest, 'arrival', field];
  r.error(locate(root, path), path, {
    message: `this run is too large: about ${millions(events)} events, over the limit of ${millions(MAX_EVENTS)}`,
    hint: `lower duration (${s.duration / 1000} s), the load of client "${c.id}" (${load}) or of other clients (rates, users)`,
  });
  return false;
}
