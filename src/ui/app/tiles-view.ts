/**
 * The key figures' tiles (and the figures on the stage beside each diagram): the run drawn at the
 * playhead, with the whole run beside them, or of the whole run once the playback has ended; after a
 * change, each beside the run before's value at the same moment; while a re-run goes, its own values
 * as soon as it has measured some; before the page's first run is in, that run's figures so far.
 * Every caption says whose figures they are (setup and scenario) and of which moment.
 */
import { BASE_NAME } from '../../report/run-variants';
import type { FigureTimeline, ScenarioSummary } from '../../worker/protocol';
import { kpiRows, renderKpis, renderStageFigures } from '../kpi';
import { figuresAt, sliceAt } from '../kpi-timeline';
import { clockText } from '../player';

/** The key figures of one run: what they are, each variant's whole-run values and their values over time. */
export interface TileFigures {
  /** The run (the status line's `data-run`) they are of. */
  readonly run: number;
  readonly summary: ScenarioSummary;
  readonly names: readonly string[];
  readonly whole: readonly (readonly number[])[];
  /** Per variant, its figures at the end of each slice of the run. */
  readonly timelines: readonly FigureTimeline[];
  /** The player plays this run (until then it may still show the previous one). */
  played: boolean;
}

/** What the tiles read of the player: the playhead, the end, the variants drawn. */
export interface TilesPlayer {
  /** The playhead, ms of simulated time. */
  readonly time: number;
  /** The end of the playback, ms. */
  readonly end: number;
  /** The variants drawn side by side; empty when one is drawn alone. */
  readonly shown: readonly number[];
  /** The variant drawn alone. */
  readonly variant: number;
}

/** What the tiles ask of the page. */
export interface TilesHooks {
  /** Whether a run goes whose figures so far may be drawn. */
  runGoing(): boolean;
  /** The figures' place on the stage beside the diagram of variant number `variant`, if it is drawn. */
  stageFigures(variant: number): HTMLElement | null;
}

/** The tiles of the page. */
export interface TilesView {
  /** The key figures of the run drawn, if any. */
  readonly drawn: TileFigures | undefined;
  /** Run `figures` is drawn: the tiles compare it with the run drawn before, unless `fresh` (a file just opened). */
  showRun(figures: TileFigures, fresh: boolean): void;
  /** The run drawn now plays. */
  markPlayed(): void;
  /** The figures so far of run `id`, going: drawn against the run drawn. */
  showEarly(id: number, timelines: readonly FigureTimeline[], endMs: number): void;
  /** The run going no longer draws its figures so far (a newer input waits, or another run began). */
  dropEarly(): void;
  /** The figures so far of run `id` while no run is drawn yet (the page's first). */
  showFirst(id: number, summary: ScenarioSummary, timelines: readonly FigureTimeline[]): void;
  /** Redraws the tiles if what they show changed (`force`: in any case). */
  draw(force?: boolean): void;
}

