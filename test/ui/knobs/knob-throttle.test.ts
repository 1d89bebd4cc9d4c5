import { describe, expect, test } from 'vitest';
import { createThrottle, type ThrottleTimer } from '../../../src/ui/knobs/knob-throttle';

/** A timer moved by hand: `advance(ms)` runs the callbacks that fall due, in time order. */
class FakeTimer implements ThrottleTimer {
  t = 0;
  private pending: { at: number; callback: () => void; handle: number }[] = [];
  private handles = 0;

  now(): number {
    return this.t;
  }
  set(callback: () => void, ms: number): unknown {
    const handle = ++this.handles;
    this.pending.push({ at: this.t + ms, callback, handle });
    return handle;
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.t = due.at;
      due.callback();
    }
    this.t = end;
  }
  get waiting(): number {
    return this.pending.length;
  }
}

/** A throttle on a fake timer, logging `[time, value]` per delivery. */
function setup(intervalMs = 150) {
  const timer = new FakeTimer();
  const log: [number, number][] = [];
  const throttle = createThrottle<number>((v) => log.push([timer.t, v]), intervalMs, timer);
  return { timer, log, throttle };
}

describe('createThrottle', () => {
  test('the first value goes at once; a drag delivers at most once per 150 ms and ends on its last value', () => {
    const { timer, log, throttle } = setup();
    // A drag: a value every 16 ms (one per frame) for 400 ms.
    for (let i = 0; i <= 25; i++) {
      throttle.push(i);
      timer.advance(16);
    }
    timer.advance(1000);
    expect(log).toEqual([
      [0, 0],
      [150, 9],
      [300, 18],
      [450, 25],
    ]);
  });

  test('a value after a quiet interval goes at once', () => {
    const { timer, log, throttle } = setup();
    throttle.push(1);
    timer.advance(200);
    throttle.push(2);
    expect(log).toEqual([
      [0, 1],
      [200, 2],
    ]);
    expect(timer.waiting).toBe(0);
  });

  test('within the interval only the last value held is delivered, once', () => {
    const { timer, log, throttle } = setup();
    throttle.push(1);
    timer.advance(10);
    throttle.push(2);
    throttle.push(3);
    expect(timer.waiting).toBe(1);
    timer.advance(500);
    expect(log).toEqual([
      [0, 1],
      [150, 3],
    ]);
  });

  test('cancel drops the held value', () => {
    const { timer, log, throttle } = setup();
    throttle.push(1);
    throttle.push(2);
    throttle.cancel();
    timer.advance(500);
    expect(log).toEqual([[0, 1]]);
    expect(timer.waiting).toBe(0);
  });

  test('the interval is an option', () => {
    const { timer, log, throttle } = setup(40);
    throttle.push(1);
    throttle.push(2);
    timer.advance(40);
    expect(log).toEqual([
      [0, 1],
      [40, 2],
    ]);
  });
});
