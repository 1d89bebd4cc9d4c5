/**
 * Text from files written into an exported document: an SVG's XML, a `data:` URI. XML 1.0 can carry
 * tab, line feed, carriage return and every other character from U+0020 up except lone surrogates,
 * U+FFFE and U+FFFF; a name holding any other (a C0 control, half of a surrogate pair) made the
 * exported SVG malformed, and `encodeURIComponent` throws "URI malformed" on a lone surrogate. So
 * what XML cannot carry becomes U+FFFD, the replacement character, and the rest is escaped.
 */

/** U+FFFD, shown where a character could not be carried. */
export const REPLACEMENT = '\uFFFD';

/**
 * `text` with each lone surrogate replaced by U+FFFD, as `String.prototype.toWellFormed` does (used
 * where the engine has it): a string every encoder (`encodeURIComponent`, UTF-8) accepts.
 */
export function wellFormed(text: string): string {
  const native = (text as { toWellFormed?: () => string }).toWellFormed;
  if (typeof native === 'function') return native.call(text);
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, REPLACEMENT);
}

/**
 * Whether the UTF-16 unit `c` (not part of a surrogate pair) is a character XML 1.0 can carry:
 * tab, line feed, carriage return, U+0020 to U+D7FF and U+E000 to U+FFFD.
 */
function xmlCarries(c: number): boolean {
  return c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
}

/**
 * `text` as XML character data (`attribute` true: inside a double-quoted attribute value). `&`, `<`,
 * `>` (and `"` in an attribute) are escaped; a character XML 1.0 cannot carry becomes U+FFFD; DEL and
 * the C1 controls, which XML carries but a reader cannot see, are written as character references,
 * and so are tab, line feed and carriage return in an attribute, which a parser would turn to spaces.
 */
export function xmlEscape(text: string, attribute = false): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let replacement: string | undefined;
    if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      i++; // a whole pair: a character from U+10000 up, which XML carries
      continue;
    } else if (c === 0x26) replacement = '&amp;';
    else if (c === 0x3c) replacement = '&lt;';
    else if (c === 0x3e) replacement = '&gt;';
    else if (c === 0x22 && attribute) replacement = '&quot;';
    else if (!xmlCarries(c)) replacement = REPLACEMENT;
    else if ((c >= 0x7f && c <= 0x9f) || (attribute && c < 0x20)) replacement = `&#x${c.toString(16)};`;
    if (replacement === undefined) continue;
    out += text.slice(copied, i) + replacement;
    copied = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
