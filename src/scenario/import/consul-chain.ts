/**
 * Consul's discovery chain: service-router (consul-router.ts), then service-splitter, then
 * service-resolver. Each entry is read on its own; {@link assembleChains} then follows the chain of
 * each service as Consul compiles it, since what one entry means depends on the others (a
 * splitter's `ServiceSubset` needs the resolver's `Subsets`; a route to the service itself goes on
 * to its splitter).
 */
import type { ConsulEntry } from './consul';
import { warnAt, type Where } from './config-entity';
import { meshId, subsetService, type MeshConfig, type PolicySetting } from './mesh-config';
import type { MeshEntity } from './mesh-entity';
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

/** The modelled route of a router: its destination and its timeout and retries. */
export interface RouterInfo extends Entry {
  /** Absent: Consul's default route, to the service itself. */
  readonly target?: Target;
  readonly settings: readonly PolicySetting[];
}

interface SplitterInfo extends Entry {
  readonly splits: readonly { readonly target: Target; readonly weight: number }[];
}

interface ResolverInfo extends Entry {
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
const BALANCERS: Readonly<Record<string, string>> = {
  round_robin: 'ROUND_ROBIN',
  random: 'RANDOM',
  least_request: 'LEAST_REQUEST',
  ring_hash: 'RING_HASH',
  maglev: 'RING_HASH',
};
const HASH_KEY = "meshsim's ring hash keys on the request's cache key, or its client";

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

/** Reads a service-resolver. */
export function readResolver(entry: ConsulEntry): void {
  const { e, name, source, chains } = entry;
  if (!first(chains.resolvers, entry)) return;
  const defaultSubset = e.str('DefaultSubset');
  const subsets: string[] = [];
  const sub = e.child('Subsets', 'Subsets');
  if (sub !== undefined) {
    for (const key of sub.node.entries.keys()) {
      const s = sub.child(key, 'subset', ['Filter', 'OnlyPassing']);
      if (s === undefined) continue;
      subsets.push(key);
      // The filter selects the subset's instances; in meshsim the subset is a service of its own.
      s.use('Filter');
      s.note('OnlyPassing', "health checks are not simulated: an instance's state is its faults'");
      s.finish();
    }
    sub.finish();
  }
  if (defaultSubset !== undefined && !subsets.includes(defaultSubset))
    warnAt(
      e.at('DefaultSubset'),
      `DefaultSubset "${defaultSubset}" is not one of Subsets (Consul refuses this)`,
    );
  const destination: PolicySetting[] = [];
  const connect = e.duration('ConnectTimeout', true);
  if (connect !== undefined)
    destination.push({ leaf: 'connectTimeout', value: formatMillis(connect), at: e.at('ConnectTimeout') });
  const lb = e.child('LoadBalancer', 'LoadBalancer', [
    'Policy',
    'RingHashConfig',
    'LeastRequestConfig',
    'HashPolicies',
  ]);
  if (lb !== undefined) {
    const policy = lb.str('Policy');
    if (policy !== undefined && Object.hasOwn(BALANCERS, policy)) {
      destination.push({ leaf: 'loadBalancer', value: BALANCERS[policy], at: lb.at('Policy') });
      if (policy === 'maglev')
        warnAt(lb.at('Policy'), 'maglev is read as ring_hash: both hash requests onto instances');
    } else if (policy !== undefined)
      lb.r.error(lb.valueAt('Policy').pos, lb.valueAt('Policy').path, {
        message: 'unknown load balancer policy',
        expected: Object.keys(BALANCERS).join(', '),
        found: JSON.stringify(policy),
      });
    const lr = lb.child('LeastRequestConfig', 'LeastRequestConfig', ['ChoiceCount']);
    const choices = lr?.int('ChoiceCount', { min: 2, max: 2 ** 31 - 1 });
    if (choices !== undefined && choices !== 2)
      warnAt(
        lr!.at('ChoiceCount'),
        `meshsim's least request picks the better of 2 instances; ${choices} is left out`,
      );
    lr?.finish();
    lb.note('RingHashConfig', HASH_KEY);
    lb.note('HashPolicies', HASH_KEY);
    lb.finish();
  }
  const timeout = timeoutOf(e, 'RequestTimeout');
  let redirect: Target | undefined;
  const rd = e.child('Redirect', 'Redirect', ['Service', 'ServiceSubset', ...Object.keys(PLACEMENT)]);
  if (rd !== undefined) {
    const service = rd.str('Service');
    const subset = rd.str('ServiceSubset');
    for (const [k, why] of Object.entries(PLACEMENT)) rd.note(k, why);
    rd.finish();
    if (service !== undefined || subset !== undefined)
      redirect = {
        service: meshId(service ?? name),
        subset,
        at: rd.at(service !== undefined ? 'Service' : 'ServiceSubset'),
      };
  }
  const failover = readFailover(e, name);
  if (failover !== undefined) destination.push(failover);
  e.note('PrioritizeByLocality', 'localities are not simulated');
  e.finish();
  chains.resolvers.set(name, {
    source,
    at: entry.at,
    defaultSubset,
    subsets,
    redirect,
    timeout,
    destination,
  });
}

/** Follows each service's chain and sets what it says on the service's policy. */
export function assembleChains(chains: Chains, mesh: MeshConfig): void {
  const { routers, splitters, resolvers } = chains;
  for (const [s, r] of resolvers) {
    for (const n of r.subsets) mesh.addSubset(s, n);
    for (const x of r.destination) {
      if (x.leaf !== 'failover') {
        mesh.setDestination(s, x, r.source);
        continue;
      }
      // The service's own, not its subsets' (a subset may be a failover target); and the failover
      // services are called too, so the scenario must define them (or get placeholders).
      mesh.setRoute(s, x, r.source);
      for (const id of x.value as string[]) mesh.refer(id, x.at);
    }
    mesh.refer(s, r.at);
  }
  const idOf = (t: Target): string => {
    const declared = resolvers.get(t.service)?.subsets ?? [];
    const subset = t.subset ?? resolvers.get(t.service)?.defaultSubset;
    if (subset === undefined) return t.service;
    if (t.subset !== undefined && !declared.includes(t.subset))
      warnAt(
        t.at,
        `no service-resolver for ${t.service} declares subset "${t.subset}" (Consul refuses this); read as the service ${subsetService(t.service, t.subset)}`,
      );
    return mesh.addSubset(t.service, subset);
  };
  const services = new Set([...routers.keys(), ...splitters.keys(), ...resolvers.keys()]);
  for (const s of services) {
    const router = routers.get(s);
    const splitter = splitters.get(s);
    const resolver = resolvers.get(s);
    for (const x of router?.settings ?? []) mesh.setRoute(s, x, router!.source);
    if (resolver?.timeout !== undefined) {
      const front = router ?? splitter;
      if (front !== undefined)
        warnAt(
          resolver.timeout.at,
          `left out: with ${front.source} in front, Consul takes no timeout from the resolver (only a router's RequestTimeout)`,
        );
      else mesh.setRoute(s, resolver.timeout, resolver.source);
    }
    let split: { service: string; weight: number; at: Where }[] | undefined;
    let source = '';
    const target = router?.target;
    if (target !== undefined && (target.service !== s || target.subset !== undefined)) {
      split = [{ service: idOf(target), weight: 100, at: target.at }];
      source = router!.source;
    } else if (splitter !== undefined) {
      split = [];
      for (const x of splitter.splits) {
        const service =
          x.target.service === s && x.target.subset === undefined && resolver?.defaultSubset === undefined
            ? s
            : idOf(x.target);
        const same = split.find((y) => y.service === service);
        if (same !== undefined) same.weight += x.weight;
        else split.push({ service, weight: x.weight, at: x.target.at });
      }
      source = splitter.source;
      if (split.length === 0) split = undefined;
    } else if (resolver?.redirect !== undefined) {
      split = [{ service: idOf(resolver.redirect), weight: 100, at: resolver.redirect.at }];
      source = resolver.source;
    } else if (resolver?.defaultSubset !== undefined && resolver.subsets.includes(resolver.defaultSubset)) {
      split = [{ service: mesh.addSubset(s, resolver.defaultSubset), weight: 100, at: resolver.at }];
      source = resolver.source;
    }
    if (split === undefined || (split.length === 1 && split[0].service === s)) {
      mesh.refer(s, (router ?? splitter ?? resolver)!.at);
      continue;
    }
    const at = split[0].at;
    mesh.setRoute(
      s,
      { leaf: 'split', value: split.map(({ service, weight }) => ({ service, weight })), at },
      source,
    );
    for (const x of split) mesh.refer(x.service, x.at);
  }
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
export function timeoutOf(e: MeshEntity, key: string): PolicySetting | undefined {
  const node = e.node.entries.get(key)?.value;
  if (node?.kind === 'scalar' && typeof node.value === 'string' && node.value.trim().startsWith('-')) {
    e.use(key);
    return { leaf: 'timeout', value: 'unlimited', at: e.at(key) };
  }
  const ms = e.duration(key);
  return ms === undefined || ms === 0
    ? undefined
    : { leaf: 'timeout', value: formatMillis(ms), at: e.at(key) };
}

/**
 * A resolver's `Failover` for every subset (`'*'`): the services its `Service` and `Targets` name,
 * in order, as the policy's `failover`. Datacenters, peers and other placements are not simulated;
 * a target that names only them is left out with a warning, as is a failover of one subset alone.
 */
function readFailover(e: MeshEntity, name: string): PolicySetting | undefined {
  const fo = e.child('Failover', 'Failover');
  if (fo === undefined) return undefined;
  const services: string[] = [];
  const add = (t: MeshEntity): void => {
    const service = t.str('Service');
    const subset = t.str('ServiceSubset');
    for (const [k, why] of Object.entries(PLACEMENT)) t.note(k, why);
    if (service === undefined && subset === undefined) return;
    const id = subset === undefined ? meshId(service!) : subsetService(service ?? name, subset);
    if (id === meshId(name)) warnAt(t.at(), 'left out: a service cannot fail over to itself');
    else if (!services.includes(id)) services.push(id);
  };
  for (const key of fo.node.entries.keys()) {
    const t = fo.child(key, 'failover', [
      'Service',
      'ServiceSubset',
      'Datacenters',
      'Targets',
      ...Object.keys(PLACEMENT),
    ]);
    if (t === undefined) continue;
    if (key !== '*') {
      warnAt(
        fo.at(key),
        `left out: meshsim fails a whole service over, so only the '*' failover is modelled, not subset ${key}'s`,
      );
      continue;
    }
    t.note(
      'Datacenters',
      'one datacenter is simulated; a failover service (in another region) takes its place',
    );
    add(t);
    for (const { e: target } of t.children('Targets', 'failover target', [
      'Service',
      'ServiceSubset',
      ...Object.keys(PLACEMENT),
    ])) {
      add(target);
      target.finish();
    }
    t.finish();
  }
  fo.finish();
  return services.length > 0 ? { leaf: 'failover', value: services, at: fo.at() } : undefined;
}
