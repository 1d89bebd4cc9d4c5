/**
 * What crosses the boundary between the page and the simulation worker. Everything here is plain,
 * structured-cloneable data: no classes, no functions (but the proxied progress callback), no Maps.
 * The page imports its types from here and never from the model or the scenario layer.
 */
import type { ClaimResult } from '../report/expectations';
import type { ImportFacts, SetupFacts } from '../scenario/import/import-facts';
import type { KeyFigureData } from '../report/key-figures';
import type { Report, VariantReport } from '../report/report';
import type { RunSeries } from '../model/run-series';
import type { Trace } from '../model/trace';
import type { FrameData, TopologyData } from './frames';
import type { TraceSummary } from './playback';
import type { FigureTimeline } from './recorded-run';
import type { RunShare } from './shares';

export type { TraceSummary } from './playback';
export type { RunShare } from './shares';
export type { FigureTimeline } from './recorded-run';

export type { Span, SpanKind, Trace } from '../model/trace';
export type * from './frames';

export type { RunSeries } from '../model/run-series';
export type { ComponentReport, LatencySummary, Report, RequestCounts, VariantReport } from '../report/report';
export type { EdgeReport } from '../report/report';
export type { ClaimResult } from '../report/expectations';
export type { ImportFacts, ImportedClient, ImportedLimit, SetupFacts } from '../scenario/import/import-facts';
export type { Landmark } from '../report/landmarks';
export type { KeyFigureData, KeyFigureUnit } from '../report/key-figures';

/** The message a simulation worker posts once its script runs (plain data, not a comlink answer). */
export const WORKER_STARTED = 'meshsim-worker-started';

/** One of a lesson's claims as written: the sentence for the reader and the check that measures it. */
export interface ClaimData {
  readonly say: string;
  readonly check: string;
}

/** One problem found in a scenario file, as plain data. Lines and columns count from 1. */
export interface DiagnosticData {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The field path (`clients[0].arrival.rate`); empty for the document itself. */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
  /** The scenario layer's own one-line rendering, `file:line:col: message` and any hint. */
  readonly text: string;
}

/** What the page may show about a valid scenario before (or without) running it. */
export interface ScenarioSummary {
  readonly name: string;
  /** The Markdown lesson text, as written; the page renders it as plain text. */
  readonly description: string;
  readonly seed: number;
  /** Simulated time, ms. */
  readonly durationMs: number;
  /** Requests arriving before this are not measured, ms. */
  readonly warmupMs: number;
  /** Variant names in file order; empty when the file has none (the base runs as `base`). */
  readonly variants: readonly string[];
  /** The lesson's "try this" actions: a label, what to look for (Markdown) and the values each sets, by dotted path. */
  readonly tryThis: readonly {
    readonly label: string;
    readonly say?: string;
    readonly set: Readonly<
      Record<string, string | number | boolean | readonly (string | number | boolean)[]>
    >;
  }[];
  /** Runs the file asks for, on seeds seed, seed + 1, ... (1 when it names none). */
  readonly replications: number;
  /** The lesson's claims (`expect:`), in file order; empty when it states none. */
  readonly expect: readonly ClaimData[];
  /**
   * Where the page's playback starts, simulated ms (default 0), and the speed the lesson asks for
   * (simulated ms per wall ms; absent: the reader's choice). The run itself always starts at 0.
   */
  readonly playback: { readonly startMs: number; readonly speed?: number };
  /**
   * The figures the tiles show for each variant: the lesson's `keyFigures`, or the page's own set.
   * A run's `figures` and a frame's `figures` hold their values in this order.
   */
  readonly keyFigures: readonly KeyFigureData[];
  /**
   * Each setup's load, limits and credential checks, in the order of the report's variants (one,
   * `base`, when the file has no variants): what the import summary explains a striking result of
   * that setup by. Absent from older answers.
   */
  readonly setups?: readonly SetupFacts[];
}

/** The answer to `validate`. */
export type ValidationResult =
  | {
      readonly ok: true;
      readonly summary: ScenarioSummary;
      readonly errors: readonly [];
      readonly warnings: readonly DiagnosticData[];
    }
  | {
      readonly ok: false;
      readonly errors: readonly DiagnosticData[];
      readonly warnings: readonly DiagnosticData[];
    };

