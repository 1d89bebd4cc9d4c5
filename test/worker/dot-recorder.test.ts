import { describe, expect, it } from 'vitest';
import { causeText } from '../../src/model/causes';
import { CAUSE_BREAKER_OPEN, CAUSE_OVERFLOW } from '../../src/model/constants';
import type { Span, Trace } from '../../src/model/trace';
import { DotRecorder } from '../../src/worker/dot-recorder';
import { OUTCOME_5XX, OUTCOME_OK, REFUSED_BY_CALLEE, REFUSED_BY_CALLER } from '../../src/worker/frames';

const nodes = new Map([
  ['web', 0],
  ['edge', 1],
  ['shop', 2],
]);

function call(
  id: number,
  from: string,
  to: string,
  start: number,
  end: number,
  status: number,
  notes: string[] = [],
): Span {
  return {
    id,
    parent: 0,
    kind: 'call',
    name: `${from} -> ${to}`,
    instance: 0,
    start,
    end,
    status,
    queued: 0,
    notes,
    from,
    to,
  };
}

function trace(id: string, spans: Span[]): Trace {
  return { id, client: 'web', method: 'GET', path: '/', start: 0, end: NaN, status: 0, spans };
}

describe('DotRecorder', () => {
  it('hands out each closed try once, in the frame its answer came back in, with its trace named once', () => {
    const recorder = new DotRecorder(nodes);
    const first = trace('web#1', []);
    const second = trace('web#2', []);
    const tries = [
      [first, call(1, 'web', 'edge', 0, 40, 200)],
      [first, call(2, 'edge', 'shop', 5, 30, 200)],
      [second, call(1, 'web', 'edge', 10, 50, 200)],
      // Closed at the frame's end: it belongs to the next frame, [50, 100).
      [second, call(2, 'edge', 'shop', 12, 50, 503, ['retry 1', causeText(CAUSE_OVERFLOW)!])],
      [second, call(3, 'edge', 'shop', 60, 61, 503, [causeText(CAUSE_BREAKER_OPEN)!])],
    ] as const;
    // The tracer closes them in time order.
    const closing = [...tries].sort((a, b) => a[1].end - b[1].end);
    for (const [t, span] of closing) {
      t.spans.push(span);
      recorder.tracedTryEnded(t, span);
    }
    const a = recorder.take(50);
    expect(a.dots.count).toBe(2);
    expect(Array.from(a.dots.back)).toEqual([30, 40]);
    expect(a.traceIds).toEqual(['web#1']);
    expect(Array.from(a.dots.trace)).toEqual([0, 0]);
    expect(Array.from(a.dots.from)).toEqual([1, 0]);
    expect(Array.from(a.dots.to)).toEqual([2, 1]);
    expect(Array.from(a.dots.outcome)).toEqual([OUTCOME_OK, OUTCOME_OK]);
    const b = recorder.take(100);
    expect(Array.from(b.dots.back)).toEqual([50, 50, 61]);
    expect(b.traceIds).toEqual(['web#2']);
    expect(Array.from(b.dots.retry)).toEqual([0, 1, 0]);
    expect(Array.from(b.dots.outcome)).toEqual([OUTCOME_OK, OUTCOME_5XX, OUTCOME_5XX]);
    // A full queue refused it at the callee; an open breaker in the caller's sidecar kept it home.
    expect(Array.from(b.dots.refusedBy!)).toEqual([REFUSED_BY_CALLEE, REFUSED_BY_CALLEE, REFUSED_BY_CALLER]);
    expect(recorder.take(200).dots.count).toBe(0);
  });

  it('a try that waited out a backoff leaves when it ends, and reaches its callee when the work begins', () => {
    const recorder = new DotRecorder(nodes);
    const t = trace('web#1', []);
    const attempt = call(1, 'edge', 'shop', 100, 180, 200, ['retry 1']);
    const backoff: Span = {
      id: 2,
      parent: 1,
      kind: 'backoff',
      name: 'edge backoff',
      instance: -1,
      start: 100,
      end: 120,
      status: 0,
      queued: 0,
      notes: [],
    };
    const work: Span = {
      id: 3,
      parent: 1,
      kind: 'work',
      name: 'shop',
      instance: 0,
      start: 125,
      end: 175,
      status: 200,
      queued: 0,
      notes: [],
    };
    t.spans.push({ ...attempt, id: 0, kind: 'request', parent: -1 }, attempt, backoff, work);
    recorder.tracedTryEnded(t, attempt);
    const { dots } = recorder.take(200);
    expect([dots.leave[0], dots.depart[0], dots.arrive[0], dots.back[0]]).toEqual([100, 120, 125, 180]);
  });
});
