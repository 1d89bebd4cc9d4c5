/**
 * Where everything of the topology diagram goes, computed once per topology: a pure function of the
 * topology and the room given, with no DOM, so that the SVG (`diagram.ts`) and the dot canvas
 * (`dots.ts`) draw from the same numbers and the geometry is tested in Node.
 *
 * Clients stand in the left column, the gateway next, then services by call depth (`columns.ts`).
 * Sidecars get no column: each is a strip on the left of its workload's box, because a sidecar is in
 * the same pod and every call reaches the workload through it.
 *
 * A large topology offers groups of services (`groups.ts`): a collapsed group is one box, placed and
 * linked like a service, whose edges merge its members'; an expanded group's members stand together
 * in each column, on a tinted band (a hull) whose first part carries the group's name.
 */
import type { TopologyData } from '../../worker/frames';
import type { DiagramNode } from '../../report/diagram-node';
import { assignColumns, insertWaypoints, orderColumns, type BoxKind } from './columns';
import { cubicPath, straightSegment, type EdgePath, type Point } from './edge-path';
import {
  BOX,
  boxExtras,
  badgeText,
  boxSize,
  instanceCells,
  noteRows,
  stripCells,
  type BoxExtras,
  type BoxSize,
  type NoteRowLayout,
  type Rect,
} from './node-box';
import { collectBoxes, collectLinks, type EdgeLink } from './topology-graph';
import { GROUP_BOX, groupBoxParts, groupBoxSize, type GroupBoxLayout } from './group-box';
import type { TopologyGroup } from './groups';
import { magnified } from './box-magnify';

export type { NoteRowLayout, Rect } from './node-box';

/** A sidecar, drawn as a strip on its workload's box. */
export interface SidecarLayout {
  /** Index of the sidecar in `TopologyData.nodes`. */
  readonly node: number;
  readonly id: string;
  readonly strip: Rect;
  /** Cell of sidecar instance i (slot `slot + i`). */
  readonly cells: readonly Rect[];
  readonly slot: number;
  readonly concurrency: number;
}

/** One box: a client, a gateway or a service. */
export interface NodeLayout {
  /** Index of the node in `TopologyData.nodes`. */
  readonly node: number;
  readonly id: string;
  readonly kind: BoxKind;
  /** Column from the left, from 0, and place in the column from the top, from 0. */
  readonly column: number;
  readonly row: number;
  /** The workload's box; the sidecar strip, if any, is outside it on the left. */
  readonly box: Rect;
  /** The id, shortened to fit the box. */
  readonly label: string;
  /** Baseline start of the label, and the badge's pill. */
  readonly labelX: number;
  readonly labelY: number;
  readonly badge: Rect;
  /** The badge's text: the region when there is one, else the kind. */
  readonly badgeText: string;
  /** Baseline start of the second line of figures (unused for clients); the first is `BOX.statsLine` above. */
  readonly statsX: number;
  readonly statsY: number;
  readonly slot: number;
  readonly concurrency: number;
  readonly queueLimit: number;
  /** A one-way message queue, whose workers are its consumers (see `DiagramNode.oneWay`). */
  readonly oneWay?: true;
  /** Cell of instance i (slot `slot + i`), and the queue bar under it. */
  readonly cells: readonly Rect[];
  readonly bars: readonly Rect[];
  /** Rows for the node's notes (the gateway's plugins), under the cells; none for other kinds. */
  readonly notes: readonly NoteRowLayout[];
  /** Baseline of the line that says how many instances are ejected, above the figures; null: none reserved. */
  readonly ejectedY: number | null;
  /** Right end and top of the circuit-breaker pill, which sits on the box's top edge. */
  readonly breakerAt: Point;
  readonly sidecar: SidecarLayout | null;
  /**
   * For a collapsed group's box, its parts; null for a box of one node. A group's box has no cells,
   * notes or sidecar; its `node` is its first member's, `id` the group's.
   */
  readonly group: GroupBoxLayout | null;
  /**
   * Times its natural size the box is drawn, about its outer top-left corner (`box-magnify.ts`); the
   * geometry above is as drawn. 1 but for a box outside every group when `LayoutGroups.magnify` asks.
   */
  readonly magnify: number;
}

