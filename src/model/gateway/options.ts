/**
 * Checks of a gateway policy's options, shared by the policy constructors. The scenario schema has
 * already validated what a file holds; these checks guard policies built directly (tests, imports,
 * profiles) and name the plugin, the option and the bad value, as the schema's errors do.
 */

/** A duration or cost in ms: finite (or Infinity when `infinite`) and at least 0. */
export function checkMillis(plugin: string, option: string, value: number, infinite = false): number {
  const ok = value >= 0 && (Number.isFinite(value) || (infinite && value === Infinity));
  if (!ok) throw new RangeError(`${plugin}: ${option} must be a duration in ms >= 0, got ${String(value)}`);
  return value;
}

/** A share between 0 and 1 inclusive. */
export function checkFraction(plugin: string, option: string, value: number): number {
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`${plugin}: ${option} must be a share from 0 to 1, got ${String(value)}`);
  }
  return value;
}

/** A whole number at least 1 (or Infinity when `infinite`). */
export function checkCount(plugin: string, option: string, value: number, infinite = false): number {
  const ok = (Number.isInteger(value) && value >= 1) || (infinite && value === Infinity);
  if (!ok) throw new RangeError(`${plugin}: ${option} must be a whole number >= 1, got ${String(value)}`);
  return value;
}
