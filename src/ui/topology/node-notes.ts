/**
 * The note lines a node's box lists (what the gateway's plugins hold: `rate-limiting 37/100 left`,
 * `proxy-cache hit 62%`), read as plain text: the share a `left` line's bar fills, and a line shortened
 * to fit its row. Pure; the lines name plugins from user files and are only ever set as text.
 */
import { shorten } from './node-box';

/** `<name> <a>/<b> left`, a and b plain decimals: what is left of a budget. */
const LEFT = /^\S.*? (\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?) left$/;

/**
 * The share of a budget a note line says is left: `a / b` of `<name> <a>/<b> left`, within [0, 1]
 * (0 when b is 0); NaN when the line is not of that form, and then it gets no bar.
 */
export function noteShare(line: string): number {
  const match = LEFT.exec(line);
  if (match === null) return NaN;
  const left = Number(match[1]);
  const whole = Number(match[2]);
  if (whole <= 0) return 0;
  return left >= whole ? 1 : left / whole;
}

/**
 * `line` in at most `max` characters. When it is too long the name (up to the first space) is
 * shortened with `…` and the figures after it are kept, since they are what changes; a line whose
 * figures alone do not fit is cut at the end.
 */
export function fitNote(line: string, max: number): string {
  const chars = [...line];
  if (chars.length <= max) return line;
  const space = line.indexOf(' ');
  const rest = space > 0 ? [...line.slice(space)] : [];
  // Keep at least two characters of the name and its ellipsis, so that the row still says whose it is.
  if (rest.length > 0 && rest.length + 3 <= max)
    return shorten(line.slice(0, space), max - rest.length) + rest.join('');
  return shorten(line, max);
}
