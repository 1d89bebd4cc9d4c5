/**
 * What the page does at each step of its controller (`page-machine.ts`): start a run and show its
 * progress, its answer, its errors or its end; open a file or an imported bundle; check an edited
 * text. The controller calls each only while its step is current, so these never ask which run is
 * current: they draw into the views they are given.
 *
 * A run does two things in the worker: the whole run at once, for the final report (the results
 * table and the key figures), and a playback in slices on the page's clock, for the diagram. Both
 * use the same seed, so the playback ends on the report's numbers.
 */
import { plural } from '../../report/figure-format';
import type { SplitClient } from '../../worker/split-client';
import type { DiagnosticData, FigureTimeline, Report, ScenarioSummary } from '../../worker/protocol';
import { afterPaint } from '../after-paint';
import { showDiagnostics, showListNote } from '../diagnostics-view';
import type { LazyYamlEditor } from '../editor/lazy-editor';
import type { FocusMemory } from '../knobs/focus-memory';
import type { LandmarkView } from '../playback/landmark-view';
import type { Player } from '../player';
import type { RunSuccess } from '../replications';
import { endRunGoing } from '../run-ending';
import type { SharedView } from '../share';
import type { StaleReason } from '../stale-mark';
import type { ImportPanel } from './import-panel';
import type { LessonPanel } from './lesson-panel';
import type { PageEffects } from './page-machine';
import type { PageFile } from './page-file';
import type { ReplicationRuns } from './replication-runs';
import type { ResultsPanel } from './results-panel';
import type { RecordedSuccess, RunCharts } from './run-charts';
import type { StaleFigures } from './stale-figures';
import type { StatusLine } from './status-line';
import { describeFailure, doneText, progressText, stoppedText } from './status-text';
import type { TilesView } from './tiles-view';

/** The views and services the runs draw into and use. */
export interface RunParts {
  readonly client: Pick<SplitClient, 'runAndRecord' | 'cancel' | 'abandon' | 'validate' | 'importBundle'>;
  /** How often a run sends its figures so far, ms, when the tiles show the run as it goes. */
  readonly figuresSoFarEveryMs: number;
  readonly editor: LazyYamlEditor;
  readonly file: PageFile;
  readonly status: StatusLine;
  readonly stale: StaleFigures;
  readonly results: ResultsPanel;
  readonly importPanel: ImportPanel;
  readonly lesson: LessonPanel;
  readonly tiles: TilesView;
  readonly player: Player;
  readonly landmarks: LandmarkView;
  readonly charts: RunCharts;
  readonly replications: ReplicationRuns;
  /** The library menu: names a file opened that is not of the library. */
  readonly picker: { showOpenedFile(label: string): void };
  /** The problems list, under the editor. */
  readonly diagnostics: HTMLElement;
  /** The scenario's name (the page's `h1`). */
  readonly name: HTMLElement;
  /** Opens a tab. */
  showTab(id: string): void;
  /** The text changed: "Reset lesson" follows. */
  textChanged(): void;
}

/** The page's runs. */
export interface PageRuns {
  /** What the controller calls. */
  readonly effects: PageEffects;
  /** The report of the latest run that succeeded. */
  readonly lastReport: Report | undefined;
  /** The latest run begun (the status line's `data-run`). */
  readonly runId: number;
  /** The next run is asked for by a control that had the focus: it gets it back once the run is drawn. */
  askedBy(focus: FocusMemory): void;
  /** The replications moved on: compare view, claims, status line and Run button follow. */
  showReplications(): void;
  /** The first run opens the default scenario because a shared link could not be read (`text` says why). */
  refuseLink(text: string): void;
  /** The first run's playback opens on `view`, the one a shared link asks for. */
  showView(view: SharedView): void;
}

/** The run going, as the page started it: its text and file, and what its progress has told. */
interface RunShown {
  readonly text: string;
  readonly name: string;
  /** The variants' names, once the worker has read the text. */
  variants: readonly string[];
  summary?: ScenarioSummary;
}

