import { RandomStreams, Sampler, ZipfSampler, type Uniform } from '../engine';
import type { ClientSpec, RouteSpec, Scenario, ServiceSpec } from '../scenario/types';
import { makeBalancer } from './balancers';
import { CallPolicy } from './call-policy';
import { buildChains, mixStride, type RouteChain } from './gateway-chain';
import { hashOnKeys } from './gateway/hash-on';
import { MeshRuntime, type ProxyBehaviour } from './mesh/mesh-runtime';
import { matchRoute } from './routing';
import { WeightedChoice } from './mesh/weighted-choice';
import { instanceCapacity } from '../scenario/semantic';
import { Station } from './station';
import { Upstream } from './upstream';

/** A downstream call of a service, resolved to indices. */
export interface DownstreamCall {
  readonly component: number;
  readonly policy: number;
  readonly optional: boolean;
}

/** What a station does when a call's work is done. */
export interface ServiceBehaviour {
  readonly kind: 'service';
  readonly spec: ServiceSpec;
  readonly serviceTime: Sampler;
  readonly times: Uniform;
  readonly errors: Uniform;
  readonly calls: readonly DownstreamCall[];
  readonly parallel: boolean;
}

/**
 * A station of a kind whose component builds what it needs from its spec itself (see
 * `components/`): every `kind` of the scenario's services but a plain service.
 */
export interface SpecBehaviour {
  readonly kind: Exclude<NonNullable<ServiceSpec['kind']>, 'service'>;
  readonly spec: ServiceSpec;
}

/** A gateway route resolved to indices. */
export interface GatewayRoute {
  readonly id: string;
  readonly component: number;
  readonly policy: number;
  /** A weighted split: each request goes to one target (its service and its own call policy). */
  readonly split?: {
    readonly choice: WeightedChoice;
    readonly targets: readonly { readonly component: number; readonly policy: number }[];
    readonly draws: Uniform;
  };
}

export interface GatewayBehaviour {
  readonly kind: 'gateway';
  readonly overhead: Sampler;
  readonly times: Uniform;
  readonly routes: readonly GatewayRoute[];
  /** Status answered when no route matches. */
  readonly noRouteStatus: number;
  /** Each route's plugin chain and the processing time it adds per kind of request. */
  readonly chains: readonly RouteChain[];
  /** Row stride of the chains' cost tables (the longest client mix). */
  readonly mixStride: number;
}

/** A client with its random streams and precomputed per-kind data. */
export interface ClientRuntime {
  readonly spec: ClientSpec;
  readonly index: number;
  /** Component its requests go to first. */
  readonly target: number;
  /** Policy of its first hop: the client's own timeout, answered 499. */
  readonly policy: number;
  readonly arrivals: Uniform;
  readonly mixDraws: Uniform;
  readonly keyDraws: Uniform;
  readonly credentialDraws: Uniform;
  /** Cumulative mix weights, normalised to end at 1. */
  readonly mixCdf: Float64Array;
  readonly keys: readonly (ZipfSampler | undefined)[];
  /** Gateway route of each mix entry (-1: none matches), when the target is the gateway. */
  readonly routeOfMix: Int32Array;
  /** 1 for mix entries whose method is idempotent (not POST or PATCH). */
  readonly idempotentMix: Uint8Array;
  readonly think: Sampler | undefined;
  /** Current rate of an open client, per second. */
  rate: number;
  /** Handle of its next scheduled arrival (-1: none). */
  pendingArrival: number;
  /** Requests it has sent so far (resends not counted): names the next one for tracing. */
  sent: number;
}

/**
 * Everything a run needs, resolved from a scenario once: components become stations with integer
 * indices, distributions become samplers, routes and policies become tables, and each component gets
 * its own named random streams.
 */
export class Topology {
  readonly stations: Station[] = [];
  readonly behaviours: (ServiceBehaviour | GatewayBehaviour | ProxyBehaviour | SpecBehaviour)[] = [];
  /** The mesh, when the scenario turns it on: sidecars, destinations, registry. */
  readonly mesh: MeshRuntime | undefined;
  readonly policies: CallPolicy[] = [];
  /** The upstream a policy picks instances through, by policy index; absent: plain round robin. */
  readonly upstreams: (Upstream | undefined)[] = [];
  readonly clients: ClientRuntime[] = [];
  readonly gateway: number;
  readonly latency: Sampler;
  readonly latencyDraws: Uniform;
  /** Added to a hop between two regions, each way, with its own draws. */
  readonly crossLatency: Sampler;
  readonly crossDraws: Uniform;
  /**
   * 1 where a hop from node `from` to station `to` crosses regions, at `from * stations.length +
   * to`; the nodes are the stations, then the clients (`stations.length + client`). A sidecar is in
   * its workload's region. Undefined when no hop can cross (fewer than two regions, or no extra).
   */
  readonly crossRegion: Uint8Array | undefined;
  readonly random: RandomStreams;
  private readonly indexOf = new Map<string, number>();

