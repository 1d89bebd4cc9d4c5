/**
 * The page: a scenario from the library, a shared link or a file; its topology played as an animated
 * diagram; the editor with diagnostics; the final results, key figures and traces. The page renders
 * only; parsing and simulating happen in the worker (`src/worker/`).
 *
 * This module is the page's composition root, wiring only: it finds the page's elements, builds the
 * views (`app/`, each owning its part of the page), gives the controller (`app/page-machine.ts`) what
 * the page does at each of its steps (`app/run-effects.ts`), and turns the reader's gestures into the
 * controller's events. Which run is current, whether a newer input waits and whether the text was
 * checked are the controller's states, not variables here.
 */
// First: the worker starts before the other modules are evaluated (see `simulation-client.ts`).
import { client, FIGURES_SO_FAR_EVERY_MS } from './simulation-client';
import { createActor } from 'xstate';
import { createSimulationClient } from '../worker/client';
import { formatSpan } from '../report/figure-format';
import { watchDiagnosticsHeight } from './diagnostics-view';
import { byId, setText } from './dom';
import { createLazyEditor } from './editor/lazy-editor';
import type { FocusMemory } from './knobs/focus-memory';
import { buildLibrary, DEFAULT_SCENARIO_FILE, scenarioFile, titleOf } from './library';
import { createLibraryPicker } from './library-picker';
import { createLazyLandmarks } from './playback/lazy-landmarks';
import { createPlayer } from './player';
import { createReplicationPool } from './replications';
import { createStaleMark } from './stale-mark';
import { createClaimsPanel } from './app/claims-panel';
import { installExportButtons } from './app/export-buttons';
import { installFileOpening } from './app/file-opening';
import { libraryTexts } from './app/library-texts';
import DEFAULT_TEXT from '../../scenarios/default.yaml?raw';
import { createImportPanel } from './app/import-panel';
import { createLessonPanel } from './app/lesson-panel';
import { createPageFile } from './app/page-file';
import { createPageMachine } from './app/page-machine';
import { installPlayerKeys } from './app/player-keys';
import { createReplicationRuns } from './app/replication-runs';
import { createResultsPanel } from './app/results-panel';
import { createRunCharts } from './app/run-charts';
import { createPageRuns } from './app/run-effects';
import { installShareButton, readSharedLink } from './app/share-link';
import { createStaleFigures } from './app/stale-figures';
import { createStatusLine } from './app/status-line';
import { describeFailure } from './app/status-text';
import { createTabs } from './app/tabs';
import { createTilesView } from './app/tiles-view';
import { createTracePanel } from './app/trace-panel';

const ui = {
  name: byId('scenario-name', HTMLElement),
  steps: byId('lesson-steps', HTMLElement),
  claims: byId('claims', HTMLElement),
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
  kpis: byId('kpis', HTMLElement),
  stage: byId('stage', HTMLElement),
  simTime: byId('sim-time', HTMLElement),
  resetLesson: byId('reset-lesson', HTMLButtonElement),
};

// The menu is built from each file's `name:` line; a file's text loads when it is opened (see
// `app/library-texts.ts`), the default scenario's with the page.
const nameLines = import.meta.glob('../../scenarios/**/*.{yaml,yml}', {
  query: '?name-line',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const library = libraryTexts(
  import.meta.glob('../../scenarios/**/*.{yaml,yml}', { query: '?raw', import: 'default' }),
  nameLines,
);
const picker = createLibraryPicker(ui.picker, buildLibrary(nameLines));
const defaultPath = Object.keys(nameLines).find((p) => scenarioFile(p) === DEFAULT_SCENARIO_FILE) ?? '';

// --- Views --------------------------------------------------------------------------------------

const charts = createRunCharts({
  latency: byId('chart-latency', HTMLElement),
  throughput: byId('chart-throughput', HTMLElement),
  distribution: byId('chart-distribution', HTMLElement),
  utilization: byId('chart-utilization', HTMLElement),
  amplification: byId('chart-amplification', HTMLElement),
});
/** The replications of the latest run that succeeded, on a pool of extra workers. */
const replicationRuns = createReplicationRuns(
  createReplicationPool(createSimulationClient),
  navigator.hardwareConcurrency,
  () => runs.showReplications(),
);
const status = createStatusLine(ui, replicationRuns);
const results = createResultsPanel(ui.results, ui.resultsNote, {
  replications: () => replicationRuns.current,
  keyFigures: () => lesson.summary?.keyFigures ?? [],
  shown: () => tabs.shown === 'results',
  onCompareChange: () => fitSide(),
});

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
    if (id === 'trace') void traces.showList().catch(() => undefined);
  },
});
const showTab = (id: string): void => tabs.show(id);

