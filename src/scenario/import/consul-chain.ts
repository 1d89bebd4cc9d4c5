/**
 * Consul's discovery chain: service-router (consul-router.ts), then service-splitter (here), then
 * service-resolver (consul-resolver.ts). Each entry is read on its own into {@link Chains};
 * consul-assemble.ts then follows the chain of each service as Consul compiles it, since what one
 * entry means depends on the others (a splitter's `ServiceSubset` needs the resolver's `Subsets`;
 * a route to the service itself goes on to its splitter).
 */
import type { ConsulEntry } from './consul';
import type { IntentionsEntry } from './consul-intentions';
import type { RouterInfo } from './consul-router';
import { warnAt, type Where } from './config-entity';
import { meshId, type PolicySetting } from './mesh-config';
import type { ConsulEntity } from './consul-entity';
import { formatMillis } from './types';

/** A service, or one of its subsets, that a route, split or redirect sends calls to. */
export interface Target {
  /** The service's meshsim id. */
  readonly service: string;
  readonly subset?: string;
  readonly at: Where;
}

/** What every chain entry keeps: which entry it is (`service-router api`) and where. */
export interface Entry {
  readonly source: string;
  readonly at: Where;
}

/** A splitter's weighted targets. */
export interface SplitterInfo extends Entry {
  readonly splits: readonly { readonly target: Target; readonly weight: number }[];
}

/** What a resolver says about its service's subsets and where calls into it go. */
export interface ResolverInfo extends Entry {
  readonly defaultSubset?: string;
  readonly subsets: readonly string[];
  readonly redirect?: Target;
  readonly timeout?: PolicySetting;
  /** `connectTimeout`, `loadBalancer`: for the service and its subsets. */
  readonly destination: readonly PolicySetting[];
}

/** The chain entries read so far, by service id. */
export interface Chains {
  readonly routers: Map<string, RouterInfo>;
  readonly splitters: Map<string, SplitterInfo>;
  readonly resolvers: Map<string, ResolverInfo>;
  /** service-intentions entries by the service they protect (`*`: every service). */
  readonly intentions: Map<string, IntentionsEntry>;
}

/** Why header changes are left out. */
export const HEADERS = 'header changes are not simulated';
/** Why the fields that place a service elsewhere (namespace, partition, datacenter, ...) are left out. */
export const PLACEMENT: Readonly<Record<string, string>> = {
  Namespace: 'namespaces are not modelled',
  Partition: 'admin partitions are not modelled',
  Datacenter: 'one datacenter is simulated',
  Peer: 'peering is not modelled',
  SamenessGroup: 'sameness groups are not modelled',
};

/** Reads a service-splitter's splits. */
export function readSplitter(entry: ConsulEntry): void {
  const { e, name, source, chains } = entry;
  if (!first(chains.splitters, entry)) return;
  const splits: { target: Target; weight: number }[] = [];
  let total = 0;
  const list = e.children('Splits', 'split', [
    'Weight',
    'Service',
    'ServiceSubset',
    'Namespace',
    'Partition',
    'RequestHeaders',
    'ResponseHeaders',
  ]);
  e.finish();
  for (const { e: s } of list) {
    const weight = s.num('Weight', { min: 0, max: 100 });
    const service = s.str('Service');
    const subset = s.str('ServiceSubset');
    for (const [k, why] of Object.entries(PLACEMENT)) s.note(k, why);
    s.note('RequestHeaders', HEADERS);
    s.note('ResponseHeaders', HEADERS);
    s.finish();
    if (weight === undefined) {
      if (!s.has('Weight'))
        s.r.error(s.node.pos, s.path, { message: 'a split needs Weight', expected: 'Weight: 90' });
      continue;
    }
    total += weight;
    const at = s.at(subset !== undefined ? 'ServiceSubset' : service !== undefined ? 'Service' : 'Weight');
    if (weight > 0) splits.push({ target: { service: meshId(service ?? name), subset, at }, weight });
  }
  if (list.length > 0 && Math.abs(total - 100) > 1e-9)
    warnAt(
      e.at('Splits'),
      `the weights add up to ${Number(total.toFixed(4))}, not 100 (Consul refuses this); read as shares`,
    );
  chains.splitters.set(name, { source, at: entry.at, splits });
}

/** Whether `entry` is the first of its kind for its service; a second is a warning. */
export function first(seen: ReadonlyMap<string, Entry>, entry: ConsulEntry): boolean {
  const prev = seen.get(entry.name);
  if (prev === undefined) return true;
  warnAt(
    entry.at,
    `a second entry for "${entry.name}" (${prev.source} at line ${prev.at.pos.line} of ${prev.at.r.file} wins); left out`,
  );
  return false;
}

/** A route or resolver timeout: `0s` is none (Consul's default applies), a negative one turns it off. */
export function timeoutOf(e: ConsulEntity, key: string): PolicySetting | undefined {
  const node = e.peek(key);
  if (node?.kind === 'scalar' && typeof node.value === 'string' && node.value.trim().startsWith('-')) {
    e.use(key);
    return { leaf: 'timeout', value: 'unlimited', at: e.at(key) };
  }
  const ms = e.duration(key);
  return ms === undefined || ms === 0
    ? undefined
    : { leaf: 'timeout', value: formatMillis(ms), at: e.at(key) };
}
