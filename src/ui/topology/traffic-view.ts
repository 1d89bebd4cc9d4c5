/**
 * What the diagram says of its edges and nodes, and over which window: the live window of a frame
 * (the last second of simulated time before it) or the whole run (the report's figures, exactly).
 * Pure functions from a frame or a report to plain numbers, so the SVG code only copies them and the
 * rules are tested without a page.
 */
import type { EdgeReport, FrameData, TopologyData, VariantReport } from '../../worker/protocol';

/** Which figures the edges show: the last second before the playhead, or the whole measured run. */
export type EdgeWindowMode = 'live' | 'run';

/** One edge's figures over the window. */
export interface EdgeFigures {
  /** Tries that ended in the window. */
  readonly tries: number;
  /** Tries per second of the window. */
  readonly rps: number;
  /** Share of the tries that were errors (5xx, reset, refused, timed out), 0 to 1; 0 without tries. */
  readonly errorShare: number;
  /** Share answered 4xx (a 429, a 401, a 403), 0 to 1: not errors. */
  readonly clientErrorShare: number;
  /** p99 latency of the tries as their callers saw them, ms; NaN without tries. */
  readonly p99: number;
}

/** One node's figures over the window. */
export interface NodeFigures {
  /**
   * Calls into it per request the clients sent (`×27` at the end of a retry storm): over the whole
   * run, the calls it served per request generated; live, the tries that left for it per request
   * the clients sent in the window. NaN when there were none or it is a client.
   */
  readonly perRequest: number;
  /** Tries to it its callers' sidecars refused: breaker open, and connection pool full (whole run only). */
  readonly breakerRefused: number;
  readonly poolRefused: number;
  /** Tries to it that never reached it, for any of those reasons (the live window's single count). */
  readonly unreached: number;
  /** Hosts of it ejected by outlier detection (whole run only; the cells show the live state). */
  readonly ejections: number;
}

/** The figures the diagram shows, and the window they cover. */
export interface TrafficView {
  readonly mode: EdgeWindowMode;
  /** The window, simulated ms: [fromMs, toMs). For the whole run, from the warmup's end to the run's. */
  readonly fromMs: number;
  readonly toMs: number;
  /** By index of `TopologyData.edges` and of `TopologyData.nodes`. */
  readonly edges: readonly EdgeFigures[];
  readonly nodes: readonly NodeFigures[];
}

const NO_TRAFFIC: EdgeFigures = { tries: 0, rps: 0, errorShare: 0, clientErrorShare: 0, p99: NaN };

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function emptyNode(): { -readonly [K in keyof NodeFigures]: NodeFigures[K] } {
  return { perRequest: NaN, breakerRefused: 0, poolRefused: 0, unreached: 0, ejections: 0 };
}

/**
 * The live window of `frame`: each edge's tries that ended in the last second before the frame's
 * end, and each node's calls per client request over the same second: the tries that left for it
 * over the tries the clients sent, both counted as they leave (counted as they end, a storm whose
 * requests take a second to fail would read ×45 while it builds up).
 */
export function liveTraffic(topology: TopologyData, frame: FrameData): TrafficView {
  const w = frame.edges;
  const seconds = Math.max(frame.to - w.windowFrom, 1e-9) / 1000;
  const edges = topology.edges.map((_, e): EdgeFigures => {
    const tries = w.windowTries[e] ?? 0;
    if (tries === 0) return NO_TRAFFIC;
    return {
      tries,
      rps: tries / seconds,
      errorShare: share(w.windowErrors[e], tries),
      clientErrorShare: share(w.windowClientErrors[e], tries),
      p99: w.windowP99[e],
    };
  });
  const index = new Map(topology.nodes.map((n, i) => [n.id, i]));
  const nodes = topology.nodes.map(emptyNode);
  const made = new Float64Array(topology.nodes.length);
  let requests = 0;
  topology.edges.forEach((edge, e) => {
    const to = index.get(edge.to);
    const from = index.get(edge.from);
    if (to === undefined || from === undefined) return;
    const started = w.windowStarted[e] ?? 0;
    if (topology.nodes[from].kind === 'client') requests += started;
    made[to] += started;
    nodes[to].unreached += w.windowUnreached[e] ?? 0;
  });
  nodes.forEach((node, i) => {
    if (topology.nodes[i].kind !== 'client' && requests > 0) node.perRequest = made[i] / requests;
  });
  return { mode: 'live', fromMs: w.windowFrom, toMs: frame.to, edges, nodes };
}

