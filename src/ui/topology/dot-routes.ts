/**
 * Which path a try's dot follows, from the nodes it goes between. Tries name nodes of the topology,
 * sidecars included; the diagram has edges between boxes. A try between two boxes runs along their
 * edge (backwards along it if the edge is the other way), or along a straight line if the diagram has
 * no such edge; a hop between a workload and its own sidecar runs between the strip and the box, and a
 * hop between two members of a collapsed group runs across the group's box, over its member strip.
 * Paths made up here are built once per pair of nodes and kept.
 */
import { straightPath, type EdgePath } from './edge-path';
import { outerLeft, type NodeLayout, type TopologyLayout } from './layout';

export class DotRoutes {
  /** The layout's edge paths (same indices), then the paths made up for pairs without an edge. */
  readonly paths: EdgePath[];
  private readonly layout: TopologyLayout;
  /** Route code by `from × nodes + to`. */
  private readonly known = new Map<number, number>();

  constructor(layout: TopologyLayout) {
    this.layout = layout;
    this.paths = [...layout.edges];
  }

  /**
   * The route of a try from node `from` to node `to` (indices into `TopologyData.nodes`), as a code:
   * `path × 2`, plus 1 when the dot runs the path from its end to its start. See `routePath`.
   */
  route(from: number, to: number): number {
    const nodes = this.layout.boxOf.length;
    const key = from * nodes + to;
    let code = this.known.get(key);
    if (code === undefined) {
      code = this.find(from, to);
      this.known.set(key, code);
    }
    return code;
  }

  private find(from: number, to: number): number {
    const { boxOf, edges, nodes } = this.layout;
    const a = boxOf[from];
    const b = boxOf[to];
    if (a < 0 || b < 0) throw new Error(`DotRoutes: node ${a < 0 ? from : to} is not in the layout`);
    if (a !== b) {
      for (let e = 0; e < edges.length; e++) {
        if (edges[e].from === a && edges[e].to === b) return 2 * e;
        if (edges[e].from === b && edges[e].to === a) return 2 * e + 1;
      }
      const p = nodes[a];
      const q = nodes[b];
      return this.add(straightPath(p.box.x + p.box.w, middle(p), outerLeft(q), middle(q)));
    }
    const node = nodes[a];
    if (node.group) {
      const strip = node.group.cells;
      const y = strip[0].y + strip[0].h / 2;
      const last = strip[strip.length - 1];
      return this.add(straightPath(strip[0].x, y, last.x + last.w, y));
    }
    const [x0, y0] = anchor(node, from);
    const [x1, y1] = anchor(node, to);
    return this.add(straightPath(x0, y0, x1, y1));
  }

  private add(path: EdgePath): number {
    this.paths.push(path);
    return 2 * (this.paths.length - 1);
  }
}

/** The path of a route code. */
export function routePath(routes: DotRoutes, code: number): EdgePath {
  return routes.paths[code >> 1];
}

/** Whether a route code runs its path backwards. */
export function routeReversed(code: number): boolean {
  return (code & 1) === 1;
}

function middle(node: NodeLayout): number {
  return node.box.y + node.box.h / 2;
}

/** The centre of a box's sidecar strip if `index` is the sidecar, else of the box. */
function anchor(node: NodeLayout, index: number): [number, number] {
  const rect = node.sidecar?.node === index ? node.sidecar.strip : node.box;
  return [rect.x + rect.w / 2, rect.y + rect.h / 2];
}