const editor = createLazyEditor(ui.editorHost, {
  text: '',
  onChange: () => {
    opening.refreshResetLesson();
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
watchDiagnosticsHeight(ui.diagnostics, byId('panel-editor', HTMLElement));
const file = createPageFile(editor, DEFAULT_SCENARIO_FILE);

/**
 * Runs the editor's text again for a control the reader used; the focus goes back to the control once
 * the run is drawn. The latest input wins: with no run going it runs at once; while one goes, the
 * newest input replaces it (the worker abandons it) once it has had the time a run takes, or as soon
 * as it ends, and its numbers, of a value already left, are never drawn. So a drag starts a run
 * every run's length at most, not one per step, and ends on the value let go of.
 */
function rerun(focus: FocusMemory): void {
  runs.askedBy(focus);
  page.send({ type: 'RERUN' });
}
const lesson = createLessonPanel(ui, editor, createClaimsPanel(ui.claims), {
  rerun,
  replications: () => replicationRuns.current,
});

const player = createPlayer(
  {
    stage: ui.stage,
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
    // The charts draw the run's own series, whole from the start: frames feed the diagram.
    onFrames: () => undefined,
    onTime: (t) => {
      setText(ui.simTime, `sim time ${formatSpan(t, 'rounded')}`);
      landmarks.setTime(t);
      tiles.draw();
      charts.setTime(t);
    },
    onTracePicked: (variant, id) => void traces.showTrace(variant, id),
    onView: (shown) => {
      tiles.draw(true);
      landmarks.setShown(shown);
      importPanel.redraw(runs.lastReport);
    },
    onNewSeed: () => {
      file.seed = Math.floor(Math.random() * 1_000_000);
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
  runGoing: () => status.running,
  stageFigures: (variant) =>
    document.querySelector<HTMLElement>(`#stage .stage-figures[data-variant="${variant}"]`),
});
const traces = createTracePanel({
  view: byId('trace-view', HTMLElement),
  list: byId('trace-list', HTMLElement),
  client,
  player,
  showTab: () => showTab('trace'),
});
/** The summary of an imported file, beside the diagram. */
const importPanel = createImportPanel(ui.steps, {
  drawn: (variants) => (player.shown.length > 0 ? player.shown : [Math.min(player.variant, variants - 1)]),
  summary: () => lesson.summary,
  showWarnings: () => showTab('editor'),
});
const stale = createStaleFigures(
  createStaleMark(ui.stage, [
    ui.stage,
    ui.kpis,
    byId('chart-latency', HTMLElement).closest<HTMLElement>('.charts') ?? ui.kpis,
  ]),
);

// --- The controller -----------------------------------------------------------------------------

const runs = createPageRuns({
  client,
  figuresSoFarEveryMs: FIGURES_SO_FAR_EVERY_MS,
  editor,
  file,
  status,
  stale,
  results,
  importPanel,
  lesson,
  tiles,
  player,
  landmarks,
  charts,
  replications: replicationRuns,
  picker,
  diagnostics: ui.diagnostics,
  name: ui.name,
  showTab,
  textChanged: () => opening.refreshResetLesson(),
});
const page = createActor(createPageMachine(runs.effects));
// Read-only hooks for the browser tests and the page benchmark (the editor draws only the lines on screen).
(window as unknown as { meshsim: object }).meshsim = {
  editorText: () => editor.getText(),
  dotsDrawn: () => player.dotsDrawn,
  report: () => runs.lastReport,
};

// --- Gestures -----------------------------------------------------------------------------------

const opening = installFileOpening(
  { picker: ui.picker, openFile: ui.openFile, resetLesson: ui.resetLesson, dropTarget: document.body },
  {
    texts: library,
    file,
    editor,
    menu: picker,
    open: (request) => page.send({ type: 'OPEN', file: request }),
    rerun,
    onError: (message) => status.set('failed', message),
  },
);
picker.showLibraryFile(defaultPath);

installShareButton(ui.share, {
  text: () => editor.getText(),
  // The link opens on what the reader sees: the run's seed, the variants drawn, the moment, the tab.
  view: () => ({
    seed: runs.lastReport?.seed ?? file.seed,
    variant: tiles.drawn?.names[player.variant],
    sideBySide: player.shown.length > 1,
    timeMs: tiles.drawn?.played ? player.time : undefined,
    tab: tabs.shown,
  }),
  onShared: () =>
    status.set(
      'edited',
      'The link in the address bar now holds this scenario, its seed, the variant shown, the moment and the open tab (copied when the browser allows).',
    ),
});
installExportButtons(
  {
    yaml: byId('export-yaml', HTMLButtonElement),
    json: byId('export-json', HTMLButtonElement),
    csv: byId('export-csv', HTMLButtonElement),
    charts: document.querySelectorAll<HTMLButtonElement>('[data-export]'),
  },
  {
    title: () => lesson.summary?.name ?? 'scenario',
    text: () => editor.getText(),
    report: () => runs.lastReport,
    csvComparison: (report) => results.csvComparison(report),
    chartSvg: (name) => charts.svg(name),
    onError: (error) => status.set('failed', describeFailure(error)),
  },
);
installPlayerKeys(document, { player, landmarks });

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

// --- Start --------------------------------------------------------------------------------------

page.start();
status.set('starting', 'Loading the default scenario…');
void readSharedLink(location.hash).then(async (shared) => {
  // The default scenario opens instead, and its run says why (status line and problems list).
  if (shared.kind === 'refused')
    runs.refuseLink(
      `The shared link could not be read: ${shared.reason}. Opened the default scenario instead.`,
    );
  if (shared.kind === 'text') {
    file.name = 'shared.yaml';
    // A lesson shared as it is opens as that lesson; any other text as the shared link it is.
    const same = await library.find(shared.text);
    if (same !== undefined) {
      picker.showLibraryFile(same);
      file.name = scenarioFile(same);
    } else picker.showOpenedFile(`${titleOf(shared.text, 'shared link')} (shared link)`);
    file.seed = shared.view.seed;
    runs.showView(shared.view);
    if (shared.view.tab !== undefined && tabs.has(shared.view.tab)) showTab(shared.view.tab);
  }
  file.open(shared.kind === 'text' ? shared.text : DEFAULT_TEXT);
  page.send({ type: 'RUN' });
});
