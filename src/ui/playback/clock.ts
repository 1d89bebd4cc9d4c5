/**
 * The playback clock: simulated time shown on the page, moved by the wall clock at a chosen speed.
 * Pure: the page calls `tick` from requestAnimationFrame with the wall time that passed, and reads
 * `t`. Speeds run from 0.1x to 100x of simulated time; stepping and seeking work while paused.
 */

/** Speeds the controls offer, slowest first (simulated ms per wall ms). */
export const SPEEDS: readonly number[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100];
export const MIN_SPEED = SPEEDS[0];
export const MAX_SPEED = SPEEDS[SPEEDS.length - 1];
/** Simulated time one step moves, ms. */
export const STEP_MS = 100;
/** The longest wall-time gap a tick accepts, ms: a tab back from the background does not jump. */
const MAX_TICK_MS = 100;

export class PlaybackClock {
  /** Simulated time shown, ms. */
  t = 0;
  speed = 1;
  playing = false;

  constructor(
    /** Simulated end, ms. */
    readonly end: number,
  ) {}

  /** True once the end is shown. */
  get ended(): boolean {
    return this.t >= this.end;
  }

  /** Moves time on by `wallMs` of wall time at the current speed; stops at the end. */
  tick(wallMs: number): number {
    if (!this.playing) return this.t;
    this.t = Math.min(this.end, this.t + Math.min(Math.max(wallMs, 0), MAX_TICK_MS) * this.speed);
    if (this.ended) this.playing = false;
    return this.t;
  }

  play(): void {
    if (this.ended) this.t = 0;
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Jumps to `t`, clamped to the run. */
  seek(t: number): void {
    this.t = Math.min(this.end, Math.max(0, Number.isFinite(t) ? t : 0));
  }

  /** One step forward (+1) or back (-1); pauses, as a step is a look at one moment. */
  step(direction: 1 | -1): void {
    this.pause();
    this.seek(this.t + direction * STEP_MS);
  }

  /** Sets the speed, clamped to [MIN_SPEED, MAX_SPEED]. */
  setSpeed(speed: number): void {
    this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, Number.isFinite(speed) ? speed : 1));
  }

  /** The next slower (-1) or faster (+1) speed of `SPEEDS`. */
  nudgeSpeed(direction: 1 | -1): void {
    const i = SPEEDS.findIndex((s) => s >= this.speed - 1e-9);
    const next = Math.min(SPEEDS.length - 1, Math.max(0, (i < 0 ? SPEEDS.length - 1 : i) + direction));
    this.speed = SPEEDS[next];
  }
}
