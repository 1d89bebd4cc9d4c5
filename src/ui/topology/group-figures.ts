/**
 * What a collapsed group's box and its merged edges say: the members' figures added up. Calls/s add;
 * error shares are taken over all the tries together (weighted by tries, not averaged); a merged
 * edge's p99 is the largest of its members' p99s, which bounds the merged p99 from above (each edge
 * has at most 1 % of its tries above its own p99, so the mix has at most 1 % above the largest). The
 * group's load is its members' instances together. Pure functions of a `TrafficView` or a frame, so
 * the sums are tested exactly without a page.
 */
import type { FrameData, TopologyData } from '../../worker/frames';
import { rateText, shareText } from './edge-look';
import type { EdgeFigures, NodeFigures, TrafficView } from './traffic-view';

/** The figures of the edges `indices` of `edges` as one edge's (see the rules above). */
export function sumEdgeFigures(edges: readonly EdgeFigures[], indices: readonly number[]): EdgeFigures {
  if (indices.length === 1) return edges[indices[0]];
  let tries = 0;
  let rps = 0;
  let errors = 0;
  let clientErrors = 0;
  let p99 = NaN;
  for (const e of indices) {
    const f = edges[e];
    if (f === undefined) continue;
    tries += f.tries;
    rps += f.rps;
    errors += f.errorShare * f.tries;
    clientErrors += f.clientErrorShare * f.tries;
    if (f.tries > 0 && !(f.p99 <= p99)) p99 = f.p99;
  }
  return {
    tries,
    rps,
    errorShare: tries > 0 ? errors / tries : 0,
    clientErrorShare: tries > 0 ? clientErrors / tries : 0,
    p99,
  };
}

/** What a group's box says of its traffic over a window. */
export interface GroupTraffic {
  /** The calls into its members from outside the group, as one edge. */
  readonly into: EdgeFigures;
  /** The calls between its members, as one edge. */
  readonly inside: EdgeFigures;
  /** Share of all tries that ended at a member (from outside or inside) that were errors, 0 to 1. */
  readonly errorShare: number;
  /** Its members' refusals and ejections summed; no calls per request (NaN): a group has no one entry. */
  readonly node: NodeFigures;
}

/** The topology edges that end at a group's members: from outside the group, and between members. */
export interface GroupEdges {
  readonly into: readonly number[];
  readonly inside: readonly number[];
}

/** The edges of `topology` into the group of `members` (indices into `topology.nodes`); found once per diagram. */
export function groupEdges(topology: TopologyData, members: readonly number[]): GroupEdges {
  const index = new Map(topology.nodes.map((n, i) => [n.id, i]));
  const inGroup = new Set(members);
  const into: number[] = [];
  const inside: number[] = [];
  topology.edges.forEach((edge, e) => {
    if (!inGroup.has(index.get(edge.to) ?? -1)) return;
    (inGroup.has(index.get(edge.from) ?? -1) ? inside : into).push(e);
  });
  return { into, inside };
}

/**
 * The traffic of the group of `members` (indices into `topology.nodes`) over `view`; `edges` are
 * `groupEdges(topology, members)`, found once when given.
 */
export function groupTraffic(
  topology: TopologyData,
  view: TrafficView,
  members: readonly number[],
  edges: GroupEdges = groupEdges(topology, members),
): GroupTraffic {
  const { into, inside } = edges;
  const outer = sumEdgeFigures(view.edges, into);
  const inner = sumEdgeFigures(view.edges, inside);
  const all = outer.tries + inner.tries;
  const errors = outer.errorShare * outer.tries + inner.errorShare * inner.tries;
  let breakerRefused = 0;
  let poolRefused = 0;
  let unreached = 0;
  let ejections = 0;
  for (const m of members) {
    const f = view.nodes[m];
    if (f === undefined) continue;
    breakerRefused += f.breakerRefused;
    poolRefused += f.poolRefused;
    unreached += f.unreached;
    ejections += f.ejections;
  }
  return {
    into: outer,
    inside: inner,
    errorShare: all > 0 ? errors / all : 0,
    node: { perRequest: NaN, breakerRefused, poolRefused, unreached, ejections },
  };
}

/** The load of a group's instances at the end of a frame. */
export interface GroupLoad {
  /** Calls waiting, over all its members' instances. */
  readonly queued: number;
  /** Share of the running instances' workers that are busy, 0 to 1; NaN when none runs. */
  readonly busy: number;
  /** Each member's own busy share (same order as the members), 0 to 1; NaN for a member with none running. */
  readonly members: Float64Array;
  /** Instances down, over all members. */
  readonly down: number;
}

/**
 * The load of the group of `members` in `frame`: their workload instances together (sidecars are
 * left out: their strips are not drawn on a group). `out` is reused when given (one per group box),
 * so a playing diagram allocates nothing per frame.
 */
export function groupLoad(
  topology: TopologyData,
  frame: FrameData,
  members: readonly number[],
  out: Float64Array = new Float64Array(members.length),
): GroupLoad {
  let queued = 0;
  let busy = 0;
  let workers = 0;
  let down = 0;
  members.forEach((m, k) => {
    const node = topology.nodes[m];
    let own = 0;
    let ownWorkers = 0;
    for (let i = node.slot; i < node.slot + node.instances; i++) {
      queued += frame.queued[i];
      if (frame.up[i] === 0) {
        down++;
        continue;
      }
      own += Math.min(frame.busy[i], node.concurrency);
      ownWorkers += node.concurrency;
    }
    busy += own;
    workers += ownWorkers;
    out[k] = ownWorkers > 0 ? own / ownWorkers : NaN;
  });
  return { queued, busy: workers > 0 ? busy / workers : NaN, members: out, down };
}

/** The first of `lines` at most `chars` long, else the last (the shortest, by the callers' order). */
function firstFitting(lines: readonly string[], chars: number): string {
  return lines.find((line) => [...line].length <= chars) ?? lines[lines.length - 1];
}

/**
 * The group's line of load in at most `chars` characters (default: no limit), dropping the least
 * first: `busy 35% · queue 12`, `busy 35% · q 12`, `busy 35%`; `all down · queue 3` when none runs.
 */
export function groupLoadText(load: GroupLoad, chars = Infinity): string {
  const busy = Number.isNaN(load.busy) ? 'all down' : `busy ${Math.round(100 * load.busy)}%`;
  if (load.queued === 0) return busy;
  return firstFitting([`${busy} · queue ${load.queued}`, `${busy} · q ${load.queued}`, busy], chars);
}

/**
 * The group's line of traffic in at most `chars` characters (default: no limit): the calls into it
 * and its error share over every try it answered, `in 40/s · 2.1% err`, `in 40/s · 2.1%`, `in 40/s`.
 */
export function groupTrafficText(traffic: GroupTraffic, chars = Infinity): string {
  const rate = `in ${rateText(traffic.into.rps)}`;
  if (!(traffic.errorShare > 0)) return rate;
  const share = shareText(traffic.errorShare);
  return firstFitting([`${rate} · ${share} err`, `${rate} · ${share}`, rate], chars);
}
