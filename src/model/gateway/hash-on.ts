/**
 * What a route's consistent hashing keys a request by (`hashOn`, Kong's upstream `hash_on`): the
 * client (its `ip`, else its id: one address per client, as Kong's `ip` and `cookie`), its
 * consumer, a header's value, or the path. A request without the value (no consumer, no such
 * header) falls back to its client. Keys depend only on the client and mix entry, so they are
 * tabulated once per route, at `client * stride + mix`.
 */
import { ownValue } from '../../scenario/own';
import type { ClientSpec, HashOnSpec } from '../../scenario/types';
import { hashString } from '../balancers/hash';

/** A route's hash keys by client and mix entry. */
export interface HashKeys {
  readonly keys: Float64Array;
  readonly stride: number;
}

/** The hash key table of `hashOn` for `clients`, or undefined when the route does not set one. */
export function hashOnKeys(
  hashOn: HashOnSpec | undefined,
  clients: readonly ClientSpec[],
): HashKeys | undefined {
  if (hashOn === undefined) return undefined;
  const stride = Math.max(1, ...clients.map((c) => c.mix.length));
  const keys = new Float64Array(clients.length * stride);
  clients.forEach((client, c) =>
    client.mix.forEach((entry, m) => {
      const byClient = `client ${client.ip ?? client.id}`;
      let text = byClient;
      if (hashOn.by === 'consumer' && client.consumer !== undefined) text = `consumer ${client.consumer}`;
      else if (hashOn.by === 'path') text = `path ${entry.path}`;
      else if (hashOn.by === 'header' && hashOn.header !== undefined) {
        // Own keys only: an absent header named `constructor` is absent, not Object.
        const value = ownValue(entry.headers, hashOn.header) ?? ownValue(client.headers, hashOn.header);
        if (value !== undefined) text = `header ${value}`;
      }
      keys[c * stride + m] = hashString(text);
    }),
  );
  return { keys, stride };
}
