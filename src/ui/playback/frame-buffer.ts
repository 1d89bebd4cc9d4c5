import type { FrameData } from '../../worker/frames';

/** Simulated time fetched ahead of the shown time, ms: a dot is in a frame once its answer is back. */
const LOOKAHEAD_MS = 1500;
/** Wall time a worker round trip may take while playing, ms; fetched ahead at the playing speed. */
const ROUND_TRIP_MS = 400;
/** Slices are this many wall ms of playing: small enough to stay smooth, large enough to be few. */
const SLICE_WALL_MS = 100;

/**
 * The frames the worker has sent, per variant, in time order. The page shows the state of the last
 * frame that ended at or before the shown time; `nextRequest` says how far to ask the worker next,
 * so that frames arrive ahead of the clock at any speed. Frames are kept for scrubbing back.
 */
export class FrameBuffer {
  private readonly frames: FrameData[][];
  /** Simulated time every variant's frames cover, ms. */
  reached = 0;

  constructor(
    variants: number,
    /** Simulated end of the run, ms. */
    readonly end: number,
  ) {
    this.frames = Array.from({ length: variants }, () => []);
  }

  /** Takes the frames of one or more slices, in time order, one frame per variant each. */
  push(frames: readonly FrameData[]): void {
    for (const frame of frames) {
      this.frames[frame.variant]?.push(frame);
      this.reached = Math.max(this.reached, frame.to);
    }
  }

  /** The frame whose state is shown at `t`: the last to end at or before it. */
  stateAt(variant: number, t: number): FrameData | undefined {
    const list = this.frames[variant];
    if (list === undefined) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].to <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1] : undefined;
  }

  /** Frames of a variant, in time order (for charts). */
  all(variant: number): readonly FrameData[] {
    return this.frames[variant] ?? [];
  }

  /**
   * The time to ask the worker to reach next when the clock shows `t` at `speed`, or undefined when
   * enough is fetched. One slice at a time, so a request answers quickly.
   */
  nextRequest(t: number, speed: number): number | undefined {
    if (this.reached >= this.end) return undefined;
    const ahead = LOOKAHEAD_MS + ROUND_TRIP_MS * speed;
    if (this.reached >= Math.min(this.end, t + ahead)) return undefined;
    const slice = Math.max(50, SLICE_WALL_MS * speed);
    return Math.min(this.end, Math.max(this.reached + slice, t));
  }
}
