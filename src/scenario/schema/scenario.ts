/**
 * The whole document (without `variants`): top-level fields, their defaults, each client's
 * default target (the gateway), and the mesh resolved over the services.
 */
import {
  bad,
  check,
  dflt,
  fields,
  fraction,
  list,
  map,
  nonNegativeInt,
  num,
  opt,
  record,
  req,
  str,
  text,
  type Check,
} from '../checks';
import { memoizedFields } from '../check-memo';
import { resolveMesh } from '../profiles/mesh';
import type { LNode, LScalar } from '../positions';
import type { ClientSpec, Scenario, TryThisValue } from '../types';
import { duration } from '../units';
import { expectation } from './expectation';
import { keyFigure } from './key-figure';
import { client } from './clients';
import { fault } from './faults';
import { DEFAULT_PLAYBACK, playback } from './playback';
import { gateway } from './gateway';
import { mesh } from './mesh';
import { DEFAULT_NETWORK, network } from './network';
import { service } from './services';

/** Top-level field names, `variants` included (load.ts takes that one out before checking). */
export const TOP_LEVEL_FIELDS = [
  'name',
  'description',
  'seed',
  'duration',
  'warmup',
  'clients',
  'gateway',
  'services',
  'network',
  'mesh',
  'faults',
  'tracing',
  'playback',
  'tryThis',
  'replications',
  'expect',
  'keyFigures',
  'variants',
] as const;

/** Most replications a file may ask for: enough for tight intervals, few enough to stay interactive. */
export const MAX_REPLICATIONS = 50;

/** Share of requests traced by default: enough for the trace view, cheap enough to leave on. */
export const DEFAULT_TRACE_SAMPLE = 0.01;
/** Finished traces a run keeps by default (the most recent ones). */
export const DEFAULT_TRACE_KEEP = 200;

type Scalar = string | number | boolean;

/** A value a "try this" action sets: a number, a string, true/false, or a list of them. */
const setting: Check<TryThisValue> = check(
  'a number, a string, true/false or a list of them',
  (node, path, r) => {
    const scalar = (n: LNode): n is LNode & { value: Scalar } =>
      n.kind === 'scalar' && n.value !== null && typeof n.value !== 'object';
    if (scalar(node)) return node.value;
    if (node.kind === 'seq' && node.items.every(scalar))
      return node.items.map((item) => (item as LScalar).value as Scalar);
    return bad(r, node, path, 'must be a number, a string, true/false or a list of them', setting.expects);
  },
);

/** A scenario document; `defaultName` is used when the file has no `name` (the file's base name). */
export function scenario(defaultName: string): Check<Scenario> {
  // Memoized: a variant's fields that its patch leaves alone are the base's own nodes (check-memo.ts).
  const shape = memoizedFields({
    name: dflt(str, defaultName),
    description: dflt(text, ''),
    seed: dflt(nonNegativeInt, 1),
    duration: dflt(duration({ positive: true }), 60_000),
    warmup: dflt(duration(), 0),
    clients: req(list(client, 1)),
    gateway: opt(gateway),
    services: req(list(service, 1)),
    network: dflt(network, DEFAULT_NETWORK),
    mesh: dflt(mesh, {}),
    faults: dflt(list(fault), []),
    playback: dflt(playback, DEFAULT_PLAYBACK),
    tracing: dflt(
      fields({
        sample: dflt(fraction, DEFAULT_TRACE_SAMPLE),
        keep: dflt(nonNegativeInt, DEFAULT_TRACE_KEEP),
      }),
      { sample: DEFAULT_TRACE_SAMPLE, keep: DEFAULT_TRACE_KEEP },
    ),
    tryThis: dflt(list(fields({ label: req(str), say: opt(text), set: req(record(setting)) })), []),
    replications: dflt(
      num({ expects: `an integer from 1 to ${MAX_REPLICATIONS}`, int: true, min: 1, max: MAX_REPLICATIONS }),
      1,
    ),
    expect: dflt(list(expectation), []),
    keyFigures: dflt(list(keyFigure), []),
    // Checked separately (variants.ts); listed so that it is not an unknown field.
    variants: opt(check('a list of variants', () => null)),
  });
  return map(shape, ({ variants: _variants, ...s }, node, _path, r) => {
    let ok = true;
    const clients = s.clients.map((c, i): ClientSpec => {
      if (c.target !== undefined) return { ...c, target: c.target };
      if (s.gateway !== undefined) return { ...c, target: s.gateway.id };
      ok = false;
      const clientNode = node.kind === 'map' ? node.entries.get('clients')?.value : undefined;
      const at = clientNode?.kind === 'seq' ? clientNode.items[i].pos : node.pos;
      r.error(at, ['clients', i, 'target'], {
        message: `client "${c.id}" has no target and the scenario has no gateway`,
        expected: 'a service id',
        hint: `set target to a service, e.g. target: ${s.services[0]?.id ?? 'my-service'}`,
      });
      return { ...c, target: '' };
    });
    // The mesh gives every service a policy, so it is resolved once the services are known.
    return ok ? { ...s, clients, mesh: resolveMesh(s.mesh, s.services) } : undefined;
  });
}
