import { describe, expect, test } from 'vitest';
import { criticalSpans } from '../../../src/ui/trace/critical-path';
import { spanTree } from '../../../src/ui/trace/span-tree';
import type { SpanData } from '../../../src/ui/trace/trace-data';
import { span } from './fixtures';

/** The ids on the critical path of `spans`, open spans ending at `horizon`. */
function onPath(spans: SpanData[], horizon = Infinity): number[] {
  const tree = spanTree(spans);
  const critical = criticalSpans(spans, tree.children, tree.roots[0], (s) => s.end ?? horizon);
  return spans.filter((s) => critical[s.id]).map((s) => s.id);
}

describe('criticalSpans(spans, children, root, endOf)', () => {
  test('of parallel calls, the one that ends last; then what ended before it started', () => {
    expect(
      onPath([
        span(0, -1, 'request', 'c', -1, 0, 100, 200),
        span(1, 0, 'call', 'c -> auth', 0, 0, 5, 200),
        span(2, 0, 'call', 'c -> a', 0, 10, 60, 200),
        span(3, 0, 'call', 'c -> b', 0, 10, 90, 200),
        span(4, 0, 'call', 'c -> d', 0, 20, 40, 200),
      ]),
    ).toEqual([0, 1, 3]);
  });

  test('a try that fails at once, then its retry at the same instant: both', () => {
    expect(
      onPath([
        span(0, -1, 'request', 'c', -1, 0, 30, 200),
        span(1, 0, 'call', 'c -> s', 0, 5, 5, 503),
        span(2, 0, 'call', 'c -> s', 1, 5, 30, 200),
      ]),
    ).toEqual([0, 1, 2]);
  });

  test('two children ending together: the one that started last', () => {
    expect(
      onPath([
        span(0, -1, 'request', 'c', -1, 0, 50, 200),
        span(1, 0, 'call', 'c -> a', 0, 10, 50, 200),
        span(2, 0, 'call', 'c -> b', 0, 20, 50, 200),
      ]),
    ).toEqual([0, 2]);
  });

  test('a child ending after its parent is never on it, even when nothing else is', () => {
    expect(
      onPath([
        span(0, -1, 'request', 'c', -1, 0, 100, 504),
        span(1, 0, 'call', 'c -> s', 0, 0, 100, 504),
        span(2, 1, 'work', 's', 0, 1, 150, 200),
      ]),
    ).toEqual([0, 1]);
  });

  test('a child ending a float rounding after its parent still counts as ending with it', () => {
    const end = 0.1 + 0.2;
    expect(
      onPath([span(0, -1, 'request', 'c', -1, 0, 0.3, 200), span(1, 0, 'call', 'c -> s', 0, 0, end, 200)]),
    ).toEqual([0, 1]);
  });

  test('open spans end at the horizon', () => {
    expect(
      onPath(
        [
          span(0, -1, 'request', 'c', -1, 0, null, 0),
          span(1, 0, 'call', 'c -> a', 0, 1, 8, 200),
          span(2, 0, 'call', 'c -> b', 0, 2, null, 0),
        ],
        9,
      ),
    ).toEqual([0, 2]);
  });

  test('no root, no path', () => {
    expect(criticalSpans([], [], -1, () => 0)).toEqual([]);
  });
});
