/**
 * IP addresses and CIDR blocks as Kong's ip-restriction reads them: `10.0.0.7`, `10.0.0.0/8`,
 * `2001:db8::1`, `2001:db8::/32`. Addresses are compared as numbers (IPv4 as 32 bits, IPv6 as 128
 * bits in a bigint), so `10.1.2.3` is in `10.0.0.0/8` and `2001:db8::1` in `2001:db8::/32`.
 */

/** An address or block, parsed once: its bits, their count (32 or 128) and the prefix length. */
export interface IpBlock {
  readonly bits: bigint;
  readonly width: 32 | 128;
  readonly prefix: number;
}

/** `text` as an address or CIDR block, or undefined when it is neither. */
export function parseIpBlock(text: string): IpBlock | undefined {
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const parsed = address.includes(':') ? parseV6(address) : parseV4(address);
  if (parsed === undefined) return undefined;
  const prefix = prefixText === undefined ? parsed.width : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > parsed.width || prefixText === '') return undefined;
  return { ...parsed, prefix };
}

/** Whether `address` (a single address) lies in `block`. */
export function inBlock(address: IpBlock, block: IpBlock): boolean {
  if (address.width !== block.width) return false;
  const shift = BigInt(block.width - block.prefix);
  return address.bits >> shift === block.bits >> shift;
}

function parseV4(text: string): { bits: bigint; width: 32 } | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let bits = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    bits = (bits << 8n) | BigInt(Number(p));
  }
  return { bits, width: 32 };
}

function parseV6(text: string): { bits: bigint; width: 128 } | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  let bits = 0n;
  for (const g of [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    bits = (bits << 16n) | BigInt(parseInt(g, 16));
  }
  return { bits, width: 128 };
}