  constructor(
    readonly scenario: Scenario,
    seed: number,
  ) {
    this.random = new RandomStreams(seed);
    const gateway = scenario.gateway;
    this.gateway = -1;
    if (gateway) {
      this.gateway = this.addStation(
        gateway.id,
        gateway.instances,
        gateway.concurrency,
        gateway.queue,
        false,
      );
    }
    for (const service of scenario.services) {
      this.addStation(
        service.id,
        instanceCapacity(scenario, service.id),
        service.concurrency,
        service.queue,
        service.model === 'thread-per-request',
        service.instances,
      );
    }
    if (gateway) {
      this.behaviours[this.gateway] = {
        kind: 'gateway',
        overhead: new Sampler(gateway.overhead),
        times: this.random.stream(`gateway:${gateway.id}:overhead`),
        chains: buildChains(gateway, scenario.clients, this.random),
        mixStride: mixStride(scenario.clients),
        noRouteStatus: gateway.noRouteStatus,
        routes: gateway.routes.map((route) => {
          const policy = (service: string) =>
            this.addPolicy(
              new CallPolicy({
                attempts: route.retries.attempts,
                retryOn: route.retries.retryOn,
                perTryTimeout: route.retries.perTryTimeout,
                timeout: route.timeout,
                idempotentRetriesOnly: gateway.profile === 'kong',
              }),
              this.routeUpstream(gateway.id, route, service),
            );
          const primary = policy(route.service);
          const split = route.split && {
            choice: new WeightedChoice(route.split.map((t) => t.weight)),
            // Each other target is an upstream of its own, with the route's balancer and health checks.
            targets: route.split.map((t) => ({
              component: this.component(t.service),
              policy: t.service === route.service ? primary : policy(t.service),
            })),
            draws: this.random.stream(`gateway:${gateway.id}:${route.id}:split`),
          };
          return { id: route.id, component: this.component(route.service), policy: primary, split };
        }),
      };
    }
    for (const service of scenario.services) {
      if (service.kind !== undefined && service.kind !== 'service') {
        this.behaviours[this.component(service.id)] = { kind: service.kind, spec: service };
        continue;
      }
      this.behaviours[this.component(service.id)] = {
        kind: 'service',
        spec: service,
        serviceTime: new Sampler(service.serviceTime),
        times: this.random.stream(`service:${service.id}:time`),
        errors: this.random.stream(`service:${service.id}:errors`),
        calls: service.calls.map((call) => ({
          component: this.component(call.service),
          policy: this.addPolicy(new CallPolicy({ timeout: call.timeout })),
          optional: call.optional,
        })),
        parallel: service.callMode === 'parallel',
      };
    }
    this.mesh = scenario.mesh.enabled
      ? new MeshRuntime(
          scenario.mesh,
          scenario,
          {
            stations: this.stations,
            component: (id) => this.component(id),
            addStation: (id, instances, concurrency, queue, hold, running) =>
              this.addStation(id, instances, concurrency, queue, hold, running),
            addPolicy: (policy) => this.addPolicy(policy),
          },
          this.gateway,
          this.random,
        )
      : undefined;
    this.mesh?.behaviours.forEach((behaviour, index) => (this.behaviours[index] = behaviour));
    scenario.clients.forEach((client, index) => this.clients.push(this.buildClient(client, index)));
    this.latency = new Sampler(scenario.network.latency);
    this.latencyDraws = this.random.stream('network:latency');
    this.crossLatency = new Sampler(scenario.network.crossRegion);
    this.crossDraws = this.random.stream('network:cross-region');
    this.crossRegion = this.buildCrossRegion();
  }

  /**
   * `time` ms plus the network's time for one hop that is not local, added in this order: its
   * latency (none drawn when `zeroLatency`), then the crossing's when `cross` is 1.
   */
  hopLatency(time: number, cross: number, zeroLatency: boolean): number {
    let latency = time;
    if (!zeroLatency) latency += this.latency.sample(this.latencyDraws);
    if (cross === 1) latency += this.crossLatency.sample(this.crossDraws);
    return latency;
  }

