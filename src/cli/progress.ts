/**
 * A progress bar on standard error for long runs. It stays silent unless stderr is a terminal and the
 * run has taken more than `delayMs` of wall time, redraws at most every `intervalMs`, and erases its
 * line when the run ends so that nothing of it remains in the output.
 */
import { formatSpan } from '../report/figure-format';

/** Settings of a {@link ProgressBar}. */
export interface ProgressOptions {
  /** Writes to standard error. */
  readonly write: (text: string) => void;
  /** Draw at all; false when stderr is not a terminal. */
  readonly enabled: boolean;
  /** Wall clock in ms. */
  readonly now: () => number;
  /** Variants run one after another, for the label; default 1. */
  readonly parts?: number;
  /** Wall time before the first draw, ms; default 1000. */
  readonly delayMs?: number;
  /** Least wall time between redraws, ms; default 100 (10 redraws a second). */
  readonly intervalMs?: number;
  /** Cells of the bar; default 30. */
  readonly width?: number;
}

/** Erases the current terminal line and returns the cursor to its start. */
const CLEAR_LINE = '\r\x1b[2K';

/** Tracks simulated progress reported by the model and draws it now and then. */
export class ProgressBar {
  private readonly options: Required<ProgressOptions>;
  private readonly started: number;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(options: ProgressOptions) {
    this.options = {
      ...options,
      parts: options.parts ?? 1,
      delayMs: options.delayMs ?? 1000,
      intervalMs: options.intervalMs ?? 100,
      width: options.width ?? 30,
    };
    this.started = options.now();
  }

  /**
   * Records that the run has simulated `now` of `end` ms, both summed over the variants run so far
   * and in all (as `runFile` reports them).
   */
  update(now: number, end: number): void {
    if (!this.options.enabled) return;
    const fraction = end > 0 ? Math.min(1, Math.max(0, now / end)) : 1;
    const wall = this.options.now();
    if (wall - this.started < this.options.delayMs || wall - this.lastDraw < this.options.intervalMs) return;
    this.lastDraw = wall;
    this.drawn = true;
    this.options.write(CLEAR_LINE + this.line(fraction, now, end));
  }

  /** Erases the bar if it was drawn. Call once when the run ends, whether it succeeded or not. */
  finish(): void {
    if (this.drawn) this.options.write(CLEAR_LINE);
    this.drawn = false;
  }

  /**
   * Ends the bar's line where it stands, for a run stopped part way (instead of `finish`): its last
   * drawing stays, to show how far the run got, and what is printed next starts a line of its own.
   */
  stop(): void {
    if (this.drawn) this.options.write('\n');
    this.drawn = false;
  }

  private line(fraction: number, now: number, end: number): string {
    const { parts, width } = this.options;
    const filled = Math.round(fraction * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    // runFile gives every variant an equal share of the bar.
    const variant = parts > 1 ? ` variant ${Math.min(parts, Math.floor(fraction * parts) + 1)}/${parts}` : '';
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    return `meshsim [${bar}] ${percent}${variant} · ${formatSpan(now)} of ${formatSpan(end)} simulated`;
  }
}
