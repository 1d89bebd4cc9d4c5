/**
 * The values a fuzz case puts into a scenario: the shapes the hostile-input campaign found trouble
 * with (extreme numbers and durations, Object.prototype member names, terminal escapes, very long
 * strings, lone surrogates), each small enough to write down, and generators for the large ones.
 */
import type { Random } from './random';

/** Numbers and number-like strings at the edges: zero, negatives, tiny, huge, not-a-number. */
export const EXTREME_NUMBERS: readonly (number | string)[] = [
  0,
  -1,
  1e-9,
  1e8,
  1e10,
  1e300,
  -1e10,
  0.5,
  2 ** 31,
  2 ** 53 + 1,
  'NaN',
  'nan',
  '.nan',
  'Infinity',
  '.inf',
  '-.inf',
  '1e400',
  '-0',
  '0x7fffffff',
  '1_000_000',
  '',
];

/** Durations at the edges: a tiny interval, zero, negative, huge, malformed. */
export const EXTREME_DURATIONS: readonly string[] = [
  '0.001us',
  '1e-9ms',
  '0us',
  '0s',
  '-1s',
  '1e10h',
  '99999999h',
  '1000h',
  '1e8s',
  'NaNs',
  'Infinityms',
  '5 parsecs',
  '1.5.5s',
];

/** Every member name of Object.prototype, and the names that reach it through a plain object. */
export const PROTOTYPE_NAMES: readonly string[] = [
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
  '__proto__',
];

/** Escape sequences and control characters that a terminal or an XML or URI encoder would act on. */
export const CONTROL_TEXTS: readonly string[] = [
  '\u001b]0;pwned\u0007',
  '\u001b[2J\u001b[H',
  '\u001b[32mEverything passed\u001b[0m',
  '\u009b31m',
  '\u0000',
  '\r',
  '\u0008\u0008\u0008',
  '\u007f',
  '\u2028',
  '\u202e',
  '\ufeff',
  '<svg onload=alert(1)>',
  ']]>&amp;&#0;',
  '%E0%A4%A',
];

/** Lone surrogates: valid in a JavaScript string, invalid in UTF-8, XML and URIs. */
export const LONE_SURROGATES: readonly string[] = ['\ud800', '\udfff', 'a\ud83d', '\ude00b'];

/** A long string of one of the shapes that are slow to render or echo: plain, Markdown, a long id. */
export function longString(random: Random): string {
  const length = random.pick([1_000, 10_000, 100_000, 1_000_000]);
  const unit = random.pick(['a', '**a ', '_a ', '[a](', '`a', '\\', 'é', '-', '\u001b[1m']);
  return unit.repeat(Math.ceil(length / unit.length));
}

/** A string that is hostile in one of the ways above, for a string field or a map key. */
export function hostileString(random: Random, original: string): { value: string; kind: string } {
  switch (random.int(5)) {
    case 0:
      return { value: random.pick(PROTOTYPE_NAMES), kind: 'prototype name' };
    case 1: {
      const at = random.int(original.length + 1);
      const inserted = random.pick(CONTROL_TEXTS);
      return { value: original.slice(0, at) + inserted + original.slice(at), kind: 'control characters' };
    }
    case 2:
      return { value: longString(random), kind: 'long string' };
    case 3: {
      const at = random.int(original.length + 1);
      const inserted = random.pick(LONE_SURROGATES);
      return { value: original.slice(0, at) + inserted + original.slice(at), kind: 'lone surrogate' };
    }
    default:
      return {
        value: random.pick(['', ' ', '-', '*', '/', '..', '.', '0', 'null', 'true']),
        kind: 'odd name',
      };
  }
}
