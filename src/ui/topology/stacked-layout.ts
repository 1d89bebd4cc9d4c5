/**
 * The diagram for a narrow stage (a phone): the same boxes and calls, read top to bottom instead of
 * left to right. Each column of the layered layout (`layout.ts`) becomes a band, the bands stack
 * downwards (clients, then the gateway, then services by call depth) and the boxes of a band stand
 * side by side in the column's order; a call leaves its caller's bottom and enters its callee's top.
 * A phone is tall and narrow: a chain of five read downwards fits its width at full size, where read
 * sideways it would be drawn at a third of it.
 *
 * Pure: it moves the boxes of a layout already made (each box's parts with it) and routes the edges
 * anew, so that the diagram, the dots and the labels draw from it as from any layout.
 */
import { cubicPath, straightSegment } from './edge-path';
import { outerLeft, SPACING, type EdgeLayout, type NodeLayout, type TopologyLayout } from './layout';

/**
 * Space between bands, and between boxes of a band, layout units. A band gap holds an edge's label
 * of three lines at 11 px (39 units, `edge-labels.ts`) clear of the pills on a box's top edge (12, a
 * group's count 15) and the refusals line under a box (14), with a little air: a phone shows each
 * call's figures unasked.
 */
export const STACK = { bandGap: 76, boxGap: 20 } as const;

/**
 * True when `layout` can be stacked: it draws no expanded group's band (a band spans columns, and
 * has no place in a stacked picture).
 */
export function canStack(layout: TopologyLayout): boolean {
  return layout.hulls.length === 0;
}

/**
 * `layout`'s boxes stacked in bands, in at least `width` layout units (the boxes of a band spread
 * over it); as tall as the bands need. A column whose boxes side by side would be wider than `wrap`
 * layout units goes on as many bands as it needs (a column of four domain groups on a phone), so
 * that the picture can be as narrow as its widest box.
 */
export function stackLayout(layout: TopologyLayout, width: number, wrap = Infinity): TopologyLayout {
  const margin = SPACING.margin;
  const columns: NodeLayout[][] = Array.from({ length: layout.columns }, () => []);
  for (const node of layout.nodes) columns[node.column].push(node);
  for (const column of columns) column.sort((a, b) => a.row - b.row);
  const outerW = (n: NodeLayout): number => n.box.x + n.box.w - outerLeft(n);
  const outerH = (n: NodeLayout): number => n.box.h;
  const bands = columns.flatMap((column) => wrapBand(column, outerW, wrap - 2 * margin));
  const bandW = bands.map(
    (band) => band.reduce((a, n) => a + outerW(n), 0) + STACK.boxGap * Math.max(0, band.length - 1),
  );
  const outW = Math.max(width, Math.max(0, ...bandW) + 2 * margin);

  const moved: NodeLayout[] = new Array(layout.nodes.length);
  const bandOf = new Int32Array(layout.nodes.length);
  const extents: BandExtent[] = [];
  let y = margin;
  bands.forEach((band, b) => {
    if (band.length === 0) return;
    const height = Math.max(...band.map(outerH));
    // The boxes of a band share its width: spread out, but never further apart than a box's width.
    const spare = outW - 2 * margin - bandW[b];
    const gap = STACK.boxGap + (band.length > 1 ? Math.min(spare / (band.length - 1), 120) : 0);
    const used = bandW[b] + (gap - STACK.boxGap) * Math.max(0, band.length - 1);
    let x = (outW - used) / 2;
    for (const node of band) {
      const index = layout.nodes.indexOf(node);
      moved[index] = shifted(node, x - outerLeft(node), y + (height - outerH(node)) / 2 - node.box.y);
      bandOf[index] = extents.length;
      x += outerW(node) + gap;
    }
    extents.push(
      bandExtent(
        band.map((node) => moved[layout.nodes.indexOf(node)]),
        outW,
      ),
    );
    y += height + STACK.bandGap;
  });
  const outH = y - STACK.bandGap + margin;
  return {
    ...layout,
    width: outW,
    height: outH,
    nodes: moved,
    edges: routeDown(layout.edges, moved, bandOf, extents),
  };
}

/** Room a lane keeps from a box's side, layout units. */
const LANE_CLEARANCE = 6;

/**
 * A band's top and bottom (its tallest box's), and the spans of x between and beside its boxes where
 * an edge passing the band can go down without crossing a box, layout units.
 */
export interface BandExtent {
  readonly top: number;
  readonly bottom: number;
  readonly lanes: readonly { readonly from: number; readonly to: number }[];
}

/** The extent of a band of boxes (moved into place) in a picture `width` wide. */
function bandExtent(band: readonly NodeLayout[], width: number): BandExtent {
  const sides = band
    .map((n) => ({ left: outerLeft(n), right: n.box.x + n.box.w }))
    .sort((a, b) => a.left - b.left);
  const lanes: { from: number; to: number }[] = [];
  let free = LANE_CLEARANCE / 2;
  for (const { left, right } of sides) {
    if (left - LANE_CLEARANCE >= free) lanes.push({ from: free, to: left - LANE_CLEARANCE });
    free = Math.max(free, right + LANE_CLEARANCE);
  }
  if (free <= width - LANE_CLEARANCE / 2) lanes.push({ from: free, to: width - LANE_CLEARANCE / 2 });
  return {
    top: Math.min(...band.map((n) => n.box.y)),
    bottom: Math.max(...band.map((n) => n.box.y + n.box.h)),
    lanes,
  };
}

