/**
 * A preload, `node --import ./test/support/record-loads.mjs SCRIPT`, that appends the URL of every
 * module the process resolves through the ES module loader (static and dynamic imports) to the file
 * named by the environment's RECORD_LOADS, one a line, so that a test can tell what a start loaded.
 */
import { register } from 'node:module';

register('./record-loads-hooks.mjs', import.meta.url, { data: { log: process.env.RECORD_LOADS } });
