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

/** The kind and noun of one figure name (`share.503`: a share, `answered 503`), if it has one. */
function nounOf(name: string): string | undefined {
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

/** Short names of figures for a bound read aloud: `ledger busy`, `p50`, `success`. */
const SHORT_NAMES: readonly (readonly [RegExp, string])[] = [
  [/^p999$/, 'p99.9'],
  [/^(p50|p90|p99|mean|max)$/, '$1'],
  [/^successRate$/, 'success'],
  [/^share\.(\w+)$/, 'share of $1'],
  [/^requests\.generated$/, 'requests'],
  [/^requests\.byStatus\.(\w+)$/, '$1 answers'],
  [/^components\.(.+)\.utilization$/, '$1 busy'],
  [/^components\.(.+)\.served$/, '$1 calls served'],
  [/^components\.(.+)\.rejected$/, '$1 calls rejected'],
  [/^components\.(.+)\.meanWaitMs$/, '$1 mean wait'],
  [/^mesh\.cpuMsPer1000Requests$/, 'sidecar CPU'],
  [/^edge\.([^.]+)\.([^.]+)\.(tries|rps|errors|p50|p99)$/, '$1 → $2 $3'],
  [/^edge\.(.+)\.(tries|rps|errors|p50|p99)$/, 'edge $1 $2'],
];

/** `one-hop's ledger busy`: a figure of a variant, in words. */
function figureWords(f: Expr & { kind: 'figure' }): string {
  const counted = nounOf(f.name);
  // Else a count's noun (`pool overflows`, `cache misses`), else the name as the report has it.
  let name = counted?.startsWith('count:') ? counted.slice('count:'.length) : f.name;
  for (const [pattern, words] of SHORT_NAMES) {
    const match = pattern.exec(f.name);
    if (match) {
      name = words.replace(/\$(\d)/g, (_, i: string) => match[Number(i)] ?? '');
      break;
    }
  }
  if (f.variant === undefined) return name;
  return `${f.variant}${f.variant.endsWith('s') ? "'" : "'s"} ${name}`;
}

/** A number as its check writes it: `2%`, `1.5 s`, `10`. */
function numberWords(n: Expr & { kind: 'number' }): string {
  const plain = (x: number) => String(Number(x.toPrecision(12)));
  switch (n.unit) {
    case '%':
      return `${plain(n.value * 100)}%`;
    case 'us':
      return `${plain(n.value * 1000)} µs`;
    case 's':
      return `${plain(n.value / 1000)} s`;
    case 'm':
      return `${plain(n.value / 60_000)} min`;
    case '':
      return plain(n.value);
    default:
      return `${plain(n.value)}${n.unit === 'x' ? 'x' : ` ${n.unit}`}`;
  }
}

/** `e` in words: `6 × one-hop's ledger busy`, `one's p50 / 10`. */
function exprWords(e: Expr, parent?: '+' | '-' | '*' | '/'): string {
  switch (e.kind) {
    case 'number':
      return numberWords(e);
    case 'figure':
      return figureWords(e);
    case 'negate':
      return `-${exprWords(e.arg, '*')}`;
    case 'binary': {
      const text = `${exprWords(e.left, e.op)} ${e.op === '*' ? '×' : e.op} ${exprWords(e.right, e.op)}`;
      const loose = e.op === '+' || e.op === '-';
      return loose && (parent === '*' || parent === '/' || parent === '-') ? `(${text})` : text;
    }
  }
}

/**
 * Where a one-sided claim's bound comes from, when it reads figures (`6 × one-hop's ledger busy`),
 * so that a learner sees what `expected over 35.88%` is measured against; undefined for a plain number.
 */
export function boundSource(claim: Claim): string | undefined {
  if (claim.kind !== 'compare' || exprFigures(claim.right).length === 0) return undefined;
  return exprWords(claim.right);
}