/** Options of one run; each overrides the scenario's own value. */
export interface RunRequest {
  readonly seed?: number;
  /** Simulated time, ms. */
  readonly durationMs?: number;
  /** Run only the variant of this name. */
  readonly variant?: string;
  /** Also record each variant's figures slice by slice (`RunResult.series`), for the charts over time. */
  readonly series?: boolean;
  /**
   * The moment the page shows, simulated ms (`runAndRecord` only): once the run has passed it, a
   * progress message carries every variant's key figures so far (`RunProgress.figuresSoFar`), so that
   * the tiles show the new values at the playhead before the whole run is in.
   */
  readonly focusMs?: number;
  /**
   * Wall time between two progress messages with the key figures so far, ms (`runAndRecord` only):
   * the page asks for them when it has no run of the file drawn yet, and shows the figures of the run
   * so far, saying up to which moment, until the whole run is in.
   */
  readonly figuresEveryMs?: number;
  /**
   * The share of the file's variants this worker records (`runAndRecord` only; see `shares.ts`). The
   * page splits a run over several workers this way; the answer then holds those variants alone, in
   * file order, and no claims (they need every variant: `claims`).
   */
  readonly share?: RunShare;
}

/** Progress of a run, sent a few times a second while the worker is busy. */
export interface RunProgress {
  /** Simulated time reached in the current variant, ms. */
  readonly now: number;
  /** Simulated end of the current variant, ms. */
  readonly end: number;
  /** 0-based index of the variant being run. */
  readonly variantIndex: number;
  readonly variantCount: number;
  /** Share of the whole run done, 0 to 1. */
  readonly fraction: number;
  /**
   * The scenario, in the first message of a recorded run (`runAndRecord`), once its text is read:
   * the page names it while the run goes, without reading the text a second time.
   */
  readonly summary?: ScenarioSummary;
  /**
   * Per variant (in report order), its key figures over the slices run so far: sent once when a
   * recorded run passes its `RunRequest.focusMs`, and every `RunRequest.figuresEveryMs` of wall time.
   */
  readonly figuresSoFar?: readonly FigureTimeline[];
}

/** One file of a bundle opened as several files: its name and text. */
export interface BundlePart {
  readonly name: string;
  readonly text: string;
}

/**
 * The answer to `importBundle`: `bundle: false` for a plain scenario (nothing done); else the
 * equivalent scenario's YAML and the import's diagnostics (about the bundle's own lines).
 */
export type ImportAnswer =
  | { readonly bundle: false }
  | {
      readonly bundle: true;
      /** The scenario as YAML; empty when the import failed. */
      readonly text: string;
      readonly errors: readonly DiagnosticData[];
      readonly warnings: readonly DiagnosticData[];
      /** What the import read and assumed, for the page's summary; absent when it failed. */
      readonly facts?: ImportFacts;
    };

/** A scenario that did not validate: its errors, nothing run. */
export interface NotValid {
  readonly ok: false;
  readonly stage: 'validate';
  readonly errors: readonly DiagnosticData[];
  readonly warnings: readonly DiagnosticData[];
}

/** A valid scenario whose simulation threw; `message` says why. */
export interface RunFailed {
  readonly ok: false;
  readonly stage: 'run';
  readonly message: string;
  readonly summary: ScenarioSummary;
  readonly warnings: readonly DiagnosticData[];
}

/** The answer to `run`: a report, the scenario's errors, or the message of a run that failed. */
export type RunResult =
  | {
      readonly ok: true;
      readonly report: Report;
      readonly summary: ScenarioSummary;
      readonly warnings: readonly DiagnosticData[];
      /** The file's claims evaluated on this run, in file order. */
      readonly claims: readonly ClaimResult[];
      /** Per variant (in report order), the value of each of the summary's `keyFigures`; NaN when it has none. */
      readonly figures: readonly (readonly number[])[];
      /** When asked (`RunRequest.series`): each variant's figures slice by slice over the whole run, in report order. */
      readonly series?: readonly RunSeries[];
    }
  | NotValid
  | RunFailed;

