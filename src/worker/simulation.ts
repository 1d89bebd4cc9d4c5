/**
 * The simulation API the worker serves: parse, validate and run a scenario text, answering in plain
 * data (see `protocol.ts`). Kept apart from the comlink binding so that it runs, and is tested, in Node.
 */
import { evaluateExpectations } from '../report/expectations';
import { keyFigureData, keyFigureValues, resolveKeyFigures } from '../report/key-figures';
import { runFile } from '../model/run';
import type { RunSeries } from '../model/run-series';
import { formatDiagnostic, loadScenario } from '../scenario/load';
import { looksLikeConsul } from '../scenario/import/consul-detect';
import { importFacts, setupFacts } from '../scenario/import/import-facts';
import type { ScenarioFile } from '../scenario/types';
import { Playback, runCount } from './playback';
import { recordRun, type RecordedRun } from './recorded-run';
import { overBudget } from './run-budget';
import { shareVariants } from './shares';
import type {
  DiagnosticData,
  ImportAnswer,
  PlaybackOpened,
  RecordedRunResult,
  RunProgress,
  RunRequest,
  RunResult,
  ScenarioSummary,
  SimulationApi,
  ValidationResult,
} from './protocol';

type Diagnostic = Parameters<typeof formatDiagnostic>[0];

/** Least wall time between two progress messages, ms: enough for a smooth bar, few enough messages. */
const PROGRESS_INTERVAL_MS = 50;
/**
 * Most wall time a recorded run works before it lets the worker hear its messages, ms: a newer run
 * (which abandons this one) or a frame request of the playback shown waits at most this long.
 */
const YIELD_EVERY_MS = 8;

/** Lets the event loop run queued tasks (messages) before going on; Node and tests use a timer. */
const yieldByTimer = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Copies a diagnostic of the scenario layer into plain data, with its one-line rendering. */
export function toDiagnosticData(d: Diagnostic): DiagnosticData {
  return {
    file: d.file,
    line: d.line,
    column: d.column,
    path: d.path,
    message: d.message,
    expected: d.expected,
    found: d.found,
    hint: d.hint,
    text: formatDiagnostic(d),
  };
}

/**
 * Kong declarative config, or Istio or Consul resources: a document starting a line with their keys,
 * or a Consul config entry in HCL or with a lower-case `kind` (`fileName` tells a `.hcl` file).
 */
export function isBundle(text: string, fileName = ''): boolean {
  // XML is an Apigee API proxy's: no scenario is XML.
  return (
    /^(_format_version|apiVersion|Kind)\s*:/m.test(text) ||
    /^\uFEFF?\s*</.test(text) ||
    looksLikeConsul(text, fileName)
  );
}

/**
 * Whether a text the first look did not take may still be product config: Kong's without
 * `_format_version`, as tutorials write it (a top-level section only Kong has, or `services` in a
 * file without `clients`, which every meshsim scenario has), or AWS API Gateway's (an OpenAPI or
 * Swagger definition, a CloudFormation or SAM template, in YAML or JSON). Only then do the importers
 * load, to decide by their own rules.
 */
export function mayBeConfig(text: string): boolean {
  if (/^(routes|consumers|upstreams|plugins|_transform)\s*:/m.test(text)) return true;
  if (/^\s*"?(openapi|swagger|AWSTemplateFormatVersion|Resources|Transform)"?\s*:/m.test(text)) return true;
  return /^services\s*:/m.test(text) && !/^clients\s*:/m.test(text);
}

/** What the page may show of a loaded file. */
export function summarize(file: ScenarioFile): ScenarioSummary {
  return {
    name: file.base.name,
    description: file.base.description,
    seed: file.base.seed,
    durationMs: file.base.duration,
    warmupMs: file.base.warmup,
    variants: file.variants.map((v) => v.name),
    tryThis: file.base.tryThis,
    replications: file.base.replications,
    expect: file.base.expect.map((e) => ({ say: e.say, check: e.check })),
    playback: {
      startMs: file.base.playback.start,
      ...(file.base.playback.speed !== undefined ? { speed: file.base.playback.speed } : {}),
    },
    keyFigures: keyFigureData(resolveKeyFigures(file.base.keyFigures)),
    setups: setupFacts(file),
  };
}

/**
 * Turns the model's `(now, end)` progress calls into `RunProgress` messages, at most one per
 * `intervalMs` of wall time (and always the last one). The model counts simulated time over all the
 * variants it runs, one after the other, each `end / variantCount` long.
 */
