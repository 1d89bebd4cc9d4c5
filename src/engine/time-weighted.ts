/**
 * The time-average of a piecewise-constant quantity, such as a queue length or busy workers.
 * Changes are reported with the time they happen at; the average covers [start, now], where `start`
 * is reset at the end of a warm-up so that early, unrepresentative time is left out.
 */
export class TimeWeighted {
  private current = 0;
  private lastTime = 0;
  private area = 0;
  private start = 0;

  /** The quantity's value now. */
  get value(): number {
    return this.current;
  }

  /** Changes the value by `delta` at time `now` (not before the last change). */
  add(now: number, delta: number): void {
    this.area += this.current * (now - this.lastTime);
    this.lastTime = now;
    this.current += delta;
  }

  /** Sets the value at time `now`. */
  set(now: number, value: number): void {
    this.add(now, value - this.current);
  }

  /** Starts the averaging window afresh at `now`, keeping the current value. */
  restart(now: number): void {
    this.area = 0;
    this.lastTime = now;
    this.start = now;
  }

  /** Time-average over [start, now]; the current value when no time has passed. */
  mean(now: number): number {
    const span = now - this.start;
    if (span <= 0) return this.current;
    return (this.area + this.current * (now - this.lastTime)) / span;
  }
}
