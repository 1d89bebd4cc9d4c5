/**
 * The page: a scenario from the library, a shared link or a file; its topology played as an animated
 * diagram; the editor with diagnostics; the final results, key figures and traces. The page renders
 * only; parsing and simulating happen in the worker (`src/worker/`).
 *
 * A run does two things in the worker: the whole run at once, for the final report (the results
 * table and the key figures), and a playback in slices on the page's clock, for the diagram. Both
 * use the same seed, so the playback ends on the report's numbers.
 */
// First: the worker starts before the other modules are evaluated (see `simulation-client.ts`).
import { client, FIGURES_SO_FAR_EVERY_MS } from './simulation-client';
import { createSimulationClient, WorkerStoppedError } from '../worker/client';
import { compareReplications } from '../report/comparison';
import { leadFromKeyFigures } from '../report/key-figure-lead';
import { BASE_NAME } from '../report/run-variants';
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
  ClaimResult,
  DiagnosticData,
  FigureTimeline,
  ImportFacts,
  RecordedRunResult,
  Report,
  RunProgress,
  ScenarioSummary,
} from '../worker/protocol';
import type { ClaimRuns } from './claims';
import { renderClaims } from './claims-view';
import { compareTable, type CompareTable } from './compare-table';
import { compareView, setCompareNote } from './compare-view';
import { showDiagnostics, showListNote, watchDiagnosticsHeight } from './diagnostics-view';
import { byId, h, morph, setText } from './dom';
import { afterPaint, whenIdle } from './after-paint';
import { createLazyEditor } from './editor/lazy-editor';
import { exportPng, exportSvg } from './export-chart';
import { downloadText, fileNameFor, installDropTarget, pickFile, type OpenedFile } from './files';
import { formatCount, formatSpan, plural } from '../report/figure-format';
import { rememberFocus, type FocusMemory } from './knobs/focus-memory';
import { renderKnobs } from './knobs/knob-panel';
import type { Knob } from './knobs/knobs';
import { kpiRows, renderKpis, renderStageFigures } from './kpi';
import { figuresAt, sliceAt } from './kpi-timeline';
import { buildLibrary, DEFAULT_SCENARIO_FILE, scenarioFile, titleOf } from './library';
import { createLibraryPicker } from './library-picker';
import { clockText, createPlayer } from './player';
import {
  createReplicationPool,
  extraSeeds,
  poolSize,
  type ReplicationBatch,
  type RunSuccess,
} from './replications';
import { createLandmarkView } from './playback/landmark-view';
import { resultsTable } from './results-table';
import { resultsCsv } from './results-csv';
import { resultsView } from './results-view';
import { lessonKnobHosts, showScenario } from './scenario-view';
import { decodeShareHash, encodeShareHash, type SharedView } from './share';
import { createStaleMark, staleText, type StaleReason } from './stale-mark';
import { renderImportSummary } from './import-summary';
import { endRunGoing } from './run-ending';

/** The key figures of one run: what they are, each variant's whole-run values and their values over time. */
interface TileFigures {
  /** The run (`runCount`) they are of. */
  readonly run: number;
  readonly summary: ScenarioSummary;
  readonly names: readonly string[];
  readonly whole: readonly (readonly number[])[];
  /** Per variant, its figures at the end of each slice of the run. */
  readonly timelines: readonly FigureTimeline[];
  /** The player plays this run (until then it may still show the previous one). */
  played: boolean;
}

/** Quiet time after typing before the text is checked, ms. */
const VALIDATE_DELAY_MS = 350;

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

let running = false;
/** Counts runs, so that a late answer of an earlier run is dropped. */
let runCount = 0;
/** Counts edits, so that the answer to an outdated check is dropped. */
let editCount = 0;
let validateTimer: ReturnType<typeof setTimeout> | undefined;
let hasResults = false;
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
/** The key figures of the run shown: what they are, each variant's whole-run values and their values over time. */
let tileFigures: TileFigures | undefined;
/** The key figures of the run before, of the same file, for "was → now"; none after a file opens. */
let previousFigures: TileFigures | undefined;
/**
 * The key figures so far of the run going (`RunProgress.figuresSoFar`), and its end: the tiles show
 * them against the run drawn, at the playhead or up to the moment reached, before the whole run is in.
 */
let earlyFigures:
  { readonly run: number; readonly timelines: readonly FigureTimeline[]; readonly endMs: number } | undefined;
/** What the tiles last drew, so that a frame that changes nothing redraws nothing. */
let tilesDrawn = '';

/**
 * The replications of the latest run that succeeded: replication 0 is that run (on the page's own
 * worker); the others run on a pool of extra workers. Reports and claims are kept in seed order.
 */
