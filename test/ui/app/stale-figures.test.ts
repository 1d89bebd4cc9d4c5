/** Which run the figures are of, and the stale mark: at once for another file, after a delay for a re-run of the same. */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createStaleFigures, STALE_RERUN_DELAY_MS } from '../../../src/ui/app/stale-figures';
import { staleText } from '../../../src/ui/stale-mark';

let marks: (string | undefined)[];
const mark = { set: (text: string | undefined) => void marks.push(text) };

beforeEach(() => {
  marks = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => vi.useRealTimers());

test('nothing drawn: nothing to mark', () => {
  const stale = createStaleFigures(mark);
  stale.markStale('edited', 'default.yaml');
  expect(stale.drawn).toBeUndefined();
  expect(marks).toEqual([]);
});

test('another file marks the figures at once; the run drawn clears the mark', () => {
  const stale = createStaleFigures(mark);
  stale.markCurrent('default.yaml', 'Shop');
  expect(stale.drawn).toEqual({ file: 'default.yaml', name: 'Shop' });
  stale.markStale('running', 'kong.yml');
  expect(marks).toEqual([
    undefined,
    staleText({ reason: 'running', drawnName: 'Shop', drawnFile: 'default.yaml', file: 'kong.yml' }),
  ]);
});

test('a re-run of the same file is marked only if it outlasts the delay: a quick one does not flash', () => {
  const stale = createStaleFigures(mark);
  stale.markCurrent('default.yaml', 'Shop');
  stale.markStale('running', 'default.yaml');
  vi.advanceTimersByTime(STALE_RERUN_DELAY_MS - 1);
  stale.markCurrent('default.yaml', 'Shop');
  vi.advanceTimersByTime(STALE_RERUN_DELAY_MS);
  expect(marks).toEqual([undefined, undefined]);
  stale.markStale('running', 'default.yaml');
  vi.advanceTimersByTime(STALE_RERUN_DELAY_MS);
  expect(marks).toHaveLength(3);
  expect(marks[2]).toContain('Shop');
});
