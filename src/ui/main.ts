/**
 * The page: a scenario from the library, a shared link or a file; its topology played as an animated
 * diagram; the editor with diagnostics; the final results, key figures and traces. The page renders
 * only; parsing and simulating happen in the worker (`src/worker/`).
 *
 * A run does two things in the worker: the whole run at once, for the final report (the results
 * table and the key figures), and a playback in slices on the page's clock, for the diagram. Both
 * use the same seed, so the playback ends on the report's numbers.
 *
 * This module is the page's composition root: it builds the views, gives the controller
 * (`app/page-machine.ts`) what the page does at each of its steps (`effects`), and turns the reader's
 * gestures into the controller's events. Which run is current, whether a newer input waits and
 * whether the text was checked are the controller's states, not variables here.
 */
// First: the worker starts before the other modules are evaluated (see `simulation-client.ts`).
import { client, FIGURES_SO_FAR_EVERY_MS } from './simulation-client';
import { createSimulationClient } from '../worker/client';
import {
  createAmplificationChart,
  createDistributionChart,
  createLatencyChart,
  createSeriesStore,
  createThroughputChart,
  seriesStoreOf,
  createUtilizationBars,
  type SeriesStore,
} from './charts';
import type {
  DiagnosticData,
  FigureTimeline,
  RecordedRunResult,
  Report,
  ScenarioSummary,
} from '../worker/protocol';
import { showDiagnostics, showListNote, watchDiagnosticsHeight } from './diagnostics-view';
import { byId, h, setText } from './dom';
import { afterPaint } from './after-paint';
import { createLazyEditor } from './editor/lazy-editor';
import { installDropTarget, pickFile } from './files';
import { formatSpan, plural } from '../report/figure-format';
import { rememberFocus, type FocusMemory } from './knobs/focus-memory';
import { renderKnobs } from './knobs/knob-panel';
import type { Knob } from './knobs/knobs';
import { buildLibrary, DEFAULT_SCENARIO_FILE, scenarioFile, titleOf } from './library';
import { createLibraryPicker } from './library-picker';
import { createPlayer } from './player';
import { createReplicationPool, type RunSuccess } from './replications';
import { createLazyLandmarks } from './playback/lazy-landmarks';
import { lessonKnobHosts, showScenario } from './scenario-view';
import type { SharedView } from './share';
import { installShareButton, readSharedLink } from './app/share-link';
import { createStaleMark, staleText, type StaleReason } from './stale-mark';
import { endRunGoing } from './run-ending';
import { createActor } from 'xstate';
import { createPageMachine, type OpenRequest, type PageEffects } from './app/page-machine';
import { installPlayerKeys } from './app/player-keys';
import { createTabs } from './app/tabs';
import { describeFailure, doneText, progressText, stoppedText } from './app/status-text';
import { createTilesView } from './app/tiles-view';
import { createReplicationRuns } from './app/replication-runs';
import { createClaimsPanel } from './app/claims-panel';
import { createImportPanel } from './app/import-panel';
import { createResultsPanel } from './app/results-panel';
import { installExportButtons } from './app/export-buttons';

/**
 * What the status line says about the page; also its `data-state` attribute, which tests wait on (with
 * `data-run`, the number of the latest run).
 */
type Phase = 'starting' | 'running' | 'done' | 'invalid' | 'failed' | 'stopped' | 'edited';

const ui = {
  name: byId('scenario-name', HTMLElement),
  steps: byId('lesson-steps', HTMLElement),
  run: byId('run', HTMLButtonElement),
  stop: byId('stop', HTMLButtonElement),
  status: byId('status', HTMLElement),
  progress: byId('progress', HTMLProgressElement),
  results: byId('results', HTMLElement),
  resultsNote: byId('results-note', HTMLElement),
  editorHost: byId('editor-host', HTMLElement),
  diagnostics: byId('diagnostics', HTMLElement),
  picker: byId('library', HTMLSelectElement),
  openFile: byId('open-file', HTMLButtonElement),
  share: byId('share', HTMLButtonElement),
  exportYaml: byId('export-yaml', HTMLButtonElement),
  exportJson: byId('export-json', HTMLButtonElement),
  exportCsv: byId('export-csv', HTMLButtonElement),
  kpis: byId('kpis', HTMLElement),
  traceView: byId('trace-view', HTMLElement),
  traceList: byId('trace-list', HTMLElement),
  simTime: byId('sim-time', HTMLElement),
  chartLatency: byId('chart-latency', HTMLElement),
  chartThroughput: byId('chart-throughput', HTMLElement),
  chartDistribution: byId('chart-distribution', HTMLElement),
  chartUtilization: byId('chart-utilization', HTMLElement),
  chartAmplification: byId('chart-amplification', HTMLElement),
  claims: byId('claims', HTMLElement),
  resetLesson: byId('reset-lesson', HTMLButtonElement),
};

