import { expect, test } from 'vitest';
import {
  FileRefusedError,
  fileNameFor,
  joinBundle,
  MAX_FILE_BYTES,
  readFiles,
  refusalOf,
} from '../../src/ui/files';

test("refusalOf accepts YAML and JSON files up to 512 kB, the loader's limit", () => {
  expect(refusalOf([{ name: 'shop.yaml', size: 1200 }])).toBeUndefined();
  expect(refusalOf([{ name: 'KONG.YML', size: 0 }])).toBeUndefined();
  expect(refusalOf([{ name: 'scenario.json', size: MAX_FILE_BYTES }])).toBeUndefined();
});

test('refusalOf refuses a file over 512 kB with a message naming it and its size', () => {
  expect(refusalOf([{ name: 'huge.yaml', size: 6.5 * 1024 * 1024 }])).toBe(
    'huge.yaml is too large (6.5 MB): meshsim opens scenarios of up to 512 kB.',
  );
  expect(refusalOf([{ name: 'edge.yaml', size: MAX_FILE_BYTES + 1 }])).toMatch(
    /^edge\.yaml is too large \(512\.0 kB\)/,
  );
});

test('refusalOf counts the files of a bundle together', () => {
  const half = { size: MAX_FILE_BYTES / 2 + 1 };
  expect(
    refusalOf([
      { name: 'a.yaml', ...half },
      { name: 'b.yaml', ...half },
    ]),
  ).toBe('These 2 files are too large (512.0 kB): meshsim opens scenarios of up to 512 kB.');
});

test('refusalOf refuses other kinds of file, and no file at all', () => {
  expect(refusalOf([{ name: 'photo.png', size: 10 }])).toBe(
    'photo.png is not a scenario file: meshsim opens .yaml, .yml, .json, .hcl, .xml, .zip files.',
  );
  expect(
    refusalOf([
      { name: 'a.yaml', size: 1 },
      { name: 'notes.txt', size: 1 },
    ]),
  ).toMatch(/^notes\.txt is not/);
  expect(refusalOf([{ name: 'yaml', size: 1 }])).toMatch(/^yaml is not/);
  expect(refusalOf([])).toBe('No file was given.');
});

test('joinBundle returns one file as it is, without a byte-order mark', () => {
  expect(joinBundle([{ name: 'shop.yaml', text: 'name: shop\n' }])).toEqual({
    name: 'shop.yaml',
    text: 'name: shop\n',
  });
  expect(joinBundle([{ name: 'a.yaml', text: '\uFEFFname: a' }]).text).toBe('name: a');
});

test('joinBundle joins the files of a bundle in name order, with --- separators, named after the first', () => {
  const joined = joinBundle([
    { name: 'kong.yml', text: '_format_version: "3.0"\n' },
    { name: '10-extra.yaml', text: 'c: 3' },
    { name: '2-scenario.yaml', text: 'name: shop' },
  ]);
  expect(joined).toEqual({
    name: '2-scenario.yaml',
    text: 'name: shop\n---\nc: 3\n---\n_format_version: "3.0"\n',
    // Each file as it was, in the same order, for an import that names them apart.
    parts: [
      { name: '2-scenario.yaml', text: 'name: shop' },
      { name: '10-extra.yaml', text: 'c: 3' },
      { name: 'kong.yml', text: '_format_version: "3.0"\n' },
    ],
  });
});

test('joinBundle adds no separator before a file that starts its own document', () => {
  const joined = joinBundle([
    { name: 'a.yaml', text: 'name: a\n' },
    { name: 'b.yaml', text: '# Istio resources\n\n--- # first\nkind: VirtualService\n' },
    { name: 'c.yaml', text: '---\nkind: DestinationRule' },
    { name: 'd.yaml', text: '----not-a-marker: 1' },
  ]);
  expect(joined.text).toBe(
    'name: a\n# Istio resources\n\n--- # first\nkind: VirtualService\n---\nkind: DestinationRule\n---\n----not-a-marker: 1',
  );
});

test('joinBundle keeps CRLF files and drops the byte-order marks of later files', () => {
  const joined = joinBundle([
    { name: 'a.yaml', text: 'name: a\r\n' },
    { name: 'b.yaml', text: '\uFEFFb: 1\r\n' },
  ]);
  expect(joined.text).toBe('name: a\r\n---\nb: 1\r\n');
});

test('joinBundle needs a file', () => {
  expect(() => joinBundle([])).toThrow(RangeError);
});

test('fileNameFor makes a safe file name of a scenario title', () => {
  expect(fileNameFor('E-commerce behind a gateway')).toBe('e-commerce-behind-a-gateway.yaml');
  expect(fileNameFor('M/M/1/K loss (K = 10)')).toBe('m-m-1-k-loss-k-10.yaml');
  expect(fileNameFor('Café über Straße')).toBe('cafe-uber-straße.yaml');
  expect(fileNameFor('東京 canary')).toBe('東京-canary.yaml');
  expect(fileNameFor('../../etc/passwd')).toBe('etc-passwd.yaml');
  expect(fileNameFor('  ')).toBe('scenario.yaml');
  expect(fileNameFor('🚀🚀')).toBe('scenario.yaml');
  expect(fileNameFor('Report', '.json')).toBe('report.json');
  expect(fileNameFor('x'.repeat(200))).toBe(`${'x'.repeat(80)}.yaml`);
});

test('readFiles reads and joins files, and rejects refused ones with the message', async () => {
  const a = new File(['name: shop\n'], 'a.yaml');
  const b = new File(['kind: Gateway\n'], 'b.yml');
  expect(await readFiles([b, a])).toEqual({
    name: 'a.yaml',
    text: 'name: shop\n---\nkind: Gateway\n',
    parts: [
      { name: 'a.yaml', text: 'name: shop\n' },
      { name: 'b.yml', text: 'kind: Gateway\n' },
    ],
  });
  await expect(readFiles([new File(['x'], 'x.txt')])).rejects.toThrow(FileRefusedError);
  await expect(readFiles([new File(['x'], 'x.txt')])).rejects.toThrow('x.txt is not a scenario file');
});
