/**
 * The page's controller as a state machine: which file is opening, which run goes, whether a newer
 * input waits for it, whether the editor's text was checked. Each piece of work the page waits for
 * (ending the run going and importing a file, a run, the paint after a run's numbers, a check of the
 * text) is an actor invoked by the state that asked for it, so its answer reaches the page only while
 * that state lasts: a run superseded by another, by a file opened or by Stop is stopped with its
 * state, and whatever it answers later is dropped by construction, not by comparing counters.
 *
 * The machine draws nothing: what the page shows at each step is `PageEffects`, given by the page
 * (`ui/main.ts`) and by the tests, which drive the machine with fake effects.
 *
 * States (the `data-state` the status line shows is set by the effects):
 * - `starting`: the page waits for its first file (the default or a shared link's);
 * - `opening`: a file chosen, the run going ended and the file imported when it is a bundle;
 * - `run.current`: a run goes and its answer will be drawn;
 * - `run.superseded`: a run goes, but a newer input waits for it (a slider dragged on): its
 *   progress moves the bar, its figures are not drawn, and the newer run starts when it ends or
 *   once it has had the time a run takes;
 * - `run.drawing`: the run's numbers are on screen, its diagram and charts follow after a paint;
 * - `playing`: the latest run is drawn and plays;
 * - `checking`: the text was edited; it is checked once typing pauses;
 * - `stale`: the edited text is valid but not run: the figures drawn are marked stale;
 * - `invalid`, `failed`, `stopped`: the latest run or check found errors, failed or was stopped.
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import { WorkerStoppedError } from '../../worker/client';
import type { OpenedFile } from '../files';
import type { ImportAnswer, RecordedRunResult, RunProgress, ValidationResult } from '../../worker/protocol';

/** Quiet time after typing before the text is checked, ms. */
export const VALIDATE_DELAY_MS = 350;

/** Least wall time between the starts of two runs asked for while one goes, ms (a slider's own pace). */
export const MIN_RERUN_GAP_MS = 150;

/** A file to open: its text, its name, and how it was found. */
export interface OpenRequest {
  readonly text: string;
  readonly name: string;
  /** The library's key of a file opened from the menu; none for a file opened or dropped. */
  readonly keyInLibrary?: string;
  /** The files of a bundle opened as several, each imported under its own name. */
  readonly parts?: OpenedFile['parts'];
}

/** A recorded run that succeeded: its report and the playback of its frames. */
export type RunSuccess = Extract<RecordedRunResult, { ok: true }>;

/** What a run going tells the machine: its progress, then its answer or its error. */
export type RunReport =
  | { readonly type: 'run.progress'; readonly progress: RunProgress }
  | { readonly type: 'run.answer'; readonly result: RecordedRunResult }
  | { readonly type: 'run.error'; readonly error: unknown };

/** What the reader and the page ask of the controller. */
export type PageEvent =
  | { readonly type: 'OPEN'; readonly file: OpenRequest }
  /** Run the editor's text now: Run, Ctrl+Enter, a new seed, the first file's text put in the editor. */
  | { readonly type: 'RUN' }
  /** A control changed the text (a slider, a try-this, Reset): run it, the latest input winning. */
  | { readonly type: 'RERUN' }
  /** The reader typed in the editor. */
  | { readonly type: 'EDIT' }
  /** Stop the run going. */
  | { readonly type: 'STOP' }
  | RunReport;

/**
 * What the page does at each step. Each is called only while the step it belongs to is current, with
 * the number of the run it is about (`id`, counted from 1: the status line's `data-run`).
 */
export interface PageEffects {
  /** Wall time, ms (`performance.now()`). */
  now(): number;
  /** Ends the run going, for a file that opens: settles once its workers are free. */
  abandonRun(opening: string): void;
  /** Waits for the run abandoned (if any) to end, then imports `file` when it is a bundle. */
  importFile(file: OpenRequest): Promise<ImportAnswer>;
  /** A bundle that could not be imported: its errors shown in the editor. */
  showImportErrors(file: OpenRequest, answer: ImportAnswer): void;
  /** A file read (imported if it was a bundle): its scenario is put in the editor, to be run. */
  openScenario(file: OpenRequest, answer: ImportAnswer): void;
  /** Starts run `id` of the editor's text; `report` hears its progress and its answer. */
  startRun(id: number, report: (report: RunReport) => void): void;
  /** Progress of run `id`; `drawFigures` false when a newer input waits, as its value was left. */
  showProgress(id: number, progress: RunProgress, drawFigures: boolean): void;
  /** Run `id`'s numbers: the tiles and the table. */
  showAnswer(id: number, result: RunSuccess): void;
  /** Waits until the run's numbers are painted. */
  afterPaint(): Promise<void>;
  /** Run `id`'s diagram, charts and replications, once its numbers are painted. */
  drawAnswer(id: number, result: RunSuccess): void;
  /** The scenario of run `id` has errors (`result.stage` is `validate`). */
  showInvalid(id: number, result: RecordedRunResult): void;
  /** The simulation of run `id` failed (`result.stage` is `run`). */
  showFailed(id: number, result: RecordedRunResult): void;
  /** Run `id` threw (its worker crashed, say). */
  showRunError(id: number, error: unknown): void;
  /** Opening a file or checking the text threw. */
  showError(error: unknown): void;
  /** A newer input waits for run `id`: its figures so far are no longer drawn. */
  holdFigures(id: number): void;
  /** Stops the run going at once (its workers are ended). */
  cancelRun(): void;
  /** Run `id` was stopped; `reached` is the last progress it sent. */
  showStopped(id: number, reached: RunProgress | undefined): void;
  /** No run goes any more (the last one ended, was stopped or abandoned). */
  endRun(): void;
  /** Checks the editor's text in the worker, without running it. */
  validate(): Promise<ValidationResult>;
  /** The edited text's check. */
  showValidation(result: ValidationResult): void;
}

