/**
 * Waiting for the browser to paint what the page has just written: a run's answer draws its key
 * figures first, waits for them to be on screen, and only then rebuilds the diagram and the charts,
 * so that the reader sees the new numbers a frame sooner and no single task does all of it.
 */

/** Longest wait for a frame, ms: a hidden page paints none, and must not wait for one. */
export const NO_FRAME_WAIT_MS = 100;

/**
 * Resolves in the first task after the next frame has been painted (an animation frame, then a task
 * after it: animation-frame callbacks run before the paint of their frame), or after
 * {@link NO_FRAME_WAIT_MS} when no frame comes (a hidden page).
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(fallback);
      resolve();
    };
    const fallback = setTimeout(finish, NO_FRAME_WAIT_MS);
    requestAnimationFrame(() => {
      // A message is a task of its own that is not held back like a 0 ms timer may be.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        finish();
      };
      channel.port2.postMessage(undefined);
    });
  });
}

/**
 * Calls `callback` once the page's thread is idle (at most `timeoutMs` later), or after a short
 * timer where the browser cannot tell idle time: for work the reader does not see yet.
 */
export function whenIdle(callback: () => void, timeoutMs: number): void {
  if (typeof requestIdleCallback === 'function')
    requestIdleCallback(() => callback(), { timeout: timeoutMs });
  else setTimeout(callback, Math.min(timeoutMs, NO_FRAME_WAIT_MS));
}
