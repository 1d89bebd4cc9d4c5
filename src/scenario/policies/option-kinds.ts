/**
 * The plain facts of a registered policy's option: what its value counts and the bounds the format
 * allows. Each registry keeps its options' facts in a table of its own with no imports (`*-table.ts`),
 * which its checks are declared against (the compiler makes a registry's options exactly its
 * table's) and which the page reads, through the report, to find and bound its sliders without
 * loading the checks.
 */

/**
 * What an option's value is: a whole number (`count`), a duration in ms written with its unit
 * (`duration`), a percentage (`percent`), a plain number (`number`), requests a second (`rate`),
 * or a list of status codes (`statuses`, which no slider turns).
 */
export type OptionKind = 'count' | 'duration' | 'percent' | 'number' | 'rate' | 'statuses';

/** An option's kind and bounds. */
export interface OptionFacts {
  readonly kind: OptionKind;
  /**
   * The lowest value a slider offers: the least the format allows, or, where the format excludes
   * it (a duration > 0, a percentage above 0), the least whole step above it (1 ms, 1 %).
   */
  readonly lowest: number;
  /** The highest value the format allows; absent: no bound. */
  readonly highest?: number;
}

/** A registry's table: each policy's name to its options' facts, in the format's order. */
export type OptionTable = Readonly<Record<string, Readonly<Record<string, OptionFacts>>>>;

/** Whether a slider may turn an option of this kind: every kind but a list is a number. */
export function isSliderKind(kind: OptionKind): kind is Exclude<OptionKind, 'statuses'> {
  return kind !== 'statuses';
}
