import { describe, expect, it } from 'vitest';
import { Kernel, MAX_EVENTS_AT_ONE_TIME, StuckClockError, type EventHandler } from '../../src/engine/kernel';

/** Records every event as [now, kind, a, b], and lets a test react to an event kind. */
class Recorder implements EventHandler {
  readonly log: [number, number, number, number][] = [];
  constructor(
    private readonly kernel: Kernel,
    private readonly react: (kind: number, a: number, b: number) => void = () => {},
  ) {
    kernel.setHandler(this);
  }

  handle(kind: number, a: number, b: number): void {
    this.log.push([this.kernel.now, kind, a, b]);
    this.react(kind, a, b);
  }
}

describe('Kernel', () => {
  it('Kernel.runUntil runs events at exactly t, leaves later ones and sets now to t', () => {
    const k = new Kernel();
    const r = new Recorder(k);
    k.at(5, 1);
    k.at(10, 2);
    k.at(10.000001, 3);
    k.at(20, 4);
    k.runUntil(10);
    expect(r.log).toEqual([
      [5, 1, 0, 0],
      [10, 2, 0, 0],
    ]);
    expect(k.now).toBe(10);
    expect(k.pending).toBe(2);
    expect(k.nextTime()).toBe(10.000001);
    k.runUntil(15);
    expect(k.now).toBe(15);
    expect(r.log.map((e) => e[1])).toEqual([1, 2, 3]);
  });

  it('Kernel.runUntil with no events due still advances the clock, and never moves it back', () => {
    const k = new Kernel();
    new Recorder(k);
    k.runUntil(100);
    expect(k.now).toBe(100);
    k.runUntil(50);
    expect(k.now).toBe(100);
    expect(k.events).toBe(0);
  });

  it('Kernel.runUntil runs an event scheduled by a handler at the same time after those already queued', () => {
    const k = new Kernel();
    const r = new Recorder(k, (kind) => {
      if (kind === 1) {
        k.at(k.now, 10); // same time, via at()
        k.after(0, 11); // same time, via after()
        k.after(1, 12); // past the horizon: must wait
      }
    });
    k.at(10, 1);
    k.at(10, 2);
    k.at(10, 3);
    k.runUntil(10);
    expect(r.log).toEqual([
      [10, 1, 0, 0],
      [10, 2, 0, 0],
      [10, 3, 0, 0],
      [10, 10, 0, 0],
      [10, 11, 0, 0],
    ]);
    expect(k.pending).toBe(1);
    expect(k.nextTime()).toBe(11);
  });

  it('Kernel.step runs one event, sets now to its time and returns false when none is pending', () => {
    const k = new Kernel();
    const r = new Recorder(k);
    k.at(7, 1, 3, 4);
    k.at(3, 2, 5, 6);
    expect(k.step()).toBe(true);
    expect(k.now).toBe(3);
    expect(r.log).toEqual([[3, 2, 5, 6]]);
    expect(k.step()).toBe(true);
    expect(k.now).toBe(7);
    expect(k.step()).toBe(false);
    expect(k.now).toBe(7);
    expect(k.events).toBe(2);
  });

  it('Kernel.events counts events run by step and runUntil, not cancelled ones', () => {
    const k = new Kernel();
    new Recorder(k);
    for (let i = 0; i < 10; i++) k.at(i, 0);
    const h = k.at(4.5, 0);
    k.cancel(h);
    k.step();
    k.step();
    expect(k.events).toBe(2);
    k.runUntil(100);
    expect(k.events).toBe(10);
  });

  it('Kernel.at in the past clamps to now; Kernel.after schedules relative to now', () => {
    const k = new Kernel();
    const r = new Recorder(k);
    k.runUntil(100);
    k.at(50, 1);
    expect(k.nextTime()).toBe(100);
    k.after(2.5, 2);
    k.runUntil(200);
    expect(r.log).toEqual([
      [100, 1, 0, 0],
      [102.5, 2, 0, 0],
    ]);
  });

  it('Kernel.cancel stops a scheduled event and returns false once it has run or was cancelled', () => {
    const k = new Kernel();
    const r = new Recorder(k);
    const timeout = k.at(10, 1);
    const reply = k.at(5, 2);
    expect(k.cancel(timeout)).toBe(true);
    expect(k.cancel(timeout)).toBe(false);
    expect(k.pending).toBe(1);
    k.runUntil(20);
    expect(r.log).toEqual([[5, 2, 0, 0]]);
    expect(k.cancel(reply)).toBe(false);
  });

  it('Kernel.runBefore runs events strictly before t and sets now to t; the event at t runs next', () => {
    const k = new Kernel();
    const r = new Recorder(k);
    k.at(5, 1);
    k.at(10, 2);
    k.runBefore(10);
    expect(r.log).toEqual([[5, 1, 0, 0]]);
    expect(k.now).toBe(10);
    expect(k.pending).toBe(1);
    // Consecutive windows [0, 10), [10, 20) see each event once.
    k.runBefore(20);
    expect(r.log).toEqual([
      [5, 1, 0, 0],
      [10, 2, 0, 0],
    ]);
  });

  it('Kernel.runUntil throws StuckClockError when a zero-delay cycle keeps time from moving', () => {
    const k = new Kernel();
    // Each event schedules the next at once; nothing is recorded, as the guard lets ten million pass.
    k.setHandler({ handle: () => k.after(0, 1) });
    k.at(3, 1);
    let error: unknown;
    try {
      k.runUntil(100);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StuckClockError);
    expect((error as StuckClockError).time).toBe(3);
    expect((error as StuckClockError).message).toContain('stuck at 3 ms');
    // The first event at 3 ms moved the clock; the guard allows MAX_EVENTS_AT_ONE_TIME more.
    expect(k.events).toBe(MAX_EVENTS_AT_ONE_TIME + 1);
    expect(k.now).toBe(3);
  });

  it('Kernel.runUntil with maxEvents stops short and says so; calls that go on give the same events as one call', () => {
    const schedule = (k: Kernel) => {
      for (let t = 1; t <= 10; t++) k.at(t, t % 3, t);
    };
    const whole = new Kernel();
    const wholeLog = new Recorder(whole).log;
    schedule(whole);
    expect(whole.runUntil(8)).toBe(true);
    const stepped = new Kernel();
    const steppedLog = new Recorder(stepped).log;
    schedule(stepped);
    expect(stepped.runUntil(8, 3)).toBe(false);
    expect(steppedLog).toHaveLength(3);
    // Stopped short, the clock stays at the last event run rather than jumping to 8.
    expect(stepped.now).toBe(3);
    expect(stepped.runUntil(8, 3)).toBe(false);
    expect(stepped.runUntil(8, 3)).toBe(true);
    expect(steppedLog).toEqual(wholeLog);
    expect(stepped.now).toBe(8);
    expect(stepped.runBefore(10, 5)).toBe(true);
    expect(stepped.now).toBe(10);
    expect(stepped.pending).toBe(1);
  });

  it('Kernel.runUntil finds a stuck clock when a zero-delay cycle is stepped in small pieces', () => {
    const k = new Kernel(16, 1000);
    new Recorder(k, () => k.after(0, 1));
    k.at(3, 1);
    // Each call runs 100 events; the count of events at one instant carries over between calls.
    expect(() => {
      for (let call = 0; call < 20; call++) k.runUntil(100, 100);
    }).toThrow(StuckClockError);
    expect(k.events).toBe(1001);
  });

  it('Kernel.nextTime is Infinity when no event is pending', () => {
    const k = new Kernel();
    expect(k.nextTime()).toBe(Infinity);
    expect(k.pending).toBe(0);
  });
});
