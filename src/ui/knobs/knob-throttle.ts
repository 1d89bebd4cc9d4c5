/**
 * A throttle for one slider: at most one delivery per interval while the user drags, the first value
 * at once and the last one always, so the page re-runs at a steady pace and ends on what the user
 * let go at. The timer is passed in; tests drive a fake one.
 */

/** The clock and timeouts the throttle uses: the page's, or a test's. */
export interface ThrottleTimer {
  /** A monotonic time, ms. */
  now(): number;
  /** Calls `callback` once after `ms`; returns a handle for `clear`. */
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The page's timer: `performance.now()` and `setTimeout`. */
export const PAGE_TIMER: ThrottleTimer = {
  now: () => performance.now(),
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Values pushed to a throttle, delivered at a bounded rate. */
export interface Throttle<T> {
  /** Offers a value: delivered at once when the interval since the last delivery has passed, else
   * held (replacing any held value) and delivered when it has. */
  push(value: T): void;
  /** Drops a held value and its timer (the slider is gone). */
  cancel(): void;
}

/**
 * A throttle delivering to `deliver` at most once every `intervalMs` (default 150 ms): leading (a
 * first value goes at once) and trailing (the last value pushed is always delivered).
 */
export function createThrottle<T>(
  deliver: (value: T) => void,
  intervalMs = 150,
  timer: ThrottleTimer = PAGE_TIMER,
): Throttle<T> {
  let last = -Infinity;
  let handle: unknown = null;
  let held: { value: T } | null = null;

  const send = (value: T): void => {
    last = timer.now();
    deliver(value);
  };
  const fire = (): void => {
    handle = null;
    if (held === null) return;
    const { value } = held;
    held = null;
    send(value);
  };

  return {
    push(value) {
      const wait = last + intervalMs - timer.now();
      if (handle === null && wait <= 0) {
        send(value);
        return;
      }
      held = { value };
      if (handle === null) handle = timer.set(fire, wait);
    },
    cancel() {
      if (handle !== null) timer.clear(handle);
      handle = null;
      held = null;
    },
  };
}