interface Replications {
  /** The run they belong to (`runCount`). */
  readonly id: number;
  /** Replications the file asks for. */
  readonly count: number;
  /** Seed of replication 0. */
  readonly seed: number;
  /** Extra workers they run on. */
  readonly workers: number;
  readonly reports: Report[];
  readonly claims: (readonly ClaimResult[])[];
  /** Replications done, the first run included. */
  done: number;
  state: 'running' | 'complete' | 'stopped' | 'failed';
  message?: string;
  batch?: ReplicationBatch;
}
const replicationPool = createReplicationPool(createSimulationClient);
let replications: Replications | undefined;
/** The compare view of the results shown (a file with variants), for the CSV export. */
let comparisonShown: CompareTable | undefined;
/** Where the compare view goes, above the results table. */
let compareHost: HTMLElement | undefined;
/** A run's report whose results table waits for the Results tab (`drawResults`). */
let resultsDue: Report | undefined;
/** What the compare view shows: the replications and whether all of them (else the first run alone). */
let compareDrawn: { readonly of: Replications; readonly complete: boolean } | undefined;

// --- Tabs ---------------------------------------------------------------------------------------

const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
let tabShown = 'lesson';
/**
 * A waterfall needs room for its labels and time axis, the compare view for its columns: the side
 * panel widens while either shows (a little more for three variants or more).
 */
function fitSide(): void {
  const comparing = tabShown === 'results' && comparisonShown !== undefined;
  const app = document.querySelector('.app');
  app?.classList.toggle('wide-side', tabShown === 'trace' || comparing);
  app?.classList.toggle('wider', comparing && (comparisonShown?.variants.length ?? 0) > 2);
}
function showTab(id: string): void {
  tabShown = id;
  if (id === 'results') drawResults();
  fitSide();
  for (const tab of tabs) {
    const selected = tab.id === `tab-${id}`;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
    if (panel) panel.hidden = !selected;
  }
  // CodeMirror is loaded when the editor is first shown, not with the page (see `lazy-editor.ts`).
  if (id === 'editor') editor.load().catch(() => undefined);
}
/** A tab chosen by the reader, by pointer or by key: shown, and the trace list brought up to date. */
function chooseTab(tab: HTMLButtonElement): void {
  showTab(tab.id.replace(/^tab-/, ''));
  if (tab.id === 'tab-trace') void showTraceList().catch(() => undefined);
}
/** Where each key moves the focus in the tab list (the WAI-ARIA tabs pattern, selection following focus). */
const TAB_KEYS: Readonly<Record<string, (i: number, n: number) => number>> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_i, n) => n - 1,
};
tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => chooseTab(tab));
  tab.addEventListener('keydown', (event) => {
    const move = TAB_KEYS[event.key];
    if (!move) return;
    event.preventDefault();
    const next = tabs[move(i, tabs.length)];
    next.focus();
    chooseTab(next);
  });
});

// --- Editor -------------------------------------------------------------------------------------

const editor = createLazyEditor(ui.editorHost, {
  text: '',
  onChange: () => {
    editCount += 1;
    refreshResetLesson();
    clearTimeout(validateTimer);
    validateTimer = setTimeout(() => void validate(), VALIDATE_DELAY_MS);
  },
  onRun: () => {
    if (!running) void run();
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
  if (linkRefused?.run === runCount) showListNote(ui.diagnostics, linkRefused.text);
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

/** Least wall time between the starts of two runs asked for while one goes, ms (a slider's own pace). */
const MIN_RERUN_GAP_MS = 150;
/** When the latest run began, and how long the last run that finished took, wall ms. */
let runBegan = 0;
let lastRunMs = 0;
/** A newer input waits for its run (`rerun`): the run going is not drawn, as its value was left. */
let rerunTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Runs the editor's text again for a control the reader used; the focus goes back to the control once
 * the run is drawn. The latest input wins: with no run going it runs at once; while one goes, the
 * newest input replaces it (the worker abandons it) once it has had the time a run takes, or as soon
 * as it ends, and its numbers, of a value already left, are never drawn. So a drag starts a run
 * every run's length at most, not one per step, and ends on the value let go of.
 */
function rerun(focus: FocusMemory): void {
  focusBeforeRun = focus;
  clearTimeout(rerunTimer);
  rerunTimer = undefined;
  if (!running) {
    void run();
    return;
  }
  const wait = runBegan + Math.max(MIN_RERUN_GAP_MS, lastRunMs) - performance.now();
  rerunTimer = setTimeout(
    () => {
      rerunTimer = undefined;
      void run();
    },
    Math.max(0, wait),
  );
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
      showTiles();
      latencyChart.update(series, t);
      throughputChart.update(series, t);
      amplificationChart.update(series, t);
    },
    onTracePicked: (variant, id) => void showTrace(variant, id),
    onView: (shown) => {
      showTiles(true);
      landmarks.setShown(shown);
      if (!importHost.hidden) showImportSummary(lastReport);
    },
    onNewSeed: () => {
      seed = Math.floor(Math.random() * 1_000_000);
      void run();
    },
  },
);

/** The runs' landmarks on the scrubber (faults, rate steps, breakers, ejections), and jumps to them. */
const landmarks = createLandmarkView(
  {
    track: byId('scrub-track', HTMLElement),
    scrub: byId('scrub', HTMLInputElement),
    previous: byId('landmark-previous', HTMLButtonElement),
    next: byId('landmark-next', HTMLButtonElement),
  },
  player,
);
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
  const r = replications;
  const known: ClaimRuns | undefined = r && {
    runs: r.state === 'complete' ? r.claims : r.claims.filter((c) => c !== undefined),
    seed: r.seed,
    replications: r.count,
    state: r.state === 'complete' ? 'complete' : r.state === 'running' ? 'running' : 'stopped',
  };
  renderClaims(ui.claims, summaryShown?.expect ?? [], known);
}

