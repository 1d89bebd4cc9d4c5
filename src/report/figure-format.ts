/**
 * How the report's figures print, in the CLI's tables and on the page alike, so that both show the
 * same text for the same runs; where the page shows a figure otherwise at a glance (a share with one
 * decimal, a bare zero, a rounded span, a grouped count), that is a named option of the one function
 * (`GLANCE_PERCENT_DIGITS`, `ZeroForm`, `SpanForm`, `grouped`). Every function is pure and locale-free (thousands separated by commas,
 * a dot for decimals) so that output is the same on every machine. A value that is not a finite
 * number (no completed requests, a component absent from a variant) prints as {@link MISSING}.
 */
import type { DeltaKind, FigureUnit } from './report-figures';

/** What a value that does not exist prints as. */
export const MISSING = '—';

/** `x` with `digits` decimals and comma-grouped thousands; never prints `-0`. */
export function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return MISSING;
  const text = Math.abs(x).toFixed(digits);
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = x < 0 && /[1-9]/.test(text);
  return (negative ? '-' : '') + grouped + (fraction === undefined ? '' : `.${fraction}`);
}

/** A count of things: `1,234,567`. */
export function formatCount(n: number): string {
  return fixed(Math.round(n), 0);
}

/** Decimals for about three significant digits: 3 below 1, 2 below 10, 1 below 100, else 0. */
function decimalsFor(x: number): number {
  const a = Math.abs(x);
  if (a === 0) return 0;
  if (a < 1) return 3;
  if (a < 10) return 2;
  if (a < 100) return 1;
  return 0;
}

/** A time in milliseconds to about three significant digits: `0.250 ms`, `4.37 ms`, `43.7 ms`, `1,234 ms`. */
export function formatMs(ms: number): string {
  return Number.isFinite(ms) ? `${formatDecimal(ms, 'bare')} ms` : MISSING;
}

/** A rate per second: `8.50 rps`, `200.0 rps`, `12,346 rps`. */
export function formatRate(perSecond: number): string {
  return Number.isFinite(perSecond) ? `${rateNumber(perSecond)} rps` : MISSING;
}

/** The number of {@link formatRate} without its unit: `8.50`, `200.0`, `12,346`. */
function rateNumber(perSecond: number): string {
  const a = Math.abs(perSecond);
  return fixed(perSecond, a === 0 ? 0 : a < 10 ? 2 : a < 1000 ? 1 : 0);
}

/**
 * How a plain quantity prints zero: `decimals` (`0.00`), as the CLI's tables print it so that a
 * column of decimals reads as one, or `bare` (`0`), as the page's results table and sentences do.
 */
export type ZeroForm = 'decimals' | 'bare';

/**
 * A plain quantity such as a mean queue length, to about three significant digits and never in
 * exponent form: `0.423`, `1.23`, `43.7`, `1,234`; zero as `zero` says (default `0.00`).
 */
export function formatDecimal(x: number, zero: ZeroForm = 'decimals'): string {
  return fixed(x, x === 0 ? (zero === 'decimals' ? 2 : 0) : decimalsFor(x));
}

/**
 * Decimals of a share where the page shows it at a glance (key-figure tiles, its results table,
 * sentences): one, `71.3%`. The CLI's tables and the compare view print two, `71.34%`, the default
 * of {@link formatPercent}, so that a change of a few hundredths shows where shares are compared.
 */
export const GLANCE_PERCENT_DIGITS = 1;

/** A fraction as a percentage with `digits` decimals (default 2): `formatPercent(0.98765)` is `98.77%`. */
export function formatPercent(fraction: number, digits = 2): string {
  return Number.isFinite(fraction) ? `${fixed(fraction * 100, digits)}%` : MISSING;
}

/** A difference of two fractions in percentage points: `formatPoints(0.0123)` is `1.23 pp`. */
export function formatPoints(fractionDelta: number): string {
  return Number.isFinite(fractionDelta) ? `${fixed(fractionDelta * 100, 2)} pp` : MISSING;
}

/** A multiplier such as retry amplification: `1.001x`. */
export function formatFactor(x: number): string {
  return Number.isFinite(x) ? `${fixed(x, 3)}x` : MISSING;
}

/** A difference printed with its sign using `format` for the magnitude: `+0.84 ms`, `-12`, `0 ms`. */
export function formatSigned(delta: number, format: (x: number) => string): string {
  if (!Number.isFinite(delta)) return MISSING;
  const magnitude = format(Math.abs(delta));
  if (delta === 0 || !/[1-9]/.test(magnitude)) return format(0);
  return (delta > 0 ? '+' : '-') + magnitude;
}

/**
 * The change from `base` to `value` relative to `base`, in percent with one decimal: `+19.2%`.
 * From a zero base it is `0.0%` when nothing changed and {@link MISSING} otherwise.
 */
export function formatRelative(base: number, value: number): string {
  if (!Number.isFinite(base) || !Number.isFinite(value)) return MISSING;
  if (base === 0) return value === 0 ? '0.0%' : MISSING;
  return formatSigned(((value - base) / Math.abs(base)) * 100, (x) => `${fixed(x, 1)}%`);
}

