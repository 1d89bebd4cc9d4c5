/**
 * Deterministic 32-bit hashes for consistent hashing. They are fixed functions of their input, so
 * a ring, and which key lands where, is the same in every run, worker and browser.
 */

/**
 * MurmurHash3's 32-bit finalizer (`fmix32`): a bijection on 32-bit integers with full avalanche,
 * used to spread small or similar inputs (key 1, 2, 3; FNV of `endpoint-0-replica-1`, `-2`, ...)
 * over the whole ring. Returns an unsigned 32-bit integer.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * FNV-1a (32-bit) over the UTF-16 code units of `text`, then `fmix32`, because FNV-1a alone
 * leaves strings that differ in their last character close together. Returns an unsigned 32-bit
 * integer. Use it to turn a header, cookie or consumer name into a `hashKey` once, at the boundary.
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/**
 * The ring position of a numeric hash key: its low 32 bits folded with the next 32 (so keys above
 * 2^32 still spread), through `fmix32`. Fractions are truncated.
 */
export function hashKeyPosition(key: number): number {
  const whole = Math.trunc(key);
  return fmix32((whole ^ Math.trunc(whole / 4294967296)) >>> 0);
}