// --- Charts -------------------------------------------------------------------------------------

const latencyChart = createLatencyChart(ui.chartLatency);
const throughputChart = createThroughputChart(ui.chartThroughput);
const distributionChart = createDistributionChart(ui.chartDistribution);
const utilizationBars = createUtilizationBars(ui.chartUtilization);
const amplificationChart = createAmplificationChart(ui.chartAmplification);
let series: SeriesStore = createSeriesStore(1);

const scenarios = import.meta.glob('../../scenarios/**/*.{yaml,yml}', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const library = buildLibrary(scenarios);
const picker = createLibraryPicker(byId('library', HTMLSelectElement), library);
const defaultPath = Object.keys(scenarios).find((p) => scenarioFile(p) === DEFAULT_SCENARIO_FILE) ?? '';

/** A run goes: the Run button stops it (set by `setRunning`, as the controller starts and ends runs). */
let running = false;
/** The latest run begun (the status line's `data-run`): the tiles, claims and replications say whose they are. */
let runId = 0;
let scenarioShown = false;
/** The name errors are reported under: the library file or the opened file. */
let fileName = DEFAULT_SCENARIO_FILE;
let lastReport: Report | undefined;
let seed: number | undefined;
let summaryShown: ScenarioSummary | undefined;
/**
 * The next run opens a file (a lesson picked, a file opened, a link followed): its playback starts at
 * the file's own `playback.start`, and its tiles compare with nothing. Any other run (a slider, a
 * try-this, a new seed, Run) keeps the playhead and shows each tile's change from the run before.
 */
let opensFile = true;
/** The file's text as it was opened: "Reset lesson" goes back to it. */
let originalText: string | undefined;
/** Where the focus was when a control asked for a run: put back if the run's redraw dropped it. */
let focusBeforeRun: FocusMemory | undefined;

/** The replications of the latest run that succeeded, on a pool of extra workers. */
const replicationRuns = createReplicationRuns(
  createReplicationPool(createSimulationClient),
  navigator.hardwareConcurrency,
  () => showReplications(),
);
/** The results table and the compare view of the latest run. */
const results = createResultsPanel(ui.results, ui.resultsNote, {
  replications: () => replicationRuns.current,
  keyFigures: () => summaryShown?.keyFigures ?? [],
  shown: () => tabs.shown === 'results',
  onCompareChange: () => fitSide(),
});
/** The lesson's claims, with the verdicts of the latest run and its replications. */
const claims = createClaimsPanel(ui.claims);

// --- Tabs ---------------------------------------------------------------------------------------

/**
 * A waterfall needs room for its labels and time axis, the compare view for its columns: the side
 * panel widens while either shows (a little more for three variants or more).
 */
function fitSide(): void {
  const compared = tabs.shown === 'results' ? results.comparedVariants : 0;
  const app = document.querySelector('.app');
  app?.classList.toggle('wide-side', tabs.shown === 'trace' || compared > 0);
  app?.classList.toggle('wider', compared > 2);
}
const tabs = createTabs(Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"]')), {
  onShow(id) {
    if (id === 'results') results.draw();
    fitSide();
    // CodeMirror is loaded when the editor is first shown, not with the page (see `lazy-editor.ts`).
    if (id === 'editor') editor.load().catch(() => undefined);
  },
  onChosen(id) {
    if (id === 'trace') void showTraceList().catch(() => undefined);
  },
});
const showTab = (id: string): void => tabs.show(id);

// --- Editor -------------------------------------------------------------------------------------

const editor = createLazyEditor(ui.editorHost, {
  text: '',
  onChange: () => {
    refreshResetLesson();
    page.send({ type: 'EDIT' });
  },
  onRun: () => {
    if (!page.getSnapshot().matches('run')) page.send({ type: 'RUN' });
  },
  contentAttributes: { 'aria-describedby': 'diagnostics' },
});
// Fetched as the pointer or focus reaches the Editor tab, so that it is ready when the tab opens.
for (const cue of ['pointerenter', 'focus'])
  document
    .getElementById('tab-editor')
    ?.addEventListener(cue, () => void editor.load().catch(() => undefined));
// Read-only hooks for the browser tests and the page benchmark (the editor draws only the lines on screen).
(window as unknown as { meshsim: object }).meshsim = {
  editorText: () => editor.getText(),
  dotsDrawn: () => player.dotsDrawn,
  report: () => lastReport,
};