/** An edge: a path from the caller box's right side to the callee's left side (its sidecar strip's, if any). */
export interface EdgeLayout extends EdgePath {
  /** Index of the edge in `TopologyData.edges` (the first, when several map to the same boxes). */
  readonly edge: number;
  /** Every edge of `TopologyData.edges` it draws (several when a collapsed group merges them). */
  readonly edges: readonly number[];
  /** Indices into `TopologyLayout.nodes`. */
  readonly from: number;
  readonly to: number;
  readonly mtls: boolean;
  /** Taken only when a service fails over: drawn faint. */
  readonly failover: boolean;
}

/** The whole diagram, in layout units. */
export interface TopologyLayout {
  /** At least the width and height asked for; more when the boxes need more room. */
  readonly width: number;
  readonly height: number;
  readonly columns: number;
  /** The boxes, in the order of the topology's nodes (sidecars left out). */
  readonly nodes: readonly NodeLayout[];
  readonly edges: readonly EdgeLayout[];
  /** For each node of the topology, the index in `nodes` of the box that draws it (a sidecar's workload's, a collapsed member's group's). */
  readonly boxOf: Int32Array;
  /** The bands behind the members of expanded groups, one per group and column. */
  readonly hulls: readonly GroupHull[];
}

/** The band behind an expanded group's members in one column. */
export interface GroupHull {
  readonly group: string;
  readonly column: number;
  readonly rect: Rect;
  /** The group's leftmost band: it carries the name and the control that collapses the group. */
  readonly first: boolean;
}

/** The groups a layout draws: all it may draw, and the ids of those shown as one box. */
export interface LayoutGroups {
  /** Default: none. */
  readonly groups?: readonly TopologyGroup[];
  /** Ids of the groups drawn collapsed; the others are expanded (drawn on hulls). Default: none. */
  readonly collapsed?: ReadonlySet<string>;
  /**
   * Least space between columns, layout units; default `SPACING.minColumnGap`. Less draws a long
   * chain whole at a readable size on a stage a little too narrow, its edge labels above and below.
   */
  readonly leastColumnGap?: number;
  /**
   * Times their natural size the boxes outside every group (a client, a gateway, a service in no
   * group) are drawn, their room reserved; default 1. A map of collapsed groups drawn below the
   * readable scale asks `MAP_BOX_MAGNIFY`, so that those boxes' text is as large as the groups'.
   */
  readonly magnify?: number;
}

/** Space around the diagram, and the least and most space between columns and between boxes of a column. */
export const SPACING = {
  // Tight enough that a chain of five boxes is drawn at 1280 px with its text at 11 px or more.
  margin: 12,
  minColumnGap: 40,
  maxColumnGap: 220,
  minRowGap: 18,
  maxRowGap: 64,
  /** Most vertical distance between neighbouring ports on one side of a box. */
  portGap: 10,
  /** Height a long edge takes in a column it passes (its neighbours in a bundle are `bundleGap` further). */
  waypoint: 6,
  /**
   * Gap between two long edges passing a column side by side: they run as one bundle, so that a
   * gateway calling into every domain of a large mesh does not stack a row of gaps per call.
   */
  bundleGap: 2,
  /** Room around an expanded group's members for its hull, and above its first band for the name. */
  hullPad: 7,
  hullHeader: 20,
} as const;

/**
 * Lays out a topology in a `width` by `height` area (layout units). Throws when a sidecar names no
 * workload or an edge names an unknown node: the topology would be malformed.
 */
