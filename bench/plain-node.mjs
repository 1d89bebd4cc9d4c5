#!/usr/bin/env node
/**
 * Runs a benchmark as plain JavaScript: bundles the TypeScript entry (and the benchmark's child
 * entries) with esbuild into `.bench/`, then runs it with Node and no loader.
 *
 * Why not tsx, as the CLI uses: with tsx's loader hooks in the process the same hot loop runs about
 * 15 % slower and far less steadily (measured on a bundled M/M/1: 8.7M events/s under plain Node,
 * 7.1 to 8.7M with `--import tsx`). The page runs a bundle too, so the figures quoted are the
 * engine's, not the loader's.
 *
 * Usage: node bench/plain-node.mjs bench/run.ts [ARG ...]
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Entries a benchmark spawns as child processes, bundled beside it. */
const CHILDREN = ['bench/memory-child.ts'];

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node bench/plain-node.mjs ENTRY.ts [ARG ...]\n');
  process.exit(2);
}
// One level below the root, so `new URL('..', import.meta.url)` in a bundle is the root, as it is in bench/.
const outdir = `${root}.bench`;
await build({
  absWorkingDir: root,
  entryPoints: [entry, ...CHILDREN],
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
const bundle = `${outdir}/${basename(entry).replace(/\.ts$/, '.mjs')}`;
const run = spawnSync(process.execPath, ['--enable-source-maps', bundle, ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
