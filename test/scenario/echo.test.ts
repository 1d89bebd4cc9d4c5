import fc from 'fast-check';
import { Document, parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../src/scenario/diagnostics';
import { jsonTerminalSafe, shortMiddle, shortPrefix, terminalSafe } from '../../src/scenario/echo';
import { terminalSafeYaml } from '../../src/scenario/terminal-yaml';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ACTS_ON_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const TITLE = '\x1b]0;pwned\x07';

describe('terminalSafe', () => {
  test('writes C0 controls, DEL, C1 controls and bidi overrides as visible escapes', () => {
    expect(terminalSafe(`a${TITLE}\x1b[2Jb\x7f\u009b31m\u202e\u2066c`)).toBe(
      'a\\x1b]0;pwned\\x07\\x1b[2Jb\\x7f\\u009b31m\\u202e\\u2066c',
    );
  });
  test('keeps tabs, and line breaks only in multi-line text; a carriage return never', () => {
    expect(terminalSafe('a\tb\nc\rd')).toBe('a\tb\\x0ac\\x0dd');
    expect(terminalSafe('a\tb\nc\rd', { multiline: true })).toBe('a\tb\nc\\x0dd');
  });
  test('leaves other text as it is, accents and right-to-left letters included', () => {
    for (const text of ['Café · 5 ms', 'שלום', 'a\\x1b']) expect(terminalSafe(text)).toBe(text);
  });
  test('never leaves a character a terminal acts on (seed 14)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(terminalSafe(text)).not.toMatch(ACTS_ON_TERMINAL);
      }),
      { seed: 14, numRuns: 2000 },
    );
  });
});

describe('short echoes', () => {
  test('shortPrefix keeps 80 characters and says how long the value was', () => {
    expect(shortPrefix('abc')).toBe('abc');
    expect(shortPrefix('s'.repeat(1 << 20))).toBe(`${'s'.repeat(80)}… (1,048,576 characters)`);
    // Half of a surrogate pair is not kept.
    expect(shortPrefix(`${'a'.repeat(79)}😀b`)).toBe(`${'a'.repeat(79)}… (82 characters)`);
  });
  test('shortMiddle keeps both ends of a sentence', () => {
    const text = `variant "${'v'.repeat(10_000)}": unknown field "sed"`;
    expect(shortMiddle(text, 20, 30)).toBe(
      `variant "${'v'.repeat(11)}… (9,981 characters cut) …${'v'.repeat(8)}": unknown field "sed"`,
    );
  });
});

describe('formatDiagnostic', () => {
  const base: Diagnostic = {
    severity: 'error',
    file: 'a.yaml',
    line: 3,
    column: 5,
    path: 'name',
    message: 'm',
  };

  test('a 1 MB value in any part makes a line under 1 KB', () => {
    const huge = `${TITLE}${'x'.repeat(1 << 20)}`;
    const line = formatDiagnostic({
      ...base,
      path: huge,
      message: huge,
      expected: huge,
      found: huge,
      hint: huge,
    });
    expect(line.length).toBeLessThan(1024);
    expect(line).not.toMatch(ACTS_ON_TERMINAL);
    expect(line).toContain('… (1,048,5');
  });
  test('a message is one line; line breaks in it become spaces', () => {
    expect(formatDiagnostic({ ...base, message: 'two\n   lines \r\n here' })).toBe(
      'a.yaml:3:5: name: two lines here',
    );
  });
});

describe('JSON and YAML written for a terminal', () => {
  const value = { name: `shop ${TITLE}\u009b31m\u202e\x7f`, ['k\u009b']: ['a\u2066b', 'line\nbreak'] };

  test('jsonTerminalSafe escapes what JSON.stringify leaves raw, and parses to the same value', () => {
    const json = jsonTerminalSafe(JSON.stringify(value, null, 2));
    expect(json).not.toMatch(ACTS_ON_TERMINAL);
    expect(json).toContain('\\u009b31m\\u202e\\u007f');
    expect(JSON.parse(json)).toEqual(value);
  });
  test('terminalSafeYaml double-quotes such strings and escapes them, and reads back the same', () => {
    const text = terminalSafeYaml(new Document(value), { lineWidth: 110 });
    expect(text).not.toMatch(ACTS_ON_TERMINAL);
    expect(parse(text)).toEqual(value);
  });
});