export function layoutTopology(
  topology: TopologyData,
  width: number,
  height: number,
  grouping: LayoutGroups = {},
): TopologyLayout {
  const all = grouping.groups ?? [];
  const collapsed = all.filter((g) => grouping.collapsed?.has(g.id));
  const { boxes, boxOf, sidecarOf, groupOf } = collectBoxes(topology, collapsed);
  const edgeLinks = collectLinks(topology, boxOf);
  const links = edgeLinks.map((l) => l.link);
  const kinds = boxes.map((node) => topology.nodes[node].kind as BoxKind);
  const graph = insertWaypoints(assignColumns(kinds, links), links);
  // An expanded group's members in a column stand together, so that one band can hold them.
  const hullOf = new Map<number, string>();
  for (const g of all)
    if (!grouping.collapsed?.has(g.id)) for (const m of g.members) hullOf.set(boxOf[m], g.id);
  const columns = keepTogether(orderColumns(graph.column, graph.links), hullOf);

  const extras = kinds.map((kind, b) =>
    boxExtras(kind, topology.meshEnabled, topology.nodes[boxes[b]].noteRows),
  );
  const magnify = grouping.magnify ?? 1;
  if (!(magnify >= 1) || !Number.isFinite(magnify))
    throw new RangeError(`layout: magnify: expected a number of at least 1, got ${magnify}`);
  const growth = boxes.map((_, b) => (groupOf[b] || hullOf.has(b) ? 1 : magnify));
  const sizes: BoxSize[] = boxes.map((node, b) => {
    const group = groupOf[b];
    if (group) return { ...groupBoxSize(group), stripW: 0, badgeW: groupBadgeWidth(group) };
    const data = topology.nodes[node];
    const sidecar = sidecarOf[b] >= 0 ? topology.nodes[sidecarOf[b]].instances : 0;
    return boxSize(kinds[b], data.id, data.instances, sidecar, extras[b], badgeWord(data));
  });
  const isBox = (v: number): boolean => v < boxes.length;
  // The room a box takes as drawn, its sidecar strip included.
  const outerW = (b: number): number => (sizes[b].w + sizes[b].stripW) * growth[b];
  const heightOf = (v: number): number => (isBox(v) ? sizes[v].h * growth[v] : SPACING.waypoint);

  // Horizontal: each column as wide as its widest box (strip included), the gaps shared out.
  const columnW = columns.map((col) => Math.max(0, ...col.filter(isBox).map(outerW)));
  const totalW = columnW.reduce((a, b) => a + b, 0);
  const gaps = Math.max(1, columns.length - 1);
  const columnGap = clamp(
    (width - 2 * SPACING.margin - totalW) / gaps,
    grouping.leastColumnGap ?? SPACING.minColumnGap,
    SPACING.maxColumnGap,
  );
  const contentW = totalW + columnGap * (columns.length - 1);
  const outW = Math.max(width, contentW + 2 * SPACING.margin);

  // Vertical: each column stacked and centred; the tallest sets the height. Waypoints keep to the
  // least gap, so that a long edge passes close by the boxes rather than far below them.
  // A box entering or leaving an expanded group's band keeps the band's padding (and name) clear.
  const hullFirstColumn = new Map<string, number>();
  for (const [box, group] of hullOf) {
    const c = graph.column[box];
    hullFirstColumn.set(group, Math.min(c, hullFirstColumn.get(group) ?? Infinity));
  }
  const headerAbove = (v: number): number => {
    const group = hullOf.get(v);
    return group !== undefined && hullFirstColumn.get(group) === graph.column[v] ? SPACING.hullHeader : 0;
  };
  const extraGap = (v: number, next: number): number => {
    const a = hullOf.get(v);
    const b = hullOf.get(next);
    if (a === b) return 0;
    return (
      (a === undefined ? 0 : SPACING.hullPad) + (b === undefined ? 0 : SPACING.hullPad + headerAbove(next))
    );
  };
  const stacks = columns.map((col) => {
    const sum = col.reduce((a, v) => a + heightOf(v), 0);
    const boxGaps = col.slice(1).filter((v, k) => isBox(v) && isBox(col[k])).length;
    const bundled = col.slice(1).filter((v, k) => !isBox(v) && !isBox(col[k])).length;
    const otherGaps = Math.max(0, col.length - 1 - boxGaps - bundled);
    const extra =
      bundled * SPACING.bundleGap +
      col.reduce((a, v, k) => a + (k + 1 < col.length ? extraGap(v, col[k + 1]) : 0), 0);
    const ends =
      col.length === 0
        ? 0
        : (hullOf.has(col[0]) ? SPACING.hullPad + headerAbove(col[0]) : 0) +
          (hullOf.has(col[col.length - 1]) ? SPACING.hullPad : 0);
    const spare = height - 2 * SPACING.margin - sum - otherGaps * SPACING.minRowGap - extra - ends;
    const rowGap = clamp(boxGaps > 0 ? spare / boxGaps : 0, SPACING.minRowGap, SPACING.maxRowGap);
    return { rowGap, total: sum + rowGap * boxGaps + SPACING.minRowGap * otherGaps + extra + ends, ends };
  });
  const outH = Math.max(height, ...stacks.map((c) => c.total + 2 * SPACING.margin));
  const gapAfter = (v: number, next: number, c: number): number =>
    (isBox(v) && isBox(next)
      ? stacks[c].rowGap
      : !isBox(v) && !isBox(next)
        ? SPACING.bundleGap
        : SPACING.minRowGap) + extraGap(v, next);
  const placed: NodeLayout[] = new Array(boxes.length);
  /** Vertical centre of every vertex; left and right of every column. */
  const centre = new Float64Array(graph.column.length);
  const columnX: number[] = [];
  let x = (outW - contentW) / 2;
  columns.forEach((col, c) => {
    columnX.push(x);
    let y =
      (outH - stacks[c].total) / 2 +
      (col.length > 0 && hullOf.has(col[0]) ? SPACING.hullPad + headerAbove(col[0]) : 0);
    let row = 0;
    col.forEach((v, k) => {
      centre[v] = y + heightOf(v) / 2;
      if (isBox(v)) {
        const size = sizes[v];
        const outerX = x + (columnW[c] - outerW(v)) / 2;
        const at = { column: c, row: row++, x: outerX, y };
        const group = groupOf[v];
        placed[v] = group
          ? placeGroup(topology, group, size, at)
          : magnified(placeNode(topology, boxes[v], sidecarOf[v], kinds[v], extras[v], size, at), growth[v]);
      }
      if (k + 1 < col.length) y += heightOf(v) + gapAfter(v, col[k + 1], c);
    });
    x += columnW[c] + columnGap;
  });

  const route = { chains: graph.chains, column: graph.column, centre, columnX, columnW };
  return {
    width: outW,
    height: outH,
    columns: columns.length,
    nodes: placed,
    edges: routeEdges(edgeLinks, placed, route),
    boxOf,
    hulls: placeHulls(placed, hullOf, hullFirstColumn),
  };
}