function pick(d: DiagnosticData): void {
  showTab('editor');
  editor.goTo(d.line, d.column);
}

function showProblems(errors: readonly DiagnosticData[], warnings: readonly DiagnosticData[]): void {
  showDiagnostics(ui.diagnostics, errors, warnings, pick);
  if (linkRefused?.run === runId) showListNote(ui.diagnostics, linkRefused.text);
  editor.setDiagnostics(errors, warnings, fileName);
}
watchDiagnosticsHeight(ui.diagnostics, byId('panel-editor', HTMLElement));

/** After a run that found errors: the editor shows the first one's line, marked, and keeps the focus where it was. */
function revealFirstError(errors: readonly DiagnosticData[]): void {
  const first = errors[0];
  // A problem about another file of a bundle has no line here: the list says where it is.
  if (first && first.file === fileName) editor.reveal(first.line, first.column);
}

// --- Parameters ---------------------------------------------------------------------------------

/** The sliders' and try-this buttons' YAML editing, loaded apart from the page (see `scenario-edits.ts`). */
const scenarioEdits = () => import('./knobs/scenario-edits');

/** A slider moved: write its value into the text and run again at once (a run still going is abandoned). */
function onKnob(knob: Knob, value: number): void {
  const focus = rememberFocus();
  void scenarioEdits().then(({ applyKnob }) => {
    const text = applyKnob(editor.getText(), knob, value);
    if (text === editor.getText()) return;
    editor.setText(text);
    rerun(focus);
  });
}

/**
 * Runs the editor's text again for a control the reader used; the focus goes back to the control once
 * the run is drawn. The latest input wins: with no run going it runs at once; while one goes, the
 * newest input replaces it (the worker abandons it) once it has had the time a run takes, or as soon
 * as it ends, and its numbers, of a value already left, are never drawn. So a drag starts a run
 * every run's length at most, not one per step, and ends on the value let go of.
 */
function rerun(focus: FocusMemory): void {
  focusBeforeRun = focus;
  page.send({ type: 'RERUN' });
}

/** Some slider of the lesson shown goes beside no "try this" action (its "More to turn" step is drawn). */
let moreToTurn = false;

/** The sliders in the lesson: each beside the action that sets its value, the others in "More to turn". */
function showKnobs(): Promise<void> {
  return scenarioEdits().then(({ findKnobs, placeKnobs }) => {
    const summary = summaryShown;
    if (!summary) return;
    const text = editor.getText();
    const placed = placeKnobs(text, summary.tryThis, findKnobs(text));
    if (moreToTurn !== placed.rest.length > 0) {
      moreToTurn = placed.rest.length > 0;
      showLesson(summary);
    }
    const hosts = lessonKnobHosts(ui.steps);
    hosts.beside.forEach((host, i) => {
      const knobs = placed.beside[i] ?? [];
      host.hidden = knobs.length === 0;
      renderKnobs(host, knobs, onKnob);
    });
    if (hosts.rest) renderKnobs(hosts.rest, placed.rest, onKnob);
  });
}

// --- Player -------------------------------------------------------------------------------------

const player = createPlayer(
  {
    stage: byId('stage', HTMLElement),
    legend: byId('legend', HTMLElement),
    play: byId('play', HTMLButtonElement),
    stepBack: byId('step-back', HTMLButtonElement),
    stepForward: byId('step-forward', HTMLButtonElement),
    speed: byId('speed', HTMLSelectElement),
    scrub: byId('scrub', HTMLInputElement),
    time: byId('clock', HTMLElement),
    newSeed: byId('new-seed', HTMLButtonElement),
    variants: byId('variant-switch', HTMLElement),
  },
  client,
  {
    // The charts draw the run's own series (`showSeries`), whole from the start: frames feed the diagram.
    onFrames: () => undefined,
    onTime: (t) => {
      setText(ui.simTime, `sim time ${formatSpan(t, 'rounded')}`);
      landmarks.setTime(t);
      tiles.draw();
      latencyChart.update(series, t);
      throughputChart.update(series, t);
      amplificationChart.update(series, t);
    },
    onTracePicked: (variant, id) => void showTrace(variant, id),
    onView: (shown) => {
      tiles.draw(true);
      landmarks.setShown(shown);
      importPanel.redraw(lastReport);
    },
    onNewSeed: () => {
      seed = Math.floor(Math.random() * 1_000_000);
      page.send({ type: 'RUN' });
    },
  },
);

