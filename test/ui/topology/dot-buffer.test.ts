import { describe, expect, test } from 'vitest';
import { DotBuffer } from '../../../src/ui/topology/dot-buffer';

/** Adds a dot drawn until `end` with trace `trace`. */
function add(buffer: DotBuffer, end: number, trace: string): number {
  const i = buffer.allocate();
  buffer.end[i] = end;
  buffer.trace[i] = trace;
  return i;
}

/** Traces held, oldest first. */
function traces(buffer: DotBuffer): string[] {
  return Array.from({ length: buffer.size }, (_, k) => buffer.trace[(buffer.head + k) % buffer.capacity]);
}

describe('DotBuffer', () => {
  test('DotBuffer.allocate appends until full, then drops the oldest', () => {
    const buffer = new DotBuffer(3);
    expect([add(buffer, 10, 'a'), add(buffer, 20, 'b'), add(buffer, 30, 'c')]).toEqual([0, 1, 2]);
    expect(traces(buffer)).toEqual(['a', 'b', 'c']);
    expect(add(buffer, 40, 'd')).toBe(0);
    expect(buffer.size).toBe(3);
    expect(traces(buffer)).toEqual(['b', 'c', 'd']);
  });

  test('DotBuffer.expire drops old dots whose time is past, from the old end', () => {
    const buffer = new DotBuffer(4);
    add(buffer, 10, 'a');
    add(buffer, 50, 'b');
    add(buffer, 20, 'c');
    expect(buffer.expire(10)).toBe(0);
    expect(buffer.expire(25)).toBe(1);
    // c is past too, but b is older and still alive: c waits for it.
    expect(traces(buffer)).toEqual(['b', 'c']);
    expect(buffer.expire(51)).toBe(2);
    expect(buffer.size).toBe(0);
  });

  test('DotBuffer wraps around after expiring', () => {
    const buffer = new DotBuffer(2);
    add(buffer, 1, 'a');
    add(buffer, 2, 'b');
    buffer.expire(1.5);
    add(buffer, 3, 'c');
    expect(traces(buffer)).toEqual(['b', 'c']);
    expect(buffer.head).toBe(1);
  });

  test('DotBuffer.clear drops every dot', () => {
    const buffer = new DotBuffer(2);
    add(buffer, 1, 'a');
    buffer.clear();
    expect(buffer.size).toBe(0);
    expect(buffer.trace).toEqual(['', '']);
  });

  test('DotBuffer rejects a capacity that is not a positive integer', () => {
    expect(() => new DotBuffer(0)).toThrow('capacity must be a positive integer, got 0');
    expect(() => new DotBuffer(1.5)).toThrow('got 1.5');
  });
});
