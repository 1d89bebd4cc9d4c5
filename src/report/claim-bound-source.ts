/**
 * A claim's bound read aloud when it is measured from figures rather than written as a number:
 * `expected over 35.88%` is against `6 × one-hop's ledger busy`. The figures are named as a learner
 * reads them (`one-hop's ledger busy`, `istio's p99`, `edge → orders tries`), numbers as the check
 * writes them (`4%`, `1.5 s`).
 */
import { exprFigures, type Claim, type Expr } from '../scenario/expectations';
import { nounOf } from './claim-nouns';

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