/** The tiles drawn into `kpis`, at `player`'s playhead. */
export function createTilesView(kpis: HTMLElement, player: TilesPlayer, hooks: TilesHooks): TilesView {
  /** The key figures of the run shown. */
  let tileFigures: TileFigures | undefined;
  /** The key figures of the run before, of the same file, for "was → now"; none after a file opens. */
  let previousFigures: TileFigures | undefined;
  /**
   * The key figures so far of the run going (`RunProgress.figuresSoFar`), and its end: the tiles show
   * them against the run drawn, at the playhead or up to the moment reached, before the whole run is in.
   */
  let earlyFigures:
    | { readonly run: number; readonly timelines: readonly FigureTimeline[]; readonly endMs: number }
    | undefined;
  /** What the tiles last drew, so that a frame that changes nothing redraws nothing. */
  let tilesDrawn = '';

  /**
   * The key figures of the variants the diagram draws, at the playhead (with the whole run beside them)
   * or, once the playback has ended or before its first slice, of the whole run; after a change, each
   * beside the run before's value at the same moment. While a re-run goes, its own values as soon as
   * it has measured some: at the playhead once past it, before that up to the moment it has reached.
   * Redrawn only when what they show changes: a slice, the variants drawn, the end, the run.
   */
  function draw(force = false): void {
    const drawn = tileFigures;
    if (!drawn) return;
    const shownOf = (played: boolean) =>
      played && player.shown.length > 0 ? player.shown : [Math.min(player.variant, drawn.names.length - 1)];
    const t = player.time;
    const atEnd = t >= player.end;
    // A re-run of the same setups, once it has measured something: its values at the playhead once it
    // has passed it, before that its values so far, up to the moment it has reached; the drawn run's
    // at the same moment as "was".
    const going =
      hooks.runGoing() && earlyFigures !== undefined && earlyFigures.timelines.length === drawn.names.length
        ? earlyFigures
        : undefined;
    const reachedSoFar = going
      ? Math.min(...shownOf(drawn.played).map((i) => going.timelines[i].to.at(-1) ?? 0))
      : 0;
    const early = going && reachedSoFar > Math.min(t, drawn.summary.warmupMs) ? going : undefined;
    const soFar = early !== undefined && (atEnd || reachedSoFar <= t);
    const run: TileFigures = early
      ? { ...drawn, run: early.run, timelines: early.timelines, played: drawn.played }
      : drawn;
    const shown = shownOf(run.played);
    const at = soFar ? reachedSoFar : t;
    // The run's own figures over time: the playhead's values are there before its frame is fetched.
    const slices = run.timelines.map((timeline) =>
      !soFar && (atEnd || !run.played) ? -1 : sliceAt(timeline, at),
    );
    const before = early ? drawn : previousFigures;
    const key = `${run.run}|${before?.run}|${shown.join(',')}|${atEnd}|${slices.join(',')}`;
    if (!force && key === tilesDrawn) return;
    tilesDrawn = key;
    const playing = slices.some((slice) => slice >= 0);
    const warmupEnd = run.summary.warmupMs;
    const reached = Math.max(...shown.map((i) => (slices[i] >= 0 ? run.timelines[i].to[slices[i]] : 0)));
    const moment = !playing
      ? { text: 'whole run', whole: true }
      : at < warmupEnd
        ? { text: `warming up until ${clockText(warmupEnd)}: nothing measured yet`, whole: false }
        : soFar
          ? { text: soFarText(reached, early.endMs), whole: false }
          : { text: `up to ${clockText(reached)} of ${clockText(player.end)}`, whole: false };
    // The run before, variant by variant of the same name, at the same moment.
    const was = before
      ? run.names.map((name) => {
          const j = before.names.indexOf(name);
          if (j < 0) return undefined;
          return playing ? figuresAt(before.timelines[j], at) : before.whole[j];
        })
      : undefined;
    const rows = kpiRows({
      figures: run.summary.keyFigures,
      names: run.names,
      whole: run.whole,
      shown,
      now: playing
        ? run.timelines.map((timeline, i) => (slices[i] >= 0 ? figuresAt(timeline, at) : undefined))
        : undefined,
      was,
      wholePending: early !== undefined,
    });
    if (kpis.dataset.run !== String(run.run)) kpis.dataset.run = String(run.run);
    renderKpis(kpis, rows, moment, run.summary.variants.length > 0, run.summary.name);
    renderStageFigures(rows, moment, hooks.stageFigures);
  }

  /** The moment of a run's figures so far, as the tiles' caption says it. */
  function soFarText(reachedMs: number, endMs: number): string {
    return `so far, still running: up to ${clockText(reachedMs)} of ${clockText(endMs)}`;
  }

  /**
   * The key figures of run `id` so far, while no run is drawn yet (the page's first): the first
   * variant's tiles (the diagram draws it first) at the latest moment the run has reached, saying so.
   */
  function showFirst(id: number, summary: ScenarioSummary, timelines: readonly FigureTimeline[]): void {
    const first = timelines[0];
    if (!first || first.to.length === 0) return;
    const reached = first.to[first.to.length - 1];
    const latest = timelines.map((t) =>
      Array.from(t.values.subarray(Math.max(0, t.to.length - 1) * t.width, t.to.length * t.width)),
    );
    const moment = {
      text:
        reached <= summary.warmupMs
          ? `running: warming up until ${clockText(summary.warmupMs)}`
          : soFarText(reached, summary.durationMs),
      whole: false,
    };
    const names = summary.variants.length > 0 ? summary.variants : [BASE_NAME];
    const rows = kpiRows({ figures: summary.keyFigures, names, whole: latest, shown: [0] });
    kpis.dataset.run = String(id);
    tilesDrawn = '';
    renderKpis(kpis, rows, moment, summary.variants.length > 0, summary.name);
  }

  return {
    get drawn() {
      return tileFigures;
    },
    showRun(figures, fresh) {
      previousFigures = fresh ? undefined : (tileFigures ?? previousFigures);
      tileFigures = figures;
      draw(true);
    },
    markPlayed() {
      if (tileFigures) tileFigures.played = true;
    },
    showEarly(id, timelines, endMs) {
      earlyFigures = { run: id, timelines, endMs };
      draw(true);
    },
    dropEarly() {
      earlyFigures = undefined;
    },
    showFirst,
    draw,
  };
}
