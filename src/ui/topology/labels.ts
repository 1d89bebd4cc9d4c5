/**
 * The words of the diagram for screen readers and tooltips: a summary of the whole picture for the
 * SVG's `aria-label`, and a `<title>` per box. Pure; the ids come from user files and are only ever
 * set as text.
 */
import type { TopologyData } from '../../worker/frames';
import { plural } from '../../report/figure-format';
import type { NodeLayout } from './layout';

/**
 * `Topology of shop: 1 client, 1 gateway, 6 services, 6 sidecars; 9 calls, 5 under mTLS.` Kinds with
 * no node are left out.
 */
export function topologySummary(topology: TopologyData): string {
  const count = (kind: string): number => topology.nodes.filter((n) => n.kind === kind).length;
  const parts = (['client', 'gateway', 'service', 'sidecar'] as const)
    .map((kind) => [count(kind), kind] as const)
    .filter(([n]) => n > 0)
    .map(([n, kind]) => plural(n, kind, { grouped: true }));
  const mtls = topology.edges.filter((e) => e.mtls).length;
  const calls =
    plural(topology.edges.length, 'call', { grouped: true }) + (mtls > 0 ? `, ${mtls} under mTLS` : '');
  return `Topology of ${topology.variant}: ${parts.join(', ')}; ${calls}.`;
}

/**
 * The tooltip of a box: `catalog, service: 3 instances × 4 workers, queue limit 64, with a sidecar`;
 * of a collapsed group's, its members: `search: 10 services (search-api, …); click to show them`.
 */
export function nodeTitle(node: NodeLayout): string {
  if (node.kind === 'client') return `${node.id}, client`;
  if (node.group) {
    const { memberIds } = node.group;
    return `${node.id}: ${plural(memberIds.length, 'service', { grouped: true })} (${memberIds.join(', ')}); click to show them`;
  }
  const queue = node.queueLimit < 0 ? 'unlimited queue' : `queue limit ${node.queueLimit}`;
  const worker = node.oneWay ? 'consumer' : 'worker';
  const size = `${plural(node.cells.length, 'instance', { grouped: true })} × ${plural(node.concurrency, worker, { grouped: true })}`;
  const kind = node.oneWay ? 'one-way queue (callers answered 202 once a message is in)' : node.kind;
  return `${node.id}, ${kind}: ${size}, ${queue}${node.sidecar ? ', with a sidecar' : ''}`;
}
