/**
 * What the diagram shows of an instance in a frame, as pure functions of the frame's columns, so that
 * the SVG code only copies numbers into attributes and the rules are tested without a page.
 */
import type { FrameData } from '../../worker/frames';

/** Calls waiting at which the queue bar of an instance with an unlimited queue is full (log scale). */
export const UNLIMITED_QUEUE_FULL = 1000;

/** Share of an instance's workers that are busy, 0 to 1; 0 when it has none. */
export function busyShare(busy: number, concurrency: number): number {
  if (concurrency <= 0 || busy <= 0) return 0;
  return busy >= concurrency ? 1 : busy / concurrency;
}

/**
 * How full the queue bar is, 0 to 1: `queued / queueLimit`; for an unlimited queue (`queueLimit < 0`)
 * a log scale, `log(1 + queued) / log(1 + UNLIMITED_QUEUE_FULL)`, so that 5 and 500 waiting both show.
 */
export function queueShare(queued: number, queueLimit: number): number {
  if (queued <= 0) return 0;
  const share =
    queueLimit < 0
      ? Math.log1p(queued) / Math.log1p(UNLIMITED_QUEUE_FULL)
      : queueLimit === 0
        ? 1
        : queued / queueLimit;
  return share >= 1 ? 1 : share;
}

/**
 * An instance's state: `down` (crashed, scaled away or not yet started), `ejected` (running, but a
 * sidecar has taken it out of its balancing: outlier detection or failure accrual), `unregistered`
 * (running but not in the registry, so meshed callers do not send to it yet), or `up`. Down wins
 * over ejected, and ejected over unregistered: each says more about where calls go.
 */
export type InstanceState = 'up' | 'down' | 'ejected' | 'unregistered';

/** The state of an instance from its frame columns `up`, `known` and `ejected` (0 or 1; `ejected` defaults to 0). */
export function instanceState(up: number, known: number, ejected = 0): InstanceState {
  if (up === 0) return 'down';
  if (ejected !== 0) return 'ejected';
  return known === 0 ? 'unregistered' : 'up';
}

/**
 * How many of a node's running instances are ejected, `1 of 3 ejected`, or '' when none is. Counts
 * only instances that are up (a down instance shows as down), over the instances that are up.
 */
export function ejectedNote(frame: FrameData, slot: number, instances: number): string {
  let up = 0;
  let ejected = 0;
  for (let i = slot; i < slot + instances; i++) {
    if (frame.up[i] === 0) continue;
    up++;
    if (frame.ejected[i] !== 0) ejected++;
  }
  return ejected === 0 ? '' : `${ejected} of ${up} ejected`;
}

/**
 * The line of figures under a box: calls waiting over all its instances and the share of the running
 * instances' workers that are busy, `queue 7 · busy 71%` (`queue 0 · all down` when none runs; the
 * cells show which are down).
 */
export function nodeStats(frame: FrameData, slot: number, instances: number, concurrency: number): string {
  let queued = 0;
  let busy = 0;
  let up = 0;
  for (let i = slot; i < slot + instances; i++) {
    queued += frame.queued[i];
    busy += frame.busy[i];
    up += frame.up[i] === 0 ? 0 : 1;
  }
  if (up === 0) return `queue ${queued} · all down`;
  const workers = up * concurrency;
  const percent = workers > 0 ? Math.round((100 * busy) / workers) : 0;
  return `queue ${queued} · busy ${percent}%`;
}
