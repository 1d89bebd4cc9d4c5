/**
 * What a claim's measured value counts, in the words a learner reads after the number: `calls per
 * request`, `succeed`, `answered 503`, `ejections`. Decided from the parsed check, so that the page
 * and the command line never reparse its text. A value whose figures mean different things (a latency
 * over a count) gets no noun: then its unit alone is printed.
 */
import { claimSides, exprFigures, type Claim, type Expr } from '../scenario/expectations';
import type { ClaimUnit } from './expectations';

/** What kind of value a noun follows: a share (`82.3% succeed`), a count (`2 ejections`), ms. */
type NounKind = 'share' | 'count' | 'ms';

/** Nouns of a figure by its name (or the end of it), each with the kind of value it follows. */
const NOUNS: readonly (readonly [RegExp, NounKind, string])[] = [
  [/^successRate$/, 'share', 'succeed'],
  [/^share\.(\w+)$/, 'share', 'answered $1'],
  [/\.utilization$/, 'share', 'busy'],
  [/^requests\.byStatus\.(\w+)$/, 'count', 'requests answered $1'],
  [/^requests\.generated$/, 'count', 'requests'],
  [/^requests\.ok$/, 'count', 'requests answered 2xx'],
  [/^requests\.failed$/, 'count', 'requests failed'],
  [/\.(?:served|servedByInstance\.\d+)$/, 'count', 'calls served'],
  [/\.rejected$/, 'count', 'calls rejected'],
  [/^mesh\.cpuMsPer1000Requests$/, 'ms', 'of sidecar CPU per 1,000 requests'],
  [/^mesh\.mtls\.handshakes$/, 'count', 'handshakes'],
  [/^mesh\.outcomes\.ejections$/, 'count', 'ejections'],
  [/^mesh\.outcomes\.breakerRejected$/, 'count', 'rejected by the breaker'],
  [/^mesh\.outcomes\.breakerOpened$/, 'count', 'breaker openings'],
  [/^mesh\.outcomes\.poolOverflows$/, 'count', 'pool overflows'],
  [/^mesh\.outcomes\.retriesDenied$/, 'count', 'retries denied'],
  [/^attempts\.retries$/, 'count', 'retries'],
  [/^attempts\.total$/, 'count', 'tries'],
  [/^edge\..+\.tries$/, 'count', 'tries'],
  [/\.admitted$/, 'count', 'admitted'],
  [/\.proxy-cache\.hit$/, 'count', 'cache hits'],
  [/\.proxy-cache\.miss$/, 'count', 'cache misses'],
  [/\.external-auth\.calls$/, 'count', 'authorizer calls'],
  [/\.calls$/, 'count', 'calls'],
];

/**
 * The kind and noun of one figure name, as `kind:noun` (`share.503`: `share:answered 503`), if it has
 * one.
 */
export function nounOf(name: string): string | undefined {
  for (const [pattern, kind, noun] of NOUNS) {
    const match = pattern.exec(name);
    if (match) return `${kind}:${noun.replace('$1', match[1] ?? '')}`;
  }
  return undefined;
}

/** The kind of value a claim's unit prints. */
const KIND_OF_UNIT: Readonly<Record<ClaimUnit, NounKind | undefined>> = {
  share: 'share',
  number: 'count',
  ms: 'ms',
  factor: undefined,
  perRequest: undefined,
};

/** Whether `e` only adds and subtracts figures (no numbers, no products): then it keeps their meaning. */
function sumOfFigures(e: Expr): boolean {
  if (e.kind === 'figure') return true;
  if (e.kind === 'negate') return sumOfFigures(e.arg);
  return (
    e.kind === 'binary' && (e.op === '+' || e.op === '-') && sumOfFigures(e.left) && sumOfFigures(e.right)
  );
}

/** Whether `e` divides figures by figures somewhere: a ratio, which has none of their units. */
export function ratioOfFigures(e: Expr): boolean {
  if (e.kind === 'negate') return ratioOfFigures(e.arg);
  if (e.kind !== 'binary') return false;
  if (e.op === '/' && exprFigures(e.left).length > 0 && exprFigures(e.right).length > 0) return true;
  return ratioOfFigures(e.left) || ratioOfFigures(e.right);
}

/** Whether `e` is a difference (its last operation a subtraction): its value reads with a sign. */
export function isDifference(e: Expr): boolean {
  return (e.kind === 'binary' && e.op === '-') || e.kind === 'negate';
}

/** Whether `e` is a count divided by the requests generated: `served / requests.generated`. */
export function perRequestRatio(e: Expr): boolean {
  if (e.kind !== 'binary' || e.op !== '/') return false;
  const { left, right } = e;
  return (
    right.kind === 'figure' &&
    right.name === 'requests.generated' &&
    (sumOfFigures(left) || left.kind === 'figure') &&
    exprFigures(left).every((f) =>
      /\.(?:served|servedByInstance\.\d+|rejected)$|^attempts\.total$/.test(f.name),
    )
  );
}

/**
 * The noun that follows `claim`'s measured value printed in `unit`, or undefined when the value is
 * best left with its unit alone (a latency, a ratio, figures of different kinds, a count scaled by a
 * number). A difference of like figures keeps their noun: `+430 calls served`.
 */
export function claimNoun(claim: Claim, unit: ClaimUnit): string | undefined {
  const { measured } = claimSides(claim);
  if (unit === 'perRequest' && measured.kind === 'binary') {
    const served = exprFigures(measured.left).every((f) =>
      /\.(?:served|servedByInstance\.\d+)$/.test(f.name),
    );
    return served ? 'calls per request' : 'per request';
  }
  if (!sumOfFigures(measured)) return undefined;
  const nouns = new Set(exprFigures(measured).map((f) => nounOf(f.name)));
  const [noun] = nouns;
  if (nouns.size !== 1 || noun === undefined) return undefined;
  // A share's noun only reads after a percentage, a count's only after a count.
  const colon = noun.indexOf(':');
  return noun.slice(0, colon) === KIND_OF_UNIT[unit] ? noun.slice(colon + 1) : undefined;
}
