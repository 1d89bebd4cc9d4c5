import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from './fake-io';

const hostile = (name: string) => fileURLToPath(new URL(`../fixtures/hostile/${name}`, import.meta.url));

/**
 * Characters a terminal acts on instead of showing: C0 controls but tab and line feed, DEL, C1
 * controls, and bidirectional overrides and isolates.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ACTS_ON_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** What a run printed, both streams, for the assertions. */
const printed = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

describe('terminal output shows what files say, never obeys it', () => {
  const names = hostile('terminal-escapes-in-names.yaml');

  it.each([
    ['run', [names, '--duration', '1s']],
    ['run --json', [names, '--duration', '1s', '--json']],
    ['compare', [names, '--duration', '1s']],
    ['compare --json', [names, '--duration', '1s', '--json']],
    ['check', [names, '--duration', '1s', '--seeds', '1']],
    ['check --json', [names, '--duration', '1s', '--seeds', '1', '--json']],
    ['validate', [names]],
    ['run --variant (a usage error quoting the variants)', [names, '--variant', 'nope']],
  ])(
    '%s: a scenario and variant name with escape sequences print as visible escapes',
    async (label, args) => {
      const r = await cli([label.split(' ')[0], ...args]);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(printed(r)).not.toMatch(ACTS_ON_TERMINAL);
      // The names are still there for the reader, escaped.
      expect(printed(r)).toMatch(/\\(x1b|u001b)\]0;pwned\\(x07|u0007)/);
      expect(printed(r)).toMatch(/\\u009b31m/);
      expect(printed(r)).toMatch(/\\u202e/);
    },
  );

  it('--json output still parses to the names as the file wrote them', async () => {
    const r = await cli(['run', names, '--duration', '1s', '--json']);
    const report = JSON.parse(r.stdout) as { scenario: string; variants: { name: string }[] };
    expect(report.scenario).toBe(
      'shop \x1b]0;pwned\x07\x1b[2J\x1b[32mEverything passed\x1b[0m\u009b31m\u202e',
    );
    expect(report.variants[1].name).toBe(
      'fast \x1b]0;pwned\x07\x1b[2J\x1b[32mEverything passed\x1b[0m\u009b31m\u202e',
    );
  });

  it('an unknown key with escape sequences is named in its diagnostic as visible escapes', async () => {
    const r = await cli(['validate', hostile('terminal-escapes-in-unknown-key.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown field "colour\\x1b]0;pwned\\x07\\x1b[2J\\x1b[32mEverything passed');
    expect(printed(r)).not.toMatch(ACTS_ON_TERMINAL);
  });

  it('a Kong bundle with escape sequences in its names: import and run print none of them', async () => {
    const bundle = hostile('terminal-escapes-in-kong-bundle.yaml');
    const imported = await cli(['import', bundle]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('plugin "correlation-id\\x1b[2J\\u009b31m" is not modelled');
    expect(printed(imported)).not.toMatch(ACTS_ON_TERMINAL);
    expect(parse(imported.stdout)).toHaveProperty('gateway.id', 'kong');
    const run = await cli(['run', bundle, '--duration', '1s']);
    expect(run.code).toBe(0);
    expect(printed(run)).not.toMatch(ACTS_ON_TERMINAL);
  });

  it("meshsim's own progress line keeps its carriage return and line erase", async () => {
    let now = 0;
    let stderr = '';
    const r = await cli(['run', names, '--duration', '2s'], {
      isTTY: true,
      now: () => (now += 400),
      stderr: (text) => void (stderr += text),
    });
    expect(r.code).toBe(0);
    expect(stderr).toContain('\r\x1b[2K');
    // Every ESC written is the progress bar's own erase.
    expect(stderr.replaceAll('\r\x1b[2K', '')).not.toMatch(ACTS_ON_TERMINAL);
  });
});

describe('diagnostics echo a short prefix of a long value', () => {
  it.each([1 << 20, 90_000])('an id of %i characters gives diagnostics under 1 KB a line', async (length) => {
    const shape = readFileSync(hostile('diagnostic-long-id.yaml'), 'utf8');
    const files = tempFiles({ 'long-id.yaml': shape.replace(/\bID\b/g, 's'.repeat(length)) });
    try {
      const r = await cli(['validate', files.path('long-id.yaml')]);
      expect(r.code).toBe(1);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line.length).toBeLessThan(1024);
    } finally {
      files.cleanup();
    }
  });

  it('a variant name of 90,000 characters is cut in the middle of its message, the rest kept', async () => {
    const shape = readFileSync(hostile('terminal-escapes-in-names.yaml'), 'utf8');
    const text = shape
      .replace('- name: "fast', `- name: "${'v'.repeat(90_000)}`)
      .replace('    seed: 2', '    sed: 2');
    const files = tempFiles({ 'long-variant.yaml': text });
    try {
      const r = await cli(['validate', files.path('long-variant.yaml')]);
      const line = r.stderr.split('\n').find((l) => l.includes('unknown field "sed"'));
      expect(line).toBeDefined();
      expect(line!.length).toBeLessThan(1024);
      expect(line).toMatch(/sed: variant "v+… \(\d{2},\d{3} characters cut\) …/);
      expect(line).toMatch(
        /Everything passed\\x1b\[0m\\u009b31m\\u202e": unknown field "sed" did you mean "seed"\?$/,
      );
    } finally {
      files.cleanup();
    }
  });
});
