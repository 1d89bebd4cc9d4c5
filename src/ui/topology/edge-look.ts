/**
 * How an edge shows its traffic: the words of its label (calls/s, p99, error share), the width of its
 * line (calls/s on a log scale) and its tone (error share). Pure, so the legend, the SVG and the tests
 * read the same rules.
 */
import type { EdgeFigures } from './traffic-view';

/** Error share from which an edge is drawn vermillion rather than orange (Kiali's failure threshold). */
export const MANY_ERRORS = 0.1;

/** An edge's colour: its usual one without errors, orange below `MANY_ERRORS`, vermillion from it. */
export type ErrorTone = 'none' | 'some' | 'many';

/** The tone of an error share, 0 to 1. */
export function errorTone(errorShare: number): ErrorTone {
  if (!(errorShare > 0)) return 'none';
  return errorShare < MANY_ERRORS ? 'some' : 'many';
}

/** Line width of an edge with no traffic, and what each tenfold of calls/s adds (layout units). */
export const EDGE_WIDTH = { base: 1.2, perDecade: 1.6, max: 8 } as const;

/**
 * Line width for `rps` calls a second: `base` up to 1/s, then `perDecade` more for each tenfold
 * (1.2 at 1/s, 2.8 at 10/s, 4.4 at 100/s, 6 at 1,000/s), at most `max`.
 */
export function edgeWidth(rps: number): number {
  const decades = rps > 1 ? Math.log10(rps) : 0;
  return Math.min(EDGE_WIDTH.max, EDGE_WIDTH.base + EDGE_WIDTH.perDecade * decades);
}

/** Calls a second, short: `0/s`, `0.5/s`, `80/s`, `2.1k/s`, `35k/s`. */
export function rateText(rps: number): string {
  if (!(rps > 0)) return '0/s';
  if (rps < 10) return `${trim(rps.toFixed(1))}/s`;
  if (rps < 1000) return `${Math.round(rps)}/s`;
  if (rps < 10_000) return `${trim((rps / 1000).toFixed(1))}k/s`;
  return `${Math.round(rps / 1000)}k/s`;
}

/** A latency, short: `0.42 ms`, `4.1 ms`, `815 ms`, `1.2 s`. */
export function latencyText(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${trim(ms.toFixed(2))} ms`;
  if (ms < 10) return `${trim(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${trim((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))} s`;
}

/** A share as a percentage, short: `100%`, `12%`, `0.4%`, `<0.1%`. */
export function shareText(share: number): string {
  const percent = share * 100;
  if (percent >= 10 || percent === 0) return `${Math.round(percent)}%`;
  if (percent >= 0.1) return `${trim(percent.toFixed(1))}%`;
  return '<0.1%';
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/**
 * The lines of an edge's label: calls/s; its p99; its error share when not zero (`+4xx` when some
 * tries were answered 4xx too), else its 4xx share when not zero. An edge with no tries in the
 * window says so in one line.
 */
export function edgeLabelLines(f: EdgeFigures): string[] {
  if (f.tries === 0) return ['no calls'];
  const lines = [rateText(f.rps), `p99 ${latencyText(f.p99)}`];
  // One short line, so that the label keeps the room it was placed with; the tooltip has both shares.
  if (f.errorShare > 0) lines.push(`${shareText(f.errorShare)} err${f.clientErrorShare > 0 ? ' +4xx' : ''}`);
  else if (f.clientErrorShare > 0) lines.push(`4xx ${shareText(f.clientErrorShare)}`);
  return lines;
}

/** The edge in words, for its tooltip and screen readers; `window` says which window, e.g. `last 1 s`. */
export function edgeTitle(from: string, to: string, f: EdgeFigures, window: string): string {
  if (f.tries === 0) return `${from} → ${to}: no calls; ${window}`;
  const parts = [
    `${rateText(f.rps)} tries`,
    `p99 ${latencyText(f.p99)}`,
    `${shareText(f.errorShare)} errors (5xx, reset, timed out)`,
  ];
  if (f.clientErrorShare > 0) parts.push(`${shareText(f.clientErrorShare)} answered 4xx`);
  return `${from} → ${to}: ${parts.join(', ')}; ${window}`;
}
