/**
 * The `SimulationView` of a `Simulation`: the one place that reads the model's stations, mesh
 * destinations and gateway plugins for the page, and copies what they hold into the view's columns.
 */
import { callEdges } from '../call-edges';
import type { GatewayFilter } from '../gateway-filter';
import type { Simulation } from '../simulation';
import {
  BREAKER_CLOSED,
  BREAKER_HALF_OPEN,
  BREAKER_OPEN,
  type EdgeCounts,
  type PluginNoteKind,
  type PluginState,
  type SimulationView,
  type ViewLayout,
  type ViewNode,
} from './view';

/** The picture of one simulation: its clients and stations as nodes, who calls whom as edges. */
export function layoutOf(sim: Simulation): ViewLayout {
  const topo = sim.topology;
  const mesh = topo.mesh;
  const regions = new Map<string, string>();
  for (const c of sim.scenario.clients) if (c.region) regions.set(c.id, c.region);
  for (const s of sim.scenario.services) if (s.region) regions.set(s.id, s.region);
  if (sim.scenario.gateway?.region) regions.set(sim.scenario.gateway.id, sim.scenario.gateway.region);
  const region = (id: string) => (regions.has(id) ? { region: regions.get(id)! } : {});
  const nodes: ViewNode[] = sim.scenario.clients.map((c) => ({
    id: c.id,
    kind: 'client',
    instances: 0,
    concurrency: 0,
    queueLimit: -1,
    slot: -1,
    ...region(c.id),
  }));
  const queues = new Set(sim.scenario.services.filter((s) => s.kind === 'queue').map((s) => s.id));
  let slot = 0;
  for (const station of topo.stations) {
    const owner = mesh ? mesh.serviceOf[station.index] : -1;
    nodes.push({
      id: station.id,
      kind: owner >= 0 ? 'sidecar' : station.index === topo.gateway ? 'gateway' : 'service',
      instances: station.instances,
      concurrency: station.concurrency,
      queueLimit: Number.isFinite(station.queueLimit) ? station.queueLimit : -1,
      ...(owner >= 0 ? { sidecarOf: topo.stations[owner].id } : region(station.id)),
      ...(queues.has(station.id) ? { oneWay: true as const } : {}),
      slot,
    });
    slot += station.instances;
  }
  return {
    nodes,
    edges: callEdges(sim.scenario, topo),
    slots: slot,
    meshEnabled: mesh !== undefined,
    endMs: sim.end,
    warmupMs: sim.warmup,
    traceShare: sim.scenario.tracing.sample,
  };
}

/** What a plugin's counters are, told by the keys its `counters()` gives (the report's plugin counters). */
function kindOf(counters: Record<string, number>): PluginNoteKind {
  if ('admitted' in counters) return 'limiter';
  if ('hit' in counters) return 'cache';
  if ('cached' in counters) return 'auth-cache';
  if ('batches' in counters) return 'log';
  return 'other';
}

/** A gateway plugin's state, filled in place: the fields `PluginState` reads. */
class Plugin implements PluginState {
  admitted = 0;
  rejected = 0;
  hit = 0;
  miss = 0;
  refresh = 0;
  cached = 0;
  calls = 0;
  entries = 0;
  gauged = false;
  remaining = 0;
  limit = 0;

  constructor(
    readonly name: string,
    readonly kind: PluginNoteKind,
    /** Its filters on every route, those that keep counters and those that only gauge. */
    readonly filters: GatewayFilter[],
  ) {}

  fill(): void {
    this.admitted = this.rejected = this.hit = this.miss = this.refresh = 0;
    this.cached = this.calls = this.entries = 0;
    this.gauged = false;
    for (const filter of this.filters) {
      const gauge = filter.gauge?.();
      // The tightest latest answer over the routes.
      if (gauge && (!this.gauged || gauge.remaining / gauge.limit < this.remaining / this.limit)) {
        this.gauged = true;
        this.remaining = gauge.remaining;
        this.limit = gauge.limit;
      }
      const c = filter.counters?.();
      if (!c) continue;
      this.admitted += c.admitted ?? 0;
      this.rejected += c.rejected ?? 0;
      this.hit += c.hit ?? 0;
      this.miss += c.miss ?? 0;
      this.refresh += c.refresh ?? 0;
      this.cached += c.cached ?? 0;
      this.calls += c.calls ?? 0;
      this.entries += c.entries ?? 0;
    }
  }
}

