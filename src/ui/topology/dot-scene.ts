/**
 * The dots as a model, without a canvas: frames go in, and for any playback time each dot has a place
 * or is hidden. `dots.ts` draws it; hit testing is answered here, so both are tested in Node.
 */
import type { FrameData } from '../../worker/frames';
import { DotBuffer, DEFAULT_DOT_CAPACITY, REFUSED_AT_CALLEE, REFUSED_AT_CALLER } from './dot-buffer';
import { OUTCOME_4XX, OUTCOME_429, OUTCOME_5XX, REFUSED_BY_CALLER } from '../../worker/frames';
import {
  CALLER_REFUSAL_REACH,
  DOT_HIDDEN,
  DOT_WAITING,
  dotEnd,
  dotMotion,
  refusalBurst,
  refusalMotion,
  type Progress,
} from './dot-motion';
import { DotRoutes, routePath, routeReversed } from './dot-routes';
import { dotClass } from './dot-style';
import { pointOnEdge, type Point } from './edge-path';
import type { TopologyLayout } from './layout';

/** How long a try with no answer in sight stays at its callee, simulated ms. */
export const DEFAULT_PENDING_HOLD_MS = 1000;

/**
 * The shortest leg of a refused try's bounce, simulated ms, when the player sets no `minLegMs` (a
 * refusal takes no time, so without a floor it would not be drawn at all).
 */
export const MIN_REFUSAL_LEG_MS = 60;

/**
 * Whether a try was refused at once rather than served: its answer is a 4xx, a 429 or a 5xx and it
 * reached no one's work (the worker gives such a try its answer's time as its arrival).
 */
export function isRefusal(outcome: number, arrive: number, back: number): boolean {
  return (
    (outcome === OUTCOME_4XX || outcome === OUTCOME_429 || outcome === OUTCOME_5XX) &&
    !Number.isNaN(back) &&
    arrive >= back
  );
}

/**
 * Most dots an edge (in one direction) takes a simulated second. A retry storm traces thousands of
 * tries a second on its last edge; all of them drawn merge into a solid bar, so a busy edge keeps
 * every k-th of a frame's dots on it, evenly spread, and still reads as motion.
 */
export const MAX_DOTS_PER_EDGE_SECOND = 80;

export interface DotSceneOptions {
  /** Dots held at most (oldest dropped first). Default `DEFAULT_DOT_CAPACITY`. */
  readonly capacity?: number;
  /** Default `DEFAULT_PENDING_HOLD_MS`. */
  readonly pendingHoldMs?: number;
  /** Most dots an edge takes a simulated second; Infinity keeps every one. Default `MAX_DOTS_PER_EDGE_SECOND`. */
  readonly maxPerEdgeSecond?: number;
}

export class DotScene {
  /** The shortest a leg of a dot's trip is drawn, simulated ms (the player sets it from the speed). */
  minLegMs = 0;
  readonly buffer: DotBuffer;
  readonly routes: DotRoutes;
  private readonly holdMs: number;
  private readonly maxPerEdgeSecond: number;
  private readonly progress: Progress = { u: 0 };

  constructor(layout: TopologyLayout, options: DotSceneOptions = {}) {
    this.buffer = new DotBuffer(options.capacity ?? DEFAULT_DOT_CAPACITY);
    this.routes = new DotRoutes(layout);
    this.holdMs = options.pendingHoldMs ?? DEFAULT_PENDING_HOLD_MS;
    this.maxPerEdgeSecond = options.maxPerEdgeSecond ?? MAX_DOTS_PER_EDGE_SECOND;
  }

