import { Histogram } from '../engine';
import { OUTCOMES, outcomeOf } from '../report/outcome';
import type { SimulationObserver } from './observe/observer';

/**
 * What the page's live charts need of a slice of simulated time, warmup included: the answers by
 * outcome and their latency. An observer of the simulation's answers (`Simulation.observe`), so a
 * batch run, which registers none, pays one test per answer.
 */
export class FrameProbe implements SimulationObserver {
  readonly answered = new Int32Array(OUTCOMES.length);
  readonly latency = new Histogram();

  /** A request was answered at its client after `latency` ms. */
  requestAnswered(status: number, latency: number): void {
    this.answered[outcomeOf(status)]++;
    this.latency.record(latency);
  }

  /** Starts the next slice. */
  reset(): void {
    this.answered.fill(0);
    this.latency.reset();
  }
}
