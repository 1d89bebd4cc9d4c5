/**
 * Sharing a scenario through the page's address: the text, UTF-8 encoded, compressed with raw
 * DEFLATE and written in base64url after `#s=`, then what the reader was looking at as `&`-separated
 * parameters: the seed, the variant drawn (or side by side), the playhead and the open tab
 * (`#s=…&seed=42&v=mesh&t=12500&tab=results`). The hash never reaches a server, so a shared link
 * carries the whole scenario and that view, nothing else. Decoding treats the hash as hostile: a
 * malformed scenario is refused with the reason in the reader's words (a malformed parameter is left
 * out), and a text that would inflate past `MAX_SHARED_BYTES` is refused before it is all inflated.
 */
import { formatCount } from '../report/figure-format';
import { wellFormed } from './xml-text';

/** What a scenario hash starts with. */
export const SCENARIO_HASH_PREFIX = '#s=';

/** The largest scenario a hash may inflate to, in bytes of UTF-8 (512 KiB, the loader's limit on a file); more is refused. */
export const MAX_SHARED_BYTES = 512 * 1024;

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
 * What a location hash holds: no scenario (another hash, or none), a scenario refused and why, or
 * the scenario's text. A reason completes the sentence "The shared link could not be read: …".
 */
export type HashScenario =
  | { readonly kind: 'none' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'text'; readonly text: string };

/** The reason given for a link cut short, wherever the cut shows. */
export const TRUNCATED_REASON = 'it is truncated (the data ends early)';

const refused = (reason: string): HashScenario => ({ kind: 'refused', reason });

/**
 * The scenario in a location hash made by `encodeScenarioHash` (the leading `#` may be left out):
 * `none` for a hash without `s=`; `refused`, with the reason, for a hash too long, a character
 * base64url does not use, data cut short, damaged DEFLATE data, more than `maxBytes` (default
 * `MAX_SHARED_BYTES`) once inflated, or text that is not UTF-8. Never throws.
 */
export async function decodeScenarioHash(
  hash: string,
  maxBytes: number = MAX_SHARED_BYTES,
): Promise<HashScenario> {
  try {
    if (typeof hash !== 'string') return { kind: 'none' };
    const body = hash.startsWith('#') ? hash.slice(1) : hash;
    if (!body.startsWith('s=')) return { kind: 'none' };
    if (hash.length > MAX_HASH_LENGTH) {
      return refused(
        `it is too long: ${formatCount(hash.length)} characters, over the limit of ${formatCount(MAX_HASH_LENGTH)}`,
      );
    }
    // The view's parameters follow the text after `&`, a character base64url never holds.
    const end = body.indexOf('&');
    const data = body.slice(2, end === -1 ? undefined : end);
    if (data.length === 0) return refused('it holds no scenario after #s=');
    const foreign = data.search(/[^A-Za-z0-9_-]/);
    if (foreign >= 0) {
      return refused(
        `character ${formatCount(foreign + 1)} of its data is ${characterName(data.codePointAt(foreign)!)}, ` +
          'which a shared link never holds (only A–Z, a–z, 0–9, - and _): the link was changed on its way',
      );
    }
    // Every base64url character is known: a length no byte count gives, or stray bits, is a link cut short.
    const deflated = fromBase64Url(data);
    if (deflated === undefined) return refused(TRUNCATED_REASON);
    const inflated = await inflateAtMost(deflated, maxBytes);
    if (inflated === 'truncated') return refused(TRUNCATED_REASON);
    if (inflated === 'damaged') return refused('its data is damaged (it is not a compressed scenario)');
    if (inflated === 'over') {
      return refused(
        `its scenario is over the size limit: more than ${formatCount(maxBytes)} bytes once unpacked`,
      );
    }
    try {
      return {
        kind: 'text',
        text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(inflated),
      };
    } catch (_error) {
      return refused('its scenario is not UTF-8 text');
    }
  } catch (_error) {
    return refused('its data is damaged (it is not a compressed scenario)');
  }
}

/** A character of a hostile link as a reader can be shown it: itself in quotes when printable, else its code point. */
function characterName(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code > 0x20 && code < 0x7f ? `'${String.fromCodePoint(code)}'` : hex;
}

/**
 * What a reader was looking at, kept in a shared link beside the text. Every field is optional: a
 * link made before these existed, or by hand, opens with the page's defaults for what it leaves out.
 */
export interface SharedView {
  /** The seed of the run shown (an integer from 0 to 2^32 - 1); absent: the file's own seed. */
  readonly seed?: number;
  /** The name of the variant drawn; absent: the first. Ignored when `sideBySide`. */
  readonly variant?: string;
  /** The variants drawn side by side. */
  readonly sideBySide?: boolean;
  /** The playhead, simulated ms (0 or more); absent: where the lesson starts its playback. */
  readonly timeMs?: number;
  /** The id of the side panel's open tab (`lesson`, `editor`, `trace`, `results`); absent: the lesson. */
  readonly tab?: string;
}

