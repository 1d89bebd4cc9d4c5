/**
 * Issue 14 on the command line and the page's worker: a bundle's scenario document is reported at
 * its own file, line and column ("Positions lost in bundles"), and a file over the loader's limit is
 * refused before it is read whole ("Parsing work without a bound").
 */
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readBoundedFile } from '../../src/cli/bounded-read';
import { MAX_FILE_BYTES } from '../../src/scenario/parse-limits';
import { cli, tempFiles } from './fake-io';

const BUNDLE = 'bundle-scenario-error-position.yaml';
const bundleText = readFileSync(new URL(`../fixtures/hostile/${BUNDLE}`, import.meta.url), 'utf8');
// The field the scenario document gets wrong, where the bundle wrote it.
const BOGUS = `${BUNDLE}:17:5: services[0].bogus: unknown field "bogus"`;

describe('an error in a bundle\'s scenario document (reported at "<stdout>:17:31")', () => {
  const files = tempFiles({ [BUNDLE]: bundleText });
  const path = files.path(BUNDLE);
  const atInput = `${path}:17:5: services[0].bogus: unknown field "bogus"`;

  test.each([['validate'], ['run']])('%s names the bundle, its line and column', async (command) => {
    const { code, stderr } = await cli([command, path]);
    expect(code).toBe(1);
    expect(stderr).toContain(atInput);
    expect(stderr).not.toMatch(/<imported>:\d+/);
  });

  test('import prints the scenario and names the bundle, not the printed text', async () => {
    const { code, stdout, stderr } = await cli(['import', path]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/bogus: 3/);
    expect(stderr).toContain(atInput);
    expect(stderr).not.toMatch(/<stdout>:\d+/);
  });

  test('a value of the scenario document in an Istio bundle is reported at its line too', async () => {
    const library = readFileSync(
      new URL('../../scenarios/istio/bookinfo-bundle.yaml', import.meta.url),
      'utf8',
    );
    const lines = library.split('\n');
    const at = lines.findIndex((l) => l.includes('median: 6ms'));
    lines[at] = lines[at].replace('median: 6ms', 'median: -6ms');
    writeFileSync(files.path('istio.yaml'), lines.join('\n'));
    const { stderr } = await cli(['validate', files.path('istio.yaml')]);
    const column = lines[at].indexOf('-6ms') + 1;
    expect(stderr).toMatch(
      new RegExp(
        `istio\\.yaml:${at + 1}:${column}: services\\[\\d+\\]\\.serviceTime\\.median: must not be negative`,
      ),
    );
  });

  test("the page's import answers with the errors at the bundle's lines, as for an import error", async () => {
    const { createSimulationApi } = await import('../../src/worker/simulation');
    const answer = await createSimulationApi().importBundle(bundleText, BUNDLE);
    expect(answer.bundle).toBe(true);
    if (!answer.bundle) return;
    expect(answer.text).toBe('');
    expect(answer.errors.map((d) => d.text)).toEqual([expect.stringContaining(BOGUS)]);
  });
});

describe('a file over 512 KiB', () => {
  test('is refused by its size before it is read: a 2 GB file costs the heap nothing', async () => {
    const files = tempFiles({ 'huge.yaml': '' });
    truncateSync(files.path('huge.yaml'), 2 ** 31); // sparse: no disk used
    const heapBefore = process.memoryUsage().heapUsed;
    const { code, stderr } = await cli(['validate', files.path('huge.yaml')], { readFile: readBoundedFile });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `meshsim: cannot read scenario file '${files.path('huge.yaml')}': the file is 2,147,483,648 bytes, over the limit of 524,288 (512 KiB); make it smaller: fewer variants, schedule steps or services, shorter text, or split a bundle into several files\n`,
    );
    const imported = await cli(['import', files.path('huge.yaml')], { readFile: readBoundedFile });
    expect(imported.stderr).toMatch(
      /cannot read '.*huge\.yaml': the file is 2,147,483,648 bytes, over the limit/,
    );
    files.cleanup();
  });

  test('a file at the limit is read whole; a device with no end is read only one byte past it', () => {
    const files = tempFiles({ 'full.yaml': `#${'x'.repeat(MAX_FILE_BYTES - 2)}\n` });
    expect(readBoundedFile(files.path('full.yaml'))).toHaveLength(MAX_FILE_BYTES);
    files.cleanup();
    if (existsSync('/dev/zero'))
      expect(() => readBoundedFile('/dev/zero')).toThrow(
        /^the file is more than 524,288 bytes, the limit \(512 KiB\)/,
      );
  });
});