function setStatus(phase: Phase, text: string): void {
  ui.status.dataset.state = phase;
  ui.status.textContent = text;
}

function replicating(): boolean {
  return replications?.state === 'running';
}

/** The Run button stops a run, or the replications after it, while either goes; the bar shows progress. */
function refreshRunButton(): void {
  const busy = running || replicating();
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
  if (!running && replications && busy) ui.progress.value = replications.done / replications.count;
}

function setRunning(on: boolean): void {
  running = on;
  player.setRunGoing(on);
  refreshRunButton();
  if (on) ui.progress.value = 0;
  ui.results.setAttribute('aria-busy', String(on));
}

/** The imported file whose summary shows beside the diagram, and the scenario file it became. */
let importShown:
  | {
      readonly file: string;
      readonly forFile: string;
      readonly facts: ImportFacts;
      readonly warnings: readonly DiagnosticData[];
    }
  | undefined;
const importHost = h('section', {
  class: 'import-summary',
  'data-testid': 'import-summary',
  'aria-label': 'What the import read and assumed',
  hidden: true,
});
// At the top of the lesson, beside the diagram, where the reader looks first after opening the file.
(document.getElementById('lesson-steps') ?? ui.name).before(importHost);

/**
 * The import's summary, with each setup's reason for a striking result once `report` (the run's)
 * is in, and which setup the diagram draws (drawn again when another is chosen).
 */
function showImportSummary(report: Report | undefined): void {
  const shown = importShown;
  if (!shown) return;
  const reports = report?.variants ?? [];
  const drawn = player.shown.length > 0 ? player.shown : [Math.min(player.variant, reports.length - 1)];
  renderImportSummary(
    importHost,
    {
      file: shown.file,
      facts: shown.facts,
      warnings: shown.warnings,
      reports,
      setups: summaryShown?.setups,
      drawn,
    },
    () => showTab('editor'),
  );
}

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
  if (hasResults) {
    ui.results.classList.add('stale');
    ui.resultsNote.textContent = `${why} Below are the results of the last successful run.`;
  } else {
    ui.resultsNote.textContent = '';
    ui.results.replaceChildren(h('p', { class: 'empty' }, `No results yet. ${why}`));
  }
}

/**
 * The key figures of the variants the diagram draws, at the playhead (with the whole run beside them)
 * or, once the playback has ended or before its first slice, of the whole run; after a change, each
 * beside the run before's value at the same moment. While a re-run goes, its own values as soon as
 * it has measured some: at the playhead once past it, before that up to the moment it has reached.
 * Redrawn only when what they show changes: a slice, the variants drawn, the end, the run.
 */
function showTiles(force = false): void {
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
    running &&
    rerunTimer === undefined &&
    earlyFigures?.run === runCount &&
    earlyFigures.timelines.length === drawn.names.length
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
  if (ui.kpis.dataset.run !== String(run.run)) ui.kpis.dataset.run = String(run.run);
  renderKpis(ui.kpis, rows, moment, run.summary.variants.length > 0);
  renderStageFigures(rows, moment, (variant) =>
    document.querySelector<HTMLElement>(`#stage .stage-figures[data-variant="${variant}"]`),
  );
}