/** A shared scenario: its text and the view it was shared with. */
export interface SharedScenario {
  readonly text: string;
  readonly view: SharedView;
}

/** The longest variant name a link keeps, in characters (longer ones are left out). */
const MAX_VARIANT_NAME = 200;

/**
 * The hash of `text` shared with `view` (see `SharedView`): `encodeScenarioHash`, then the view's
 * fields that are set, as `&seed=`, `&v=` (URI-encoded) or `&side=1`, `&t=` (whole ms) and `&tab=`.
 */
export async function encodeShareHash(text: string, view: SharedView = {}): Promise<string> {
  return (await encodeScenarioHash(text)) + viewParameters(view);
}

/** The `&name=value` parameters of `view`, in a fixed order; empty when it sets nothing. */
export function viewParameters(view: SharedView): string {
  const out: string[] = [];
  if (view.seed !== undefined && isSeed(view.seed)) out.push(`seed=${view.seed}`);
  if (view.sideBySide) out.push('side=1');
  else if (view.variant !== undefined && view.variant.length <= MAX_VARIANT_NAME)
    // A lone surrogate in the name would make encodeURIComponent throw "URI malformed".
    out.push(`v=${encodeURIComponent(wellFormed(view.variant))}`);
  if (view.timeMs !== undefined && Number.isFinite(view.timeMs) && view.timeMs >= 0)
    out.push(`t=${Math.round(view.timeMs)}`);
  if (view.tab !== undefined && isTabId(view.tab)) out.push(`tab=${view.tab}`);
  return out.map((p) => `&${p}`).join('');
}

/**
 * The view in a hash's parameters (what follows its first `&`); a parameter that is malformed,
 * unknown or out of range is left out, never an error.
 */
export function parseViewParameters(hash: string): SharedView {
  const at = typeof hash === 'string' ? hash.indexOf('&') : -1;
  if (at === -1) return {};
  const view: { seed?: number; variant?: string; sideBySide?: boolean; timeMs?: number; tab?: string } = {};
  for (const pair of hash.slice(at + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    if (key === 'seed' && /^\d{1,10}$/.test(raw) && isSeed(Number(raw))) view.seed = Number(raw);
    else if (key === 'side' && raw === '1') view.sideBySide = true;
    else if (key === 'v') {
      const name = decodedComponent(raw);
      if (name !== undefined && name.length > 0 && name.length <= MAX_VARIANT_NAME) view.variant = name;
    } else if (key === 't' && /^\d{1,12}$/.test(raw)) view.timeMs = Number(raw);
    else if (key === 'tab' && isTabId(raw)) view.tab = raw;
  }
  return view;
}

/** What a location hash holds, as `decodeScenarioHash` reads it, with the view when it holds a scenario. */
export type HashShare =
  Exclude<HashScenario, { kind: 'text' }> | ({ readonly kind: 'text' } & SharedScenario);

/**
 * The scenario and view of a hash made by `encodeShareHash` (or `encodeScenarioHash`), or why there
 * is none (see `decodeScenarioHash`). Never throws.
 */
export async function decodeShareHash(hash: string, maxBytes: number = MAX_SHARED_BYTES): Promise<HashShare> {
  const read = await decodeScenarioHash(hash, maxBytes);
  return read.kind === 'text' ? { kind: 'text', text: read.text, view: parseViewParameters(hash) } : read;
}

/** A seed as the scenario format takes it: an integer from 0 to 2^32 - 1. */
function isSeed(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

/** A tab id: a short lower-case word (the page checks it names one of its tabs). */
function isTabId(id: string): boolean {
  return /^[a-z][a-z-]{0,19}$/.test(id);
}

function decodedComponent(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch (_error) {
    return undefined;
  }
}

/**
 * `deflated` inflated; else `over` when it inflates past `maxBytes`, `truncated` when its data ends
 * before its last block does, `damaged` when it is not raw DEFLATE at all.
 */
async function inflateAtMost(
  deflated: Uint8Array<ArrayBuffer>,
  maxBytes: number,
): Promise<Uint8Array | 'over' | 'truncated' | 'damaged'> {
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
        return 'over';
      }
      chunks.push(value);
    }
    await feeding;
  } catch (error) {
    // The inflaters say so in their own words: "unexpected end of file" (Node, zlib), "Compressed
    // input was truncated" (Chromium).
    return /\bend\b|truncat/i.test(error instanceof Error ? error.message : '') ? 'truncated' : 'damaged';
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
