/**
 * service-resolver: its subsets (each a meshsim service of its own, `api-v2`), DefaultSubset,
 * Redirect, RequestTimeout, and the destination settings (ConnectTimeout, LoadBalancer, Failover)
 * that reach the service and its subsets' services.
 */
import type { ConsulEntry } from './consul';
import { first, PLACEMENT, timeoutOf, type Target } from './consul-chain';
import { warnAt, type Where } from './config-entity';
import { meshId, subsetService, type PolicySetting } from './mesh-config';
import type { ConsulEntity } from './consul-entity';
import { formatMillis } from './types';
import { BALANCERS as BALANCER_DECLARATIONS, MAX_CHOICE_COUNT } from '../policies/balancers';

const BALANCERS: Readonly<Record<string, string>> = {
  round_robin: 'ROUND_ROBIN',
  random: 'RANDOM',
  least_request: 'LEAST_REQUEST',
  ring_hash: 'RING_HASH',
  maglev: 'RING_HASH',
};
const HASH_KEY = "meshsim's ring hash keys on the request's cache key, or its client";

/**
 * The balancer `name` with a LeastRequestConfig's `ChoiceCount` (Envoy's `choice_count`): the
 * registry's `choiceCount` option of LEAST_REQUEST, at most `MAX_CHOICE_COUNT` (its default, 2,
 * is left unwritten). Consul sends it to
 * Envoy with least_request only; with another policy it is warned and left out.
 */
function withChoiceCount(
  name: string,
  choices: number | undefined,
  at: Where | undefined,
): string | { readonly name: string; readonly choiceCount: number } {
  if (choices === undefined || at === undefined) return name;
  if (name !== 'LEAST_REQUEST') {
    warnAt(at, `LeastRequestConfig applies to least_request only, not to ${name}; left out`);
    return name;
  }
  if (choices > MAX_CHOICE_COUNT)
    warnAt(
      at,
      `meshsim draws at most ${MAX_CHOICE_COUNT} instances per pick; ${choices} is read as ${MAX_CHOICE_COUNT}`,
    );
  const choiceCount = Math.min(choices, MAX_CHOICE_COUNT);
  // The default count adds nothing to the imported file.
  return choiceCount === BALANCER_DECLARATIONS.LEAST_REQUEST.options.choiceCount.default
    ? name
    : { name, choiceCount };
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
    const lr = lb.child('LeastRequestConfig', 'LeastRequestConfig', ['ChoiceCount']);
    const choices = lr?.int('ChoiceCount', { min: 2, max: 2 ** 31 - 1 });
    lr?.finish();
    if (policy !== undefined && Object.hasOwn(BALANCERS, policy)) {
      const name = BALANCERS[policy];
      destination.push({
        leaf: 'loadBalancer',
        value: withChoiceCount(name, choices, lr?.at('ChoiceCount')),
        at: lb.at('Policy'),
      });
      if (policy === 'maglev')
        warnAt(lb.at('Policy'), 'maglev is read as ring_hash: both hash requests onto instances');
    } else if (policy !== undefined)
      lb.r.error(lb.valueAt('Policy').pos, lb.valueAt('Policy').path, {
        message: 'unknown load balancer policy',
        expected: Object.keys(BALANCERS).join(', '),
        found: JSON.stringify(policy),
      });
    else if (choices !== undefined)
      warnAt(lr!.at('ChoiceCount'), 'without Policy least_request, Consul balances round robin; left out');
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
    const dc = rd.str('Datacenter');
    for (const [k, why] of Object.entries(PLACEMENT)) if (k !== 'Datacenter') rd.note(k, why);
    rd.finish();
    if (dc !== undefined) {
      // One datacenter is simulated: the service as it runs in another is a service of its own.
      const base = subset === undefined ? meshId(service ?? name) : subsetService(service ?? name, subset);
      const id = meshId(`${base}-${dc}`);
      warnAt(
        rd.at('Datacenter'),
        `one datacenter is simulated: the redirect to ${base} in ${dc} goes to the service ${id}, which stands for it (give it a region, so that reaching it costs the crossing)`,
      );
      redirect = { service: id, at: rd.at('Datacenter') };
    } else if (service !== undefined || subset !== undefined)
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

/**
 * A resolver's `Failover` for every subset (`'*'`): the services its `Service` and `Targets` name,
 * in order, as the policy's `failover`. Datacenters, peers and other placements are not simulated;
 * a target that names only them is left out with a warning, as is a failover of one subset alone.
 */
function readFailover(e: ConsulEntity, name: string): PolicySetting | undefined {
  const fo = e.child('Failover', 'Failover');
  if (fo === undefined) return undefined;
  const services: string[] = [];
  const push = (id: string, at: Where): void => {
    if (id === meshId(name)) warnAt(at, 'left out: a service cannot fail over to itself');
    else if (!services.includes(id)) services.push(id);
  };
  /** A target's service, subset and datacenters (`Datacenters` of the '*' failover, a target's `Datacenter`). */
  const add = (t: ConsulEntity, datacenters: readonly string[]): void => {
    const service = t.str('Service');
    const subset = t.str('ServiceSubset');
    const dc = t.str('Datacenter');
    for (const [k, why] of Object.entries(PLACEMENT)) if (k !== 'Datacenter') t.note(k, why);
    const base = subset === undefined ? meshId(service ?? name) : subsetService(service ?? name, subset);
    const places = dc !== undefined ? [dc] : datacenters;
    if (places.length === 0) {
      if (service !== undefined || subset !== undefined) push(base, t.at());
      return;
    }
    // One datacenter is simulated: the service as it runs in another is a service of its own.
    for (const place of places) {
      const id = meshId(`${base}-${place}`);
      warnAt(
        t.at(dc !== undefined ? 'Datacenter' : 'Datacenters'),
        `one datacenter is simulated: the failover to ${base} in ${place} goes to the service ${id}, which stands for it (give it a region, so that reaching it costs the crossing)`,
      );
      push(id, t.at());
    }
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
    add(t, t.strings('Datacenters') ?? []);
    for (const { e: target } of t.children('Targets', 'failover target', [
      'Service',
      'ServiceSubset',
      ...Object.keys(PLACEMENT),
    ])) {
      add(target, []);
      target.finish();
    }
    t.finish();
  }
  fo.finish();
  return services.length > 0 ? { leaf: 'failover', value: services, at: fo.at() } : undefined;
}
