/**
 * Sharing a scenario through the page's address: the text, UTF-8 encoded, compressed with raw
 * DEFLATE and written in base64url after `#s=`. The hash never reaches a server, so a shared link
 * carries the whole scenario and nothing else. Decoding treats the hash as hostile: anything malformed
 * gives `undefined`, and a text that would inflate past `MAX_SHARED_BYTES` is refused.
 */

/** What a scenario hash starts with. */
export const SCENARIO_HASH_PREFIX = '#s=';

/** The largest scenario a hash may inflate to, in bytes of UTF-8 (2 MiB); more is refused. */
export const MAX_SHARED_BYTES = 2 * 1024 * 1024;

/**
 * The longest hash decoded, in characters. Raw DEFLATE shrinks text 1032:1 at best, so a hash that
 * could inflate to `MAX_SHARED_BYTES` is far shorter; longer ones are refused before any work.
 */
const MAX_HASH_LENGTH = 4 * 1024 * 1024;

/** Compressed input is fed to the inflater this many bytes at a time, so its output can be capped. */
const FEED_BYTES = 1024;

/** The hash (`#s=...`) that `decodeScenarioHash` turns back into `text`. */
export async function encodeScenarioHash(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const compressed = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const deflated = new Uint8Array(await new Response(compressed).arrayBuffer());
  return SCENARIO_HASH_PREFIX + toBase64Url(deflated);
}

/**
 * The scenario text in a location hash made by `encodeScenarioHash` (the leading `#` may be left
 * out), or `undefined` when the hash holds none: another hash, bad base64url, corrupt or truncated
 * DEFLATE data, text that is not UTF-8, or more than `maxBytes` (default `MAX_SHARED_BYTES`) once
 * inflated. Never throws.
 */
export async function decodeScenarioHash(
  hash: string,
  maxBytes: number = MAX_SHARED_BYTES,
): Promise<string | undefined> {
  try {
    if (typeof hash !== 'string' || hash.length > MAX_HASH_LENGTH) return undefined;
    const body = hash.startsWith('#') ? hash.slice(1) : hash;
    if (!body.startsWith('s=')) return undefined;
    const deflated = fromBase64Url(body.slice(2));
    if (deflated === undefined || deflated.length === 0) return undefined;
    const bytes = await inflateAtMost(deflated, maxBytes);
    if (bytes === undefined) return undefined;
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (_error) {
    return undefined;
  }
}

/** `deflated` inflated, or `undefined` when it is not valid raw DEFLATE or inflates past `maxBytes`. */
async function inflateAtMost(
  deflated: Uint8Array<ArrayBuffer>,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Fed a slice at a time while the output is read, so a bomb is stopped at the cap, not after it.
  const feeding = (async () => {
    for (let at = 0; at < deflated.length; at += FEED_BYTES) {
      await writer.write(deflated.subarray(at, at + FEED_BYTES));
    }
    await writer.close();
  })();
  // Its failures show on the reading side too; this keeps them from being unhandled.
  feeding.catch(() => undefined);

  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
    }
    await feeding;
  } catch (_error) {
    return undefined;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Each base64url character's 6-bit value, -1 for other characters. */
const VALUES = (() => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) values[ALPHABET.charCodeAt(i)] = i;
  return values;
})();

/** `bytes` in base64url (RFC 4648 section 5), without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  const out: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out.push(ALPHABET[n >> 18], ALPHABET[(n >> 12) & 63], ALPHABET[(n >> 6) & 63], ALPHABET[n & 63]);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out.push(ALPHABET[n >> 18], ALPHABET[(n >> 12) & 63]);
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out.push(ALPHABET[n >> 18], ALPHABET[(n >> 12) & 63], ALPHABET[(n >> 6) & 63]);
  }
  return out.join('');
}

/**
 * The bytes of unpadded base64url `text`, or `undefined` if it has another character, a length that
 * no byte count gives, or stray bits in its last character (so each byte string has one spelling).
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? VALUES[code] : -1;
    if (value < 0) return undefined;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (buffer >> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return bytes;
}
