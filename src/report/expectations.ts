/**
 * Evaluating a lesson's claims against a run: each claim's figures are read from the report of the
 * variant they name, and the comparison says whether the claim holds on that run.
 */
import { claimSides, exprFigures, exprUnits, type Claim, type Expr } from '../scenario/expectations';
import type { Expectation } from '../scenario/types';
import { boundSource } from './claim-bound-source';
import { claimNoun, isDifference, perRequestRatio, ratioOfFigures } from './claim-nouns';
import { figure, UnknownFigure } from './figures';
import type { Report, VariantReport } from './report';

/** What a claim's measured value is: see {@link claimUnit}. `perRequest`: a count per request generated. */
export type ClaimUnit = 'share' | 'ms' | 'factor' | 'perRequest' | 'number';

/** A latency in ms: end-to-end percentiles, a component's mean wait, a mesh edge's percentiles. */
export const LATENCY = /^(?:p50|p90|p99|p999|mean|max|latencyMs\..+|.+\.meanWaitMs|edge\..+\.(?:p50|p99))$/;
/** A share, 0 to 1: of answered requests, or of a component's workers. */
export const SHARE = /^(?:successRate|share\..+|.+\.utilization)$/;

/**
 * The unit of a claim's measured value, from its measured side: a share when it reads only shares,
 * ms when it reads only latencies; else the unit written on that side, or on a bound written as a
 * plain number (`between 13% and 19%`: a share; but not `> 15% * generated`, a count).
 */
export function claimUnit(claim: Claim): ClaimUnit {
  const { measured, bounds } = claimSides(claim);
  const names = exprFigures(measured).map((f) => f.name);
  // A ratio of figures has none of their units: ledger busy / ledger busy is a plain factor.
  const all = (pattern: RegExp) =>
    names.length > 0 && !ratioOfFigures(measured) && names.every((name) => pattern.test(name));
  if (all(SHARE)) return 'share';
  if (all(LATENCY) || all(/^mesh\.cpuMsPer1000Requests$/)) return 'ms';
  const units = [
    ...exprUnits(measured),
    ...bounds.filter((b) => exprFigures(b).length === 0).flatMap(exprUnits),
  ];
  if (units.includes('%')) return 'share';
  if (perRequestRatio(measured)) return 'perRequest';
  // Figures over figures with no unit written: how many times one is the other.
  if (units.every((u) => u === '') && ratioOfFigures(measured)) return 'factor';
  if (units.some((u) => u === 'us' || u === 'ms' || u === 's' || u === 'm')) return 'ms';
  if (units.includes('x')) return 'factor';
  return 'number';
}

/** The verdict on one claim in one run. */
export interface ClaimResult {
  readonly say: string;
  readonly check: string;
  /** Whether the claim holds; false when a figure is missing (then `error` says why). */
  readonly holds: boolean;
  /** The measured side: the left of a comparison, or the value of `between`; NaN when unknown. */
  readonly value: number;
  /** The bounds it was held to: `[low, high]`, either infinite for a one-sided comparison. */
  readonly bounds: readonly [number, number];
  /** What the measured value is, for printing it: a share (0 to 1), ms, a factor, per request, or a plain number. */
  readonly unit: ClaimUnit;
  /** How it is held: between its bounds, or by one comparison (`<` reads "under", `==` "exactly"). */
  readonly relation: 'between' | '<' | '<=' | '>' | '>=' | '==';
  /** Words after the value (`calls per request`, `succeed`, `ejections`), when the figures have them. */
  readonly noun?: string;
  /** Whether the value is a difference (its sign matters: `+2.41 ms`). */
  readonly difference: boolean;
  /** For a bound that reads figures, what it is in words: `6 × one-hop's ledger busy`. */
  readonly boundSource?: string;
  /** The variants the measured side reads, in order, without repeats; none in a file without variants. */
  readonly variants: readonly string[];
  readonly error?: string;
}

/**
 * The verdict on each of `expectations` against `report`. A claim names variants by name; in a file
 * without variants its figures come from the only run.
 */
export function evaluateExpectations(expectations: readonly Expectation[], report: Report): ClaimResult[] {
  return expectations.map((e) => evaluate(e, report));
}

function evaluate(e: Expectation, report: Report): ClaimResult {
  const unit = claimUnit(e.claim);
  const noun = claimNoun(e.claim, unit);
  const source = boundSource(e.claim);
  const base = {
    say: e.say,
    check: e.check,
    unit,
    relation: e.claim.kind === 'between' ? ('between' as const) : e.claim.op,
    ...(noun === undefined ? {} : { noun }),
    difference: isDifference(e.claim.kind === 'compare' ? e.claim.left : e.claim.value),
    ...(source === undefined ? {} : { boundSource: source }),
    variants: measuredVariants(e.claim),
  };
  try {
    const value = (x: Expr) => evaluateExpr(x, report);
    const { claim } = e;
    const measured = value(claim.kind === 'compare' ? claim.left : claim.value);
    const bounds = claimBounds(claim, value);
    return { ...base, holds: holdsWithin(claim, measured, bounds), value: measured, bounds };
  } catch (err) {
    if (!(err instanceof UnknownFigure)) throw err;
    return { ...base, holds: false, value: NaN, bounds: [NaN, NaN], error: err.message };
  }
}

function claimBounds(claim: Claim, value: (x: Expr) => number): [number, number] {
  if (claim.kind === 'between') return [value(claim.low), value(claim.high)];
  const other = value(claim.right);
  switch (claim.op) {
    case '<':
    case '<=':
      return [-Infinity, other];
    case '>':
    case '>=':
      return [other, Infinity];
    case '==':
      return [other, other];
  }
}

function holdsWithin(claim: Claim, x: number, [low, high]: readonly [number, number]): boolean {
  if (Number.isNaN(x)) return false;
  if (claim.kind === 'between') return x >= low && x <= high;
  switch (claim.op) {
    case '<':
      return x < high;
    case '<=':
      return x <= high;
    case '>':
      return x > low;
    case '>=':
      return x >= low;
    case '==':
      return x === low;
  }
}

/** The value of `e` on `report`; a figure without a variant name reads the first variant. Throws UnknownFigure. */
export function evaluateExpr(e: Expr, report: Report): number {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'figure':
      return figure(variantOf(report, e.variant), e.name);
    case 'negate':
      return -evaluateExpr(e.arg, report);
    case 'binary': {
      const a = evaluateExpr(e.left, report);
      const b = evaluateExpr(e.right, report);
      if (e.op === '+') return a + b;
      if (e.op === '-') return a - b;
      if (e.op === '*') return a * b;
      return a / b;
    }
  }
}

function variantOf(report: Report, name: string | undefined): VariantReport {
  const variant = name === undefined ? report.variants[0] : report.variants.find((v) => v.name === name);
  if (variant === undefined) throw new UnknownFigure(`the run has no variant "${name}"`);
  return variant;
}

/** The variants a claim's measured side reads, in order of appearance, without repeats. */
function measuredVariants(claim: Claim): string[] {
  const { measured } = claimSides(claim);
  return [...new Set(exprFigures(measured).flatMap((f) => (f.variant === undefined ? [] : [f.variant])))];
}