/** The runs' landmarks on the scrubber (faults, rate steps, breakers, ejections), and jumps to them. */
const landmarks = createLazyLandmarks(
  {
    track: byId('scrub-track', HTMLElement),
    scrub: byId('scrub', HTMLInputElement),
    previous: byId('landmark-previous', HTMLButtonElement),
    next: byId('landmark-next', HTMLButtonElement),
  },
  player,
);
/** The key figures of the run drawn, at the playhead, and of the run going as it goes. */
const tiles = createTilesView(ui.kpis, player, {
  runGoing: () => running,
  stageFigures: (variant) =>
    document.querySelector<HTMLElement>(`#stage .stage-figures[data-variant="${variant}"]`),
});
/** The view a shared link asks for, applied once when its run's playback starts. */
let sharedView: SharedView | undefined;
/** The file whose lesson speed was last applied: a lesson's speed is taken when it opens, not on each run. */
let playbackFile = '';

/** The waterfall and the trace list, loaded when a trace is first shown rather than with the page. */
const traceViews = () => import('./trace/trace-views');

async function showTrace(variant: number, id: string): Promise<void> {
  const trace = await client.trace(variant, id);
  showTab('trace');
  if (!trace) {
    ui.traceView.replaceChildren(h('p', { class: 'empty' }, `The trace of ${id} is no longer kept.`));
    return;
  }
  // Its title is the Trace panel's heading, a level under the page's h1.
  const { renderWaterfall } = await traceViews();
  renderWaterfall(ui.traceView, trace, { asOf: player.time, headingLevel: 2 });
}

/** The traced requests answered so far, to pick one from (refreshed each time the tab opens). */
async function showTraceList(): Promise<void> {
  const variant = player.variant;
  const [traces, { renderTraceList }] = await Promise.all([
    client.traceSummaries(variant, 2000),
    traceViews(),
  ]);
  renderTraceList(ui.traceList, traces, (id) => void showTrace(variant, id));
}

// --- Status, results ----------------------------------------------------------------------------

function show(summary: ScenarioSummary): void {
  scenarioShown = true;
  summaryShown = summary;
  // A lesson drawn anew has empty places for its sliders: fill them without waiting for the run.
  if (showLesson(summary)) showKnobs();
  showClaims();
}

/** The lesson as steps; true when they were drawn anew (another lesson, or its text changed). */
function showLesson(summary: ScenarioSummary): boolean {
  return showScenario(ui, summary, { actionButton: tryThisButton, hasMoreToTurn: moreToTurn });
}

/** The button of the lesson's `tryThis[index]`: sets its values and runs again. */
function tryThisButton(index: number): HTMLElement {
  const label = summaryShown?.tryThis[index]?.label ?? '';
  const button = h(
    'button',
    { type: 'button', class: 'try', 'data-testid': 'try-this' },
    label.charAt(0).toUpperCase() + label.slice(1),
  );
  button.addEventListener('click', () => {
    // The action of the file shown now: an edit may have changed what it sets.
    const action = summaryShown?.tryThis[index];
    if (!action) return;
    const focus = rememberFocus();
    void scenarioEdits().then(({ applySettings }) => {
      editor.setText(applySettings(editor.getText(), action.set));
      rerun(focus);
    });
  });
  return button;
}

/** The lesson's claims with the verdicts of the latest run and its replications. */
function showClaims(): void {
  claims.show(summaryShown?.expect ?? [], replicationRuns.current);
}

function setStatus(phase: Phase, text: string): void {
  ui.status.dataset.state = phase;
  ui.status.textContent = text;
}

/** The Run button stops a run, or the replications after it, while either goes; the bar shows progress. */
function refreshRunButton(): void {
  const busy = running || replicationRuns.going;
  ui.run.textContent = busy ? 'Stop' : 'Run';
  ui.run.classList.toggle('stop', busy);
  ui.run.setAttribute(
    'aria-label',
    running ? 'Stop the run' : busy ? 'Stop the replications' : 'Run the scenario',
  );
  ui.progress.hidden = !busy;
  // Beside the bar, in every tab (the Run button is the editor's).
  ui.stop.hidden = !busy;
  ui.stop.setAttribute('aria-label', running ? 'Stop the run' : 'Stop the replications');
  const r = replicationRuns.current;
  if (!running && r && busy) ui.progress.value = r.done / r.count;
}

function setRunning(on: boolean): void {
  running = on;
  player.setRunGoing(on);
  refreshRunButton();
  if (on) ui.progress.value = 0;
  results.setBusy(on);
}

