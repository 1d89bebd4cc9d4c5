/**
 * The topology as the layout sees it: boxes (clients, gateways, services; a sidecar belongs to its
 * workload's box; a collapsed group's services and their sidecars to the group's one box) and links
 * between boxes. The worker's edges name nodes by id; here they become box indices, with a sidecar's
 * edges folded onto its workload, a collapsed group's onto the group, and duplicates merged. Malformed
 * input (an edge to an unknown node, a sidecar of no workload) is rejected with the offending names.
 */
import type { TopologyData } from '../../worker/frames';
import type { Link } from './columns';
import type { TopologyGroup } from './groups';

/**
 * The boxes (non-sidecar nodes, a collapsed group counting as one), each node's box, each box's
 * sidecar node (-1: none) and each box's group (null: a box of its own). A group's box stands where
 * its first member would, and `boxes` gives that member's node for it.
 */
export function collectBoxes(
  topology: TopologyData,
  collapsed: readonly TopologyGroup[] = [],
): {
  boxes: number[];
  boxOf: Int32Array;
  sidecarOf: number[];
  groupOf: (TopologyGroup | null)[];
} {
  const groupOfNode = new Map<number, TopologyGroup>();
  for (const group of collapsed) for (const member of group.members) groupOfNode.set(member, group);
  const boxes: number[] = [];
  const groupOf: (TopologyGroup | null)[] = [];
  const boxOf = new Int32Array(topology.nodes.length).fill(-1);
  const byId = new Map<string, number>();
  const groupBox = new Map<TopologyGroup, number>();
  topology.nodes.forEach((node, i) => {
    if (node.kind === 'sidecar') return;
    const group = groupOfNode.get(i);
    let box = group === undefined ? undefined : groupBox.get(group);
    if (box === undefined) {
      box = boxes.length;
      boxes.push(i);
      groupOf.push(group ?? null);
      if (group) groupBox.set(group, box);
    }
    byId.set(node.id, box);
    boxOf[i] = box;
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
    // A group's box draws no strip: its members' sidecars are summed with them.
    if (groupOf[box] === null) sidecarOf[box] = i;
  });
  return { boxes, boxOf, sidecarOf, groupOf };
}

/** A link between two boxes, with the topology edges behind it; mTLS if any edge behind it is. */
export interface EdgeLink {
  readonly link: Link;
  /** The first topology edge behind it. */
  readonly edge: number;
  /** Every topology edge behind it, in topology order (several when a collapsed group's edges merge). */
  readonly edges: number[];
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
      known.edges.push(e);
      known.mtls ||= edge.mtls;
      // A box pair some call takes every day is not a failover-only path.
      known.failover &&= edge.failover === true;
    } else
      seen.set(key, { link: [a, b], edge: e, edges: [e], mtls: edge.mtls, failover: edge.failover === true });
  });
  return [...seen.values()];
}
