import { grow } from '../engine';

/** The typed arrays a column may be. */
export type ColumnArray = Int32Array | Uint32Array | Uint8Array | Float64Array;

/** The columns of one kind of array that a fresh row resets, with their values. */
export class ResetGroup<A extends ColumnArray> {
  arrays: A[] = [];
  readonly values: number[] = [];
}

function addGroup<A extends ColumnArray>(into: ResetGroup<A>, from: ResetGroup<A>): void {
  into.arrays.push(...from.arrays);
  into.values.push(...from.values);
}

// One function per kind of array keeps each store monomorphic: a reset is on the path of every call.
function resetInt32(group: ResetGroup<Int32Array>, id: number): void {
  const { arrays, values } = group;
  for (let i = 0; i < arrays.length; i++) arrays[i][id] = values[i];
}

function resetUint32(group: ResetGroup<Uint32Array>, id: number): void {
  const { arrays, values } = group;
  for (let i = 0; i < arrays.length; i++) arrays[i][id] = values[i];
}

function resetUint8(group: ResetGroup<Uint8Array>, id: number): void {
  const { arrays, values } = group;
  for (let i = 0; i < arrays.length; i++) arrays[i][id] = values[i];
}

function resetFloat64(group: ResetGroup<Float64Array>, id: number): void {
  const { arrays, values } = group;
  for (let i = 0; i < arrays.length; i++) arrays[i][id] = values[i];
}

/**
 * The reset of fresh rows over several tables that share their ids, one loop per kind of array for
 * all of them: a few loops instead of one per table and kind, on the path of every call.
 */
export class RowResets {
  private readonly int32 = new ResetGroup<Int32Array>();
  private readonly uint32 = new ResetGroup<Uint32Array>();
  private readonly uint8 = new ResetGroup<Uint8Array>();
  private readonly float64 = new ResetGroup<Float64Array>();

  /** The resets of `tables`' columns declared with a value, as the tables' arrays are now. */
  constructor(tables: readonly ColumnTable[]) {
    for (const table of tables) table.addResets(this.int32, this.uint32, this.uint8, this.float64);
  }

  /** Sets row `id` of every column declared with a value, in every table, to that value. */
  reset(id: number): void {
    resetInt32(this.int32, id);
    resetUint32(this.uint32, id);
    resetUint8(this.uint8, id);
    resetFloat64(this.float64, id);
  }
}

/**
 * A struct-of-arrays table: each column is a field declared once in a subclass, as
 * `name = this.int32(-1)`, and read as `table.name[id]`. The declaration makes the array, and `grow`
 * and `reset` find every column from it, so that adding a column is one edit. A column declared with
 * a value starts every fresh row with it (`reset`); one without is written by whoever fills the row
 * before it is read.
 *
 * Columns are plain fields, declared in the class body, so that the engine keeps the table's shape
 * fixed and reads them as fast as any field (a table filled by computed names would not be).
 */
export abstract class ColumnTable {
  /** Rows the arrays hold now. */
  capacity: number;
  private readonly columns: ColumnArray[] = [];
  private readonly int32Resets = new ResetGroup<Int32Array>();
  private readonly uint32Resets = new ResetGroup<Uint32Array>();
  private readonly uint8Resets = new ResetGroup<Uint8Array>();
  private readonly float64Resets = new ResetGroup<Float64Array>();

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Sets row `id` of every column declared with a value to that value. */
  reset(id: number): void {
    resetInt32(this.int32Resets, id);
    resetUint32(this.uint32Resets, id);
    resetUint8(this.uint8Resets, id);
    resetFloat64(this.float64Resets, id);
  }

  /** Adds this table's resets to the groups given, kind by kind (see `RowResets`). */
  addResets(
    int32: ResetGroup<Int32Array>,
    uint32: ResetGroup<Uint32Array>,
    uint8: ResetGroup<Uint8Array>,
    float64: ResetGroup<Float64Array>,
  ): void {
    addGroup(int32, this.int32Resets);
    addGroup(uint32, this.uint32Resets);
    addGroup(uint8, this.uint8Resets);
    addGroup(float64, this.float64Resets);
  }

  /** Makes room for `capacity` rows in every column, keeping what the rows hold. */
  grow(capacity: number): void {
    const self = this as unknown as Record<string, unknown>;
    const grown = new Map<ColumnArray, ColumnArray>();
    for (const name of Object.keys(this)) {
      const array = self[name] as ColumnArray;
      const i = this.columns.indexOf(array);
      if (i < 0) continue;
      const next = grow(array, capacity);
      self[name] = next;
      this.columns[i] = next;
      grown.set(array, next);
    }
    for (const group of [this.int32Resets, this.uint32Resets, this.uint8Resets, this.float64Resets])
      group.arrays = (group.arrays as ColumnArray[]).map((array) => grown.get(array)!) as never;
    this.capacity = capacity;
  }

  /** The table's columns, in their order of declaration. */
  get arrays(): readonly ColumnArray[] {
    return this.columns;
  }

  /** Declares an `Int32Array` column (`reset`: its value in a fresh row). */
  protected int32(reset?: number): Int32Array {
    return this.column(new Int32Array(this.capacity), this.int32Resets, reset);
  }

  /** Declares a `Uint32Array` column (`reset`: its value in a fresh row). */
  protected uint32(reset?: number): Uint32Array {
    return this.column(new Uint32Array(this.capacity), this.uint32Resets, reset);
  }

  /** Declares a `Uint8Array` column: a flag or a small code (`reset`: its value in a fresh row). */
  protected uint8(reset?: number): Uint8Array {
    return this.column(new Uint8Array(this.capacity), this.uint8Resets, reset);
  }

  /** Declares a `Float64Array` column: a time or an amount (`reset`: its value in a fresh row). */
  protected float64(reset?: number): Float64Array {
    return this.column(new Float64Array(this.capacity), this.float64Resets, reset);
  }

  private column<A extends ColumnArray>(array: A, resets: ResetGroup<A>, reset: number | undefined): A {
    this.columns.push(array);
    if (reset !== undefined) {
      resets.arrays.push(array);
      resets.values.push(reset);
    }
    return array;
  }
}
