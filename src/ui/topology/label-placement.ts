/**
 * Where each edge's label goes: on the edge, as near its middle as it can be without covering a box
 * or another label; else just above or below a point of it (the diagram then draws a short leader to
 * the edge), as near as it fits. A label that fits nowhere gets no place, and the diagram shows it
 * only while its edge is hovered or focused. Pure geometry in layout units, tested in Node.
 */
import { pointOnEdge, type EdgePath, type Point } from './edge-path';
import type { Rect } from './node-box';

/** Points along an edge tried in turn, as shares of its length: the middle first, then outwards. */
export const LABEL_STOPS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74] as const;

/** Room kept free around boxes and between labels, layout units. */
const CLEARANCE = 2;

/** True when rect `a` lies wholly inside rect `b`. */
export function inside(a: Rect, b: Rect): boolean {
  return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
}

/** Vertical steps a label may move off its edge, and how many, layout units. */
export const LABEL_OFFSET = { step: 8, steps: 10 } as const;

/** A label's centre, and the point of its edge it belongs to (the same when it sits on the edge). */
export interface LabelPlace {
  readonly x: number;
  readonly y: number;
  readonly anchorX: number;
  readonly anchorY: number;
}

function overlaps(a: Rect, b: Rect): boolean {
  return (
    a.x < b.x + b.w + CLEARANCE &&
    b.x < a.x + a.w + CLEARANCE &&
    a.y < b.y + b.h + CLEARANCE &&
    b.y < a.y + a.h + CLEARANCE
  );
}

/**
 * The place of each edge's label of size `size[i]` (null: none), keeping clear of `obstacles` and of
 * the labels placed before it: on the edge at `LABEL_STOPS` first, then moved up or down from those
 * points by one `LABEL_OFFSET.step`, then two, and so on. Edges are placed in order of `priority`
 * (highest first; ties in edge order), so the busiest edges get the best places. A label stays
 * inside `bounds` (the drawing's area; default: anywhere), so that none is cut off at its edge.
 */
export function placeLabels(
  edges: readonly EdgePath[],
  size: readonly { readonly w: number; readonly h: number }[],
  obstacles: readonly Rect[],
  priority: readonly number[] = edges.map(() => 0),
  bounds?: Rect,
): (LabelPlace | null)[] {
  const order = edges.map((_, i) => i).sort((a, b) => priority[b] - priority[a] || a - b);
  const placed: Rect[] = [];
  const out: (LabelPlace | null)[] = edges.map(() => null);
  const at: Point = { x: 0, y: 0 };
  for (const i of order) {
    const { w, h } = size[i];
    search: for (let step = 0; step <= LABEL_OFFSET.steps; step++) {
      for (const stop of LABEL_STOPS) {
        pointOnEdge(edges[i], stop, at);
        for (const sign of step === 0 ? [0] : [-1, 1]) {
          // Off the edge, the label's near side keeps a step's distance from it.
          const dy = sign * (step * LABEL_OFFSET.step + (step > 0 ? h / 2 : 0));
          const box: Rect = { x: at.x - w / 2, y: at.y + dy - h / 2, w, h };
          if (bounds !== undefined && !inside(box, bounds)) continue;
          if (obstacles.some((o) => overlaps(box, o)) || placed.some((p) => overlaps(box, p))) continue;
          placed.push(box);
          out[i] = { x: at.x, y: at.y + dy, anchorX: at.x, anchorY: at.y };
          break search;
        }
      }
    }
  }
  return out;
}
