import { describe, expect, test } from 'vitest';
import {
  barPlacement,
  barText,
  noteParts,
  notesUnfoldedAtFirst,
  spanLabel,
  waterfallHeader,
  waterfallRows,
  type WaterfallRow,
} from '../../../src/ui/trace/waterfall-model';
import { openTrace, retriedTrace, span, traceOf } from './fixtures';

/** The columns a test reads at a glance. */
const brief = (r: WaterfallRow) => [
  r.id,
  r.depth,
  r.label,
  r.start,
  r.end,
  r.queuedEnd,
  r.statusText,
  r.critical,
];

describe('waterfallRows(trace)', () => {
  test('a 429, a resend, a timed-out try still worked on, a backoff and the retry: rows in tree order', () => {
    expect(waterfallRows(retriedTrace).map(brief)).toEqual([
      [0, 0, 'web: GET /api/orders', 0, 300, 0, '200', true],
      [1, 1, 'web -> edge', 0, 10, 0, '429 throttled', true],
      [2, 2, 'edge #0', 1, 9, 1.5, '429 throttled', true],
      [3, 1, 'web -> edge', 110, 300, 110, '200', true],
      [4, 2, 'edge #1', 111, 299, 111, '200', true],
      [5, 3, 'edge -> orders sidecar', 112, 200, 112, '504 timed out', true],
      [6, 4, 'orders sidecar #0', 113, 250, 113, '200', false],
      [7, 5, 'orders sidecar -> orders', 113.5, 250, 113.5, '200', false],
      [8, 6, 'orders #0', 113.5, 249.5, 133.5, '200', false],
      [9, 3, 'edge -> orders sidecar', 200, 299, 200, '200', true],
      [10, 4, 'backoff 12.5 ms', 200, 212.5, 200, '', true],
      [11, 4, 'orders sidecar #1', 213, 298, 213, '200', true],
      [12, 5, 'orders sidecar -> orders', 213.5, 297.5, 213.5, '200', true],
      [13, 6, 'orders #1', 213.5, 297, 213.5, '200', true],
    ]);
  });

  test('outcome classes, parents, child counts and notes', () => {
    const rows = waterfallRows(retriedTrace);
    expect(rows.map((r) => r.outcome)).toEqual([
      'ok',
      '429',
      '429',
      'ok',
      'ok',
      'timeout',
      'ok',
      'ok',
      'ok',
      'ok',
      null,
      'ok',
      'ok',
      'ok',
    ]);
    expect(rows.map((r) => r.parent)).toEqual([-1, 0, 1, 0, 3, 4, 5, 6, 7, 4, 9, 9, 11, 12]);
    expect(rows.map((r) => r.children)).toEqual([2, 1, 0, 1, 2, 1, 1, 1, 0, 2, 0, 1, 1, 0]);
    expect(rows[9].notes).toEqual(['retry 1']);
    expect(rows[5].notes).toEqual(['per-try timeout']);
    expect(rows[2].notes[2]).toBe(
      'rate-limiting: 429, RateLimit-Limit: 10, RateLimit-Remaining: 0, RateLimit-Reset: 1, Retry-After: 0.1',
    );
  });

  test('the abandoned try: its sidecar outlives the call it answers and is off the critical path', () => {
    const rows = waterfallRows(retriedTrace);
    expect(rows.filter((r) => r.outlivesParent).map((r) => r.id)).toEqual([6]);
    expect(rows.filter((r) => !r.critical).map((r) => r.id)).toEqual([6, 7, 8]);
    expect(rows.every((r) => !r.open)).toBe(true);
  });

  test('rows are copies: changing one leaves the trace alone', () => {
    const rows = waterfallRows(retriedTrace);
    (rows[9].notes as string[]).push('changed');
    expect(retriedTrace.spans[9].notes).toEqual(['retry 1']);
  });

  test('open spans run to the latest time the trace knows of and have no outcome', () => {
    const rows = waterfallRows(openTrace);
    expect(rows.map(brief)).toEqual([
      [0, 0, 'web: POST /api/orders', 0, 10, 0, 'open', true],
      [1, 1, 'web -> edge', 0, 10, 0, 'open', true],
      [2, 2, 'edge #0', 0.5, 10, 0.5, 'open', true],
      [3, 3, 'edge -> orders', 1, 10, 1, 'open', true],
      [4, 4, 'orders #1', 1.5, 10, 4.5, 'open', true],
      [5, 5, 'orders -> db', 5, 10, 5, '200', true],
      [6, 6, 'db #0', 5.25, 9.75, 5.25, '200', true],
    ]);
    expect(rows.map((r) => r.open)).toEqual([true, true, true, true, true, false, false]);
    expect(rows.map((r) => r.outcome)).toEqual([null, null, null, null, null, 'ok', 'ok']);
    expect(rows.some((r) => r.outlivesParent)).toBe(false);
  });

  test('open spans run to the time the trace was taken, when that is later', () => {
    const rows = waterfallRows(openTrace, 2020);
    expect(rows.map((r) => r.end)).toEqual([20, 20, 20, 20, 20, 10, 9.75]);
    expect(waterfallRows(openTrace, 2005).map((r) => r.end)).toEqual([10, 10, 10, 10, 10, 10, 9.75]);
    expect(waterfallHeader(openTrace, 2020).totalMs).toBe(20);
  });

  test('an open end given as NaN (the worker) reads like null (the JSON file)', () => {
    const asNaN = {
      ...openTrace,
      end: NaN,
      spans: openTrace.spans.map((s) => ({ ...s, end: s.end ?? NaN })),
    };
    expect(waterfallRows(asNaN)).toEqual(waterfallRows(openTrace));
  });

  test('siblings go by start time whatever their ids; a missing parent makes a root', () => {
    const trace = traceOf([
      span(0, -1, 'request', 'c', -1, 0, 100, 200),
      span(1, 0, 'call', 'c -> late', 0, 50, 90, 200),
      span(2, 0, 'call', 'c -> early', 0, 10, 40, 200),
      span(3, 1, 'work', 'late', 0, 51, 89, 200),
      span(4, 42, 'work', 'lost', 2, 60, 70, 200),
    ]);
    expect(waterfallRows(trace).map((r) => [r.id, r.depth, r.parent, r.critical])).toEqual([
      [0, 0, -1, true],
      [2, 1, 0, true],
      [1, 1, 0, true],
      [3, 2, 1, true],
      [4, 0, -1, false],
    ]);
  });

  test('a loop of parents still lists every span once', () => {
    const trace = traceOf([
      span(0, -1, 'request', 'c', -1, 0, 100, 200),
      span(1, 2, 'call', 'c -> a', 0, 10, 20, 200),
      span(2, 1, 'work', 'a', 0, 11, 19, 200),
    ]);
    expect(waterfallRows(trace).map((r) => [r.id, r.depth, r.parent])).toEqual([
      [0, 0, -1],
      [1, 0, -1],
      [2, 1, 1],
    ]);
  });

  test('an empty trace has no rows', () => {
    expect(waterfallRows(traceOf([]))).toEqual([]);
  });
});

