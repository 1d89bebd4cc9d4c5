import type { MeshRuntime } from './mesh/mesh-runtime';
import type { EdgeTraffic } from './edge-traffic';
import type {
  ComponentReport,
  EdgeReport,
  GatewayReport,
  MeshReport,
  MeshServiceOutcomes,
  VariantReport,
} from '../report/report';
import type { Simulation } from './simulation';
import type { Histogram } from '../engine';
import { ownValue, setOwn } from '../scenario/own';

/** Bin edges on a 1-2-5 scale from 0.01 ms to 1 000 s. */
const EDGES: readonly number[] = Array.from({ length: 8 }, (_, decade) =>
  [1, 2, 5].map((step) => Number((step * 10 ** (decade - 2)).toPrecision(1))),
)
  .flat()
  .concat([1e6]);

/** Latencies binned on EDGES, trimmed to the bins from the first to the last holding a request. */
function binned(latency: Histogram): { boundsMs: number[]; counts: number[] } {
  if (latency.count === 0) return { boundsMs: [], counts: [] };
  // cdf(x) counts values in buckets up to x's: a bin's count is the difference at its two edges.
  const below = EDGES.map((edge) => Math.round(latency.cdf(edge * (1 - 1e-9)) * latency.count));
  below[0] = 0;
  below[below.length - 1] = latency.count;
  const counts = EDGES.slice(1).map((_, i) => below[i + 1] - below[i]);
  const first = counts.findIndex((n) => n > 0);
  const last = counts.length - 1 - [...counts].reverse().findIndex((n) => n > 0);
  return { boundsMs: EDGES.slice(first, last + 2), counts: counts.slice(first, last + 1) };
}

/** Rounds to 4 decimals (0.1 us for ms values): reports stay readable and byte-stable. */
function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1e4) / 1e4 : 0;
}

/** The report of a finished (or paused) simulation, over its measured period [warmup, now]. */
export function buildReport(sim: Simulation, name: string, wallMs: number): VariantReport {
  const report: Record<string, unknown> = { name };
  for (const [key, build] of Object.entries(reportSections(sim, wallMs))) report[key] = build();
  return report as unknown as VariantReport;
}

/**
 * The report as {@link buildReport} gives it, but each section built when first read: the playback
 * reads a lesson's few key figures at every frame, and a whole report of a hundred services, their
 * edges and histograms costs ten times what those figures do.
 */
export function lazyReport(sim: Simulation, name: string): VariantReport {
  return new LiveReport(sim, name).current();
}

/**
 * A lazy report of a simulation that goes on (see {@link lazyReport}), read again and again: one
 * object whose sections are built anew when first read after each `current()`. Made once per
 * simulation, so a playback does not define a dozen accessors at every frame (a third of the cost
 * of its key figures).
 */
export class LiveReport {
  private readonly report: VariantReport;
  private sections: Record<string, () => unknown>;
  private readonly built = new Map<string, unknown>();

  constructor(
    private readonly sim: Simulation,
    name: string,
  ) {
    this.sections = reportSections(sim, 0, true);
    const report: Record<string, unknown> = { name };
    for (const key of Object.keys(this.sections)) {
      // Own accessors, so that a figure's path finds the section as it finds a plain key.
      Object.defineProperty(report, key, { enumerable: true, get: () => this.section(key) });
    }
    this.report = report as unknown as VariantReport;
  }

  /** The report over the measured period up to the simulation's time now; earlier sections read are let go. */
  current(): VariantReport {
    this.sections = reportSections(this.sim, 0, true);
    this.built.clear();
    return this.report;
  }

  private section(key: string): unknown {
    if (!this.built.has(key)) this.built.set(key, this.sections[key]());
    return this.built.get(key);
  }
}

/**
 * How to build each section of a report, in the report's key order; the gateway and mesh sections
 * only when the scenario has them.
 */