/** What the controller remembers between steps. */
export interface PageContext {
  /** The latest run begun, counted from 1; 0 before the first. */
  readonly run: number;
  /** When the latest run began, wall ms. */
  readonly runBegan: number;
  /** How long the last run that succeeded took, wall ms. */
  readonly lastRunMs: number;
  /** The reader typed while the run went: the text is checked once it ends. */
  readonly editedDuringRun: boolean;
  /** A control asked for a run while the run's diagram was being drawn: it goes once drawn. */
  readonly rerunDue: boolean;
  /** The last progress the run going sent: a run stopped part way says how far it got. */
  readonly reached?: RunProgress;
  /** The answer of the run being drawn, for its diagram and charts once its numbers are painted. */
  readonly answer?: RunSuccess;
}

/** A file opened, with the import's answer. */
interface Opened {
  readonly file: OpenRequest;
  readonly answer: ImportAnswer;
}

/** The error of a call the page cut short itself (Stop), not of a crash. */
const isCancelled = (error: unknown): boolean => error instanceof WorkerStoppedError && error.cancelled;

/** The page controller's machine, acting through `effects`. */
export function createPageMachine(effects: PageEffects) {
  return setup({
    types: {
      context: {} as PageContext,
      events: {} as PageEvent,
    },
    actors: {
      importFile: fromPromise<Opened, OpenRequest>(async ({ input }) => ({
        file: input,
        answer: await effects.importFile(input),
      })),
      // Its reports reach the machine only while it lives: a stopped run's answer is dropped by xstate.
      run: fromCallback<PageEvent, number>(({ input, sendBack }) => {
        effects.startRun(input, sendBack);
      }),
      afterPaint: fromPromise<void>(() => effects.afterPaint()),
      validate: fromPromise<ValidationResult>(() => effects.validate()),
    },
    delays: {
      validate: VALIDATE_DELAY_MS,
      // A newer input waits for the run going until it has had the time a run takes.
      rerunGap: ({ context }) =>
        Math.max(0, context.runBegan + Math.max(MIN_RERUN_GAP_MS, context.lastRunMs) - effects.now()),
    },
    actions: {
      stop: ({ context }) => {
        effects.cancelRun();
        effects.showStopped(context.run, context.reached);
      },
      showStopped: ({ context }) => effects.showStopped(context.run, context.reached),
      drawAnswer: ({ context }) => {
        if (context.answer) effects.drawAnswer(context.run, context.answer);
      },
    },
    guards: {
      editedDuringRun: ({ context }) => context.editedDuringRun,
      rerunDue: ({ context }) => context.rerunDue,
    },
  }).createMachine({
    id: 'page',
    initial: 'starting',
    context: { run: 0, runBegan: 0, lastRunMs: 0, editedDuringRun: false, rerunDue: false },
    on: {
      OPEN: { target: '.opening', reenter: true },
      RUN: { target: '.run', reenter: true },
      RERUN: { target: '.run', reenter: true },
      EDIT: { target: '.checking', reenter: true },
    },
    states: {
      starting: {
        // The first file's text is put in the editor by the page, which then sends RUN.
        on: { EDIT: {}, RERUN: {} },
      },
      opening: {
        invoke: {
          src: 'importFile',
          input: ({ event }) => {
            if (event.type !== 'OPEN') throw new Error(`opening on ${event.type}`);
            return event.file;
          },
          onDone: [
            {
              guard: ({ event }) => event.output.answer.bundle && event.output.answer.errors.length > 0,
              target: 'invalid',
              actions: ({ event }) => effects.showImportErrors(event.output.file, event.output.answer),
            },
            {
              target: 'run',
              actions: ({ event }) => effects.openScenario(event.output.file, event.output.answer),
            },
          ],
          onError: { target: 'failed', actions: ({ event }) => effects.showError(event.error) },
        },
        // The file opening replaces the editor's text: no edit or control counts until it is in.
        on: { EDIT: {}, RERUN: {}, RUN: {} },
      },
      run: {
        // Leaving the runs: the latest one ended, was stopped or abandoned (a newer run is no leaving).
        exit: () => effects.endRun(),
        initial: 'attempt',
        on: {
          OPEN: {
            target: 'opening',
            actions: ({ event }) => effects.abandonRun(event.file.name),
          },
          // A descendant targeted is entered anew; `reenter` would leave the runs and come back.
          RUN: { target: '.attempt' },
          EDIT: { actions: assign({ editedDuringRun: true }) },
        },
        states: {
          attempt: {
            entry: assign({
              run: ({ context }) => context.run + 1,
              runBegan: () => effects.now(),
              editedDuringRun: false,
              rerunDue: false,
              reached: undefined,
              answer: undefined,
            }),
            invoke: { src: 'run', input: ({ context }) => context.run },
            initial: 'current',
            states: {
              current: {
                on: {
                  RERUN: 'superseded',
                  STOP: { target: '#page.stopped', actions: 'stop' },
                  'run.progress': {
                    actions: [
                      assign({ reached: ({ event }) => event.progress }),
                      ({ context, event }) => effects.showProgress(context.run, event.progress, true),
                    ],
                  },
                  'run.answer': [
                    {
                      guard: ({ event }) => event.result.ok,
                      target: 'drawing',
                      actions: [
                        assign({
                          lastRunMs: ({ context }) => effects.now() - context.runBegan,
                          answer: ({ event }) => event.result as RunSuccess,
                        }),
                        ({ context }) => {
                          if (context.answer) effects.showAnswer(context.run, context.answer);
                        },
                      ],
                    },
                    {
                      guard: ({ event }) => !event.result.ok && event.result.stage === 'validate',
                      target: '#page.invalid',
                      actions: ({ context, event }) => effects.showInvalid(context.run, event.result),
                    },
                    {
                      guard: ({ event }) => !event.result.ok && event.result.stage === 'run',
                      target: '#page.failed',
                      actions: ({ context, event }) => effects.showFailed(context.run, event.result),
                    },
                  ],
                  'run.error': [
                    {
                      guard: ({ event }) => isCancelled(event.error),
                      target: '#page.stopped',
                      actions: 'showStopped',
                    },
                    {
                      target: '#page.failed',
                      actions: ({ context, event }) => effects.showRunError(context.run, event.error),
                    },
                  ],
                },
              },
              superseded: {
                entry: ({ context }) => effects.holdFigures(context.run),
                after: { rerunGap: { target: '#page.run.attempt', reenter: true } },
                on: {
                  // The wait is counted from the run's start: a newer input keeps it.
                  RERUN: {},
                  STOP: { target: '#page.stopped', actions: 'stop' },
                  'run.progress': {
                    actions: [
                      assign({ reached: ({ event }) => event.progress }),
                      ({ context, event }) => effects.showProgress(context.run, event.progress, false),
                    ],
                  },
                  // The run ended: its numbers, of a value already left, are never drawn.
                  'run.answer': {
                    target: '#page.run.attempt',
                    reenter: true,
                    actions: assign({
                      lastRunMs: ({ context, event }) =>
                        event.result.ok ? effects.now() - context.runBegan : context.lastRunMs,
                    }),
                  },
                  'run.error': { target: '#page.run.attempt', reenter: true },
                },
              },
              drawing: {
                invoke: {
                  src: 'afterPaint',
                  onDone: [
                    { guard: 'rerunDue', target: '#page.run.attempt', reenter: true, actions: 'drawAnswer' },
                    { target: '#page.playing', actions: 'drawAnswer' },
                  ],
                },
                on: {
                  RERUN: { actions: assign({ rerunDue: true }) },
                  // The answer is in: nothing is left to stop.
                  STOP: {},
                },
              },
            },
          },
        },
      },
      playing: { always: { guard: 'editedDuringRun', target: 'checking.validating' } },
      checking: {
        entry: assign({ editedDuringRun: false }),
        initial: 'waiting',
        states: {
          waiting: { after: { validate: 'validating' } },
          validating: {
            invoke: {
              src: 'validate',
              onDone: [
                {
                  guard: ({ event }) => event.output.ok,
                  target: '#page.stale',
                  actions: ({ event }) => effects.showValidation(event.output),
                },
                { target: '#page.invalid', actions: ({ event }) => effects.showValidation(event.output) },
              ],
              onError: [
                // A stopped run cancels the checks queued behind it; the next edit checks again.
                { guard: ({ event }) => isCancelled(event.error), target: '#page.stale' },
                { target: '#page.failed', actions: ({ event }) => effects.showError(event.error) },
              ],
            },
          },
        },
      },
      stale: {},
      invalid: { always: { guard: 'editedDuringRun', target: 'checking.validating' } },
      failed: { always: { guard: 'editedDuringRun', target: 'checking.validating' } },
      stopped: { always: { guard: 'editedDuringRun', target: 'checking.validating' } },
    },
  });
}
