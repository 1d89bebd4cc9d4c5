/** The status line: its text and data-state, and the Run and Stop buttons and bar that follow a run and its replications. */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createStatusLine, type ReplicationProgress } from '../../../src/ui/app/status-line';
import { installFakeDocument, type FakeElement } from './fake-dom';

let ui: {
  status: FakeElement;
  run: FakeElement;
  stop: FakeElement;
  progress: FakeElement & { value: number };
};
let replications: { going: boolean; current: ReplicationProgress['current'] };

beforeEach(() => {
  const doc = installFakeDocument();
  ui = {
    status: doc.createElement('p'),
    run: doc.createElement('button'),
    stop: doc.createElement('button'),
    progress: Object.assign(doc.createElement('progress'), { value: 0.5 }),
  };
  replications = { going: false, current: undefined };
});
afterEach(() => vi.unstubAllGlobals());

const line = () => createStatusLine(ui as never, replications);

test('set says the text and the phase; setRun numbers the run', () => {
  const status = line();
  status.set('running', 'Starting the run…');
  status.setRun(3);
  expect(ui.status.textContent).toBe('Starting the run…');
  expect(ui.status.dataset).toEqual({ state: 'running', run: '3' });
  expect(status.phase).toBe('running');
});

test('a run going: Run becomes Stop, the bar and Stop show, the bar starts from 0; then back', () => {
  const status = line();
  status.setRunning(true);
  expect(status.running).toBe(true);
  expect(ui.run.textContent).toBe('Stop');
  expect(ui.run.classList.contains('stop')).toBe(true);
  expect(ui.run.getAttribute('aria-label')).toBe('Stop the run');
  expect([ui.progress.hidden, ui.stop.hidden, ui.progress.value]).toEqual([false, false, 0]);
  status.setProgress(0.25);
  expect(ui.progress.value).toBe(0.25);
  status.setRunning(false);
  expect(ui.run.textContent).toBe('Run');
  expect(ui.run.getAttribute('aria-label')).toBe('Run the scenario');
  expect([ui.progress.hidden, ui.stop.hidden]).toEqual([true, true]);
});

test('replications going after the run: the buttons stop them, the bar shows how many are done', () => {
  const status = line();
  replications.going = true;
  replications.current = { done: 2, count: 8 };
  status.refresh();
  expect(ui.run.textContent).toBe('Stop');
  expect(ui.run.getAttribute('aria-label')).toBe('Stop the replications');
  expect(ui.stop.getAttribute('aria-label')).toBe('Stop the replications');
  expect(ui.progress.value).toBe(0.25);
});