  /**
   * Appends the frame's sampled tries, at most `maxPerEdgeSecond` a second per edge (every k-th on
   * a busier one). Frames should come in time order, as playback reaches them.
   */
  addFrame(frame: FrameData): void {
    const dots = frame.dots;
    const buffer = this.buffer;
    const allowed = Math.max(1, Math.round((this.maxPerEdgeSecond * (frame.to - frame.from)) / 1000));
    const onRoute = new Map<number, number>();
    for (let j = 0; j < dots.count; j++) {
      const route = this.routes.route(dots.from[j], dots.to[j]);
      onRoute.set(route, (onRoute.get(route) ?? 0) + 1);
    }
    const seen = new Map<number, number>();
    for (let j = 0; j < dots.count; j++) {
      const route = this.routes.route(dots.from[j], dots.to[j]);
      const count = onRoute.get(route)!;
      const k = seen.get(route) ?? 0;
      seen.set(route, k + 1);
      if (count > allowed && k % Math.ceil(count / allowed) !== 0) continue;
      const i = buffer.allocate();
      const arrive = dots.arrive[j];
      const back = dots.back[j];
      buffer.depart[i] = dots.depart[j];
      buffer.leave[i] = Math.min(dots.leave[j], dots.depart[j]);
      buffer.arrive[i] = arrive;
      buffer.back[i] = back;
      const refused = isRefusal(dots.outcome[j], arrive, back);
      buffer.refused[i] = !refused
        ? 0
        : dots.refusedBy?.[j] === REFUSED_BY_CALLER
          ? REFUSED_AT_CALLER
          : REFUSED_AT_CALLEE;
      // A refusal bounces off its refuser: out and back over a leg each, at least as long as its hops.
      buffer.end[i] = refused
        ? buffer.depart[i] + 2 * Math.max(this.minLegMs, MIN_REFUSAL_LEG_MS, (back - buffer.depart[i]) / 2)
        : dotEnd(arrive, back, this.holdMs);
      buffer.route[i] = route;
      buffer.kind[i] = dotClass(dots.outcome[j]);
      buffer.retry[i] = dots.retry[j];
      buffer.trace[i] = frame.traceIds[dots.trace[j]] ?? '';
    }
  }

  /** A dot in its backoff: waiting at the caller's end of its edge. */
  private backingOff(): number {
    this.progress.u = 0;
    return DOT_WAITING;
  }

  /**
   * The phase of dot `i` (physical index) at time `t` (see `dot-motion.ts`), writing its place in
   * layout units to `out` unless hidden.
   */
  locate(i: number, t: number, out: Point): number {
    const b = this.buffer;
    // A retry waiting out its backoff sits, faint, at its caller; a refusal bounces off its refuser.
    const refused = b.refused[i];
    const phase =
      t < b.depart[i] && t >= b.leave[i]
        ? this.backingOff()
        : refused !== 0
          ? refusalMotion(
              b.depart[i],
              (b.end[i] - b.depart[i]) / 2,
              t,
              this.progress,
              refused === REFUSED_AT_CALLER ? CALLER_REFUSAL_REACH : 1,
            )
          : dotMotion(b.depart[i], b.arrive[i], b.back[i], b.end[i], t, this.progress, this.minLegMs);
    if (phase === DOT_HIDDEN) return phase;
    const code = b.route[i];
    pointOnEdge(
      routePath(this.routes, code),
      routeReversed(code) ? 1 - this.progress.u : this.progress.u,
      out,
    );
    return phase;
  }

  /**
   * How far the burst mark of dot `i` (physical index) has grown at time `t`, 0 to 1; 0 when it is
   * not a refusal or its mark is not shown then. Writes the refusing end of its route (layout units)
   * to `out` when it is shown: the callee's, or the caller's for a try its caller refused.
   */
  burst(i: number, t: number, out: Point): number {
    const b = this.buffer;
    const refused = b.refused[i];
    if (refused === 0) return 0;
    const grown = refusalBurst(b.depart[i], (b.end[i] - b.depart[i]) / 2, t);
    if (grown === 0) return 0;
    const code = b.route[i];
    const atCallee = refused === REFUSED_AT_CALLEE;
    pointOnEdge(routePath(this.routes, code), routeReversed(code) === atCallee ? 0 : 1, out);
    return grown;
  }

  /**
   * The physical index of the drawn dot nearest to (x, y) (layout units) at time `t`, if one is
   * within `maxDistance`; else -1. On a tie the older dot wins.
   */
  nearest(x: number, y: number, t: number, maxDistance: number): number {
    const b = this.buffer;
    const at: Point = { x: 0, y: 0 };
    let best = -1;
    let bestSq = maxDistance * maxDistance;
    for (let k = 0, i = b.head; k < b.size; k++, i = i + 1 === b.capacity ? 0 : i + 1) {
      if (this.locate(i, t, at) === DOT_HIDDEN) continue;
      const sq = (at.x - x) * (at.x - x) + (at.y - y) * (at.y - y);
      if (sq < bestSq || (best < 0 && sq === bestSq)) {
        best = i;
        bestSq = sq;
      }
    }
    return best;
  }
}
