/**
 * Records a run's landmarks (the plain data of src/report/landmarks.ts) as they happen.
 */
import type {
  EjectionSource,
  BreakerLandmark,
  EjectionLandmark,
  FaultLandmark,
  Landmark,
} from '../report/landmarks';
import type { FaultSpec, Millis } from '../scenario/types';

/** How an instance came to be out; the simulation names it when it ejects one. */
export type { EjectionSource } from '../report/landmarks';

/**
 * A span that ends and begins again within this long is one span, ms. Only the same instant: a
 * return and a new ejection 150 ms later are two moments a lesson shows (the cap below bounds a
 * flapping breaker instead).
 */
export const TIMELINE_MERGE_GAP_MS = 0;
/** Spans one subject (a breaker pair, an instance) keeps; later ones extend the last one. */
export const TIMELINE_MAX_SPANS = 20;

type Writable<T> = { -readonly [K in keyof T]: T[K] };
type SpanLandmark = Writable<BreakerLandmark> | Writable<EjectionLandmark>;

/** One thing that can be out (a caller's breakers to a destination, an instance): its spans. */
interface Subject {
  /** Sidecars holding it open (or out) now. */
  held: number;
  readonly spans: SpanLandmark[];
}

/**
 * Records the landmarks of one run as they happen. Every call is on a rare event (a fault, a step,
 * a state change of a breaker or of an instance's health), so the strings and objects it makes cost
 * nothing on the hot path.
 *
 * Bounded by the scenario, not by the run's length: one span per fault, one entry per rate step and
 * per registry update a fault causes, and at most `TIMELINE_MAX_SPANS` spans per breaker pair or
 * instance (after that the last one goes on, counting).
 */
export class Timeline {
  private readonly entries: Writable<Landmark>[] = [];
  private readonly faults: (Writable<FaultLandmark> | undefined)[] = [];
  private readonly subjects = new Map<string, Subject>();

  /** Fault `index` (of the scenario's `faults`) started at `now`. */
  faultStarted(now: Millis, index: number, spec: FaultSpec): void {
    const entry: Writable<FaultLandmark> = {
      kind: 'fault',
      at: now,
      fault: index,
      type: spec.kind,
      target: spec.target,
    };
    if (spec.kind !== 'scale' && spec.kind !== 'flush' && spec.instance !== undefined)
      entry.instance = spec.instance;
    if (spec.kind === 'errors') entry.rate = spec.rate;
    if (spec.kind === 'scale') entry.instances = spec.instances;
    this.faults[index] = entry;
    this.entries.push(entry);
  }

  /** Fault `index` ended at `now`. */
  faultEnded(now: Millis, index: number): void {
    const entry = this.faults[index];
    if (entry) entry.until = now;
  }

  /** `client`'s arrival rate went from `previous` to `rate` per second at `now`. */
  rateStep(now: Millis, client: string, rate: number, previous: number): void {
    this.entries.push({ kind: 'rate', at: now, client, rate, previous });
  }

  /** A sidecar of `from` opened its breaker towards `to` at `now`, from closed. */
  breakerOpened(now: Millis, from: string, to: string): void {
    const span = this.begin(now, `breaker ${from} ${to}`, () => ({
      kind: 'breaker',
      at: now,
      from,
      to,
      opens: 1,
    }));
    if (span?.kind === 'breaker') span.opens++;
  }

  /** A breaker of `from` towards `to` failed its half-open trials and opened again. */
  breakerReopened(from: string, to: string): void {
    const span = this.subjects.get(`breaker ${from} ${to}`)?.spans.at(-1);
    if (span?.kind === 'breaker') span.opens++;
  }

  /** A breaker of `from` towards `to` closed at `now` after its half-open trials passed. */
  breakerClosed(now: Millis, from: string, to: string): void {
    this.end(now, `breaker ${from} ${to}`);
  }

  /** `by` of caller `from` took instance `instance` of `to` out at `now`. */
  ejected(now: Millis, from: string, to: string, instance: number, by: EjectionSource): void {
    const span = this.begin(now, `${by} ${from} ${to} ${instance}`, () => ({
      kind: 'ejection',
      at: now,
      from,
      to,
      instance,
      by,
      ejections: 1,
    }));
    if (span?.kind === 'ejection') span.ejections++;
  }

  /** An instance out again without having come back (a failed probe): one more ejection in its span. */
  ejectedAgain(from: string, to: string, instance: number, by: EjectionSource): void {
    const span = this.subjects.get(`${by} ${from} ${to} ${instance}`)?.spans.at(-1);
    if (span?.kind === 'ejection') span.ejections++;
  }

  /** The instance `by` took out came back at `now`. */
  returned(now: Millis, from: string, to: string, instance: number, by: EjectionSource): void {
    this.end(now, `${by} ${from} ${to} ${instance}`);
  }

  /** The registry learnt at `now` that `instance` of `service` is up (or down). */
  discovery(now: Millis, service: string, instance: number, up: boolean): void {
    this.entries.push({ kind: 'discovery', at: now, service, instance, up });
  }

  /** The landmarks so far, in the order they began, times rounded to 0.1 us; a copy. */
  landmarks(): Landmark[] {
    return this.entries.map((entry) => {
      const copy = { ...entry, at: round(entry.at) };
      if (entry.kind !== 'rate' && entry.kind !== 'discovery' && entry.until !== undefined)
        (copy as Writable<FaultLandmark>).until = round(entry.until);
      return copy;
    });
  }

  /**
   * One more sidecar holds `key` at `now`. The first starts a span (made by `make`), unless the
   * subject's last span ended within the merge gap or it has all its spans: then that span goes on,
   * and is returned for its count to go up. A later sidecar joining an open span returns it too.
   */
  private begin(now: Millis, key: string, make: () => SpanLandmark): SpanLandmark | undefined {
    let subject = this.subjects.get(key);
    if (!subject) {
      subject = { held: 0, spans: [] };
      this.subjects.set(key, subject);
    }
    subject.held++;
    const last = subject.spans.at(-1);
    if (last && (subject.held > 1 || last.until === undefined)) return last;
    if (last && (now - last.until! <= TIMELINE_MERGE_GAP_MS || subject.spans.length >= TIMELINE_MAX_SPANS)) {
      delete last.until;
      return last;
    }
    const span = make();
    subject.spans.push(span);
    this.entries.push(span);
    return undefined;
  }

  /** One sidecar less holds `key` at `now`; the last one to let go ends the span. */
  private end(now: Millis, key: string): void {
    const subject = this.subjects.get(key);
    if (!subject || subject.held === 0) return;
    subject.held--;
    const last = subject.spans.at(-1);
    if (subject.held === 0 && last) last.until = now;
  }
}

/** Rounds to 4 decimals, as the rest of the report. */
function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
