import { Sampler } from '../engine';
import type { FaultSpec, Scenario } from '../scenario/types';
import type { ComponentHost } from './components/component';
import type { GatewayComponent } from './components/gateway';
import { CAUSE_RESET, EV_DISCOVERY } from './constants';
import { discoveryPayload } from './event-payloads';
import type { MeshRuntime } from './mesh/mesh-runtime';
import type { Station } from './station';

/**
 * The scenario's faults, as they start and end: crashes (an instance resets what it holds and
 * refuses new calls), added latency, error rates, scaling and cache flushes. With the mesh on, the
 * registry learns of an instance's change a propagation delay late.
 */
export class FaultInjector {
  /** Each `scale` fault's instance count before it started, to restore when it ends. */
  private readonly scaledFrom: Int32Array;
  /**
   * Whether a crash may come: only a crash reads an instance's list of the jobs it holds or queues,
   * so without one the simulation skips that bookkeeping on every job.
   */
  readonly crashes: boolean;

  constructor(
    private readonly host: ComponentHost,
    private readonly scenario: Scenario,
    private readonly gateway: GatewayComponent | undefined,
  ) {
    this.scaledFrom = new Int32Array(scenario.faults.length);
    this.crashes = scenario.faults.some((fault) => fault.kind === 'crash');
  }

  /**
   * Fault `index` starts or ends: a landmark, then its effect. Kept out of the simulation's `handle`,
   * whose size decides what the engine inlines into it on the hot path.
   */
  faultEvent(index: number, starting: boolean): void {
    const { kernel, timeline } = this.host;
    if (starting) timeline.faultStarted(kernel.now, index, this.scenario.faults[index]);
    else timeline.faultEnded(kernel.now, index);
    this.applyFault(this.scenario.faults[index], starting);
  }

  /** The registry learns, a propagation delay late, that `instance` of component `component` is up or down. */
  registryLearns(component: number, instance: number, up: boolean): void {
    const host = this.host;
    host.mesh!.registryUp[component][instance] = up ? 1 : 0;
    host.timeline.discovery(host.kernel.now, host.stations[component].id, instance, up);
  }

  private applyFault(fault: FaultSpec, starting: boolean): void {
    const host = this.host;
    const station = host.stations[host.topology.component(fault.target)];
    if (fault.kind === 'flush') {
      if (station.index === host.topology.gateway) this.gateway!.flush(host.kernel.now);
      return;
    }
    if (fault.kind === 'scale') return this.scale(station, fault, starting);
    const first = fault.instance ?? 0;
    const last = fault.instance ?? station.instances - 1;
    for (let instance = first; instance <= last; instance++) {
      switch (fault.kind) {
        case 'crash':
          if (instance >= station.running) break; // not running: nothing to crash or restart
          if (starting) this.crash(station, instance);
          else station.up[instance] = 1;
          if (host.mesh) this.meshInstanceChanged(host.mesh, station, instance, !starting, false);
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

  /**
   * The service runs `fault.instances` instances from now, or its count before the fault again when
   * the fault ends. New instances start at once (callers without the mesh see them at once, sidecars
   * once the registry does); removed ones drain: they refuse new calls and finish the ones they hold.
   */
  private scale(station: Station, fault: FaultSpec & { kind: 'scale' }, starting: boolean): void {
    const host = this.host;
    const now = host.kernel.now;
    const index = this.scenario.faults.indexOf(fault);
    const before = station.running;
    const after = starting ? fault.instances : this.scaledFrom[index];
    if (starting) this.scaledFrom[index] = before;
    if (after === before) return;
    station.running = after;
    station.workers.add(now, (after - before) * station.concurrency);
    const proxy = host.mesh ? host.mesh.proxyOf[station.index] : -1;
    if (proxy >= 0) {
      const sidecars = host.stations[proxy];
      sidecars.running = after;
      sidecars.workers.add(now, (after - before) * sidecars.concurrency);
    }
    const up = after > before;
    for (let i = Math.min(before, after); i < Math.max(before, after); i++) {
      station.up[i] = up ? 1 : 0;
      host.topology.upstreams.forEach((u) => {
        if (u?.station === station) u.setRunning(i, up);
      });
      if (host.mesh) this.meshInstanceChanged(host.mesh, station, i, up, true);
    }
  }

  /** The instance dies: every call it holds or queues is reset (503), and it refuses new ones. */
  private crash(station: Station, instance: number): void {
    const host = this.host;
    const j = host.jobs;
    const k = host.kernel;
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
    for (let id = station.firstJob[instance]; id >= 0; id = j.nextAtInstance[id]) victims.push(id);
    station.firstJob[instance] = -1;
    for (const id of victims) {
      if (j.workTimer[id] >= 0) k.cancel(j.workTimer[id]);
      j.workTimer[id] = -1;
      j.holding[id] = 0;
      j.prevAtInstance[id] = -1;
      j.nextAtInstance[id] = -1;
      host.replyAtOnce(id, 503, CAUSE_RESET);
    }
  }

  /**
   * An instance crashed or came back: its sidecar (in the same pod) with it, its connections are
   * gone, and the registry learns of it after the propagation delay. Meanwhile sidecars still send
   * to a dead endpoint (connection refused) or ignore a live one.
   */
  private meshInstanceChanged(
    mesh: MeshRuntime,
    station: Station,
    instance: number,
    up: boolean,
    graceful: boolean,
  ): void {
    const host = this.host;
    const proxy = mesh.proxyOf[station.index];
    if (proxy >= 0) {
      // A crash resets the sidecar's calls too; a pod scaled down drains them.
      if (up || graceful) host.stations[proxy].up[instance] = up ? 1 : 0;
      else this.crash(host.stations[proxy], instance);
    }
    if (!up)
      for (const d of mesh.destinations) if (d.component === station.index) d.dropConnections(instance);
    const delay = mesh.spec.discovery.propagationDelay;
    if (delay > 0) host.kernel.after(delay, EV_DISCOVERY, station.index, discoveryPayload(instance, up));
    else mesh.registryUp[station.index][instance] = up ? 1 : 0;
  }
}
