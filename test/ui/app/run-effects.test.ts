/**
 * The page's runs drawn into fake views: what a run's start, an invalid text, a stop and a file opened
 * ask of each view. Each fake records the calls it gets, by view and method.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createPageFile } from '../../../src/ui/app/page-file';
import { createPageRuns, type RunParts } from '../../../src/ui/app/run-effects';
import { asHtml, installFakeDocument, type FakeElement } from './fake-dom';

let calls: string[];
let text: string;
let runAsked: unknown[];
let diagnostics: FakeElement;

/** A view that records every method called on it; `own` gives the members it must answer for real. */
function recorder<T>(name: string, own: Record<string, unknown> = {}): T {
  return new Proxy(own, {
    get: (target, key) =>
      key in target
        ? target[key as string]
        : (...args: unknown[]) => {
            calls.push(
              `${name}.${String(key)}${args.length > 0 && typeof args[0] === 'string' ? ` ${args[0]}` : ''}`,
            );
            return undefined;
          },
  }) as T;
}

function parts(): RunParts {
  const editor = { getText: () => text, setText: (t: string) => void (text = t) };
  return {
    client: recorder('client', {
      runAndRecord: (...args: unknown[]) => {
        runAsked = args;
        return new Promise(() => undefined);
      },
    }),
    figuresSoFarEveryMs: 50,
    editor: recorder('editor', editor),
    file: createPageFile(editor, 'default.yaml'),
    status: recorder('status', {
      set: (phase: string, said: string) => void calls.push(`status ${phase}: ${said}`),
    }),
    stale: recorder('stale', { drawn: undefined }),
    results: recorder('results'),
    importPanel: recorder('importPanel'),
    lesson: recorder('lesson', { summary: undefined, showKnobs: async () => undefined }),
    tiles: recorder('tiles', { drawn: undefined }),
    player: recorder('player', { time: 0, end: 0, playing: false }),
    landmarks: recorder('landmarks'),
    charts: recorder('charts'),
    replications: recorder('replications', { current: undefined }),
    picker: recorder('picker'),
    diagnostics: asHtml(diagnostics),
    name: recorder('name'),
    showTab: (id) => void calls.push(`tab ${id}`),
    textChanged: () => void calls.push('textChanged'),
  };
}

beforeEach(() => {
  diagnostics = installFakeDocument().createElement('div');
  calls = [];
  text = 'clients: []\n';
  runAsked = [];
});

afterEach(() => vi.unstubAllGlobals());

test('startRun: stops the replications, says the run starts, asks the worker for the text, its figures as it goes', () => {
  const p = parts();
  p.file.seed = 7;
  const runs = createPageRuns(p);
  runs.effects.startRun(1, () => undefined);
  expect(runs.runId).toBe(1);
  expect(calls).toEqual([
    'replications.stop',
    'tiles.dropEarly',
    'status.setRunning',
    'player.setRunGoing',
    'results.setBusy',
    'status.setRun',
    'status running: Starting the run…',
    'stale.markStale running',
    'textChanged',
  ]);
  // Nothing drawn yet: the tiles show the run as it goes.
  expect(runAsked.slice(0, 3)).toEqual([
    'clients: []\n',
    'default.yaml',
    { seed: 7, focusMs: undefined, figuresEveryMs: 50 },
  ]);
});

test('showInvalid: the problems in the editor, its tab opened, the results marked as not run', () => {
  const runs = createPageRuns(parts());
  const error = { line: 3, column: 5, file: 'default.yaml', message: 'bad' };
  runs.effects.showInvalid(1, { ok: false, stage: 'validate', errors: [error], warnings: [] } as never);
  expect(calls).toContain('tab editor');
  expect(calls).toContain('editor.reveal');
  expect(calls).toContain(
    'status invalid: The scenario has 1 error, marked in the editor. Your text is kept; fix it and run again.',
  );
  expect(calls).toContain('results.markStale Not run: the scenario has errors.');
  expect(diagnostics.textContent).toContain('bad');
});

test('showStopped and endRun: the line says where the run stopped; the run no longer goes', async () => {
  const runs = createPageRuns(parts());
  runs.effects.showStopped(1, undefined as never);
  expect(calls.find((c) => c.startsWith('status stopped:'))).toMatch(/Press Run to start again\.$/);
  expect(calls).toContain('results.markStale The last run was stopped.');
  calls = [];
  runs.effects.endRun();
  expect(calls).toEqual(['status.setRunning', 'player.setRunGoing', 'results.setBusy']);
});

test('openScenario of a plain file puts its text in the editor, named, to be opened by the next run', () => {
  const p = parts();
  p.file.opensFile = false;
  const runs = createPageRuns(p);
  runs.effects.openScenario({ text: 'services: []\n', name: 'mine.yaml' }, { bundle: false } as never);
  expect(calls).toEqual(['importPanel.close']);
  expect([text, p.file.name, p.file.opensFile, p.file.originalText]).toEqual([
    'services: []\n',
    'mine.yaml',
    true,
    'services: []\n',
  ]);
});
