/**
 * Clients: how requests are produced (open Poisson or constant arrivals with an optional rate
 * schedule, or closed-loop users), what they ask for (the mix) and who sends them.
 */
import {
  bad,
  dflt,
  fields,
  fraction,
  identifier,
  list,
  map,
  nonNegativeInt,
  num,
  oneOf,
  opt,
  positiveInt,
  req,
  str,
  tagged,
  type Check,
} from '../checks';
import { dist } from '../distributions';
import type { ArrivalSpec, ClientSpec, MixEntry, RateStep } from '../types';
import { duration, rate } from '../units';
import { headers, httpPath, method } from './http';
import { region } from './network';
import { parseIpBlock } from '../ip-block';

/** The arrival process; without `process`, `users` means closed and anything else poisson. */
export const arrival: Check<ArrivalSpec> = tagged(
  'process',
  {
    poisson: fields({ process: dflt(oneOf(['poisson']), 'poisson'), rate: req(rate) }),
    constant: fields({ process: req(oneOf(['constant'])), rate: req(rate) }),
    closed: fields({
      process: dflt(oneOf(['closed']), 'closed'),
      users: req(positiveInt),
      think: dflt(dist, { dist: 'constant', value: 0 }),
    }),
  },
  'arrival process',
  (node) => (node.entries.has('users') ? 'closed' : 'poisson'),
);

/** Rate changes of an open client, sorted by `at`. */
export const schedule: Check<RateStep[]> = map(
  list(fields({ at: req(duration()), rate: req(rate) })),
  (steps) =>
    // Stable sort: two steps at the same time keep file order, so the later one wins.
    [...steps].sort((a, b) => a.at - b.at),
);

/** One kind of request in the mix. */
export const mixEntry: Check<MixEntry> = fields({
  weight: dflt(num({ expects: 'a number > 0', above: 0 }), 1),
  method: dflt(method, 'GET'),
  path: dflt(httpPath, '/'),
  keys: opt(
    fields({ count: req(positiveInt), zipf: dflt(num({ expects: 'a Zipf exponent >= 0', min: 0 }), 1) }),
  ),
  headers: dflt(headers, {}),
});

const DEFAULT_MIX: readonly MixEntry[] = [{ weight: 1, method: 'GET', path: '/', headers: {} }];

/** One IP address (no CIDR block): where a client sends from, as the gateway sees it. */
const ipAddress = map(str, (text, node, path, r) => {
  const block = parseIpBlock(text);
  return block !== undefined && block.prefix === block.width
    ? text
    : bad(r, node, path, `"${text}" is not an IP address`, 'e.g. 203.0.113.7 or 2001:db8::7');
});

/** A client as written; `target` stays absent here because its default is the gateway's id. */
export type ClientDraft = Omit<ClientSpec, 'target'> & { readonly target?: string };

/** One client; a schedule is only for open clients. */
export const client: Check<ClientDraft> = map(
  fields({
    id: req(identifier),
    target: opt(identifier),
    arrival: req(arrival),
    schedule: dflt(schedule, []),
    mix: dflt(list(mixEntry, 1), DEFAULT_MIX),
    consumer: opt(str),
    ip: opt(ipAddress),
    credentials: dflt(fields({ invalid: dflt(fraction, 0) }), { invalid: 0 }),
    headers: dflt(headers, {}),
    timeout: dflt(duration({ infinite: true, positive: true }), Infinity),
    retryAfter: dflt(fields({ attempts: dflt(nonNegativeInt, 3) }), { attempts: 0 }),
    region: opt(region),
    jwt: opt(fields({ issuer: req(str), subject: opt(str) })),
  }),
  (written, node, path, r) => {
    const { jwt, ...rest } = written;
    // A token's subject defaults to the consumer the client stands for, else the client itself.
    const c: ClientDraft =
      jwt === undefined
        ? rest
        : { ...rest, jwt: { issuer: jwt.issuer, subject: jwt.subject ?? rest.consumer ?? rest.id } };
    if (c.arrival.process !== 'closed' || c.schedule.length === 0) return c;
    const at = node.kind === 'map' ? node.entries.get('schedule')?.keyPos : undefined;
    r.error(at ?? node.pos, [...path, 'schedule'], {
      message: 'a schedule changes the rate of open clients; this client is closed (users)',
      hint: 'use process: poisson or constant with a rate, or remove the schedule',
    });
    return undefined;
  },
);
