/**
 * A run of a loaded file for the page, in one pass: every variant simulated once, all of them
 * together, slice by slice on the charts' grid (`seriesSliceMs`). Each slice's frames are recorded as
 * the simulation passes through them; at the end the same simulations give the report and the
 * charts' series. The page then plays the recorded frames (`take`) instead of simulating the file a
 * second time.
 *
 * Why record rather than play separately: the report needs the whole run before the page shows a
 * number, so the run passes through every slice anyway, and a frame costs little next to the
 * slice's simulation, where the second, traced simulation of a separate playback cost two to three
 * times the untraced run again. Memory stays bounded for long runs: at most `SERIES_MAX_SLICES`
 * slices per variant, dots of at most `MAX_TRACED_PER_RUN` (`trace-share.ts`) traced requests, and
 * a slice is let go once the page has taken it (its frames move to the page, which keeps them for
 * scrubbing).
 */
import type { Report } from '../report/report';
import { seriesSliceMs, type RunSeries } from '../model/run-series';
import type { ScenarioFile } from '../scenario/types';
import type { FrameData, TopologyData } from './frames';
import { fileEnd, Playback, type PlaybackOptions } from './playback';

/** What a recording asks of whoever drives it, between two slices. */
export interface RecordingPace {
  /** Called after each slice with the simulated time reached and the end, ms. */
  onSlice?(reachedMs: number, endMs: number): void;
  /**
   * Called between two slices: true (or a promise of it) to go on, false to abandon the recording
   * because a newer input came. The worker yields to its message queue here now and then, so that it
   * hears a newer run, or the frame requests of the playback still shown.
   */
  between(): Promise<boolean> | boolean;
  /** Wall time, ms, for the report's `wallMs` only; never simulated time. */
  wallClock(): number;
  /**
   * Most events run between two calls of `between`, default {@link STEP_EVENTS}: a slice that holds
   * more (a busy file, a short one cut in few slices) is run in steps of this many.
   */
  readonly stepEvents?: number;
  /** The moment the page shows, simulated ms: `onFocus` hears the key figures so far once it is passed. */
  readonly focusMs?: number;
  /**
   * Wall time between two calls of `onFocus` whatever the moment, ms: the figures so far heard as the
   * recording goes, at the first slice past the warmup that carries figures, then at one after this
   * much wall time since the last call.
   */
  readonly figuresEveryMs?: number;
  /** Each variant's key figures over the slices recorded so far, once `focusMs` is passed (see `figuresEveryMs`). */
  onFocus?(figures: FigureTimeline[]): void;
}

/**
 * Events a recording runs between two calls of `between` at most: a few ms of work, so that a newer
 * run or a frame request waits no longer, whatever the slice holds.
 */
export const STEP_EVENTS = 20_000;

/** One variant's key figures over time: a row of figures at the end of each slice. */
export interface FigureTimeline {
  /** End of each slice, simulated ms, ascending. */
  readonly to: Float64Array;
  /** `to.length` rows of `width` values, row-major: each frame's `figures`; NaN before the warmup ends. */
  readonly values: Float64Array;
  /** Figures a row holds (the summary's `keyFigures`). */
  readonly width: number;
}

/** A finished recording: the playback's simulations at their end, the frames not yet taken, and what the run gives. */
export class RecordedRun {
  private next = 0;

  constructor(
    /** The simulations, run to their end: traces and reports are read from them. */
    readonly playback: Playback,
    /** The recorded slices in time order, a frame per variant each; a taken slice is let go. */
    private readonly slices: (FrameData[] | undefined)[],
    readonly report: Report,
    /** Each variant's figures slice by slice, in report order. */
    readonly series: readonly RunSeries[],
    /** Each variant's key figures at each slice's end, in report order. */
    readonly figures: readonly FigureTimeline[],
  ) {}

  /** Each variant's picture, in file order. */
  get topologies(): TopologyData[] {
    return this.playback.topologies();
  }

  /** Simulated end of the longest variant, ms. */
  get endMs(): number {
    return this.playback.end;
  }

  /**
   * The frames not yet taken, slice by slice, up to the first slice that reaches `toMs` (so an answer
   * always covers the time asked for, rounded up to a slice); none once every slice was taken.
   */
  take(toMs: number): FrameData[] {
    const out: FrameData[] = [];
    while (this.next < this.slices.length) {
      const slice = this.slices[this.next];
      this.slices[this.next++] = undefined;
      if (!slice || slice.length === 0) continue;
      out.push(...slice);
      if (slice[0].to >= toMs) break;
    }
    return out;
  }
}

/** The key figures of each variant's frames that carry them, as one timeline per variant. */
function figureTimelines(slices: readonly FrameData[][], variants: number, width: number): FigureTimeline[] {
  return Array.from({ length: variants }, (_, v) => {
    const frames = slices.map((slice) => slice[v]).filter((frame) => frame && frame.figures.length > 0);
    const to = new Float64Array(frames.length);
    const values = new Float64Array(frames.length * width);
    frames.forEach((frame, i) => {
      to[i] = frame.to;
      values.set(frame.figures, i * width);
    });
    return { to, values, width };
  });
}

/**
 * Runs `file` once for the page, recording its frames (see the module's comment); undefined when
 * `pace.between` abandoned it. The report is the one `runFile` gives for the same seed, but for
 * `wallMs` (each variant's share of the recording's wall time).
 */
export async function recordRun(
  file: ScenarioFile,
  options: PlaybackOptions,
  pace: RecordingPace,
): Promise<RecordedRun | undefined> {
  const started = pace.wallClock();
  const playback = new Playback(file, options);
  const end = playback.end;
  // The whole file's grid, not the share's: a run split over workers gives slices that line up.
  const sliceMs = seriesSliceMs(fileEnd(file, options));
  const slices: FrameData[][] = [];
  const variants = playback.topologies().length;
  const width = playback.figureCount;
  let focusPassed = pace.focusMs === undefined || pace.onFocus === undefined;
  let figuresHeardAt = started;
  // The first figures measured are heard at once: before them the tiles have nothing new to show.
  let measuredHeard = false;
  const stepEvents = pace.stepEvents ?? STEP_EVENTS;
  for (let k = 1; playback.reachedMs < end; k++) {
    const to = Math.min(end, k * sliceMs);
    while (!playback.approach(to, stepEvents)) if (!(await pace.between())) return undefined;
    const slice = playback.advance(to);
    slices.push(slice);
    pace.onSlice?.(playback.reachedMs, end);
    const measured = slice[0]?.figures.length > 0 && playback.reachedMs > playback.warmupMs;
    const due =
      pace.figuresEveryMs !== undefined &&
      measured &&
      (!measuredHeard || pace.wallClock() - figuresHeardAt >= pace.figuresEveryMs);
    if (due) measuredHeard = true;
    const focus = !focusPassed && playback.reachedMs > pace.focusMs!;
    if (focus) focusPassed = true;
    if (focus || due) {
      figuresHeardAt = pace.wallClock();
      pace.onFocus?.(figureTimelines(slices, variants, width));
    }
    if (playback.reachedMs < end && !(await pace.between())) return undefined;
  }
  const names = playback.topologies().map((t) => t.variant);
  const wallMs = (pace.wallClock() - started) / Math.max(1, names.length);
  const report: Report = {
    scenario: file.base.name,
    seed: options.seed ?? file.base.seed,
    variants: names.map((_, i) => playback.report(i, wallMs)),
  };
  const series = names.map((_, i) => playback.series(i));
  return new RecordedRun(playback, slices, report, series, figureTimelines(slices, names.length, width));
}