/** The moment of a run's figures so far, as the tiles' caption says it. */
function soFarText(reachedMs: number, endMs: number): string {
  return `so far, still running: up to ${clockText(reachedMs)} of ${clockText(endMs)}`;
}

/**
 * The key figures of run `id` so far, while no run is drawn yet (the page's first): the first
 * variant's tiles (the diagram draws it first) at the latest moment the run has reached, saying so.
 */
function showFiguresSoFar(id: number, summary: ScenarioSummary, timelines: readonly FigureTimeline[]): void {
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
  ui.kpis.dataset.run = String(id);
  tilesDrawn = '';
  renderKpis(ui.kpis, rows, moment, summary.variants.length > 0);
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
  previousFigures = opensFile ? undefined : (tileFigures ?? previousFigures);
  tileFigures = {
    run: id,
    summary,
    names: report.variants.map((v) => v.name),
    whole: figures,
    timelines,
    played: false,
  };
  showTiles(true);
  hasResults = true;
  lastReport = report;
  comparisonShown = undefined;
  compareHost = undefined;
  ui.results.classList.remove('stale');
  resultsDue = report;
  if (tabShown === 'results') drawResults();
  else whenIdle(drawResults, RESULTS_IDLE_MS);
  const events = report.variants.reduce((sum, v) => sum + v.events, 0);
  const wall = report.variants.reduce((sum, v) => sum + v.wallMs, 0);
  ui.resultsNote.textContent =
    `${report.scenario} · seed ${report.seed} · ${formatSpan(summary.durationMs, 'rounded')} simulated` +
    ` · ${formatCount(events)} events in ${formatSpan(wall, 'rounded')} of wall time`;
}

/** Longest wait for an idle moment before an unseen results table is drawn anyway, ms. */
const RESULTS_IDLE_MS = 1000;

/**
 * The results table and compare view of the latest run: at once when the Results tab shows, else once
 * the page is idle, after the run's numbers, diagram and charts: a hundred-service lesson's took a
 * sixth of its re-run's time on the page's thread, for a tab most re-runs happen without.
 */
