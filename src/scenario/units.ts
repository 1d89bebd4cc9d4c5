/**
 * Units, parsed once at the file boundary: durations become milliseconds, rates requests per second.
 */
import { bad, check, type Check } from './checks';
import { DURATION_UNITS } from './duration-units';
import type { Millis, PerSecond } from './types';

export { DURATION_UNITS };

// Units people write that we do not take, mapped to the one they meant (for the hint).
const UNIT_ALIASES: Readonly<Record<string, string>> = {
  ns: '',
  usec: 'us',
  micros: 'us',
  msec: 'ms',
  msecs: 'ms',
  millis: 'ms',
  millisecond: 'ms',
  milliseconds: 'ms',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
};

const DURATION = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµ]*)$/;

/** A duration string's parts, or undefined when it is not even number-then-word. */
function split(text: string): { value: number; unit: string } | undefined {
  const m = DURATION.exec(text.trim());
  return m ? { value: Number(m[1]), unit: m[2] } : undefined;
}

/**
 * Milliseconds of `250us`, `5ms`, `1.5s`, `2m`, `1h`, or of a bare number (already ms);
 * undefined for anything else. `unlimited` and `infinity` are Infinity.
 */
export function parseDuration(value: string | number): Millis | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  const t = value.trim().toLowerCase();
  if (t === 'unlimited' || t === 'infinity') return Infinity;
  const parts = split(value);
  if (parts === undefined) return undefined;
  if (parts.unit === '') return parts.value;
  // hasOwn: a unit like `constructor` must not find Object.prototype's.
  return Object.hasOwn(DURATION_UNITS, parts.unit) ? parts.value * DURATION_UNITS[parts.unit] : undefined;
}

/** What a valid duration may look like, for messages. */
export const DURATION_FORM = 'a duration such as 250us, 5ms, 1.5s, 2m, 1h, or a number of ms';

/** Options of a duration field. */
export interface DurationRule {
  /** Allow `unlimited`, `infinity` or `.inf` (timeouts, fault lengths). */
  readonly infinite?: boolean;
  /** Zero is not allowed (the simulated duration, a window). */
  readonly positive?: boolean;
}

/** A duration field, resolved to milliseconds; negative values are errors. */
export function duration(rule: DurationRule = {}): Check<Millis> {
  const expects = `${rule.positive ? 'a positive' : 'a'} duration such as 250us, 5ms, 1.5s, 2m, 1h, or a number of ms${rule.infinite ? ', or unlimited' : ''}`;
  return check(expects, (node, path, r) => {
    const raw = node.kind === 'scalar' ? node.value : undefined;
    const ms = typeof raw === 'string' || typeof raw === 'number' ? parseDuration(raw) : undefined;
    if (ms === undefined)
      return bad(
        r,
        node,
        path,
        'is not a duration',
        expects,
        typeof raw === 'string' ? unitHint(raw) : undefined,
      );
    if (ms === Infinity || ms === -Infinity)
      return rule.infinite && ms > 0 ? ms : bad(r, node, path, 'must be finite', expects);
    if (ms < 0) return bad(r, node, path, 'must not be negative', expects);
    if (rule.positive && ms === 0) return bad(r, node, path, 'must be greater than 0', expects);
    return ms;
  });
}

function unitHint(text: string): string {
  const parts = split(text);
  const unit =
    parts && Object.hasOwn(UNIT_ALIASES, parts.unit.toLowerCase())
      ? UNIT_ALIASES[parts.unit.toLowerCase()]
      : undefined;
  if (parts && unit) return `did you mean "${parts.value}${unit}"?`;
  return 'units: us, ms, s, m, h';
}

/** A rate in requests per second: a number >= 0. */
export const rate: Check<PerSecond> = check('a rate per second >= 0', (node, path, r) => {
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    return bad(
      r,
      node,
      path,
      'must be a number of requests per second',
      rate.expects,
      typeof v === 'string' ? 'rates are plain numbers per second, e.g. 200' : undefined,
    );
  }
  if (v < 0) return bad(r, node, path, 'must not be negative', rate.expects);
  return v;
});

/** An Apigee spike-arrest rate, kept as written (`per`) and as requests per second (`perSecond`). */
export interface SpikeRate {
  readonly perSecond: PerSecond;
  readonly per: 'second' | 'minute';
  /** The number written before `ps` or `pm`. */
  readonly count: number;
}

/** Apigee's `30ps` (per second) or `12pm` (per minute); a bare number is per second. */
export const spikeRate: Check<SpikeRate> = check('a rate such as 30ps or 12pm', (node, path, r) => {
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return { perSecond: v, per: 'second', count: v };
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ps|pm)\s*$/.exec(v) : null;
  if (!m) return bad(r, node, path, 'is not a spike-arrest rate', spikeRate.expects);
  const count = Number(m[1]);
  return m[2] === 'ps'
    ? { perSecond: count, per: 'second', count }
    : { perSecond: count / 60, per: 'minute', count };
});
