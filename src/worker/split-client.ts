/**
 * A simulation client that splits the page's recorded runs over several workers, a share of the
 * variants each, and answers as one worker would: the variants of a file are independent runs, so a
 * lesson of three variants on three cores is recorded in about the time of its slowest variant
 * instead of the three one after the other. Everything else (checks, plain runs, imports) goes to
 * the first worker, the page's own. The variants are shared out by what each one's recording took
 * the last time the file ran (`shares.ts`), round robin the first time.
 *
 * A variant plays the same whatever share it is in (its simulation is seeded alone, and every share
 * cuts its frames on the whole file's grid), so the run put together here is the run one worker
 * gives, but for the wall time each report states.
 */
import type { SimulationClient } from './client';
import { balancedAssignment, partOfVariant, shareVariants } from './shares';
import type {
  FigureTimeline,
  FrameData,
  RecordedRunResult,
  RunProgress,
  RunRequest,
  RunShare,
} from './protocol';

/** Most workers one run is split over, the page's own included, however many cores there are. */
export const MAX_SPLIT = 4;

/**
 * Workers a run is split over on a machine of `cores` (`navigator.hardwareConcurrency`): one a core,
 * at least 2 (a second worker still halves a run on two cores) and at most {@link MAX_SPLIT}.
 */
export function splitSize(cores: number | undefined): number {
  const known = cores && cores > 0 ? cores : 2;
  return Math.max(2, Math.min(MAX_SPLIT, known));
}

/**
 * The number of variants a scenario text declares, read from its lines without parsing the YAML:
 * the items of a top-level `variants:` list in block style, or 0. Only a guess, for how many workers
 * to use (a wrong one costs time, never a wrong answer: the shares are cut on the file as read).
 */
export function countVariants(text: string): number {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^variants:\s*(#.*)?$/.test(line));
  if (start < 0) return 0;
  let indent: string | undefined;
  let count = 0;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const lead = /^[ \t]*/.exec(line)![0];
    const item = line.startsWith('-', lead.length);
    // The list's items are at the indent of its first line (a list may sit at the key's own indent).
    indent ??= item ? lead : '';
    if (lead.length < indent.length || (lead === '' && !item)) break;
    if (lead === indent && item) count++;
  }
  return count;
}

/** Wall time after the first run is in before the helper workers start, ms. */
const HELPERS_AFTER_MS = 1000;

/**
 * Where each variant of a file of `count` lives in a run split as `shares` say: its part, and its
 * index among that part's variants (which answer in file order).
 */
function placesOf(count: number, shares: readonly RunShare[]): { part: number; local: number }[] {
  const lists = shares.map((share) => shareVariants(count, share));
  return Array.from({ length: count }, (_, v) => {
    const part = partOfVariant(v, shares[0]);
    return { part, local: lists[part].indexOf(v) };
  });
}

/** A run begun before the page asked for it (`startEarly`), and what it has said so far. */
interface Early {
  readonly text: string;
  readonly fileName: string;
  /** Progress heard before the page asked for the run. */
  readonly heard: RunProgress[];
  /** The page's progress callback, once it asked. */
  listener: ((progress: RunProgress) => void) | undefined;
  answer: Promise<RecordedRunResult>;
}

/** The page's client: a simulation client that can also begin the page's first run early. */
export interface SplitClient extends SimulationClient {
  /**
   * Begins the recorded run of `text` (as file `fileName`, with `options`: its figures so far at
   * most) before the page asks for it, so that it goes while the page's own script still loads and
   * sets up; a `runAndRecord` of the same text and file with no seed, duration or focus then takes it
   * over, any other abandons it.
   */
  startEarly(text: string, fileName: string, options?: Pick<RunRequest, 'figuresEveryMs'>): void;
}

/** A recorded run put together from its shares: the page's playback id names it in `advance`. */
interface SplitPlayback {
  readonly id: number;
  readonly parts: readonly { readonly client: SimulationClient; readonly playbackId: number }[];
  /** Each variant's part and index there (file order); one part holds them all when not split. */
  readonly places?: readonly { readonly part: number; readonly local: number }[];
}

/**
 * A client over `primary` (the page's worker) and up to `size - 1` more workers made by `makeHelper`
 * as a split run first needs them. Split playbacks take negative ids, the primary's own are positive.
 */
