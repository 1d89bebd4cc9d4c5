/**
 * Driving a long run so that it can be stopped: the model's run steps (`RunSteps`) are taken a few
 * thousand events at a time, and every {@link WORK_MS} of wall time the driver lets the event loop
 * run, where Node hears Ctrl-C. Once the command line's `signal` is aborted the run stops at its next
 * step and {@link RunStoppedError} says where it was.
 *
 * Why a partial report is not printed: the figures of a run cut short (rates, percentiles, claims)
 * cover another span than the one the heading and the file state, and a variant or replication not
 * reached has none; a script reading `--json` would take them for the run's. The message says how far
 * the run got, the exit code (130) that it did not finish.
 */
import type { RunPosition, RunSteps } from '../model/run';
import { formatSpan } from '../report/figure-format';
import type { CliIo } from './io';

/**
 * Events run per step: a step of the costliest scenarios (a mesh, a gateway chain) takes a few ms,
 * so a stop is heard well within a second, and the cost of stepping (a resumed generator and a clock
 * read per step) stays out of sight.
 */
export const STEP_EVENTS = 20_000;

/** Wall time a run works between two pauses for the event loop, ms: a pause costs a few µs. */
export const WORK_MS = 20;

/** Thrown by {@link driveSteps} when the run was stopped: its message says how far it got. */
export class RunStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunStoppedError';
  }
}

/** Lets Node's event loop run its I/O and signal callbacks (Ctrl-C) before the run goes on. */
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Takes every step of `steps`, pausing for the event loop every {@link WORK_MS}, and returns what
 * they give. When `io.signal` is aborted, stops at the next step and throws a {@link RunStoppedError}
 * whose message `describe` makes of the position reached.
 */
export async function driveSteps<T, P>(
  steps: RunSteps<T, P>,
  io: Pick<CliIo, 'signal' | 'now'>,
  describe: (position: P) => string,
): Promise<T> {
  const now = io.now ?? (() => performance.now());
  let pausedAt = now();
  let step = steps.next();
  while (!step.done) {
    if (now() - pausedAt >= WORK_MS) {
      await pause();
      pausedAt = now();
    }
    if (io.signal?.aborted) {
      const position = step.value;
      steps.return(undefined as T);
      throw new RunStoppedError(describe(position));
    }
    step = steps.next(STEP_EVENTS);
  }
  return step.value;
}

/** Simulated time for the stop message: whole seconds and tenths past a second (`12.3 s`), ms below. */
function roughSpan(ms: number): string {
  return formatSpan(ms >= 1000 ? Math.floor(ms / 100) * 100 : Math.floor(ms));
}

/** Longest part of a variant's name the stop message prints. */
const NAME_SHOWN = 40;

/** A name from the file as the terminal may print it: control characters escaped, at most {@link NAME_SHOWN} characters. */
function printable(name: string): string {
  const cut = name.length > NAME_SHOWN ? `${name.slice(0, NAME_SHOWN)}…` : name;
  // The control characters (C0, DEL, C1) are what is escaped.
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f-\u009f]/g;
  return cut.replace(control, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Where a run stopped, in words: `stopped at 12.3 s of 60 s simulated in variant 'retries-on' (2 of
 * 3)`, then `round` when the command runs the file more than once (`replication 2 of 5`), then that
 * nothing is reported.
 */
export function stoppedAt(position: RunPosition, round?: string): string {
  const { variant, variantIndex, variantCount, now, end } = position;
  const of = variantCount > 1 ? ` (${variantIndex + 1} of ${variantCount})` : '';
  const where = variantCount > 1 || variant !== 'base' ? ` in variant '${printable(variant)}'${of}` : '';
  return `stopped at ${roughSpan(now)} of ${roughSpan(end)} simulated${where}${round ? `, ${round}` : ''}; nothing reported`;
}
