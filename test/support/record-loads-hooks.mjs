/**
 * The module loader hooks of record-loads.mjs: they run on the loader's thread and write each
 * resolved URL synchronously, so the list is complete when the process exits.
 */
import { appendFileSync } from 'node:fs';

/** The file the URLs are appended to. */
let log;

/** Takes the log file's path from `register`'s data. */
export function initialize(data) {
  log = data.log;
}

/** Resolves as the next hook does, and records the URL. */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
