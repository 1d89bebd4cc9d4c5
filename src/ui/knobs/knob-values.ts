/**
 * How a knob's value is written in a scenario file, read from the YAML scalar that holds it, and how
 * a new value is written back in the same form: `2s` stays in seconds (`1.5s`), `250ms` in
 * milliseconds, a plain number a plain number, a quoted value quoted, spike-arrest's `30ps` per
 * second. The page cannot use `src/scenario` (layers), so these few forms are parsed here, with the
 * format's own table of duration units.
 */
import { Scalar } from 'yaml';
import { DURATION_UNITS } from '../../report/duration-units';
import { tidy } from './knob-scale';

/** A value as the file wrote it: its number, and how to write another number the same way. */
export interface WrittenValue {
  /** The number, in the knob's unit (durations in ms). */
  readonly value: number;
  /** The text of the scalar holding `next`, in the written form (quotes included). */
  write(next: number): string;
}

const NUMBER = String.raw`(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const DURATION = new RegExp(String.raw`^(${NUMBER})(\s*)(${Object.keys(DURATION_UNITS).join('|')})?$`);
const PER_PERIOD = new RegExp(String.raw`^(${NUMBER})(\s*)(ps|pm)$`);

/** A number as YAML writes it, without binary noise: `0.3`, `1500`. */
export function numberText(n: number): string {
  return String(tidy(n));
}

/** The quote the scalar was written with (`"`, `'` or none); block scalars are not knobs. */
function quoteOf(node: Scalar): string | null {
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
      return '"';
    case Scalar.QUOTE_SINGLE:
      return "'";
    case Scalar.PLAIN:
    case undefined:
      return '';
    default:
      return null;
  }
}

/** A plain number (`rate: 200`, `instances: 3`): written back as a plain number. */
export function readNumber(node: Scalar): WrittenValue | null {
  if (typeof node.value !== 'number' || !Number.isFinite(node.value) || quoteOf(node) !== '') return null;
  return { value: node.value, write: numberText };
}

/**
 * A duration (`250ms`, `2s`, `1m`, `5 ms`, `"250"`, or a number of ms). A new value keeps the
 * written unit when it is a short decimal in it (1 500 ms as `1.5s`), else is written in ms.
 * `unlimited` and other words are not durations: null.
 */
export function readDuration(node: Scalar): WrittenValue | null {
  const quote = quoteOf(node);
  if (quote === null) return null;
  if (typeof node.value === 'number') {
    if (!Number.isFinite(node.value) || quote !== '') return null;
    return { value: node.value, write: numberText };
  }
  if (typeof node.value !== 'string') return null;
  const match = DURATION.exec(node.value.trim());
  if (match === null) return null;
  const [, amount, , space, written] = match;
  const unit = written ?? '';
  const factor = unit === '' ? 1 : DURATION_UNITS[unit];
  return {
    value: tidy(Number(amount) * factor),
    write(next) {
      const inUnit = tidy(next / factor);
      const short = Math.abs(inUnit * 1000 - Math.round(inUnit * 1000)) < 1e-6;
      const text = short ? `${numberText(inUnit)}${space}${unit}` : `${numberText(next)}${space}ms`;
      return `${quote}${text}${quote}`;
    },
  };
}

/**
 * A limiter's rate or limit: a number, or spike-arrest's `30ps` (per second) or `12pm` (per minute),
 * written back with the same suffix.
 */
export function readRate(node: Scalar): WrittenValue | null {
  const quote = quoteOf(node);
  if (quote === null) return null;
  if (typeof node.value === 'number') return readNumber(node);
  if (typeof node.value !== 'string') return null;
  const match = PER_PERIOD.exec(node.value.trim());
  if (match === null) return null;
  const [, amount, , space, suffix] = match;
  return {
    value: Number(amount),
    write: (next) => `${quote}${numberText(next)}${space}${suffix}${quote}`,
  };
}

/** True for spike-arrest's per-minute form (`12pm`), whose unit is a period, not a second. */
export function isPerMinute(node: Scalar): boolean {
  return typeof node.value === 'string' && /pm$/.test(node.value.trim());
}
