#!/usr/bin/env node
/**
 * The command line as one JavaScript file: `src/cli/main.ts`, everything it imports and the packages
 * it uses, bundled by esbuild into `.cli/meshsim.mjs`, so that `meshsim` starts on plain Node instead
 * of compiling TypeScript at every start (about a second before the first byte).
 *
 * `npm ci` and `npm install` build it (the `prepare` script runs this file); `bin/meshsim.mjs` rebuilds
 * it first when it is missing or older than one of its sources, so that a developer who edits `src/`
 * never runs stale code. The check stats the files the last build read, as esbuild listed them, and
 * the installed packages' lockfile (some 330 files): a few milliseconds, some 10 µs a file.
 *
 * Usage: node bin/cli-bundle.mjs     (builds the bundle, prints esbuild's messages, exits 1 on failure)
 */
import { mkdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder, which holds `src/`, `bin/` and `node_modules/`. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The bundle's folder under a root: ignored by git, ESLint and Prettier. */
export const BUNDLE_DIR = '.cli';

/** The bundle's file name in {@link BUNDLE_DIR}; its source map and input list sit beside it. */
const BUNDLE_NAME = 'meshsim.mjs';

/** Where the bundle of the package at `root` is. */
export function bundlePath(root = ROOT, outDir = join(root, BUNDLE_DIR)) {
  return join(outDir, BUNDLE_NAME);
}

/** The list of the files the last build read, beside the bundle. */
const inputsPath = (bundle) => `${bundle}.inputs.json`;

/**
 * Files that change the bundle without being one of its inputs: this file (the build's options) and
 * npm's record of what is installed, rewritten by every install (a package's own files keep the
 * dates of its tarball, often 1985, so their dates cannot tell that a package changed).
 */
const BUILD_FILES = ['bin/cli-bundle.mjs', 'node_modules/.package-lock.json'];

/**
 * Why the bundle at `bundle` must be rebuilt, or `undefined` when it is up to date: it is missing, its
 * input list is missing or unreadable, or one of its inputs (or {@link BUILD_FILES}) is missing or
 * was modified after the build started.
 */
export function staleReason(root = ROOT, bundle = bundlePath(root)) {
  let builtMs;
  let inputs;
  try {
    builtMs = statSync(bundle).mtimeMs;
    inputs = JSON.parse(readFileSync(inputsPath(bundle), 'utf8'));
  } catch {
    return 'no bundle yet';
  }
  if (!Array.isArray(inputs)) return 'no list of its sources';
  for (const input of [...inputs, ...BUILD_FILES]) {
    const stats = statSync(resolve(root, input), { throwIfNoEntry: false });
    if (stats === undefined) {
      if (BUILD_FILES.includes(input)) continue;
      return `${input} is gone`;
    }
    if (stats.mtimeMs > builtMs) return `${input} changed`;
  }
  return undefined;
}

/**
 * Builds the bundle of the package at `root` into `outDir` and returns its path. The files are
 * written under temporary names and renamed into place, the bundle last, so that a `meshsim` started
 * meanwhile (tests spawn several at once) reads either the old bundle or the new one, never half of
 * one. The bundle's date is set to the moment the build started: a source saved while esbuild ran is
 * then newer, and the next start rebuilds. Rejects with esbuild's error when the sources do not
 * build, or with the file system's when the folder cannot be written.
 */
export async function buildBundle({
  root = ROOT,
  outDir = join(root, BUNDLE_DIR),
  logLevel = 'silent',
} = {}) {
  const { build } = await import('esbuild');
  const startedSeconds = Date.now() / 1000;
  const bundle = bundlePath(root, outDir);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The packages are bundled too: loading yaml's 80 CommonJS files one by one costs more than
    // reading one file. Their `require` of Node's modules needs a real `require`.
    banner: {
      js: "import { createRequire as createRequireOfBundle } from 'node:module';\nconst require = createRequireOfBundle(import.meta.url);",
    },
    // Names stay as in the sources (class and function `name`s), as they are under tsx.
    keepNames: true,
    // MESHSIM_DEBUG's stack traces name the TypeScript lines (bin/meshsim.mjs turns source maps on).
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel,
  });
  mkdirSync(outDir, { recursive: true });
  const temporary = (path) => `${path}.${process.pid}.tmp`;
  // Paths relative to the root, as esbuild gives them.
  const sources = Object.keys(result.metafile.inputs);
  const files = [
    ...result.outputFiles.filter((file) => file.path !== bundle).map((file) => [file.path, file.contents]),
    [inputsPath(bundle), `${JSON.stringify(sources, null, 1)}\n`],
    [bundle, result.outputFiles.find((file) => file.path === bundle).contents],
  ];
  for (const [path, contents] of files) {
    writeFileSync(temporary(path), contents);
    if (path === bundle) utimesSync(temporary(path), startedSeconds, startedSeconds);
    renameSync(temporary(path), path);
  }
  return bundle;
}

/** The path of an up-to-date bundle of the package at `root`, built first when it is stale. */
export async function freshBundle(root = ROOT) {
  const bundle = bundlePath(root);
  if (staleReason(root, bundle) === undefined) return bundle;
  return buildBundle({ root });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildBundle({ logLevel: 'warning' });
    process.stdout.write(`built ${BUNDLE_DIR}/${BUNDLE_NAME}\n`);
  } catch (error) {
    // esbuild has printed its messages; a file system error has not.
    if (!Array.isArray(error?.errors)) process.stderr.write(`${error?.message ?? error}\n`);
    process.exitCode = 1;
  }
}
