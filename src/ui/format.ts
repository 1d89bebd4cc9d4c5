/**
 * Number formatting for the page. Fixed to `en-US` grouping so that what the page shows, the tests and
 * the CLI's tables agree; not-a-number and infinities show as an em dash.
 */

const DASH = '—';
const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count: `12,345`. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? grouped.format(Math.round(n)) : DASH;
}

/**
 * A measured quantity with about three significant digits, never in exponent form:
 * `0.423`, `4.21`, `42.1`, `421`, `4,213`.
 */
export function formatQuantity(x: number): string {
  if (!Number.isFinite(x)) return DASH;
  const size = Math.abs(x);
  if (size === 0) return '0';
  if (size < 1) return x.toFixed(3);
  if (size < 10) return x.toFixed(2);
  if (size < 100) return x.toFixed(1);
  return grouped.format(Math.round(x));
}

/** A latency or duration in milliseconds, without the unit (the row label carries it). */
export const formatMs = formatQuantity;

/** A share, 0 to 1, as a percentage with one decimal: `71.3%`. */
export function formatPercent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : DASH;
}

/** A simulated or wall duration with its unit: `250 ms`, `1.5 s`, `60 s`, `2 min 30 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return DASH;
  if (Math.abs(ms) < 1000) return `${formatQuantity(ms)} ms`;
  const seconds = ms / 1000;
  if (Math.abs(seconds) < 120) return `${trim(seconds.toFixed(seconds < 10 ? 2 : 1))} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** `1.50` -> `1.5`, `60.0` -> `60`. */
function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** `1 error`, `3 errors`. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}
