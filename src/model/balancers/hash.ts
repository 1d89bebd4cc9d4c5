/**
 * Deterministic 32-bit hashes for consistent hashing. They are fixed functions of their input, so
 * a ring, and which key lands where, is the same in every run, worker and browser.
 */
import { fmix32, fnv1a32 } from '../../engine';

export { fmix32 };

/**
 * FNV-1a (32-bit) over the UTF-16 code units of `text`, then `fmix32`, because FNV-1a alone
 * leaves strings that differ in their last character close together. Returns an unsigned 32-bit
 * integer. Use it to turn a header, cookie or consumer name into a `hashKey` once, at the boundary.
 */
export function hashString(text: string): number {
  return fmix32(fnv1a32(text));
}

/**
 * The ring position of a numeric hash key: its low 32 bits folded with the next 32 (so keys above
 * 2^32 still spread), through `fmix32`. Fractions are truncated.
 */
export function hashKeyPosition(key: number): number {
  const whole = Math.trunc(key);
  return fmix32((whole ^ Math.trunc(whole / 4294967296)) >>> 0);
}
