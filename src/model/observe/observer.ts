/**
 * What a simulation tells whoever watches it run: the page's live figures, its per-edge window and
 * its dots are observers, registered with `Simulation.observe`, never hooks set on the model's parts.
 * A batch run registers none and pays one length test per notification site. The request metrics
 * and the tracer, which every run keeps, are not registered here: the simulation tells them
 * directly (`run-observers.ts`).
 */
import type { Span, Trace } from '../trace';

/**
 * One watcher of a run. Every method is optional: an observer is only told what it listens to, so
 * a run with one observer of answers does not walk a list at each try. Notifications cover the
 * whole run, warmup included (the report's measured period is the report's business).
 */
export interface SimulationObserver {
  /** A request was answered at its client with `status`, `latencyMs` after it was first sent. */
  requestAnswered?(status: number, latencyMs: number): void;
  /** A try left its caller on edge `edge` (index into the run's edge list, `SimulationView.layout.edges`). */
  tryStarted?(edge: number): void;
  /**
   * A try on edge `edge` ended `latencyMs` after it left its caller: an error (5xx, reset, timeout),
   * a client error (4xx) or neither; `reached` is false when the caller's side answered it itself.
   */
  tryEnded?(edge: number, error: boolean, clientError: boolean, reached: boolean, latencyMs: number): void;
  /** A traced try's call span was closed, its answer known (a sampled request's try; see `Tracer`). */
  tracedTryEnded?(trace: Trace, call: Span): void;
}

/**
 * The observers of one simulation, one list per notification, so that each notification site tests
 * one array's length and calls the few that listen: the call sites stay monomorphic (always this
 * class) and allocate nothing.
 */
export class ObserverHub {
  readonly answers: SimulationObserver[] = [];
  readonly starts: SimulationObserver[] = [];
  readonly ends: SimulationObserver[] = [];
  readonly traced: SimulationObserver[] = [];

  /** Registers `observer` for the notifications it has methods for; the function returned removes it. */
  add(observer: SimulationObserver): () => void {
    const lists = [
      observer.requestAnswered && this.answers,
      observer.tryStarted && this.starts,
      observer.tryEnded && this.ends,
      observer.tracedTryEnded && this.traced,
    ].filter((list): list is SimulationObserver[] => Boolean(list));
    for (const list of lists) list.push(observer);
    return () => {
      for (const list of lists) {
        const at = list.indexOf(observer);
        if (at >= 0) list.splice(at, 1);
      }
    };
  }

  requestAnswered(status: number, latencyMs: number): void {
    const list = this.answers;
    for (let i = 0; i < list.length; i++) list[i].requestAnswered!(status, latencyMs);
  }

  tryStarted(edge: number): void {
    const list = this.starts;
    for (let i = 0; i < list.length; i++) list[i].tryStarted!(edge);
  }

  tryEnded(edge: number, error: boolean, clientError: boolean, reached: boolean, latencyMs: number): void {
    const list = this.ends;
    for (let i = 0; i < list.length; i++) list[i].tryEnded!(edge, error, clientError, reached, latencyMs);
  }

  tracedTryEnded(trace: Trace, call: Span): void {
    const list = this.traced;
    for (let i = 0; i < list.length; i++) list[i].tracedTryEnded!(trace, call);
  }
}