/**
 * A recorded run's playback (see `recorded-run.ts`): its frames are taken with `advance(playbackId, …)`,
 * and each variant's key figures over time come with it, so that the tiles show any moment's values
 * at once, before its frame is fetched.
 */
export interface RecordedPlayback {
  readonly playbackId: number;
  readonly topologies: readonly TopologyData[];
  /** Simulated end of the longest variant, ms. */
  readonly endMs: number;
  /** Per variant (in report order), its key figures at the end of each slice: a frame's `figures`. */
  readonly figures: readonly FigureTimeline[];
  /** Per variant (in report order), the wall time its recording took, ms: a split run's next shares are balanced by it. */
  readonly costsMs: readonly number[];
}

/**
 * The answer to `runAndRecord`: a run's answer, with its playback when it succeeded; or `superseded`
 * when a newer `runAndRecord` came before it ended, and it was abandoned.
 */
export type RecordedRunResult =
  | (Extract<RunResult, { ok: true }> & { readonly playback: RecordedPlayback })
  | NotValid
  | RunFailed
  | { readonly ok: false; readonly stage: 'superseded' };

/** The answer to `openPlayback`: each variant's picture, or the scenario's errors. */
export type PlaybackOpened =
  | {
      readonly ok: true;
      readonly summary: ScenarioSummary;
      readonly warnings: readonly DiagnosticData[];
      readonly topologies: readonly TopologyData[];
      /** Simulated end of the longest variant, ms. */
      readonly endMs: number;
      /** Names this playback in `advance`: an answer for an earlier one is never mixed in. */
      readonly playbackId: number;
    }
  | NotValid
  | RunFailed;

/** The API the worker exposes through comlink. */
export interface SimulationApi {
  validate(text: string, fileName: string): ValidationResult;
  run(
    text: string,
    fileName: string,
    options: RunRequest,
    onProgress?: (progress: RunProgress) => void,
  ): RunResult;
  /**
   * The page's run: the text read once, every variant simulated once (see `recorded-run.ts`), the
   * report and series of `run` (with `series`) and the frames of the playback from the same pass. The
   * latest input wins: a call abandons any recorded run still going, which answers `superseded`; the
   * playback open before stays open until this one succeeds.
   */
  runAndRecord(
    text: string,
    fileName: string,
    options: RunRequest,
    onProgress?: (progress: RunProgress) => void,
  ): Promise<RecordedRunResult>;
  /** The file's claims evaluated on `report`: a split run's, put together from its shares. */
  claims(text: string, fileName: string, report: Report): readonly ClaimResult[];
  /** Abandons a recorded run going, if any: a newer run needs this worker for nothing. */
  abandon(): void;
  /** Turns Kong declarative config or Istio / Consul resources (a bundle) into a scenario. */
  /**
   * `parts`: the files `text` was joined from (several opened at once), each imported as a file of
   * its own, as `meshsim import A B ...` does, so that diagnostics name their own file and line.
   */
  importBundle(text: string, fileName: string, parts?: readonly BundlePart[]): Promise<ImportAnswer>;
  /** Loads a scenario to play in slices; replaces any playback open before. */
  openPlayback(text: string, fileName: string, options: RunRequest): PlaybackOpened;
  /**
   * Runs playback `playbackId` up to `toMs` and returns one frame per variant; none when that
   * playback is no longer open, or `toMs` is not later than what it reached.
   */
  advance(playbackId: number, toMs: number): FrameData[];
  /** The trace of request `id` of a variant of the open playback, when it was traced and is kept. */
  trace(variant: number, id: string): Trace | undefined;
  /**
   * The traced requests of a variant answered so far (by `asOfMs`, simulated ms, when given: the
   * playhead, as a recorded run has run to its end), latest last, at most `limit`.
   */
  traceSummaries(variant: number, limit: number, asOfMs?: number): TraceSummary[];
  /** The report of a variant of the open playback so far. */
  playbackReport(variant: number): VariantReport | undefined;
}