export function progressReporter(
  variantCount: number,
  send: (progress: RunProgress) => void,
  wallClock: () => number,
  intervalMs = PROGRESS_INTERVAL_MS,
): (now: number, end: number) => void {
  let lastSent = -Infinity;
  return (now, end) => {
    const wall = wallClock();
    const finished = now >= end;
    if (!finished && wall - lastSent < intervalMs) return;
    lastSent = wall;
    const fraction = end > 0 ? Math.min(1, Math.max(0, now / end)) : 1;
    const variantIndex = Math.min(variantCount - 1, Math.floor(fraction * variantCount));
    const variantEnd = end / variantCount;
    send({
      now: now - variantIndex * variantEnd,
      end: variantEnd,
      variantIndex,
      variantCount,
      fraction,
    });
  };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * The API. `wallClock` is only for pacing progress messages and yields, never for simulated time;
 * `yieldToEvents` lets the worker's queued messages run (the worker passes a faster one than a timer).
 */
export function createSimulationApi(
  wallClock: () => number = () => performance.now(),
  yieldToEvents: () => Promise<void> = yieldByTimer,
): SimulationApi {
  /** The playback `advance` serves: one opened to be stepped, or a recorded run's. */
  let shown:
    { readonly id: number; readonly playback: Playback; readonly recorded?: RecordedRun } | undefined;
  let playbackId = 0;
  /** Counts recorded runs: a run that sees a later one begun abandons itself. */
  let latestRun = 0;
  const playback = (): Playback | undefined => shown?.playback;
  /** The last text read and what it gave: a split run's claims read the file its run read. */
  let lastLoad: { text: string; fileName: string; result: ReturnType<typeof loadScenario> } | undefined;
  const load = (text: string, fileName: string): ReturnType<typeof loadScenario> => {
    if (lastLoad?.text === text && lastLoad.fileName === fileName) return lastLoad.result;
    const result = loadScenario(text, fileName);
    lastLoad = { text, fileName, result };
    return result;
  };
  return {
    validate(text: string, fileName: string): ValidationResult {
      const result = load(text, fileName);
      const warnings = result.warnings.map(toDiagnosticData);
      if (!result.ok) return { ok: false, errors: result.errors.map(toDiagnosticData), warnings };
      return { ok: true, summary: summarize(result.file), errors: [], warnings };
    },

    run(text, fileName, options: RunRequest, onProgress): RunResult {
      const result = loadScenario(text, fileName);
      const warnings = result.warnings.map(toDiagnosticData);
      if (!result.ok) {
        return { ok: false, stage: 'validate', errors: result.errors.map(toDiagnosticData), warnings };
      }
      const refused = overBudget(result.file, options, 'batch');
      if (refused) return { ok: false, stage: 'validate', errors: [toDiagnosticData(refused)], warnings };
      const summary = summarize(result.file);
      const variantCount = options.variant ? 1 : Math.max(1, result.file.variants.length);
      const send = (progress: RunProgress): void => {
        // A proxied callback answers with a promise; a lost progress message is harmless.
        void Promise.resolve(onProgress?.(progress)).catch(() => undefined);
      };
      const series: RunSeries[] = [];
      try {
        const report = runFile(result.file, {
          seed: options.seed,
          duration: options.durationMs,
          variant: options.variant,
          onProgress: onProgress ? progressReporter(variantCount, send, wallClock) : undefined,
          onSeries: options.series ? (_variant, recorded) => series.push(recorded) : undefined,
        });
        const claims = evaluateExpectations(result.file.base.expect, report);
        const keyFigures = resolveKeyFigures(result.file.base.keyFigures);
        const figures = report.variants.map((v) => keyFigureValues(keyFigures, v));
        return {
          ok: true,
          report,
          summary,
          warnings,
          claims,
          figures,
          ...(options.series ? { series } : {}),
        };
      } catch (error) {
        return { ok: false, stage: 'run', message: messageOf(error), summary, warnings };
      }
    },

    async runAndRecord(text, fileName, options: RunRequest, onProgress): Promise<RecordedRunResult> {
      const mine = ++latestRun;
      const result = load(text, fileName);
      const warnings = result.warnings.map(toDiagnosticData);
      if (!result.ok) {
        return { ok: false, stage: 'validate', errors: result.errors.map(toDiagnosticData), warnings };
      }
      const refused = overBudget(result.file, options, 'record');
      if (refused) return { ok: false, stage: 'validate', errors: [toDiagnosticData(refused)], warnings };
      const summary = summarize(result.file);
      const send = (progress: RunProgress): void => {
        void Promise.resolve(onProgress?.(progress)).catch(() => undefined);
      };
      const end = options.durationMs ?? summary.durationMs;
      if (onProgress) send({ now: 0, end, variantIndex: 0, variantCount: 1, fraction: 0, summary });
      // Every variant goes forward together: progress counts the simulated time of all at once.
      const progress = onProgress ? progressReporter(1, send, wallClock) : undefined;
      let lastYield = wallClock();
      try {
        const variants = options.share ? shareVariants(runCount(result.file), options.share) : undefined;
        const recorded = await recordRun(
          result.file,
          { seed: options.seed, durationMs: options.durationMs, variants },
          {
            wallClock,
            onSlice: progress,
            focusMs: options.focusMs,
            figuresEveryMs: options.figuresEveryMs,
            onFocus: onProgress
              ? (figuresSoFar) =>
                  send({ now: 0, end, variantIndex: 0, variantCount: 1, fraction: 0, figuresSoFar })
              : undefined,
            async between() {
              if (wallClock() - lastYield >= YIELD_EVERY_MS) {
                await yieldToEvents();
                lastYield = wallClock();
              }
              return mine === latestRun;
            },
          },
        );
        if (!recorded || mine !== latestRun) return { ok: false, stage: 'superseded' };
        const report = recorded.report;
        const keyFigures = resolveKeyFigures(result.file.base.keyFigures);
        shown = { id: ++playbackId, playback: recorded.playback, recorded };
        return {
          ok: true,
          report,
          summary,
          warnings,
          // A share's claims wait for every share's report (`claims`).
          claims: variants ? [] : evaluateExpectations(result.file.base.expect, report),
          figures: report.variants.map((v) => keyFigureValues(keyFigures, v)),
          series: recorded.series,
          playback: {
            playbackId,
            topologies: recorded.topologies,
            endMs: recorded.endMs,
            figures: recorded.figures,
            costsMs: recorded.playback.costsMs(),
          },
        };
      } catch (error) {
        return { ok: false, stage: 'run', message: messageOf(error), summary, warnings };
      }
    },

    claims(text, fileName, report) {
      const result = load(text, fileName);
      return result.ok ? evaluateExpectations(result.file.base.expect, report) : [];
    },

    abandon() {
      latestRun++;
    },

    async importBundle(text, fileName, parts): Promise<ImportAnswer> {
      const surely = isBundle(text, fileName);
      if (!surely && !mayBeConfig(text)) return { bundle: false };
      // The importers load with the first bundle: a sixth of the worker's code, which every page
      // would otherwise fetch and compile before its first run.
      const { importSources, importedYaml, isConfigBundle, isHcl, loadHclParser, relocateLoad } =
        await import('../scenario/import');
      if (!surely && !isConfigBundle(text, fileName)) return { bundle: false };
      const sources =
        parts !== undefined && parts.length > 1
          ? parts.map((p) => ({ text: p.text, fileName: p.name }))
          : [{ text, fileName }];
      // The HCL parser is a chunk of its own, fetched only for a bundle with Consul's HCL in it.
      if (sources.some((s) => isHcl(s.text, s.fileName))) await loadHclParser();
      const result = importSources(sources);
      const errors = result.errors.map(toDiagnosticData);
      const warnings = result.warnings.map(toDiagnosticData);
      if (errors.length > 0) return { bundle: true, text: '', errors, warnings };
      const yaml = importedYaml(
        result,
        sources.map((s) => s.fileName),
      ).replace('(listed on standard error)', '(listed under the editor)');
      // The scenario made, read back as the run will read it, for the page's import summary.
      const printed = loadScenario(yaml, fileName);
      const made = relocateLoad(printed, yaml, result.document);
      // Errors all in what the bundle's scenario document wrote: shown at its lines, as the import's are.
      if (!made.ok && !printed.ok && made.errors.every((d, i) => d !== printed.errors[i]))
        return {
          bundle: true,
          text: '',
          errors: made.errors.map(toDiagnosticData),
          warnings: [...warnings, ...made.warnings.map(toDiagnosticData)],
        };
      const stub = /client stub/.test(String(result.scenario.description ?? ''));
      const facts = made.ok ? importFacts(made.file.base, text, stub) : undefined;
      return { bundle: true, text: yaml, errors, warnings, ...(facts ? { facts } : {}) };
    },

    openPlayback(text, fileName, options: RunRequest): PlaybackOpened {
      shown = undefined;
      const result = loadScenario(text, fileName);
      const warnings = result.warnings.map(toDiagnosticData);
      if (!result.ok) {
        return { ok: false, stage: 'validate', errors: result.errors.map(toDiagnosticData), warnings };
      }
      const refused = overBudget(result.file, options, 'record');
      if (refused) return { ok: false, stage: 'validate', errors: [toDiagnosticData(refused)], warnings };
      const summary = summarize(result.file);
      try {
        const opened = new Playback(result.file, { seed: options.seed, durationMs: options.durationMs });
        shown = { id: ++playbackId, playback: opened };
        return {
          ok: true,
          summary,
          warnings,
          topologies: opened.topologies(),
          endMs: opened.end,
          playbackId,
        };
      } catch (error) {
        return { ok: false, stage: 'run', message: messageOf(error), summary, warnings };
      }
    },

    advance(id, toMs) {
      if (!shown || shown.id !== id) return [];
      return shown.recorded ? shown.recorded.take(toMs) : shown.playback.advance(toMs);
    },
    trace: (variant, id) => playback()?.trace(variant, id),
    traceSummaries: (variant, limit, asOfMs) => playback()?.traceSummaries(variant, limit, asOfMs) ?? [],
    playbackReport: (variant) => playback()?.report(variant),
  };
}