function drawResults(): void {
  const report = resultsDue;
  if (!report) return;
  resultsDue = undefined;
  compareHost = h('div', { class: 'compare-host' });
  const heading = h('h2', { class: 'eyebrow results-title' }, `This run, seed ${report.seed}`);
  ui.results.replaceChildren(
    compareHost,
    ...(report.variants.length > 1 ? [heading] : []),
    resultsView(resultsTable(report)),
  );
  showComparison();
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

/** The status line of a finished run, in the reader's words, with how far its replications are. */
function doneText(report: Report): string {
  const setups =
    report.variants.length > 1 ? plural(report.variants.length, 'setup', { grouped: true }) : 'the scenario';
  const simulated = summaryShown
    ? ` for ${formatSpan(summaryShown.durationMs, 'rounded')} of simulated time`
    : '';
  const note = linkRefused?.run === runCount ? `${linkRefused.text} ` : '';
  const ran = `${note}Ran ${setups}${simulated} · seed ${report.seed}`;
  const done = `${ran}.`;
  const r = replications;
  if (!r || r.count < 2 || r.id !== runCount) return ran;
  switch (r.state) {
    case 'running':
      return `${done} Replications ${r.done} of ${r.count} (seeds ${r.seed} to ${r.seed + r.count - 1})…`;
    case 'complete':
      return `${done} ${r.count} replications compared (seeds ${r.seed} to ${r.seed + r.count - 1}).`;
    case 'stopped':
      return `${done} Replications stopped after ${r.done} of ${r.count}.`;
    case 'failed':
      return `${done} Replications failed: ${r.message ?? 'unknown error'}`;
  }
}

/**
 * The compare table the CSV export holds: the one shown, or (its tab not opened since the run) the
 * one it would show; none for one setup run once, as the view shows none.
 */
function csvComparison(): CompareTable | undefined {
  const r = replications;
  if (!r || r.reports[0] !== lastReport || (r.reports[0].variants.length < 2 && r.count < 2))
    return undefined;
  return comparisonOf(r);
}

/** The compare table of replications `r`: over all of them once they are in, else over the first run alone. */
function comparisonOf(r: Replications): CompareTable {
  // The table opens on the figures the tiles show: the lesson's key figures.
  const lead = leadFromKeyFigures(summaryShown?.keyFigures ?? []);
  return compareTable(compareReplications(r.state === 'complete' ? r.reports : [r.reports[0]], { lead }));
}

/** The compare view of the latest run: over all its replications once they are in, else over the run alone. */
function showComparison(): void {
  const r = replications;
  if (!r || !compareHost) return;
  // One setup is worth a table only for its intervals over several seeds.
  if (r.reports[0].variants.length < 2 && r.count < 2) {
    comparisonShown = undefined;
    compareHost.replaceChildren();
    fitSide();
    return;
  }
  const complete = r.state === 'complete';
  const only = `the table shows seed ${r.seed} alone`;
  const note =
    r.count < 2 || complete
      ? undefined
      : r.state === 'running'
        ? `Replications ${r.done} of ${r.count}, in ${plural(r.workers, 'extra worker', { grouped: true })}; ${only} until all are in.`
        : r.state === 'stopped'
          ? `Replications stopped after ${r.done} of ${r.count}; ${only}.`
          : `Replications failed (${r.message ?? 'unknown error'}); ${only}.`;
  const view = compareHost.firstElementChild;
  if (compareDrawn?.of === r && compareDrawn.complete === complete && view instanceof HTMLElement) {
    // Progress only: the table is the same, its note says how far the other seeds are.
    setCompareNote(view, note);
    return;
  }
  comparisonShown = comparisonOf(r);
  const fresh = compareView(comparisonShown, {
    replications: r.count,
    complete: complete || r.count < 2,
    note,
  });
  if (compareDrawn?.of === r && view instanceof HTMLElement && view.tagName === fresh.tagName) {
    // All seeds are in: the table of this run's first seed becomes theirs cell by cell, its element
    // and its scroll kept, rather than built again.
    morph(view, fresh);
  } else compareHost.replaceChildren(fresh);
  compareDrawn = { of: r, complete };
  fitSide();
}

/** Everything that shows the replications' progress: compare view, claims, status line, Run button. */
function showReplications(): void {
  const r = replications;
  showComparison();
  showClaims();
  refreshRunButton();
  if (r && r.id === runCount && !running && ui.status.dataset.state === 'done' && lastReport)
    setStatus('done', doneText(lastReport));
}

/**
 * After run `id` succeeded (replication 0), runs the file's other replications on the pool of extra
 * workers: seeds seed + 1 to seed + N - 1, a few at once, never on the page's thread.
 */
function startReplications(text: string, name: string, id: number, result: RunSuccess): void {
  const count = Math.max(1, result.summary.replications);
  const seed0 = result.report.seed;
  const workers = poolSize(count, navigator.hardwareConcurrency);
  const r: Replications = {
    id,
    count,
    seed: seed0,
    workers,
    reports: [result.report],
    claims: [result.claims],
    done: 1,
    state: count > 1 ? 'running' : 'complete',
  };
  replications = r;
  if (count > 1) {
    r.batch = replicationPool.start({
      text,
      fileName: name,
      seeds: extraSeeds(seed0, count),
      workers,
      onResult: (done, _total, index, answer) => {
        if (replications !== r) return;
        r.reports[index + 1] = answer.report;
        r.claims[index + 1] = answer.claims;
        r.done = done + 1;
        showReplications();
      },
    });
    void r.batch.finished.then((outcome) => {
      if (replications !== r || r.state !== 'running') return;
      r.batch = undefined;
      if (outcome.status === 'done') r.state = 'complete';
      else if (outcome.status === 'cancelled') r.state = 'stopped';
      else {
        r.state = 'failed';
        r.message = outcome.message;
      }
      showReplications();
    });
  }
  showReplications();
}

/** Stops the replications still going (Stop pressed, or a new run starts). */
function stopReplications(): void {
  const r = replications;
  if (!r || r.state !== 'running') return;
  r.state = 'stopped';
  r.batch?.cancel();
  r.batch = undefined;
  showReplications();
}

function progressText(p: RunProgress, variants: readonly string[]): string {
  const share = `${Math.floor(p.fraction * 100)}%`;
  const name = variants[p.variantIndex] ? ` (${variants[p.variantIndex]})` : '';
  const setup = p.variantCount > 1 ? ` setup ${p.variantIndex + 1} of ${p.variantCount}${name}` : '';
  return `Running${setup}: ${formatSpan(p.now, 'rounded')} of ${formatSpan(p.end, 'rounded')} simulated · ${share}`;
}

/** How far a run stopped part way got, from the last progress it sent (none: it had not begun). */
function stoppedText(reached: RunProgress | undefined): string {
  if (reached === undefined) return 'Stopped before any time was simulated.';
  return `Stopped at ${formatSpan(reached.fraction * reached.end, 'rounded')} of ${formatSpan(reached.end, 'rounded')} simulated.`;
}

/** The answer of the latest run begun, for ending it when another file opens. */
let runGoing: Promise<unknown> | undefined;
/** Counts files opened: one opened while the run before it was ending is not overtaken by it. */
let loads = 0;

/**
 * Ends the run going, for another file opening (see `run-ending.ts`): at its worker's next step, or
 * by ending its workers if it does not answer soon. Whatever it answers is dropped. Settles once the
 * workers are free for the file that opens.
 */
async function dropRunGoing(opening: string): Promise<void> {
  const going = running ? runGoing : undefined;
  if (going === undefined) return;
  runCount++;
  clearTimeout(rerunTimer);
  rerunTimer = undefined;
  setRunning(false);
  setStatus('starting', `Stopped the run going; opening ${opening}…`);
  await endRunGoing(going, client);
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
function play(result: RecordedSuccess, id: number): void {
  if (id !== runCount) return;
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
  if (tileFigures) tileFigures.played = true;
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
  showTiles(true);
}

/**
 * Runs the editor's text: report, charts and playback from one pass in the worker. The latest input
 * wins: a run still going is abandoned by the worker (it answers `superseded`, and is dropped here).
 */
async function run(): Promise<void> {
  stopReplications();
  clearTimeout(validateTimer);
  const id = ++runCount;
  clearTimeout(rerunTimer);
  rerunTimer = undefined;
  runBegan = performance.now();
  const text = editor.getText();
  const name = fileName;
  const editAtStart = editCount;
  setRunning(true);
  ui.status.dataset.run = String(id);
  setStatus('running', 'Starting the run…');
  markStale('running', name);
  let variants: readonly string[] = [];
  let summary: ScenarioSummary | undefined;
  /** The last progress heard: a run stopped part way says how far it got. */
  let reached: RunProgress | undefined;
  const focus = focusBeforeRun;
  focusBeforeRun = undefined;
  refreshResetLesson();
  try {
    // A re-run asks for the figures at the playhead as soon as the run has passed it (a second ahead when playing).
    const t = player.time;
    const focusMs = !opensFile && tileFigures && t < player.end ? t + (player.playing ? 1000 : 0) : undefined;
    // Nothing drawn yet, or a re-run of the file drawn: the tiles show the run as it goes.
    const figuresEveryMs =
      drawnRun === undefined || (!opensFile && tileFigures !== undefined)
        ? FIGURES_SO_FAR_EVERY_MS
        : undefined;
    const answer = client.runAndRecord(text, name, { seed, focusMs, figuresEveryMs }, (p) => {
      if (id !== runCount || !running) return;
      if (p.figuresSoFar) {
        // A newer input is waiting: this run's value was left, its figures are not drawn.
        if (rerunTimer !== undefined) return;
        if (drawnRun === undefined) {
          if (summary) showFiguresSoFar(id, summary, p.figuresSoFar);
          return;
        }
        earlyFigures = { run: id, timelines: p.figuresSoFar, endMs: p.end };
        showTiles(true);
        return;
      }
      if (p.summary) {
        // The worker has read the text (once): the scenario is named while the run goes.
        variants = p.summary.variants;
        summary = p.summary;
        // The name shown is that of the figures drawn: another file's waits for its own figures.
        if (drawnRun === undefined || drawnRun.file === name) show(p.summary);
        return;
      }
      ui.progress.value = p.fraction;
      reached = p;
      setStatus('running', progressText(p, variants));
    });
    runGoing = answer;
    const result = await answer;
    if (id !== runCount || (!result.ok && result.stage === 'superseded')) return;
    if (result.ok) lastRunMs = performance.now() - runBegan;
    if (rerunTimer !== undefined) {
      // A newer input came while this ran: its run goes now, and this one's numbers are not drawn.
      void run();
      return;
    }
    if (result.ok) {
      show(result.summary);
      markCurrent(name, result.summary.name);
      if (importShown?.forFile === name) showImportSummary(result.report);
      else importHost.hidden = true;
      showProblems([], result.warnings);
      showReport(result.report, result.summary, result.figures, result.playback.figures, id);
      // The tiles and the table hold the new numbers: on screen before the diagram and the charts
      // are drawn anew, which take the longer part of the answer's handling, in a task of their own.
      await afterPaint();
      if (id !== runCount) return;
      showReportCharts(result.report);
      showSeries(result);
      startReplications(text, name, id, result);
      play(result, id);
      setStatus('done', doneText(result.report));
    } else if (result.stage === 'validate') {
      showProblems(result.errors, result.warnings);
      showTab('editor');
      revealFirstError(result.errors);
      setStatus(
        'invalid',
        `The scenario has ${plural(result.errors.length, 'error', { grouped: true })}, marked in the editor. Your text is kept; fix it and run again.`,
      );
      markResultsStale('Not run: the scenario has errors.', 'invalid');
    } else {
      if (drawnRun === undefined || drawnRun.file === name) show(result.summary);
      showProblems([], result.warnings);
      setStatus('failed', `The scenario is valid, but the simulation failed: ${result.message}`);
      markResultsStale('The last run failed.');
    }
  } catch (error) {
    if (id !== runCount) return;
    if (error instanceof WorkerStoppedError && error.cancelled) {
      setStatus('stopped', `${stoppedText(reached)} Press Run to start again.`);
      markResultsStale('The last run was stopped.', 'stopped');
    } else {
      setStatus('failed', describeFailure(error));
      markResultsStale('The last run failed.');
      if (!scenarioShown) ui.name.textContent = 'The scenario could not be read';
    }
  } finally {
    if (id === runCount) {
      setRunning(false);
      // The control that asked for the run keeps the focus, once the lesson and sliders are redrawn.
      void showKnobs().then(() => focus?.restore());
      if (editCount !== editAtStart) {
        // Text typed during the run was not checked (the worker was busy): check it now.
        void validate();
      }
    }
  }
}

/** Checks the editor's text in the worker and marks its errors; does not run it. */
async function validate(): Promise<void> {
  const edit = editCount;
  const text = editor.getText();
  try {
    const result = await client.validate(text, fileName);
    if (edit !== editCount || running) return;
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
  } catch (error) {
    // A stopped run cancels the checks queued behind it; the next edit checks again.
    if (!(error instanceof WorkerStoppedError && error.cancelled))
      setStatus('failed', describeFailure(error));
  }
}

// --- Loading scenarios --------------------------------------------------------------------------

/**
 * Puts `text` in the editor under `name` and runs it; a Kong, Istio or Consul bundle is imported first.
 * `libraryPath` is the library's key of a file opened from the menu; the menu names any other file.
 * `parts`, the files of a bundle opened as several, are imported each under its own name.
 */
function load(text: string, name: string, libraryPath?: string, parts?: OpenedFile['parts']): void {
  const mine = ++loads;
  seed = undefined;
  if (libraryPath !== undefined) picker.showLibraryFile(libraryPath);
  else picker.showOpenedFile(name);
  // The run of the file before ends first; a file opened meanwhile goes instead of this one.
  void dropRunGoing(name).then(() => {
    if (mine === loads) importAndOpen(text, name, libraryPath, parts);
  });
}

/** Imports `text` when it is a bundle, then puts the scenario in the editor and runs it (see `load`). */
function importAndOpen(text: string, name: string, libraryPath?: string, parts?: OpenedFile['parts']): void {
  client.importBundle(text, name, parts).then(
    (answer) => {
      importShown = undefined;
      importHost.hidden = true;
      if (!answer.bundle) {
        fileName = name;
        openFile(text);
        return;
      }
      if (answer.errors.length > 0) {
        // The bundle's own text goes in the editor, so its errors point into what the reader sees.
        fileName = name;
        editor.setText(text);
        showProblems(answer.errors, answer.warnings);
        showTab('editor');
        revealFirstError(answer.errors);
        markStale('invalid', name);
        setStatus(
          'invalid',
          `${name} could not be imported: ${plural(answer.errors.length, 'error', { grouped: true })}, listed under the editor.`,
        );
        return;
      }
      showDiagnostics(ui.diagnostics, answer.errors, answer.warnings, () => showTab('editor'));
      fileName = name.replace(/(\.[^.]*)?$/, '.imported.yaml');
      if (libraryPath === undefined) picker.showOpenedFile(`${name}, imported`);
      if (answer.facts) {
        importShown = { file: name, forFile: fileName, facts: answer.facts, warnings: answer.warnings };
        showImportSummary(undefined);
        showTab('lesson');
      }
      openFile(answer.text, () =>
        showDiagnostics(ui.diagnostics, [], answer.warnings, () => showTab('editor')),
      );
    },
    (error: unknown) => setStatus('failed', describeFailure(error)),
  );
}

/**
 * Puts a file just opened in the editor and runs it: its playback starts at its own start, its tiles
 * compare with nothing yet, and "Reset lesson" goes back to this text. `then` follows its run.
 */
function openFile(text: string, then?: () => void): void {
  opensFile = true;
  originalText = text;
  editor.setText(text);
  void run().then(then);
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
  if (scenarios[path] !== undefined) load(scenarios[path], scenarioFile(path), path);
});

ui.openFile.addEventListener('click', () => {
  pickFile().then(
    (file) => {
      if (file) load(file.text, file.name, undefined, file.parts);
    },
    (error: unknown) => setStatus('failed', describeFailure(error)),
  );
});
installDropTarget(
  document.body,
  (file) => load(file.text, file.name, undefined, file.parts),
  (message) => setStatus('failed', message),
);

ui.share.addEventListener('click', () => {
  // The link opens on what the reader sees: the run's seed, the variants drawn, the moment, the tab.
  const view: SharedView = {
    seed: lastReport?.seed ?? seed,
    variant: tileFigures?.names[player.variant],
    sideBySide: player.shown.length > 1,
    timeMs: tileFigures?.played ? player.time : undefined,
    tab: tabShown,
  };
  void encodeShareHash(editor.getText(), view).then((hash) => {
    history.replaceState(null, '', hash);
    void navigator.clipboard?.writeText(location.href).catch(() => undefined);
    setStatus(
      'edited',
      'The link in the address bar now holds this scenario, its seed, the variant shown, the moment and the open tab (copied when the browser allows).',
    );
  });
});

const title = (): string => summaryShown?.name ?? 'scenario';
ui.exportYaml.addEventListener('click', () => downloadText(fileNameFor(title()), editor.getText()));
ui.exportJson.addEventListener('click', () => {
  if (lastReport)
    downloadText(
      fileNameFor(title(), '.json'),
      `${JSON.stringify(lastReport, null, 2)}\n`,
      'application/json',
    );
});
ui.exportCsv.addEventListener('click', () => {
  if (lastReport)
    downloadText(fileNameFor(title(), '.csv'), resultsCsv(lastReport, csvComparison()), 'text/csv');
});

/** Each chart as an exported file holds it: the whole run for those tied to the playhead, wherever it is. */
const chartFiles: Readonly<Record<string, () => string>> = {
  latency: () => latencyChart.svgAt(series),
  throughput: () => throughputChart.svgAt(series),
  amplification: () => amplificationChart.svgAt(series),
  distribution: () => distributionChart.toSvgString(),
  utilization: () => utilizationBars.toSvgString(),
};
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-export]')) {
  button.addEventListener('click', () => {
    const file = chartFiles[button.dataset.export ?? ''];
    if (!file) return;
    const name = fileNameFor(`${title()} ${button.dataset.export}`, '').replace(/\.$/, '');
    if (button.dataset.format === 'png')
      exportPng(name, file()).catch((error: unknown) => setStatus('failed', describeFailure(error)));
    else exportSvg(name, file());
  });
}

