/**
 * The HCL parser is Go compiled to JavaScript, whose runtime sets `Error.stackTraceLimit` to Infinity
 * when it loads. Left so, every error the process makes afterwards captures its whole stack: the fuzzer
 * found a file of a thousand mistakes validating in 5 s instead of 0.3 s once any HCL had been read
 * (seed 1, cases 631 then 641), in the CLI and in the page's worker alike.
 */
import { createRequire } from 'node:module';
import { afterEach, expect, test } from 'vitest';
import { importSources } from '../../../src/scenario';

const require = createRequire(import.meta.url);
const original = Error.stackTraceLimit;
afterEach(() => void (Error.stackTraceLimit = original));

const ENTRY = 'Kind = "service-defaults"\nName = "api"\nProtocol = "http"\n';

test('reading HCL leaves Error.stackTraceLimit as it was, on first load and after', () => {
  // Loaded afresh, so that its runtime runs its setup here whatever other files of this worker did.
  delete require.cache[require.resolve('js-hcl-parser')];
  Error.stackTraceLimit = 10;
  expect(importSources([{ text: ENTRY, fileName: 'api.hcl' }]).errors).toEqual([]);
  expect(Error.stackTraceLimit).toBe(10);
  expect(importSources([{ text: ENTRY, fileName: 'api.hcl' }]).errors).toEqual([]);
  expect(Error.stackTraceLimit).toBe(10);
});

test('a syntax error of HCL is still reported at its position: the parser keeps its own stack depth while it runs', () => {
  Error.stackTraceLimit = 10;
  const r = importSources([
    { text: 'Kind = "service-defaults"\nName = "api"\nProtocol = {\n', fileName: 'api.hcl' },
  ]);
  expect(r.errors.map((e) => [e.line, e.message])).toEqual([
    [4, 'HCL syntax: object expected closing RBRACE got: EOF'],
  ]);
  expect(Error.stackTraceLimit).toBe(10);
});
