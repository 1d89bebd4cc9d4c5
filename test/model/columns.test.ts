import { describe, expect, it } from 'vitest';
import { ColumnTable } from '../../src/model/columns';
import { InFlight } from '../../src/model/in-flight';

/** A table as a newcomer adds one: each column one line. */
class Example extends ColumnTable {
  plain = this.int32();
  handle = this.int32(-1);
  flag = this.uint8(0);
  count = this.uint32(7);
  deadline = this.float64(Infinity);
}

describe('a table of declared columns', () => {
  it('makes every column it declares, grows them all keeping their rows, and resets the ones with a value', () => {
    const table = new Example(2);
    expect(table.arrays).toEqual([table.plain, table.handle, table.flag, table.count, table.deadline]);
    expect(table.plain).toBeInstanceOf(Int32Array);
    expect(table.flag).toBeInstanceOf(Uint8Array);
    expect(table.count).toBeInstanceOf(Uint32Array);
    expect(table.deadline).toBeInstanceOf(Float64Array);
    table.plain[1] = 5;
    table.handle[1] = 9;
    table.deadline[1] = 3.5;
    table.grow(8);
    expect(table.capacity).toBe(8);
    expect(table.arrays).toEqual([table.plain, table.handle, table.flag, table.count, table.deadline]);
    for (const array of table.arrays) expect(array).toHaveLength(8);
    expect([table.plain[1], table.handle[1], table.deadline[1]]).toEqual([5, 9, 3.5]);
    // A reset after growing reaches the new arrays, and leaves a column without a value alone.
    table.flag[6] = 1;
    table.plain[6] = 4;
    table.reset(6);
    expect([table.plain[6], table.handle[6], table.flag[6], table.count[6], table.deadline[6]]).toEqual([
      4,
      -1,
      0,
      7,
      Infinity,
    ]);
  });

  it('gives the ids in flight columns of the calls, tries and jobs that grow together', () => {
    const rows = new InFlight(2);
    const ids = [rows.allocate(), rows.allocate(), rows.allocate()];
    expect(ids).toEqual([0, 1, 2]);
    expect(rows.live).toBe(3);
    for (const table of [rows.calls, rows.tries, rows.jobs]) {
      expect(table.capacity).toBe(4);
      for (const array of table.arrays) expect(array).toHaveLength(4);
    }
    // A freed id comes back with its job's generation moved on and every column declared with a
    // value reset to it: the allocator writes them out, and this is where a missing one shows.
    for (const table of [rows.calls, rows.tries, rows.jobs]) for (const array of table.arrays) array[1] = 77;
    rows.release(1);
    expect(rows.allocate()).toBe(1);
    expect(rows.jobs.generation[1]).toBe(78);
    for (const table of [rows.calls, rows.tries, rows.jobs])
      for (const [array, value] of table.resets) expect(array[1]).toBe(value);
    expect(rows.tries.resets.length + rows.jobs.resets.length).toBeGreaterThan(0);
  });
});
