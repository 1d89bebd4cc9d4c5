/**
 * A stable hash of an identity to a point in [0, 1). Policies that must treat the same consumer the
 * same way every time (an authorizer that denies some consumers, so that caching its verdict makes
 * sense) draw from this instead of a random stream: the answer depends on the id alone, not on the
 * order in which requests arrive, so two variants of a scenario deny the same consumers.
 */

import { fmix32, fnv1a32 } from '../../engine';

export { fnv1a32 };

/** `text` hashed to [0, 1) (FNV-1a, then `fmix32`): uniform over many ids, the same on every run. */
export function hashUnit(text: string): number {
  return fmix32(fnv1a32(text)) / 0x1_0000_0000;
}
