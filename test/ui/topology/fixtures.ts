/** Topologies for the diagram's tests, built the way the worker describes them. */
import {
  REFUSED_BY_CALLEE,
  type EdgeData,
  type FrameData,
  type NodeData,
  type TopologyData,
} from '../../../src/worker/frames';
import { emptyEdgeFrame } from '../../../src/worker/edge-window';

/** A node without its slot (given in order by `topology`). */
export type NodeSpec = Omit<NodeData, 'slot'>;

export function client(id: string): NodeSpec {
  return { id, kind: 'client', instances: 0, concurrency: 0, queueLimit: -1 };
}

export function gateway(id: string, instances = 2): NodeSpec {
  return { id, kind: 'gateway', instances, concurrency: 8, queueLimit: 64 };
}

export function service(id: string, instances = 2, queueLimit = 64): NodeSpec {
  return { id, kind: 'service', instances, concurrency: 4, queueLimit };
}

export function sidecar(of: string, instances = 2): NodeSpec {
  return { id: `${of} sidecar`, kind: 'sidecar', instances, concurrency: 2, queueLimit: -1, sidecarOf: of };
}

export function edge(from: string, to: string, mtls = false): EdgeData {
  return { from, to, mtls };
}

/** A topology of these nodes, slots given in order. */
export function topology(
  nodes: readonly NodeSpec[],
  edges: readonly EdgeData[],
  meshEnabled = false,
): TopologyData {
  let slot = 0;
  const withSlots: NodeData[] = nodes.map((node) => {
    const placed = { ...node, slot: node.kind === 'client' ? -1 : slot };
    slot += node.instances;
    return placed;
  });
  return { variant: 'test', nodes: withSlots, edges, slots: slot, meshEnabled, durationMs: 60_000 };
}

/** One client, a gateway and six services, each with a sidecar, every service call under mTLS. */
export function shop(): TopologyData {
  const services = ['catalog', 'orders', 'inventory', 'payments', 'users', 'reviews'];
  return topology(
    [
      client('web shoppers'),
      gateway('edge'),
      ...services.map((id, i) => service(id, i === 2 ? 3 : 2)),
      ...services.map((id, i) => sidecar(id, i === 2 ? 3 : 2)),
    ],
    [
      edge('web shoppers', 'edge'),
      edge('edge', 'catalog'),
      edge('edge', 'orders'),
      edge('edge', 'users'),
      edge('catalog', 'inventory', true),
      edge('catalog', 'reviews', true),
      edge('orders', 'inventory', true),
      edge('orders', 'payments', true),
      edge('payments', 'users', true),
    ],
    true,
  );
}

/** One sampled try, by node ids. */
export interface DotSpec {
  readonly from: string;
  readonly to: string;
  /** When the try was decided (its backoff began); default `depart`. */
  readonly leave?: number;
  readonly depart: number;
  readonly arrive: number;
  /** NaN: the answer is not known yet. */
  readonly back: number;
  /** OUTCOMES index or OUTCOME_PENDING. */
  readonly outcome: number;
  readonly retry?: boolean;
  /** Who refused a try answered at once (`DotColumns.refusedBy`); default REFUSED_BY_CALLEE. */
  readonly refusedBy?: number;
  readonly trace: string;
}

/**
 * A frame of `topology` over [from, to) carrying these dots; instance state all up, idle, none ejected,
 * every breaker closed, no notes.
 */
export function frame(topo: TopologyData, dots: readonly DotSpec[], from = 0, to = 100): FrameData {
  const index = (id: string): number => {
    const i = topo.nodes.findIndex((node) => node.id === id);
    if (i < 0) throw new Error(`no node ${id}`);
    return i;
  };
  const traceIds = [...new Set(dots.map((d) => d.trace))];
  const count = dots.length;
  return {
    variant: 0,
    from,
    to,
    busy: new Int32Array(topo.slots),
    queued: new Int32Array(topo.slots),
    up: new Uint8Array(topo.slots).fill(1),
    known: new Uint8Array(topo.slots).fill(1),
    answered: new Int32Array(5),
    latency: new Float64Array(3).fill(NaN),
    attempts: count,
    retries: dots.filter((d) => d.retry).length,
    ejected: new Uint8Array(topo.slots),
    breaker: new Uint8Array(topo.nodes.length),
    notes: topo.nodes.map(() => []),
    figures: new Float64Array(0),
    edges: emptyEdgeFrame(topo.edges.length, from),
    dots: {
      count,
      from: Int32Array.from(dots, (d) => index(d.from)),
      to: Int32Array.from(dots, (d) => index(d.to)),
      leave: Float64Array.from(dots, (d) => d.leave ?? d.depart),
      depart: Float64Array.from(dots, (d) => d.depart),
      arrive: Float64Array.from(dots, (d) => d.arrive),
      back: Float64Array.from(dots, (d) => d.back),
      outcome: Uint8Array.from(dots, (d) => d.outcome),
      retry: Uint8Array.from(dots, (d) => (d.retry ? 1 : 0)),
      refusedBy: Uint8Array.from(dots, (d) => d.refusedBy ?? REFUSED_BY_CALLEE),
      trace: Int32Array.from(dots, (d) => traceIds.indexOf(d.trace)),
    },
    traceIds,
  };
}
