/**
 * The placeholder page: shows the default scenario, runs it in the simulation worker and lists the
 * results. The page renders only; parsing and simulating happen in the worker (`src/worker/`).
 */
import defaultScenarioText from '../../scenarios/default.yaml?raw';
import { createSimulationClient, WorkerStoppedError } from '../worker/client';
import type { DiagnosticData, Report, RunProgress, ScenarioSummary } from '../worker/protocol';
import { showDiagnostics } from './diagnostics-view';
import { byId, h } from './dom';
import { formatCount, formatDuration, plural } from './format';
import { resultsTable } from './results-table';
import { resultsView } from './results-view';
import { showScenario } from './scenario-view';
import { offsetOf } from './text-position';

/** The name errors are reported under; the editor starts from this file. */
const FILE_NAME = 'default.yaml';
/** Quiet time after typing before the text is checked, ms. */
const VALIDATE_DELAY_MS = 350;

/**
 * What the status line says about the page; also its `data-state` attribute, which tests wait on (with
 * `data-run`, the number of the latest run).
 */
type Phase = 'starting' | 'running' | 'done' | 'invalid' | 'failed' | 'stopped' | 'edited';

const ui = {
  name: byId('scenario-name', HTMLElement),
  description: byId('scenario-description', HTMLElement),
  facts: byId('scenario-facts', HTMLElement),
  run: byId('run', HTMLButtonElement),
  status: byId('status', HTMLElement),
  progress: byId('progress', HTMLProgressElement),
  results: byId('results', HTMLElement),
  resultsNote: byId('results-note', HTMLElement),
  editor: byId('editor', HTMLTextAreaElement),
  diagnostics: byId('diagnostics', HTMLElement),
};

const client = createSimulationClient();
let running = false;
/** Counts runs, so that a late progress message of an earlier run is dropped. */
let runCount = 0;
/** Counts edits, so that the answer to an outdated check is dropped. */
let editCount = 0;
let validateTimer: ReturnType<typeof setTimeout> | undefined;
let hasResults = false;
/** True once the worker has named the scenario. */
let scenarioShown = false;

function show(summary: ScenarioSummary): void {
  scenarioShown = true;
  showScenario(ui, summary);
}

function setStatus(phase: Phase, text: string): void {
  ui.status.dataset.state = phase;
  ui.status.textContent = text;
}

function setRunning(on: boolean): void {
  running = on;
  ui.run.textContent = on ? 'Stop' : 'Run';
  ui.run.classList.toggle('stop', on);
  ui.run.setAttribute('aria-label', on ? 'Stop the run' : 'Run the scenario');
  ui.progress.hidden = !on;
  if (on) ui.progress.value = 0;
  ui.results.setAttribute('aria-busy', String(on));
}

function markResultsStale(why: string): void {
  if (hasResults) {
    ui.results.classList.add('stale');
    ui.resultsNote.textContent = `${why} Below are the results of the last successful run.`;
  } else {
    ui.resultsNote.textContent = '';
    ui.results.replaceChildren(h('p', { class: 'empty' }, `No results yet. ${why}`));
  }
}

function showReport(report: Report, summary: ScenarioSummary): void {
  hasResults = true;
  ui.results.classList.remove('stale');
  ui.results.replaceChildren(resultsView(resultsTable(report)));
  const events = report.variants.reduce((sum, v) => sum + v.events, 0);
  const wall = report.variants.reduce((sum, v) => sum + v.wallMs, 0);
  ui.resultsNote.textContent =
    `${report.scenario} · seed ${report.seed} · ${formatDuration(summary.durationMs)} simulated` +
    ` · ${formatCount(events)} events in ${formatDuration(wall)} of wall time`;
  setStatus(
    'done',
    `Done: ${plural(report.variants.length, 'variant')} simulated in the worker. Edit the YAML and run again to compare.`,
  );
}

function pick(d: DiagnosticData): void {
  const offset = offsetOf(ui.editor.value, d.line, d.column);
  ui.editor.focus();
  ui.editor.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(ui.editor).lineHeight) || 18;
  ui.editor.scrollTop = Math.max(0, (d.line - 3) * lineHeight);
}

