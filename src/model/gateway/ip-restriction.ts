/**
 * Kong's ip-restriction plugin: allow or deny a request by the address of the client that sent it.
 *
 * Kong (kong/plugins/ip-restriction/handler.lua, 3.x), priority 990, after authentication:
 * 1. The client's address is looked up in `deny` first: a match is refused.
 * 2. Then, when `allow` is set, an address it does not match is refused.
 * 3. Refused: `status` (default 403) with `message` (default "IP address not allowed").
 *
 * A simulated client has one address, its `ip`. A client without one matches no list: `allow`
 * refuses it, `deny` lets it pass.
 */
import { inBlock, parseIpBlock, type IpBlock } from '../../scenario/ip-block';

/** Kong's answer to a refused address. */
export const IP_DENIED_STATUS = 403;
/** Kong's message to a refused address (3.x; 2.x said "Your IP address is not allowed"). */
export const IP_DENIED_MESSAGE = 'IP address not allowed';

/** ip-restriction as written in a scenario. */
export interface IpRestrictionOptions {
  /** Addresses or CIDR blocks allowed; any other address is refused. */
  readonly allow?: readonly string[];
  /** Addresses or CIDR blocks refused; checked before `allow`. */
  readonly deny?: readonly string[];
  /** Status of a refusal; default 403. */
  readonly status?: number;
}

/** An ip-restriction policy with its blocks parsed. */
export interface IpRestriction {
  readonly allow?: readonly IpBlock[];
  readonly deny: readonly IpBlock[];
  readonly status: number;
}

/** Builds the policy; a list entry that is no address or block throws, naming it. */
export function ipRestriction(options: IpRestrictionOptions): IpRestriction {
  const parse = (list: readonly string[]) =>
    list.map((text) => {
      const block = parseIpBlock(text);
      if (block === undefined)
        throw new RangeError(`ip-restriction: "${text}" is not an IP address or CIDR block`);
      return block;
    });
  return {
    allow: options.allow === undefined ? undefined : parse(options.allow),
    deny: parse(options.deny ?? []),
    status: options.status ?? IP_DENIED_STATUS,
  };
}

/** 0 to let a request from `ip` (undefined: no address) pass, else the status it is refused with. */
export function checkIp(policy: IpRestriction, ip: string | undefined): number {
  const address = ip === undefined ? undefined : parseIpBlock(ip);
  if (address !== undefined && policy.deny.some((b) => inBlock(address, b))) return policy.status;
  if (policy.allow === undefined) return 0;
  return address !== undefined && policy.allow.some((b) => inBlock(address, b)) ? 0 : policy.status;
}
