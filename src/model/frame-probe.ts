import { Histogram } from '../engine';
import { OUTCOMES, outcomeOf } from '../report/outcome';

/**
 * What the page's live charts need of a slice of simulated time, warmup included: the answers by
 * outcome and their latency. The simulation records into it only when one is attached (playback),
 * so a batch run pays one test per answer.
 */
export class FrameProbe {
  readonly answered = new Int32Array(OUTCOMES.length);
  readonly latency = new Histogram();

  /** A request was answered at its client after `latency` ms. */
  record(status: number, latency: number): void {
    this.answered[outcomeOf(status)]++;
    this.latency.record(latency);
  }

  /** Starts the next slice. */
  reset(): void {
    this.answered.fill(0);
    this.latency.reset();
  }
}
