/**
 * Key figures at any moment of a run, from the figures over time a recorded run sends with its
 * report (`RecordedPlayback.figures`): the tiles show the playhead's values as soon as the run is in,
 * without waiting for the frame of that moment, and the run before's values at the same moment.
 */
import type { FigureTimeline } from '../worker/protocol';

/**
 * The slice whose figures hold at `t` (simulated ms): the last that ended at or before `t`, as the
 * diagram shows the state of the last frame ended by then; -1 before the first slice ends.
 */
export function sliceAt(timeline: FigureTimeline | undefined, t: number): number {
  if (!timeline) return -1;
  const ends = timeline.to;
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The figures at `t` (the row of {@link sliceAt}); undefined before the first slice ends. */
export function figuresAt(timeline: FigureTimeline | undefined, t: number): Float64Array | undefined {
  const slice = sliceAt(timeline, t);
  if (!timeline || slice < 0) return undefined;
  return timeline.values.subarray(slice * timeline.width, (slice + 1) * timeline.width);
}
