import { describe, expect, it } from 'vitest';
import { cli } from './fake-io';

describe('main: commands and usage errors', () => {
  it('--help and help print the overview on stdout, exit 0', async () => {
    for (const argv of [['--help'], ['help'], ['-h']]) {
      const r = await cli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        'meshsim run FILE... [--seed N] [--duration D] [--variant NAME] [--json] [--trace FILE]',
      );
      expect(r.stderr).toBe('');
    }
  });

  it('help COMMAND and COMMAND --help print that command', async () => {
    expect((await cli(['help', 'compare'])).stdout).toMatch(/^Usage: meshsim compare FILE/);
    const r = await cli(['run', 'whatever.yaml', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: meshsim run FILE/);
  });

  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^meshsim \d+\.\d+\.\d+\n$/);
  });

  it('no command prints usage on stderr, exit 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage:');
  });

  it.each([
    [['runn', 'a.yaml'], "unknown command 'runn' (did you mean 'run'?)"],
    [['deploy'], "unknown command 'deploy' (expected run, validate, compare, check, import, export or help)"],
    [['--frobnicate'], "unknown option '--frobnicate'"],
    [['run', 'a.yaml', '--sed', '1'], "unknown flag --sed for 'run' (did you mean --seed?)"],
    [['run', 'a.yaml', '--variant'], '--variant needs a value'],
    [['run', 'a.yaml', '--seed', 'abc'], "--seed expects a non-negative integer, got 'abc'"],
    [
      ['run', 'a.yaml', '--duration', '10 parsecs'],
      "--duration expects a positive duration like 30s, 500ms or 2m, got '10 parsecs'",
    ],
    [['run'], "'run' needs a scenario FILE"],
    [['export', 'a.yaml', 'b.yaml', '--to', 'kong'], "'export' takes one FILE, got 2: a.yaml b.yaml"],
    [['validate', 'a.yaml', '--json'], "unknown flag --json for 'validate'"],
    [['compare', 'a.yaml', '--variant', 'x'], "unknown flag --variant for 'compare'"],
    [['help', 'bogus'], "no help for 'bogus'"],
  ])('%j is a usage error, exit 2', async (argv, message) => {
    const r = await cli(argv, { readFile: () => expect.unreachable('usage errors come before reading') });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a usage error points at the command help', async () => {
    const r = await cli(['run', 'a.yaml', '--sed', '1']);
    expect(r.stderr).toContain("Run 'meshsim help run' for usage.");
  });

  it('import without a file is a usage error, exit 2', async () => {
    const r = await cli(['import']);
    expect(r.code).toBe(2);
  });

  it('an unreadable file is exit 1 with a message naming it', async () => {
    const r = await cli(['validate', 'no/such/scenario.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("meshsim: cannot read scenario file 'no/such/scenario.yaml': no such file\n");
  });

  it('any failure to read is exit 1, on one line', async () => {
    const r = await cli(['validate', 'x.yaml'], {
      readFile: () => {
        throw new TypeError('boom\nsecond line');
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("meshsim: cannot read scenario file 'x.yaml': boom\n");
  });

  it('an unexpected error is one line without a stack, exit 3', async () => {
    const broken = await cli(['--version'], {
      stdout: () => {
        throw new Error('stdout is gone');
      },
    });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toBe('meshsim: internal error: stdout is gone\n');
  });
});
