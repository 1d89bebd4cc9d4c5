/**
 * The topology as the layout sees it: boxes (clients, gateways, services; a sidecar belongs to its
 * workload's box) and links between boxes. The worker's edges name nodes by id; here they become box
 * indices, with a sidecar's edges folded onto its workload and duplicates merged. Malformed input (an
 * edge to an unknown node, a sidecar of no workload) is rejected with the offending names.
 */
import type { TopologyData } from '../../worker/frames';
import type { Link } from './columns';

/** The boxes (non-sidecar nodes), each node's box, and each box's sidecar node (-1: none). */
export function collectBoxes(topology: TopologyData): {
  boxes: number[];
  boxOf: Int32Array;
  sidecarOf: number[];
} {
  const boxes: number[] = [];
  const boxOf = new Int32Array(topology.nodes.length).fill(-1);
  const byId = new Map<string, number>();
  topology.nodes.forEach((node, i) => {
    if (node.kind === 'sidecar') return;
    byId.set(node.id, boxes.length);
    boxOf[i] = boxes.length;
    boxes.push(i);
  });
  const sidecarOf = boxes.map(() => -1);
  topology.nodes.forEach((node, i) => {
    if (node.kind !== 'sidecar') return;
    const box = node.sidecarOf === undefined ? undefined : byId.get(node.sidecarOf);
    if (box === undefined) {
      throw new Error(
        `topology node '${node.id}': sidecar of '${node.sidecarOf ?? ''}', which is no workload`,
      );
    }
    boxOf[i] = box;
    sidecarOf[box] = i;
  });
  return { boxes, boxOf, sidecarOf };
}

/** A link between two boxes, with the first topology edge behind it; mTLS if any edge behind it is. */
export interface EdgeLink {
  readonly link: Link;
  readonly edge: number;
  mtls: boolean;
  /** Taken only when a service fails over. */
  failover: boolean;
}

/** The topology's edges as links between boxes: sidecars mapped to workloads, duplicates and loops dropped. */
export function collectLinks(topology: TopologyData, boxOf: Int32Array): EdgeLink[] {
  const index = new Map(topology.nodes.map((node, i) => [node.id, i]));
  const seen = new Map<string, EdgeLink>();
  topology.edges.forEach((edge, e) => {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from === undefined || to === undefined) {
      throw new Error(`topology edge ${e} (${edge.from} -> ${edge.to}) names an unknown node`);
    }
    const a = boxOf[from];
    const b = boxOf[to];
    if (a === b) return;
    const key = `${a} ${b}`;
    const known = seen.get(key);
    if (known) {
      known.mtls ||= edge.mtls;
      // A box pair some call takes every day is not a failover-only path.
      known.failover &&= edge.failover === true;
    } else seen.set(key, { link: [a, b], edge: e, mtls: edge.mtls, failover: edge.failover === true });
  });
  return [...seen.values()];
}
