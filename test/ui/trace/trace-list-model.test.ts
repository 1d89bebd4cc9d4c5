import { describe, expect, test } from 'vitest';
import {
  DEFAULT_TRACE_LIST_OPTIONS,
  sortedBy,
  traceListCounts,
  traceListRows,
  type TraceListItem,
} from '../../../src/ui/trace/trace-list-model';

const items: TraceListItem[] = [
  { id: 'web#9', status: 200, durationMs: 12 },
  { id: 'web#10', status: 504, durationMs: 100 },
  { id: 'web#11', status: 0, durationMs: NaN },
  { id: 'app#2', status: 429, durationMs: 1 },
  { id: 'web#100', status: 200, durationMs: 12 },
  { id: 'app#1', status: 503, durationMs: 50 },
];
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('traceListRows(items, options)', () => {
  test('slowest first by default; ties by id in number order; open requests last', () => {
    const rows = traceListRows(items);
    expect(ids(rows)).toEqual(['web#10', 'app#1', 'web#9', 'web#100', 'app#2', 'web#11']);
    expect(rows.map((r) => [r.share, r.statusText, r.outcome])).toEqual([
      [1, '504 timed out', 'timeout'],
      [0.5, '503 server error', '5xx'],
      [0.12, '200', 'ok'],
      [0.12, '200', 'ok'],
      [0.01, '429 throttled', '429'],
      [0, 'open', null],
    ]);
  });

  test('fastest first keeps open requests last', () => {
    expect(ids(traceListRows(items, { ...DEFAULT_TRACE_LIST_OPTIONS, descending: false }))).toEqual([
      'app#2',
      'web#9',
      'web#100',
      'app#1',
      'web#10',
      'web#11',
    ]);
  });

  test('by id, numbers compared as numbers', () => {
    const options = { sort: 'id', descending: false, filter: 'all' } as const;
    expect(ids(traceListRows(items, options))).toEqual([
      'app#1',
      'app#2',
      'web#9',
      'web#10',
      'web#11',
      'web#100',
    ]);
  });

  test('by status, highest first, ties slowest first', () => {
    const options = { sort: 'status', descending: true, filter: 'all' } as const;
    expect(ids(traceListRows(items, options))).toEqual([
      'web#10',
      'app#1',
      'app#2',
      'web#9',
      'web#100',
      'web#11',
    ]);
  });

  test('filters by outcome; shares are of the slowest shown', () => {
    const ok = traceListRows(items, { ...DEFAULT_TRACE_LIST_OPTIONS, filter: 'ok' });
    expect(ok.map((r) => [r.id, r.share])).toEqual([
      ['web#9', 1],
      ['web#100', 1],
    ]);
    expect(ids(traceListRows(items, { ...DEFAULT_TRACE_LIST_OPTIONS, filter: 'open' }))).toEqual(['web#11']);
    expect(ids(traceListRows(items, { ...DEFAULT_TRACE_LIST_OPTIONS, filter: '4xx' }))).toEqual([]);
  });

  test('leaves its input alone', () => {
    const copy = items.map((i) => ({ ...i }));
    traceListRows(items);
    expect(items).toEqual(copy);
  });
});

describe('traceListCounts(items)', () => {
  test('how many each filter shows', () => {
    expect(traceListCounts(items)).toEqual({
      all: 6,
      ok: 2,
      '4xx': 0,
      '429': 1,
      '5xx': 1,
      timeout: 1,
      open: 1,
    });
    expect(traceListCounts([]).all).toBe(0);
  });
});

describe('sortedBy(options, sort)', () => {
  test('the same column flips; another starts descending', () => {
    const byDuration = DEFAULT_TRACE_LIST_OPTIONS;
    expect(sortedBy(byDuration, 'duration')).toEqual({ sort: 'duration', descending: false, filter: 'all' });
    expect(sortedBy({ ...byDuration, descending: false, filter: '5xx' }, 'id')).toEqual({
      sort: 'id',
      descending: true,
      filter: '5xx',
    });
  });
});
