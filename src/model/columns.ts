import { grow } from '../engine';

/** The typed arrays a column may be. */
export type ColumnArray = Int32Array | Uint32Array | Uint8Array | Float64Array;

/**
 * A struct-of-arrays table: each column is a field declared once in a subclass, as
 * `name = this.int32(-1)`, and read as `table.name[id]`. The declaration makes the array, and `grow`
 * finds every column from it, so that adding a column is one line. A column declared with a value
 * starts every fresh row with it (`reset`, `resets`); one without is written by whoever fills the
 * row before it is read.
 *
 * Columns are plain fields, declared in the class body, so that the engine keeps the table's shape
 * fixed and reads them as fast as any field (a table filled by computed names would not be).
 */
export abstract class ColumnTable {
  /** Rows the arrays hold now. */
  capacity: number;
  private readonly columns: ColumnArray[] = [];
  /** The values of the columns declared with one, by column index (undefined: none). */
  private readonly values: (number | undefined)[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** The table's columns, in their order of declaration. */
  get arrays(): readonly ColumnArray[] {
    return this.columns;
  }

  /** The columns declared with a value, each with that value: what a fresh row starts with. */
  get resets(): readonly (readonly [ColumnArray, number])[] {
    const resets: [ColumnArray, number][] = [];
    this.columns.forEach((array, i) => {
      const value = this.values[i];
      if (value !== undefined) resets.push([array, value]);
    });
    return resets;
  }

  /**
   * Sets row `id` of every column declared with a value to that value. A loop over the columns: an
   * owner on the path of every call writes its resets out instead (see `InFlight.allocate`).
   */
  reset(id: number): void {
    for (const [array, value] of this.resets) array[id] = value;
  }

  /** Makes room for `capacity` rows in every column, keeping what the rows hold. */
  grow(capacity: number): void {
    const self = this as unknown as Record<string, unknown>;
    for (const name of Object.keys(this)) {
      const i = this.columns.indexOf(self[name] as ColumnArray);
      if (i < 0) continue;
      this.columns[i] = grow(this.columns[i], capacity);
      self[name] = this.columns[i];
    }
    this.capacity = capacity;
  }

  /** Declares an `Int32Array` column (`reset`: its value in a fresh row). */
  protected int32(reset?: number): Int32Array {
    return this.column(new Int32Array(this.capacity), reset);
  }

  /** Declares a `Uint32Array` column (`reset`: its value in a fresh row). */
  protected uint32(reset?: number): Uint32Array {
    return this.column(new Uint32Array(this.capacity), reset);
  }

  /** Declares a `Uint8Array` column: a flag or a small code (`reset`: its value in a fresh row). */
  protected uint8(reset?: number): Uint8Array {
    return this.column(new Uint8Array(this.capacity), reset);
  }

  /** Declares a `Float64Array` column: a time or an amount (`reset`: its value in a fresh row). */
  protected float64(reset?: number): Float64Array {
    return this.column(new Float64Array(this.capacity), reset);
  }

  private column<A extends ColumnArray>(array: A, reset: number | undefined): A {
    this.columns.push(array);
    this.values.push(reset);
    return array;
  }
}