function reportSections(sim: Simulation, wallMs: number, lazy = false): Record<string, () => unknown> {
  const m = sim.metrics;
  const now = sim.now;
  const measuredSeconds = Math.max(now - sim.warmup, 1e-9) / 1000;
  const mesh = sim.topology.mesh;
  const latency = m.latency;
  return {
    requests: () => ({
      generated: m.generated,
      ok: m.ok,
      failed: m.failed,
      inFlight: m.generated - m.ok - m.failed,
      byStatus: m.statusCounts(),
    }),
    latencyMs: () => ({
      mean: round(latency.mean),
      p50: round(latency.quantile(0.5)),
      p90: round(latency.quantile(0.9)),
      p99: round(latency.quantile(0.99)),
      p999: round(latency.quantile(0.999)),
      max: round(latency.max),
    }),
    latencyHistogram: () => binned(latency),
    throughput: () => ({
      offered: round(m.generated / measuredSeconds),
      goodput: round(m.ok / measuredSeconds),
    }),
    attempts: () => ({
      total: m.attempts,
      retries: m.retries,
      amplification: round(m.attempts > m.retries ? m.attempts / (m.attempts - m.retries) : 1),
    }),
    components: () => componentReports(sim),
    edges: () => edgeReports(sim.edgeTraffic, measuredSeconds),
    ...(sim.scenario.gateway ? { gateway: () => gatewayReport(sim) } : {}),
    ...(mesh ? { mesh: () => meshReport(sim, mesh, measuredSeconds, lazy) } : {}),
    timeline: () => sim.timeline.landmarks(),
    events: () => sim.kernel.events,
    wallMs: () => Math.round(wallMs),
  };
}

/** Each service's and the gateway's figures (not the sidecars': they are in the mesh section). */
function componentReports(sim: Simulation): Record<string, ComponentReport> {
  const now = sim.now;
  const mesh = sim.topology.mesh;
  const components: Record<string, ComponentReport> = {};
  for (const station of sim.topology.stations) {
    if (mesh && mesh.serviceOf[station.index] >= 0) continue;
    components[station.id] = {
      utilization: round(station.busyWorkers.mean(now) / station.workers.mean(now)),
      meanQueue: round(station.waiting.mean(now)),
      served: station.served,
      servedByInstance: Array.from(station.servedBy),
      rejected: station.rejected,
      meanWaitMs: round(station.started > 0 ? station.waitSum / station.started : 0),
      waitedShare: round(station.arrivals > 0 ? station.waited / station.arrivals : 0),
    };
  }
  return components;
}

/** Each edge's measured traffic, in the edge list's order. */
function edgeReports(traffic: EdgeTraffic, measuredSeconds: number): EdgeReport[] {
  const edges: EdgeReport[] = [];
  for (let e = 0; e < traffic.count; e++) {
    const tries = traffic.tries[e];
    const latency = traffic.latency[e];
    edges.push({
      from: traffic.from[e],
      to: traffic.to[e],
      tries,
      retries: traffic.retries[e],
      rps: round(tries / measuredSeconds),
      errors: traffic.errors[e],
      errorShare: round(tries > 0 ? traffic.errors[e] / tries : 0),
      clientErrors: traffic.clientErrors[e],
      breakerRefused: traffic.breakerRefused[e],
      poolRefused: traffic.poolRefused[e],
      p50: round(latency ? latency.quantile(0.5) : 0),
      p99: round(latency ? latency.quantile(0.99) : 0),
    });
  }
  return edges;
}

/** The sidecars' outcomes by the service called, for the services with any. */
function meshServices(sim: Simulation, mesh: MeshRuntime): Record<string, MeshServiceOutcomes> {
  const byComponent = new Map<number, MeshServiceOutcomes>();
  for (const d of mesh.destinations) {
    const sum = byComponent.get(d.component) ?? {
      ejections: 0,
      breakerOpened: 0,
      poolOverflows: 0,
      retriesDenied: 0,
    };
    byComponent.set(d.component, {
      ejections: sum.ejections + (d.outlier?.ejections ?? 0),
      breakerOpened: sum.breakerOpened + (d.breaker?.opened ?? 0),
      poolOverflows: sum.poolOverflows + d.overflows,
      retriesDenied: sum.retriesDenied + d.retriesDenied,
    });
  }
  const services: Record<string, MeshServiceOutcomes> = {};
  for (const [component, outcomes] of [...byComponent].sort((a, b) => a[0] - b[0])) {
    if (Object.values(outcomes).some((n) => n > 0)) services[sim.topology.stations[component].id] = outcomes;
  }
  return services;
}

