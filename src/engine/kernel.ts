import { EventQueue } from './event-queue';

/** Events allowed at one simulated instant before the kernel decides time cannot move on. */
export const MAX_EVENTS_AT_ONE_TIME = 10_000_000;

/** Thrown when simulated time cannot advance: a cycle of events that all take zero time. */
export class StuckClockError extends Error {
  constructor(
    readonly time: number,
    limit: number = MAX_EVENTS_AT_ONE_TIME,
  ) {
    super(
      `simulated time is stuck at ${time} ms: more than ${limit} events at one instant; ` +
        'give think times, service times or network latency a value above zero',
    );
    this.name = 'StuckClockError';
  }
}

/** Receives each event the kernel pops. `kind`, `a` and `b` are whatever the scheduler passed. */
export interface EventHandler {
  handle(kind: number, a: number, b: number): void;
}

/**
 * The discrete-event kernel: a clock and a future-event list. Stepping is separate from driving:
 * `step()` runs one event, `runUntil(t)` runs every event up to and including time `t`, and whoever
 * owns the kernel (a worker, the CLI, a test) decides how far to go and how often.
 *
 * Time is a float in milliseconds of simulated time; events at equal times run in the order they
 * were scheduled, so a run is a pure function of its inputs.
 */
export class Kernel {
  /** Current simulated time, ms. */
  now = 0;
  /** Events run so far. */
  events = 0;
  private readonly queue: EventQueue;
  private handler: EventHandler | undefined;
  /** Events run in a row at `now`: kept across calls, so that a run stepped in bounded pieces still finds a stuck clock. */
  private sameTime = 0;

  /** `maxEventsAtOneTime`: events allowed at one instant before a `StuckClockError` (tests lower it). */
  constructor(
    initialCapacity = 1024,
    private readonly maxEventsAtOneTime = MAX_EVENTS_AT_ONE_TIME,
  ) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Sets who receives the events; the model does this once it is built. */
  setHandler(handler: EventHandler): void {
    this.handler = handler;
  }

  /** Schedules an event at absolute time `time` (not before now) and returns its handle. */
  at(time: number, kind: number, a = 0, b = 0): number {
    return this.queue.push(time < this.now ? this.now : time, kind, a, b);
  }

  /** Schedules an event `delay` ms from now and returns its handle. */
  after(delay: number, kind: number, a = 0, b = 0): number {
    // A negative delay (a draw below zero) must not move time backwards.
    return this.queue.push(delay > 0 ? this.now + delay : this.now, kind, a, b);
  }

  /** Cancels a scheduled event; false if it already ran or was cancelled. */
  cancel(handle: number): boolean {
    return this.queue.cancel(handle);
  }

  /** Pending events. */
  get pending(): number {
    return this.queue.size;
  }

  /** Time of the next event; Infinity when none is pending. */
  nextTime(): number {
    return this.queue.peekTime();
  }

  /** Runs the next event; false when none is pending. */
  step(): boolean {
    const q = this.queue;
    if (q.pop() < 0) return false;
    this.now = q.poppedTime;
    this.events++;
    this.handler!.handle(q.poppedKind, q.poppedA, q.poppedB);
    return true;
  }

  /**
   * Runs every event at or before `time`, then sets the clock to `time`. With `maxEvents`, runs at most
   * that many: true when it reached `time`, false when it stopped short (the clock then stays at the
   * last event run, and a later call goes on from there, the same run as one call would have made).
   */
  runUntil(time: number, maxEvents = Infinity): boolean {
    return this.run(time, true, maxEvents);
  }

  /** Runs every event strictly before `time`, then sets the clock to `time`: a run over [0, time). `maxEvents` as in `runUntil`. */
  runBefore(time: number, maxEvents = Infinity): boolean {
    return this.run(time, false, maxEvents);
  }

  private run(time: number, inclusive: boolean, maxEvents: number): boolean {
    const q = this.queue;
    const handler = this.handler!;
    let sameTime = this.sameTime;
    const maxSameTime = this.maxEventsAtOneTime;
    // Counted up from 0 rather than down from `maxEvents`: decrementing Infinity makes a new boxed
    // number at every event, where a small integer count allocates nothing.
    let ran = 0;
    // Inlined step(): this loop is the engine's hot path.
    while (q.size > 0 && (q.peekTime() < time || (inclusive && q.peekTime() === time))) {
      if (ran >= maxEvents) {
        this.sameTime = sameTime;
        return false;
      }
      ran++;
      q.pop();
      if (q.poppedTime === this.now) {
        // Zero-delay cycles (zero think, service and network time) would otherwise spin forever.
        if (++sameTime > maxSameTime) throw new StuckClockError(this.now, maxSameTime);
      } else sameTime = 0;
      this.now = q.poppedTime;
      this.events++;
      handler.handle(q.poppedKind, q.poppedA, q.poppedB);
    }
    if (time > this.now) {
      this.now = time;
      sameTime = 0;
    }
    this.sameTime = sameTime;
    return true;
  }
}
