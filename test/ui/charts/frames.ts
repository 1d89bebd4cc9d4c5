/** Builds `FrameData` for the chart tests: only the fields the charts read carry values. */
import type { FrameData } from '../../../src/worker/frames';
import { emptyEdgeFrame } from '../../../src/worker/edge-window';

export interface FrameSpec {
  readonly variant?: number;
  readonly from: number;
  readonly to: number;
  /** Answered by outcome: ok, 4xx, 429, 5xx, timeout. */
  readonly answered?: readonly number[];
  /** p50, p90, p99, ms. */
  readonly latency?: readonly number[];
  readonly attempts?: number;
  readonly retries?: number;
}

const noDots = {
  count: 0,
  from: new Int32Array(0),
  to: new Int32Array(0),
  leave: new Float64Array(0),
  depart: new Float64Array(0),
  arrive: new Float64Array(0),
  back: new Float64Array(0),
  outcome: new Uint8Array(0),
  retry: new Uint8Array(0),
  trace: new Int32Array(0),
};

export function frame(spec: FrameSpec): FrameData {
  return {
    variant: spec.variant ?? 0,
    from: spec.from,
    to: spec.to,
    busy: new Int32Array(0),
    queued: new Int32Array(0),
    up: new Uint8Array(0),
    known: new Uint8Array(0),
    answered: Int32Array.from(spec.answered ?? [0, 0, 0, 0, 0]),
    latency: Float64Array.from(spec.latency ?? [NaN, NaN, NaN]),
    attempts: spec.attempts ?? 0,
    retries: spec.retries ?? 0,
    ejected: new Uint8Array(0),
    breaker: new Uint8Array(0),
    notes: [],
    figures: new Float64Array(0),
    edges: emptyEdgeFrame(0, spec.from),
    dots: noDots,
    traceIds: [],
  };
}
