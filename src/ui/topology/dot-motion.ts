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

/**
 * How far along its edge a try refused by its own caller goes before it is turned back, as a share
 * of the edge: it never leaves the caller's sidecar, so it only shows at the caller's end.
 */
export const CALLER_REFUSAL_REACH = 0.15;

/**
 * Where a refused try's dot is: a try the callee (or the caller's own sidecar) answered at once, a 429
 * from a rate limit, a 401 or 403 from an auth plugin, a 503 of an open breaker, takes no simulated
 * time, so drawn by its times it would never show. It is drawn as a bounce that takes `leg` ms each
 * way: out along its edge over [depart, depart + leg), to the callee (`reach` 1, the default) or,
 * refused by its caller, only `reach` of the way (`CALLER_REFUSAL_REACH`), then back over
 * [depart + leg, depart + 2·leg]. Returns `DOT_FORWARD`, `DOT_RETURNING` or `DOT_HIDDEN`, writing
 * the place on the edge to `out.u`.
 */
export function refusalMotion(depart: number, leg: number, t: number, out: Progress, reach = 1): number {
  if (!(leg > 0) || t < depart || t > depart + 2 * leg) return DOT_HIDDEN;
  if (t < depart + leg) {
    out.u = (reach * (t - depart)) / leg;
    return DOT_FORWARD;
  }
  out.u = reach * (1 - (t - depart - leg) / leg);
  return DOT_RETURNING;
}

/**
 * How far a refused try's burst mark has grown at time `t`, 0 to 1, or 0 when it is not shown: the
 * mark flares at the refusing box from when the dot is halfway there to when it is halfway back.
 */
export function refusalBurst(depart: number, leg: number, t: number): number {
  const from = depart + leg / 2;
  const to = depart + 1.5 * leg;
  if (!(leg > 0) || t < from || t > to) return 0;
  return (t - from) / (to - from);
}