export function createSplitClient(
  primary: SimulationClient,
  makeHelper: () => SimulationClient,
  size: number,
): SplitClient {
  const helpers: SimulationClient[] = [];
  let shown: SplitPlayback | undefined;
  let playbacks = 0;
  /** Counts recorded runs: a run that sees a later one begun answers `superseded`. */
  let latest = 0;
  /** Helpers are started once a first run is in, so they never slow the page's first numbers. */
  let helpersWanted = false;
  let helperTimer: ReturnType<typeof setTimeout> | undefined;
  /** The run begun by `startEarly`, until the page asks for it (or for another). */
  let early: Early | undefined;
  /** What each variant's recording took in the last run, and of which file: its next split is balanced by it. */
  let lastCosts: { readonly fileName: string; readonly costsMs: readonly number[] } | undefined;

  const clientOf = (part: number): SimulationClient => (part === 0 ? primary : helpers[part - 1]);

  /** The client holding variant `variant` of the playback shown, and its index there. */
  const owner = (variant: number): { client: SimulationClient; local: number } => {
    const place = shown?.places?.[variant];
    if (!shown || !place) return { client: primary, local: variant };
    return { client: shown.parts[place.part].client, local: place.local };
  };

  const warmHelpers = (): void => {
    helpersWanted = true;
    while (helpers.length < size - 1) {
      const helper = makeHelper();
      helper.warm();
      helpers.push(helper);
    }
  };

  async function runSplit(
    text: string,
    fileName: string,
    options: RunRequest,
    onProgress: ((progress: RunProgress) => void) | undefined,
    of: number,
    mine: number,
  ): Promise<RecordedRunResult> {
    const guess = countVariants(text);
    const costs =
      lastCosts?.fileName === fileName && lastCosts.costsMs.length === guess ? lastCosts.costsMs : undefined;
    const assign = costs ? balancedAssignment(costs, of) : undefined;
    const shares: RunShare[] = Array.from({ length: of }, (_, index) => ({
      index,
      of,
      ...(assign ? { assign } : {}),
    }));
    let total = 0;
    const fractions = new Array<number>(of).fill(0);
    /** Each share's key figures so far, once it has sent them. */
    const soFar: (readonly FigureTimeline[] | undefined)[] = new Array(of).fill(undefined);
    const progressOf = (part: number) =>
      onProgress &&
      ((p: RunProgress): void => {
        if (mine !== latest) return;
        if (p.summary) {
          total = Math.max(1, p.summary.variants.length);
          if (part === 0) onProgress(p);
          return;
        }
        if (p.figuresSoFar) {
          soFar[part] = p.figuresSoFar;
          // As each share hears of its own: a variant whose share has not yet is an empty timeline
          // (the tiles wait for the variants they show).
          if (total === 0) return;
          const width = p.figuresSoFar[0]?.width ?? 0;
          const none: FigureTimeline = { to: new Float64Array(0), values: new Float64Array(0), width };
          const figuresSoFar = placesOf(total, shares).map(
            ({ part: at, local }) => soFar[at]?.[local] ?? none,
          );
          onProgress({ ...p, figuresSoFar });
          return;
        }
        fractions[part] = p.fraction;
        onProgress({ ...p, fraction: Math.min(...fractions) });
      });
    const results = await Promise.all(
      shares.map((share, part) =>
        clientOf(part).runAndRecord(text, fileName, { ...options, share }, progressOf(part)),
      ),
    );
    if (mine !== latest) return { ok: false, stage: 'superseded' };
    const failed = results.find((r) => !r.ok);
    if (failed) return failed;
    const parts = results as Extract<RecordedRunResult, { ok: true }>[];
    const first = parts[0];
    const places = placesOf(Math.max(1, first.summary.variants.length), shares);
    /** Each variant's item of a per-variant list, taken from its share, in file order. */
    const gather = <T>(list: (r: (typeof parts)[number]) => readonly T[]): T[] =>
      places.map(({ part, local }) => list(parts[part])[local]);
    const report = { ...first.report, variants: gather((r) => r.report.variants) };
    const claims = await primary.claims(text, fileName, report);
    if (mine !== latest) return { ok: false, stage: 'superseded' };
    const id = -++playbacks;
    shown = {
      id,
      parts: parts.map((r, part) => ({ client: clientOf(part), playbackId: r.playback.playbackId })),
      places,
    };
    const costsMs = gather((r) => r.playback.costsMs);
    lastCosts = { fileName, costsMs };
    return {
      ...first,
      report,
      claims,
      figures: gather((r) => r.figures),
      series: first.series ? gather((r) => r.series ?? []) : undefined,
      playback: {
        playbackId: id,
        topologies: gather((r) => r.playback.topologies),
        endMs: Math.max(...parts.map((r) => r.playback.endMs)),
        figures: gather((r) => r.playback.figures),
        costsMs,
      },
    };
  }

  async function record(
    text: string,
    fileName: string,
    options: RunRequest,
    onProgress: ((progress: RunProgress) => void) | undefined,
  ): Promise<RecordedRunResult> {
    const mine = ++latest;
    const of = helpersWanted ? Math.min(size, countVariants(text)) : 1;
    // Helpers this run leaves out drop whatever run of an earlier input they still record.
    for (let i = Math.max(0, of - 1); i < helpers.length; i++) helpers[i].abandon();
    try {
      if (of >= 2) return await runSplit(text, fileName, options, onProgress, of, mine);
      const result = await primary.runAndRecord(text, fileName, options, onProgress);
      if (mine !== latest) return { ok: false, stage: 'superseded' };
      if (!result.ok) return result;
      const id = -++playbacks;
      shown = { id, parts: [{ client: primary, playbackId: result.playback.playbackId }] };
      lastCosts = { fileName, costsMs: result.playback.costsMs };
      return { ...result, playback: { ...result.playback, playbackId: id } };
    } finally {
      // A while after the first run is in: the helpers' scripts load and compile while the reader
      // looks at it, not while its diagram and charts are drawn.
      if (mine === latest && !helpersWanted && helperTimer === undefined)
        helperTimer = setTimeout(warmHelpers, HELPERS_AFTER_MS);
    }
  }

  return {
    warm: () => primary.warm(),
    started: (timeoutMs) => primary.started(timeoutMs),
    validate: (text, fileName) => primary.validate(text, fileName),
    run: (text, fileName, options, onProgress) => primary.run(text, fileName, options, onProgress),
    claims: (text, fileName, report) => primary.claims(text, fileName, report),
    importBundle: (text, fileName, parts) => primary.importBundle(text, fileName, parts),
    openPlayback: (text, fileName, options) => primary.openPlayback(text, fileName, options),
    abandon() {
      latest++;
      primary.abandon();
      for (const helper of helpers) helper.abandon();
    },

    runAndRecord(text, fileName, options = {}, onProgress) {
      const taken = early;
      early = undefined;
      // The early run's figures so far are heard whatever the page asks of them now.
      const plain =
        options.seed === undefined && options.durationMs === undefined && options.focusMs === undefined;
      if (taken && plain && taken.text === text && taken.fileName === fileName) {
        // The run the page began early is this one: it hears what the run has said so far, then the rest.
        for (const progress of taken.heard) onProgress?.(progress);
        taken.listener = onProgress;
        return taken.answer;
      }
      return record(text, fileName, options, onProgress);
    },

    startEarly(text, fileName, options = {}) {
      const heard: RunProgress[] = [];
      const begun: Early = {
        text,
        fileName,
        heard,
        listener: undefined,
        answer: Promise.resolve({ ok: false, stage: 'superseded' }),
      };
      begun.answer = record(text, fileName, options, (progress) => {
        if (begun.listener) begun.listener(progress);
        else heard.push(progress);
      });
      early = begun;
    },

    async advance(id, toMs) {
      if (id >= 0) return primary.advance(id, toMs);
      const playback = shown;
      if (!playback || playback.id !== id) return [];
      const answers = await Promise.all(
        playback.parts.map(({ client, playbackId }) => client.advance(playbackId, toMs)),
      );
      const places = playback.places;
      if (answers.length === 1 || !places) return answers[0];
      // Each share numbers its variants from 0: back to file order, slice by slice.
      const globalOf = answers.map(() => [] as number[]);
      places.forEach(({ part, local }, v) => (globalOf[part][local] = v));
      const frames: FrameData[] = answers.flatMap((frames, part) =>
        frames.map((frame) => ({ ...frame, variant: globalOf[part][frame.variant] })),
      );
      return frames.sort((a, b) => a.to - b.to || a.variant - b.variant);
    },

    trace(variant, id) {
      const { client, local } = owner(variant);
      return client.trace(local, id);
    },
    traceSummaries(variant, limit, asOfMs) {
      const { client, local } = owner(variant);
      return client.traceSummaries(local, limit, asOfMs);
    },
    playbackReport(variant) {
      const { client, local } = owner(variant);
      return client.playbackReport(local);
    },

    cancel() {
      latest++;
      primary.cancel();
      for (const helper of helpers) helper.cancel();
    },
    dispose() {
      latest++;
      clearTimeout(helperTimer);
      primary.dispose();
      for (const helper of helpers) helper.dispose();
    },
  };
}
