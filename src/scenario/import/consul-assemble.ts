/**
 * Following each service's discovery chain as Consul compiles it: a call into a service goes to
 * its router's first matching route, else the router's default route to the service itself; a
 * route (or the default) to a service without a subset goes on to that service's splitter, else
 * its resolver's Redirect or DefaultSubset, else the service; a subset is its own service
 * (`api-v2`). A service with a router gets the router's routes, the default written last; one
 * without gets its chain's split.
 */
import type { Chains, Target } from './consul-chain';
import type { RouterInfo } from './consul-router';
import { warnAt, type Where } from './config-entity';
import { subsetService, type MeshConfig } from './mesh-config';

/** A weighted destination of calls, with where it is written. */
interface Share {
  readonly service: string;
  weight: number;
  readonly at: Where;
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
      // The service's own here, its subsets' once routing is known (below); the failover services
      // are called too, so the scenario must define them (or get placeholders).
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
  const splits = new Map<string, { split: Share[]; source: string } | undefined>();
  /** Where the calls into `s` go past its router: its splitter's, redirect's or default subset's. */
  const visiting = new Set<string>();
  const chainSplit = (s: string): { split: Share[]; source: string } | undefined => {
    if (splits.has(s)) return splits.get(s);
    const splitter = splitters.get(s);
    const resolver = resolvers.get(s);
    let out: { split: Share[]; source: string } | undefined;
    if (splitter !== undefined) {
      visiting.add(s);
      const split: Share[] = [];
      const add = (service: string, weight: number, at: Where): void => {
        const same = split.find((y) => y.service === service);
        if (same !== undefined) same.weight += weight;
        else split.push({ service, weight, at });
      };
      for (const x of splitter.splits) {
        const t = x.target;
        // A split to another service with a splitter of its own goes on through it: Consul
        // flattens nested splitters into one, multiplying the weights.
        const nested =
          t.subset === undefined && t.service !== s && splitters.has(t.service) && !visiting.has(t.service)
            ? chainSplit(t.service)
            : undefined;
        if (nested !== undefined) {
          const total = nested.split.reduce((sum, y) => sum + y.weight, 0);
          for (const y of nested.split) add(y.service, (x.weight * y.weight) / total, y.at);
          continue;
        }
        const service =
          t.service === s && t.subset === undefined && resolver?.defaultSubset === undefined ? s : idOf(t);
        add(service, x.weight, t.at);
      }
      visiting.delete(s);
      if (split.length > 0) out = { split, source: splitter.source };
    } else if (resolver?.redirect !== undefined)
      out = {
        split: [{ service: idOf(resolver.redirect), weight: 100, at: resolver.redirect.at }],
        source: resolver.source,
      };
    else if (resolver?.defaultSubset !== undefined && resolver.subsets.includes(resolver.defaultSubset))
      out = {
        split: [{ service: mesh.addSubset(s, resolver.defaultSubset), weight: 100, at: resolver.at }],
        source: resolver.source,
      };
    splits.set(s, out);
    return out;
  };

  const services = new Set([...routers.keys(), ...splitters.keys(), ...resolvers.keys()]);
  for (const s of services) {
    const router = routers.get(s);
    const splitter = splitters.get(s);
    const resolver = resolvers.get(s);
    if (resolver?.timeout !== undefined) {
      const front = router ?? splitter;
      if (front !== undefined)
        warnAt(
          resolver.timeout.at,
          `left out: with ${front.source} in front, Consul takes no timeout from the resolver (only a router's RequestTimeout)`,
        );
      else mesh.setRoute(s, resolver.timeout, resolver.source);
    }
    if (router !== undefined) {
      addRoutes(
        s,
        router,
        mesh,
        (t) =>
          (t.subset === undefined ? chainSplit(t.service)?.split : undefined) ?? [
            { service: idOf(t), weight: 100, at: t.at },
          ],
      );
      continue;
    }
    const chain = chainSplit(s);
    if (chain === undefined || (chain.split.length === 1 && chain.split[0].service === s)) {
      mesh.refer(s, (splitter ?? resolver)!.at);
      continue;
    }
    const { split, source } = chain;
    mesh.setRoute(
      s,
      { leaf: 'split', value: split.map(({ service, weight }) => ({ service, weight })), at: split[0].at },
      source,
    );
    for (const x of split) mesh.refer(x.service, x.at);
  }
  // '*' fails every subset over: each subset calls reach, unless it is a failover target itself.
  for (const [s, r] of resolvers)
    for (const x of r.destination) {
      if (x.leaf !== 'failover') continue;
      for (const n of r.subsets) {
        const id = subsetService(s, n);
        if (mesh.refs.has(id) && !(x.value as string[]).includes(id)) mesh.setRoute(id, x, r.source);
      }
    }
}

/**
 * The router's routes on `s`, then Consul's default route to `s` itself when no route takes every
 * call. `splitOf` gives where a route to a target goes: its chain's split, or the target alone.
 */
function addRoutes(s: string, router: RouterInfo, mesh: MeshConfig, splitOf: (t: Target) => Share[]): void {
  const self: Target = { service: s, at: router.at };
  const routes = [...router.routes];
  if (!routes.some((r) => r.match === undefined)) routes.push({ at: router.at });
  for (const r of routes) {
    const split = splitOf(r.target ?? self);
    const toSelf = split.length === 1 && split[0].service === s;
    mesh.addRoute(
      s,
      {
        ...(r.match !== undefined && { match: r.match }),
        ...(!toSelf && { split: split.map(({ service, weight }) => ({ service, weight })) }),
        ...(r.timeout !== undefined && { timeout: r.timeout }),
        ...(r.retries !== undefined && { retries: r.retries }),
        at: r.at,
      },
      router.source,
    );
  }
  mesh.refer(s, router.at);
}
