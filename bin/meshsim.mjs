#!/usr/bin/env node
/**
 * The `meshsim` command: runs the command line's JavaScript bundle (see cli-bundle.mjs), rebuilt first
 * when a source is newer. When it cannot be built (no esbuild, a folder that cannot be written), it
 * says so in one line and runs the TypeScript sources through tsx instead, as slowly as before.
 */
import { pathToFileURL } from 'node:url';
import { freshBundle } from './cli-bundle.mjs';

// Stack traces (MESHSIM_DEBUG) then name the TypeScript sources' lines rather than the bundle's.
if (process.env.MESHSIM_DEBUG) process.setSourceMapsEnabled(true);

/** The sources through tsx's loader, as the command ran before it had a bundle: a second slower to start. */
async function sourcesThroughTsx() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli/main.ts');
}

let bundle;
try {
  bundle = await freshBundle();
} catch (error) {
  const reason = (error?.errors?.[0]?.text ?? error?.message ?? String(error)).split('\n')[0];
  process.stderr.write(
    `meshsim: could not build the command line's bundle (${reason}); running the sources through tsx\n`,
  );
}
const cli = bundle === undefined ? await sourcesThroughTsx() : await import(pathToFileURL(bundle).href);
await cli.runFromProcess();