/**
 * The columns with each expanded group's members in a column brought together, where the first of
 * them stood: the ordering keeps its choice for everything else.
 */
function keepTogether(columns: number[][], hullOf: ReadonlyMap<number, string>): number[][] {
  if (hullOf.size === 0) return columns;
  return columns.map((col) => {
    const out: number[] = [];
    const done = new Set<string>();
    for (const v of col) {
      const group = hullOf.get(v);
      if (group === undefined) out.push(v);
      else if (!done.has(group)) {
        done.add(group);
        out.push(...col.filter((w) => hullOf.get(w) === group));
      }
    }
    return out;
  });
}

/** The bands behind the expanded groups' members: per group and column, their outer box padded. */
function placeHulls(
  nodes: readonly NodeLayout[],
  hullOf: ReadonlyMap<number, string>,
  firstColumn: ReadonlyMap<string, number>,
): GroupHull[] {
  const bands = new Map<
    string,
    { group: string; column: number; x0: number; y0: number; x1: number; y1: number }
  >();
  for (const [box, group] of hullOf) {
    const node = nodes[box];
    const key = `${group}\u0000${node.column}`;
    const x0 = outerLeft(node);
    const band = bands.get(key) ?? { group, column: node.column, x0, y0: node.box.y, x1: 0, y1: 0 };
    band.x0 = Math.min(band.x0, x0);
    band.y0 = Math.min(band.y0, node.box.y);
    band.x1 = Math.max(band.x1, node.box.x + node.box.w);
    band.y1 = Math.max(band.y1, node.box.y + node.box.h);
    bands.set(key, band);
  }
  const pad = SPACING.hullPad;
  return [...bands.values()]
    .sort((a, b) => a.column - b.column || a.y0 - b.y0)
    .map((b) => {
      const first = firstColumn.get(b.group) === b.column;
      const top = b.y0 - pad - (first ? SPACING.hullHeader : 0);
      return {
        group: b.group,
        column: b.column,
        first,
        rect: { x: b.x0 - pad, y: top, w: b.x1 - b.x0 + 2 * pad, h: b.y1 + pad - top },
      };
    });
}

