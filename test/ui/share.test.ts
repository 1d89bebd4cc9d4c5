import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import {
  decodeScenarioHash,
  decodeShareHash,
  encodeScenarioHash,
  encodeShareHash,
  parseViewParameters,
  viewParameters,
  fromBase64Url,
  MAX_SHARED_BYTES,
  SCENARIO_HASH_PREFIX,
  toBase64Url,
} from '../../src/ui/share';

const defaultScenario = readFileSync(new URL('../../scenarios/default.yaml', import.meta.url), 'utf8');

/** `bytes` compressed with raw DEFLATE, as `encodeScenarioHash` does. */
async function deflateRaw(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

test('encodeScenarioHash gives a #s= hash of URL-safe characters that decodeScenarioHash reverses', async () => {
  const hash = await encodeScenarioHash(defaultScenario);
  expect(hash.startsWith(SCENARIO_HASH_PREFIX)).toBe(true);
  expect(hash.slice(3)).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(hash.length).toBeLessThan(defaultScenario.length);
  expect(await decodeScenarioHash(hash)).toBe(defaultScenario);
  // location.hash keeps the '#'; the hash alone is read the same.
  expect(await decodeScenarioHash(hash.slice(1))).toBe(defaultScenario);
});

test('a round trip keeps unicode, CRLF breaks and a byte-order mark', async () => {
  for (const text of ['name: café 🚀 — 東京\r\nseed: 1\n', '\uFEFFname: bom', 'a', '']) {
    expect(await decodeScenarioHash(await encodeScenarioHash(text))).toBe(text);
  }
});

test('a round trip keeps a 200 kB scenario', async () => {
  const lines: string[] = [];
  for (let i = 0, length = 0; length < 200_000; i++) {
    const service = `  - id: service-${i}\n    serviceTime: { median: ${(i * 7) % 97}ms, p99: ${(i * 13) % 499}ms }`;
    lines.push(service);
    length += service.length + 1;
  }
  const text = `name: big\nservices:\n${lines.join('\n')}\n`;
  const hash = await encodeScenarioHash(text);
  expect(text.length).toBeGreaterThan(200_000);
  expect(await decodeScenarioHash(hash)).toBe(text);
});

test('decodeScenarioHash gives undefined for malformed hashes and never throws', async () => {
  const good = await encodeScenarioHash('name: shop');
  const body = good.slice(3);
  const malformed = [
    '',
    '#',
    '#s=',
    '#x=abc',
    '#/results',
    `#S=${body}`,
    `#s=${body}=`, // padding is not written, so not read
    `#s=${body}!`,
    `#s=${body.replace(/.$/, '+')}`, // base64, not base64url
    '#s=A', // no byte count has a 1-character base64url tail
    '#s=AAAA', // zero bytes: no complete DEFLATE block
    `#s=${body.slice(0, -2)}`, // truncated DEFLATE data
    '#s=////////////',
    '#s=%41%42',
    `#s=${body} `,
  ];
  for (const hash of malformed) expect(await decodeScenarioHash(hash), hash).toBeUndefined();
  // Not even a string (a caller's bug) throws.
  expect(await decodeScenarioHash(undefined as unknown as string)).toBeUndefined();
});

test('decodeScenarioHash refuses text that is not UTF-8', async () => {
  const latin1 = new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9]); // "name: é" in Latin-1
  const hash = SCENARIO_HASH_PREFIX + toBase64Url(await deflateRaw(latin1));
  expect(await decodeScenarioHash(hash)).toBeUndefined();
});

test('decodeScenarioHash refuses a hash that inflates past the cap (a zip bomb)', async () => {
  const bomb = await deflateRaw(new Uint8Array(MAX_SHARED_BYTES + 1).fill(0x20));
  expect(bomb.length).toBeLessThan(4096);
  const hash = SCENARIO_HASH_PREFIX + toBase64Url(bomb);
  expect(await decodeScenarioHash(hash)).toBeUndefined();
  // Exactly at the cap is still accepted.
  const full = await deflateRaw(new Uint8Array(MAX_SHARED_BYTES).fill(0x20));
  expect((await decodeScenarioHash(SCENARIO_HASH_PREFIX + toBase64Url(full)))?.length).toBe(MAX_SHARED_BYTES);
  // A smaller cap is honoured.
  expect(await decodeScenarioHash(await encodeScenarioHash('name: shop'), 9)).toBeUndefined();
  expect(await decodeScenarioHash(await encodeScenarioHash('name: shop'), 10)).toBe('name: shop');
});

test('decodeScenarioHash stops a far larger bomb at the cap, without inflating all of it', async () => {
  // 64 MB of spaces is about 64 kB of DEFLATE data; it must be refused quickly.
  const chunk = await deflateRaw(new Uint8Array(64 * 1024 * 1024).fill(0x20));
  const started = performance.now();
  expect(await decodeScenarioHash(SCENARIO_HASH_PREFIX + toBase64Url(chunk))).toBeUndefined();
  expect(performance.now() - started).toBeLessThan(5_000);
});

test('toBase64Url and fromBase64Url agree with Node for every tail length', () => {
  for (let n = 0; n < 40; n++) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n * 11) & 0xff);
    const text = toBase64Url(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64url'));
    expect(fromBase64Url(text)).toEqual(bytes);
  }
  // Stray bits in the last character: another spelling of the same bytes, refused.
  expect(fromBase64Url('AB')).toBeUndefined();
  expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]));
  expect(fromBase64Url('é')).toBeUndefined();
});

test('a shared view (seed, variant, playhead, tab) comes back from the hash with the text', async () => {
  const view = { seed: 4242, variant: 'mesh & co/ü', timeMs: 12_345.6, tab: 'results' };
  const hash = await encodeShareHash('name: shop', view);
  expect(hash).toBe(
    `${await encodeScenarioHash('name: shop')}&seed=4242&v=mesh%20%26%20co%2F%C3%BC&t=12346&tab=results`,
  );
  expect(await decodeShareHash(hash)).toEqual({
    text: 'name: shop',
    view: { seed: 4242, variant: 'mesh & co/ü', timeMs: 12_346, tab: 'results' },
  });
  // The text alone decodes as before, parameters or not.
  expect(await decodeScenarioHash(hash)).toBe('name: shop');
});

test('side by side is kept instead of a variant; a link without parameters has an empty view', async () => {
  const hash = await encodeShareHash('a', { sideBySide: true, variant: 'mesh', seed: 0 });
  expect(hash.endsWith('&seed=0&side=1')).toBe(true);
  expect((await decodeShareHash(hash))?.view).toEqual({ seed: 0, sideBySide: true });
  expect(await decodeShareHash(await encodeScenarioHash('a'))).toEqual({ text: 'a', view: {} });
});

test('malformed view parameters are left out, never an error', () => {
  expect(
    parseViewParameters(
      '#s=AAA&seed=-1&seed=1.5&seed=99999999999&v=%E0%A4%A&t=-3&t=abc&tab=<b>&side=yes&x=1&=2&&tab=Trace',
    ),
  ).toEqual({});
  expect(parseViewParameters('#s=AAA&seed=4294967295&t=0&tab=trace')).toEqual({
    seed: 4294967295,
    timeMs: 0,
    tab: 'trace',
  });
  expect(viewParameters({ seed: 2 ** 32, timeMs: Number.NaN, tab: 'Bad Tab' })).toBe('');
});