  /** The table of hops that cross regions (see `crossRegion`), built once every station exists. */
  private buildCrossRegion(): Uint8Array | undefined {
    const { scenario } = this;
    if (this.crossLatency.isConstant && this.crossLatency.mean === 0) return undefined;
    const names = new Map<string, number>();
    const id = (region: string | undefined): number => {
      if (region === undefined) return -1;
      if (!names.has(region)) names.set(region, names.size);
      return names.get(region)!;
    };
    const stations = this.stations.length;
    const regionOf = new Int32Array(stations + this.clients.length).fill(-1);
    if (scenario.gateway) regionOf[this.gateway] = id(scenario.gateway.region);
    for (const service of scenario.services) regionOf[this.component(service.id)] = id(service.region);
    const mesh = this.mesh;
    if (mesh)
      for (let proxy = 0; proxy < stations; proxy++) {
        const workload = mesh.serviceOf[proxy];
        if (workload >= 0) regionOf[proxy] = regionOf[workload];
      }
    this.clients.forEach((client) => (regionOf[stations + client.index] = id(client.spec.region)));
    if (names.size < 2) return undefined;
    const table = new Uint8Array(regionOf.length * stations);
    for (let from = 0; from < regionOf.length; from++) {
      for (let to = 0; to < stations; to++) {
        const a = regionOf[from];
        const b = regionOf[to];
        table[from * stations + to] = a >= 0 && b >= 0 && a !== b ? 1 : 0;
      }
    }
    return table;
  }

  /** Index of the component called `id`; throws for an id the scenario checks should have caught. */
  component(id: string): number {
    const index = this.indexOf.get(id);
    if (index === undefined) throw new Error(`unknown component '${id}'`);
    return index;
  }

  private addStation(
    id: string,
    instances: number,
    concurrency: number,
    queue: number,
    hold: boolean,
    running = instances,
  ): number {
    const index = this.stations.length;
    this.stations.push(new Station(id, index, instances, concurrency, queue, hold, running));
    this.indexOf.set(id, index);
    return index;
  }

  private addPolicy(policy: CallPolicy, upstream?: Upstream): number {
    this.policies.push(policy);
    this.upstreams.push(upstream);
    return this.policies.length - 1;
  }

  /** The gateway's view of a route's service (or a split's target): its balancer and health checks. */
  private routeUpstream(gatewayId: string, route: RouteSpec, service: string): Upstream {
    const station = this.stations[this.component(service)];
    // The route's weights are its own service's instances' (Kong's target weights).
    const own = service === route.service && route.weights?.length === station.instances;
    const weights = own ? Float64Array.from(route.weights!) : new Float64Array(station.instances).fill(1);
    // The route's own service keeps the stream name it always had, so adding a split shifts nothing.
    const name = service === route.service ? route.id : `${route.id}:${service}`;
    return new Upstream(
      station,
      makeBalancer(route.loadBalancer, weights, route.balancerOptions),
      this.random.stream(`gateway:${gatewayId}:${name}:balancer`),
      route.healthchecks,
      hashOnKeys(route.hashOn, this.scenario.clients),
    );
  }

  private buildClient(spec: ClientSpec, index: number): ClientRuntime {
    const target = this.component(spec.target);
    const totalWeight = spec.mix.reduce((sum, entry) => sum + entry.weight, 0);
    const mixCdf = new Float64Array(spec.mix.length);
    let cumulative = 0;
    spec.mix.forEach((entry, i) => {
      cumulative += entry.weight / totalWeight;
      mixCdf[i] = cumulative;
    });
    mixCdf[mixCdf.length - 1] = 1;
    const gatewayRoutes = target === this.gateway ? this.scenario.gateway!.routes : undefined;
    const routeOfMix = Int32Array.from(spec.mix, (entry) =>
      gatewayRoutes
        ? matchRoute(gatewayRoutes, {
            method: entry.method,
            path: entry.path,
            headers: { ...spec.headers, ...entry.headers },
          })
        : -1,
    );
    const stream = (purpose: string) => this.random.stream(`client:${spec.id}:${purpose}`);
    return {
      spec,
      index,
      target,
      policy: this.addPolicy(new CallPolicy({ timeout: spec.timeout, timeoutStatus: 499 })),
      arrivals: stream('arrivals'),
      mixDraws: stream('mix'),
      keyDraws: stream('keys'),
      credentialDraws: stream('credentials'),
      mixCdf,
      keys: spec.mix.map((entry) =>
        entry.keys ? new ZipfSampler(entry.keys.count, entry.keys.zipf) : undefined,
      ),
      routeOfMix,
      idempotentMix: Uint8Array.from(spec.mix, (entry) =>
        entry.method === 'POST' || entry.method === 'PATCH' ? 0 : 1,
      ),
      think: spec.arrival.process === 'closed' ? new Sampler(spec.arrival.think) : undefined,
      rate: spec.arrival.process === 'closed' ? 0 : spec.arrival.rate,
      pendingArrival: -1,
      sent: 0,
    };
  }
}
