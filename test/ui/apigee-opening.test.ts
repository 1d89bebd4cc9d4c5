/**
 * The page opens an Apigee API proxy as Apigee exports it: the zip of `apiproxy/`, or its XML files
 * picked or dropped together. Its files reach the importer one by one with their paths, and the
 * worker imports them as the command line does.
 */
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { expect, test } from 'vitest';
import { FileRefusedError, readFiles, unzipProxy } from '../../src/ui/files';
import { createSimulationApi } from '../../src/worker/simulation';

const zip = readFileSync(new URL('../fixtures/real/apigee/orders-api_rev3.zip', import.meta.url));

test('a zipped proxy opens as its XML files, each named by its path in the zip', async () => {
  const opened = await readFiles([new File([zip], 'orders-api_rev3.zip')]);
  // Named as the reader knows it; its parts by their paths in the zip.
  expect(opened.name).toBe('orders-api_rev3.zip');
  expect(opened.parts?.map((p) => p.name)).toEqual([
    'orders-api_rev3.zip/apiproxy/orders-api.xml',
    'orders-api_rev3.zip/apiproxy/policies/SA-Spike.xml',
    'orders-api_rev3.zip/apiproxy/proxies/default.xml',
    'orders-api_rev3.zip/apiproxy/targets/default.xml',
  ]);
});

test('a file that is not a zip, or a zip without a proxy, is refused with a reason', async () => {
  await expect(unzipProxy(new TextEncoder().encode('not a zip'), 'x.zip')).rejects.toThrow(FileRefusedError);
  const readme = zipSync({ 'README.md': new TextEncoder().encode('hi') });
  await expect(unzipProxy(readme, 'docs.zip')).rejects.toThrow(
    'docs.zip holds no apiproxy/ folder of XML files (an Apigee API proxy).',
  );
});

test('the worker imports the opened proxy as an apigee gateway, its warnings naming the files in the zip', async () => {
  const opened = await readFiles([new File([zip], 'orders-api_rev3.zip')]);
  const answer = await createSimulationApi().importBundle(opened.text, opened.name, opened.parts);
  if (!answer.bundle) expect.fail('not taken as a bundle');
  expect(answer.errors).toEqual([]);
  expect(answer.text).toContain('profile: apigee');
  expect(answer.warnings.map((w) => w.file)).toEqual(['orders-api_rev3.zip/apiproxy/targets/default.xml']);
  expect(answer.facts?.sources).toEqual(['an Apigee API proxy bundle']);
});

test('XML files picked together keep their own names and texts', async () => {
  const files = ['proxies/default.xml', 'policies/SA-Spike.xml'].map(
    (p) =>
      new File(
        [readFileSync(new URL(`../fixtures/real/apigee/spike-arrest/apiproxy/${p}`, import.meta.url))],
        p.split('/')[1],
      ),
  );
  const opened = await readFiles(files);
  expect(opened.parts?.map((p) => p.name)).toEqual(['default.xml', 'SA-Spike.xml']);
  expect(opened.parts?.[1].text.startsWith('<?xml')).toBe(true);
});
