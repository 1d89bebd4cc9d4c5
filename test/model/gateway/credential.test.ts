import { describe, expect, it } from 'vitest';
import { CredentialState, DEFAULT_MISSING_SHARE, drawCredential } from '../../../src/model/gateway';

describe('drawCredential', () => {
  it('splits the bad share at invalid x missingShare: Missing below, Invalid above, Valid from invalid on', () => {
    expect(DEFAULT_MISSING_SHARE).toBe(0.5);
    expect([0, 0.049, 0.05, 0.099, 0.1, 0.5].map((u) => drawCredential(0.1, u))).toEqual([
      CredentialState.Missing,
      CredentialState.Missing,
      CredentialState.Invalid,
      CredentialState.Invalid,
      CredentialState.Valid,
      CredentialState.Valid,
    ]);
  });
  it('a grid of 1000 draws against invalid 0.2 gives 100 missing, 100 invalid and 800 valid', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[drawCredential(0.2, (i + 0.5) / 1000)]++;
    expect(counts).toEqual([800, 100, 100]);
  });
  it('missingShare 1 makes every bad credential missing, 0 makes every one invalid', () => {
    expect(drawCredential(0.1, 0.09, 1)).toBe(CredentialState.Missing);
    expect(drawCredential(0.1, 0, 0)).toBe(CredentialState.Invalid);
  });
  it('invalid 0 always gives Valid (as the simulation draws it today: u < invalid is bad)', () => {
    expect(drawCredential(0, 0)).toBe(CredentialState.Valid);
  });
});
