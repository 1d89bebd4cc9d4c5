/**
 * A claim's verdict in the words a learner reads: the measured value in its unit with its noun
 * (`25.9 calls per request`, `82.3% succeed`, `+2.41 ms`) and the bounds it is held to
 * (`expected between 24 and 27`, `expected over 500 ms`). Pure and locale-free, like the figure
 * formats it builds on.
 */
import type { ClaimResult, ClaimUnit } from './expectations';
import { fixed, formatCount, formatDecimal, formatMs, MISSING } from './figure-format';

/** What the words need of a claim's result. */
export type ClaimWording = Pick<ClaimResult, 'unit' | 'noun' | 'difference'>;

/** `x` with `digits` decimals, trailing zeros dropped: `24`, `1.5`, `99.95`. */
function trimmed(x: number, digits: number): string {
  return fixed(x, digits)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/**
 * `x` in `unit`, without a sign or noun; `exact` prints a bound as written (no trailing zeros); a
 * difference of shares is in percentage points.
 */
function quantity(unit: ClaimUnit, x: number, exact: boolean, difference = false): string {
  if (!Number.isFinite(x)) return MISSING;
  switch (unit) {
    case 'share':
      // Two decimals, so that 99.95% is not read as the 99.9% it is held above.
      return `${trimmed(x * 100, 2)}${difference ? ' pp' : '%'}`;
    case 'ms':
      return exact ? `${trimmed(x, 3)} ms` : formatMs(x);
    case 'factor':
      return `${exact ? trimmed(x, 3) : formatDecimal(x)}x`;
    case 'perRequest':
    case 'number':
      if (Number.isInteger(x)) return formatCount(x);
      return exact ? trimmed(x, 3) : formatDecimal(x);
  }
}

/** The measured value `x` in words: `25.9 calls per request`, `82.3% succeed`, `+2.41 ms`, or `—`. */
export function claimValueWords(claim: ClaimWording, x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  const magnitude = quantity(claim.unit, Math.abs(x), false, claim.difference);
  const sign = x < 0 && /[1-9]/.test(magnitude) ? '-' : claim.difference && x > 0 ? '+' : '';
  return `${sign}${magnitude}${claim.noun ? ` ${claim.noun}` : ''}`;
}

/** A range of measured values (over seeds): `25.8 to 26.0 calls per request`; one value when they agree. */
export function claimRangeWords(claim: ClaimWording, low: number, high: number): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return MISSING;
  const words = (x: number) => claimValueWords({ ...claim, noun: undefined }, x);
  const noun = claim.noun ? ` ${claim.noun}` : '';
  return words(low) === words(high) ? `${words(low)}${noun}` : `${words(low)} to ${words(high)}${noun}`;
}

/**
 * A bound in the value's unit but without its noun, a negative one with its sign (`-0.5 ms`): as
 * written when it is a plain number, to the value's precision when it was read from figures.
 */
function bound(claim: ClaimWording & Pick<ClaimResult, 'boundSource'>, x: number): string {
  const magnitude = quantity(claim.unit, Math.abs(x), claim.boundSource === undefined, claim.difference);
  return x < 0 && /[1-9]/.test(magnitude) ? `-${magnitude}` : magnitude;
}

const RELATION_WORDS: Readonly<Record<Exclude<ClaimResult['relation'], 'between'>, string>> = {
  '<': 'under',
  '<=': 'at most',
  '>': 'over',
  '>=': 'at least',
  '==': 'exactly',
};

/**
 * What the claim holds its value to: `expected between 24 and 27`, `expected under 100 ms`, and for
 * a bound read from figures, what it is: `expected over 35.88% (6 × one-hop's ledger busy)`.
 */
export function claimExpectedWords(
  claim: ClaimWording & Pick<ClaimResult, 'relation' | 'bounds' | 'boundSource'>,
): string {
  const [low, high] = claim.bounds;
  if (claim.relation === 'between') {
    if (!Number.isFinite(low) || !Number.isFinite(high)) return '';
    return `expected between ${bound(claim, low)} and ${bound(claim, high)}`;
  }
  const limit = claim.relation === '>' || claim.relation === '>=' ? low : high;
  if (!Number.isFinite(limit)) return '';
  const source = claim.boundSource ? ` (${claim.boundSource})` : '';
  return `expected ${RELATION_WORDS[claim.relation]} ${bound(claim, limit)}${source}`;
}

/**
 * Which setups a claim's value is measured on: `gateway-only`, or for a difference of two
 * variants `gateway-and-mesh vs gateway-only`; empty in a file without variants.
 */
export function claimSubject(claim: Pick<ClaimResult, 'variants' | 'difference'>): string {
  const { variants } = claim;
  if (variants.length === 2 && claim.difference) return `${variants[0]} vs ${variants[1]}`;
  return variants.join(', ');
}