/**
 * The whole run of `report` (the variant the topology shows): each edge's figures exactly as the
 * report has them, each node's served calls per generated request, and the sidecars' refusals and
 * ejections towards it.
 */
export function runTraffic(topology: TopologyData, report: VariantReport, warmupMs: number): TrafficView {
  const byPair = new Map<string, EdgeReport>();
  for (const e of report.edges ?? []) byPair.set(`${e.from}\u0000${e.to}`, e);
  const edges = topology.edges.map((edge): EdgeFigures => {
    const e = byPair.get(`${edge.from}\u0000${edge.to}`);
    if (e === undefined || e.tries === 0) return NO_TRAFFIC;
    return {
      tries: e.tries,
      rps: e.rps,
      errorShare: e.errorShare,
      clientErrorShare: share(e.clientErrors, e.tries),
      p99: e.p99,
    };
  });
  const generated = report.requests.generated;
  const nodes = topology.nodes.map((node) => {
    const figures = emptyNode();
    // Own keys only: a box named `constructor` must not find Object.
    const component = Object.hasOwn(report.components, node.id) ? report.components[node.id] : undefined;
    if (node.kind !== 'client' && node.kind !== 'sidecar' && component && generated > 0)
      figures.perRequest = component.served / generated;
    const services = report.mesh?.services;
    figures.ejections = services && Object.hasOwn(services, node.id) ? services[node.id].ejections : 0;
    for (const e of report.edges ?? []) {
      if (e.to !== node.id) continue;
      figures.breakerRefused += e.breakerRefused;
      figures.poolRefused += e.poolRefused;
      figures.unreached += e.breakerRefused + e.poolRefused;
    }
    return figures;
  });
  return { mode: 'run', fromMs: warmupMs, toMs: topology.durationMs, edges, nodes };
}

/**
 * Ids of the components that took no time of their own over the whole run while serving calls (a
 * gateway with no overhead): their `busy 0 %` would carry nothing, so the diagram leaves it out.
 */
export function idleComponents(report: VariantReport): Set<string> {
  const idle = new Set<string>();
  for (const [id, c] of Object.entries(report.components)) {
    if (c.served > 0 && c.utilization === 0 && c.meanQueue === 0) idle.add(id);
  }
  return idle;
}

/** Simulated time as seconds with one decimal: `7.3 s`. */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The live window in words: `last 1 s of simulated time (6.3 s to 7.3 s)`. */
export function liveWindowText(view: Pick<TrafficView, 'fromMs' | 'toMs'>): string {
  const span = (view.toMs - view.fromMs) / 1000;
  const length = Number(span.toFixed(span < 1 ? 2 : 1));
  return `last ${length} s of simulated time (${seconds(view.fromMs)} to ${seconds(view.toMs)})`;
}

/** The whole run in words: `whole run, after the 6 s warmup (6.0 s to 16.0 s)`, or without a warmup. */
export function runWindowText(view: Pick<TrafficView, 'fromMs' | 'toMs'>): string {
  const range = `(${seconds(view.fromMs)} to ${seconds(view.toMs)})`;
  if (view.fromMs <= 0) return `whole run ${range}`;
  return `whole run, after the ${Number((view.fromMs / 1000).toFixed(2))} s warmup ${range}`;
}