/** The gateway's plugins that keep counters, by name in chain order, each with all its filters. */
function pluginsOf(sim: Simulation): Plugin[] {
  const topo = sim.topology;
  const gateway = topo.gateway >= 0 ? topo.behaviours[topo.gateway] : undefined;
  if (!gateway || gateway.kind !== 'gateway') return [];
  const byName = new Map<string, GatewayFilter[]>();
  const counted: string[] = [];
  for (const chain of gateway.chains) {
    for (const filter of chain.filters) {
      const of = byName.get(filter.name) ?? [];
      of.push(filter);
      byName.set(filter.name, of);
      if (filter.counters && !counted.includes(filter.name)) counted.push(filter.name);
    }
  }
  return counted.map((name) => {
    const filters = byName.get(name)!;
    const first = filters.find((f) => f.counters)!;
    return new Plugin(name, kindOf(first.counters!()), filters);
  });
}

/**
 * Measured edge counters: the simulation's own columns, re-pointed at each refresh (they are
 * replaced when the run meets more edges), so that a refresh copies nothing per edge.
 */
class Edges implements EdgeCounts {
  count = 0;
  from: readonly string[] = [];
  to: readonly string[] = [];
  tries: Int32Array = new Int32Array(0);
  retries: Int32Array = new Int32Array(0);
  errors: Int32Array = new Int32Array(0);
  clientErrors: Int32Array = new Int32Array(0);
  breakerRefused: Int32Array = new Int32Array(0);
  poolRefused: Int32Array = new Int32Array(0);

  fill(sim: Simulation): void {
    const t = sim.edgeTraffic;
    this.count = t.count;
    this.from = t.from;
    this.to = t.to;
    this.tries = t.tries;
    this.retries = t.retries;
    this.errors = t.errors;
    this.clientErrors = t.clientErrors;
    this.breakerRefused = t.breakerRefused;
    this.poolRefused = t.poolRefused;
  }
}

/** A simulation's view; see `SimulationView`. */
export class LiveView implements SimulationView {
  readonly layout: ViewLayout;
  generation = 0;
  at = 0;
  readonly busy: Int32Array;
  readonly queued: Int32Array;
  readonly up: Uint8Array;
  readonly known: Uint8Array;
  readonly ejected: Uint8Array;
  readonly breaker: Uint8Array;
  readonly served: Float64Array;
  readonly rejected: Float64Array;
  readonly edges = new Edges();
  readonly plugins: readonly Plugin[];
  /** Node index of the first station: the clients come first. */
  private readonly clients: number;

  constructor(private readonly sim: Simulation) {
    this.layout = layoutOf(sim);
    const slots = this.layout.slots;
    const nodes = this.layout.nodes.length;
    this.busy = new Int32Array(slots);
    this.queued = new Int32Array(slots);
    this.up = new Uint8Array(slots);
    this.known = new Uint8Array(slots);
    this.ejected = new Uint8Array(slots);
    this.breaker = new Uint8Array(nodes);
    this.served = new Float64Array(nodes);
    this.rejected = new Float64Array(nodes);
    this.clients = sim.scenario.clients.length;
    this.plugins = pluginsOf(sim);
  }

  refresh(): this {
    const sim = this.sim;
    const mesh = sim.topology.mesh;
    let slot = 0;
    for (const station of sim.topology.stations) {
      const owner = mesh ? mesh.serviceOf[station.index] : -1;
      const registry = mesh ? mesh.registryUp[owner >= 0 ? owner : station.index] : undefined;
      for (let i = 0; i < station.instances; i++, slot++) {
        this.busy[slot] = station.busy[i];
        this.queued[slot] = station.queues[i].length;
        this.up[slot] = station.up[i];
        this.known[slot] = registry ? registry[i] : station.up[i];
      }
      const node = this.clients + station.index;
      this.served[node] = station.served;
      this.rejected[node] = station.rejected;
    }
    this.meshState();
    this.edges.fill(sim);
    for (const plugin of this.plugins) plugin.fill();
    this.at = sim.now;
    this.generation++;
    return this;
  }

  /** Marks the instances some sidecar has ejected or taken out, and each node's worst caller breaker. */
  private meshState(): void {
    this.ejected.fill(0);
    this.breaker.fill(BREAKER_CLOSED);
    const mesh = this.sim.topology.mesh;
    if (!mesh) return;
    const nodes = this.layout.nodes;
    for (const d of mesh.destinations) {
      const node = this.clients + d.component;
      const base = nodes[node].slot;
      for (let i = 0; i < d.endpoints; i++) {
        const out = d.outlier?.isEjected(i) || (d.accrual !== undefined && d.accrual.state(i) !== 'ok');
        if (out) this.ejected[base + i] = 1;
      }
      const state = d.breaker?.state;
      const code =
        state === 'open' ? BREAKER_OPEN : state === 'half-open' ? BREAKER_HALF_OPEN : BREAKER_CLOSED;
      if (code > this.breaker[node]) this.breaker[node] = code;
    }
  }
}
