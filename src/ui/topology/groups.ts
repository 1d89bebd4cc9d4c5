/**
 * Groups of services that a large diagram draws as one box each, the way Kiali folds a namespace or
 * an app: a hundred boxes at 8 px say nothing, ten groups at full size say where the traffic goes
 * and where it fails. Scenarios have no field that names a group, so groups are read off the ids:
 *
 * 1. A service's prefix is its id up to its last separator (`-`, `_`, `.`, `/`): `search-index` is in
 *    `search`, `svc-a-1` in `svc-a`; an id without a separator has none. A prefix shared by at least
 *    two services is a group (the domains of the hundred-service lesson: `search`, `accounts`, …).
 * 2. If no prefix is shared, services are grouped by tier instead: the column the layout puts them
 *    in (`tier 1` is the services nearest the gateway), for tiers of at least two services.
 *
 * Clients and gateways are never grouped: they are where the requests come in. A service in no group
 * keeps its own box. Pure, so the rule is tested without a page.
 */
import type { TopologyData } from '../../worker/frames';
import { assignColumns, type BoxKind } from './columns';
import { collectBoxes, collectLinks } from './topology-graph';

/** A group of services drawn as one box when collapsed. */
export interface TopologyGroup {
  /** Unique among the groups: the shared prefix, or `tier N`. Shown as the group box's name. */
  readonly id: string;
  /** Indices into `TopologyData.nodes` of its services (never sidecars), in topology order. */
  readonly members: readonly number[];
  /** How the group was found: a shared id prefix, or the layout's column. */
  readonly rule: 'prefix' | 'tier';
}

/**
 * Boxes (clients, gateways, services; sidecars are strips) above which a diagram groups its services
 * and opens with every group collapsed. 24 boxes in a 700 px stage still read at 11 px; the
 * hundred-service lesson has 102.
 */
export const COLLAPSE_ABOVE_BOXES = 24;

/** The least number of services a group holds: a group of one would only hide a box. */
export const MIN_GROUP_SIZE = 2;

/** `search-index` → `search`, `svc-a-1` → `svc-a`; null for an id without a separator (or starting with one). */
export function groupPrefix(id: string): string | null {
  const cut = Math.max(id.lastIndexOf('-'), id.lastIndexOf('_'), id.lastIndexOf('.'), id.lastIndexOf('/'));
  return cut > 0 ? id.slice(0, cut) : null;
}

/** The boxes a topology draws without grouping: every node but the sidecars. */
export function boxCount(topology: TopologyData): number {
  return topology.nodes.filter((n) => n.kind !== 'sidecar').length;
}

/** The groups of `topology`'s services by the rule above; none when fewer than two services. */
export function findGroups(topology: TopologyData): TopologyGroup[] {
  const byPrefix = new Map<string, number[]>();
  topology.nodes.forEach((node, i) => {
    if (node.kind !== 'service') return;
    const prefix = groupPrefix(node.id);
    if (prefix === null) return;
    const members = byPrefix.get(prefix);
    if (members) members.push(i);
    else byPrefix.set(prefix, [i]);
  });
  const prefixed = [...byPrefix]
    .filter(([, members]) => members.length >= MIN_GROUP_SIZE)
    .map(([id, members]): TopologyGroup => ({ id, members, rule: 'prefix' }));
  return prefixed.length > 0 ? prefixed : tierGroups(topology);
}

/** Services grouped by the column the layout gives them, numbered from the gateway: `tier 1`, `tier 2`, … */
function tierGroups(topology: TopologyData): TopologyGroup[] {
  const { boxes, boxOf } = collectBoxes(topology);
  const kinds = boxes.map((node) => topology.nodes[node].kind as BoxKind);
  const columns = assignColumns(
    kinds,
    collectLinks(topology, boxOf).map((l) => l.link),
  );
  let first = Infinity;
  boxes.forEach((_, b) => {
    if (kinds[b] === 'service') first = Math.min(first, columns[b]);
  });
  const byTier = new Map<number, number[]>();
  boxes.forEach((node, b) => {
    if (kinds[b] !== 'service') return;
    const tier = columns[b] - first + 1;
    const members = byTier.get(tier);
    if (members) members.push(node);
    else byTier.set(tier, [node]);
  });
  return [...byTier]
    .sort(([a], [b]) => a - b)
    .filter(([, members]) => members.length >= MIN_GROUP_SIZE)
    .map(([tier, members]): TopologyGroup => ({ id: `tier ${tier}`, members, rule: 'tier' }));
}

/**
 * The groups a diagram of `topology` offers: none up to `COLLAPSE_ABOVE_BOXES` boxes (a small
 * diagram reads whole, and a group there would only hide a box), else `findGroups`.
 */
export function diagramGroups(topology: TopologyData): TopologyGroup[] {
  return boxCount(topology) > COLLAPSE_ABOVE_BOXES ? findGroups(topology) : [];
}