function gatewayReport(sim: Simulation): GatewayReport {
  const spec = sim.scenario.gateway!;
  const behaviour = sim.topology.behaviours[sim.topology.gateway];
  const plugins: Record<string, Record<string, Record<string, number>>> = {};
  if (behaviour.kind === 'gateway') {
    behaviour.chains.forEach((chain, i) => {
      for (const filter of chain.filters) {
        if (!filter.counters) continue;
        // Own keys only: `plugins.constructor ??= {}` would find Object and write into it.
        const id = behaviour.routes[i].id;
        const counters = ownValue(plugins, id) ?? setOwn(plugins, id, {});
        counters[filter.name] = filter.counters();
      }
    });
  }
  const metrics = sim.gatewayMetrics.snapshot();
  const roundLatency = <T extends { mean: number; max: number }>(record: T): T => ({
    ...record,
    mean: round(record.mean),
    max: round(record.max),
  });
  return {
    id: spec.id,
    profile: spec.profile ?? 'generic',
    metrics: {
      routes: metrics.routes.map(roundLatency),
      consumers: metrics.consumers.map(roundLatency),
      statuses: metrics.statuses.map(roundLatency),
      breakdown: metrics.breakdown.map(roundLatency),
    },
    plugins,
  };
}

/** The mesh section; `lazy` builds its per-edge and per-service tables when first read (see lazyReport). */
function meshReport(sim: Simulation, mesh: MeshRuntime, measuredSeconds: number, lazy = false): MeshReport {
  const now = sim.now;
  const sidecars: Record<string, { utilization: number; passes: number }> = {};
  let busyMs = 0;
  mesh.proxyOf.forEach((proxy, component) => {
    if (proxy < 0) return;
    const station = sim.topology.stations[proxy];
    const busy = station.busyWorkers.mean(now);
    busyMs += busy * measuredSeconds * 1000;
    sidecars[sim.topology.stations[component].id] = {
      utilization: round(busy / station.workers.mean(now)),
      passes: station.served,
    };
  });
  const generated = sim.metrics.generated;
  const destinations = mesh.destinations;
  const sum = (pick: (d: (typeof destinations)[number]) => number) =>
    destinations.reduce((n, d) => n + pick(d), 0);
  const edges = () =>
    [...mesh.edges.values()]
      .sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1))
      .map((edge) => ({
        from: edge.from,
        to: edge.to,
        tries: edge.tries,
        rps: round(edge.tries / measuredSeconds),
        errors: edge.errors,
        ...(mesh.routed && { noRoute: edge.noRoute }),
        p50: round(edge.latency.quantile(0.5)),
        p99: round(edge.latency.quantile(0.99)),
      }));
  const report: MeshReport = {
    profile: mesh.spec.profile ?? 'generic',
    cpuMsPer1000Requests: round(generated > 0 ? ((busyMs + mesh.handshakeMs) / generated) * 1000 : 0),
    sidecars,
    mtls: {
      mode: mesh.spec.mtls.mode,
      handshakes: sum((d) => d.handshakes),
      handshakeMs: round(mesh.handshakeMs),
    },
    outcomes: {
      poolOverflows: sum((d) => d.overflows),
      breakerRejected: mesh.breakerRejected,
      breakerOpened: sum((d) => d.breaker?.opened ?? 0),
      retriesDenied: sum((d) => d.retriesDenied),
      ejections: sum((d) => d.outlier?.ejections ?? 0),
      faultsInjected: mesh.faultsInjected,
      denied: mesh.denied,
      strictRefused: mesh.strictRefused,
      ...(mesh.routed && { noRoute: mesh.noRouteAnswered }),
      ...(mesh.authenticates && { unauthenticated: mesh.unauthenticated }),
      mirrored: mesh.mirrored,
      failovers: mesh.failovers,
    },
    edges: lazy ? [] : edges(),
    services: lazy ? {} : meshServices(sim, mesh),
  };
  if (lazy) {
    const later = <T>(key: 'edges' | 'services', build: () => T) => {
      let value: T | undefined;
      Object.defineProperty(report, key, { enumerable: true, get: () => (value ??= build()) });
    };
    later('edges', edges);
    later('services', () => meshServices(sim, mesh));
  }
  return report;
}
