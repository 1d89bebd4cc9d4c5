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
// With the mesh on, a try into a service with a sidecar also passes the caller's and the callee's
// proxy: about one event each.
const EVENTS_PER_SIDECAR_PAIR = 2;
// Retries happen only when tries fail: the estimate counts each allowed retry at this share. A run
// where every try fails makes more events than estimated; the guard is against runs far too large
// (hours, not minutes), and an unhealthy one stays within a few times the estimate.
const RETRY_SHARE = 0.1;

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

/**
 * Events one request of `c` causes, roughly: EVENTS_PER_HOP for the client, the gateway if any and
 * every service reached, times the tries of each call (route retries, and the destination policy's
 * retry attempts when the mesh is on, each counted at RETRY_SHARE), plus the sidecar passes of each
 * meshed try.
 */
export function eventsPerRequest(s: Scenario, c: ClientSpec): number {
  const services = new Map(s.services.map((x) => [x.id, x]));
  const mesh = s.mesh;
  const excluded = new Set(mesh.exclude);
  const tries = (id: string): number =>
    mesh.enabled ? 1 + RETRY_SHARE * (mesh.policies[id]?.retries.attempts ?? 0) : 1;
  const sidecars = (id: string): number =>
    mesh.enabled && !excluded.has(id) && services.has(id) ? EVENTS_PER_SIDECAR_PAIR : 0;
  // Events of a request served by `id` and everything it calls, with fan-out and repeats. Memoised,
  // since fan-out makes the count grow exponentially with depth; a service being visited counts 0
  // (a cycle, reported elsewhere).
  const memo = new Map<string, number>();
  const served = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const x = services.get(id);
    if (x === undefined) return 0;
    memo.set(id, 0);
    const n = EVENTS_PER_HOP + x.calls.reduce((sum, call) => sum + into(call.service), 0);
    memo.set(id, n);
    return n;
  };
  // Every try of a call into `id`.
  const into = (id: string): number => tries(id) * (sidecars(id) + served(id));
  if (s.gateway !== undefined && c.target === s.gateway.id) {
    const worst = Math.max(
      0,
      ...s.gateway.routes.map((rt) => (1 + RETRY_SHARE * rt.retries.attempts) * into(rt.service)),
    );
    return 2 * EVENTS_PER_HOP + worst;
  }
  // A client is outside the mesh: its request is tried once, through the target's sidecar.
  return EVENTS_PER_HOP + sidecars(c.target) + served(c.target);
}

/** A rough number of events the run of `s` would process. */
export function estimateEvents(s: Scenario): number {
  return s.clients.reduce((sum, c) => sum + expectedRequests(c, s.duration) * eventsPerRequest(s, c), 0);
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
    const e = expectedRequests(c, s.duration) * eventsPerRequest(s, c);
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
