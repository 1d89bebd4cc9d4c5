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
  TRUNCATED_REASON,
} from '../../src/ui/share';

const defaultScenario = readFileSync(new URL('../../scenarios/default.yaml', import.meta.url), 'utf8');

/** The text a hash holds, or undefined when it holds none or is refused. */
async function textOf(hash: string, maxBytes?: number): Promise<string | undefined> {
  const read = await decodeScenarioHash(hash, maxBytes);
  return read.kind === 'text' ? read.text : undefined;
}

/** Why a hash is refused, or its kind when it is not. */
async function reasonOf(hash: string, maxBytes?: number): Promise<string> {
  const read = await decodeScenarioHash(hash, maxBytes);
  return read.kind === 'refused' ? read.reason : read.kind;
}

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
  expect(await textOf(hash)).toBe(defaultScenario);
  // location.hash keeps the '#'; the hash alone is read the same.
  expect(await textOf(hash.slice(1))).toBe(defaultScenario);
});

test('a round trip keeps unicode, CRLF breaks and a byte-order mark', async () => {
  for (const text of ['name: café 🚀 — 東京\r\nseed: 1\n', '\uFEFFname: bom', 'a', '']) {
    expect(await textOf(await encodeScenarioHash(text))).toBe(text);
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
  expect(await textOf(hash)).toBe(text);
});

test('decodeScenarioHash reads no scenario in a hash without s=, and never throws', async () => {
  for (const hash of ['', '#', '#x=abc', '#/results', '#S=AAAA', 'seed=1&s=AAAA'])
    expect(await decodeScenarioHash(hash), hash).toEqual({ kind: 'none' });
  // Not even a string (a caller's bug) throws.
  expect(await decodeScenarioHash(undefined as unknown as string)).toEqual({ kind: 'none' });
});

test('decodeScenarioHash refuses a malformed scenario hash and says why', async () => {
  const good = await encodeScenarioHash(
    'name: shop\ndescription: a shop of some size, to cut its link short\n',
  );
  const body = good.slice(3);
  const refusals: [string, string][] = [
    ['#s=', 'it holds no scenario after #s='],
    ['#s=&seed=1', 'it holds no scenario after #s='],
    [
      `#s=${body}=`, // padding is not written, so not read
      `character ${body.length + 1} of its data is '=', which a shared link never holds (only A–Z, a–z, 0–9, - and _): the link was changed on its way`,
    ],
    [`#s=${body.slice(0, 5)}+${body.slice(6)}`, "character 6 of its data is '+'"], // base64, not base64url
    ['#s=%41%42', "character 1 of its data is '%'"],
    [`#s=${body} `, `character ${body.length + 1} of its data is U+0020`],
    ['#s=AB\u0007CD', 'character 3 of its data is U+0007'],
    ['#s=A', TRUNCATED_REASON], // no byte count has a 1-character base64url tail
    ['#s=AB', TRUNCATED_REASON], // stray bits in the last character
    [`#s=${body.slice(0, -1)}`, TRUNCATED_REASON],
    [`#s=${body.slice(0, -4)}`, TRUNCATED_REASON], // whole bytes: the DEFLATE data ends early
    [`#s=${body.slice(0, body.length >> 1)}`, TRUNCATED_REASON],
    ['#s=AAAA', TRUNCATED_REASON], // zero bytes: no complete DEFLATE block
    ['#s=////////////', "character 1 of its data is '/'"],
    ['#s=__________8', 'its data is damaged (it is not a compressed scenario)'],
  ];
  for (const [hash, reason] of refusals) expect(await reasonOf(hash), hash).toContain(reason);
});

test('decodeScenarioHash refuses a hash longer than any scenario could need, before reading it', async () => {
  const reason = await reasonOf(`#s=${'A'.repeat(4 * 1024 * 1024)}`);
  expect(reason).toBe('it is too long: 4,194,307 characters, over the limit of 4,194,304');
});

test('decodeScenarioHash refuses text that is not UTF-8', async () => {
  const latin1 = new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9]); // "name: é" in Latin-1
  const hash = SCENARIO_HASH_PREFIX + toBase64Url(await deflateRaw(latin1));
  expect(await reasonOf(hash)).toBe('its scenario is not UTF-8 text');
});

test('decodeScenarioHash refuses a hash that inflates past the cap (a zip bomb)', async () => {
  const bomb = await deflateRaw(new Uint8Array(MAX_SHARED_BYTES + 1).fill(0x20));
  expect(bomb.length).toBeLessThan(4096);
  const hash = SCENARIO_HASH_PREFIX + toBase64Url(bomb);
  expect(await reasonOf(hash)).toBe(
    'its scenario is over the size limit: more than 524,288 bytes once unpacked',
  );
  // Exactly at the cap is still accepted.
  const full = await deflateRaw(new Uint8Array(MAX_SHARED_BYTES).fill(0x20));
  expect((await textOf(SCENARIO_HASH_PREFIX + toBase64Url(full)))?.length).toBe(MAX_SHARED_BYTES);
  // A smaller cap is honoured.
  expect(await reasonOf(await encodeScenarioHash('name: shop'), 9)).toBe(
    'its scenario is over the size limit: more than 9 bytes once unpacked',
  );
  expect(await textOf(await encodeScenarioHash('name: shop'), 10)).toBe('name: shop');
});

test('decodeScenarioHash stops a far larger bomb at the cap, without inflating all of it', async () => {
  // 64 MB of spaces is about 64 kB of DEFLATE data; it must be refused quickly.
  const chunk = await deflateRaw(new Uint8Array(64 * 1024 * 1024).fill(0x20));
  const started = performance.now();
  expect(await reasonOf(SCENARIO_HASH_PREFIX + toBase64Url(chunk))).toMatch(
    /^its scenario is over the size limit/,
  );
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
    kind: 'text',
    text: 'name: shop',
    view: { seed: 4242, variant: 'mesh & co/ü', timeMs: 12_346, tab: 'results' },
  });
  // The text alone decodes as before, parameters or not.
  expect(await textOf(hash)).toBe('name: shop');
});

test('side by side is kept instead of a variant; a link without parameters has an empty view', async () => {
  const hash = await encodeShareHash('a', { sideBySide: true, variant: 'mesh', seed: 0 });
  expect(hash.endsWith('&seed=0&side=1')).toBe(true);
  expect(await decodeShareHash(hash)).toMatchObject({ kind: 'text', view: { seed: 0, sideBySide: true } });
  expect(await decodeShareHash(await encodeScenarioHash('a'))).toEqual({ kind: 'text', text: 'a', view: {} });
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
