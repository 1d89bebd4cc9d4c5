/**
 * The `meshsim` bin runs the command line's JavaScript bundle, not the TypeScript sources: it builds
 * the bundle when it is missing or a source is newer (one and the same path), and runs the sources
 * through tsx (saying so) only when the bundle cannot be built. Each test spawns the real bin; those
 * that build or break a bundle do it in a temporary copy of the package (`bin/` and `package.json`
 * copied, `src/` and `node_modules/` linked), never in the repository's own bundle folder.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };

const root = fileURLToPath(new URL('../..', import.meta.url));
const VERSION_LINE = `meshsim ${packageJson.version}\n`;

/** Runs `node [nodeArgs] ROOT/bin/meshsim.mjs args` and returns its exit code and output. */
function meshsim(
  packageRoot: string,
  args: string[],
  options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {},
) {
  const run = spawnSync(
    process.execPath,
    [...(options.nodeArgs ?? []), join(packageRoot, 'bin/meshsim.mjs'), ...args],
    {
      cwd: packageRoot,
      encoding: 'utf8',
      env: { ...process.env, ...options.env },
      timeout: 30_000,
    },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the package to build in: `bin/` and `package.json` copied, `src/` and `node_modules/` linked. */
function packageCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-bin-'));
  temporary.push(dir);
  mkdirSync(join(dir, 'bin'));
  for (const file of ['meshsim.mjs', 'cli-bundle.mjs'])
    copyFileSync(join(root, 'bin', file), join(dir, 'bin', file));
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'src'), join(dir, 'src'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('the meshsim bin', () => {
  it('runs the bundle: --version prints the package version and loads neither tsx nor a TypeScript file', () => {
    const log = join(mkdtempSync(join(tmpdir(), 'meshsim-loads-')), 'loads.txt');
    temporary.push(join(log, '..'));
    writeFileSync(log, '');
    const run = meshsim(root, ['--version'], {
      nodeArgs: ['--import', join(root, 'test/support/record-loads.mjs')],
      env: { RECORD_LOADS: log },
    });
    expect(run).toEqual({ code: 0, stdout: VERSION_LINE, stderr: '' });
    const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(loaded).toContain(pathToFileURL(join(root, '.cli/meshsim.mjs')).href);
    expect(loaded.filter((url) => url.includes('/tsx/') || /\.[cm]?ts$/.test(url))).toEqual([]);
  });

  it('keeps an up-to-date bundle and rebuilds one older than a source', () => {
    // The repository's bundle, up to date once the bin has started, is copied rather than built
    // again: its list names the sources relative to the root, and the copy links them.
    expect(meshsim(root, ['--version']).stdout).toBe(VERSION_LINE);
    const dir = packageCopy();
    mkdirSync(join(dir, '.cli'));
    for (const file of ['meshsim.mjs', 'meshsim.mjs.map', 'meshsim.mjs.inputs.json'])
      copyFileSync(join(root, '.cli', file), join(dir, '.cli', file));
    const bundle = join(dir, '.cli/meshsim.mjs');
    const copied = statSync(bundle).mtimeMs;

    expect(meshsim(dir, ['--version'])).toEqual({ code: 0, stdout: VERSION_LINE, stderr: '' });
    expect(statSync(bundle).mtimeMs).toBe(copied);

    // Every source is now newer than the bundle, as after an edit (without touching the sources).
    const longAgo = new Date('2001-01-01T00:00:00Z');
    utimesSync(bundle, longAgo, longAgo);
    const rebuildFrom = Date.now();
    expect(meshsim(dir, ['--version'])).toEqual({ code: 0, stdout: VERSION_LINE, stderr: '' });
    // A rebuilt bundle is dated when its build started.
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(rebuildFrom - 1000);
  });

  it('runs the sources through tsx, with one line on stderr, when the bundle cannot be built', () => {
    const dir = packageCopy();
    // A file where the bundle's folder should be: the build cannot write it.
    writeFileSync(join(dir, '.cli'), '');
    const run = meshsim(dir, ['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(VERSION_LINE);
    expect(run.stderr).toMatch(
      /^meshsim: could not build the command line's bundle \(.+\); running the sources through tsx\n$/,
    );
  });
});