// --- Keyboard -----------------------------------------------------------------------------------

/** Focusable elements that act on space themselves (WCAG 2.1.1: the key must reach them). */
const CONTROLS_OWNING_SPACE =
  'button, a[href], summary, [role="button"], [role="checkbox"], [role="switch"], [role="menuitem"]';

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement | null;
  if (target?.closest('.cm-editor, input, select, textarea, [role="tab"]')) return;
  // Space presses a focused button, link or control: it is that control's key, not the player's.
  if (event.key === ' ' && target?.closest(CONTROLS_OWNING_SPACE)) return;
  if (event.key === ' ') {
    event.preventDefault();
    player.togglePlay();
  } else if (event.key === 'ArrowRight') player.step(1);
  else if (event.key === 'ArrowLeft') player.step(-1);
  else if (event.key === '+' || event.key === '=') player.nudgeSpeed(1);
  else if (event.key === '-') player.nudgeSpeed(-1);
  else if (event.key === '[') landmarks.jump(-1);
  else if (event.key === ']') landmarks.jump(1);
});

// --- Start --------------------------------------------------------------------------------------

/** Stops the run going at once (its workers are ended), or else the replications still going; false when neither goes. */
function stopWhatGoes(): boolean {
  if (running) client.cancel();
  else if (replicating()) stopReplications();
  else return false;
  return true;
}
ui.run.addEventListener('click', () => {
  // The button stops a run going, or else the replications still going; else it runs.
  if (!stopWhatGoes()) void run();
});
ui.stop.addEventListener('click', () => void stopWhatGoes());
ui.results.replaceChildren(h('p', { class: 'empty' }, 'Results appear here when the run ends.'));
setStatus('starting', 'Loading the default scenario…');
void decodeShareHash(location.hash).then((shared) => {
  if (shared.kind === 'refused') {
    // The default scenario opens instead, and its run says why (status line and problems list).
    linkRefused = {
      run: runCount + 1,
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
    if (shared.view.tab !== undefined && tabs.some((t) => t.id === `tab-${shared.view.tab}`))
      showTab(shared.view.tab);
  }
  openFile(shared.kind === 'text' ? shared.text : (scenarios[defaultPath] ?? ''));
});