function progressText(p: RunProgress, variants: readonly string[]): string {
  const share = `${Math.floor(p.fraction * 100)}%`;
  const name = variants[p.variantIndex] ? ` (${variants[p.variantIndex]})` : '';
  const variant = p.variantCount > 1 ? ` · variant ${p.variantIndex + 1} of ${p.variantCount}${name}` : '';
  return `Running… ${share}${variant} · simulated ${formatDuration(p.now)} of ${formatDuration(p.end)}`;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

async function run(): Promise<void> {
  if (running) {
    client.cancel();
    return;
  }
  clearTimeout(validateTimer);
  const id = ++runCount;
  const text = ui.editor.value;
  const editAtStart = editCount;
  setRunning(true);
  ui.status.dataset.run = String(id);
  setStatus('running', 'Starting the simulation worker…');
  let variants: readonly string[] = [];
  // The worker answers in order: the quick check arrives first and names the scenario during the run.
  client.validate(text, FILE_NAME).then(
    (check) => {
      if (id !== runCount || !check.ok) return;
      variants = check.summary.variants;
      show(check.summary);
    },
    () => undefined, // the run's own answer reports any failure
  );
  try {
    const result = await client.run(text, FILE_NAME, {}, (p) => {
      if (id !== runCount || !running) return;
      ui.progress.value = p.fraction;
      setStatus('running', progressText(p, variants));
    });
    if (id !== runCount) return;
    if (result.ok) {
      show(result.summary);
      showDiagnostics(ui.diagnostics, [], result.warnings, pick);
      showReport(result.report, result.summary);
    } else if (result.stage === 'validate') {
      showDiagnostics(ui.diagnostics, result.errors, result.warnings, pick);
      setStatus(
        'invalid',
        `The scenario has ${plural(result.errors.length, 'error')}, listed under the editor. Your text is kept; fix it and run again.`,
      );
      markResultsStale('Not run: the scenario has errors.');
    } else {
      show(result.summary);
      showDiagnostics(ui.diagnostics, [], result.warnings, pick);
      setStatus('failed', `The scenario is valid, but the simulation failed: ${result.message}`);
      markResultsStale('The last run failed.');
    }
  } catch (error) {
    if (id !== runCount) return;
    if (error instanceof WorkerStoppedError && error.cancelled) {
      setStatus('stopped', 'Stopped. Press Run to start again.');
      markResultsStale('The last run was stopped.');
    } else {
      setStatus('failed', describeFailure(error));
      markResultsStale('The last run failed.');
      if (!scenarioShown) ui.name.textContent = 'The scenario could not be read';
    }
  } finally {
    if (id === runCount) {
      setRunning(false);
      // Text typed during the run was not checked (the worker was busy): check it now.
      if (editCount !== editAtStart) void validate();
    }
  }
}

/** Checks the editor's text in the worker and lists its errors; does not run it. */
async function validate(): Promise<void> {
  const edit = editCount;
  const text = ui.editor.value;
  try {
    const result = await client.validate(text, FILE_NAME);
    if (edit !== editCount || running) return;
    showDiagnostics(ui.diagnostics, result.errors, result.warnings, pick);
    if (result.ok) {
      show(result.summary);
      setStatus('edited', 'Edited. The scenario is valid; press Run (or Ctrl+Enter) to simulate it.');
    } else {
      setStatus(
        'invalid',
        `The scenario has ${plural(result.errors.length, 'error')}, listed under the editor.`,
      );
    }
  } catch (error) {
    // A stopped run cancels the checks queued behind it; the next edit checks again.
    if (!(error instanceof WorkerStoppedError && error.cancelled))
      setStatus('failed', describeFailure(error));
  }
}

ui.run.addEventListener('click', () => void run());
ui.editor.addEventListener('input', () => {
  editCount += 1;
  clearTimeout(validateTimer);
  validateTimer = setTimeout(() => void validate(), VALIDATE_DELAY_MS);
});
ui.editor.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    if (!running) void run();
  }
});

ui.editor.value = defaultScenarioText;
ui.results.replaceChildren(h('p', { class: 'empty' }, 'Results appear here when the run ends.'));
setStatus('starting', 'Loading the default scenario…');
void run();