/** The summary of an imported file, beside the diagram. */
const importPanel = createImportPanel(document.getElementById('lesson-steps') ?? ui.name, {
  drawn: (variants) => (player.shown.length > 0 ? player.shown : [Math.min(player.variant, variants - 1)]),
  summary: () => summaryShown,
  showWarnings: () => showTab('editor'),
});

/** The run whose figures the diagram, tiles and charts draw: its file and scenario name. */
let drawnRun: { readonly file: string; readonly name: string } | undefined;
const staleMark = createStaleMark(byId('stage', HTMLElement), [
  byId('stage', HTMLElement),
  ui.kpis,
  byId('chart-latency', HTMLElement).closest<HTMLElement>('.charts') ?? ui.kpis,
]);
/** A re-run of the same file is marked stale only if it takes longer than this, ms: a quick one would flash. */
const STALE_RERUN_DELAY_MS = 400;
let staleTimer: ReturnType<typeof setTimeout> | undefined;

/** Marks the figures drawn as not those of `file` (the editor's), for `reason`; nothing when none are drawn. */
function markStale(reason: StaleReason, file: string = fileName): void {
  clearTimeout(staleTimer);
  const drawn = drawnRun;
  if (!drawn) return;
  const text = staleText({ reason, drawnName: drawn.name, drawnFile: drawn.file, file });
  if (reason === 'running' && file === drawn.file)
    staleTimer = setTimeout(() => staleMark.set(text), STALE_RERUN_DELAY_MS);
  else staleMark.set(text);
}

/** The figures drawn are now those of run `file` (scenario `name`). */
function markCurrent(file: string, name: string): void {
  clearTimeout(staleTimer);
  drawnRun = { file, name };
  staleMark.set(undefined);
}

function markResultsStale(why: string, reason: StaleReason = 'failed'): void {
  markStale(reason);
  results.markStale(why);
}

/**
 * Shows run `id`'s report; `timelines` are its key figures over time. The tiles compare with the run
 * before when both are of the same file (`opensFile` false), else with nothing.
 */
function showReport(
  report: Report,
  summary: ScenarioSummary,
  figures: RunSuccess['figures'],
  timelines: readonly FigureTimeline[],
  id: number,
): void {
  tiles.showRun(
    { run: id, summary, names: report.variants.map((v) => v.name), whole: figures, timelines, played: false },
    opensFile,
  );
  lastReport = report;
  results.showRun(report, summary.durationMs);
}

/** The charts of a run's whole report (latency distribution, utilization), drawn once its numbers are on screen. */
function showReportCharts(report: Report): void {
  // Every variant: a chart that cannot tell more apart says which it leaves out.
  distributionChart.update(report.variants);
  utilizationBars.update(report.variants);
}

/**
 * A shared link the page could not read, and the run that opened the default scenario instead: that
 * run's status and problems say why.
 */
let linkRefused: { readonly run: number; readonly text: string } | undefined;

/** The status line of a finished run, with how far its replications are. */
function runDoneText(report: Report): string {
  const r = replicationRuns.current;
  return doneText(
    report,
    summaryShown?.durationMs,
    linkRefused?.run === runId ? linkRefused.text : undefined,
    r?.id === runId ? r : undefined,
  );
}

/** Everything that shows the replications' progress: compare view, claims, status line, Run button. */
function showReplications(): void {
  const r = replicationRuns.current;
  results.showReplications();
  showClaims();
  refreshRunButton();
  if (r && r.id === runId && !running && ui.status.dataset.state === 'done' && lastReport)
    setStatus('done', runDoneText(lastReport));
}

/**
 * The charts over time draw run `result`'s series: every slice of the whole run, up to the playhead
 * as it plays, and whole in an export wherever the playhead is.
 */
function showSeries(result: RunSuccess): void {
  // Drawn by `play`, once, at the time the playback starts from.
  series = seriesStoreOf(result.series ?? []);
}

/** A recorded run that succeeded: its report and the playback of its frames. */
type RecordedSuccess = Extract<RecordedRunResult, { ok: true }>;

/**
 * Plays run `id`'s recorded frames (the same pass as its report). A re-run of the same file keeps the
 * playhead's time and whether it plays; a file just opened starts at its own `playback.start`.
 */