describe('spanLabel(span, trace)', () => {
  const t = traceOf([]);
  test('names each kind of span', () => {
    expect(spanLabel(span(0, -1, 'request', 'c', -1, 0, 1, 200), t)).toBe('c: GET /');
    expect(spanLabel(span(1, 0, 'call', 'edge -> catalog', 1, 0, 1, 200), t)).toBe('edge -> catalog');
    expect(spanLabel(span(2, 1, 'work', 'catalog', 1, 0, 1, 200), t)).toBe('catalog #1');
    expect(spanLabel(span(2, 1, 'work', 'catalog', -1, 0, 1, 200), t)).toBe('catalog');
    expect(spanLabel(span(3, 1, 'sidecar', 'catalog sidecar', 0, 0, 1, 200), t)).toBe('catalog sidecar #0');
    expect(spanLabel(span(4, 1, 'backoff', 'edge backoff', -1, 10, 22.3, 0), t)).toBe('backoff 12.3 ms');
    expect(spanLabel(span(4, 1, 'backoff', 'edge backoff', -1, 10, 10.25, 0), t)).toBe('backoff 250 µs');
    expect(spanLabel(span(4, 1, 'backoff', 'edge backoff', -1, 10, null, 0), t)).toBe('backoff');
  });
  test('keeps markup in names as text', () => {
    expect(spanLabel(span(2, 1, 'work', '<img src=x onerror=alert(1)>', 0, 0, 1, 200), t)).toBe(
      '<img src=x onerror=alert(1)> #0',
    );
  });
});

