/**
 * The figures of a comparison printed exactly as `meshsim compare` prints them, so that the page and
 * the command line show the same text for the same runs (a test holds the two to each other). Pure
 * and locale-free: thousands separated by commas, a dot for decimals; a value that is not a finite
 * number prints as {@link MISSING}.
 */
import type { FigureUnit } from '../worker/comparison';

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

/** Decimals for about three significant digits: 3 below 1, 2 below 10, 1 below 100, else 0. */
function decimalsFor(x: number): number {
  const a = Math.abs(x);
  if (a === 0) return 0;
  if (a < 1) return 3;
  if (a < 10) return 2;
  if (a < 100) return 1;
  return 0;
}

/** A count of things: `1,234,567`. */
export function figureCount(n: number): string {
  return fixed(Math.round(n), 0);
}

/** A time in milliseconds with its unit: `0.250 ms`, `4.37 ms`, `1,234 ms`. */
export function figureMs(ms: number): string {
  return Number.isFinite(ms) ? `${fixed(ms, decimalsFor(ms))} ms` : MISSING;
}

/** A rate per second: `8.50 rps`, `200.0 rps`, `12,346 rps`. */
export function figureRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return MISSING;
  const a = Math.abs(perSecond);
  return `${fixed(perSecond, a === 0 ? 0 : a < 10 ? 2 : a < 1000 ? 1 : 0)} rps`;
}

/** A plain quantity: `0.00`, `0.423`, `1.23`, `43.7`, `1,234`. */
export function figureDecimal(x: number): string {
  return fixed(x, x === 0 ? 2 : decimalsFor(x));
}

/** A share (0 to 1) as a percentage: `98.77%`. */
export function figurePercent(fraction: number, digits = 2): string {
  return Number.isFinite(fraction) ? `${fixed(fraction * 100, digits)}%` : MISSING;
}

/** A difference of two shares in percentage points: `1.23 pp`. */
export function figurePoints(fractionDelta: number): string {
  return Number.isFinite(fractionDelta) ? `${fixed(fractionDelta * 100, 2)} pp` : MISSING;
}

/** A multiplier: `1.001x`. */
export function figureFactor(x: number): string {
  return Number.isFinite(x) ? `${fixed(x, 3)}x` : MISSING;
}

/** A difference with its sign, `format` printing the magnitude: `+0.84 ms`, `-12`, `0 ms`. */
export function figureSigned(delta: number, format: (x: number) => string): string {
  if (!Number.isFinite(delta)) return MISSING;
  const magnitude = format(Math.abs(delta));
  if (delta === 0 || !/[1-9]/.test(magnitude)) return format(0);
  return (delta > 0 ? '+' : '-') + magnitude;
}

/** The change from `base` to `value` in percent of `base`: `+19.2%`; from a zero base `0.0%` or {@link MISSING}. */
export function figureRelative(base: number, value: number): string {
  if (!Number.isFinite(base) || !Number.isFinite(value)) return MISSING;
  if (base === 0) return value === 0 ? '0.0%' : MISSING;
  return figureSigned(((value - base) / Math.abs(base)) * 100, (x) => `${fixed(x, 1)}%`);
}

/** The printed form of `x`, a figure of this unit (and, for a percent, these decimals). */
export function formatFigure(
  metric: { readonly unit: FigureUnit; readonly digits?: number },
  x: number,
): string {
  switch (metric.unit) {
    case 'count':
      return figureCount(x);
    case 'percent':
      return figurePercent(x, metric.digits);
    case 'ms':
      return figureMs(x);
    case 'rate':
      return figureRate(x);
    case 'factor':
      return figureFactor(x);
    case 'decimal':
      return figureDecimal(x);
  }
}