function play(result: RecordedSuccess): void {
  const opened = result.playback;
  const names = opened.topologies.map((t) => t.variant);
  const { startMs, speed } = result.summary.playback;
  const from = opensFile ? startMs : Math.min(player.time, opened.endMs);
  // The new series and options at the time the playback starts from: one drawing per chart, which
  // the player's first frame at that time keeps (it moves only the cursor).
  const chartOptions = { names, durationMs: opened.endMs, warmupMs: result.summary.warmupMs };
  for (const chart of [latencyChart, throughputChart, amplificationChart])
    chart.update(series, from, chartOptions);
  player.setRun(lastReport, summaryShown?.warmupMs ?? 0);
  landmarks.setRuns(
    (lastReport?.variants ?? []).map((v) => ({ name: v.name, timeline: v.timeline })),
    opened.endMs,
  );
  player.start(
    opened.topologies,
    opened.endMs,
    opened.playbackId,
    opensFile
      ? { startMs, speed: fileName !== playbackFile ? speed : undefined }
      : { startMs: from, playing: player.playing },
  );
  opensFile = false;
  playbackFile = fileName;
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
}

// --- The controller -----------------------------------------------------------------------------

/** The run going, as the page started it: its text and file, and what its progress has told. */
interface RunShown {
  readonly text: string;
  readonly name: string;
  /** The variants' names, once the worker has read the text. */
  variants: readonly string[];
  summary?: ScenarioSummary;
}
let runShown: RunShown = { text: '', name: '', variants: [] };
/** The answer of the latest run begun, for ending it when another file opens. */
let runGoing: Promise<unknown> | undefined;
/** The run abandoned for a file that opens, until its workers are free. */
let runEnding: Promise<unknown> | undefined;
/** After the run going ends: the control that asked for it gets the focus back, a bundle's warnings show. */
let afterRun: { focus?: FocusMemory; then?: () => void } = {};

