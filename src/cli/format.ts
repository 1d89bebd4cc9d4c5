/**
 * Formats of the text reports: the report's figures print as the model's figure formats (shared with
 * the page), plus what only the command line prints: spans of simulated time and counted nouns.
 */
import { fixed, MISSING } from '../report/figure-format';

export {
  fixed,
  formatCount,
  formatDecimal,
  formatFactor,
  formatMs,
  formatPercent,
  formatPoints,
  formatRate,
  formatRelative,
  formatSigned,
  MISSING,
} from '../report/figure-format';

/** A simulated span for headings: `500 ms`, `60 s`, `1.5 s`, `4,000 s` (up to three decimals, no trailing zeros). */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  const [value, unit] = ms < 1000 ? [ms, 'ms'] : [ms / 1000, 's'];
  return `${fixed(value, 3).replace(/\.?0+$/, '')} ${unit}`;
}

/** `1 client`, `3 services`: a count and a noun that is pluralised with `s` unless it is one. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
