import { describe, expect, it } from 'vitest';
import { closest, onlyFile, parseArgs, parseDuration, parseSeed, UsageError } from '../../src/cli/args';

const FLAGS = [{ name: 'seed', value: 'an integer seed' }, { name: 'json' }];

describe('parseArgs', () => {
  it('takes --flag value, --flag=value, boolean flags and positionals in any order', () => {
    const parsed = parseArgs(['--json', 'a.yaml', '--seed=3'], FLAGS, 'run');
    expect(parsed.positionals).toEqual(['a.yaml']);
    expect([...parsed.flags]).toEqual([
      ['json', true],
      ['seed', '3'],
    ]);
    expect(parseArgs(['--seed', '4', 'a.yaml'], FLAGS, 'run').flags.get('seed')).toBe('4');
  });

  it('treats everything after -- as positionals', () => {
    expect(parseArgs(['--', '--json'], FLAGS, 'run').positionals).toEqual(['--json']);
  });

  it.each([
    [['--sede', '1'], /unknown flag --sede for 'run' \(did you mean --seed\?\)/],
    [['--colour'], /unknown flag --colour for 'run' \(expected one of --seed, --json\)/],
    [['-x'], /unknown flag -x/],
    [['--seed'], /--seed needs a value: an integer seed/],
    [['--seed', '--json'], /--seed needs a value/],
    [['--json=yes'], /--json takes no value, got 'yes'/],
    [['--json', '--json'], /--json is given twice/],
  ])('rejects %j', (args, message) => {
    expect(() => parseArgs(args, FLAGS, 'run')).toThrow(UsageError);
    expect(() => parseArgs(args, FLAGS, 'run')).toThrow(message);
  });

  it('onlyFile wants exactly one file', () => {
    expect(() => onlyFile({ positionals: [], flags: new Map() }, 'run')).toThrow(
      "'run' needs a scenario FILE",
    );
    expect(() => onlyFile({ positionals: ['a', 'b'], flags: new Map() }, 'run')).toThrow(
      "'run' takes one FILE, got 2: a b",
    );
  });
});

describe('flag values', () => {
  it('parseDuration reads the units of scenario files', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('250us')).toBe(0.25);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('750')).toBe(750);
    expect(parseDuration('1e3')).toBe(1000);
  });

  it.each(['0s', '-1s', 'fast', '10 parsecs', 'unlimited', ''])(
    'parseDuration rejects %j naming what it expects',
    (text) => {
      expect(() => parseDuration(text)).toThrow(
        `--duration expects a positive duration like 30s, 500ms or 2m, got '${text}'`,
      );
    },
  );

  it('parseSeed wants a non-negative integer', () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('42')).toBe(42);
    for (const bad of ['-1', '1.5', 'abc', '99999999999999999999']) {
      expect(() => parseSeed(bad)).toThrow(`--seed expects a non-negative integer, got '${bad}'`);
    }
  });

  it('closest suggests only near misses', () => {
    expect(closest('runn', ['run', 'validate', 'compare'])).toBe('run');
    expect(closest('validte', ['run', 'validate', 'compare'])).toBe('validate');
    expect(closest('deploy', ['run', 'validate', 'compare'])).toBeUndefined();
  });
});
