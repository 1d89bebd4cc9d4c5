/**
 * The page's controller (`app/page-machine.ts`) driven with fake effects: each race the page had to
 * guard with counters is a case here, and the machine's states make it impossible.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import {
  createPageMachine,
  MIN_RERUN_GAP_MS,
  VALIDATE_DELAY_MS,
  type PageEffects,
  type RunReport,
  type RunSuccess,
} from '../../../src/ui/app/page-machine';
import { WorkerStoppedError } from '../../../src/worker/client';
import type {
  ImportAnswer,
  RecordedRunResult,
  RunProgress,
  ValidationResult,
} from '../../../src/worker/protocol';

/** A run's answer as the machine reads it: only `ok` and `stage` matter to it. */
const success = (tag: string) => ({ ok: true, tag }) as unknown as RunSuccess;
const notValid = { ok: false, stage: 'validate', errors: [], warnings: [] } as unknown as RecordedRunResult;
const progress = (fraction: number) => ({ fraction, now: 0, end: 1000 }) as unknown as RunProgress;
const valid = { ok: true, errors: [], warnings: [] } as unknown as ValidationResult;
const plainFile: ImportAnswer = { bundle: false };

/** Promises the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Fake effects that log what the page would do, and keep each run's reporter for the test to answer through. */
function fakePage() {
  const log: string[] = [];
  const runs = new Map<number, (report: RunReport) => void>();
  let now = 0;
  const imports: ReturnType<typeof deferred<ImportAnswer>>[] = [];
  const checks: ReturnType<typeof deferred<ValidationResult>>[] = [];
  const effects: PageEffects = {
    now: () => now,
    abandonRun: (name) => log.push(`abandon for ${name}`),
    importFile: (file) => {
      log.push(`import ${file.name}`);
      const d = deferred<ImportAnswer>();
      imports.push(d);
      return d.promise;
    },
    showImportErrors: (file) => log.push(`import errors ${file.name}`),
    openScenario: (file) => log.push(`open ${file.name}`),
    startRun: (id, report) => {
      log.push(`start ${id}`);
      runs.set(id, report);
    },
    showProgress: (id, p, drawFigures) =>
      log.push(`progress ${id} ${p.fraction}${drawFigures ? '' : ' (held)'}`),
    showAnswer: (id, result) => log.push(`answer ${id} ${(result as unknown as { tag: string }).tag}`),
    afterPaint: () => Promise.resolve(),
    drawAnswer: (id) => log.push(`draw ${id}`),
    showInvalid: (id) => log.push(`invalid ${id}`),
    showFailed: (id) => log.push(`failed ${id}`),
    showRunError: (id) => log.push(`run error ${id}`),
    showError: () => log.push('error'),
    holdFigures: (id) => log.push(`hold ${id}`),
    cancelRun: () => log.push('cancel'),
    showStopped: (id, reached) => log.push(`stopped ${id} at ${reached?.fraction}`),
    endRun: () => log.push('end run'),
    validate: () => {
      log.push('validate');
      const d = deferred<ValidationResult>();
      checks.push(d);
      return d.promise;
    },
    showValidation: (result) => log.push(`checked ${result.ok ? 'valid' : 'invalid'}`),
  };
  const actor = createActor(createPageMachine(effects));
  actor.start();
  return {
    log,
    actor,
    imports,
    checks,
    /** Reports `report` as run `id` would: a run no longer current must not be heard. */
    report: (id: number, report: RunReport) => runs.get(id)?.(report),
    state: () => actor.getSnapshot().value,
    advance: (ms: number) => {
      now += ms;
      vi.advanceTimersByTime(ms);
    },
  };
}

