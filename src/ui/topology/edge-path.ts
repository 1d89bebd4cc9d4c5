/**
 * The path of one edge: a chain of cubic Bézier segments from the caller's port to the callee's port
 * (one segment between neighbouring columns; an edge that skips columns is routed through them), with a
 * table of cumulative arc length so that a dot crosses it at an even speed. A Bézier's own parameter
 * runs fast on the straight middle and slow in the bends; dots driven by it would seem to brake at each box.
 */

/** A mutable point, written by `pointOnEdge` so that the drawing loop allocates nothing. */
export interface Point {
  x: number;
  y: number;
}

/** A chain of cubic Béziers in layout units, with its arc-length table. */
export interface EdgePath {
  /** Start and end points. */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly segments: number;
  /** x, y of the start, then of each segment's two control points and its end: `2 + 6 × segments` numbers. */
  readonly points: Float64Array;
  /**
   * Length of the path up to each sample: sample `s × PATH_SAMPLES + i` is segment `s` at its Bézier
   * parameter `i / PATH_SAMPLES`; `segments × PATH_SAMPLES + 1` entries.
   */
  readonly lengths: Float64Array;
  /** Total length (approximated by chords: within a fraction of a percent for these shapes). */
  readonly length: number;
}

/** Chords per segment in the arc-length table. */
export const PATH_SAMPLES = 24;

function bezier(p0: number, p1: number, p2: number, p3: number, u: number): number {
  const m = 1 - u;
  return m * m * m * p0 + 3 * m * m * u * p1 + 3 * m * u * u * p2 + u * u * u * p3;
}

/**
 * A path through these points: `[x0, y0, then c1x, c1y, c2x, c2y, x, y per segment]`. Throws when the
 * count is not `2 + 6k` with k at least 1.
 */
export function cubicPath(coordinates: readonly number[]): EdgePath {
  const segments = (coordinates.length - 2) / 6;
  if (!Number.isInteger(segments) || segments < 1) {
    throw new Error(`cubicPath: expected 2 + 6k coordinates (k >= 1), got ${coordinates.length}`);
  }
  const points = Float64Array.from(coordinates);
  const lengths = new Float64Array(segments * PATH_SAMPLES + 1);
  let px = points[0];
  let py = points[1];
  for (let s = 0; s < segments; s++) {
    const o = 6 * s;
    for (let i = 1; i <= PATH_SAMPLES; i++) {
      const u = i / PATH_SAMPLES;
      const x = bezier(points[o], points[o + 2], points[o + 4], points[o + 6], u);
      const y = bezier(points[o + 1], points[o + 3], points[o + 5], points[o + 7], u);
      const k = s * PATH_SAMPLES + i;
      lengths[k] = lengths[k - 1] + Math.hypot(x - px, y - py);
      px = x;
      py = y;
    }
  }
  const n = points.length;
  return {
    x0: points[0],
    y0: points[1],
    x1: points[n - 2],
    y1: points[n - 1],
    segments,
    points,
    lengths,
    length: lengths[lengths.length - 1],
  };
}

/** The coordinates of a straight segment as a cubic (control points at its thirds: even speed along it). */
export function straightSegment(x0: number, y0: number, x1: number, y1: number): number[] {
  const dx = (x1 - x0) / 3;
  const dy = (y1 - y0) / 3;
  return [x0 + dx, y0 + dy, x1 - dx, y1 - dy, x1, y1];
}

/** A straight path from one point to another. */
export function straightPath(x0: number, y0: number, x1: number, y1: number): EdgePath {
  return cubicPath([x0, y0, ...straightSegment(x0, y0, x1, y1)]);
}

/**
 * The point a share `t` (clamped to [0, 1]) of the way along the path by arc length: 0 is the start,
 * 1 the end. Writes into `out` and returns it; allocates nothing.
 */
export function pointOnEdge(path: EdgePath, t: number, out: Point): Point {
  const lengths = path.lengths;
  const target = (t <= 0 ? 0 : t >= 1 ? 1 : t) * path.length;
  // Binary search for the chord holding `target`: lengths[lo] <= target <= lengths[lo + 1].
  let lo = 0;
  let hi = lengths.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (lengths[mid] <= target) lo = mid;
    else hi = mid;
  }
  const chord = lengths[lo + 1] - lengths[lo];
  const within = chord > 0 ? Math.min(1, (target - lengths[lo]) / chord) : 0;
  const segment = Math.floor(lo / PATH_SAMPLES);
  const u = (lo - segment * PATH_SAMPLES + within) / PATH_SAMPLES;
  const p = path.points;
  const o = 6 * segment;
  out.x = bezier(p[o], p[o + 2], p[o + 4], p[o + 6], u);
  out.y = bezier(p[o + 1], p[o + 3], p[o + 5], p[o + 7], u);
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The path as SVG path data (`M x,y C … C …`), coordinates rounded to 0.01. */
export function pathData(path: EdgePath): string {
  const p = path.points;
  let d = `M${round(p[0])},${round(p[1])}`;
  for (let o = 2; o < p.length; o += 6) {
    d += `C${round(p[o])},${round(p[o + 1])} ${round(p[o + 2])},${round(p[o + 3])} ${round(p[o + 4])},${round(p[o + 5])}`;
  }
  return d;
}