/** The printed form of `x`, a figure of this unit (and, for a percent, these decimals). */
export function formatFigure(
  metric: { readonly unit: FigureUnit; readonly digits?: number },
  x: number,
): string {
  switch (metric.unit) {
    case 'count':
      return formatCount(x);
    case 'percent':
      return formatPercent(x, metric.digits);
    case 'ms':
      return formatMs(x);
    case 'rate':
      return formatRate(x);
    case 'factor':
      return formatFactor(x);
    case 'decimal':
      return formatDecimal(x);
  }
}

/**
 * The unit a figure's printed form ends in (`ms`, `rps`), which a table may name once in a heading
 * instead; undefined for a unit printed inside the number (`%`, `x`) or none (a count, a decimal).
 */
export function unitSuffix(unit: FigureUnit): 'ms' | 'rps' | undefined {
  return unit === 'ms' ? 'ms' : unit === 'rate' ? 'rps' : undefined;
}

/**
 * The printed form of `x` as {@link formatFigure} gives it, without the {@link unitSuffix}: `4.21`
 * for `4.21 ms`, `199.2` for `199.2 rps`, the same text for other units.
 */
export function formatFigureNumber(
  metric: { readonly unit: FigureUnit; readonly digits?: number },
  x: number,
): string {
  if (!Number.isFinite(x)) return MISSING;
  if (metric.unit === 'ms') return formatDecimal(x, 'bare');
  if (metric.unit === 'rate') return rateNumber(x);
  return formatFigure(metric, x);
}

/**
 * How a change of a figure prints, with its sign: in percentage points for a `points` row (a share),
 * else in the figure's unit: `+0.84 ms`, `-1.20 pp`, `+0.001x`; a change too small to show is `0 ms`.
 */
export function formatChange(
  metric: { readonly unit: FigureUnit; readonly digits?: number; readonly delta: DeltaKind },
  delta: number,
): string {
  return formatSigned(delta, changeMagnitude(metric));
}

/** The format of a change's size (no sign) for `metric`: points for a share row, else its unit. */
export function changeMagnitude(metric: {
  readonly unit: FigureUnit;
  readonly digits?: number;
  readonly delta: DeltaKind;
}): (x: number) => string {
  return metric.delta === 'points' ? formatPoints : (x: number) => formatFigure(metric, x);
}

/** Whether a printed number shows no change at all: no digit but zeros (`0 ms`, `+0.000x`, `0.00 pp`). */
export function printsAsZero(text: string): boolean {
  return !/[1-9]/.test(text);
}

/**
 * A claim's measured value in its unit (expectations.ts decides it from the parsed check): `80.50%`,
 * `2.28 ms`, `25.9/request`.
 */
export function formatClaimValue(
  unit: 'share' | 'ms' | 'factor' | 'perRequest' | 'number',
  value: number,
): string {
  if (!Number.isFinite(value)) return MISSING;
  if (unit === 'share') return formatPercent(value, 2);
  if (unit === 'ms') return `${formatDecimal(value)} ms`;
  if (unit === 'factor') return `${formatDecimal(value)}x`;
  if (unit === 'perRequest') return `${formatDecimal(value)}/request`;
  // A count (ejections, requests) reads as one: 2, not 2.00.
  return Number.isInteger(value) ? formatCount(value) : formatDecimal(value);
}

/**
 * How a span of time prints: `exact`, as the CLI's headings and messages print it (up to three
 * decimals, trailing zeros dropped, in ms below a second, else in s: `0.25 ms`, `1.234 s`, `150 s`),
 * or `rounded`, as the page shows it (about three significant digits, minutes from two minutes on:
 * `0.250 ms`, `1.23 s`, `2 min 30 s`).
 */
export type SpanForm = 'exact' | 'rounded';

/** A simulated or wall span of `ms` milliseconds with its unit, in the form `form` says (default `exact`). */
export function formatSpan(ms: number, form: SpanForm = 'exact'): string {
  if (!Number.isFinite(ms)) return MISSING;
  if (form === 'exact') {
    const [value, unit] = ms < 1000 ? [ms, 'ms'] : [ms / 1000, 's'];
    return `${withoutTrailingZeros(fixed(value, 3))} ${unit}`;
  }
  if (Math.abs(ms) < 1000) return `${formatDecimal(ms, 'bare')} ms`;
  const seconds = ms / 1000;
  if (Math.abs(seconds) < 120) return `${withoutTrailingZeros(seconds.toFixed(seconds < 10 ? 2 : 1))} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** `1.50` -> `1.5`, `60.0` -> `60`, `250` -> `250`. */
function withoutTrailingZeros(fixedText: string): string {
  return fixedText.includes('.') ? fixedText.replace(/\.?0+$/, '') : fixedText;
}

/**
 * `1 client`, `3 services`: a count and a noun pluralised with `s` unless the count is one. The count
 * prints as written (`1200 events`), as the CLI prints it, or with `grouped` comma-grouped
 * (`1,200 events`), as the page shows it.
 */
export function plural(
  n: number,
  noun: string,
  { grouped = false }: { readonly grouped?: boolean } = {},
): string {
  return `${grouped ? formatCount(n) : n} ${noun}${n === 1 ? '' : 's'}`;
}