/** Lets the promises settled so far deliver their answers. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('page controller', () => {
  it('starts, runs the first file and plays it once its numbers are painted', async () => {
    const page = fakePage();
    expect(page.state()).toBe('starting');
    page.actor.send({ type: 'RUN' });
    expect(page.state()).toEqual({ run: { attempt: 'current' } });
    page.report(1, { type: 'run.progress', progress: progress(0.5) });
    page.report(1, { type: 'run.answer', result: success('one') });
    expect(page.state()).toEqual({ run: { attempt: 'drawing' } });
    await settle();
    expect(page.state()).toBe('playing');
    expect(page.log).toEqual(['start 1', 'progress 1 0.5', 'answer 1 one', 'end run', 'draw 1']);
  });

  it('drops the answer of a superseded run that arrives late', async () => {
    const page = fakePage();
    page.actor.send({ type: 'RUN' });
    page.actor.send({ type: 'RUN' }); // a new seed while the first run goes
    page.report(1, { type: 'run.progress', progress: progress(0.9) });
    page.report(1, { type: 'run.answer', result: success('old') });
    expect(page.state()).toEqual({ run: { attempt: 'current' } });
    page.report(2, { type: 'run.answer', result: success('new') });
    await settle();
    expect(page.log).toEqual(['start 1', 'start 2', 'answer 2 new', 'end run', 'draw 2']);
  });

  it('holds a run a slider left, and starts the newer one when it ends', async () => {
    const page = fakePage();
    page.actor.send({ type: 'RUN' });
    page.actor.send({ type: 'RERUN' });
    expect(page.state()).toEqual({ run: { attempt: 'superseded' } });
    page.report(1, { type: 'run.progress', progress: progress(0.3) });
    page.report(1, { type: 'run.answer', result: success('left') });
    expect(page.log).toEqual(['start 1', 'hold 1', 'progress 1 0.3 (held)', 'start 2']);
    page.report(2, { type: 'run.answer', result: success('latest') });
    await settle();
    expect(page.log.slice(4)).toEqual(['answer 2 latest', 'end run', 'draw 2']);
  });

  it('starts the newer run once the run going has had a run’s time, and drops the old one', () => {
    const page = fakePage();
    page.actor.send({ type: 'RUN' });
    page.actor.send({ type: 'RERUN' });
    page.advance(MIN_RERUN_GAP_MS - 1);
    page.actor.send({ type: 'RERUN' }); // dragged on: the wait still counts from the run's start
    expect(page.log).toEqual(['start 1', 'hold 1']);
    page.advance(1);
    expect(page.log).toEqual(['start 1', 'hold 1', 'start 2']);
    page.report(1, { type: 'run.answer', result: success('left') });
    expect(page.state()).toEqual({ run: { attempt: 'current' } });
  });

  it('marks the text stale after an edit during a run: checked once the run ends', async () => {
    const page = fakePage();
    page.actor.send({ type: 'RUN' });
    page.actor.send({ type: 'EDIT' });
    expect(page.log).toEqual(['start 1']);
    page.report(1, { type: 'run.answer', result: success('as begun') });
    await settle();
    expect(page.state()).toEqual({ checking: 'validating' });
    page.checks[0].resolve(valid);
    await settle();
    expect(page.state()).toBe('stale');
    expect(page.log).toEqual([
      'start 1',
      'answer 1 as begun',
      'end run',
      'draw 1',
      'validate',
      'checked valid',
    ]);
  });

  it('checks the text once typing pauses, and drops a check overtaken by a run', async () => {
    const page = fakePage();
    page.actor.send({ type: 'RUN' });
    page.report(1, { type: 'run.answer', result: success('one') });
    await settle();
    page.actor.send({ type: 'EDIT' });
    page.advance(VALIDATE_DELAY_MS - 1);
    page.actor.send({ type: 'EDIT' });
    page.advance(VALIDATE_DELAY_MS - 1);
    expect(page.log).not.toContain('validate');
    page.advance(1);
    expect(page.log.at(-1)).toBe('validate');
    page.actor.send({ type: 'RUN' });
    page.checks[0].resolve(valid);
    await settle();
    expect(page.log.at(-1)).toBe('start 2');
    expect(page.state()).toEqual({ run: { attempt: 'current' } });
  });

  it('keeps the editor text on an error: the run is invalid, nothing is opened or replaced', async () => {
    const page = fakePage();
    page.actor.send({ type: 'RUN' });
    page.report(1, { type: 'run.answer', result: notValid });
    expect(page.state()).toBe('invalid');
    page.actor.send({ type: 'EDIT' });
    expect(page.state()).toEqual({ checking: 'waiting' });
    page.actor.send({ type: 'RUN' });
    page.report(2, { type: 'run.error', error: new Error('worker crashed') });
    expect(page.state()).toBe('failed');
    expect(page.log).toEqual(['start 1', 'end run', 'invalid 1', 'start 2', 'end run', 'run error 2']);
    expect(page.log.some((line) => line.startsWith('open') || line.startsWith('import'))).toBe(false);
  });

  it('stops the run going at once, saying how far it got; its late error is dropped', async () => {
    const page = fakePage();
    page.actor.send({ type: 'RUN' });
    page.report(1, { type: 'run.progress', progress: progress(0.4) });
    page.actor.send({ type: 'STOP' });
    expect(page.state()).toBe('stopped');
    page.report(1, { type: 'run.error', error: new WorkerStoppedError('stopped', true) });
    page.report(1, { type: 'run.answer', result: success('late') });
    await settle();
    expect(page.log).toEqual(['start 1', 'progress 1 0.4', 'end run', 'cancel', 'stopped 1 at 0.4']);
    page.actor.send({ type: 'RUN' });
    expect(page.log.at(-1)).toBe('start 2');
  });

  it('abandons the run going for a lesson chosen mid-run, and runs the lesson once it is read', async () => {
    const page = fakePage();
    page.actor.send({ type: 'RUN' });
    page.actor.send({ type: 'OPEN', file: { text: 'a', name: 'a.yaml' } });
    expect(page.state()).toBe('opening');
    page.report(1, { type: 'run.answer', result: success('abandoned') });
    page.actor.send({ type: 'RERUN' }); // a slider of the lesson left: nothing runs until the new one is in
    page.imports[0].resolve(plainFile);
    await settle();
    page.report(2, { type: 'run.answer', result: success('lesson') });
    await settle();
    expect(page.log).toEqual([
      'start 1',
      'end run',
      'abandon for a.yaml',
      'import a.yaml',
      'open a.yaml',
      'start 2',
      'answer 2 lesson',
      'end run',
      'draw 2',
    ]);
  });

  it('opens the latest of two files chosen in turn: the first one’s import is dropped', async () => {
    const page = fakePage();
    page.actor.send({ type: 'OPEN', file: { text: 'a', name: 'a.yaml' } });
    page.actor.send({ type: 'OPEN', file: { text: 'b', name: 'b.yaml' } });
    page.imports[0].resolve(plainFile);
    await settle();
    expect(page.state()).toBe('opening');
    page.imports[1].resolve(plainFile);
    await settle();
    expect(page.log).toEqual(['import a.yaml', 'import b.yaml', 'open b.yaml', 'start 1']);
  });

  it('shows a bundle that could not be imported as invalid, without running it', async () => {
    const page = fakePage();
    page.actor.send({ type: 'OPEN', file: { text: 'kong', name: 'kong.yaml' } });
    page.imports[0].resolve({ bundle: true, errors: [{}], warnings: [] } as unknown as ImportAnswer);
    await settle();
    expect(page.state()).toBe('invalid');
    expect(page.log).toEqual(['import kong.yaml', 'import errors kong.yaml']);
  });

  it('runs a slider moved while the diagram is drawn once it is drawn', async () => {
    const page = fakePage();
    page.actor.send({ type: 'RUN' });
    page.report(1, { type: 'run.answer', result: success('one') });
    page.actor.send({ type: 'RERUN' });
    page.actor.send({ type: 'STOP' }); // the answer is in: nothing to stop
    await settle();
    expect(page.log).toEqual(['start 1', 'answer 1 one', 'draw 1', 'start 2']);
  });
});
