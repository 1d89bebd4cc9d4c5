import type { Kernel } from '../../engine';
import type { CallTable, TryTable } from '../calls';
import { EV_CALL_ARRIVE, EV_HEALTH_PROBE } from '../constants';
import type { Station } from '../station';
import type { RouteHost, TryRoute } from './route';

/**
 * The route of a caller that picks an instance itself: through a gateway route's `Upstream`
 * (balancer and health checks), by the station's plain round robin, or, for the hop between a
 * workload and its own sidecar, the instance of the same pod. It has no pool, no retry limits of its
 * own and no backoff: a retry goes at once to the same component.
 */
export class DirectRoute implements TryRoute {
  // The host's call tables and clock, read on every try: held here, one load nearer.
  private readonly calls: CallTable;
  private readonly tries: TryTable;
  private readonly kernel: Kernel;

  constructor(private readonly host: RouteHost) {
    this.calls = host.calls;
    this.tries = host.tries;
    this.kernel = host.kernel;
  }

  open(parent: number, slot: number, policy: number, request: number, component: number): number {
    return this.host.sendCall(this.host.nextTry.call(parent, slot, policy, request, component));
  }

  send(id: number): void {
    const host = this.host;
    const t = this.tries;
    host.armTryTimer(id);
    t.pickedAt[id] = this.kernel.now;
    const instance = t.local[id] === 1 ? this.localInstance(id) : this.pickInstance(id);
    t.instance[id] = instance;
    if (t.span[id] >= 0) host.spans.trySent(id, host.calls.request[id], instance);
    if (instance < 0) host.noHealthyInstance(id);
    else host.hop(EV_CALL_ARRIVE, id);
  }

  /** The instance of a local hop: a workload's own sidecar, or a sidecar's own workload. */
  private localInstance(id: number): number {
    return this.tries.instance[this.calls.parent[id]];
  }

  /** The instance a new try goes to: through the caller's upstream, or plain round robin. */
  private pickInstance(id: number): number {
    const host = this.host;
    const c = this.calls;
    const t = this.tries;
    const upstream = host.topology.upstreams[c.policy[id]];
    return upstream
      ? upstream.pick(this.kernel.now, host.requests.hashKey(c.request[id], upstream))
      : host.stations[t.component[id]].roundRobin();
  }

  /** Tells the try's upstream (if its caller balances through one) how the try ended. */
  tryEnded(id: number, status: number, cause: number): void {
    const host = this.host;
    const c = this.calls;
    const t = this.tries;
    if (t.local[id] === 1) return;
    const upstream = host.topology.upstreams[c.policy[id]];
    const instance = t.instance[id];
    if (!upstream || instance < 0) return;
    const now = this.kernel.now;
    const wasIn = upstream.eligible[instance];
    upstream.finished(instance, now, now - t.pickedAt[id], status, cause);
    if (wasIn && !upstream.eligible[instance]) this.targetHealth(upstream.station, instance, true);
  }

  /** A direct try holds nothing on its route. */
  release(): void {}

  retryAllowed(): boolean {
    return true;
  }

  backoff(): number {
    return 0;
  }

  retry(id: number, backoff: number): number {
    return this.host.sendCall(this.host.nextTry.retryOf(id, backoff));
  }

  callEnded(): boolean {
    return false;
  }

  /** Active health checks of upstream `policy`: probe the targets that are out, then again one interval later. */
  probe(policy: number): void {
    const host = this.host;
    const upstream = host.topology.upstreams[policy]!;
    const wasIn = upstream.eligible.slice();
    upstream.probe();
    for (let i = 0; i < wasIn.length; i++) {
      if (!wasIn[i] && upstream.eligible[i]) this.targetHealth(upstream.station, i, false);
    }
    this.kernel.after(upstream.health!.active!.interval, EV_HEALTH_PROBE, policy);
  }

  /** The gateway's health checks took a target out (or let it back): a landmark of the run. */
  private targetHealth(station: Station, instance: number, out: boolean): void {
    const { kernel, stations, timeline, topology } = this.host;
    const gateway = stations[topology.gateway].id;
    if (out) timeline.ejected(kernel.now, gateway, station.id, instance, 'health-check');
    else timeline.returned(kernel.now, gateway, station.id, instance, 'health-check');
  }
}
