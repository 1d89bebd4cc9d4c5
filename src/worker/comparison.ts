/**
 * What the page needs to compare a file's variants over replications, computed on the page from the
 * reports the workers answer: the model's comparison (the same rows and estimates as `meshsim
 * compare`) and its types. Pure functions and plain data only; the page imports them from here and
 * never from the model.
 */
export { compareReplications, replicationSeeds } from '../model/comparison';
export type { Comparison, ComparisonOptions, ComparisonRow } from '../model/comparison';
export type { BetterDirection, DeltaKind, FigureUnit, Metric } from '../model/report-figures';
export { changeSense, type Change, type ChangeSense, type SensedFigure } from '../model/change-sense';
export type { Estimate } from '../engine/confidence';
export * from '../model/figure-format';
export { claimExpectedWords, claimRangeWords, claimSubject, claimValueWords } from '../model/claim-wording';
export { leadFromKeyFigures } from '../model/key-figure-lead';
export { formatKeyFigure, formatKeyFigureChange } from '../model/key-figures';
