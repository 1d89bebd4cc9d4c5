import { describe, expect, test } from 'vitest';
import {
  busyShare,
  ejectedNote,
  instanceState,
  nodeStats,
  queueShare,
  UNLIMITED_QUEUE_FULL,
} from '../../../src/ui/topology/instance-state';
import { frame, service, topology } from './fixtures';

describe('busyShare', () => {
  test('busyShare is busy workers over concurrency, within [0, 1]', () => {
    expect(busyShare(3, 4)).toBe(0.75);
    expect(busyShare(0, 4)).toBe(0);
    expect(busyShare(9, 4)).toBe(1);
    expect(busyShare(2, 0)).toBe(0);
  });
});

describe('queueShare', () => {
  test('queueShare is queued over the limit, within [0, 1]', () => {
    expect(queueShare(16, 64)).toBe(0.25);
    expect(queueShare(0, 64)).toBe(0);
    expect(queueShare(80, 64)).toBe(1);
    expect(queueShare(1, 0)).toBe(1);
  });

  test('queueShare of an unlimited queue is logarithmic, full at UNLIMITED_QUEUE_FULL', () => {
    expect(queueShare(0, -1)).toBe(0);
    expect(queueShare(UNLIMITED_QUEUE_FULL, -1)).toBe(1);
    expect(queueShare(10 * UNLIMITED_QUEUE_FULL, -1)).toBe(1);
    expect(queueShare(1, -1)).toBeCloseTo(Math.log(2) / Math.log(1001), 12);
    // Five waiting already shows as a quarter of the bar.
    expect(queueShare(5, -1)).toBeGreaterThan(0.25);
    expect(queueShare(5, -1)).toBeLessThan(queueShare(50, -1));
  });
});

describe('instanceState', () => {
  test('instanceState is down when not up, unregistered when up and unknown, else up', () => {
    expect(instanceState(0, 0)).toBe('down');
    expect(instanceState(0, 1)).toBe('down');
    expect(instanceState(1, 0)).toBe('unregistered');
    expect(instanceState(1, 1)).toBe('up');
  });

  test('instanceState is ejected when up and ejected, known or not; down wins over ejected', () => {
    expect(instanceState(1, 1, 1)).toBe('ejected');
    expect(instanceState(1, 0, 1)).toBe('ejected');
    expect(instanceState(0, 1, 1)).toBe('down');
    expect(instanceState(1, 1, 0)).toBe('up');
  });
});

describe('ejectedNote', () => {
  const topo = topology([service('a', 2), service('b', 3)], []);

  test('ejectedNote counts the ejected instances among those up, empty when none', () => {
    const f = frame(topo, []);
    expect(ejectedNote(f, 2, 3)).toBe('');
    f.ejected.set([1, 0, 0, 1, 0]);
    expect(ejectedNote(f, 2, 3)).toBe('1 of 3 ejected');
    expect(ejectedNote(f, 0, 2)).toBe('1 of 2 ejected');
    // A down instance counts as neither: its cell shows it down.
    f.up.set([1, 1, 1, 1, 0]);
    f.ejected.set([1, 1, 1, 1, 1]);
    expect(ejectedNote(f, 2, 3)).toBe('2 of 2 ejected');
  });
});

describe('nodeStats', () => {
  const topo = topology([service('a', 2), service('b', 3)], []);
  const f = frame(topo, []);

  test('nodeStats sums the queue and shares busy workers over running instances', () => {
    // b: slots 2..4, concurrency 4; one instance down.
    f.queued.set([1, 1, 5, 2, 0]);
    f.busy.set([0, 0, 4, 2, 0]);
    f.up.set([1, 1, 1, 1, 0]);
    expect(nodeStats(f, 2, 3, 4)).toBe('queue 7 · busy 75%');
    expect(nodeStats(f, 0, 2, 4)).toBe('queue 2 · busy 0%');
  });

  test('nodeStats says when every instance is down', () => {
    f.up.set([0, 0], 0);
    expect(nodeStats(f, 0, 2, 4)).toBe('queue 2 · all down');
  });
});