/** Width of a group box's member-count pill (`10 services`), layout units. */
function groupBadgeWidth(group: TopologyGroup): number {
  return groupBadgeText(group).length * GROUP_BOX.figureChar + 10;
}

/** A group box's pill: how many services it holds. */
export function groupBadgeText(group: TopologyGroup): string {
  return `${group.members.length} services`;
}

function placeGroup(
  topology: TopologyData,
  group: TopologyGroup,
  size: BoxSize,
  at: { column: number; row: number; x: number; y: number },
): NodeLayout {
  const box: Rect = { x: at.x, y: at.y, w: size.w, h: size.h };
  const parts = groupBoxParts(
    group,
    box,
    topology.nodes.map((n) => n.id),
  );
  return {
    node: group.members[0],
    id: group.id,
    kind: 'service',
    column: at.column,
    row: at.row,
    box,
    label: size.label,
    labelX: box.x + GROUP_BOX.pad,
    labelY: box.y + GROUP_BOX.nameBaseline,
    badgeText: groupBadgeText(group),
    // On the top edge, where a box has its calls-per-request pill.
    badge: {
      x: box.x + BOX.pad,
      y: box.y - GROUP_BOX.badgeHeight + GROUP_BOX.badgeInside,
      w: size.badgeW,
      h: GROUP_BOX.badgeHeight,
    },
    statsX: box.x + GROUP_BOX.pad,
    statsY: parts.loadY,
    slot: -1,
    concurrency: 0,
    queueLimit: -1,
    cells: [],
    bars: [],
    notes: [],
    ejectedY: null,
    breakerAt: { x: box.x + box.w - BOX.pad, y: box.y - BOX.badgeHeight + 4 },
    sidecar: null,
    group: parts,
    magnify: 1,
  };
}