/** The page's runs, drawn into `parts`. */
export function createPageRuns(parts: RunParts): PageRuns {
  const { client, editor, file, status, stale, results, importPanel, lesson, tiles, player } = parts;
  let runId = 0;
  let lastReport: Report | undefined;
  let scenarioShown = false;
  let runShown: RunShown = { text: '', name: '', variants: [] };
  /** The answer of the latest run begun, for ending it when another file opens. */
  let runGoing: Promise<unknown> | undefined;
  /** The run abandoned for a file that opens, until its workers are free. */
  let runEnding: Promise<unknown> | undefined;
  /** After the run going ends: the control that asked for it gets the focus back, a bundle's warnings show. */
  let afterRun: { focus?: FocusMemory; then?: () => void } = {};
  /** Where the focus was when a control asked for a run: put back if the run's redraw dropped it. */
  let focusBeforeRun: FocusMemory | undefined;
  /**
   * A shared link the page could not read, and the run that opened the default scenario instead: that
   * run's status and problems say why.
   */
  let linkRefused: { readonly run: number; readonly text: string } | undefined;
  /** The view a shared link asks for, applied once when its run's playback starts. */
  let sharedView: SharedView | undefined;
  /** The file whose lesson speed was last applied: a lesson's speed is taken when it opens, not on each run. */
  let playbackFile = '';

  const show = (summary: ScenarioSummary): void => {
    scenarioShown = true;
    lesson.show(summary);
  };

  const showProblems = (errors: readonly DiagnosticData[], warnings: readonly DiagnosticData[]): void => {
    showDiagnostics(parts.diagnostics, errors, warnings, (d) => {
      parts.showTab('editor');
      editor.goTo(d.line, d.column);
    });
    if (linkRefused?.run === runId) showListNote(parts.diagnostics, linkRefused.text);
    editor.setDiagnostics(errors, warnings, file.name);
  };

  /** After a run that found errors: the editor shows the first one's line, marked, and keeps the focus where it was. */
  const revealFirstError = (errors: readonly DiagnosticData[]): void => {
    const first = errors[0];
    // A problem about another file of a bundle has no line here: the list says where it is.
    if (first && first.file === file.name) editor.reveal(first.line, first.column);
  };

  const setRunning = (on: boolean): void => {
    status.setRunning(on);
    player.setRunGoing(on);
    results.setBusy(on);
  };

  /** Marks the figures drawn as not those of `name` (the editor's file by default), for `reason`. */
  const markStale = (reason: StaleReason, name: string = file.name): void => stale.markStale(reason, name);

  const markResultsStale = (why: string, reason: StaleReason = 'failed'): void => {
    markStale(reason);
    results.markStale(why);
  };

  /** The status line of a finished run, with how far its replications are. */
  const runDoneText = (report: Report): string => {
    const r = parts.replications.current;
    return doneText(
      report,
      lesson.summary?.durationMs,
      linkRefused?.run === runId ? linkRefused.text : undefined,
      r?.id === runId ? r : undefined,
    );
  };

  /**
   * Shows run `id`'s report; `timelines` are its key figures over time. The tiles compare with the run
   * before when both are of the same file (`opensFile` false), else with nothing.
   */
  const showReport = (
    report: Report,
    summary: ScenarioSummary,
    figures: RunSuccess['figures'],
    timelines: readonly FigureTimeline[],
    id: number,
  ): void => {
    tiles.showRun(
      {
        run: id,
        summary,
        names: report.variants.map((v) => v.name),
        whole: figures,
        timelines,
        played: false,
      },
      file.opensFile,
    );
    lastReport = report;
    results.showRun(report, summary.durationMs);
  };

  /**
   * Plays run `id`'s recorded frames (the same pass as its report). A re-run of the same file keeps the
   * playhead's time and whether it plays; a file just opened starts at its own `playback.start`.
   */
  const play = (result: RecordedSuccess): void => {
    const opened = result.playback;
    const names = opened.topologies.map((t) => t.variant);
    const { startMs, speed } = result.summary.playback;
    const from = file.opensFile ? startMs : Math.min(player.time, opened.endMs);
    parts.charts.showRun(result, from, names);
    player.setRun(lastReport, lesson.summary?.warmupMs ?? 0);
    parts.landmarks.setRuns(
      (lastReport?.variants ?? []).map((v) => ({ name: v.name, timeline: v.timeline })),
      opened.endMs,
    );
    player.start(
      opened.topologies,
      opened.endMs,
      opened.playbackId,
      file.opensFile
        ? { startMs, speed: file.name !== playbackFile ? speed : undefined }
        : { startMs: from, playing: player.playing },
    );
    file.opensFile = false;
    playbackFile = file.name;
    tiles.markPlayed();
    const view = sharedView;
    sharedView = undefined;
    if (view) {
      // A shared link opens on its variant and its moment, held still for the reader to look at.
      const index = view.variant === undefined ? 0 : Math.max(0, names.indexOf(view.variant));
      player.showVariant(index, view.sideBySide ?? false);
      if (view.timeMs !== undefined) {
        player.seek(view.timeMs);
        player.pause();
      }
    }
    tiles.draw(true);
  };

  const effects: PageEffects = {
    now: () => performance.now(),
    abandonRun(opening) {
      afterRun = {};
      status.set('starting', `Stopped the run going; opening ${opening}…`);
      // Ended at its worker's next step, or by ending its workers if it does not answer soon (see `run-ending.ts`).
      if (runGoing) runEnding = endRunGoing(runGoing, client);
    },
    importFile: async (request) => {
      importPanel.prepare();
      await runEnding;
      return client.importBundle(request.text, request.name, request.parts);
    },
    showImportErrors(request, answer) {
      if (!answer.bundle) return;
      importPanel.close();
      // The bundle's own text goes in the editor, so its errors point into what the reader sees.
      file.name = request.name;
      editor.setText(request.text);
      showProblems(answer.errors, answer.warnings);
      parts.showTab('editor');
      revealFirstError(answer.errors);
      markStale('invalid', request.name);
      status.set(
        'invalid',
        `${request.name} could not be imported: ${plural(answer.errors.length, 'error', { grouped: true })}, listed under the editor.`,
      );
    },
    openScenario(request, answer) {
      importPanel.close();
      if (!answer.bundle) {
        file.name = request.name;
        file.open(request.text);
        return;
      }
      showDiagnostics(parts.diagnostics, answer.errors, answer.warnings, () => parts.showTab('editor'));
      file.name = request.name.replace(/(\.[^.]*)?$/, '.imported.yaml');
      if (request.keyInLibrary === undefined) parts.picker.showOpenedFile(`${request.name}, imported`);
      if (answer.facts) {
        importPanel.open({
          file: request.name,
          forFile: file.name,
          facts: answer.facts,
          warnings: answer.warnings,
        });
        parts.showTab('lesson');
      }
      file.open(answer.text);
      afterRun.then = () =>
        showDiagnostics(parts.diagnostics, [], answer.warnings, () => parts.showTab('editor'));
    },
    startRun(id, report) {
      parts.replications.stop();
      runId = id;
      tiles.dropEarly();
      runShown = { text: editor.getText(), name: file.name, variants: [] };
      const { text, name } = runShown;
      afterRun.focus = focusBeforeRun;
      focusBeforeRun = undefined;
      setRunning(true);
      status.setRun(id);
      status.set('running', 'Starting the run…');
      markStale('running', name);
      parts.textChanged();
      // A re-run asks for the figures at the playhead as soon as the run has passed it (a second ahead when playing).
      const t = player.time;
      const focusMs =
        !file.opensFile && tiles.drawn && t < player.end ? t + (player.playing ? 1000 : 0) : undefined;
      // Nothing drawn yet, or a re-run of the file drawn: the tiles show the run as it goes.
      const figuresEveryMs =
        stale.drawn === undefined || (!file.opensFile && tiles.drawn !== undefined)
          ? parts.figuresSoFarEveryMs
          : undefined;
      const answer = client.runAndRecord(
        text,
        name,
        { seed: file.seed, focusMs, figuresEveryMs },
        (progress) => report({ type: 'run.progress', progress }),
      );
      runGoing = answer;
      answer.then(
        (result) => report({ type: 'run.answer', result }),
        (error: unknown) => report({ type: 'run.error', error }),
      );
    },
    showProgress(id, p, drawFigures) {
      const drawn = stale.drawn;
      if (p.figuresSoFar) {
        if (!drawFigures) return;
        if (drawn === undefined) {
          if (runShown.summary) tiles.showFirst(id, runShown.summary, p.figuresSoFar);
          return;
        }
        tiles.showEarly(id, p.figuresSoFar, p.end);
        return;
      }
      if (p.summary) {
        // The worker has read the text (once): the scenario is named while the run goes.
        runShown.variants = p.summary.variants;
        runShown.summary = p.summary;
        // The name shown is that of the figures drawn: another file's waits for its own figures.
        if (drawn === undefined || drawn.file === runShown.name) show(p.summary);
        return;
      }
      status.setProgress(p.fraction);
      // Another file than the one drawn: the title and the figures are still the drawn one's, so the line says which runs.
      const opening = drawn !== undefined && drawn.file !== runShown.name;
      const text = progressText(p, runShown.variants);
      status.set(
        'running',
        opening ? `${text} · opening “${runShown.summary?.name ?? runShown.name}”` : text,
      );
    },
    holdFigures: () => {
      tiles.dropEarly();
    },
    showAnswer(id, result) {
      const name = runShown.name;
      show(result.summary);
      stale.markCurrent(name, result.summary.name);
      importPanel.showRun(name, result.report);
      showProblems([], result.warnings);
      showReport(result.report, result.summary, result.figures, result.playback.figures, id);
    },
    // The tiles and the table hold the new numbers: on screen before the diagram and the charts are
    // drawn anew, which take the longer part of the answer's handling, in a task of their own.
    afterPaint,
    drawAnswer(id, result) {
      parts.charts.showReport(result.report);
      parts.replications.start({
        id,
        text: runShown.text,
        fileName: runShown.name,
        replications: result.summary.replications,
        report: result.report,
        claims: result.claims,
      });
      play(result);
      status.set('done', runDoneText(result.report));
    },
    showInvalid(_id, result) {
      if (result.ok || result.stage !== 'validate') return;
      showProblems(result.errors, result.warnings);
      parts.showTab('editor');
      revealFirstError(result.errors);
      status.set(
        'invalid',
        `The scenario has ${plural(result.errors.length, 'error', { grouped: true })}, marked in the editor. Your text is kept; fix it and run again.`,
      );
      markResultsStale('Not run: the scenario has errors.', 'invalid');
    },
    showFailed(_id, result) {
      if (result.ok || result.stage !== 'run') return;
      const drawn = stale.drawn;
      if (drawn === undefined || drawn.file === runShown.name) show(result.summary);
      showProblems([], result.warnings);
      status.set('failed', `The scenario is valid, but the simulation failed: ${result.message}`);
      markResultsStale('The last run failed.');
    },
    showRunError(_id, error) {
      status.set('failed', describeFailure(error));
      markResultsStale('The last run failed.');
      if (!scenarioShown) parts.name.textContent = 'The scenario could not be read';
    },
    showError: (error) => status.set('failed', describeFailure(error)),
    cancelRun: () => client.cancel(),
    showStopped(_id, reached) {
      status.set('stopped', `${stoppedText(reached)} Press Run to start again.`);
      markResultsStale('The last run was stopped.', 'stopped');
    },
    endRun() {
      setRunning(false);
      // The control that asked for the run keeps the focus, once the lesson and sliders are redrawn;
      // a run abandoned for a file that opens gives nothing back.
      void lesson.showKnobs().then(() => {
        const { focus, then } = afterRun;
        afterRun = {};
        focus?.restore();
        then?.();
      });
    },
    validate: () => client.validate(editor.getText(), file.name),
    showValidation(result) {
      showProblems(result.errors, result.warnings);
      if (result.ok) {
        const drawn = stale.drawn;
        if (drawn === undefined || drawn.file === file.name) show(result.summary);
        markStale('edited');
        status.set('edited', 'Edited. The scenario is valid; press Run (or Ctrl+Enter) to simulate it.');
      } else {
        markStale('invalid');
        status.set(
          'invalid',
          `The scenario has ${plural(result.errors.length, 'error', { grouped: true })}, marked in the editor.`,
        );
      }
    },
  };

  return {
    effects,
    get lastReport() {
      return lastReport;
    },
    get runId() {
      return runId;
    },
    askedBy(focus) {
      focusBeforeRun = focus;
    },
    showReplications() {
      const r = parts.replications.current;
      results.showReplications();
      lesson.showClaims();
      status.refresh();
      if (r && r.id === runId && !status.running && status.phase === 'done' && lastReport)
        status.set('done', runDoneText(lastReport));
    },
    refuseLink(text) {
      linkRefused = { run: 1, text };
    },
    showView(view) {
      sharedView = view;
    },
  };
}