/** The x within `extent`'s lanes nearest to `wanted`. */
function laneNear(extent: BandExtent, wanted: number): number {
  let best = wanted;
  let distance = Infinity;
  for (const { from, to } of extent.lanes) {
    const x = Math.min(to, Math.max(from, wanted));
    if (Math.abs(x - wanted) < distance) {
      distance = Math.abs(x - wanted);
      best = x;
    }
  }
  return best;
}

/** `column`'s boxes in bands of at most `room` layout units each (at least one box a band). */
function wrapBand(
  column: readonly NodeLayout[],
  outerW: (n: NodeLayout) => number,
  room: number,
): NodeLayout[][] {
  const bands: NodeLayout[][] = [];
  let band: NodeLayout[] = [];
  let used = 0;
  for (const node of column) {
    const w = outerW(node);
    if (band.length > 0 && used + STACK.boxGap + w > room) {
      bands.push(band);
      band = [];
      used = 0;
    }
    used += (band.length > 0 ? STACK.boxGap : 0) + w;
    band.push(node);
  }
  if (band.length > 0) bands.push(band);
  return bands;
}

/**
 * The edges from the callers' bottoms to the callees' tops. Several edges on one side of a box get
 * ports spread along it, in the left-to-right order of their other ends, so that they do not cross
 * as they leave.
 */
function routeDown(
  edges: readonly EdgeLayout[],
  nodes: readonly NodeLayout[],
  bandOf: Int32Array,
  extents: readonly BandExtent[],
): EdgeLayout[] {
  const centreX = (n: NodeLayout): number => n.box.x + n.box.w / 2;
  const portX = (box: number, edge: number, side: 'out' | 'in'): number => {
    const mine = edges
      .map((e, i) => ({ i, own: side === 'out' ? e.from : e.to, other: side === 'out' ? e.to : e.from }))
      .filter((e) => e.own === box)
      .sort((p, q) => centreX(nodes[p.other]) - centreX(nodes[q.other]) || p.other - q.other);
    const k = mine.findIndex((e) => e.i === edge);
    const node = nodes[box];
    const gap = mine.length > 1 ? Math.min(SPACING.portGap * 1.5, (node.box.w * 0.6) / (mine.length - 1)) : 0;
    return centreX(node) + (k - (mine.length - 1) / 2) * gap;
  };
  return edges.map((edge, i) => {
    const from = nodes[edge.from];
    const to = nodes[edge.to];
    const x0 = portX(edge.from, i, 'out');
    const y0 = from.box.y + from.box.h;
    const x1 = portX(edge.to, i, 'in');
    const y1 = to.box.y;
    // A call down past other bands goes down through the gaps between or beside their boxes (the
    // lane nearest its straight line), never behind a box; between neighbouring bands it is one curve.
    const passed = extents.slice(bandOf[edge.from] + 1, bandOf[edge.to]);
    if (y1 > y0 && passed.length > 0) {
      const coordinates = [x0, y0];
      let [x, y] = [x0, y0];
      for (const band of passed) {
        const share = (band.top - y0) / (y1 - y0);
        const lane = laneNear(band, x0 + (x1 - x0) * share);
        coordinates.push(
          ...downCurve(x, y, lane, band.top),
          ...straightSegment(lane, band.top, lane, band.bottom),
        );
        [x, y] = [lane, band.bottom];
      }
      coordinates.push(...downCurve(x, y, x1, y1));
      return { ...edge, ...cubicPath(coordinates) };
    }
    // A call back up (a cycle) loops out below and comes in from above, so it needs longer handles.
    const reach = y1 > y0 ? Math.max(16, (y1 - y0) / 2) : Math.max(60, (y0 - y1) / 2 + 60);
    return { ...edge, ...cubicPath([x0, y0, x0, y0 + reach, x1, y1 - reach, x1, y1]) };
  });
}

/** A curve's control points and end, from (x0, y0) down to (x1, y1), leaving and arriving upright. */
function downCurve(x0: number, y0: number, x1: number, y1: number): number[] {
  const reach = Math.max(8, (y1 - y0) / 2);
  return [x0, y0 + reach, x1, y1 - reach, x1, y1];
}

/**
 * `node` moved by (dx, dy): every rectangle and point of it and of its parts (cells, bars, note rows,
 * sidecar strip, a group box's parts), and every coordinate named `…X` or `…Y`. Counts and indices
 * (`slot`, `row`, `chars`, …) stay.
 */
export function shifted(node: NodeLayout, dx: number, dy: number): NodeLayout {
  return move(node, dx, dy) as NodeLayout;
}

function move(value: unknown, dx: number, dy: number): unknown {
  if (Array.isArray(value)) return value.map((v) => move(v, dx, dy));
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'number' && (key === 'x' || key.endsWith('X'))) out[key] = v + dx;
    else if (typeof v === 'number' && (key === 'y' || key.endsWith('Y'))) out[key] = v + dy;
    else out[key] = move(v, dx, dy);
  }
  return out;
}