/** The word a box's badge shows beside its id: its region when it has one, else `queue` for a queue. */
function badgeWord(data: DiagramNode): string | undefined {
  return data.region ?? (data.oneWay ? 'queue' : undefined);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function placeNode(
  topology: TopologyData,
  node: number,
  sidecarNode: number,
  kind: BoxKind,
  extras: BoxExtras,
  size: BoxSize,
  at: { column: number; row: number; x: number; y: number },
): NodeLayout {
  const data = topology.nodes[node];
  const { column, row, x: outerX, y } = at;
  const box: Rect = { x: outerX + size.stripW, y, w: size.w, h: size.h };
  const { cells, bars } = instanceCells(box, data.instances);
  let sidecar: SidecarLayout | null = null;
  if (sidecarNode >= 0) {
    const s = topology.nodes[sidecarNode];
    const strip: Rect = { x: outerX, y, w: size.stripW, h: size.h };
    sidecar = {
      node: sidecarNode,
      id: s.id,
      strip,
      cells: stripCells(strip, s.instances),
      slot: s.slot,
      concurrency: s.concurrency,
    };
  }
  const labelY = data.instances > 0 ? box.y + 17 : box.y + box.h / 2 + 4.5;
  const statsY = box.y + box.h - 7;
  return {
    node,
    id: data.id,
    kind,
    column,
    row,
    box,
    label: size.label,
    labelX: box.x + BOX.pad,
    labelY,
    badgeText: badgeText(kind, badgeWord(data)),
    badge: {
      x: box.x + box.w - BOX.pad - size.badgeW,
      y: labelY - BOX.badgeHeight + 3,
      w: size.badgeW,
      h: BOX.badgeHeight,
    },
    statsX: box.x + BOX.pad,
    statsY,
    slot: data.slot,
    concurrency: data.concurrency,
    queueLimit: data.queueLimit,
    ...(data.oneWay ? { oneWay: true as const } : {}),
    cells,
    bars,
    notes: noteRows(box, data.instances, extras.noteRows),
    // Above both lines of figures (`statsY` is the baseline of the second).
    ejectedY: extras.ejectedLine && data.instances > 0 ? statsY - BOX.statsLine - BOX.ejectedLine : null,
    // Above the kind badge, overlapping the top edge, so that it never covers the label or the cells.
    breakerAt: { x: box.x + box.w - BOX.pad, y: box.y - BOX.badgeHeight + 4 },
    sidecar,
    group: null,
    magnify: 1,
  };
}

/** The left edge of everything drawn for a box: its sidecar strip's, or its own. */
export function outerLeft(node: NodeLayout): number {
  return node.sidecar ? node.sidecar.strip.x : node.box.x;
}

/** The vertical centre of a box. */
function middle(node: NodeLayout): number {
  return node.box.y + node.box.h / 2;
}

/** What routing needs of the layered graph: each link's chain of vertices, and where vertices and columns are. */
interface RouteFrame {
  readonly chains: readonly (readonly number[])[];
  readonly column: Int32Array;
  readonly centre: Float64Array;
  readonly columnX: readonly number[];
  readonly columnW: readonly number[];
}

/**
 * The paths of the links. A link leaves its caller's right side and enters its callee's left side;
 * on the way it crosses each column it skips straight through its waypoint. Several links on one side
 * of a box get ports spread around the side's middle, in the vertical order of their next vertices,
 * so that they leave without crossing.
 */
function routeEdges(
  links: readonly EdgeLink[],
  nodes: readonly NodeLayout[],
  frame: RouteFrame,
): EdgeLayout[] {
  const { chains, centre } = frame;
  const portY = (box: number, link: number, side: 'out' | 'in'): number => {
    const mine: { link: number; next: number }[] = [];
    chains.forEach((chain, i) => {
      const own = side === 'out' ? chain[0] : chain[chain.length - 1];
      if (own === box) mine.push({ link: i, next: side === 'out' ? chain[1] : chain[chain.length - 2] });
    });
    mine.sort((p, q) => centre[p.next] - centre[q.next] || p.next - q.next);
    const k = mine.findIndex((p) => p.link === link);
    const node = nodes[box];
    const gap = mine.length > 1 ? Math.min(SPACING.portGap, (node.box.h * 0.6) / (mine.length - 1)) : 0;
    return middle(node) + (k - (mine.length - 1) / 2) * gap;
  };
  return links.map(({ link: [a, b], edge, edges, mtls, failover }, i) => {
    const chain = chains[i];
    let x = nodes[a].box.x + nodes[a].box.w;
    let y = portY(a, i, 'out');
    const coordinates = [x, y];
    const curveTo = (x1: number, y1: number): void => {
      // A backward call (a cycle) loops out and back in, so it needs longer handles.
      const reach = x1 > x ? Math.max(24, (x1 - x) / 2) : Math.max(60, (x - x1) / 2 + 60);
      coordinates.push(x + reach, y, x1 - reach, y1, x1, y1);
      x = x1;
      y = y1;
    };
    for (let k = 1; k < chain.length - 1; k++) {
      const c = frame.column[chain[k]];
      curveTo(frame.columnX[c], centre[chain[k]]);
      const right = frame.columnX[c] + frame.columnW[c];
      coordinates.push(...straightSegment(x, y, right, y));
      x = right;
    }
    curveTo(outerLeft(nodes[b]), portY(b, i, 'in'));
    return { ...cubicPath(coordinates), edge, edges, from: a, to: b, mtls, failover };
  });
}
