/**
 * Text from a file, echoed back to a reader: in a diagnostic, a report, a terminal. A file is anyone's,
 * so what it says is shown, never obeyed: characters a terminal acts on (escape sequences that set its
 * title, clear the screen or colour fake text; bidirectional overrides that reorder what is shown) are
 * written as visible escapes, and a long value is cut to a short prefix that says how long it was.
 */

/** How many characters of a value a message shows before cutting it. */
export const ECHO_PREFIX = 80;

/**
 * Whether a terminal (or a text renderer) acts on the character `c` instead of showing it: a C0
 * control, DEL, a C1 control (U+0080 to U+009F, U+009B being a one-character escape sequence), or a
 * bidirectional embedding, override or isolate (U+202A to U+202E, U+2066 to U+2069). Tab is shown as
 * it is; a line break too where `multiline`.
 */
export function actsOnTerminal(c: number, multiline = false): boolean {
  if (c < 0x20) return !(c === 0x09 || (multiline && c === 0x0a));
  return (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** The visible escape of a character a terminal would act on: `\x1b` below U+0100, `\u202e` above. */
export function visibleEscape(c: number): string {
  return c < 0x80 ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every character a terminal acts on (see {@link actsOnTerminal}) written as its visible
 * escape (`\x1b`, `\u009b`, `\u202e`), so that printing it cannot move the cursor, change the title,
 * clear the screen or colour what follows. Tabs stay, and line breaks where the text is `multiline` by
 * design (a report); carriage returns never do, since one rewrites the line already shown.
 */
export function terminalSafe(text: string, options: { readonly multiline?: boolean } = {}): string {
  const multiline = options.multiline ?? false;
  let out: string[] | undefined;
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!actsOnTerminal(c, multiline)) continue;
    out ??= [];
    out.push(text.slice(copied, i), visibleEscape(c));
    copied = i + 1;
  }
  if (out === undefined) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/**
 * `value` as a message shows it: whole when it has at most `max` characters, else its first `max`
 * and how long it was, `aaaa… (1,048,576 characters)`; a 1 MB id makes a short line, not a 2 MB one.
 */
export function shortPrefix(value: string, max = ECHO_PREFIX): string {
  if (value.length <= max) return value;
  // Never keep half of a surrogate pair.
  const end = isHighSurrogate(value.charCodeAt(max - 1)) ? max - 1 : max;
  return `${value.slice(0, end)}… (${value.length.toLocaleString('en-US')} characters)`;
}

/**
 * A sentence that quotes a value (`variant "…": unknown field "sed"`) as a message shows it: whole
 * when it has at most `head + tail` characters, else its first `head` and last `tail` with how much
 * was cut between them, so that both what it is about and what it says stay readable.
 */
export function shortMiddle(text: string, head = 160, tail = 80): string {
  if (text.length <= head + tail) return text;
  let start = head;
  let end = text.length - tail;
  // Never keep half of a surrogate pair.
  if (isHighSurrogate(text.charCodeAt(start - 1))) start--;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end++;
  return `${text.slice(0, start)}… (${(end - start).toLocaleString('en-US')} characters cut) …${text.slice(end)}`;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/**
 * JSON text whose strings hold characters a terminal acts on, with those written as `\u` escapes:
 * `JSON.stringify` escapes C0 controls but leaves DEL, C1 controls and bidirectional overrides raw,
 * and `--json` output is read on terminals too. The escapes are JSON's own, so the text parses to the
 * same value; outside strings JSON holds no such character, so every one found is inside a string.
 */
export function jsonTerminalSafe(json: string): string {
  let out: string[] | undefined;
  let copied = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 0x7f || !actsOnTerminal(c)) continue;
    out ??= [];
    out.push(json.slice(copied, i), `\\u${c.toString(16).padStart(4, '0')}`);
    copied = i + 1;
  }
  if (out === undefined) return json;
  out.push(json.slice(copied));
  return out.join('');
}
