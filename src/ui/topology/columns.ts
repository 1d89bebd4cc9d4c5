/**
 * The layered part of the layout, as a graph problem with no geometry: which column each box goes in,
 * and in what order the boxes of a column stand. Clients come first, the gateway next, then services by
 * call depth, so that a request reads left to right. The order within a column is the barycentre
 * heuristic (Sugiyama et al.): a box moves towards the mean position of its neighbours in the columns
 * already placed, sweeping forward then backward, keeping the order with the fewest crossings.
 */

/** The kinds of boxes the diagram draws (sidecars are strips on their workload's box). */
export type BoxKind = 'client' | 'gateway' | 'service';

/** A call from box `from` to box `to` (indices into the boxes). */
export type Link = readonly [from: number, to: number];

/** How many forward and backward sweeps the ordering makes; more rarely helps graphs of this size. */
export const ORDER_SWEEPS = 4;

/**
 * Depth of each service in the calls between services: 0 for a service no other service calls, else one
 * more than its deepest caller (the longest path from an entry). Calls that close a cycle are found by
 * a depth-first search in index order and ignored, so a cycle cannot push depths up without bound.
 */
export function serviceDepths(kinds: readonly BoxKind[], links: readonly Link[]): Int32Array {
  const n = kinds.length;
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of links) {
    if (kinds[from] === 'service' && kinds[to] === 'service' && from !== to) out[from].push(to);
  }
  // 1. Depth-first search: an edge to a box still on the stack closes a cycle; the rest form a DAG.
  const state = new Uint8Array(n); // 0 unseen, 1 on the stack, 2 done
  const order: number[] = []; // reverse post-order: a topological order of the DAG
  const dag: number[][] = Array.from({ length: n }, () => []);
  const visit = (v: number): void => {
    state[v] = 1;
    for (const w of out[v]) {
      if (state[w] === 1) continue;
      dag[v].push(w);
      if (state[w] === 0) visit(w);
    }
    state[v] = 2;
    order.push(v);
  };
  for (let v = 0; v < n; v++) if (kinds[v] === 'service' && state[v] === 0) visit(v);
  // 2. Longest path: relax the edges in topological order.
  const depth = new Int32Array(n);
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k];
    for (const w of dag[v]) if (depth[w] < depth[v] + 1) depth[w] = depth[v] + 1;
  }
  return depth;
}

/**
 * The column of each box, from 0: clients, then gateways, then services by `serviceDepths`. Columns no
 * box uses (no gateway, say) are closed up.
 */
export function assignColumns(kinds: readonly BoxKind[], links: readonly Link[]): Int32Array {
  const depth = serviceDepths(kinds, links);
  const raw = kinds.map((kind, i) => (kind === 'client' ? 0 : kind === 'gateway' ? 1 : 2 + depth[i]));
  const used = [...new Set(raw)].sort((a, b) => a - b);
  return Int32Array.from(raw, (c) => used.indexOf(c));
}

/** Position of a box within its column, scaled to (0, 1) so that columns of different sizes compare. */
function positions(columns: readonly (readonly number[])[], n: number): Float64Array {
  const pos = new Float64Array(n);
  for (const column of columns) column.forEach((box, k) => (pos[box] = (k + 0.5) / column.length));
  return pos;
}

/**
 * How many pairs of links cross when each box stands at its column index and its scaled position.
 * Links are straight segments here; links that share a box are not counted, nor links within a column.
 */
export function countCrossings(
  columns: readonly (readonly number[])[],
  column: Int32Array,
  links: readonly Link[],
): number {
  const pos = positions(columns, column.length);
  const spans = links.filter(([a, b]) => column[a] !== column[b]);
  let crossings = 0;
  for (let i = 0; i < spans.length; i++) {
    const [a, b] = spans[i];
    for (let j = i + 1; j < spans.length; j++) {
      const [c, d] = spans[j];
      if (a === c || a === d || b === c || b === d) continue;
      const lo = Math.max(Math.min(column[a], column[b]), Math.min(column[c], column[d]));
      const hi = Math.min(Math.max(column[a], column[b]), Math.max(column[c], column[d]));
      if (lo >= hi) continue;
      const gapLo = yAt(a, b, lo) - yAt(c, d, lo);
      const gapHi = yAt(a, b, hi) - yAt(c, d, hi);
      if (gapLo * gapHi < 0) crossings++;
    }
  }
  return crossings;

  function yAt(p: number, q: number, x: number): number {
    const share = (x - column[p]) / (column[q] - column[p]);
    return pos[p] + (pos[q] - pos[p]) * share;
  }
}

