/**
 * The hold model, the classic workload for future-event lists: keep `pending` events scheduled; each
 * step pops the earliest one and schedules a new one an exponential gap after it, so the queue's size
 * stays constant while its times move forward as a simulation's do. One step is one event: one pop and
 * one push. The uniform draws come from the same seeded generator the engine uses (Alea), so that the
 * bare heap and the engine's queue pay for the same randomness.
 */
import { EventQueue, RandomStreams } from '../src/engine';
import { BareHeap } from './bare-heap';

export interface HoldWorkload {
  /** Events kept pending. */
  readonly pending: number;
  /** Pop-push steps to run. */
  readonly events: number;
  /** Mean gap between an event and the one it schedules, ms. */
  readonly meanGap: number;
  readonly seed: number;
}

/** Runs the hold model on the bare heap; returns the last time popped (so the work cannot be skipped). */
export function holdBareHeap(w: HoldWorkload): number {
  const random = new RandomStreams(w.seed).stream('hold');
  const heap = new BareHeap(w.pending);
  const mean = w.meanGap;
  for (let i = 0; i < w.pending; i++) heap.push(-mean * Math.log(1 - random()));
  let now = 0;
  for (let i = 0; i < w.events; i++) {
    now = heap.pop();
    heap.push(now - mean * Math.log(1 - random()));
  }
  return now;
}

/** Runs the hold model on the engine's `EventQueue` (sequence keys, handles, payload). */
export function holdEventQueue(w: HoldWorkload): number {
  const random = new RandomStreams(w.seed).stream('hold');
  const queue = new EventQueue(w.pending);
  const mean = w.meanGap;
  for (let i = 0; i < w.pending; i++) queue.push(-mean * Math.log(1 - random()), 0, i, 0);
  let now = 0;
  for (let i = 0; i < w.events; i++) {
    queue.pop();
    now = queue.poppedTime;
    queue.push(now - mean * Math.log(1 - random()), queue.poppedKind, queue.poppedA, queue.poppedB);
  }
  return now;
}
