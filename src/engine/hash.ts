/**
 * MurmurHash3's 32-bit finalizer (`fmix32`): a bijection on 32-bit integers with full avalanche, to
 * spread small or similar inputs (key 1, 2, 3; FNV-1a of `consumer-1`, `consumer-2`, ...) over the
 * whole 32-bit range. A fixed function: the same in every run, worker and browser. Returns an
 * unsigned 32-bit integer.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a of the UTF-16 code units of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