describe('waterfallHeader(trace)', () => {
  test('a finished trace: status, total time and retries', () => {
    expect(waterfallHeader(retriedTrace)).toEqual({
      id: 'web#7',
      client: 'web',
      method: 'GET',
      path: '/api/orders',
      status: 200,
      outcome: 'ok',
      statusText: '200',
      open: false,
      totalMs: 300,
      answeredAt: 300,
      spans: 14,
      openSpans: 0,
      retries: 1,
    });
  });
  test('a trace still waiting: elapsed time so far and its open spans', () => {
    expect(waterfallHeader(openTrace)).toMatchObject({
      status: 0,
      outcome: null,
      statusText: 'open',
      open: true,
      totalMs: 10,
      answeredAt: NaN,
      spans: 7,
      openSpans: 5,
      retries: 0,
    });
  });
});

describe('notesUnfoldedAtFirst(rows)', () => {
  test('unfolds up to eight notes in all, folds more', () => {
    expect(notesUnfoldedAtFirst(waterfallRows(openTrace))).toBe(true);
    // 1 + 4 + 4 + 1 + 1 + 1 notes.
    expect(notesUnfoldedAtFirst(waterfallRows(retriedTrace))).toBe(false);
  });
});

describe('noteParts(note)', () => {
  test('splits off the plugin that wrote a note', () => {
    expect(noteParts('key-auth: authenticated')).toEqual({ source: 'key-auth', text: 'authenticated' });
    expect(noteParts('proxy-cache: Hit: 200 from the cache')).toEqual({
      source: 'proxy-cache',
      text: 'Hit: 200 from the cache',
    });
  });
  test('leaves notes without one whole', () => {
    for (const note of ['retry 1', 'per-try timeout', 'route orders', '429: the client honours Retry-After'])
      expect(noteParts(note)).toEqual({ source: null, text: note });
    expect(noteParts('connection refused: the instance is down')).toEqual({
      source: null,
      text: 'connection refused: the instance is down',
    });
  });
});

describe('barText(row)', () => {
  test('says when, the wait for a worker, and what is unusual', () => {
    const rows = waterfallRows(retriedTrace);
    expect(barText(rows[2])).toBe('1 ms to 9 ms, waited 500 µs for a worker');
    expect(barText(rows[6])).toBe('113 ms to 250 ms, outlived its caller');
    expect(barText(waterfallRows(openTrace)[4])).toBe(
      '1.5 ms to 10 ms, waited 3 ms for a worker, still open',
    );
    expect(barText(rows[0])).toBe('0 ms to 300 ms');
  });
});

describe('barPlacement(row, extent)', () => {
  test('percent of the axis, and the queued share of the bar', () => {
    const rows = waterfallRows(retriedTrace);
    expect(barPlacement(rows[0], 300)).toEqual({ left: 0, width: 100, queued: 0 });
    expect(barPlacement(rows[8], 400)).toEqual({ left: 28.375, width: 34, queued: (20 / 136) * 100 });
    expect(barPlacement(rows[2], 10)).toEqual({ left: 10, width: 80, queued: 6.25 });
  });
  test('stays inside the axis', () => {
    const rows = waterfallRows(retriedTrace);
    const cut = barPlacement(rows[6], 200);
    expect([cut.left, cut.width, cut.left + cut.width]).toEqual([
      expect.closeTo(56.5, 9),
      expect.closeTo(43.5, 9),
      expect.closeTo(100, 9),
    ]);
    expect(barPlacement(rows[0], 1000)).toEqual({ left: 0, width: 30, queued: 0 });
  });
});