/** What the page does at each step of its controller (`app/page-machine.ts`), which calls each only while its step is current. */
const effects: PageEffects = {
  now: () => performance.now(),
  abandonRun(opening) {
    afterRun = {};
    setStatus('starting', `Stopped the run going; opening ${opening}…`);
    // Ended at its worker's next step, or by ending its workers if it does not answer soon (see `run-ending.ts`).
    if (runGoing) runEnding = endRunGoing(runGoing, client);
  },
  importFile: async (file) => {
    importPanel.prepare();
    await runEnding;
    return client.importBundle(file.text, file.name, file.parts);
  },
  showImportErrors(file, answer) {
    if (!answer.bundle) return;
    importPanel.close();
    // The bundle's own text goes in the editor, so its errors point into what the reader sees.
    fileName = file.name;
    editor.setText(file.text);
    showProblems(answer.errors, answer.warnings);
    showTab('editor');
    revealFirstError(answer.errors);
    markStale('invalid', file.name);
    setStatus(
      'invalid',
      `${file.name} could not be imported: ${plural(answer.errors.length, 'error', { grouped: true })}, listed under the editor.`,
    );
  },
  openScenario(file, answer) {
    importPanel.close();
    if (!answer.bundle) {
      fileName = file.name;
      openText(file.text);
      return;
    }
    showDiagnostics(ui.diagnostics, answer.errors, answer.warnings, () => showTab('editor'));
    fileName = file.name.replace(/(\.[^.]*)?$/, '.imported.yaml');
    if (file.libraryKey === undefined) picker.showOpenedFile(`${file.name}, imported`);
    if (answer.facts) {
      importPanel.open({
        file: file.name,
        forFile: fileName,
        facts: answer.facts,
        warnings: answer.warnings,
      });
      showTab('lesson');
    }
    openText(answer.text);
    afterRun.then = () => showDiagnostics(ui.diagnostics, [], answer.warnings, () => showTab('editor'));
  },
  startRun(id, report) {
    replicationRuns.stop();
    runId = id;
    tiles.dropEarly();
    runShown = { text: editor.getText(), name: fileName, variants: [] };
    const { text, name } = runShown;
    afterRun.focus = focusBeforeRun;
    focusBeforeRun = undefined;
    setRunning(true);
    ui.status.dataset.run = String(id);
    setStatus('running', 'Starting the run…');
    markStale('running', name);
    refreshResetLesson();
    // A re-run asks for the figures at the playhead as soon as the run has passed it (a second ahead when playing).
    const t = player.time;
    const focusMs = !opensFile && tiles.drawn && t < player.end ? t + (player.playing ? 1000 : 0) : undefined;
    // Nothing drawn yet, or a re-run of the file drawn: the tiles show the run as it goes.
    const figuresEveryMs =
      drawnRun === undefined || (!opensFile && tiles.drawn !== undefined)
        ? FIGURES_SO_FAR_EVERY_MS
        : undefined;
    const answer = client.runAndRecord(text, name, { seed, focusMs, figuresEveryMs }, (progress) =>
      report({ type: 'run.progress', progress }),
    );
    runGoing = answer;
    answer.then(
      (result) => report({ type: 'run.answer', result }),
      (error: unknown) => report({ type: 'run.error', error }),
    );
  },
  showProgress(id, p, drawFigures) {
    if (p.figuresSoFar) {
      if (!drawFigures) return;
      if (drawnRun === undefined) {
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
      if (drawnRun === undefined || drawnRun.file === runShown.name) show(p.summary);
      return;
    }
    ui.progress.value = p.fraction;
    // Another file than the one drawn: the title and the figures are still the drawn one's, so the line says which runs.
    const opening = drawnRun !== undefined && drawnRun.file !== runShown.name;
    const text = progressText(p, runShown.variants);
    setStatus('running', opening ? `${text} · opening “${runShown.summary?.name ?? runShown.name}”` : text);
  },
  holdFigures: () => {
    tiles.dropEarly();
  },
  showAnswer(id, result) {
    const name = runShown.name;
    show(result.summary);
    markCurrent(name, result.summary.name);
    importPanel.showRun(name, result.report);
    showProblems([], result.warnings);
    showReport(result.report, result.summary, result.figures, result.playback.figures, id);
  },
  // The tiles and the table hold the new numbers: on screen before the diagram and the charts are
  // drawn anew, which take the longer part of the answer's handling, in a task of their own.
  afterPaint,
  drawAnswer(id, result) {
    showReportCharts(result.report);
    showSeries(result);
    replicationRuns.start({
      id,
      text: runShown.text,
      fileName: runShown.name,
      replications: result.summary.replications,
      report: result.report,
      claims: result.claims,
    });
    play(result);
    setStatus('done', runDoneText(result.report));
  },
  showInvalid(_id, result) {
    if (result.ok || result.stage !== 'validate') return;
    showProblems(result.errors, result.warnings);
    showTab('editor');
    revealFirstError(result.errors);
    setStatus(
      'invalid',
      `The scenario has ${plural(result.errors.length, 'error', { grouped: true })}, marked in the editor. Your text is kept; fix it and run again.`,
    );
    markResultsStale('Not run: the scenario has errors.', 'invalid');
  },
  showFailed(_id, result) {
    if (result.ok || result.stage !== 'run') return;
    if (drawnRun === undefined || drawnRun.file === runShown.name) show(result.summary);
    showProblems([], result.warnings);
    setStatus('failed', `The scenario is valid, but the simulation failed: ${result.message}`);
    markResultsStale('The last run failed.');
  },
  showRunError(_id, error) {
    setStatus('failed', describeFailure(error));
    markResultsStale('The last run failed.');
    if (!scenarioShown) ui.name.textContent = 'The scenario could not be read';
  },
  showError: (error) => setStatus('failed', describeFailure(error)),
  cancelRun: () => client.cancel(),
  showStopped(_id, reached) {
    setStatus('stopped', `${stoppedText(reached)} Press Run to start again.`);
    markResultsStale('The last run was stopped.', 'stopped');
  },
  endRun() {
    setRunning(false);
    // The control that asked for the run keeps the focus, once the lesson and sliders are redrawn;
    // a run abandoned for a file that opens gives nothing back.
    void showKnobs().then(() => {
      const { focus, then } = afterRun;
      afterRun = {};
      focus?.restore();
      then?.();
    });
  },
  validate: () => client.validate(editor.getText(), fileName),
  showValidation(result) {
    showProblems(result.errors, result.warnings);
    if (result.ok) {
      if (drawnRun === undefined || drawnRun.file === fileName) show(result.summary);
      markStale('edited');
      setStatus('edited', 'Edited. The scenario is valid; press Run (or Ctrl+Enter) to simulate it.');
    } else {
      markStale('invalid');
      setStatus(
        'invalid',
        `The scenario has ${plural(result.errors.length, 'error', { grouped: true })}, marked in the editor.`,
      );
    }
  },
};
const page = createActor(createPageMachine(effects));

/** A file chosen: named in the menu at once, then opened by the controller (`effects.openScenario`). */
function load(file: OpenRequest): void {
  seed = undefined;
  if (file.libraryKey !== undefined) picker.showLibraryFile(file.libraryKey);
  else picker.showOpenedFile(file.name);
  page.send({ type: 'OPEN', file });
}

/**
 * Puts a file just opened in the editor, to be run: its playback starts at its own start, its tiles
 * compare with nothing yet, and "Reset lesson" goes back to this text.
 */
function openText(text: string): void {
  opensFile = true;
  originalText = text;
  editor.setText(text);
}

/** "Reset lesson" is there to press only when the text differs from the file as opened. */
function refreshResetLesson(): void {
  const changed = originalText !== undefined && editor.getText() !== originalText;
  // aria-disabled, not disabled: the button keeps the focus after the reset it made.
  ui.resetLesson.setAttribute('aria-disabled', String(!changed));
  ui.resetLesson.title = changed
    ? "Put back the lesson's own values (your changes are lost) and run it again"
    : 'Nothing changed yet: the lesson has its own values';
}

ui.resetLesson.addEventListener('click', () => {
  if (originalText === undefined || editor.getText() === originalText) return;
  const focus = rememberFocus();
  editor.setText(originalText);
  rerun(focus);
});

picker.showLibraryFile(defaultPath);
ui.picker.addEventListener('change', () => {
  const path = ui.picker.value;
  if (scenarios[path] !== undefined)
    load({ text: scenarios[path], name: scenarioFile(path), libraryKey: path });
});

ui.openFile.addEventListener('click', () => {
  pickFile().then(
    (file) => {
      if (file) load(file);
    },
    (error: unknown) => setStatus('failed', describeFailure(error)),
  );
});
installDropTarget(
  document.body,
  (file) => load(file),
  (message) => setStatus('failed', message),
);

installShareButton(ui.share, {
  text: () => editor.getText(),
  // The link opens on what the reader sees: the run's seed, the variants drawn, the moment, the tab.
  view: () => ({
    seed: lastReport?.seed ?? seed,
    variant: tiles.drawn?.names[player.variant],
    sideBySide: player.shown.length > 1,
    timeMs: tiles.drawn?.played ? player.time : undefined,
    tab: tabs.shown,
  }),
  onShared: () =>
    setStatus(
      'edited',
      'The link in the address bar now holds this scenario, its seed, the variant shown, the moment and the open tab (copied when the browser allows).',
    ),
});

/** Each chart as an exported file holds it: the whole run for those tied to the playhead, wherever it is. */
const chartFiles: Readonly<Record<string, () => string>> = {
  latency: () => latencyChart.svgAt(series),
  throughput: () => throughputChart.svgAt(series),
  amplification: () => amplificationChart.svgAt(series),
  distribution: () => distributionChart.toSvgString(),
  utilization: () => utilizationBars.toSvgString(),
};
installExportButtons(
  {
    yaml: ui.exportYaml,
    json: ui.exportJson,
    csv: ui.exportCsv,
    charts: document.querySelectorAll<HTMLButtonElement>('[data-export]'),
  },
  {
    title: () => summaryShown?.name ?? 'scenario',
    text: () => editor.getText(),
    report: () => lastReport,
    csvComparison: (report) => results.csvComparison(report),
    chartSvg: (name) => (Object.hasOwn(chartFiles, name) ? chartFiles[name]() : undefined),
    onError: (error) => setStatus('failed', describeFailure(error)),
  },
);

installPlayerKeys(document, { player, landmarks });

// --- Start --------------------------------------------------------------------------------------

/** Stops the run going at once (its workers are ended), or else the replications still going; false when neither goes. */
function stopWhatGoes(): boolean {
  if (page.getSnapshot().matches('run')) page.send({ type: 'STOP' });
  else if (replicationRuns.going) replicationRuns.stop();
  else return false;
  return true;
}
ui.run.addEventListener('click', () => {
  // The button stops a run going, or else the replications still going; else it runs.
  if (!stopWhatGoes()) page.send({ type: 'RUN' });
});
ui.stop.addEventListener('click', () => void stopWhatGoes());
page.start();
setStatus('starting', 'Loading the default scenario…');
void readSharedLink(location.hash).then((shared) => {
  if (shared.kind === 'refused') {
    // The default scenario opens instead, and its run says why (status line and problems list).
    linkRefused = {
      run: 1,
      text: `The shared link could not be read: ${shared.reason}. Opened the default scenario instead.`,
    };
  }
  if (shared.kind === 'text') {
    fileName = 'shared.yaml';
    // A lesson shared as it is opens as that lesson; any other text as the shared link it is.
    const same = Object.keys(scenarios).find((path) => scenarios[path] === shared.text);
    if (same !== undefined) {
      picker.showLibraryFile(same);
      fileName = scenarioFile(same);
    } else picker.showOpenedFile(`${titleOf(shared.text, 'shared link')} (shared link)`);
    seed = shared.view.seed;
    sharedView = shared.view;
    if (shared.view.tab !== undefined && tabs.has(shared.view.tab)) showTab(shared.view.tab);
  }
  openText(shared.kind === 'text' ? shared.text : (scenarios[defaultPath] ?? ''));
  page.send({ type: 'RUN' });
});
