/**
 * Plain objects keyed by names from a file (ids, consumers, headers, variants). A lookup by `[]`
 * also finds what Object.prototype has: a consumer named `constructor` would find the Object
 * function, and `x[name] ??= {}` would then write into it. Assignment to `__proto__` sets the
 * prototype instead of adding a key. These two read and write own keys only.
 */

/** The value `record` holds under `key` itself; undefined for an inherited name such as `toString`. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `key` on `record` as a plain enumerable entry, even for `__proto__`; returns `value`. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): T {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  return value;
}
