/**
 * Where a sampled try's dot is at playback time t, from its three times alone. From `depart` to
 * `arrive` it travels caller to callee; then it waits at the callee while the callee works; the answer
 * travels back over the last `arrive - depart` ms before `back` (the same network time as the way
 * out). A try whose answer is not known (`back` NaN) waits at the callee for a while, then goes.
 * Pure and allocation-free: the drawing loop calls it for every dot of every frame.
 */

/** The dot is not drawn (before it leaves, or after its answer is back). */
export const DOT_HIDDEN = 0;
/** On the way from caller to callee. */
export const DOT_FORWARD = 1;
/** At the callee, being served or queued there. */
export const DOT_WAITING = 2;
/** The answer, on its way back to the caller. */
export const DOT_RETURNING = 3;

/** Written by `dotMotion`: how far along the edge the dot is, 0 at the caller and 1 at the callee. */
export interface Progress {
  u: number;
}

/**
 * The last time at which a dot is drawn: `back` if known, else `arrive + holdMs` (a try with no
 * answer in sight fades away rather than waiting forever at the callee).
 */
export function dotEnd(arrive: number, back: number, holdMs: number): number {
  return Number.isNaN(back) ? arrive + holdMs : back;
}

/**
 * The phase of a dot at time `t` (`DOT_HIDDEN` .. `DOT_RETURNING`), writing its place on the edge to
 * `out.u`. `end` is `dotEnd(arrive, back, hold)`.
 */
export function dotMotion(
  depart: number,
  arrive: number,
  back: number,
  end: number,
  t: number,
  out: Progress,
  minLeg = 0,
): number {
  if (t < depart || t > end) return DOT_HIDDEN;
  // A hop of a fraction of a millisecond would be a jump: each leg lasts at least `minLeg`, within
  // the try's whole time, so the dot is seen to travel (the hop is drawn slower than it is).
  if (minLeg > arrive - depart) {
    const total = Number.isNaN(back) ? end - depart : back - depart;
    arrive = depart + Math.min(minLeg, total / 2);
  }
  if (t < arrive) {
    out.u = (t - depart) / (arrive - depart);
    return DOT_FORWARD;
  }
  if (Number.isNaN(back)) {
    out.u = 1;
    return DOT_WAITING;
  }
  // The return leg takes as long as the way out, but cannot start before the try arrived.
  const start = Math.max(arrive, back - (arrive - depart));
  if (t < start) {
    out.u = 1;
    return DOT_WAITING;
  }
  out.u = back > start ? 1 - (t - start) / (back - start) : 0;
  return DOT_RETURNING;
}