/**
 * The boxes of each column, in drawing order (top to bottom). Starts from index order, boxes without
 * links last, then sweeps:
 * forward, each box sorted by the mean position of its callers in earlier columns; backward, by its
 * callees in later columns. Ties and boxes without such neighbours keep their place. Returns the order
 * with the fewest crossings seen, the earliest on a tie, so the result is deterministic.
 */
export function orderColumns(
  column: Int32Array,
  links: readonly Link[],
  sweeps: number = ORDER_SWEEPS,
): number[][] {
  const n = column.length;
  const count = n === 0 ? 0 : Math.max(...column) + 1;
  let columns: number[][] = Array.from({ length: count }, () => []);
  // Boxes no call touches (a host the mesh splits every call away from) stand below the others,
  // so that the boxes traffic flows through come first in the view that opens on the top.
  const linked = new Uint8Array(n);
  for (const [a, b] of links) linked[a] = linked[b] = 1;
  for (let box = 0; box < n; box++) if (linked[box]) columns[column[box]].push(box);
  for (let box = 0; box < n; box++) if (!linked[box]) columns[column[box]].push(box);
  let best = columns.map((c) => [...c]);
  let fewest = countCrossings(columns, column, links);

  for (let sweep = 0; sweep < sweeps && fewest > 0; sweep++) {
    const forward = sweep % 2 === 0;
    columns = columns.map((c) => [...c]);
    for (let k = 0; k < count; k++) {
      const c = forward ? k : count - 1 - k;
      const pos = positions(columns, n);
      const sum = new Float64Array(n);
      const degree = new Int32Array(n);
      for (const [from, to] of links) {
        // Forward: a box follows its callers on the left; backward: its callees on the right.
        const [box, other] = forward ? [to, from] : [from, to];
        if (column[box] !== c) continue;
        if (forward ? column[other] >= c : column[other] <= c) continue;
        sum[box] += pos[other];
        degree[box]++;
      }
      // An unlinked box keeps its place among the unlinked, below every linked box.
      const key = (box: number): number =>
        !linked[box] ? 2 + pos[box] : degree[box] > 0 ? sum[box] / degree[box] : pos[box];
      columns[c].sort((p, q) => key(p) - key(q) || pos[p] - pos[q]);
    }
    const crossings = countCrossings(columns, column, links);
    if (crossings < fewest) {
      fewest = crossings;
      best = columns.map((col) => [...col]);
    }
  }
  return best;
}

/** The graph with a waypoint in each column that a link passes over, so that no link skips a column. */
export interface LayeredGraph {
  /** Column of each vertex: the boxes first (same indices), then the waypoints. */
  readonly column: Int32Array;
  /** Links between neighbouring columns, plus the backward links (cycles) as they were. */
  readonly links: readonly Link[];
  /** For each input link, its vertices from caller to callee, both ends included. */
  readonly chains: readonly (readonly number[])[];
}

/**
 * Splits each link that spans more than one column into a chain through a waypoint per column in
 * between. Ordered with the boxes, the waypoints keep long links out of the boxes they pass and make
 * their crossings count (the dummy vertices of Sugiyama's method).
 */
export function insertWaypoints(column: Int32Array, links: readonly Link[]): LayeredGraph {
  const columns = Array.from(column);
  const out: Link[] = [];
  const chains = links.map(([from, to]) => {
    const chain = [from];
    for (let c = column[from] + 1; c < column[to]; c++) {
      chain.push(columns.length);
      columns.push(c);
    }
    chain.push(to);
    for (let k = 1; k < chain.length; k++) out.push([chain[k - 1], chain[k]]);
    return chain;
  });
  return { column: Int32Array.from(columns), links: out, chains };
}
